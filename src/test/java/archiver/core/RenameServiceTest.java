package archiver.core;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.core.delivery.JobObserver;
import archiver.core.delivery.Piece;
import archiver.core.pipeline.MediaRecord;
import archiver.core.pipeline.ReadyMedia;
import archiver.core.rename.RenameRequest;
import archiver.core.rename.RenameRequest.Target;
import archiver.core.rename.RenameResult;
import archiver.core.rename.RenameResult.Reason;
import archiver.core.rename.RenameService;
import archiver.domain.ChatSettings;
import archiver.domain.EventType;
import archiver.domain.Job;
import archiver.domain.JobEvent;
import archiver.domain.JobStatus;
import archiver.domain.Requester;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /rename} (docs/ARCHITECTURE.md, "Renaming"): a finished, archived job's files and title
 * take a new name through {@code FileNames}, with a JOB_RENAMED event, and the next delivery says
 * the new title. Real SQLite, a real archive folder, the real core.
 */
class RenameServiceTest {

  private static final String LINK = "https://www.youtube.com/watch?v=dQw4w9WgXcQ";
  private static final long CHAT = 77;
  private static final long OWNER = 1;
  private static final long STRANGER = 2;

  @TempDir Path dir;

  /** Telegram as the core sees it: every send is a new message with a file_id. */
  private static final class Telegram implements JobObserver {
    final AtomicInteger nextMessageId = new AtomicInteger(500);
    final Map<Long, List<Integer>> messagesByChat = new ConcurrentHashMap<>();
    final List<String> resentTitles = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public SendResult upload(Job job, Requester to, ReadyMedia media, Piece piece) {
      return sent(to, "FILE-" + job.id() + "-" + piece.index());
    }

    @Override
    public SendResult resend(Job job, Requester to, Piece piece, String fileId) {
      resentTitles.add(job.finalTitle());
      return sent(to, fileId);
    }

    private SendResult sent(Requester to, String fileId) {
      int id = nextMessageId.getAndIncrement();
      messagesByChat.computeIfAbsent(to.chatId(), c -> new ArrayList<>()).add(id);
      return new SendResult.Sent(id, fileId);
    }
  }

  private final Telegram telegram = new Telegram();

  private OrchestrationHarness harness(FakeProcessor processor) {
    return new OrchestrationHarness(dir, processor, telegram, c -> c);
  }

  private static void archiveMode(OrchestrationHarness h, long chat, boolean on) {
    h.db
        .chatSettings()
        .save(
            new ChatSettings(chat, on, Optional.empty(), Optional.empty(), Optional.empty(), false),
            h.clock.instant());
  }

  /** A job of {@link #OWNER} in {@link #CHAT}, run to the end with archive mode on. */
  private long archivedJob(OrchestrationHarness h) {
    archiveMode(h, CHAT, true);
    long id = h.created(h.submit(LINK, OWNER, CHAT));
    h.dispatchAndWait();
    Job job = h.job(id);
    assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(job.archived()).isTrue();
    return id;
  }

  private static RenameResult rename(
      OrchestrationHarness h, Target target, String title, long user, boolean admin) {
    return h.core.renames().rename(new RenameRequest(CHAT, target, title, user, admin));
  }

  private int lastMessageIn(long chat) {
    return telegram.messagesByChat.get(chat).getLast();
  }

  private static List<JobEvent> renamedEvents(OrchestrationHarness h, long id) {
    return h.db.events().forJob(id).stream()
        .filter(e -> e.type() == EventType.JOB_RENAMED)
        .toList();
  }

  @Test
  void aReplyToTheDeliveredMediaRenamesItsArchivedFileTitleAndMediaRecordWithAnEvent()
      throws Exception {
    try (OrchestrationHarness h = harness(new FakeProcessor())) {
      long id = archivedJob(h);
      Path before = Path.of(h.job(id).filePath());
      String content = Files.readString(before);

      RenameResult result =
          rename(h, new Target.Reply(lastMessageIn(CHAT)), "  My   favourite\nsong ", OWNER, false);

      assertThat(result)
          .isEqualTo(
              new RenameResult.Renamed(
                  id, "My favourite song", List.of("My favourite song [dQw4w9WgXcQ].mp4")));
      Job job = h.job(id);
      Path after = before.resolveSibling("My favourite song [dQw4w9WgXcQ].mp4");
      assertThat(job.finalTitle()).isEqualTo("My favourite song");
      assertThat(job.filePath()).isEqualTo(after.toString());
      assertThat(before).doesNotExist();
      assertThat(after).hasContent(content);
      assertThat(MediaRecord.parseAll(job.media()))
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.file()).isEqualTo(after.toString());
                assertThat(r.title()).isEqualTo("My favourite song");
              });
      assertThat(renamedEvents(h, id))
          .singleElement()
          .satisfies(
              e ->
                  assertThat(e.data())
                      .contains("\"from\":\"Title of /watch\"")
                      .contains("\"to\":\"My favourite song\"")
                      .contains("\"old_path\":\"" + before + "\"")
                      .contains("\"new_path\":\"" + after + "\"")
                      .contains("\"by\":\"user 1\"")
                      .doesNotContain("old_paths"));
    }
  }

  @Test
  void aJobIdNamesTheJobWithoutAReply() {
    try (OrchestrationHarness h = harness(new FakeProcessor())) {
      long id = archivedJob(h);

      RenameResult result = rename(h, new Target.JobId(id), "By id", OWNER, false);

      assertThat(result).isInstanceOf(RenameResult.Renamed.class);
      assertThat(h.job(id).filePath()).endsWith("/By id [dQw4w9WgXcQ].mp4");
      assertThat(Path.of(h.job(id).filePath())).exists();
    }
  }

  @Test
  void theNextDeliveryFromTelegramsCopySaysTheNewTitle() {
    try (OrchestrationHarness h = harness(new FakeProcessor())) {
      long id = archivedJob(h);
      rename(h, new Target.JobId(id), "Renamed title", OWNER, false);

      h.submit(LINK, 3, 88); // another chat asks: answered from Telegram's copy
      h.core.fanOut().startDue();

      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> !telegram.resentTitles.isEmpty());
      assertThat(telegram.resentTitles).containsExactly("Renamed title");
    }
  }

  @Test
  void aChatWithArchiveModeOffIsRefusedAndNothingMoves() {
    try (OrchestrationHarness h = harness(new FakeProcessor())) {
      long id = archivedJob(h);
      String path = h.job(id).filePath();
      archiveMode(h, CHAT, false);

      RenameResult result = rename(h, new Target.JobId(id), "New", OWNER, false);

      assertThat(result).isEqualTo(new RenameResult.Refused(Reason.ARCHIVE_OFF));
      assertThat(h.job(id).filePath()).isEqualTo(path);
      assertThat(Path.of(path)).exists();
      assertThat(renamedEvents(h, id)).isEmpty();
    }
  }

  @Test
  void someoneWhoDidNotAskForTheJobIsRefusedButAnAdminMayRenameIt() {
    try (OrchestrationHarness h = harness(new FakeProcessor())) {
      long id = archivedJob(h);
      String path = h.job(id).filePath();

      RenameResult stranger = rename(h, new Target.JobId(id), "Mine now", STRANGER, false);
      assertThat(stranger).isEqualTo(new RenameResult.Refused(Reason.NOT_YOURS));
      assertThat(h.job(id).filePath()).isEqualTo(path);

      RenameResult admin = rename(h, new Target.JobId(id), "Fixed by admin", STRANGER, true);
      assertThat(admin).isInstanceOf(RenameResult.Renamed.class);
      assertThat(renamedEvents(h, id))
          .singleElement()
          .satisfies(e -> assertThat(e.data()).contains("\"by\":\"admin 2\""));
    }
  }

  @Test
  void aJobNotFinishedOrNotArchivedOrUnknownIsRefused() {
    try (OrchestrationHarness h = harness(new FakeProcessor())) {
      archiveMode(h, CHAT, false);
      long sentOnly = h.created(h.submit(LINK, OWNER, CHAT));
      h.dispatchAndWait(); // finished while archive mode was off: nothing in the archive
      archiveMode(h, CHAT, true);
      long waiting = h.created(h.submit("https://youtu.be/bbbbbbbbbbb", OWNER, CHAT));

      assertThat(rename(h, new Target.JobId(sentOnly), "New", OWNER, false))
          .isEqualTo(new RenameResult.Refused(Reason.NOT_ARCHIVED));
      assertThat(rename(h, new Target.JobId(waiting), "New", OWNER, false))
          .isEqualTo(new RenameResult.Refused(Reason.NOT_COMPLETED));
      assertThat(rename(h, new Target.JobId(9999), "New", OWNER, false))
          .isEqualTo(new RenameResult.Refused(Reason.NO_SUCH_JOB));
      assertThat(rename(h, new Target.Reply(12345), "New", OWNER, false))
          .isEqualTo(new RenameResult.Refused(Reason.NOT_A_DELIVERED_MESSAGE));
    }
  }

  @Test
  void anArchivedFileThatIsGoneIsRefusedAsNotArchived() throws Exception {
    try (OrchestrationHarness h = harness(new FakeProcessor())) {
      long id = archivedJob(h);
      Files.delete(Path.of(h.job(id).filePath()));

      assertThat(rename(h, new Target.JobId(id), "New", OWNER, false))
          .isEqualTo(new RenameResult.Refused(Reason.NOT_ARCHIVED));
    }
  }

  @Test
  void aBlankOrOverlongTitleIsRefused() {
    try (OrchestrationHarness h = harness(new FakeProcessor())) {
      long id = archivedJob(h);

      assertThat(rename(h, new Target.JobId(id), " \n\t ", OWNER, false))
          .isEqualTo(new RenameResult.Refused(Reason.EMPTY_TITLE));
      assertThat(
              rename(
                  h,
                  new Target.JobId(id),
                  "x".repeat(RenameService.MAX_TITLE_CHARS + 1),
                  OWNER,
                  false))
          .isEqualTo(new RenameResult.Refused(Reason.TITLE_TOO_LONG));
      assertThat(renamedEvents(h, id)).isEmpty();
    }
  }

  @Test
  void aNameTakenByAnotherFileGetsTheNextNumberAndTheOtherFileIsLeftAlone() throws Exception {
    try (OrchestrationHarness h = harness(new FakeProcessor())) {
      long id = archivedJob(h);
      Path before = Path.of(h.job(id).filePath());
      Path taken = Files.writeString(before.resolveSibling("Taken [dQw4w9WgXcQ].mp4"), "other");

      RenameResult result = rename(h, new Target.JobId(id), "Taken", OWNER, false);

      assertThat(result)
          .isEqualTo(new RenameResult.Renamed(id, "Taken", List.of("Taken [dQw4w9WgXcQ] (2).mp4")));
      assertThat(taken).hasContent("other");
      assertThat(before.resolveSibling("Taken [dQw4w9WgXcQ] (2).mp4")).exists();
    }
  }

  @Test
  void anIdenticalFileAtTheNewNameIsNotMergedWith() throws Exception {
    try (OrchestrationHarness h = harness(new FakeProcessor())) {
      long id = archivedJob(h);
      Path before = Path.of(h.job(id).filePath());
      Path twin = before.resolveSibling("Twin [dQw4w9WgXcQ].mp4");
      Files.copy(before, twin);

      rename(h, new Target.JobId(id), "Twin", OWNER, false);

      assertThat(h.job(id).filePath())
          .isEqualTo(twin.resolveSibling("Twin [dQw4w9WgXcQ] (2).mp4").toString());
      assertThat(twin).exists();
      assertThat(Path.of(h.job(id).filePath())).exists();
    }
  }

  @Test
  void renamingToTheSameTitleKeepsTheFileWhereItIs() {
    try (OrchestrationHarness h = harness(new FakeProcessor())) {
      long id = archivedJob(h);
      rename(h, new Target.JobId(id), "Same", OWNER, false);
      String path = h.job(id).filePath();

      RenameResult again = rename(h, new Target.JobId(id), "Same", OWNER, false);

      assertThat(again)
          .isEqualTo(new RenameResult.Renamed(id, "Same", List.of("Same [dQw4w9WgXcQ].mp4")));
      assertThat(h.job(id).filePath()).isEqualTo(path);
      assertThat(Path.of(path)).exists();
    }
  }

  @Test
  void everyPartOfALongVideoIsRenamedAndAReplyToAnyPartFindsTheJob() {
    try (OrchestrationHarness h =
        harness(new FakeProcessor(url -> new FakeProcessor.SucceedInParts(3)))) {
      long id = archivedJob(h);
      List<Integer> parts = telegram.messagesByChat.get(CHAT);
      assertThat(parts).hasSize(3);
      List<String> before =
          MediaRecord.parseAll(h.job(id).media()).stream().map(r -> r.file()).toList();

      RenameResult first = rename(h, new Target.Reply(parts.getFirst()), "Lecture", OWNER, false);

      assertThat(first)
          .isEqualTo(
              new RenameResult.Renamed(
                  id,
                  "Lecture",
                  List.of(
                      "Lecture - part 1 of 3 [dQw4w9WgXcQ].mp4",
                      "Lecture - part 2 of 3 [dQw4w9WgXcQ].mp4",
                      "Lecture - part 3 of 3 [dQw4w9WgXcQ].mp4")));
      List<MediaRecord> records = MediaRecord.parseAll(h.job(id).media());
      for (int k = 0; k < 3; k++) {
        Path file = Path.of(records.get(k).file());
        assertThat(file.getFileName().toString())
            .isEqualTo("Lecture - part " + (k + 1) + " of 3 [dQw4w9WgXcQ].mp4");
        assertThat(file).hasContent("media of " + LINK + " part " + (k + 1));
        assertThat(Path.of(before.get(k))).doesNotExist();
        assertThat(records.get(k).title()).isEqualTo("Lecture");
      }
      assertThat(h.job(id).filePath()).isEqualTo(records.getFirst().file());
      assertThat(renamedEvents(h, id).getFirst().data())
          .contains("\"old_paths\":[")
          .contains("\"new_paths\":[");

      RenameResult last = rename(h, new Target.Reply(parts.getLast()), "Talk", OWNER, false);
      assertThat(last).isInstanceOf(RenameResult.Renamed.class);
      assertThat(h.job(id).filePath()).endsWith("Talk - part 1 of 3 [dQw4w9WgXcQ].mp4");
    }
  }

  @Test
  void whenOnePartCannotBeMovedThePartsMovedBeforeGoBackAndTheJobIsUnchanged() throws Exception {
    try (OrchestrationHarness h =
        harness(new FakeProcessor(url -> new FakeProcessor.SucceedInParts(3)))) {
      long id = archivedJob(h);
      Job before = h.job(id);
      List<String> files =
          MediaRecord.parseAll(before.media()).stream().map(MediaRecord::file).toList();
      // Every name part 2 could take is held by another file: its move fails after part 1's.
      Path folder = Path.of(files.getFirst()).getParent();
      String second = "Blocked - part 2 of 3 [dQw4w9WgXcQ].mp4";
      Files.writeString(folder.resolve(second), "other");
      for (int n = 2; n <= 1000; n++) {
        Files.writeString(folder.resolve(archiver.storage.FileNames.numbered(second, n)), "other");
      }

      RenameResult result = rename(h, new Target.JobId(id), "Blocked", OWNER, false);

      assertThat(result).isEqualTo(new RenameResult.Refused(Reason.FAILED));
      assertThat(h.job(id).filePath()).isEqualTo(before.filePath());
      assertThat(h.job(id).finalTitle()).isEqualTo(before.finalTitle());
      assertThat(h.job(id).media()).isEqualTo(before.media());
      for (String file : files) {
        assertThat(Path.of(file)).exists();
      }
      assertThat(folder.resolve("Blocked - part 1 of 3 [dQw4w9WgXcQ].mp4")).doesNotExist();
      assertThat(renamedEvents(h, id)).isEmpty();
    }
  }

  @Test
  void anUnsafeTitleStaysInItsFolderAsASanitizedName() {
    try (OrchestrationHarness h = harness(new FakeProcessor())) {
      long id = archivedJob(h);
      Path folder = Path.of(h.job(id).filePath()).getParent();

      RenameResult result =
          rename(h, new Target.JobId(id), "../../etc/pass\u0000wd \u202Eexe.mp4", OWNER, false);

      assertThat(result).isInstanceOf(RenameResult.Renamed.class);
      Path file = Path.of(h.job(id).filePath());
      assertThat(file.getParent()).isEqualTo(folder);
      assertThat(file.getFileName().toString())
          .isEqualTo("etc-passwd exe.mp4 [dQw4w9WgXcQ].mp4")
          .doesNotContain("/", "\u0000", "\u202E");
      assertThat(file).exists();
      assertThat(h.job(id).finalTitle()).isEqualTo("../../etc/passwd \u202Eexe.mp4");
    }
  }
}
