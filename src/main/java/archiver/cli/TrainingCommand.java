package archiver.cli;

import archiver.config.AppConfig;
import archiver.config.ConfigLoader;
import archiver.logging.DebugTargets;
import archiver.logging.LoggingSetup;
import archiver.storage.Database;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code archiver cds-training}: the run the {@code ./archiver} launcher records a class-data
 * sharing archive from (docs/PERFORMANCE.md, "CLI start-up"). A JVM spends most of a short
 * command's time loading and verifying classes; mapped from the archive they are ready at once. It
 * loads what the short commands use — configuration, logging, intake, a migrated database, the
 * pipeline's wiring — on throwaway data in a temporary folder, and touches nothing else: no
 * network, no tools, none of the operator's files.
 */
@Command(name = "cds-training", hidden = true)
final class TrainingCommand implements Callable<Integer> {

  private static final String LINKS =
      String.join(
          "\n",
          "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s",
          "https://youtu.be/dQw4w9WgXcQ",
          "https://www.facebook.com/watch/?v=1234567890",
          "https://archive.org/details/lecture_1",
          "https://media.example.org/audio/file.mp3",
          "http://127.0.0.1:8080/x.mp4",
          "ftp://example.org/x");

  @Override
  public Integer call() throws IOException {
    Path dir = Files.createTempDirectory("archiver-cds-");
    try {
      Files.writeString(
          dir.resolve("config.yaml"),
          "paths: { database: db/a.db, tmp_root: tmp, archive_root: archive }\n");
      AppConfig config =
          new ConfigLoader().load(Optional.of(dir.resolve("config.yaml")), Map.of(), dir).config();
      LoggingSetup.configure(
          config.logging(), false, LoggingSetup.Target.STDERR, new DebugTargets());
      PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream(), true);
      new picocli.CommandLine(
              new InspectCommand(
                  Wiring.intake(config),
                  nowhere,
                  new ByteArrayInputStream(LINKS.getBytes(StandardCharsets.UTF_8))))
          .execute("-");
      try (Database db = Database.open(dir.resolve("db/a.db"))) {
        Wiring.pipeline(config, db, java.time.Clock.systemUTC());
        db.jobs().list(Optional.empty(), 10);
      }
      return 0;
    } finally {
      FetchCommand.deleteTree(dir);
    }
  }
}
