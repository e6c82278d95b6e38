package archiver.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import archiver.domain.AuthProfileStatus;
import archiver.domain.ChatSettings;
import archiver.domain.EventType;
import archiver.domain.Job;
import archiver.domain.JobType;
import archiver.domain.NewJob;
import archiver.domain.Quality;
import archiver.domain.SourceType;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {

  @TempDir Path dir;
  private Database db;
  private final Instant now = Instant.parse("2026-11-25T10:00:00Z");

  @BeforeEach
  void open() {
    db = Database.open(dir.resolve("nested/folder/a.db"));
  }

  @Test
  void givenNewFile_whenOpen_thenFoldersCreatedSchemaMigratedAndPragmasOn() {
    assertThat(dir.resolve("nested/folder/a.db")).exists();
    assertThat(db.schemaVersion()).isEqualTo("11");
    db.jdbi()
        .useHandle(
            h -> {
              assertThat(h.createQuery("PRAGMA journal_mode").mapTo(String.class).one())
                  .isEqualToIgnoringCase("wal");
              assertThat(h.createQuery("PRAGMA foreign_keys").mapTo(Integer.class).one())
                  .isEqualTo(1);
              // 2 = INCREMENTAL: the history cleanup can give pruned pages back (V8).
              assertThat(h.createQuery("PRAGMA auto_vacuum").mapTo(Integer.class).one())
                  .isEqualTo(2);
              assertThat(h.createQuery("PRAGMA busy_timeout").mapTo(Integer.class).one())
                  .isEqualTo(Database.BUSY_TIMEOUT_MS);
            });
  }

  @Test
  void givenExistingFile_whenOpenAgain_thenMigrationIsNotRepeatedAndDataStays() {
    long id =
        db.jobs().insert(archiver.core.jobs.JobStateMachineTestSupport.newJob(), now, "{}").id();
    Database again = Database.open(dir.resolve("nested/folder/a.db"));
    assertThat(again.jobs().findById(id)).isPresent();
    assertThat(again.events().forJob(id))
        .extracting(e -> e.type())
        .containsExactly(EventType.JOB_CREATED);
  }

  @Test
  void theLatestSchemaTheQuickOpenTrustsIsTheNewestMigration() throws Exception {
    Path migrations =
        Path.of(DatabaseTest.class.getClassLoader().getResource("db/migration").toURI());
    int newest;
    try (var files = java.nio.file.Files.list(migrations)) {
      newest =
          files
              .map(f -> f.getFileName().toString())
              .filter(n -> n.matches("V\\d+__.*\\.sql"))
              .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__"))))
              .max()
              .orElseThrow();
    }
    assertThat(Database.LATEST_SCHEMA).isEqualTo(newest);
    assertThat(db.schemaVersion()).isEqualTo(Integer.toString(newest));
  }

  @Test
  void eventsNeedAnExistingJob() {
    assertThatThrownBy(() -> db.events().insert(12345, EventType.JOB_CREATED, "{}", now))
        .hasMessageContaining("FOREIGN KEY");
  }

  @Test
  void statusColumnRefusesUnknownValuesEvenFromRawSql() {
    long id =
        db.jobs().insert(archiver.core.jobs.JobStateMachineTestSupport.newJob(), now, "{}").id();
    assertThatThrownBy(
            () ->
                db.jdbi()
                    .useHandle(h -> h.execute("UPDATE jobs SET status = 'DONE' WHERE id = ?", id)))
        .hasMessageContaining("CHECK");
  }

  @Test
  void authProfileDegradesAfterConsecutiveFailuresAndRecoversOnSuccess() {
    var profiles = db.authProfiles();
    profiles.ensure("yt_main", SourceType.YOUTUBE, "/etc/archiver/yt.txt", now);
    profiles.ensure("yt_main", SourceType.YOUTUBE, "/etc/archiver/yt2.txt", now);
    assertThat(profiles.recordAuthFailure("yt_main", 3, now).orElseThrow().status())
        .isEqualTo(AuthProfileStatus.ACTIVE);
    assertThat(profiles.recordAuthFailure("yt_main", 3, now).orElseThrow().status())
        .isEqualTo(AuthProfileStatus.ACTIVE);
    var degraded = profiles.recordAuthFailure("yt_main", 3, now.plusSeconds(5)).orElseThrow();
    assertThat(degraded.status()).isEqualTo(AuthProfileStatus.DEGRADED);
    assertThat(degraded.failureCountRecent()).isEqualTo(3);
    assertThat(degraded.lastFailureAt()).isEqualTo(now.plusSeconds(5));
    assertThat(degraded.cookieFilePath()).isEqualTo("/etc/archiver/yt2.txt");

    profiles.recordSuccess("yt_main", now.plusSeconds(10));
    var recovered = profiles.find("yt_main").orElseThrow();
    assertThat(recovered.status()).isEqualTo(AuthProfileStatus.ACTIVE);
    assertThat(recovered.failureCountRecent()).isZero();
    assertThat(recovered.lastSuccessAt()).isEqualTo(now.plusSeconds(10));

    profiles.setStatus("yt_main", AuthProfileStatus.DISABLED, now);
    profiles.recordSuccess("yt_main", now);
    assertThat(profiles.find("yt_main").orElseThrow().status())
        .isEqualTo(AuthProfileStatus.DISABLED);
  }

  @Test
  void chatWithoutRowHasDefaultsAndSavedSettingsRoundTrip() {
    var chats = db.chatSettings();
    assertThat(chats.get(5)).isEqualTo(ChatSettings.defaults(5));
    ChatSettings s =
        new ChatSettings(
            5, true, Optional.of(JobType.AUDIO), Optional.of("audio_64"), Optional.of("ar"), false);
    chats.save(s, now);
    assertThat(chats.get(5)).isEqualTo(s);
    chats.save(ChatSettings.defaults(5), now);
    assertThat(chats.get(5)).isEqualTo(ChatSettings.defaults(5));
  }

  @Test
  void givenVersion3File_whenOpened_thenV4KeepsEveryEventAndGivesEveryJobADueTime()
      throws Exception {
    Path old = dir.resolve("v3.db");
    org.sqlite.SQLiteDataSource source = new org.sqlite.SQLiteDataSource();
    source.setUrl("jdbc:sqlite:" + old);
    org.flywaydb.core.Flyway.configure()
        .dataSource(source)
        .locations("classpath:db/migration")
        .target("3")
        .load()
        .migrate();
    try (java.sql.Connection c = source.getConnection();
        java.sql.Statement st = c.createStatement()) {
      st.execute(
          "INSERT INTO jobs (url, normalized_url, source_type, job_type, requested_quality, status, job_key,"
              + " created_at, updated_at, next_attempt_at) VALUES ('u', 'u', 'GENERIC', 'VIDEO', '720', 'PENDING', 'k',"
              + " 1000, 1000, NULL)");
      st.execute(
          "INSERT INTO job_events (id, job_id, event_type, data, created_at) VALUES (7, 1, 'JOB_CREATED', '{}', 1000)");
      st.execute(
          "INSERT INTO job_events (id, job_id, event_type, data, created_at) VALUES (9, 1, 'STATUS_CHANGED', '{\"a\":1}', 1001)");
    }
    try (Database migrated = Database.open(old)) {
      assertThat(migrated.schemaVersion()).isEqualTo("11");
      assertThat(migrated.jobs().findById(1).orElseThrow().nextAttemptAt())
          .isEqualTo(Instant.ofEpochMilli(1000));
      assertThat(migrated.events().forJob(1))
          .extracting(e -> e.id() + " " + e.type() + " " + e.data())
          .containsExactly("7 JOB_CREATED {}", "9 STATUS_CHANGED {\"a\":1}");
      // New events follow the old ones in the timeline.
      long next = migrated.events().insert(1, EventType.WORKER_ASSIGNED, "{}", now);
      assertThat(next).isGreaterThan(9);
    }
  }

  @Test
  void givenVersion6File_whenOpened_thenV7AllowsFileJobsAndKeepsEveryRowAndTheIdCounter()
      throws Exception {
    Path old = dir.resolve("v6.db");
    org.sqlite.SQLiteDataSource source = new org.sqlite.SQLiteDataSource();
    source.setUrl("jdbc:sqlite:" + old);
    org.flywaydb.core.Flyway.configure()
        .dataSource(source)
        .locations("classpath:db/migration")
        .target("6")
        .load()
        .migrate();
    try (java.sql.Connection c = source.getConnection();
        java.sql.Statement st = c.createStatement()) {
      st.execute("PRAGMA foreign_keys = ON");
      for (int id = 1; id <= 3; id++) {
        st.execute(
            "INSERT INTO jobs (id, url, normalized_url, source_type, job_type, requested_quality, status, job_key,"
                + " created_at, updated_at, next_attempt_at, part_count) VALUES ("
                + id
                + ", 'u', 'u', 'GENERIC', 'VIDEO', '720p',"
                + " 'COMPLETED', 'k"
                + id
                + "', 1000, 1000, 1000, 2)");
      }
      st.execute(
          "INSERT INTO job_events (job_id, event_type, data, created_at) VALUES (2, 'JOB_CREATED', '{}', 1000)");
      st.execute(
          "INSERT INTO job_requesters (job_id, chat_id, user_id, created_at) VALUES (2, 77, 7, 1000)");
      st.execute(
          "INSERT INTO job_parts (job_id, part, telegram_file_id) VALUES (2, 1, 'F1'), (2, 2, 'F2')");
      st.execute(
          "INSERT INTO chat_settings (chat_id, archive_mode, default_job_type, updated_at) VALUES (77, 1, 'AUDIO', 1000)");
      // The cleanup deleted the newest job: its id must not be given again.
      st.execute("DELETE FROM jobs WHERE id = 3");
    }
    try (Database migrated = Database.open(old)) {
      assertThat(migrated.schemaVersion()).isEqualTo("11");
      assertThat(migrated.events().forJob(2))
          .extracting(e -> e.type().name())
          .containsExactly("JOB_CREATED");
      assertThat(migrated.chatSettings().get(77).defaultJobType()).contains(JobType.AUDIO);
      assertThat(migrated.chatSettings().get(77).archiveMode()).isTrue();
      NewJob file = archiver.core.jobs.JobStateMachineTestSupport.newJob();
      file =
          new NewJob(
              file.url(),
              file.normalizedUrl(),
              file.mediaId(),
              file.sourceType(),
              JobType.FILE,
              Quality.FILE.code(),
              file.jobKey(),
              file.authProfileId(),
              file.userId(),
              file.chatId());
      Job inserted = migrated.jobs().insert(file, now, "{}");
      assertThat(inserted.id()).isEqualTo(4);
      assertThat(migrated.jobs().findById(inserted.id()).orElseThrow().jobType())
          .isEqualTo(JobType.FILE);
      migrated
          .chatSettings()
          .save(
              new ChatSettings(
                  78, false, Optional.of(JobType.FILE), Optional.empty(), Optional.empty(), false),
              now);
      assertThat(migrated.chatSettings().get(78).defaultJobType()).contains(JobType.FILE);
      // Foreign keys are on again, and the children still belong to their jobs.
      assertThatThrownBy(() -> migrated.events().insert(12345, EventType.JOB_CREATED, "{}", now))
          .hasMessageContaining("FOREIGN KEY");
    }
    try (java.sql.Connection c = source.getConnection();
        java.sql.Statement st = c.createStatement()) {
      st.execute("PRAGMA foreign_keys = ON");
      var check = st.executeQuery("PRAGMA foreign_key_check");
      assertThat(check.next()).as("foreign key violations").isFalse();
      st.execute("DELETE FROM jobs WHERE id = 2");
      var left =
          st.executeQuery(
              "SELECT (SELECT count(*) FROM job_events WHERE job_id = 2) + (SELECT count(*) FROM job_parts WHERE job_id = 2)"
                  + " + (SELECT count(*) FROM job_requesters WHERE job_id = 2)");
      left.next();
      assertThat(left.getInt(1)).as("children cascade-deleted with their job").isZero();
    }
  }

  @Test
  void givenSeveralOpeningANewFileAtOnce_thenEachSeesTheWholeSchemaMigratedOnce() throws Exception {
    // The bot starting and `./archiver jobs` beside it: both migrate the same new file.
    for (int round = 0; round < 5; round++) {
      Path fresh = dir.resolve("race-" + round + ".db");
      int openers = 4;
      java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(openers);
      java.util.concurrent.ExecutorService pool =
          java.util.concurrent.Executors.newFixedThreadPool(openers);
      try {
        List<java.util.concurrent.Future<String>> versions = new java.util.ArrayList<>();
        for (int i = 0; i < openers; i++) {
          versions.add(
              pool.submit(
                  () -> {
                    start.await();
                    try (Database opened = Database.open(fresh)) {
                      opened
                          .jobs()
                          .insert(
                              archiver.core.jobs.JobStateMachineTestSupport.newJob(), now, "{}");
                      return opened.schemaVersion();
                    }
                  }));
        }
        for (java.util.concurrent.Future<String> v : versions) {
          assertThat(v.get()).isEqualTo("11");
        }
      } finally {
        pool.shutdownNow();
      }
      try (Database opened = Database.open(fresh)) {
        assertThat(opened.jobs().list(Optional.empty(), 10)).hasSize(openers);
      }
    }
  }

  @Test
  void givenAStatementThatFailed_whenTheSameSqlRunsAgain_thenTheKeptStatementWorks() {
    assertThatThrownBy(() -> db.events().insert(12345, EventType.JOB_CREATED, "{}", now))
        .hasMessageContaining("FOREIGN KEY");
    long id =
        db.jobs().insert(archiver.core.jobs.JobStateMachineTestSupport.newJob(), now, "{}").id();
    for (int i = 0; i < 3; i++) {
      db.events().insert(id, EventType.WORKER_ASSIGNED, "{\"i\":" + i + "}", now);
    }
    assertThat(db.events().forJob(id))
        .extracting(e -> e.data())
        .containsExactly("{}", "{\"i\":0}", "{\"i\":1}", "{\"i\":2}");
  }

  @Test
  void givenClosedDatabase_whenUsed_thenItSaysSoAndClosingAgainIsHarmless() {
    db.close();
    assertThatThrownBy(() -> db.jobs().findById(1)).hasMessageContaining("is closed");
    db.close();
  }
}
