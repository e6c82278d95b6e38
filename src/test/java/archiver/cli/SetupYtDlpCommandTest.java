package archiver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code archiver setup-ytdlp} with a stand-in Python whose venv's pip "installs" a yt-dlp script:
 * the real steps (venv, pip, check) in order, and then every command uses that yt-dlp.
 */
class SetupYtDlpCommandTest {

  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(
        args,
        Map.of(),
        dir,
        Clock.systemUTC(),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private Path script(String name, String body) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  /** A python3 whose "-m venv DIR" makes a venv with a pip that installs yt-dlp {@code version}. */
  private Path python(String pipExit) throws Exception {
    return script(
        "python3",
        """
        [ "$1" = "-m" ] && [ "$2" = "venv" ] || exit 2
        mkdir -p "$3/bin"
        echo "home = /usr/bin" > "$3/pyvenv.cfg"
        cat > "$3/bin/pip" <<PIP
        #!/bin/sh
        echo "pip \\$*" >> "$3/pip.log"
        [ "%s" = "0" ] || { echo "ERROR: Could not find a version that satisfies yt-dlp" >&2; exit 1; }
        printf '#!/bin/sh\\necho 2026.11.30\\n' > "$3/bin/yt-dlp"
        chmod +x "$3/bin/yt-dlp"
        PIP
        chmod +x "$3/bin/pip"
        """
            .formatted(pipExit));
  }

  @Test
  void itMakesTheVenvInstallsYtDlpAndDenoChecksItAndEveryCommandThenUsesIt() throws Exception {
    Path python = python("0");

    assertThat(run("setup-ytdlp", "--python", python.toString())).as(err.toString()).isZero();

    Path venv = dir.resolve("data/yt-dlp");
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(printed)
        .contains("creating the venv " + venv)
        .contains("yt-dlp 2026.11.30 is installed at " + venv.resolve("bin/yt-dlp"))
        .contains("use it from now on");
    assertThat(Files.readString(venv.resolve("pip.log")))
        .contains("install --disable-pip-version-check --upgrade yt-dlp[default] deno");

    out.reset();
    run("doctor");
    assertThat(out.toString(StandardCharsets.UTF_8))
        .containsPattern("OK +yt-dlp +2026\\.11\\.30 \\(" + venv.resolve("bin/yt-dlp") + "\\)");
  }

  @Test
  void runAgainItOnlyUpgradesTheVenvItHas() throws Exception {
    Path python = python("0");
    assertThat(run("setup-ytdlp", "--python", python.toString())).isZero();
    out.reset();

    assertThat(run("setup-ytdlp", "--python", "/nonexistent/python3")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("creating the venv");
    assertThat(Files.readString(dir.resolve("data/yt-dlp/pip.log")).lines()).hasSize(2);
  }

  @Test
  void whenPipFailsItSaysSoAndExitsOneAndTheDistributionsYtDlpStaysInUse() throws Exception {
    Path python = python("1");

    assertThat(run("setup-ytdlp", "--python", python.toString())).isEqualTo(1);

    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("Could not find a version")
        .contains("pip could not install yt-dlp");
    out.reset();
    run("doctor");
    assertThat(out.toString(StandardCharsets.UTF_8)).containsPattern("yt-dlp +\\S+ \\(yt-dlp\\)");
  }

  @Test
  void withoutPythonItSaysWhatToInstall() throws Exception {
    assertThat(run("setup-ytdlp", "--python", "/nonexistent/python3")).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("apt install python3-venv");
  }

  @Test
  void aYtDlpTheOperatorNamedIsKept() throws Exception {
    Files.writeString(dir.resolve("config.yaml"), "tools: { yt_dlp: /usr/bin/yt-dlp }\n");
    assertThat(run("setup-ytdlp", "--python", python("0").toString())).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("tools.yt_dlp is set to /usr/bin/yt-dlp: the bot keeps using that");
  }
}
