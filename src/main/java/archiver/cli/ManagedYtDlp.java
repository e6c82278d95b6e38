package archiver.cli;

import archiver.config.AppConfig;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The yt-dlp that {@code archiver setup-ytdlp} installs: a Python venv of the bot's own beside its
 * database ({@code data/yt-dlp}), with yt-dlp and deno from PyPI. When it exists and {@code
 * tools.yt_dlp} is left at its default, every command and the bot use it: a distribution's yt-dlp
 * is far too old for YouTube, and the bot can update its own venv every night.
 */
final class ManagedYtDlp {

  static final String FOLDER = "yt-dlp";

  private ManagedYtDlp() {}

  /** The venv's folder, beside the database file. */
  static Path dir(Path databaseFile) {
    Path parent = databaseFile.toAbsolutePath().normalize().getParent();
    return (parent == null ? Path.of(".") : parent).resolve(FOLDER);
  }

  static Path binary(Path venv) {
    return venv.resolve("bin").resolve("yt-dlp");
  }

  /** {@code config} with the managed yt-dlp, when it is installed and nothing else was chosen. */
  static AppConfig prefer(AppConfig config, Path databaseFile) {
    if (!AppConfig.Tools.DEFAULT_YT_DLP.equals(config.tools().ytDlp())) {
      return config;
    }
    Path installed = binary(dir(databaseFile));
    if (!Files.isExecutable(installed)) {
      return config;
    }
    AppConfig.Tools t = config.tools();
    return config.withTools(new AppConfig.Tools(installed.toString(), t.ffmpeg(), t.ffprobe()));
  }
}
