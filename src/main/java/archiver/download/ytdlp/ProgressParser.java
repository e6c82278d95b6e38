package archiver.download.ytdlp;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Reads the progress lines that {@link #TEMPLATE} makes yt-dlp print (with {@code --newline}, one
 * line per update) and turns them into overall progress for one download.
 *
 * <p>A video+audio download is two files fetched one after the other, and yt-dlp's numbers restart
 * at zero for the second one. This parser reports <em>overall</em> progress instead: the bytes of
 * finished parts plus the current part, so {@code downloadedBytes} never goes backwards. The total
 * is the expected size of all parts when the caller knows it up front, else the finished parts
 * plus the current part's total (so it grows when the second part starts); it never shrinks
 * either. A part that restarts from zero (a retry without resume) does not move the numbers back.
 *
 * <p>Tolerant by design: fields yt-dlp does not know print as {@code NA} (2023 versions) or {@code
 * None}; numbers may be floats; lines that are not ours are ignored. One instance per download;
 * safe to feed from the stdout and stderr reader threads.
 */
final class ProgressParser {

  static final String MARKER = "[archiver-progress]";

  /**
   * For {@code --progress-template}. The {@code progress.*} and {@code info.*} fields exist in
   * yt-dlp 2023.03.04 and current releases; {@code info.format_id} is the id of the part being
   * downloaded ("137", then "140"), which is how parts are told apart.
   */
  static final String TEMPLATE =
      "download:"
          + MARKER
          + " %(progress.status)s %(progress.downloaded_bytes)s %(progress.total_bytes)s"
          + " %(progress.total_bytes_estimate)s %(progress.speed)s %(progress.eta)s"
          + " %(info.format_id)s";

  private final OptionalLong expectedTotalBytes;

  private long finishedPartsBytes;
  private String partId;
  private long partDownloaded;
  private long partTotal;
  private boolean partFinished;
  private long lastDownloaded;
  private long lastTotal;

  /**
   * @param expectedTotalBytes the size of all parts together when known before the download (from
   *     the formats' sizes), so that the percentage does not jump when the audio part starts
   */
  ProgressParser(OptionalLong expectedTotalBytes) {
    this.expectedTotalBytes = expectedTotalBytes;
  }

  /** True for lines printed by {@link #TEMPLATE}, which are progress and nothing else. */
  static boolean isProgressLine(String line) {
    return line.contains(MARKER);
  }

  /** The progress in this line, or empty for lines that are not (valid) progress lines. */
  synchronized Optional<DownloadProgress> parse(String line) {
    if (line == null) {
      return Optional.empty();
    }
    int at = line.indexOf(MARKER);
    if (at < 0) {
      return Optional.empty();
    }
    String[] f = line.substring(at + MARKER.length()).strip().split("\\s+");
    if (f.length < 6) {
      return Optional.empty();
    }
    String status = f[0].toLowerCase(Locale.ROOT);
    if (!status.equals("downloading") && !status.equals("finished")) {
      return Optional.empty(); // "error", or a line mangled beyond use
    }
    OptionalDouble downloaded = number(f[1]);
    OptionalDouble total = number(f[2]);
    if (total.isEmpty()) {
      total = number(f[3]); // fragmented downloads (HLS, DASH) only estimate the total
    }
    OptionalDouble speed = number(f[4]);
    OptionalDouble eta = number(f[5]);
    String formatId = f.length > 6 && !isMissing(f[6]) ? f[6] : "";
    if (downloaded.isEmpty()) {
      if (status.equals("finished") && total.isPresent()) {
        downloaded = total;
      } else {
        return Optional.empty();
      }
    }

    boolean newPart =
        partId != null
            && ((!formatId.isEmpty() && !formatId.equals(partId))
                || (partFinished && status.equals("downloading")));
    if (newPart) {
      finishedPartsBytes += partDownloaded;
      partDownloaded = 0;
      partTotal = 0;
      partFinished = false;
    }
    if (partId == null || newPart) {
      partId = formatId;
    }
    partDownloaded = Math.round(downloaded.getAsDouble());
    if (total.isPresent()) {
      partTotal = Math.round(total.getAsDouble());
    }
    partFinished = status.equals("finished");

    long overall = Math.max(lastDownloaded, finishedPartsBytes + partDownloaded);
    long overallTotal = 0;
    if (partTotal > 0) {
      overallTotal = finishedPartsBytes + partTotal;
    }
    if (expectedTotalBytes.isPresent()) {
      overallTotal = Math.max(overallTotal, expectedTotalBytes.getAsLong());
    }
    if (overallTotal > 0) {
      overallTotal = Math.max(Math.max(overallTotal, lastTotal), overall);
    }
    lastDownloaded = overall;
    lastTotal = overallTotal;

    OptionalLong etaSeconds = OptionalLong.empty();
    if (overallTotal > 0 && speed.isPresent() && speed.getAsDouble() > 0) {
      etaSeconds = OptionalLong.of((long) Math.ceil((overallTotal - overall) / speed.getAsDouble()));
    } else if (eta.isPresent()) {
      etaSeconds = OptionalLong.of(Math.round(eta.getAsDouble()));
    }
    return Optional.of(
        new DownloadProgress(
            overall,
            overallTotal > 0 ? OptionalLong.of(overallTotal) : OptionalLong.empty(),
            speed,
            etaSeconds));
  }

  private static boolean isMissing(String token) {
    String t = token.toLowerCase(Locale.ROOT);
    return t.equals("na") || t.equals("none") || t.equals("null") || t.equals("-");
  }

  /** A finite positive number (zero allowed), or empty for NA/None/garbage. */
  private static OptionalDouble number(String token) {
    if (isMissing(token)) {
      return OptionalDouble.empty();
    }
    try {
      double d = Double.parseDouble(token);
      return Double.isFinite(d) && d >= 0 ? OptionalDouble.of(d) : OptionalDouble.empty();
    } catch (NumberFormatException e) {
      return OptionalDouble.empty();
    }
  }
}
