package archiver.bot;

import archiver.bot.Messages.Language;
import archiver.core.JobObserver;
import archiver.core.JobService;
import archiver.core.Piece;
import archiver.core.ReadyMedia;
import archiver.core.SettingsService;
import archiver.domain.DownloadProgress;
import archiver.domain.Advice;
import archiver.domain.ErrorType;
import archiver.domain.EventType;
import archiver.domain.Job;
import archiver.domain.Requester;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.DeleteMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;

/**
 * The status board: one status message per job and chat, edited as the job moves (queued,
 * fetching, downloading 42% · 3.1 MB/s · ETA 0:12, converting, uploading) at most once every 3
 * seconds and never with the same text, then removed when the media arrives or replaced by the
 * sentence that says what went wrong. Edits are made on a thread of their own: a worker never
 * waits for one, and an edit that would have to wait is superseded by the next. The messages are
 * remembered in the database, so after a restart a recovered job's message is edited again and
 * removed at the end. The media itself is sent by {@link MediaDelivery}.
 */
final class StatusMessages implements JobObserver {

  private static final Logger log = LoggerFactory.getLogger(StatusMessages.class);

  /** Telegram's own advice is to edit a message no more than about once a second; we keep 3 s. */
  static final Duration MIN_EDIT_GAP = Duration.ofSeconds(3);

  /** Status edits in all chats together, at most 20 a second; a skipped edit is tried later. */
  static final Duration EDIT_BUDGET_GAP = Duration.ofMillis(50);

  private final BotApi api;
  private final Messages messages;
  private final SettingsService settings;
  private final Clock clock;
  private final RateGate editBudget;
  private final MediaDelivery media;
  private final ScheduledExecutorService editor =
      Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("status-edits").daemon(true).factory());
  private final Map<Long, Map<Long, Status>> byJob = new ConcurrentHashMap<>();
  private volatile JobService jobs;

  /** Jobs whose status messages were read back from the database (after a restart). */
  private final Map<Long, Boolean> restored = boundedMap(10_000);

  /**
   * Chats a job already answered (media or error) before its status message was tracked: a quick
   * job can end while the "Queued" message is still on its way. That message is then removed at
   * once instead of staying behind the answer.
   */
  private final Map<String, Boolean> answeredEarly = boundedMap(1000);

  /**
   * The language each chat was last spoken to in (from the user's Telegram language when the
   * chat chose none), for answers that come without a tracked status message.
   */
  private final Map<Long, Language> chatLanguages = boundedMap(10_000);

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
    long lastEditMillis;
    boolean flushScheduled;
    /** The last text is set: nothing replaces it, and it has no Cancel button. */
    boolean closed;
    /** The buttons the last text comes with (what to do instead), if any. */
    InlineKeyboardMarkup endButtons;
    boolean deleted;

    Status(long jobId, long chatId, int messageId, Language language, String shown, long lastEditMillis) {
      this.jobId = jobId;
      this.chatId = chatId;
      this.messageId = messageId;
      this.language = language;
      this.shown = shown;
      this.lastEditMillis = lastEditMillis;
    }
  }

  StatusMessages(BotApi api, Messages messages, SettingsService settings, Clock clock) {
    this.api = api;
    this.messages = messages;
    this.settings = settings;
    this.clock = clock;
    this.editBudget = new RateGate(EDIT_BUDGET_GAP, clock);
    this.media = new MediaDelivery(api, messages, this);
  }

  /** Where the status messages of earlier runs are remembered; set before updates flow. */
  void useJobs(JobService jobs) {
    this.jobs = jobs;
  }

  void noteLanguage(long chatId, Language language) {
    chatLanguages.put(chatId, language);
  }

  /** Starts following a job's status message that the conversation has just sent. */
  void track(long jobId, long chatId, int messageId, Language language, String shownText) {
    Status status = new Status(jobId, chatId, messageId, language, shownText, clock.millis());
    if (answeredEarly.remove(jobId + ":" + chatId) != null) {
      delete(status);
      return;
    }
    byJob.computeIfAbsent(jobId, id -> new ConcurrentHashMap<>()).put(chatId, status);
    JobService js = jobs;
    if (js != null) {
      js.rememberStatusMessage(jobId, chatId, messageId, language.code());
    }
  }

  static InlineKeyboardMarkup cancelButton(Messages messages, Language lang, long jobId) {
    return InlineKeyboardMarkup.builder()
        .keyboardRow(new InlineKeyboardRow(
            InlineKeyboardButton.builder().text(messages.text(lang, "job.button.cancel")).callbackData("c:" + jobId).build()))
        .build();
  }

  // ---- what the core reports ------------------------------------------------------------

  @Override
  public void stage(Job job, EventType event, Map<String, ?> data) {
    if (event == EventType.CAPABILITY_CHECK_PASSED && Boolean.TRUE.equals(data.get("over_limit"))) {
      String limit = Messages.formatBytes(((Number) data.get("max_bytes")).longValue());
      for (Status s : statuses(job.id())) {
        String text =
            "fit_audio".equals(data.get("delivery"))
                ? messages.text(s.language, "job.plan_fit_audio", limit)
                : messages.text(s.language, "job.plan_parts", limit,
                    data.get("estimated_parts") instanceof Number n ? n.longValue() : 2L);
        note(s, text);
      }
      return;
    }
    if (event == EventType.CAPABILITY_CHECK_PASSED && Boolean.TRUE.equals(data.get("smaller_than_asked"))) {
      for (Status s : statuses(job.id())) {
        note(s, messages.text(s.language, "job.smaller_than_asked", data.get("wanted"),
            Messages.formatBytes(((Number) data.get("wanted_bytes")).longValue()),
            Messages.formatBytes(((Number) data.get("max_bytes")).longValue()), data.get("chosen")));
      }
      return;
    }
    String key =
        switch (event) {
          case METADATA_FETCH_STARTED -> "job.fetching_info";
          case DOWNLOAD_STARTED -> "job.downloading_started";
          case POSTPROCESS_STARTED -> "job.converting";
          default -> null;
        };
    if (key != null) {
      for (Status s : statuses(job.id())) {
        want(s, messages.text(s.language, key), false);
      }
    }
  }

  @Override
  public void progress(Job job, DownloadProgress p) {
    for (Status s : statuses(job.id())) {
      String text;
      if (p.percent().isPresent()) {
        text =
            messages.text(
                s.language, "job.downloading",
                Messages.formatPercent(p.percent().getAsInt()),
                p.speedBytesPerSecond().isPresent() ? Messages.formatSpeed(p.speedBytesPerSecond().getAsDouble()) : "\u2026",
                p.etaSeconds().isPresent() ? Messages.formatEta(p.etaSeconds().getAsLong()) : "\u2026");
      } else {
        text =
            messages.text(
                s.language, "job.downloading_no_total",
                Messages.formatBytes(p.downloadedBytes()),
                p.speedBytesPerSecond().isPresent() ? Messages.formatSpeed(p.speedBytesPerSecond().getAsDouble()) : "\u2026");
      }
      want(s, text, false);
    }
  }

  @Override
  public void retrying(Job job, ErrorType cause, Instant at) {
    long minutes = Math.max(0, Duration.between(clock.instant(), at).toMinutes());
    String key = cause == ErrorType.TELEGRAM_ERROR ? "job.retry_telegram" : "job.retry_scheduled";
    for (Status s : statuses(job.id())) {
      want(s, messages.text(s.language, key, minutes), false);
    }
  }

  @Override
  public SendResult upload(Job job, Requester to, ReadyMedia file, Piece piece) {
    return media.upload(job, to, file, piece);
  }

  @Override
  public SendResult resend(Job job, Requester to, Piece piece, String fileId) {
    return media.resend(job, to, piece, fileId);
  }

  @Override
  public void failed(Job job, List<Requester> waiting, ErrorType type, String message, Optional<Advice> advice) {
    tellEnd(
        job, waiting,
        lang -> advice.map(a -> adviceText(lang, a)).orElseGet(() -> messages.text(lang, Messages.errorKey(type))),
        lang -> advice.filter(Advice.AudioOnly.class::isInstance).map(a -> audioInsteadButton(messages, lang, job.id())));
  }

  /** The advice in words, with the numbers it names. */
  private String adviceText(Language lang, Advice advice) {
    return switch (advice) {
      case Advice.AudioOnly a -> messages.text(lang, "advice.audio_only");
      case Advice.FileTooLarge f ->
          f.sizeBytes().isPresent()
              ? messages.text(lang, "advice.file_too_large", Messages.formatBytes(f.sizeBytes().get()), Messages.formatBytes(f.limitBytes()))
              : messages.text(lang, "advice.file_too_large_unknown", Messages.formatBytes(f.limitBytes()));
      case Advice.TooManyParts t -> messages.text(lang, "advice.too_many_parts", t.maxParts(), Messages.formatBytes(t.partBytes()));
      case Advice.TooLong t ->
          messages.text(lang, "advice.too_long", Messages.formatDuration(t.seconds()), Messages.formatDuration(t.maxSeconds()));
    };
  }

  /** "Send the audio": the same link again, as audio (the callback {@code r:<job>:AUDIO}). */
  static InlineKeyboardMarkup audioInsteadButton(Messages messages, Language lang, long jobId) {
    return InlineKeyboardMarkup.builder()
        .keyboardRow(new InlineKeyboardRow(
            InlineKeyboardButton.builder().text(messages.text(lang, "job.button.audio_instead")).callbackData("r:" + jobId + ":AUDIO").build()))
        .build();
  }

  @Override
  public void cancelled(Job job, List<Requester> waiting, boolean byAdmin) {
    String key = byAdmin ? "job.cancelled_by_admin" : "job.cancelled";
    tellEnd(job, waiting, lang -> messages.text(lang, key), lang -> Optional.empty());
  }

  /** The last word on a job without media: in its status message, else in a new message. */
  private void tellEnd(
      Job job, List<Requester> waiting, Function<Language, String> words,
      Function<Language, Optional<InlineKeyboardMarkup>> buttons) {
    for (Requester r : waiting) {
      Optional<Status> status = status(job.id(), r);
      Language lang = language(job.id(), r);
      String text = words.apply(lang);
      Optional<InlineKeyboardMarkup> markup = buttons.apply(lang);
      if (status.isPresent()) {
        synchronized (status.get()) {
          status.get().endButtons = markup.orElse(null);
        }
        want(status.get(), text, true);
      } else {
        answeredEarly.put(job.id() + ":" + r.chatId(), Boolean.TRUE);
        try {
          SendMessage.SendMessageBuilder<?, ?> send = SendMessage.builder().chatId(r.chatId()).text(text);
          markup.ifPresent(send::replyMarkup);
          api.call(r.chatId(), send.build());
        } catch (TelegramApiException e) {
          log.warn("job {}: cannot tell chat {} how it ended: {}", job.id(), r.chatId(), e.getMessage());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
    byJob.remove(job.id());
  }

  // ---- what the media delivery reports ---------------------------------------------------

  /** The upload to this chat starts: say so when an edit is due, never holding the upload. */
  void uploading(Job job, Requester to) {
    status(job.id(), to).ifPresent(s -> want(s, messages.text(s.language, "job.uploading"), false));
  }

  /** The chat has all the media: its status message goes (or goes as soon as it is tracked). */
  void delivered(Job job, Requester to) {
    Optional<Status> status = status(job.id(), to);
    if (status.isPresent()) {
      delete(status.get());
    } else {
      answeredEarly.put(job.id() + ":" + to.chatId(), Boolean.TRUE);
    }
    Map<Long, Status> m = byJob.get(job.id());
    if (m != null) {
      m.remove(to.chatId());
      if (m.isEmpty()) {
        byJob.remove(job.id());
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
    return settings.get(r.chatId()).language().map(Messages::forLanguage)
        .orElseGet(() -> chatLanguages.getOrDefault(r.chatId(), Language.EN));
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
   * The status messages of a job this process did not send (a job recovered after a restart),
   * read from the database once.
   */
  private Map<Long, Status> restore(long jobId) {
    JobService js = jobs;
    if (js == null || restored.putIfAbsent(jobId, Boolean.TRUE) != null) {
      return byJob.get(jobId);
    }
    Map<Long, Status> found = new ConcurrentHashMap<>();
    for (Requester r : js.requesters(jobId)) {
      if (r.waiting() && r.statusMessage().isPresent()) {
        found.put(r.chatId(), new Status(jobId, r.chatId(), r.statusMessage().get(), language(jobId, r), null, 0));
      }
    }
    if (found.isEmpty()) {
      return null;
    }
    Map<Long, Status> raced = byJob.putIfAbsent(jobId, found);
    return raced == null ? found : raced;
  }

  /** Keeps {@code text} above whatever the status message says next, until the job ends. */
  private void note(Status s, String text) {
    String current;
    synchronized (s) {
      s.note = text;
      current = s.wanted;
    }
    want(s, current == null ? messages.text(s.language, "job.fetching_info") : current, false);
  }

  /**
   * Asks for the text; it is shown when the 3 s gap since the last edit has passed, unless a
   * newer text replaces it first. {@code last}: the final word, which nothing replaces.
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
    } catch (java.util.concurrent.RejectedExecutionException e) {
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
      String display = s.wanted == null || s.note == null || s.closed ? s.wanted : s.note + "\n" + s.wanted;
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
    edit(s, text, keepCancel ? cancelButton(messages, s.language, s.jobId) : end);
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
    api.callQuietly(s.chatId, DeleteMessage.builder().chatId(s.chatId).messageId(s.messageId).build());
  }

  void close() {
    editor.shutdownNow();
  }

  private static <K, V> Map<K, V> boundedMap(int max) {
    return Collections.synchronizedMap(
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > max;
          }
        });
  }

  /** For tests and diagnostics: the chats with a followed status message for a job. */
  List<Long> followedChats(long jobId) {
    Map<Long, Status> m = byJob.get(jobId);
    return m == null ? List.of() : new ArrayList<>(m.keySet());
  }
}
