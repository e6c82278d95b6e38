package archiver.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.config.AppConfig;
import archiver.core.events.EventRecorder;
import archiver.core.jobs.JobStateMachine;
import archiver.core.jobs.JobStateMachineTestSupport;
import archiver.core.jobs.JobTransition;
import archiver.core.pipeline.ReadyMedia;
import archiver.domain.ErrorType;
import archiver.domain.EventType;
import archiver.domain.Job;
import archiver.domain.JobEvent;
import archiver.domain.JobType;
import archiver.domain.Requester;
import archiver.download.media.MediaInfo;
import archiver.storage.Database;
import archiver.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One send to one chat, committed as it happens: what the store and the timeline say after it. */
class ChatDeliveryTest {

  @TempDir Path dir;
  private Database db;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
  private final ScriptedSender sender = new ScriptedSender();
  private ChatDelivery delivery;
  private Job job;

  /** Answers sends as scripted, in order, and records which chats were sent to. */
  private static final class ScriptedSender implements JobObserver {
    final Deque<SendResult> answers = new ArrayDeque<>();
    final List<Long> sentTo = new ArrayList<>();

    @Override
    public SendResult upload(Job job, Requester to, ReadyMedia media, Piece piece) {
      sentTo.add(to.chatId());
      return answers.removeFirst();
    }

    @Override
    public SendResult resend(Job job, Requester to, Piece piece, String fileId) {
      sentTo.add(to.chatId());
      return answers.removeFirst();
    }
  }

  @BeforeEach
  void open() {
    db = archiver.testing.TestDatabases.fresh(dir);
    EventRecorder events = new EventRecorder(db.events(), clock);
    delivery =
        new ChatDelivery(
            db.deliveries(), events, sender, new AppConfig.Retries(2, List.of(60, 300)), clock);
    job = db.jobs().insert(JobStateMachineTestSupport.newJob(), clock.instant(), "{}");
    for (long chat : List.of(200L, 300L)) {
      clock.advance(Duration.ofSeconds(1));
      db.jobs()
          .submitting(
              tx -> tx.addRequester(job.id(), chat, chat, "en", List.of(), clock.instant()));
    }
  }

  @AfterEach
  void close() {
    db.close();
  }

  private static ReadyMedia media() {
    return new ReadyMedia(
        Path.of("/tmp/x.mp4"),
        Optional.empty(),
        JobType.VIDEO,
        "t",
        Optional.empty(),
        Optional.empty(),
        new MediaInfo(List.of(), 3, 10, 0, List.of(), Map.of()),
        10,
        false,
        true);
  }

  private Requester requester(long chat) {
    return db.deliveries().requesters(job.id()).stream()
        .filter(r -> r.chatId() == chat)
        .findFirst()
        .orElseThrow();
  }

  private List<JobEvent> events(EventType type) {
    return db.events().forJob(job.id()).stream().filter(e -> e.type() == type).toList();
  }

  private static JobObserver.SendResult.Failed telegramDown(boolean mayHaveArrived) {
    return new JobObserver.SendResult.Failed(
        ErrorType.TELEGRAM_ERROR,
        "the Bot API answered 502",
        Optional.of(502),
        Optional.empty(),
        mayHaveArrived);
  }

  @Test
  void theFirstChatsDeliveryIsCommittedWithItsMessageAndTheFileIdAtOnce() {
    sender.answers.add(new JobObserver.SendResult.Sent(11, "FILE-1"));

    ChatDelivery.UploadOutcome outcome = delivery.uploadFirst(job, List.of(media()));

    assertThat(outcome).isEqualTo(new ChatDelivery.UploadOutcome.Uploaded("FILE-1"));
    assertThat(sender.sentTo).containsExactly(4242L);
    Requester first = requester(4242);
    assertThat(first.delivered()).isTrue();
    assertThat(first.messageId()).isEqualTo(11);
    assertThat(first.sendStartedAt()).isNull();
    assertThat(requester(200).waiting()).as("the others are the fan-out's").isTrue();
    assertThat(db.jobs().findById(job.id()).orElseThrow().telegramFileId()).isEqualTo("FILE-1");
    assertThat(events(EventType.TELEGRAM_SEND_FINISHED))
        .singleElement()
        .satisfies(
            e -> assertThat(e.data()).contains("\"chat_id\":4242").contains("\"message_id\":11"));
  }

  @Test
  void aChatThatBlockedTheBotIsGivenUpAndTheNextChatGetsTheUpload() {
    sender.answers.add(
        new JobObserver.SendResult.ChatUnreachable("Forbidden: bot was blocked by the user", 403));
    sender.answers.add(new JobObserver.SendResult.Sent(5, "FILE-2"));

    ChatDelivery.UploadOutcome outcome = delivery.uploadFirst(job, List.of(media()));

    assertThat(outcome).isEqualTo(new ChatDelivery.UploadOutcome.Uploaded("FILE-2"));
    assertThat(sender.sentTo).containsExactly(4242L, 200L);
    assertThat(requester(4242).gaveUpAt()).isNotNull();
    assertThat(requester(200).delivered()).isTrue();
    assertThat(events(EventType.TELEGRAM_SEND_FAILED))
        .singleElement()
        .satisfies(
            e -> assertThat(e.data()).contains("\"gave_up\":true").contains("\"http_status\":403"));
  }

  @Test
  void aFailedUploadGoesBackToTheJobAndKeepsTheInFlightMarkOnlyWhenItMayHaveArrived() {
    sender.answers.add(telegramDown(false));
    assertThat(delivery.uploadFirst(job, List.of(media())))
        .isInstanceOf(ChatDelivery.UploadOutcome.Failed.class);
    assertThat(requester(4242).sendStartedAt()).as("a 502 was an answer: nothing arrived").isNull();

    sender.answers.add(telegramDown(true));
    assertThat(delivery.uploadFirst(job, List.of(media())))
        .isInstanceOf(ChatDelivery.UploadOutcome.Failed.class);
    assertThat(requester(4242).sendStartedAt()).as("no answer: the chat may have it").isNotNull();
    assertThat(db.deliveries().interruptedSends("", java.time.Instant.ofEpochMilli(Long.MAX_VALUE)))
        .extracting(Requester::chatId)
        .containsExactly(4242L);
  }

  @Test
  void aFanOutSendThatFailsIsRetriedForThatChatAloneThenGivenUp() {
    db.deliveries().delivered(job.id(), 4242, 1, "FILE-1", List.of(), clock.instant());
    Job withCopy = db.jobs().findById(job.id()).orElseThrow();

    sender.answers.add(telegramDown(false));
    delivery.resend(withCopy, requester(200));
    Requester afterFirst = requester(200);
    assertThat(afterFirst.waiting()).isTrue();
    assertThat(afterFirst.nextSendAt()).isEqualTo(clock.instant().plus(Duration.ofSeconds(60)));
    assertThat(afterFirst.sendAttempts()).isEqualTo(1);

    sender.answers.add(telegramDown(false));
    delivery.resend(withCopy, requester(200));
    assertThat(requester(200).nextSendAt())
        .isEqualTo(clock.instant().plus(Duration.ofSeconds(300)));

    sender.answers.add(telegramDown(false));
    delivery.resend(withCopy, requester(200));
    assertThat(requester(200).gaveUpAt()).as("retries used up").isNotNull();
    assertThat(events(EventType.TELEGRAM_SEND_FAILED)).hasSize(3);
  }

  @Test
  void theFanOutServesOneChatOfAJobAtATimeAndSkipsJobsInFlight() {
    db.deliveries().delivered(job.id(), 4242, 1, "FILE-1", List.of(), clock.instant());
    JobStateMachine sm =
        new JobStateMachine(db.jobs(), new EventRecorder(db.events(), clock), clock);
    sm.transition(
        job.id(),
        new JobTransition.StatusOnly(
            archiver.domain.JobStatus.PENDING, archiver.domain.JobStatus.QUEUED, Map.of()));
    sm.transition(
        job.id(),
        new JobTransition.StatusOnly(
            archiver.domain.JobStatus.QUEUED, archiver.domain.JobStatus.RUNNING, Map.of()));
    sm.transition(
        job.id(),
        new JobTransition.StatusOnly(
            archiver.domain.JobStatus.RUNNING, archiver.domain.JobStatus.COMPLETED, Map.of()));

    assertThat(db.deliveries().nextWaitingChats(clock.instant(), 10, List.of()))
        .singleElement()
        .satisfies(w -> assertThat(w.requester().chatId()).isEqualTo(200));
    assertThat(db.deliveries().nextWaitingChats(clock.instant(), 10, List.of(job.id()))).isEmpty();
  }
}
