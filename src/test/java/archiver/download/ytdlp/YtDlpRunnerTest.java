package archiver.download.ytdlp;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.domain.DownloadProgress;
import archiver.download.ProgressListener;
import archiver.download.process.ProcessResult;
import archiver.download.process.ProcessRunner;
import archiver.download.process.ProcessSpec;
import archiver.download.ytdlp.YtDlpRunner.DownloadOutcome;
import archiver.download.ytdlp.YtDlpRunner.Downloaded;
import archiver.download.ytdlp.YtDlpRunner.Failed;
import archiver.download.ytdlp.YtDlpRunner.InfoFailed;
import archiver.download.ytdlp.YtDlpRunner.InfoFetched;
import archiver.download.ytdlp.YtDlpRunner.NoFileProduced;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner's side of the contract with a scripted stand-in for yt-dlp: the command it builds and
 * how it reads what came back, including behaviours the installed yt-dlp does not show.
 */
class YtDlpRunnerTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @TempDir Path jobDir;
  @TempDir Path elsewhere;

  /** What the fake "yt-dlp" does when run: print lines, write files, exit. */
  @FunctionalInterface
  interface Script {
    ProcessResult run(ProcessSpec spec, Consumer<String> out, Consumer<String> err)
        throws IOException;
  }

  /** A ProcessRunner that runs a script instead of a program and remembers the command. */
  static final class ScriptedRunner implements ProcessRunner {
    private final Script script;
    final List<ProcessSpec> specs = new ArrayList<>();

    ScriptedRunner(Script script) {
      this.script = script;
    }

    @Override
    public ProcessResult run(ProcessSpec spec, Consumer<String> out, Consumer<String> err)
        throws IOException {
      specs.add(spec);
      return script.run(spec, out, err);
    }
  }

  private static ProcessResult exit(int code) {
    return new ProcessResult(code, "", "", false, Duration.ofMillis(5));
  }

  /** The value after {@code option} in the command. */
  private static String arg(ProcessSpec spec, String option) {
    return spec.command().get(spec.command().indexOf(option) + 1);
  }

  private static YtDlpInfo info() {
    return FormatSelectorTest.youtubeInfo();
  }

  private DownloadOutcome download(ScriptedRunner fake, Optional<Path> cookies) throws Exception {
    YtDlpRunner runner = new YtDlpRunner(fake, "yt-dlp", "/opt/ffmpeg/bin/ffmpeg");
    return runner.download(
        info(), "136+140", jobDir, 50_000_000, cookies, TIMEOUT, ProgressListener.none());
  }

  @Test
  void givenADownload_whenRunning_thenTheCommandUsesOnlyOptionsBothVersionsKnow() throws Exception {
    ScriptedRunner fake = new ScriptedRunner((spec, out, err) -> exit(0));

    download(fake, Optional.empty());

    ProcessSpec spec = fake.specs.get(0);
    assertThat(spec.command())
        .startsWith("yt-dlp", "--ignore-config", "--no-cache-dir", "--no-update", "--no-playlist")
        .contains("--newline", "--no-mtime", "--load-info-json")
        .doesNotContain("--print", "--cookies", "-U", "--update");
    assertThat(arg(spec, "--format")).isEqualTo("136+140");
    assertThat(arg(spec, "--output")).isEqualTo(jobDir + "/media.%(ext)s");
    assertThat(arg(spec, "--max-filesize")).isEqualTo("50000000");
    assertThat(arg(spec, "--merge-output-format")).isEqualTo("mp4");
    assertThat(arg(spec, "--ffmpeg-location")).isEqualTo("/opt/ffmpeg/bin/ffmpeg");
    assertThat(arg(spec, "--progress-template")).isEqualTo(ProgressParser.TEMPLATE);
    assertThat(arg(spec, "--print-to-file")).isEqualTo("after_move:filepath");
    assertThat(spec.workDir()).isEqualTo(jobDir);
  }

  @Test
  void givenExtractorArgs_thenEveryRunPassesEachAsItsOwnOption() throws Exception {
    ScriptedRunner fake = new ScriptedRunner((spec, out, err) -> exit(0));
    YtDlpRunner runner =
        new YtDlpRunner(
            fake,
            "yt-dlp",
            "ffmpeg",
            List.of(
                "youtubepot-bgutilhttp:base_url=http://pot-provider:4416",
                "youtube:player_client=web"));

    runner.download(info(), "18", jobDir, 1000, Optional.empty(), TIMEOUT, ProgressListener.none());

    List<String> command = fake.specs.get(0).command();
    int first = command.indexOf("--extractor-args");
    assertThat(command.subList(first, first + 4))
        .containsExactly(
            "--extractor-args",
            "youtubepot-bgutilhttp:base_url=http://pot-provider:4416",
            "--extractor-args",
            "youtube:player_client=web");
    assertThat(command.indexOf("--extractor-args"))
        .as("before the link, which comes last")
        .isLessThan(command.size() - 1);
  }

  @Test
  void givenNoExtractorArgs_thenNoneArePassed() throws Exception {
    ScriptedRunner fake = new ScriptedRunner((spec, out, err) -> exit(0));
    download(fake, Optional.empty());
    assertThat(fake.specs.get(0).command()).doesNotContain("--extractor-args");
  }

  @Test
  void givenADirectoryWithAPercentSign_whenBuildingTemplates_thenItIsEscaped() throws Exception {
    Path odd = Files.createDirectories(jobDir.resolve("100%(id)s"));
    ScriptedRunner fake = new ScriptedRunner((spec, out, err) -> exit(0));
    YtDlpRunner runner = new YtDlpRunner(fake, "yt-dlp", "ffmpeg");

    runner.download(info(), "18", odd, 1000, Optional.empty(), TIMEOUT, ProgressListener.none());

    assertThat(arg(fake.specs.get(0), "--output")).isEqualTo(jobDir + "/100%%(id)s/media.%(ext)s");
  }

  @Test
  void givenTheInfo_whenDownloading_thenItsJsonIsFedToYtDlpAndRemovedAfterwards() throws Exception {
    List<String> fed = new ArrayList<>();
    ScriptedRunner fake =
        new ScriptedRunner(
            (spec, out, err) -> {
              fed.add(Files.readString(Path.of(arg(spec, "--load-info-json"))));
              return exit(0);
            });

    download(fake, Optional.empty());

    assertThat(fed).containsExactly(info().rawJson());
    assertThat(jobDir).isEmptyDirectory();
  }

  @Test
  void givenAPrintedExistingFile_whenYtDlpSucceeds_thenDownloaded() throws Exception {
    ScriptedRunner fake =
        new ScriptedRunner(
            (spec, out, err) -> {
              Path media = Files.writeString(jobDir.resolve("media.mp4"), "merged");
              Files.writeString(Path.of(filepathFile(spec)), media + "\n");
              return exit(0);
            });

    assertThat(download(fake, Optional.empty()))
        .isEqualTo(new Downloaded(jobDir.resolve("media.mp4")));
  }

  @Test
  void givenAPrintedFileThatIsMissing_whenYtDlpExitsZero_thenNoFileProduced() throws Exception {
    // "ffmpeg-location ... does not exist! Continuing without ffmpeg": yt-dlp skips the merge and
    // still prints the merged name
    ScriptedRunner fake =
        new ScriptedRunner(
            (spec, out, err) -> {
              Files.writeString(jobDir.resolve("media.f136.mp4"), "video part");
              Files.writeString(Path.of(filepathFile(spec)), jobDir.resolve("media.mp4") + "\n");
              err.accept(
                  "WARNING: You have requested merging of multiple formats but ffmpeg is not"
                      + " installed.");
              return exit(0);
            });

    DownloadOutcome outcome = download(fake, Optional.empty());

    assertThat(outcome)
        .isInstanceOfSatisfying(
            NoFileProduced.class,
            none -> {
              assertThat(none.maxFilesizeExceeded()).isFalse();
              assertThat(none.stderrTail()).contains("ffmpeg is not installed");
            });
    assertThat(jobDir).isEmptyDirectory();
  }

  @Test
  void givenAMaxFilesizeAbortOnOnePart_whenTheOtherWasStillMerged_thenNoFileProduced()
      throws Exception {
    // yt-dlp#8569: newer versions merge the part that fit into a file without video
    ScriptedRunner fake =
        new ScriptedRunner(
            (spec, out, err) -> {
              out.accept(
                  "[download] File is larger than max-filesize (83000000 bytes > 50000000 bytes)."
                      + " Aborting.");
              Path media = Files.writeString(jobDir.resolve("media.mp4"), "audio only");
              Files.writeString(Path.of(filepathFile(spec)), media + "\n");
              return exit(0);
            });

    DownloadOutcome outcome = download(fake, Optional.empty());

    assertThat(outcome)
        .isInstanceOfSatisfying(
            NoFileProduced.class, none -> assertThat(none.maxFilesizeExceeded()).isTrue());
    assertThat(jobDir).isEmptyDirectory();
  }

  @Test
  void givenAFilePrintedOutsideTheJobDir_whenReading_thenItIsNotTrusted() throws Exception {
    Path outside = Files.writeString(elsewhere.resolve("media.mp4"), "not ours");
    ScriptedRunner fake =
        new ScriptedRunner(
            (spec, out, err) -> {
              Files.writeString(
                  Path.of(filepathFile(spec)),
                  jobDir.resolve("../" + elsewhere.getFileName() + "/media.mp4") + "\n");
              return exit(0);
            });

    assertThat(download(fake, Optional.empty())).isInstanceOf(NoFileProduced.class);
    assertThat(outside).exists();
  }

  @Test
  void givenACookieFile_whenYtDlpEchoesAValue_thenItGetsACopyAndTheTailIsMasked() throws Exception {
    Path cookies = jobDir.resolve("profile.txt");
    Files.writeString(
        cookies,
        "# Netscape HTTP Cookie File\n.youtube.com\tTRUE\t/\tTRUE\t0\tSID\tsEcReTvAlUe42\n");
    List<String> cookieArgs = new ArrayList<>();
    ScriptedRunner fake =
        new ScriptedRunner(
            (spec, out, err) -> {
              cookieArgs.add(arg(spec, "--cookies"));
              assertThat(Files.readString(Path.of(arg(spec, "--cookies"))))
                  .contains("sEcReTvAlUe42");
              err.accept("ERROR: [youtube] x: Sign in to confirm you're not a bot (sEcReTvAlUe42)");
              return exit(1);
            });

    DownloadOutcome outcome = download(fake, Optional.of(cookies));

    assertThat(cookieArgs).singleElement().isNotEqualTo(cookies.toString());
    assertThat(Path.of(cookieArgs.get(0))).doesNotExist();
    assertThat(fake.specs.get(0).command()).noneMatch(a -> a.contains("sEcReTvAlUe42"));
    assertThat(outcome)
        .isEqualTo(
            new Failed(
                1, "ERROR: [youtube] x: Sign in to confirm you're not a bot (***)\n", false));
  }

  @Test
  void givenAMissingProgram_whenRunning_thenFailedWithExitCode127() throws Exception {
    ScriptedRunner fake =
        new ScriptedRunner(
            (spec, out, err) -> {
              throw new IOException("Cannot run program \"yt-dlp\": error=2, No such file");
            });

    DownloadOutcome outcome = download(fake, Optional.empty());

    assertThat(outcome)
        .isInstanceOfSatisfying(
            Failed.class,
            failed -> {
              assertThat(failed.exitCode()).isEqualTo(127);
              assertThat(failed.stderrTail()).contains("No such file");
            });
  }

  @Test
  void givenProgressLines_whenDownloading_thenTheyReachTheListenerAndNotTheTail() throws Exception {
    List<DownloadProgress> seen = new ArrayList<>();
    ScriptedRunner fake =
        new ScriptedRunner(
            (spec, out, err) -> {
              out.accept(ProgressParser.MARKER + " downloading 100 1000 NA 50.0 18 136");
              err.accept("ERROR: unable to download video data: HTTP Error 404: Not Found");
              return exit(1);
            });
    YtDlpRunner runner = new YtDlpRunner(fake, "yt-dlp", "ffmpeg");

    DownloadOutcome outcome =
        runner.download(info(), "136+140", jobDir, 1000, Optional.empty(), TIMEOUT, seen::add);

    assertThat(seen).extracting(DownloadProgress::downloadedBytes).containsExactly(100L);
    assertThat(outcome)
        .isEqualTo(
            new Failed(
                1, "ERROR: unable to download video data: HTTP Error 404: Not Found\n", false));
  }

  @Test
  void givenJsonOnStdout_whenFetchingInfo_thenTheUrlComesAfterDoubleDash() throws Exception {
    ScriptedRunner fake =
        new ScriptedRunner(
            (spec, out, err) ->
                new ProcessResult(0, info().rawJson(), "", false, Duration.ofMillis(5)));

    var outcome =
        new YtDlpRunner(fake, "yt-dlp", "ffmpeg")
            .fetchInfo("-not-an-option", Optional.empty(), TIMEOUT);

    assertThat(outcome).isInstanceOf(InfoFetched.class);
    assertThat(fake.specs.get(0).command()).endsWith("--dump-single-json", "--", "-not-an-option");
  }

  @Test
  void givenNullOnStdout_whenFetchingInfo_thenFailed() throws Exception {
    ScriptedRunner fake =
        new ScriptedRunner(
            (spec, out, err) -> new ProcessResult(0, "null\n", "", false, Duration.ofMillis(5)));

    var outcome =
        new YtDlpRunner(fake, "yt-dlp", "ffmpeg")
            .fetchInfo("https://example.org/v", Optional.empty(), TIMEOUT);

    assertThat(outcome)
        .isInstanceOfSatisfying(
            InfoFailed.class, failed -> assertThat(failed.stderrTail()).contains("no JSON object"));
  }

  @Test
  void givenABareFfmpegName_whenResolving_thenThePathOnPathIsUsedOrNothing() {
    assertThat(YtDlpRunner.ffmpegLocation("/usr/local/bin/ffmpeg"))
        .hasValue("/usr/local/bin/ffmpeg");
    assertThat(YtDlpRunner.ffmpegLocation("no-such-ffmpeg-anywhere")).isEmpty();
  }

  private static String filepathFile(ProcessSpec spec) {
    // the argument after "after_move:filepath"
    return spec.command().get(spec.command().indexOf("after_move:filepath") + 1);
  }
}
