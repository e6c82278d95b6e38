package archiver.cli;

import archiver.config.AppConfig;
import archiver.core.batch.PlaylistReader;
import archiver.core.batch.SourcePlaylistReader;
import archiver.core.pipeline.AuthProfileSelector;
import archiver.core.pipeline.MediaPipeline;
import archiver.core.upkeep.AdminAlert;
import archiver.core.upkeep.JobPause;
import archiver.core.upkeep.YtDlpUpdate;
import archiver.domain.SourceType;
import archiver.download.Downloader;
import archiver.download.Downloaders;
import archiver.download.http.ArchiveOrgDownloader;
import archiver.download.http.ArchiveOrgPlaylists;
import archiver.download.http.CoverFetcher;
import archiver.download.http.DirectHttpDownloader;
import archiver.download.http.GuardedHttp;
import archiver.download.http.HttpSettings;
import archiver.download.http.LecturePagePlaylists;
import archiver.download.http.LectureSiteDownloader;
import archiver.download.intake.HostResolver;
import archiver.download.intake.IntakeSettings;
import archiver.download.intake.UrlIntake;
import archiver.download.media.AudioFitter;
import archiver.download.media.Ffprobe;
import archiver.download.media.MediaTools;
import archiver.download.media.OutputValidator;
import archiver.download.media.PostProcessor;
import archiver.download.media.Splitter;
import archiver.download.process.ProcessRunner;
import archiver.download.process.SystemProcessRunner;
import archiver.download.tools.ToolProbe;
import archiver.download.tools.YtDlpInstall;
import archiver.download.tools.YtDlpUpdater;
import archiver.download.ytdlp.FormatSelector;
import archiver.download.ytdlp.YtDlpDownloader;
import archiver.download.ytdlp.YtDlpPlaylists;
import archiver.download.ytdlp.YtDlpRunner;
import archiver.storage.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** The composition root: builds the lower layers' objects from the configuration, by hand. */
final class Wiring {

  /** ffprobe reads headers only; a minute covers a slow disk. */
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(60);

  /** pip resolves and downloads yt-dlp and its few dependencies; ten minutes is plenty. */
  private static final Duration UPDATE_TIMEOUT = Duration.ofMinutes(10);

  private Wiring() {}

  /**
   * The one yt-dlp update ({@code /update_ytdlp} and the nightly one), for the yt-dlp jobs run:
   * possible only when the bot may change it (see {@link YtDlpInstall#detect}).
   */
  static YtDlpUpdate ytDlpUpdate(
      AppConfig c,
      Path updateDir,
      ProcessRunner runner,
      JobPause scheduler,
      Consumer<AdminAlert> notify) {
    YtDlpInstall install = YtDlpInstall.detect(c.tools().ytDlp(), System.getenv("PATH"));
    Optional<YtDlpUpdater> updater =
        install instanceof YtDlpInstall.Updatable u
            ? Optional.of(new YtDlpUpdater(runner, u, c.tools().ytDlp(), updateDir, UPDATE_TIMEOUT))
            : Optional.empty();
    String why = install instanceof YtDlpInstall.Fixed f ? f.why() : "";
    return new YtDlpUpdate(updater, why, scheduler, c.timeouts().job(), notify);
  }

  static IntakeSettings intakeSettings(AppConfig c) {
    return new IntakeSettings(
        c.security().allowHttp(),
        c.security().allowPrivateAddresses(),
        c.security().extraAllowedDomains(),
        c.sources().lectureSiteDomains(),
        c.sources().maxLinksPerMessage());
  }

  /** URL intake as configured; the guard inside it is also what direct downloads use per hop. */
  static UrlIntake intake(AppConfig c) {
    return new UrlIntake(intakeSettings(c), HostResolver.system());
  }

  /** Reads playlists flat with the configured yt-dlp. */
  static YtDlpPlaylists playlists(AppConfig c) {
    return new YtDlpPlaylists(
        new SystemProcessRunner(), c.tools().ytDlp(), c.ytdlp().extractorArgs());
  }

  /**
   * Reads the bot's playlists: Archive.org items and lecture pages through the guarded HTTP client,
   * everything else flat with the real yt-dlp, within the metadata timeout.
   */
  static PlaylistReader playlistReader(AppConfig c, ProcessRunner runner, Clock clock) {
    GuardedHttp http = new GuardedHttp(intake(c).guard(), HttpSettings.defaults(), clock);
    return new SourcePlaylistReader(
        PlaylistReader.ytDlp(
            new YtDlpPlaylists(runner, c.tools().ytDlp(), c.ytdlp().extractorArgs()),
            c.timeouts().metadata()),
        new ArchiveOrgPlaylists(http, ArchiveOrgDownloader.DEFAULT_BASE_URL),
        new LecturePagePlaylists(http));
  }

  static MediaPipeline pipeline(AppConfig c, Database db, Clock clock) {
    ProcessRunner runner = new SystemProcessRunner();
    YtDlpDownloader ytDlp =
        new YtDlpDownloader(
            new YtDlpRunner(
                runner, c.tools().ytDlp(), c.tools().ffmpeg(), c.ytdlp().extractorArgs()),
            new FormatSelector(),
            () -> new ToolProbe(runner).ytDlp(c.tools().ytDlp()).version().orElse(""),
            c.timeouts().metadata(),
            c.timeouts().download());
    GuardedHttp http = new GuardedHttp(intake(c).guard(), HttpSettings.defaults(), clock);
    DirectHttpDownloader direct = new DirectHttpDownloader(http, c.timeouts().download());
    Map<SourceType, Downloader> bySource = new EnumMap<>(SourceType.class);
    bySource.put(SourceType.YOUTUBE, ytDlp);
    bySource.put(SourceType.FACEBOOK, ytDlp);
    bySource.put(
        SourceType.ARCHIVE,
        new ArchiveOrgDownloader(
            http, ArchiveOrgDownloader.DEFAULT_BASE_URL, c.timeouts().download()));
    bySource.put(
        SourceType.TARIQ_ALLAH, new LectureSiteDownloader(ytDlp, http, c.timeouts().download()));
    bySource.put(SourceType.GENERIC, direct);
    MediaTools tools = new MediaTools(c.tools().ffmpeg(), c.tools().ffprobe());
    Ffprobe ffprobe = new Ffprobe(runner, tools, PROBE_TIMEOUT);
    return new MediaPipeline(
        new Downloaders(bySource),
        new AuthProfileSelector(c.authProfiles(), db.authProfiles(), clock),
        new PostProcessor(runner, tools, ffprobe, c.timeouts().postprocess()),
        new OutputValidator(ffprobe),
        new CoverFetcher(http)::fetch,
        new AudioFitter(runner, tools, ffprobe, c.timeouts().postprocess()),
        new Splitter(runner, tools, ffprobe, c.timeouts().postprocess()),
        clock);
  }
}
