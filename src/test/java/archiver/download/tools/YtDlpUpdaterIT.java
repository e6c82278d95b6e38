package archiver.download.tools;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.download.process.SystemProcessRunner;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The update's check against the real yt-dlp of this machine: offline, a local file. */
class YtDlpUpdaterIT {

  @TempDir Path dir;

  @Test
  void theRealYtDlpPassesTheCheckWithoutTheNetwork() throws InterruptedException {
    YtDlpUpdater updater =
        new YtDlpUpdater(
            new SystemProcessRunner(),
            new YtDlpInstall.Standalone(dir.resolve("unused")),
            "yt-dlp",
            dir.resolve("work"),
            Duration.ofMinutes(1));

    YtDlpUpdater.Step check = updater.check();

    assertThat(check.ok()).as(check.said()).isTrue();
    assertThat(check.said()).matches("\\d{4}\\.\\d{2}\\.\\d{2}.*");
  }

  @Test
  void aYtDlpThatIsNotThereFailsTheCheck() throws InterruptedException {
    YtDlpUpdater updater =
        new YtDlpUpdater(
            new SystemProcessRunner(),
            new YtDlpInstall.Standalone(dir.resolve("unused")),
            dir.resolve("no-yt-dlp").toString(),
            dir.resolve("work"),
            Duration.ofMinutes(1));

    assertThat(updater.check().ok()).isFalse();
  }
}
