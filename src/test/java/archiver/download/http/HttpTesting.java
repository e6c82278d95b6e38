package archiver.download.http;

import archiver.domain.SourceType;
import archiver.download.DownloadContext;
import archiver.download.intake.HostResolver;
import archiver.download.intake.IntakeSettings;
import archiver.download.intake.UrlIntake;
import archiver.logging.JobContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

/** Shared set-up of the HTTP tests: guard settings for 127.0.0.1, short timeouts, a job folder. */
final class HttpTesting {

  /** {@code security.allow_private_addresses: true} and {@code allow_http: true}, as tests run. */
  static final IntakeSettings LOCAL =
      new IntakeSettings(true, true, List.of(), IntakeSettings.DEFAULT_LECTURE_SITES, 5);

  /** Short timeouts, so a misbehaving server costs seconds. */
  static final HttpSettings FAST =
      new HttpSettings(Duration.ofSeconds(2), Duration.ofSeconds(3), "archiver-test/1", 5);

  private HttpTesting() {}

  static GuardedHttp localHttp() {
    return new GuardedHttp(
        new UrlIntake(LOCAL, HostResolver.system()).guard(), FAST, Clock.systemUTC());
  }

  static DownloadContext context(Path workDir) {
    return new DownloadContext(
        JobContext.of(1, 10L, 20L, SourceType.GENERIC, "127.0.0.1"), workDir, Optional.empty());
  }

  static byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }

  /** The names of the files in a folder. */
  static List<String> filesIn(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
