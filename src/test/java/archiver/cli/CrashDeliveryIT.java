package archiver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.domain.EventType;
import archiver.domain.Job;
import archiver.domain.JobEvent;
import archiver.domain.JobStatus;
import archiver.domain.Requester;
import archiver.storage.Database;
import archiver.testing.ArchiverJar;
import archiver.testing.FakeBotApi;
import archiver.testing.FakeBotApiCall;
import archiver.testing.LocalMediaServer;
import archiver.testing.TestMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delivery across a crash, with the real jar killed by SIGKILL and started again: every chat ends
 * with one copy (the one send in flight at the kill is the only possible duplicate, and its
 * timeline says so), and an update Telegram sends again creates nothing and says nothing twice.
 */
class CrashDeliveryIT {

  private static final String TOKEN = "123456789:AAH-recovery-test-token-for-fake-api";
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir Path dir;

  private ArchiverJar jar(FakeBotApi telegram) throws Exception {
    Files.writeString(
        dir.resolve("config.yaml"),
        "telegram: { api_base_url: '"
            + telegram.baseUrl()
            + "' }\n"
            + "security: { allow_private_addresses: true, allow_http: true }\n");
    return new ArchiverJar(dir, Map.of("TELEGRAM_BOT_TOKEN", TOKEN));
  }

  /** Reads the bot's database from this process, as `./archiver jobs` would beside the bot. */
  private <T> T db(Function<Database, T> read) {
    Path file = dir.resolve("data/archiver.db");
    if (!Files.exists(file)) {
      return null;
    }
    try (Database db = Database.open(file)) {
      return read.apply(db);
    }
  }

  private static void kill(Process p) throws InterruptedException {
    p.destroyForcibly(); // SIGKILL: no shutdown hook, nothing flushed
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
  }

  private static void stop(Process p) throws InterruptedException {
    p.destroy();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aKillDuringTheFanOutSendsOnlyToChatsNotServedYet() throws Exception {
    Path clip = TestMedia.h264AacMp4(Files.createDirectories(dir.resolve("clips")), 3, 320, 240);
    byte[] bytes = Files.readAllBytes(clip);
    List<Long> chats = List.of(7001L, 7002L, 7003L, 7004L, 7005L, 7006L);
    try (FakeBotApi telegram = FakeBotApi.start(TOKEN);
        LocalMediaServer media = LocalMediaServer.start()) {
      media.respond(
          "/series.mp4",
          new LocalMediaServer.Drip(bytes, "video/mp4", 2048, Duration.ofMillis(100)));
      String link = "/video " + media.baseUrl() + "/series.mp4";
      telegram.answerSlowly("sendVideo", Duration.ofSeconds(2));
      ArchiverJar jar = jar(telegram);
      Path log = dir.resolve("bot.log");

      Process first = jar.start(log, "run");
      try {
        telegram.userSendsText(chats.getFirst(), chats.getFirst(), link, "en");
        Awaitility.await()
            .atMost(WAIT)
            .pollInterval(Duration.ofMillis(200))
            .until(
                () ->
                    Optional.ofNullable(db(d -> d.jobs().list(Optional.empty(), 1)))
                        .orElse(List.of())
                        .stream()
                        .anyMatch(j -> j.status() == JobStatus.RUNNING));
        for (long chat : chats.subList(1, chats.size())) {
          telegram.userSendsText(chat, chat, link, "en");
        }
        Awaitility.await()
            .atMost(WAIT)
            .pollInterval(Duration.ofMillis(200))
            .until(
                () ->
                    db(
                            d ->
                                d.deliveries()
                                    .requesters(d.jobs().list(Optional.empty(), 1).getFirst().id())
                                    .size())
                        == 6);
        // The first chat is served (its delivery is committed); the fan-out has started on the
        // next.
        Awaitility.await()
            .atMost(WAIT)
            .pollInterval(Duration.ofMillis(100))
            .until(
                () ->
                    db(
                            d ->
                                d
                                    .deliveries()
                                    .requesters(d.jobs().list(Optional.empty(), 1).getFirst().id())
                                    .stream()
                                    .filter(Requester::delivered)
                                    .count())
                        >= 1);
      } finally {
        kill(first);
      }
      long servedBeforeKill =
          db(
              d ->
                  d
                      .deliveries()
                      .requesters(d.jobs().list(Optional.empty(), 1).getFirst().id())
                      .stream()
                      .filter(Requester::delivered)
                      .count());
      assertThat(servedBeforeKill).isLessThan(6);

      Process second = jar.start(log, "run");
      try {
        Awaitility.await()
            .atMost(WAIT)
            .pollInterval(Duration.ofMillis(300))
            .until(
                () ->
                    db(
                        d ->
                            d
                                .deliveries()
                                .requesters(d.jobs().list(Optional.empty(), 1).getFirst().id())
                                .stream()
                                .allMatch(Requester::delivered)));
      } finally {
        stop(second);
      }

      Job job = db(d -> d.jobs().list(Optional.empty(), 1).getFirst());
      List<JobEvent> timeline = db(d -> d.events().forJob(job.id()));
      List<JobEvent> interrupted =
          timeline.stream().filter(e -> e.type() == EventType.TELEGRAM_SEND_INTERRUPTED).toList();
      assertThat(interrupted)
          .as("at most the one send in flight at the kill")
          .hasSizeLessThanOrEqualTo(1);
      int duplicates = 0;
      for (long chat : chats) {
        long copies = telegram.messagesIn(chat).stream().filter(m -> m.has("video")).count();
        boolean markedInFlight =
            interrupted.stream().anyMatch(e -> e.data().contains("\"chat_id\":" + chat));
        if (markedInFlight) {
          assertThat(copies).as("chat %d, in flight at the kill", chat).isBetween(1L, 2L);
          duplicates += (int) copies - 1;
        } else {
          assertThat(copies).as("chat %d", chat).isEqualTo(1);
        }
      }
      assertThat(duplicates).isLessThanOrEqualTo(1);
      assertThat(telegram.calls("sendVideo").stream().filter(c -> c.hasUpload("video")))
          .as("the file was uploaded once; every other chat got Telegram's copy")
          .hasSize(1);
      assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
      assertThat(timeline.stream().filter(e -> e.type() == EventType.TELEGRAM_SEND_FINISHED))
          .hasSize(6);
      assertThat(Files.readString(log)).doesNotContain(TOKEN);
    }
  }

  @Test
  void anUpdateSentAgainAfterAKillCreatesNoSecondJobAndNoSecondReply() throws Exception {
    Path clip = TestMedia.h264AacMp4(Files.createDirectories(dir.resolve("clips")), 3, 320, 240);
    byte[] bytes = Files.readAllBytes(clip);
    long chat = 7101;
    try (FakeBotApi telegram = FakeBotApi.start(TOKEN);
        LocalMediaServer media = LocalMediaServer.start()) {
      media.respond(
          "/slow.mp4", new LocalMediaServer.Drip(bytes, "video/mp4", 1024, Duration.ofMillis(200)));
      ArchiverJar jar = jar(telegram);
      Path log = dir.resolve("bot.log");
      // The bot will die before its next poll could confirm the update: Telegram sends it again.
      telegram.loseConfirmations(true);

      Process first = jar.start(log, "run");
      int queuedMessage;
      try {
        telegram.userSendsText(chat, chat, "/video " + media.baseUrl() + "/slow.mp4", "en");
        FakeBotApiCall queued =
            telegram.awaitCall(
                "sendMessage",
                c -> c.chatId() == chat && c.requiredParam("text").startsWith("Fetching"),
                WAIT);
        queuedMessage = queued.resultMessageId();
        Awaitility.await()
            .atMost(WAIT)
            .pollInterval(Duration.ofMillis(200))
            .until(
                () ->
                    Optional.ofNullable(db(d -> d.jobs().list(Optional.empty(), 5)))
                        .orElse(List.of())
                        .stream()
                        .anyMatch(j -> j.status() == JobStatus.RUNNING));
      } finally {
        kill(first);
      }
      assertThat(telegram.pendingUpdateCount()).as("the update was never confirmed").isEqualTo(1);

      media.serve("/slow.mp4", bytes, "video/mp4");
      Process second = jar.start(log, "run");
      try {
        Awaitility.await()
            .atMost(WAIT)
            .pollInterval(Duration.ofMillis(300))
            .until(
                () ->
                    db(d -> d.jobs().list(Optional.empty(), 5).getFirst().status())
                        == JobStatus.COMPLETED);
        telegram.awaitCall("sendVideo", c -> c.chatId() == chat, WAIT);
        // The recovered job's status message goes once the media is there.
        Awaitility.await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> telegram.message(chat, queuedMessage).isEmpty());
      } finally {
        stop(second);
      }

      List<Job> jobs = db(d -> d.jobs().list(Optional.empty(), 5));
      assertThat(jobs).as("one job").hasSize(1);
      assertThat(
              telegram.calls("sendMessage").stream()
                  .filter(
                      c -> c.chatId() == chat && c.requiredParam("text").startsWith("Fetching")))
          .as("one reply")
          .hasSize(1);
      assertThat(telegram.messagesIn(chat).stream().filter(m -> m.has("video"))).hasSize(1);
      assertThat(Files.readString(log)).contains("was handled before");
    }
  }
}
