package archiver.download.ytdlp;

import archiver.domain.DownloadProgress;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads the progress lines that {@link #TEMPLATE} makes yt-dlp print (with {@code --newline}, one
 * line per update) and turns them into overall progress for one download.
 *
 * <p>A video+audio download is two files fetched one after the other, and yt-dlp's numbers restart
 * at zero for the second one (its percentage "goes backwards"). This parser reports
 * <em>overall</em> progress instead:
 *
 * <ul>
 *   <li>{@code downloadedBytes} is the finished parts plus the current part, and never decreases,
 *       not even when a part restarts from zero after a failed resume.
 *   <li>{@code totalBytes} is the best current knowledge of the whole: the real size of parts that
 *       have started (yt-dlp learns it from Content-Length), plus the estimates given up front for
 *       parts not started yet. It is empty while any part's size is unknown. Because real sizes
 *       replace estimates, the percentage can step back a little when an estimate was low; it ends
 *       at 100.
 * </ul>
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

  private final Map<String, OptionalLong> expectedParts;
  private final Set<String> startedParts = new HashSet<>();

  private long finishedPartsBytes;
  private String partId;
  private long partDownloaded;
  private OptionalLong partTotal = OptionalLong.empty();
  private boolean partFinished;
  private long lastDownloaded;

  /**
   * @param expectedParts the format ids this download fetches ("137", "140") with their estimated
   *     sizes, empty when unknown; an empty map when nothing is known up front
   */
  ProgressParser(Map<String, OptionalLong> expectedParts) {
    this.expectedParts = Map.copyOf(expectedParts);
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
      partTotal = OptionalLong.empty();
      partFinished = false;
    }
    if (partId == null || newPart) {
      partId = formatId;
      startedParts.add(formatId);
    }
    partDownloaded = Math.round(downloaded.getAsDouble());
    if (total.isPresent()) {
      partTotal = OptionalLong.of(Math.round(total.getAsDouble()));
    }
    partFinished = status.equals("finished");

    long overall = Math.max(lastDownloaded, finishedPartsBytes + partDownloaded);
    lastDownloaded = overall;
    OptionalLong overallTotal = overallTotal(overall);

    OptionalLong etaSeconds = OptionalLong.empty();
    if (overallTotal.isPresent() && speed.isPresent() && speed.getAsDouble() > 0) {
      long left = overallTotal.getAsLong() - overall;
      etaSeconds = OptionalLong.of((long) Math.ceil(left / speed.getAsDouble()));
    } else if (eta.isPresent()) {
      etaSeconds = OptionalLong.of(Math.round(eta.getAsDouble()));
    }
    return Optional.of(new DownloadProgress(overall, overallTotal, speed, etaSeconds));
  }

  /** Finished parts + the current part's size (or estimate) + estimates of parts to come. */
  private OptionalLong overallTotal(long overall) {
    OptionalLong current =
        partTotal.isPresent()
            ? partTotal
            : expectedParts.getOrDefault(partId, OptionalLong.empty());
    if (current.isEmpty()) {
      return OptionalLong.empty();
    }
    long total = finishedPartsBytes + current.getAsLong();
    for (Map.Entry<String, OptionalLong> part : expectedParts.entrySet()) {
      if (startedParts.contains(part.getKey())) {
        continue;
      }
      if (part.getValue().isEmpty()) {
        return OptionalLong.empty();
      }
      total += part.getValue().getAsLong();
    }
    // A size announced too small cannot make the total smaller than what already arrived.
    return OptionalLong.of(Math.max(total, overall));
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
