package archiver.download.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YtDlpInstallTest {

  @TempDir Path dir;

  private Path executable(Path file, byte[] content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  @Test
  void aZipappReleaseOnThePathIsStandalone() throws IOException {
    byte[] zipapp =
        "#!/usr/bin/env python3\nPK\u0003\u0004rest".getBytes(StandardCharsets.ISO_8859_1);
    Path file = executable(dir.resolve("bin/yt-dlp"), zipapp);
    assertThat(YtDlpInstall.detect("yt-dlp", "/nowhere:" + dir.resolve("bin")))
        .isEqualTo(new YtDlpInstall.Standalone(file.toRealPath()));
  }

  @Test
  void anElfReleaseNamedByPathIsStandalone() throws IOException {
    Path file = executable(dir.resolve("yt-dlp_linux"), new byte[] {0x7f, 'E', 'L', 'F', 2, 1});
    assertThat(YtDlpInstall.detect(file.toString(), ""))
        .isEqualTo(new YtDlpInstall.Standalone(file.toRealPath()));
  }

  @Test
  void aSymlinkToARelease_updatesTheReleaseFile() throws IOException {
    Path file = executable(dir.resolve("opt/yt-dlp"), new byte[] {0x7f, 'E', 'L', 'F'});
    Path link = Files.createSymbolicLink(dir.resolve("yt-dlp"), file);
    assertThat(YtDlpInstall.detect(link.toString(), ""))
        .isEqualTo(new YtDlpInstall.Standalone(file.toRealPath()));
  }

  @Test
  void aPythonEntryScriptOfAPackageIsNotTheBotsToUpdate() throws IOException {
    // What Debian's and pip's yt-dlp look like (/usr/bin/yt-dlp here).
    String script =
        "#!/usr/bin/python3\nimport re\nimport sys\nfrom yt_dlp import main\nsys.exit(main())\n";
    Path file = executable(dir.resolve("yt-dlp"), script.getBytes(StandardCharsets.UTF_8));
    YtDlpInstall found = YtDlpInstall.detect(file.toString(), "");
    assertThat(found).isInstanceOf(YtDlpInstall.Fixed.class);
    assertThat(((YtDlpInstall.Fixed) found).why()).contains("package manager or pip");
  }

  @Test
  void theEntryScriptOfAVirtualEnvironmentWithPipIsAVenv() throws IOException {
    Path venv = dir.resolve("venv");
    Files.createDirectories(venv);
    Files.writeString(venv.resolve("pyvenv.cfg"), "home = /usr/bin\n");
    executable(venv.resolve("bin/pip"), "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8));
    Path ytDlp =
        executable(
            venv.resolve("bin/yt-dlp"), "#!/venv/bin/python\n".getBytes(StandardCharsets.UTF_8));
    assertThat(YtDlpInstall.detect(ytDlp.toString(), ""))
        .isEqualTo(new YtDlpInstall.Venv(venv.toAbsolutePath()));
  }

  @Test
  void aLinkToTheEntryScriptOfAVenvIsThatVenv() throws IOException {
    Path venv = dir.resolve("venv");
    Files.createDirectories(venv);
    Files.writeString(venv.resolve("pyvenv.cfg"), "home = /usr/bin\n");
    executable(venv.resolve("bin/pip"), "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8));
    Path ytDlp =
        executable(
            venv.resolve("bin/yt-dlp"), "#!/venv/bin/python\n".getBytes(StandardCharsets.UTF_8));
    Path link = Files.createSymbolicLink(dir.resolve("yt-dlp"), ytDlp);
    assertThat(YtDlpInstall.detect(link.toString(), ""))
        .isEqualTo(new YtDlpInstall.Venv(venv.toRealPath()));
  }

  @Test
  void aVirtualEnvironmentWithoutPipIsNotUpdatable() throws IOException {
    Path venv = dir.resolve("venv");
    Files.createDirectories(venv);
    Files.writeString(venv.resolve("pyvenv.cfg"), "home = /usr/bin\n");
    Path ytDlp = executable(venv.resolve("bin/yt-dlp"), "#!/x\n".getBytes(StandardCharsets.UTF_8));
    assertThat(YtDlpInstall.detect(ytDlp.toString(), "")).isInstanceOf(YtDlpInstall.Fixed.class);
  }

  @Test
  void aMissingCommandIsNotUpdatable() {
    assertThat(YtDlpInstall.detect("yt-dlp", dir.toString()))
        .isEqualTo(new YtDlpInstall.Fixed("yt-dlp was not found"));
  }
}
