package archiver.core.pipeline;

import archiver.domain.Advice;
import archiver.domain.ErrorType;
import archiver.domain.JobType;
import archiver.domain.Quality;
import archiver.domain.Stage;
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
import archiver.logging.JobLog;
import archiver.storage.FileNames;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
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
      // Every line of the attempt, its events' too, names the downloader and the auth profile
      // (README, "Logs"); the events' own scopes add their stage and keep these.
      try (JobLog.Scope scope = JobLog.open(context.job(), Stage.DOWNLOAD)) {
        outcome = attempt(downloader, request, context, listener, next);
      }
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
    listener.event(
        new PipelineEvent.MetadataFetchStarted(
            downloader.name(), Optional.ofNullable(context.job().authProfileId())));
    long t0 = clock.millis();
    Metadata metadata;
    switch (downloader.fetchMetadata(request.url(), context)) {
      case MetadataResult.Failed failed -> {
        listener.event(
            new PipelineEvent.MetadataFetchFailed(
                failed.failure(), after(failed.failure(), nextProfile)));
        return new PipelineOutcome.Failed(METADATA_FETCH, failed.failure());
      }
      case MetadataResult.Fetched fetched -> metadata = fetched.metadata();
    }
    listener.event(PipelineEvent.MetadataFetchFinished.of(metadata, clock.millis() - t0));

    int maxSeconds = request.longMedia().maxDurationSeconds();
    if (metadata.durationSeconds().isPresent()
        && metadata.durationSeconds().getAsDouble() > maxSeconds) {
      DownloadFailure tooLong =
          DownloadFailure.of(
                  ErrorType.SIZE_LIMIT,
                  "it is "
                      + clock(metadata.durationSeconds().getAsDouble())
                      + " long; the most is "
                      + clock(maxSeconds)
                      + " (limits.max_duration_seconds)")
              .withAdvice(
                  new Advice.TooLong(
                      Math.round(metadata.durationSeconds().getAsDouble()), maxSeconds));
      listener.event(new PipelineEvent.DurationRefused(tooLong, maxSeconds));
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
        listener.event(
            new PipelineEvent.CapabilityCheckFailed(
                failure, request.quality().code(), request.maxBytes()));
        return new PipelineOutcome.Failed(CAPABILITY_CHECK, failure);
      }
      case CapabilityResult.Capable capable -> plan = capable;
    }
    Optional<PipelineEvent.CapabilityCheckPassed.OverLimit> over =
        overLimit
            ? Optional.of(
                PipelineEvent.CapabilityCheckPassed.OverLimit.of(
                    request.quality().jobType(),
                    plan.estimatedBytes(),
                    request.maxBytes(),
                    metadata.durationSeconds()))
            : Optional.empty();
    listener.event(PipelineEvent.CapabilityCheckPassed.of(plan, request.maxBytes(), over));

    try {
      java.nio.file.Files.createDirectories(request.workDir());
    } catch (java.io.IOException e) {
      DownloadFailure failure =
          DownloadFailure.of(
              ErrorType.UNKNOWN,
              "cannot create the work folder " + request.workDir() + ": " + e.getMessage());
      listener.event(new PipelineEvent.DownloadFailed(failure, Optional.empty()));
      return new PipelineOutcome.Failed(DOWNLOAD, failure);
    }
    listener.event(new PipelineEvent.DownloadStarted(plan.description()));
    long t1 = clock.millis();
    DownloadResult.Downloaded downloaded;
    switch (downloader.download(
        request.url(),
        new DownloadOptions(
            metadata,
            plan,
            wanted,
            overLimit ? request.downloadLimit() : request.maxBytes(),
            listener::progress),
        context)) {
      case DownloadResult.Failed failed -> {
        DownloadFailure failure = FailureAdvice.advised(failed.failure(), request, metadata);
        listener.event(new PipelineEvent.DownloadFailed(failure, after(failure, nextProfile)));
        return new PipelineOutcome.Failed(DOWNLOAD, failure);
      }
      case DownloadResult.Downloaded d -> downloaded = d;
    }
    listener.event(new PipelineEvent.DownloadFinished(downloaded.sizeBytes(), clock.millis() - t1));

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
    listener.event(new PipelineEvent.PostprocessStarted(downloaded.sizeBytes()));
    long t2 = clock.millis();
    PostProcessResult.Processed processed;
    switch (postProcessor.process(post)) {
      case PostProcessResult.Failed failed -> {
        DownloadFailure failure = DownloadFailure.of(failed.errorType(), failed.message());
        listener.event(new PipelineEvent.PostprocessFailed(failure));
        return new PipelineOutcome.Failed(POSTPROCESS, failure);
      }
      case PostProcessResult.Processed p -> processed = p;
    }
    listener.event(
        new PipelineEvent.PostprocessFinished(
            processed.reencoded(),
            processed.info().codecSummary(),
            processed.thumbnail().isPresent(),
            clock.millis() - t2));

    if (processed.info().sizeBytes() > request.maxBytes()) {
      return fitLongMedia(request, metadata, processed, baseName, listener);
    }

    switch (validator.validate(
        processed.media(), request.quality().jobType(), request.maxBytes())) {
      case ValidationResult.Invalid invalid -> {
        DownloadFailure failure = DownloadFailure.of(invalid.errorType(), invalid.message());
        listener.event(new OutputEvent.ValidationFailed(failure));
        return new PipelineOutcome.Failed(OUTPUT_VALIDATE, failure);
      }
      case ValidationResult.Valid valid -> {
        long size = valid.info().sizeBytes();
        listener.event(OutputEvent.OutputValidated.of(valid.info(), valid.faststart()));
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
      PipelineRequest request,
      Metadata metadata,
      PostProcessResult.Processed processed,
      String baseName,
      PipelineListener listener)
      throws InterruptedException {
    ReadyMedia whole =
        new ReadyMedia(
            processed.media(),
            processed.thumbnail(),
            request.quality().jobType(),
            metadata.title(),
            metadata.performer(),
            metadata.mediaId(),
            processed.info(),
            processed.info().sizeBytes(),
            processed.reencoded(),
            true);
    listener.event(
        new PipelineEvent.FittingStarted(
            request.quality().jobType(), processed.info().sizeBytes(), request.maxBytes()));
    long t0 = clock.millis();
    LongMedia.Outcome outcome =
        longMedia.fit(
            whole,
            request.workDir().resolve(OUTPUT_FOLDER),
            baseName,
            request.maxBytes(),
            request.longMedia());
    switch (outcome) {
      case LongMedia.Outcome.Failed failed -> {
        DownloadFailure failure = FailureAdvice.advised(failed.failure(), request, metadata);
        listener.event(new PipelineEvent.PostprocessFailed(failure));
        return new PipelineOutcome.Failed(POSTPROCESS, failure);
      }
      case LongMedia.Outcome.Fitted fitted -> {
        listener.event(new PipelineEvent.Fitted(fitted.how(), clock.millis() - t0));
        List<ReadyMedia> parts = new java.util.ArrayList<>();
        for (ReadyMedia part : fitted.parts()) {
          switch (validator.validate(
              part.file(), request.quality().jobType(), request.maxBytes())) {
            case ValidationResult.Invalid invalid -> {
              DownloadFailure failure = DownloadFailure.of(invalid.errorType(), invalid.message());
              listener.event(new OutputEvent.ValidationFailed(failure));
              return new PipelineOutcome.Failed(OUTPUT_VALIDATE, failure);
            }
            case ValidationResult.Valid valid ->
                parts.add(
                    new ReadyMedia(
                        part.file(),
                        part.thumbnail(),
                        part.jobType(),
                        part.title(),
                        part.performer(),
                        part.mediaId(),
                        valid.info(),
                        valid.info().sizeBytes(),
                        part.reencoded(),
                        valid.faststart()));
          }
        }
        listener.event(
            new OutputEvent.PartsValidated(
                parts.size(),
                parts.stream().mapToLong(ReadyMedia::sizeBytes).sum(),
                parts.stream().mapToDouble(ReadyMedia::durationSeconds).sum()));
        return new PipelineOutcome.Succeeded(parts);
      }
    }
  }

  private static String clock(double seconds) {
    long s = Math.round(seconds);
    return String.format(java.util.Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
  }

  /** The profile the stages start again with: only an auth error moves on to the next one. */
  private static Optional<String> after(DownloadFailure failure, Optional<String> nextProfile) {
    return failure.type() == ErrorType.AUTH_ERROR ? nextProfile : Optional.empty();
  }
}
