package archiver.core;

import archiver.core.pipeline.MediaProcessor;
import archiver.core.pipeline.OutputEvent;
import archiver.core.pipeline.PipelineEvent;
import archiver.core.pipeline.PipelineListener;
import archiver.core.pipeline.PipelineOutcome;
import archiver.core.pipeline.PipelineRequest;
import archiver.core.pipeline.ReadyMedia;
import archiver.domain.DownloadProgress;
import archiver.domain.ErrorType;
import archiver.domain.SourceType;
import archiver.download.DownloadFailure;
import archiver.download.media.MediaInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A media pipeline whose outcomes tests script per URL, without downloads or ffmpeg. It emits the
 * pipeline's events like the real one and measures how many jobs run at once, overall and per
 * source.
 */
final class FakeProcessor implements MediaProcessor {

  /** What one run does. */
  sealed interface Outcome {}

  record Succeed() implements Outcome {}

  /** Succeeds with the media in {@code parts} files, as a long video split for Telegram. */
  record SucceedInParts(int parts) implements Outcome {}

  record Fail(ErrorType type, Optional<Duration> retryAfter) implements Outcome {
    Fail(ErrorType type) {
      this(type, Optional.empty());
    }
  }

  /**
   * Blocks until interrupted (cancellation and timeout tests); then the run ends as interrupted.
   */
  record BlockUntilInterrupted(CountDownLatch started) implements Outcome {}

  /** Says it has started, then runs until the test releases it, and succeeds. */
  record BlockUntilReleased(CountDownLatch started, CountDownLatch release) implements Outcome {}

  private final Map<String, Deque<Outcome>> scripts = new ConcurrentHashMap<>();
  private final Function<String, Outcome> byDefault;
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger maxRunning = new AtomicInteger();
  private final Map<SourceType, AtomicInteger> runningPerSource = new EnumMap<>(SourceType.class);
  private final Map<SourceType, AtomicInteger> maxPerSource = new EnumMap<>(SourceType.class);
  private final AtomicInteger runs = new AtomicInteger();

  FakeProcessor(Function<String, Outcome> byDefault) {
    this.byDefault = byDefault;
    for (SourceType s : SourceType.values()) {
      runningPerSource.put(s, new AtomicInteger());
      maxPerSource.put(s, new AtomicInteger());
    }
  }

  FakeProcessor() {
    this(url -> new Succeed());
  }

  /** The next runs for a URL containing {@code urlPart}, in order. */
  FakeProcessor script(String urlPart, Outcome... outcomes) {
    scripts.put(urlPart, new ArrayDeque<>(List.of(outcomes)));
    return this;
  }

  int maxRunning() {
    return maxRunning.get();
  }

  int maxRunning(SourceType source) {
    return maxPerSource.get(source).get();
  }

  int runs() {
    return runs.get();
  }

  @Override
  public PipelineOutcome run(PipelineRequest request, PipelineListener listener)
      throws InterruptedException {
    runs.incrementAndGet();
    int now = running.incrementAndGet();
    maxRunning.accumulateAndGet(now, Math::max);
    int src = runningPerSource.get(request.source()).incrementAndGet();
    maxPerSource.get(request.source()).accumulateAndGet(src, Math::max);
    try {
      Outcome outcome = next(request.url().toString());
      listener.event(new PipelineEvent.MetadataFetchStarted("fake", Optional.empty()));
      busyWork();
      switch (outcome) {
        case Fail f -> {
          DownloadFailure failure = DownloadFailure.of(f.type(), "scripted " + f.type());
          if (f.retryAfter().isPresent()) {
            failure = failure.withRetryAfter(f.retryAfter().get());
          }
          listener.event(
              new PipelineEvent.MetadataFetchFailed(failure, java.util.Optional.empty()));
          return new PipelineOutcome.Failed("METADATA_FETCH", failure);
        }
        case BlockUntilInterrupted b -> {
          b.started().countDown();
          new CountDownLatch(1).await();
          throw new IllegalStateException("unreachable");
        }
        case BlockUntilReleased b -> {
          b.started().countDown();
          b.release().await();
          return succeed(request, listener, 1);
        }
        case Succeed s -> {
          return succeed(request, listener, 1);
        }
        case SucceedInParts p -> {
          return succeed(request, listener, p.parts());
        }
      }
    } finally {
      running.decrementAndGet();
      runningPerSource.get(request.source()).decrementAndGet();
    }
  }

  private Outcome next(String url) {
    for (Map.Entry<String, Deque<Outcome>> e : scripts.entrySet()) {
      if (url.contains(e.getKey())) {
        Outcome o = e.getValue().poll();
        if (o != null) {
          return o;
        }
      }
    }
    return byDefault.apply(url);
  }

  private static PipelineOutcome succeed(
      PipelineRequest request, PipelineListener listener, int count) {
    listener.event(
        new PipelineEvent.MetadataFetchFinished(
            "t", OptionalDouble.empty(), Optional.empty(), OptionalLong.empty(), List.of(), 0));
    listener.event(
        new PipelineEvent.CapabilityCheckPassed(
            "as asked", OptionalLong.empty(), 0, false, Optional.empty(), Optional.empty()));
    listener.event(new PipelineEvent.DownloadStarted("as asked"));
    listener.progress(
        new DownloadProgress(5, OptionalLong.of(10), OptionalDouble.empty(), OptionalLong.empty()));
    listener.event(new PipelineEvent.DownloadFinished(10, 0));
    listener.event(new PipelineEvent.PostprocessStarted(10));
    List<ReadyMedia> parts = new java.util.ArrayList<>();
    MediaInfo info = new MediaInfo(List.of("mp4"), 1.0, 20, 160, List.of(), Map.of());
    try {
      Path dir = Files.createDirectories(request.workDir().resolve("out"));
      Files.writeString(request.workDir().resolve("download.part"), "raw");
      for (int k = 1; k <= count; k++) {
        String name = count == 1 ? "media.mp4" : "media-" + k + ".mp4";
        Path out =
            Files.writeString(
                dir.resolve(name), "media of " + request.url() + (count == 1 ? "" : " part " + k));
        parts.add(
            new ReadyMedia(
                out,
                Optional.empty(),
                request.quality().jobType(),
                "Title of " + request.url().getPath(),
                Optional.empty(),
                Optional.empty(),
                info,
                20,
                false,
                true));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    listener.event(new PipelineEvent.PostprocessFinished(false, "h264+aac", false, 0));
    listener.event(new OutputEvent.OutputValidated(20, 1.0, "h264+aac", true));
    return new PipelineOutcome.Succeeded(parts);
  }

  /** A little CPU work so that concurrent runs overlap (no sleeping in tests). */
  private static void busyWork() {
    long x = 0;
    for (int i = 0; i < 200_000; i++) {
      x += Long.numberOfTrailingZeros(i * 31L + x);
    }
    if (x == 42) {
      Thread.onSpinWait();
    }
  }
}
