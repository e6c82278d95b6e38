package archiver.download.http;

import archiver.domain.ErrorType;
import archiver.download.DownloadFailure;
import java.util.Locale;
import java.util.OptionalLong;

/** File sizes as messages show them, and the size-limit failure. */
final class Sizes {

  private Sizes() {}

  static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1_048_576.0);
  }

  /** ", 12.3 MB" for descriptions, "" when the size is unknown. */
  static String sizeNote(OptionalLong bytes) {
    return bytes.isPresent() ? ", " + megabytes(bytes.getAsLong()) : "";
  }

  /** A file over the limit; {@code size} is -1 when only the bytes that kept coming told. */
  static DownloadFailure tooLarge(long size, long maxBytes) {
    String message =
        size >= 0
            ? "the file is " + megabytes(size) + ", over the limit of " + megabytes(maxBytes)
            : "the file is larger than the limit of " + megabytes(maxBytes);
    return DownloadFailure.of(ErrorType.SIZE_LIMIT, message);
  }
}
