package archiver.cli;

import archiver.config.AppConfig;
import archiver.core.pipeline.LongMediaLimits;
import archiver.core.pipeline.MediaPipeline;
import archiver.core.pipeline.PipelineOutcome;
import archiver.core.pipeline.PipelineRequest;
import archiver.core.pipeline.ReadyMedia;
import archiver.domain.JobType;
import archiver.domain.Quality;
import archiver.download.DownloadFailure;
import archiver.download.intake.IntakeResult;
import archiver.logging.JobContext;
import archiver.storage.FileNames;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * One accepted link through the whole pipeline into a folder, its stages on stderr and its file's
 * facts on stdout: what {@code fetch} does for a link, and for each item of a playlist.
 */
final class LinkFetch {

  /** How one link ended. */
  sealed interface Result permits Saved, Failed {}

  /** The files where they were put, in the order the bot sends them. */
  record Saved(List<Path> files) implements Result {
    Saved {
      files = List.copyOf(files);
    }
  }

  /** {@code stage} names the step that failed, e.g. "DOWNLOAD". */
  record Failed(String stage, DownloadFailure failure) implements Result {}

  /** The file name of part {@code part} of {@code parts} (1 for media that fit in one file). */
  @FunctionalInterface
  interface Naming {
    String name(ReadyMedia media, int part, int parts);

    /** The name the pipeline gave the file, as a single link keeps it. */
    Naming AS_MADE = (media, part, parts) -> media.file().getFileName().toString();
  }

  private final MediaPipeline pipeline;
  private final AppConfig config;
  private final Path tmpRoot;
  private final PrintStream stdout;
  private final PrintStream stderr;
  private final Clock clock;

  LinkFetch(
      MediaPipeline pipeline,
      AppConfig config,
      Path tmpRoot,
      PrintStream stdout,
      PrintStream stderr,
      Clock clock) {
    this.pipeline = pipeline;
    this.config = config;
    this.tmpRoot = tmpRoot;
    this.stdout = stdout;
    this.stderr = stderr;
    this.clock = clock;
  }

  Result fetch(IntakeResult.Accepted accepted, Quality quality, Path outDir, Naming naming)
      throws IOException, InterruptedException {
    Path workDir = tmpRoot.resolve("fetch-" + UUID.randomUUID().toString().substring(0, 8));
    PipelineRequest request =
        new PipelineRequest(
            JobContext.of(0, null, null, accepted.sourceType(), accepted.uri().getHost()),
            accepted.uri(),
            accepted.sourceType(),
            quality,
            config.effectiveMaxFileSizeBytes(),
            workDir,
            LongMediaLimits.of(config.limits()));
    FetchCommand.ConsoleListener listener = new FetchCommand.ConsoleListener(stderr, clock);
    stderr.println(
        "fetch: "
            + accepted.sourceType()
            + " "
            + accepted.normalizedUrl()
            + " as "
            + quality.code());
    try {
      PipelineOutcome outcome = pipeline.run(request, listener);
      listener.endProgressLine();
      return switch (outcome) {
        case PipelineOutcome.Failed failed -> {
          stdout.println("error_type: " + failed.failure().type());
          stdout.println("stage: " + failed.stage());
          stdout.println("message: " + failed.failure().message());
          failed.failure().httpStatus().ifPresent(s -> stdout.println("http_status: " + s));
          yield new Failed(failed.stage(), failed.failure());
        }
        case PipelineOutcome.Succeeded ok -> {
          List<ReadyMedia> parts = ok.parts();
          List<Path> files = new ArrayList<>();
          if (parts.size() > 1) {
            // Over one upload: the same plan as the bot's, the parts in the order they are sent.
            stdout.println("parts: " + parts.size());
          }
          for (int i = 0; i < parts.size(); i++) {
            if (parts.size() > 1) {
              stdout.println("--- part " + (i + 1) + "/" + parts.size());
            }
            ReadyMedia media = parts.get(i);
            files.add(save(media, outDir, naming.name(media, i + 1, parts.size())));
          }
          yield new Saved(files);
        }
      };
    } finally {
      FetchCommand.deleteTree(workDir);
    }
  }

  /** Moves the file to {@code outDir} (never over one already there) and prints its facts. */
  private Path save(ReadyMedia media, Path outDir, String name) throws IOException {
    Files.createDirectories(outDir);
    Path target = outDir.resolve(name);
    int n = 2;
    while (Files.exists(target)) {
      target = outDir.resolve(FileNames.numbered(name, n++));
    }
    Files.move(media.file(), target, StandardCopyOption.REPLACE_EXISTING);
    stdout.println("file: " + target.toAbsolutePath().normalize());
    stdout.println("title: " + media.title());
    media.performer().ifPresent(p -> stdout.println("performer: " + p));
    stdout.printf(Locale.ROOT, "duration: %.1f s%n", media.info().durationSeconds());
    stdout.println(
        "size: "
            + media.sizeBytes()
            + " bytes ("
            + DoctorCommand.formatBytes(media.sizeBytes())
            + ")");
    stdout.println("codecs: " + media.info().codecSummary());
    media
        .info()
        .firstVideo()
        .ifPresent(v -> stdout.println("resolution: " + v.width() + "x" + v.height()));
    stdout.println("reencoded: " + media.reencoded());
    if (media.jobType() == JobType.FILE) {
      stdout.println("as_file: true");
    }
    if (media.jobType() == JobType.VIDEO) {
      stdout.println("faststart: " + media.faststart());
    }
    return target;
  }
}
