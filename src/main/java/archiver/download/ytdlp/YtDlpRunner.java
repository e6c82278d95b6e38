package archiver.download.ytdlp;

import archiver.download.ProgressListener;
import archiver.download.process.ProcessResult;
import archiver.download.process.ProcessRunner;
import archiver.download.process.ProcessSpec;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The one place that runs yt-dlp: {@code -J} for metadata, {@code --load-info-json} to download the
 * formats chosen from that metadata without extracting again. Outcomes are facts about the process
 * (exit code, output tail, timeout, file or no file); turning them into an {@code ErrorType} is
 * {@code ErrorClassifier}'s job.
 *
 * <p>Works with yt-dlp 2023.03.04 (Debian 12) and current releases: only options both have are
 * used. Known quirks handled here:
 *
 * <ul>
 *   <li>{@code --print} implies {@code --quiet}, and in quiet mode yt-dlp drops the "File is larger
 *       than max-filesize ... Aborting." line; 2023.03.04 has no {@code --no-quiet}. So the
 *       produced path is written with {@code --print-to-file after_move:filepath FILE} instead,
 *       which leaves the messages on.
 *   <li>{@code --max-filesize} aborts with exit code 0 and no file, per part (yt-dlp#7498). Newer
 *       versions may even merge the remaining part into a file without video (yt-dlp#8569), so the
 *       abort line wins over any file.
 *   <li>{@code --ffmpeg-location ffmpeg} (a bare name) makes yt-dlp warn "does not exist!
 *       Continuing without ffmpeg", skip the merge, exit 0 and still print the merged file's name.
 *       Bare names are resolved on PATH here, and the printed file is checked to exist.
 *   <li>{@code --cookies FILE} is read <em>and written back</em> when yt-dlp exits. yt-dlp gets a
 *       private copy, so the operator's file is never modified and parallel jobs do not race.
 *   <li>{@code -J} prints {@code null} on stdout when extraction fails.
 *   <li>Releases from 2024 on warn on every run when they are older than 90 days; {@code
 *       --no-update} (known to 2023.03.04 too) silences it.
 *   <li>{@code --no-mtime}: yt-dlp otherwise dates the file by the server's Last-Modified, and the
 *       tmp cleanup, which goes by age, would delete a fresh download of an old video.
 * </ul>
 */
public final class YtDlpRunner {

  /** The name of every file yt-dlp writes for a download: media.mp4, media.f137.mp4.part, ... */
  static final String MEDIA_BASENAME = "media";

  static final String INFO_JSON_NAME = "ytdlp-info.json";
  static final String FILEPATH_NAME = "ytdlp-filepath.txt";

  /** Per network read; the stage timeout bounds the whole run. */
  static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);

  /**
   * yt-dlp retries 5xx and broken connections 10 times by default; the job's retry policy already
   * retries network errors with backoff, so a few quick retries are enough here.
   */
  static final int RETRIES = 3;

  /** -J on a YouTube video prints about 1 MB (every format, subtitles, thumbnails) on one line. */
  private static final int MAX_JSON_CHARS = 32 * 1024 * 1024;

  private static final String MAX_FILESIZE_MESSAGE = "larger than max-filesize";

  /** The outcome of {@link #fetchInfo}. */
  public sealed interface InfoOutcome permits InfoFetched, InfoFailed {}

  public record InfoFetched(YtDlpInfo info) implements InfoOutcome {}

  /**
   * yt-dlp failed, timed out, or printed no usable JSON.
   *
   * @param exitCode the exit code; -1 when it timed out, 127 when it could not be started
   */
  public record InfoFailed(int exitCode, String stderrTail, boolean timedOut)
      implements InfoOutcome {}

  /** The outcome of {@link #download}. */
  public sealed interface DownloadOutcome permits Downloaded, Failed, NoFileProduced {}

  /** The file yt-dlp produced, inside the output directory. */
  public record Downloaded(Path file) implements DownloadOutcome {}

  /**
   * yt-dlp exited non-zero or timed out (its process tree is gone then).
   *
   * @param exitCode the exit code; -1 when it timed out, 127 when it could not be started
   * @param stderrTail the last messages (at most {@value OutputTail#MAX_CHARS} chars) yt-dlp wrote
   *     on stderr and, for downloads, stdout, where it reports "[download] ..." events; progress
   *     lines left out, cookie values masked
   */
  public record Failed(int exitCode, String stderrTail, boolean timedOut)
      implements DownloadOutcome {}

  /**
   * yt-dlp exited 0 but no file is there.
   *
   * @param maxFilesizeExceeded yt-dlp said a part is larger than {@code --max-filesize}
   */
  public record NoFileProduced(String stderrTail, boolean maxFilesizeExceeded)
      implements DownloadOutcome {}

  private final ProcessRunner processes;
  private final String ytDlp;
  private final Optional<String> ffmpegLocation;

  /**
   * @param ytDlp the yt-dlp program, a path or a name on PATH
   * @param ffmpeg the ffmpeg program, a path or a name on PATH
   */
  public YtDlpRunner(ProcessRunner processes, String ytDlp, String ffmpeg) {
    this(processes, ytDlp, ffmpeg, List.of());
  }

  /**
   * @param extractorArgs {@code ytdlp.extractor_args}: each one {@code --extractor-args} option on
   *     every run (e.g. a PO-token provider's {@code youtubepot-bgutilhttp:base_url=...})
   */
  public YtDlpRunner(
      ProcessRunner processes, String ytDlp, String ffmpeg, List<String> extractorArgs) {
    this.processes = Objects.requireNonNull(processes, "processes");
    this.ytDlp = Objects.requireNonNull(ytDlp, "ytDlp");
    this.ffmpegLocation = ffmpegLocation(Objects.requireNonNull(ffmpeg, "ffmpeg"));
    this.extractorArgs = List.copyOf(extractorArgs);
  }

  private final List<String> extractorArgs;

  /**
   * Runs {@code yt-dlp -J} on the URL.
   *
   * @throws InterruptedException when the calling thread is interrupted; yt-dlp is killed first
   */
  public InfoOutcome fetchInfo(String url, Optional<Path> cookieFile, Duration timeout)
      throws InterruptedException {
    Objects.requireNonNull(url, "url");
    CookieCopy cookies = CookieCopy.of(cookieFile);
    try {
      List<String> command = commonOptions(ytDlp, false, extractorArgs);
      command.add("--dump-single-json");
      cookies.addOption(command);
      command.add("--");
      command.add(url);
      ProcessSpec spec = new ProcessSpec(command, null, timeout, Map.of(), MAX_JSON_CHARS);
      OutputTail tail = new OutputTail();
      ProcessResult result;
      try {
        result = processes.run(spec, line -> {}, tail::add);
      } catch (IOException e) {
        return new InfoFailed(127, cannotStart(e), false);
      }
      String stderr = tail.text(cookies.values());
      if (result.timedOut()) {
        return new InfoFailed(-1, stderr, true);
      }
      if (result.exitCode() != 0) {
        return new InfoFailed(result.exitCode(), stderr, false);
      }
      try {
        return new InfoFetched(YtDlpInfo.parse(result.stdout()));
      } catch (IllegalArgumentException e) {
        return new InfoFailed(0, stderr + e.getMessage() + "\n", false);
      }
    } finally {
      cookies.delete();
    }
  }

  /**
   * Downloads {@code formatSpec} of the video described by {@code info} into {@code outputDir}, as
   * {@code media.<ext>} (a video+audio choice is merged into {@code media.mp4}).
   *
   * <p>The info's JSON is written to the directory for {@code --load-info-json} and removed
   * afterwards. On any outcome other than {@link Downloaded}, the media files yt-dlp left behind
   * (parts, {@code .part} files) are removed, so no later stage mistakes them for a result.
   *
   * @param maxBytes passed as {@code --max-filesize}, which yt-dlp applies to each part by its
   *     Content-Length; the merged file is checked again by output validation
   * @throws UncheckedIOException when the output directory cannot be written
   * @throws InterruptedException when the calling thread is interrupted (a cancelled job); yt-dlp
   *     and its ffmpeg children are killed and the partial files removed first
   */
  public DownloadOutcome download(
      YtDlpInfo info,
      String formatSpec,
      Path outputDir,
      long maxBytes,
      Optional<Path> cookieFile,
      Duration timeout,
      ProgressListener listener)
      throws InterruptedException {
    Objects.requireNonNull(info, "info");
    Objects.requireNonNull(formatSpec, "formatSpec");
    Objects.requireNonNull(listener, "listener");
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
    }
    Path dir = outputDir.toAbsolutePath().normalize();
    Path infoJson = dir.resolve(INFO_JSON_NAME);
    Path filepathFile = dir.resolve(FILEPATH_NAME);
    CookieCopy cookies = CookieCopy.of(cookieFile);
    try {
      Files.createDirectories(dir);
      YtDlpFiles.deleteMediaFiles(dir);
      Files.deleteIfExists(filepathFile);
      Files.writeString(infoJson, info.rawJson(), StandardCharsets.UTF_8);

      List<String> command = commonOptions(ytDlp, false, extractorArgs);
      command.addAll(
          List.of(
              "--load-info-json",
              infoJson.toString(),
              "--format",
              formatSpec,
              "--output",
              YtDlpFiles.template(dir) + "/" + MEDIA_BASENAME + ".%(ext)s",
              "--merge-output-format",
              "mp4",
              "--max-filesize",
              Long.toString(maxBytes),
              "--no-mtime",
              "--retries",
              Integer.toString(RETRIES),
              "--fragment-retries",
              Integer.toString(RETRIES),
              "--newline",
              "--progress-template",
              ProgressParser.TEMPLATE,
              "--print-to-file",
              "after_move:filepath",
              YtDlpFiles.template(filepathFile.toString())));
      ffmpegLocation.ifPresent(
          location -> {
            command.add("--ffmpeg-location");
            command.add(location);
          });
      cookies.addOption(command);

      ProgressParser progress = new ProgressParser(expectedParts(info, formatSpec));
      OutputTail tail = new OutputTail();
      AtomicBoolean maxFilesizeSeen = new AtomicBoolean();
      Consumer<String> lines =
          line -> {
            if (ProgressParser.isProgressLine(line)) {
              progress.parse(line).ifPresent(listener::onProgress);
              return;
            }
            if (line.contains(MAX_FILESIZE_MESSAGE)) {
              maxFilesizeSeen.set(true);
            }
            tail.add(line);
          };
      ProcessSpec spec = ProcessSpec.of(command, timeout).inDirectory(dir);
      ProcessResult result;
      try {
        result = processes.run(spec, lines, lines);
      } catch (IOException e) {
        return new Failed(127, cannotStart(e), false);
      } catch (InterruptedException e) {
        YtDlpFiles.deleteMediaFiles(
            dir); // the tree is dead already: nothing writes to them any more
        throw e;
      }
      String stderr = tail.text(cookies.values());
      DownloadOutcome outcome = outcome(result, stderr, maxFilesizeSeen.get(), dir, filepathFile);
      if (!(outcome instanceof Downloaded)) {
        YtDlpFiles.deleteMediaFiles(dir);
      }
      return outcome;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare or clean up " + dir, e);
    } finally {
      cookies.delete();
      YtDlpFiles.deleteQuietly(infoJson);
      YtDlpFiles.deleteQuietly(filepathFile);
    }
  }

  private static DownloadOutcome outcome(
      ProcessResult result, String stderr, boolean maxFilesizeSeen, Path dir, Path filepathFile) {
    if (result.timedOut()) {
      return new Failed(-1, stderr, true);
    }
    if (result.exitCode() != 0) {
      return new Failed(result.exitCode(), stderr, false);
    }
    if (maxFilesizeSeen) {
      return new NoFileProduced(stderr, true);
    }
    Optional<Path> file = YtDlpFiles.producedFile(dir, filepathFile);
    if (file.isEmpty()) {
      return new NoFileProduced(stderr, false);
    }
    return new Downloaded(file.get());
  }

  /**
   * The options of every run; {@code wholePlaylist}: read a playlist link as the playlist (else a
   * watch link with {@code list=} is the one video).
   */
  static List<String> commonOptions(
      String ytDlp, boolean wholePlaylist, List<String> extractorArgs) {
    List<String> command = new ArrayList<>();
    command.add(ytDlp);
    command.add("--ignore-config"); // a user's or system yt-dlp.conf must not change our options
    command.add("--no-cache-dir");
    // Current releases print a multi-line "older than 90 days ... use the latest version" warning
    // on every run unless told not to; in the tail it would bury the real error and read like
    // "update required". `archiver doctor` reports the version's age instead.
    command.add("--no-update");
    command.add(wholePlaylist ? "--yes-playlist" : "--no-playlist");
    command.add("--socket-timeout");
    command.add(Long.toString(SOCKET_TIMEOUT.toSeconds()));
    for (String args : extractorArgs) {
      // One option per extractor: yt-dlp keeps only the last --extractor-args of the same one.
      command.add("--extractor-args");
      command.add(args);
    }
    return command;
  }

  /**
   * The parts {@code formatSpec} names with their estimated sizes; empty when the spec is not a
   * plain list of this info's format ids.
   */
  private static Map<String, OptionalLong> expectedParts(YtDlpInfo info, String formatSpec) {
    Map<String, OptionalLong> parts = new HashMap<>();
    for (String id : formatSpec.split("\\+")) {
      Optional<YtDlpFormat> f = info.format(id);
      if (f.isEmpty()) {
        return Map.of();
      }
      parts.put(id, f.get().estimatedBytes(info.durationSeconds()));
    }
    return parts;
  }

  private String cannotStart(IOException e) {
    return "cannot run yt-dlp (" + ytDlp + "): " + e.getMessage() + "\n";
  }

  /**
   * The value for {@code --ffmpeg-location}, which must be an existing path: a bare name is looked
   * up on PATH; empty (let yt-dlp search itself) when it is not found.
   */
  static Optional<String> ffmpegLocation(String ffmpeg) {
    if (ffmpeg.contains(File.separator)) {
      return Optional.of(ffmpeg);
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String entry : path.split(File.pathSeparator)) {
      if (entry.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(entry, ffmpeg);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate.toAbsolutePath().toString());
      }
    }
    return Optional.empty();
  }
}
