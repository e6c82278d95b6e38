package archiver.bot;

import archiver.bot.Messages.Language;
import archiver.core.JobObserver;
import archiver.core.ReadyMedia;
import archiver.core.SettingsService;
import archiver.domain.ErrorType;
import archiver.domain.EventType;
import archiver.domain.Job;
import archiver.domain.JobType;
import archiver.domain.Requester;
import archiver.domain.DownloadProgress;
import java.io.File;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.ActionType;
import org.telegram.telegrambots.meta.api.methods.send.SendAudio;
import org.telegram.telegrambots.meta.api.methods.send.SendChatAction;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.send.SendVideo;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.DeleteMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.InputFile;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;

/**
 * One status message per job and chat, edited as the job moves (queued, fetching, downloading 42%
 * · 3.1 MB/s · ETA 0:12, converting, uploading) at most once every 3 seconds and never with the
 * same text, then replaced by the media or by the error sentence. Also the delivery itself.
 */
final class StatusMessages implements JobObserver {

  private static final Logger log = LoggerFactory.getLogger(StatusMessages.class);

  /** Telegram's own advice is to edit a message no more than about once a second; we keep 3 s. */
  static final Duration MIN_EDIT_GAP = Duration.ofSeconds(3);

  /** Captions are limited to 1024 characters (Bot API, sendVideo). */
  private static final int MAX_CAPTION = 1024;

  private final BotApi api;
  private final Messages messages;
  private final SettingsService settings;
  private final Clock clock;
  private final ScheduledExecutorService editor =
      Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("status-edits").daemon(true).factory());
  private final Map<Long, Map<Long, Status>> byJob = new ConcurrentHashMap<>();

  /**
   * Chats a job already answered (media or error) before its status message was tracked: a quick
   * job can end while the "Queued" message is still on its way. That message is then removed at
   * once instead of staying behind the answer. Bounded: only the newest entries matter.
   */
  private final Map<String, Boolean> answeredEarly =
      java.util.Collections.synchronizedMap(
          new java.util.LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
              return size() > 1000;
            }
          });

  /** A status message in one chat. */
  private static final class Status {
    final long chatId;
    final int messageId;
    final Language language;
    String shown;
    String wanted;
    long lastEditMillis;
    boolean flushScheduled;
    boolean closed;

    Status(long chatId, int messageId, Language language, String shown, long now) {
      this.chatId = chatId;
      this.messageId = messageId;
      this.language = language;
      this.shown = shown;
      this.lastEditMillis = now;
    }
  }

  StatusMessages(BotApi api, Messages messages, SettingsService settings, Clock clock) {
    this.api = api;
    this.messages = messages;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * The language each chat was last spoken to in (from the user's Telegram language when the
   * chat chose none), for answers that come without a tracked status message.
   */
  private final Map<Long, Language> chatLanguages =
      java.util.Collections.synchronizedMap(
          new java.util.LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Language> eldest) {
              return size() > 10_000;
            }
          });

  void noteLanguage(long chatId, Language language) {
    chatLanguages.put(chatId, language);
  }

  /** Starts following a job's status message that the conversation has just sent. */
  void track(long jobId, long chatId, int messageId, Language language, String shownText) {
    Status status = new Status(chatId, messageId, language, shownText, clock.millis());
    if (answeredEarly.remove(jobId + ":" + chatId) != null) {
      delete(status);
      return;
    }
    byJob.computeIfAbsent(jobId, id -> new ConcurrentHashMap<>()).put(chatId, status);
  }

  static InlineKeyboardMarkup cancelButton(Messages messages, Language lang, long jobId) {
    return InlineKeyboardMarkup.builder()
        .keyboardRow(new InlineKeyboardRow(
            InlineKeyboardButton.builder().text(messages.text(lang, "job.button.cancel")).callbackData("c:" + jobId).build()))
        .build();
  }

  @Override
  public void stage(Job job, EventType event) {
    String key =
        switch (event) {
          case METADATA_FETCH_STARTED -> "job.fetching_info";
          case DOWNLOAD_STARTED -> "job.downloading_started";
          case POSTPROCESS_STARTED -> "job.converting";
          default -> null;
        };
    if (key != null) {
      for (Status s : statuses(job.id())) {
        want(job.id(), s, messages.text(s.language, key));
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
      want(job.id(), s, text);
    }
  }

  @Override
  public void retrying(Job job, ErrorType cause, Instant at) {
    long minutes = Math.max(0, Duration.between(clock.instant(), at).toMinutes());
    for (Status s : statuses(job.id())) {
      want(job.id(), s, messages.text(s.language, "job.retry_scheduled", minutes));
    }
  }

  @Override
  public DeliveryResult deliver(Job job, List<Requester> waiting, ReadyMedia media) {
    if (waiting.isEmpty()) {
      return new DeliveryResult.NotNeeded();
    }
    String fileId = null;
    List<Long> delivered = new ArrayList<>();
    DeliveryResult.Failed firstFailure = null;
    for (Requester r : waiting) {
      Language lang = languageOf(job.id(), r.chatId());
      Optional<Status> status = status(job.id(), r.chatId());
      status.ifPresent(s -> editNow(s, messages.text(s.language, "job.uploading")));
      try {
        api.call(r.chatId(), SendChatAction.builder().chatId(r.chatId())
            .action(media.jobType() == JobType.VIDEO ? ActionType.UPLOAD_VIDEO.toString() : ActionType.UPLOAD_VOICE.toString())
            .build());
        Message sent = send(r.chatId(), job, media, lang, fileId);
        String id = fileIdOf(sent);
        if (fileId == null) {
          fileId = id;
        }
        delivered.add(r.chatId());
        if (status.isPresent()) {
          delete(status.get());
        } else {
          answeredEarly.put(job.id() + ":" + r.chatId(), Boolean.TRUE);
        }
      } catch (TelegramApiException e) {
        DeliveryResult.Failed failed = failure(e);
        log.warn("job {}: sending to chat {} failed: {}", job.id(), r.chatId(), e.getMessage());
        if (firstFailure == null) {
          firstFailure = failed;
        }
        status.ifPresent(s -> editNow(s, messages.text(s.language, Messages.errorKey(failed.type()))));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new DeliveryResult.Failed(ErrorType.CANCELLED, "interrupted while uploading");
      }
    }
    byJob.remove(job.id());
    if (fileId == null) {
      return firstFailure != null ? firstFailure : new DeliveryResult.Failed(ErrorType.UNKNOWN, "nothing was sent");
    }
    return new DeliveryResult.Delivered(fileId, delivered);
  }

  /** Sends the media by upload the first time, then by Telegram's file_id (no second upload). */
  Message send(long chatId, Job job, ReadyMedia media, Language lang, String fileId)
      throws TelegramApiException, InterruptedException {
    InputFile input = fileId != null ? new InputFile(fileId) : new InputFile(new File(media.file().toString()));
    String caption = caption(lang, media.title(), job.url());
    int duration = (int) Math.round(media.durationSeconds());
    if (media.jobType() == JobType.VIDEO) {
      SendVideo.SendVideoBuilder<?, ?> video =
          SendVideo.builder().chatId(chatId).video(input).caption(caption).supportsStreaming(true).duration(duration);
      if (media.width().isPresent() && media.height().isPresent()) {
        video.width(media.width().getAsInt()).height(media.height().getAsInt());
      }
      if (fileId == null) {
        media.thumbnail().ifPresent(t -> video.thumbnail(new InputFile(new File(t.toString()))));
      }
      return api.sendVideo(chatId, video.build());
    }
    SendAudio.SendAudioBuilder<?, ?> audio =
        SendAudio.builder().chatId(chatId).audio(input).caption(caption).title(media.title()).duration(duration);
    media.performer().ifPresent(audio::performer);
    if (fileId == null) {
      media.thumbnail().ifPresent(t -> audio.thumbnail(new InputFile(new File(t.toString()))));
    }
    return api.sendAudio(chatId, audio.build());
  }

  /** Re-sends media Telegram already holds (a cached job). */
  void resend(long chatId, Job job, Language lang) throws TelegramApiException, InterruptedException {
    InputFile input = new InputFile(job.telegramFileId());
    String title = job.finalTitle() == null ? "" : job.finalTitle();
    String caption = caption(lang, title, job.url());
    if (job.jobType() == JobType.VIDEO) {
      api.sendVideo(chatId, SendVideo.builder().chatId(chatId).video(input).caption(caption).supportsStreaming(true).build());
    } else {
      api.sendAudio(chatId, SendAudio.builder().chatId(chatId).audio(input).caption(caption).build());
    }
  }

  @Override
  public void failed(Job job, List<Requester> waiting, ErrorType type, String message) {
    for (Requester r : waiting) {
      Optional<Status> status = status(job.id(), r.chatId());
      Language lang = languageOf(job.id(), r.chatId());
      String text = messages.text(lang, type == ErrorType.CANCELLED ? "job.cancelled" : Messages.errorKey(type));
      if (status.isPresent()) {
        editNow(status.get(), text);
      } else {
        answeredEarly.put(job.id() + ":" + r.chatId(), Boolean.TRUE);
        try {
          api.call(r.chatId(), SendMessage.builder().chatId(r.chatId()).text(text).build());
        } catch (TelegramApiException e) {
          log.warn("job {}: cannot tell chat {} about the failure: {}", job.id(), r.chatId(), e.getMessage());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
    byJob.remove(job.id());
  }

  private String caption(Language lang, String title, String url) {
    String text =
        title == null || title.isBlank()
            ? messages.text(lang, "job.caption_untitled", url)
            : messages.text(lang, "job.caption", title, url);
    if (text.length() > MAX_CAPTION) {
      int cut = Math.max(0, title.length() - (text.length() - MAX_CAPTION) - 1);
      text = messages.text(lang, "job.caption", title.substring(0, cut) + "\u2026", url);
    }
    return text;
  }

  private static String fileIdOf(Message m) {
    if (m.getVideo() != null) {
      return m.getVideo().getFileId();
    }
    if (m.getAudio() != null) {
      return m.getAudio().getFileId();
    }
    if (m.getDocument() != null) {
      return m.getDocument().getFileId();
    }
    throw new IllegalStateException("Telegram returned a message without the media");
  }

  private static DeliveryResult.Failed failure(TelegramApiException e) {
    if (e instanceof TelegramApiRequestException r && r.getErrorCode() != null) {
      int code = r.getErrorCode();
      if (code == 413) {
        return new DeliveryResult.Failed(ErrorType.SIZE_LIMIT, "Telegram refused the file as too large");
      }
      if (code == 429) {
        return new DeliveryResult.Failed(ErrorType.RATE_LIMIT, r.getApiResponse());
      }
      return new DeliveryResult.Failed(code >= 500 ? ErrorType.NETWORK_ERROR : ErrorType.HTTP_ERROR,
          "Telegram answered " + code + ": " + r.getApiResponse());
    }
    return new DeliveryResult.Failed(ErrorType.NETWORK_ERROR, String.valueOf(e.getMessage()));
  }

  private Language languageOf(long jobId, long chatId) {
    return status(jobId, chatId)
        .map(s -> s.language)
        .orElseGet(
            () ->
                settings.get(chatId).language().map(Messages::forLanguage)
                    .orElseGet(() -> chatLanguages.getOrDefault(chatId, Language.EN)));
  }

  private List<Status> statuses(long jobId) {
    Map<Long, Status> m = byJob.get(jobId);
    return m == null ? List.of() : List.copyOf(m.values());
  }

  private Optional<Status> status(long jobId, long chatId) {
    Map<Long, Status> m = byJob.get(jobId);
    return m == null ? Optional.empty() : Optional.ofNullable(m.get(chatId));
  }

  /** Asks for the text; it is shown now, or when the 3 s gap since the last edit has passed. */
  private void want(long jobId, Status s, String text) {
    synchronized (s) {
      if (s.closed) {
        return;
      }
      s.wanted = text;
      if (s.flushScheduled) {
        return;
      }
      long wait = Math.max(0, s.lastEditMillis + MIN_EDIT_GAP.toMillis() - clock.millis());
      s.flushScheduled = true;
      editor.schedule(() -> flush(s), wait, TimeUnit.MILLISECONDS);
    }
  }

  private void flush(Status s) {
    String text;
    synchronized (s) {
      s.flushScheduled = false;
      if (s.closed || s.wanted == null || s.wanted.equals(s.shown)) {
        return;
      }
      text = s.wanted;
      s.shown = text;
      s.lastEditMillis = clock.millis();
    }
    edit(s, text, true);
  }

  /** Final texts (error, uploading) are shown at once; the 3 s gap still applies before them. */
  private void editNow(Status s, String text) {
    long wait;
    synchronized (s) {
      if (s.closed || text.equals(s.shown)) {
        return;
      }
      wait = Math.max(0, s.lastEditMillis + MIN_EDIT_GAP.toMillis() - clock.millis());
      s.shown = text;
      s.wanted = text;
    }
    try {
      if (wait > 0) {
        TimeUnit.MILLISECONDS.sleep(wait);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (s) {
      s.lastEditMillis = clock.millis();
    }
    edit(s, text, false);
  }

  private void edit(Status s, String text, boolean keepCancel) {
    try {
      EditMessageText.EditMessageTextBuilder<?, ?> edit =
          EditMessageText.builder().chatId(s.chatId).messageId(s.messageId).text(text);
      if (keepCancel) {
        Long jobId = jobOf(s);
        if (jobId != null) {
          edit.replyMarkup(cancelButton(messages, s.language, jobId));
        }
      }
      api.call(s.chatId, edit.build());
    } catch (TelegramApiException e) {
      log.debug("status edit in chat {} failed: {}", s.chatId, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Long jobOf(Status s) {
    for (Map.Entry<Long, Map<Long, Status>> e : byJob.entrySet()) {
      if (e.getValue().containsValue(s)) {
        return e.getKey();
      }
    }
    return null;
  }

  private void delete(Status s) {
    synchronized (s) {
      s.closed = true;
    }
    try {
      api.call(s.chatId, DeleteMessage.builder().chatId(s.chatId).messageId(s.messageId).build());
    } catch (TelegramApiException e) {
      log.debug("cannot delete status message in chat {}: {}", s.chatId, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  void close() {
    editor.shutdownNow();
  }
}
