package archiver.core;

import archiver.domain.Advice;
import archiver.domain.ErrorType;
import archiver.domain.EventType;
import archiver.domain.JobType;
import archiver.domain.Quality;
import archiver.download.CapabilityResult;
import archiver.download.DownloadContext;
import archiver.download.DownloadFailure;
import archiver.download.DownloadOptions;
import archiver.download.DownloadResult;
import archiver.download.Downloader;
import archiver.download.Downloaders;
import archiver.download.Metadata;
import archiver.download.MetadataResult;
import archiver.download.media.OutputValidator;
import archiver.download.media.PostProcessRequest;
import archiver.download.media.PostProcessResult;
import archiver.download.media.PostProcessor;
import archiver.download.media.ValidationResult;
import archiver.logging.JobContext;
import archiver.storage.FileNames;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The stages of one job (docs/ARCHITECTURE.md, "Pipeline"): METADATA_FETCH, CAPABILITY_CHECK,
 * DOWNLOAD, POSTPROCESS, OUTPUT_VALIDATE, each announced to the listener as events. On an auth
 * error the next cookie profile is tried from the start, since a site's signed media URLs belong to
 * one session.
 */
public final class MediaPipeline implements MediaProcessor {

  static final String METADATA_FETCH = "METADATA_FETCH";
  static final String CAPABILITY_CHECK = "CAPABILITY_CHECK";
  static final String DOWNLOAD = "DOWNLOAD";
  static final String POSTPROCESS = "POSTPROCESS";
  static final String OUTPUT_VALIDATE = "OUTPUT_VALIDATE";

  /** Post-processed files go here, apart from what the downloader wrote. */
  static final String OUTPUT_FOLDER = "out";

  /** Fetches the site's picture for an audio cover when the downloader brought none. */
  @FunctionalInterface
  public interface CoverSource {
    Optional<Path> fetch(Optional<String> url, Path workDir) throws InterruptedException;

    CoverSource NONE = (url, dir) -> Optional.empty();
  }

  private final Downloaders downloaders;
  private final CoverSource covers;
  private final AuthProfileSelector profiles;
  private final PostProcessor postProcessor;
  private final OutputValidator validator;
  private final LongMedia longMedia;
  private final OriginalAsFile originalAsFile;
  private final Clock clock;

  public MediaPipeline(
      Downloaders downloaders,
      AuthProfileSelector profiles,
      PostProcessor postProcessor,
      OutputValidator validator,
      CoverSource covers,
      archiver.download.media.AudioFitter fitter,
      archiver.download.media.Splitter splitter,
      Clock clock) {
    this.longMedia = new LongMedia(fitter, splitter);
    this.originalAsFile = new OriginalAsFile(validator, clock);
    this.downloaders = downloaders;
    this.covers = covers;
    this.profiles = profiles;
    this.postProcessor = postProcessor;
    this.validator = validator;
    this.clock = clock;
  }

  @Override
  public PipelineOutcome run(PipelineRequest request, PipelineListener listener)
      throws InterruptedException {
    Downloader downloader = downloaders.forSource(request.source());
    JobContext job = request.job().withDownloader(downloader.name(), downloader.version());
    List<AuthProfileSelector.Candidate> candidates = profiles.candidatesFor(request.source());
    PipelineOutcome outcome = null;
    for (int i = 0; i < candidates.size(); i++) {
      AuthProfileSelector.Candidate candidate = candidates.get(i);
      DownloadContext context =
          new DownloadContext(
              job.withAuthProfile(candidate.profileId().orElse(null)),
              request.workDir(),
              candidate.cookieFile());
      Optional<String> next =
          i + 1 < candidates.size() ? candidates.get(i + 1).profileId() : Optional.empty();
      outcome = attempt(downloader, request, context, listener, next);
      if (outcome instanceof PipelineOutcome.Failed failed
          && failed.failure().type() == ErrorType.AUTH_ERROR) {
        profiles.recordAuthFailure(candidate);
        continue;
      }
      if (outcome instanceof PipelineOutcome.Succeeded) {
        profiles.recordSuccess(candidate);
      }
      return outcome;
    }
    return outcome;
  }

  private PipelineOutcome attempt(
      Downloader downloader,
      PipelineRequest request,
      DownloadContext context,
      PipelineListener listener,
      Optional<String> nextProfile)
      throws InterruptedException {
    Map<String, Object> start = new LinkedHashMap<>();
    start.put("downloader", downloader.name());
    if (context.job().authProfileId() != null) {
      start.put("auth_profile_id", context.job().authProfileId());
    }
    listener.event(EventType.METADATA_FETCH_STARTED, start);
    long t0 = clock.millis();
    Metadata metadata;
    switch (downloader.fetchMetadata(request.url(), context)) {
      case MetadataResult.Failed failed -> {
        Map<String, Object> data = failureData(failed.failure());
        if (failed.failure().type() == ErrorType.AUTH_ERROR && nextProfile.isPresent()) {
          data.put("next_auth_profile_id", nextProfile.get());
        }
        listener.event(EventType.METADATA_FETCH_FAILED, data);
        return new PipelineOutcome.Failed(METADATA_FETCH, failed.failure());
      }
      case MetadataResult.Fetched fetched -> metadata = fetched.metadata();
    }
    Map<String, Object> fetchedData = new LinkedHashMap<>();
    fetchedData.put("title", metadata.title());
    metadata.durationSeconds().ifPresent(d -> fetchedData.put("duration_seconds", d));
    metadata.mediaId().ifPresent(id -> fetchedData.put("media_id", id));
    metadata.sizeBytes().ifPresent(s -> fetchedData.put("size_bytes", s));
    fetchedData.put("qualities", metadata.qualities());
    fetchedData.put("millis", clock.millis() - t0);
    listener.event(EventType.METADATA_FETCH_FINISHED, fetchedData);

    int maxSeconds = request.longMedia().maxDurationSeconds();
    if (metadata.durationSeconds().isPresent() && metadata.durationSeconds().getAsDouble() > maxSeconds) {
      DownloadFailure tooLong =
          DownloadFailure.of(
              ErrorType.SIZE_LIMIT,
              "it is " + clock(metadata.durationSeconds().getAsDouble()) + " long; the most is "
                  + clock(maxSeconds) + " (limits.max_duration_seconds)")
          .withAdvice(new Advice.TooLong(Math.round(metadata.durationSeconds().getAsDouble()), maxSeconds));
      Map<String, Object> data = failureData(tooLong);
      data.put("max_duration_seconds", maxSeconds);
      listener.event(EventType.CAPABILITY_CHECK_FAILED, data);
      return new PipelineOutcome.Failed(CAPABILITY_CHECK, tooLong);
    }
    CapabilityResult.Capable plan;
    boolean asFile = request.quality().jobType() == JobType.FILE;
    Quality wanted = asFile ? OriginalAsFile.qualityOf(metadata) : request.quality();
    // First what fits one file as asked (or lower); only when nothing does, what can be made to
    // fit: audio re-encoded smaller, video in parts. The original as a file is sent as it is, or
    // not at all.
    boolean overLimit = false;
    CapabilityResult checked = downloader.check(metadata, wanted, request.maxBytes());
    if (!asFile
        && checked instanceof CapabilityResult.Incapable incapable
        && incapable.failure().type() == ErrorType.SIZE_LIMIT
        && request.downloadLimit() > request.maxBytes()) {
      CapabilityResult larger = downloader.check(metadata, wanted, request.downloadLimit());
      if (larger instanceof CapabilityResult.Capable) {
        checked = larger;
        overLimit = true;
      }
    }
    switch (checked) {
      case CapabilityResult.Incapable incapable -> {
        DownloadFailure failure = FailureAdvice.advised(incapable.failure(), request, metadata);
        Map<String, Object> data = failureData(failure);
        data.put("quality", request.quality().code());
        data.put("max_bytes", request.maxBytes());
        listener.event(EventType.CAPABILITY_CHECK_FAILED, data);
        return new PipelineOutcome.Failed(CAPABILITY_CHECK, failure);
      }
      case CapabilityResult.Capable capable -> plan = capable;
    }
    Map<String, Object> planData = new LinkedHashMap<>();
    planData.put("plan", plan.description());
    plan.estimatedBytes().ifPresent(b -> planData.put("estimated_bytes", b));
    planData.put("max_bytes", request.maxBytes());
    planData.put("needs_transcode", plan.needsTranscode());
    if (overLimit) {
      // Over one file's limit: the status message says what will happen.
      planData.put("over_limit", true);
      planData.put("delivery", request.quality().jobType() == JobType.AUDIO ? "fit_audio" : "parts");
      plan.estimatedBytes().ifPresent(b -> planData.put("estimated_parts", (b + request.maxBytes() - 1) / request.maxBytes()));
      metadata.durationSeconds().ifPresent(d -> planData.put("duration_seconds", Math.round(d)));
    }
    plan.smaller().ifPresent(smaller -> {
      // The user asked for more than fits: say what would not fit and what comes instead.
      planData.put("smaller_than_asked", true);
      planData.put("wanted", smaller.wanted());
      planData.put("wanted_bytes", smaller.wantedBytes());
      planData.put("chosen", smaller.chosen());
    });
    listener.event(EventType.CAPABILITY_CHECK_PASSED, planData);

    try {
      java.nio.file.Files.createDirectories(request.workDir());
    } catch (java.io.IOException e) {
      DownloadFailure failure =
          DownloadFailure.of(ErrorType.UNKNOWN, "cannot create the work folder " + request.workDir() + ": " + e.getMessage());
      listener.event(EventType.DOWNLOAD_FAILED, failureData(failure));
      return new PipelineOutcome.Failed(DOWNLOAD, failure);
    }
    listener.event(EventType.DOWNLOAD_STARTED, Map.of("plan", plan.description()));
    long t1 = clock.millis();
    DownloadResult.Downloaded downloaded;
    switch (downloader.download(
        request.url(),
        new DownloadOptions(
            metadata, plan, wanted, overLimit ? request.downloadLimit() : request.maxBytes(), listener::progress),
        context)) {
      case DownloadResult.Failed failed -> {
        DownloadFailure failure = FailureAdvice.advised(failed.failure(), request, metadata);
        Map<String, Object> data = failureData(failure);
        if (failure.type() == ErrorType.AUTH_ERROR && nextProfile.isPresent()) {
          data.put("next_auth_profile_id", nextProfile.get());
        }
        listener.event(EventType.DOWNLOAD_FAILED, data);
        return new PipelineOutcome.Failed(DOWNLOAD, failure);
      }
      case DownloadResult.Downloaded d -> downloaded = d;
    }
    listener.event(
        EventType.DOWNLOAD_FINISHED,
        Map.of("bytes", downloaded.sizeBytes(), "millis", clock.millis() - t1));

    if (asFile) {
      return originalAsFile.deliver(request, metadata, downloaded, listener);
    }
    return postProcessAndValidate(request, metadata, downloaded, listener);
  }

  private PipelineOutcome postProcessAndValidate(
      PipelineRequest request,
      Metadata metadata,
      DownloadResult.Downloaded downloaded,
      PipelineListener listener)
      throws InterruptedException {
    String baseName = FileNames.sanitize(metadata.title());
    Optional<Path> picture = downloaded.thumbnail();
    if (picture.isEmpty() && request.quality().jobType() == JobType.AUDIO) {
      picture = covers.fetch(metadata.thumbnailUrl(), request.workDir());
    }
    PostProcessRequest post =
        new PostProcessRequest(
            downloaded.file(),
            request.quality(),
            request.workDir().resolve(OUTPUT_FOLDER),
            baseName,
            picture,
            Optional.of(metadata.title()),
            metadata.performer());
    listener.event(EventType.POSTPROCESS_STARTED, Map.of("input_bytes", downloaded.sizeBytes()));
    long t2 = clock.millis();
    PostProcessResult.Processed processed;
    switch (postProcessor.process(post)) {
      case PostProcessResult.Failed failed -> {
        DownloadFailure failure = DownloadFailure.of(failed.errorType(), failed.message());
        listener.event(EventType.POSTPROCESS_FAILED, failureData(failure));
        return new PipelineOutcome.Failed(POSTPROCESS, failure);
      }
      case PostProcessResult.Processed p -> processed = p;
    }
    Map<String, Object> postData = new LinkedHashMap<>();
    postData.put("reencoded", processed.reencoded());
    postData.put("codecs", processed.info().codecSummary());
    postData.put("thumbnail", processed.thumbnail().isPresent());
    postData.put("millis", clock.millis() - t2);
    listener.event(EventType.POSTPROCESS_FINISHED, postData);

    if (processed.info().sizeBytes() > request.maxBytes()) {
      return fitLongMedia(request, metadata, processed, baseName, listener);
    }

    switch (validator.validate(processed.media(), request.quality().jobType(), request.maxBytes())) {
      case ValidationResult.Invalid invalid -> {
        DownloadFailure failure = DownloadFailure.of(invalid.errorType(), invalid.message());
        listener.event(EventType.OUTPUT_VALIDATION_FAILED, failureData(failure));
        return new PipelineOutcome.Failed(OUTPUT_VALIDATE, failure);
      }
      case ValidationResult.Valid valid -> {
        long size = valid.info().sizeBytes();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("size_bytes", size);
        data.put("duration_seconds", valid.info().durationSeconds());
        data.put("codecs", valid.info().codecSummary());
        data.put("faststart", valid.faststart());
        listener.event(EventType.OUTPUT_VALIDATED, data);
        return new PipelineOutcome.Succeeded(
            new ReadyMedia(
                processed.media(),
                processed.thumbnail(),
                request.quality().jobType(),
                metadata.title(),
                metadata.performer(),
                metadata.mediaId(),
                valid.info(),
                size,
                processed.reencoded(),
                valid.faststart()));
      }
    }
  }

  /**
   * The finished file is over one upload: audio re-encoded to fit (or in parts), video in parts,
   * each part validated like a single file.
   */
  private PipelineOutcome fitLongMedia(
      PipelineRequest request, Metadata metadata, PostProcessResult.Processed processed, String baseName,
      PipelineListener listener)
      throws InterruptedException {
    ReadyMedia whole =
        new ReadyMedia(
            processed.media(), processed.thumbnail(), request.quality().jobType(), metadata.title(),
            metadata.performer(), metadata.mediaId(), processed.info(), processed.info().sizeBytes(),
            processed.reencoded(), true);
    Map<String, Object> start = new LinkedHashMap<>();
    start.put("step", request.quality().jobType() == JobType.AUDIO ? "fit_audio" : "split");
    start.put("input_bytes", processed.info().sizeBytes());
    start.put("max_bytes", request.maxBytes());
    listener.event(EventType.POSTPROCESS_STARTED, start);
    long t0 = clock.millis();
    LongMedia.Outcome outcome =
        longMedia.fit(whole, request.workDir().resolve(OUTPUT_FOLDER), baseName, request.maxBytes(), request.longMedia());
    switch (outcome) {
      case LongMedia.Outcome.Failed failed -> {
        DownloadFailure failure = FailureAdvice.advised(failed.failure(), request, metadata);
        listener.event(EventType.POSTPROCESS_FAILED, failureData(failure));
        return new PipelineOutcome.Failed(POSTPROCESS, failure);
      }
      case LongMedia.Outcome.Fitted fitted -> {
        Map<String, Object> data = new LinkedHashMap<>(fitted.eventData());
        data.put("millis", clock.millis() - t0);
        listener.event(EventType.POSTPROCESS_FINISHED, data);
        List<ReadyMedia> parts = new java.util.ArrayList<>();
        for (ReadyMedia part : fitted.parts()) {
          switch (validator.validate(part.file(), request.quality().jobType(), request.maxBytes())) {
            case ValidationResult.Invalid invalid -> {
              DownloadFailure failure = DownloadFailure.of(invalid.errorType(), invalid.message());
              listener.event(EventType.OUTPUT_VALIDATION_FAILED, failureData(failure));
              return new PipelineOutcome.Failed(OUTPUT_VALIDATE, failure);
            }
            case ValidationResult.Valid valid ->
                parts.add(new ReadyMedia(
                    part.file(), part.thumbnail(), part.jobType(), part.title(), part.performer(), part.mediaId(),
                    valid.info(), valid.info().sizeBytes(), part.reencoded(), valid.faststart()));
          }
        }
        Map<String, Object> validated = new LinkedHashMap<>();
        validated.put("parts", parts.size());
        validated.put("size_bytes", parts.stream().mapToLong(ReadyMedia::sizeBytes).sum());
        validated.put("duration_seconds", parts.stream().mapToDouble(ReadyMedia::durationSeconds).sum());
        listener.event(EventType.OUTPUT_VALIDATED, validated);
        return new PipelineOutcome.Succeeded(parts);
      }
    }
  }

  private static String clock(double seconds) {
    long s = Math.round(seconds);
    return String.format(java.util.Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
  }

  static Map<String, Object> failureData(DownloadFailure failure) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("error_type", failure.type().name());
    data.put("message", failure.message());
    failure.httpStatus().ifPresent(s -> data.put("http_status", s));
    failure.retryAfter().ifPresent(r -> data.put("retry_after_seconds", r.toSeconds()));
    if (!failure.detail().isEmpty()) {
      data.put("detail", failure.detail());
    }
    failure.advice().ifPresent(a -> data.put("advice", a.code()));
    return data;
  }
}
