package archiver.download.http;

import archiver.download.ProgressListener;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches a site's picture (Archive.org's {@code __ia_thumb.jpg}, a page's {@code og:image}) for an
 * audio cover. A cover is a nicety: every failure gives an empty result, never a failed job.
 */
final class Covers {
  static final long MAX_BYTES = 2L * 1024 * 1024;
  static final Duration TIMEOUT = Duration.ofSeconds(20);

  private static final Logger log = LoggerFactory.getLogger(Covers.class);

  private Covers() {}

  /** Saves the picture as {@code cover.<ext>} in {@code workDir}; only image/* is accepted. */
  static Optional<Path> fetch(GuardedHttp http, Optional<String> url, Path workDir)
      throws InterruptedException {
    if (url.isEmpty()) {
      return Optional.empty();
    }
    Optional<URI> uri = RemoteNames.lenientUri(url.get());
    if (uri.isEmpty() || !uri.get().isAbsolute()) {
      return Optional.empty();
    }
    Path download = workDir.resolve("cover.download");
    HttpResult<GuardedHttp.Saved> result;
    try {
      result =
          http.download(
              uri.get(),
              download,
              MAX_BYTES,
              ProgressListener.none(),
              TIMEOUT,
              t -> t.startsWith("image/"));
    } catch (RuntimeException e) {
      // A cover must never fail the job, not even through a bug on this optional path.
      log.warn("no cover picture: {}", e.toString());
      return Optional.empty();
    }
    return switch (result) {
      case HttpResult.Failed<GuardedHttp.Saved> f -> {
        log.info("no cover picture: {} ({})", f.failure().message(), f.failure().type());
        yield Optional.empty();
      }
      case HttpResult.Ok<GuardedHttp.Saved> ok -> {
        String type = MediaTypes.baseType(ok.value().contentType().orElse(null));
        Path cover = workDir.resolve("cover." + MediaTypes.imageExtension(type));
        try {
          yield Optional.of(Files.move(download, cover, StandardCopyOption.REPLACE_EXISTING));
        } catch (IOException e) {
          log.info("no cover picture: {}", e.toString());
          yield Optional.empty();
        }
      }
    };
  }
}
