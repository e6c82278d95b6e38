package archiver.bot;

import archiver.bot.Messages.Language;
import archiver.core.jobs.JobService;
import archiver.domain.Requester;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.DeleteMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;

/**
 * The status board (docs/ARCHITECTURE.md, "The Telegram side"): one status message per job and
 * chat, edited at most once every 3 seconds and never with the same text, then removed when the
 * media arrives or given its last word. Edits are made on a thread of their own: a worker never
 * waits for one, and an edit that would have to wait is superseded by the next. The messages are
 * remembered in the database, so after a restart a recovered job's message is edited again and
 * removed at the end. What the messages say is {@link StatusMessages}'s business.
 */
final class StatusBoard {

  private static final Logger log = LoggerFactory.getLogger(StatusBoard.class);

  /** Telegram's own advice is to edit a message no more than about once a second; we keep 3 s. */
  static final Duration MIN_EDIT_GAP = Duration.ofSeconds(3);

  /** Status edits in all chats together, at most 20 a second; a skipped edit is tried later. */
  static final Duration EDIT_BUDGET_GAP = Duration.ofMillis(50);

  private final BotApi api;
  private final Messages messages;
  private final Keyboards keyboards;
  private final ChatLanguages languages;
  private final Clock clock;
  private final RateGate editBudget;
  private final ScheduledExecutorService editor =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("status-edits").daemon(true).factory());
  private final Map<Long, Map<Long, Status>> byJob = new ConcurrentHashMap<>();
  private volatile JobService jobs;

  /** Jobs whose status messages were read back from the database (after a restart). */
  private final BoundedMap<Long, Boolean> restored = new BoundedMap<>(10_000);

  /**
   * Chats a job already answered (media or error) before its status message was tracked: a quick
   * job can end while the "Queued" message is still on its way. That message is then removed at
   * once instead of staying behind the answer.
   */
  private final BoundedMap<String, Boolean> answeredEarly = new BoundedMap<>(1000);

  /** A status message in one chat. */
  private static final class Status {
    final long jobId;
    final long chatId;
    final int messageId;
    final Language language;
    String shown;
    String wanted;

    /** A line that stays above the progress (why a smaller quality or parts are sent). */
    String note;

    /** The link this message is about, above everything else, when its message had several. */
    String label;

    long lastEditMillis;
    boolean flushScheduled;

    /** The last text is set: nothing replaces it, and it has no Cancel button. */
    boolean closed;

    /** The buttons the last text comes with (what to do instead), if any. */
    InlineKeyboardMarkup endButtons;

    boolean deleted;

    Status(
        long jobId,
        long chatId,
        int messageId,
        Language language,
        String shown,
        long lastEditMillis) {
      this.jobId = jobId;
      this.chatId = chatId;
      this.messageId = messageId;
      this.language = language;
      this.shown = shown;
      this.lastEditMillis = lastEditMillis;
    }
  }

  StatusBoard(
      BotApi api, Messages messages, Keyboards keyboards, ChatLanguages languages, Clock clock) {
    this.api = api;
    this.messages = messages;
    this.keyboards = keyboards;
    this.languages = languages;
    this.clock = clock;
    this.editBudget = new RateGate(EDIT_BUDGET_GAP, clock);
  }

  /** Where the status messages of earlier runs are remembered; set before updates flow. */
  void useJobs(JobService jobs) {
    this.jobs = jobs;
  }

  private volatile archiver.core.batch.BatchService batches;

  /** Names a playlist's item in its failure ("Item 2 of 5: ..."): it has no status message. */
  void useBatches(archiver.core.batch.BatchService batches) {
    this.batches = batches;
  }

  /**
   * Starts following a job's status message that the conversation has just sent; {@code label} (the
   * link it is about, when its message had several) stays above every text it shows.
   */
  void track(
      long jobId,
      long chatId,
      int messageId,
      Language language,
      String shownText,
      Optional<String> label) {
    Status status = new Status(jobId, chatId, messageId, language, shownText, clock.millis());
    status.label = label.orElse(null);
    if (answeredEarly.remove(jobId + ":" + chatId)) {
      delete(status);
      return;
    }
    byJob.computeIfAbsent(jobId, id -> new ConcurrentHashMap<>()).put(chatId, status);
    JobService js = jobs;
    if (js != null) {
      js.rememberStatusMessage(jobId, chatId, messageId, language.code());
    }
  }

  /** Every status message of the job is to say {@code text} (in its own language). */
  void show(long jobId, Function<Language, String> text) {
    for (Status s : statuses(jobId)) {
      want(s, text.apply(s.language), false);
    }
  }

  /** The status message in this chat is to say {@code text}. */
  void show(long jobId, Requester to, Function<Language, String> text) {
    status(jobId, to).ifPresent(s -> want(s, text.apply(s.language), false));
  }

  /** Keeps {@code text} above whatever the job's status messages say next, until the job ends. */
  void note(long jobId, Function<Language, String> text) {
    for (Status s : statuses(jobId)) {
      String current;
      synchronized (s) {
        s.note = text.apply(s.language);
        current = s.wanted;
      }
      want(s, current == null ? messages.text(s.language, "job.fetching_info") : current, false);
    }
  }

  /**
   * The last word on a job without media for one chat: in its status message, else in a new message
   * (and a status message tracked later is removed at once). False when the thread was interrupted
   * while sending.
   */
  boolean finish(long jobId, Requester to, String text, Optional<InlineKeyboardMarkup> buttons) {
    Optional<Status> status = status(jobId, to);
    if (status.isPresent()) {
      synchronized (status.get()) {
        status.get().endButtons = buttons.orElse(null);
      }
      want(status.get(), text, true);
      return true;
    }
    answeredEarly.put(jobId + ":" + to.chatId(), Boolean.TRUE);
    try {
      SendMessage.SendMessageBuilder<?, ?> send =
          SendMessage.builder().chatId(to.chatId()).text(itemLabel(jobId, to) + text);
      buttons.ifPresent(send::replyMarkup);
      api.call(to.chatId(), send.build());
    } catch (TelegramApiException e) {
      log.warn("job {}: cannot tell chat {} how it ended: {}", jobId, to.chatId(), e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    return true;
  }

  /** "Item 2 of 5: Lecture 2" on a line of its own, for a playlist's item; else nothing. */
  private String itemLabel(long jobId, Requester to) {
    archiver.core.batch.BatchService b = batches;
    return b == null
        ? ""
        : b.placeOf(jobId, to.chatId())
            .map(
                p ->
                    messages.text(
                            language(jobId, to),
                            "batch.item_label",
                            p.position(),
                            p.total(),
                            BatchBoard.shorten(p.title()))
                        + "\n")
            .orElse("");
  }

  /** The job has ended: its status messages are no longer followed. */
  void forget(long jobId) {
    byJob.remove(jobId);
  }

  /** The chat has all the media: its status message goes (or goes as soon as it is tracked). */
  void delivered(long jobId, Requester to) {
    Optional<Status> status = status(jobId, to);
    if (status.isPresent()) {
      delete(status.get());
    } else {
      answeredEarly.put(jobId + ":" + to.chatId(), Boolean.TRUE);
    }
    Map<Long, Status> m = byJob.get(jobId);
    if (m != null) {
      m.remove(to.chatId());
      if (m.isEmpty()) {
        byJob.remove(jobId);
      }
    }
  }

  /** The language to speak to the chat about the job in. */
  Language language(long jobId, Requester r) {
    Map<Long, Status> m = byJob.get(jobId);
    Status s = m == null ? null : m.get(r.chatId());
    if (s != null) {
      return s.language;
    }
    if (r.languageCode().isPresent()) {
      return Messages.forLanguage(r.languageCode().get());
    }
    return languages.of(r.chatId());
  }

  void close() {
    editor.shutdownNow();
  }

  /** For tests and diagnostics: the chats with a followed status message for a job. */
  List<Long> followedChats(long jobId) {
    Map<Long, Status> m = byJob.get(jobId);
    return m == null ? List.of() : new ArrayList<>(m.keySet());
  }

  // ---- the messages ----------------------------------------------------------------------

  private List<Status> statuses(long jobId) {
    Map<Long, Status> m = byJob.get(jobId);
    if (m == null) {
      m = restore(jobId);
    }
    return m == null ? List.of() : List.copyOf(m.values());
  }

  private Optional<Status> status(long jobId, Requester r) {
    Map<Long, Status> m = byJob.get(jobId);
    if (m == null) {
      m = restore(jobId);
    }
    Status s = m == null ? null : m.get(r.chatId());
    if (s == null && r.statusMessage().isPresent() && r.waiting()) {
      s = new Status(jobId, r.chatId(), r.statusMessage().get(), language(jobId, r), null, 0);
    }
    return Optional.ofNullable(s);
  }

  /**
   * The status messages of a job this process did not send (a job recovered after a restart), read
   * from the database once.
   */
  private Map<Long, Status> restore(long jobId) {
    JobService js = jobs;
    if (js == null || !restored.putIfAbsent(jobId, Boolean.TRUE)) {
      return byJob.get(jobId);
    }
    Map<Long, Status> found = new ConcurrentHashMap<>();
    for (Requester r : js.requesters(jobId)) {
      if (r.waiting() && r.statusMessage().isPresent()) {
        found.put(
            r.chatId(),
            new Status(jobId, r.chatId(), r.statusMessage().get(), language(jobId, r), null, 0));
      }
    }
    if (found.isEmpty()) {
      return null;
    }
    Map<Long, Status> raced = byJob.putIfAbsent(jobId, found);
    return raced == null ? found : raced;
  }

  /**
   * Asks for the text; it is shown when the 3 s gap since the last edit has passed, unless a newer
   * text replaces it first. {@code last}: the final word, which nothing replaces.
   */
  private void want(Status s, String text, boolean last) {
    long wait;
    synchronized (s) {
      if (s.closed || s.deleted) {
        return;
      }
      s.wanted = text;
      if (last) {
        s.closed = true;
      }
      if (s.flushScheduled) {
        return;
      }
      wait = Math.max(0, s.lastEditMillis + MIN_EDIT_GAP.toMillis() - clock.millis());
      s.flushScheduled = true;
    }
    schedule(s, wait);
  }

  private void schedule(Status s, long waitMillis) {
    try {
      editor.schedule(() -> flush(s), waitMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // Stopping: the next run edits the message again.
    }
  }

  private void flush(Status s) {
    String text;
    boolean keepCancel;
    InlineKeyboardMarkup end;
    synchronized (s) {
      s.flushScheduled = false;
      // The note stands above the progress; the last word stands alone.
      String display =
          s.wanted == null || s.note == null || s.closed ? s.wanted : s.note + "\n" + s.wanted;
      if (display != null && s.label != null) {
        display = s.label + "\n" + display;
      }
      if (s.deleted || display == null || display.equals(s.shown)) {
        return;
      }
      if (!editBudget.tryTake()) {
        // Many chats at once: try again shortly, with whatever text is wanted by then.
        s.flushScheduled = true;
        schedule(s, 250);
        return;
      }
      text = display;
      keepCancel = !s.closed;
      end = s.closed ? s.endButtons : null;
      s.shown = text;
      s.lastEditMillis = clock.millis();
    }
    edit(s, text, keepCancel ? keyboards.cancelJob(s.language, s.jobId) : end);
  }

  private void edit(Status s, String text, InlineKeyboardMarkup buttons) {
    try {
      EditMessageText.EditMessageTextBuilder<?, ?> edit =
          EditMessageText.builder().chatId(s.chatId).messageId(s.messageId).text(text);
      if (buttons != null) {
        edit.replyMarkup(buttons);
      }
      api.call(s.chatId, edit.build());
    } catch (TelegramApiException e) {
      log.debug("status edit in chat {} failed: {}", s.chatId, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void delete(Status s) {
    synchronized (s) {
      s.closed = true;
      s.deleted = true;
    }
    api.callQuietly(
        s.chatId, DeleteMessage.builder().chatId(s.chatId).messageId(s.messageId).build());
  }
}
