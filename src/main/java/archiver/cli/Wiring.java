package archiver.cli;

import archiver.config.AppConfig;
import archiver.core.AuthProfileSelector;
import archiver.core.MediaPipeline;
import archiver.domain.SourceType;
import archiver.download.Downloader;
import archiver.download.Downloaders;
import archiver.download.intake.IntakeSettings;
import archiver.download.media.Ffprobe;
import archiver.download.media.MediaTools;
import archiver.download.media.OutputValidator;
import archiver.download.media.PostProcessor;
import archiver.download.process.ProcessRunner;
import archiver.download.process.SystemProcessRunner;
import archiver.download.tools.ToolProbe;
import archiver.download.ytdlp.FormatSelector;
import archiver.download.ytdlp.YtDlpDownloader;
import archiver.download.ytdlp.YtDlpRunner;
import archiver.storage.Database;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/** The composition root: builds the lower layers' objects from the configuration, by hand. */
final class Wiring {

  /** ffprobe reads headers only; a minute covers a slow disk. */
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(60);

  private Wiring() {}

  static IntakeSettings intakeSettings(AppConfig c) {
    return new IntakeSettings(
        c.security().allowHttp(),
        c.security().allowPrivateAddresses(),
        c.security().extraAllowedDomains(),
        c.sources().lectureSiteDomains(),
        c.sources().maxLinksPerMessage());
  }

  static MediaPipeline pipeline(AppConfig c, Database db, Clock clock) {
    ProcessRunner runner = new SystemProcessRunner();
    String ytDlpVersion = new ToolProbe(runner).ytDlp(c.tools().ytDlp()).version().orElse("");
    YtDlpDownloader ytDlp =
        new YtDlpDownloader(
            new YtDlpRunner(runner, c.tools().ytDlp(), c.tools().ffmpeg()),
            new FormatSelector(),
            ytDlpVersion,
            c.timeouts().metadata(),
            c.timeouts().download());
    Map<SourceType, Downloader> bySource = new EnumMap<>(SourceType.class);
    for (SourceType source : SourceType.values()) {
      bySource.put(source, ytDlp);
    }
    MediaTools tools = new MediaTools(c.tools().ffmpeg(), c.tools().ffprobe());
    Ffprobe ffprobe = new Ffprobe(runner, tools, PROBE_TIMEOUT);
    return new MediaPipeline(
        new Downloaders(bySource),
        new AuthProfileSelector(c.authProfiles(), db.authProfiles(), clock),
        new PostProcessor(runner, tools, ffprobe, c.timeouts().postprocess()),
        new OutputValidator(ffprobe),
        clock);
  }
}
