package archiver.bot;

import archiver.bot.Messages.Language;
import archiver.core.AdminService;
import archiver.core.JobService;
import archiver.core.Links;
import archiver.core.SettingsService;
import archiver.core.SubmitRequest;
import archiver.core.SubmitResult;
import archiver.domain.ChatSettings;
import archiver.domain.JobType;
import archiver.domain.Quality;
import archiver.domain.RefusalReason;
import archiver.domain.Stage;
import archiver.domain.UpdateRef;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.MessageEntity;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;

/**
 * What the bot says and does for each update (docs/ARCHITECTURE.md, "The Telegram side"): commands,
 * links (a keyboard for video/audio then quality, or at once with /video and /audio), button
 * presses, refusals in one sentence, and who may use it at all.
 */
final class Conversation {

  private static final Logger log = LoggerFactory.getLogger(Conversation.class);

  private final BotApi api;
  private final Messages messages;
  private final JobService jobs;
  private final SettingsService settings;
  private final AdminCommands admin;
  private final StatusMessages statuses;
  private final Links links;
  private final PendingLinks pending;
  private final BotSettings config;
  private final Clock clock;
  private volatile String botUsername = "";

  Conversation(
      BotApi api,
      Messages messages,
      JobService jobs,
      SettingsService settings,
      AdminService adminService,
      StatusMessages statuses,
      Links links,
      BotSettings config,
      Clock clock) {
    this.api = api;
    this.messages = messages;
    this.jobs = jobs;
    this.settings = settings;
    this.statuses = statuses;
    this.links = links;
    this.config = config;
    this.clock = clock;
    this.pending = new PendingLinks(clock);
    this.admin = new AdminCommands(api, messages, adminService, config, clock);
  }

  void setBotUsername(String username) {
    this.botUsername = username == null ? "" : username;
  }

  /**
   * One update being handled. Its first effect is recorded before anything is sent; when that
   * record exists already, Telegram sent the update again (its offset was not confirmed before a
   * crash): {@code replay}. A replayed update sends no reply; its jobs are still submitted, each
   * recorded with its own part, so one that was created before is not created again and one that
   * the crash cut off is.
   */
  private record Turn(long updateId, boolean replay) {
    UpdateRef part(int part, long chatId) {
      return new UpdateRef(updateId, part, chatId);
    }
  }

  /** Handles one update; never throws (a bad update must not stop the others). */
  void handle(Update update) {
    MDC.put("stage", Stage.BOT.name());
    try {
      long chatId = chatOf(update);
      boolean replay = !jobs.claimUpdate(new UpdateRef(update.getUpdateId(), 0, chatId));
      if (replay) {
        log.info("update {} was handled before (Telegram sent it again after a restart): no reply is sent twice",
            update.getUpdateId());
      }
      Turn turn = new Turn(update.getUpdateId(), replay);
      if (update.hasCallbackQuery()) {
        onButton(update.getCallbackQuery(), turn);
      } else if (update.hasMessage() && update.getMessage().hasText()) {
        onMessage(update.getMessage(), turn);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (TelegramApiException | RuntimeException e) {
      log.error("update {} failed: {}", update.getUpdateId(), e.toString(), e);
    } finally {
      MDC.clear();
    }
  }

  private static long chatOf(Update u) {
    if (u.hasCallbackQuery() && u.getCallbackQuery().getMessage() != null) {
      return u.getCallbackQuery().getMessage().getChatId();
    }
    return u.hasMessage() ? u.getMessage().getChatId() : 0;
  }

  // ---- messages --------------------------------------------------------------------------

  private void onMessage(Message m, Turn turn) throws TelegramApiException, InterruptedException {
    User from = m.getFrom();
    long chatId = m.getChatId();
    long userId = from == null ? chatId : from.getId();
    MDC.put("user_id", Long.toString(userId));
    MDC.put("chat_id", Long.toString(chatId));
    Language lang = language(chatId, from);
    statuses.noteLanguage(chatId, lang);
    boolean group = !m.getChat().isUserChat();
    String text = m.getText().strip();
    Optional<Command> command = Command.parse(text, botUsername);
    if (group && command.isEmpty() && !addressedToBot(m)) {
      return; // in groups the bot answers commands, mentions and replies only
    }
    if (command.isPresent() && command.get().forOtherBot()) {
      return;
    }
    if (!allowed(userId, chatId)) {
      if (turn.replay()) {
        return;
      }
      log.warn("refused user {} in chat {}: not in allowed_user_ids / allowed_chat_ids", userId, chatId);
      boolean userRefused = !config.allowedUserIds().isEmpty() && !config.allowedUserIds().contains(userId);
      reply(chatId, messages.text(lang, userRefused ? "refuse.not_allowed_user" : "refuse.not_allowed_chat"));
      return;
    }
    if (command.isPresent()) {
      onCommand(command.get(), m, userId, chatId, lang, turn);
      return;
    }
    List<String> found = linksIn(m, lang, chatId, turn);
    if (found.isEmpty()) {
      if (!group && !turn.replay()) {
        reply(chatId, messages.text(lang, "cmd.no_link"));
      }
      return;
    }
    ChatSettings chat = settings.get(chatId);
    int part = 1;
    for (String url : found) {
      if (chat.defaultJobType().isPresent()) {
        submit(url, qualityFor(chat, chat.defaultJobType().get()), userId, chatId, lang, Optional.empty(),
            turn.part(part++, chatId));
      } else if (!turn.replay()) {
        askType(url, userId, chatId, lang);
      }
    }
  }

  private void onCommand(Command c, Message m, long userId, long chatId, Language lang, Turn turn)
      throws TelegramApiException, InterruptedException {
    if (turn.replay() && !List.of("video", "audio", "file").contains(c.name())) {
      return; // answered (and done) before the restart
    }
    switch (c.name()) {
      case "start" -> reply(chatId, messages.text(lang, "cmd.start", config.maxLinksPerMessage(), Messages.formatBytes(config.maxFileSizeBytes())));
      case "help" -> reply(chatId, messages.text(lang, "cmd.help", config.maxLinksPerMessage(), Messages.formatBytes(config.maxFileSizeBytes())));
      case "ping" -> reply(chatId, messages.text(lang, "cmd.ping"));
      case "video", "audio", "file" -> {
        JobType type = JobType.valueOf(c.name().toUpperCase(java.util.Locale.ROOT));
        List<String> found = linksIn(m, lang, chatId, turn);
        if (found.isEmpty()) {
          if (!turn.replay()) {
            reply(chatId, messages.text(lang, "cmd." + c.name() + "_usage"));
          }
          return;
        }
        Quality q = qualityFor(settings.get(chatId), type);
        int part = 1;
        for (String url : found) {
          submit(url, q, userId, chatId, lang, Optional.empty(), turn.part(part++, chatId));
        }
      }
      case "archive_on", "archive_off" -> {
        boolean on = c.name().equals("archive_on");
        settings.setArchiveMode(chatId, on);
        reply(chatId, messages.text(lang, on ? "cmd.archive_on" : "cmd.archive_off"));
      }
      case "lang" -> api.call(chatId, SendMessage.builder().chatId(chatId).text(messages.text(lang, "cmd.lang_prompt"))
          .replyMarkup(languageKeyboard()).build());
      case "settings" -> sendSettings(chatId, lang);
      default -> {
        if (!admin.handle(c, userId, chatId, lang)) {
          reply(chatId, messages.text(lang, "cmd.unknown"));
        }
      }
    }
  }

  private List<String> linksIn(Message m, Language lang, long chatId, Turn turn)
      throws TelegramApiException, InterruptedException {
    List<Links.Span> spans = new ArrayList<>();
    if (m.getEntities() != null) {
      for (MessageEntity e : m.getEntities()) {
        spans.add(new Links.Span(e.getType(), e.getOffset(), e.getLength(), e.getUrl()));
      }
    }
    Links.Found found = links.in(m.getText(), spans);
    if (found.truncated() && !turn.replay()) {
      reply(chatId, messages.text(lang, "refuse.too_many_links", links.maxPerMessage()));
    }
    return found.links();
  }

  private void askType(String url, long userId, long chatId, Language lang) throws TelegramApiException, InterruptedException {
    String token = pending.add(url, userId, chatId);
    InlineKeyboardMarkup keyboard =
        InlineKeyboardMarkup.builder()
            .keyboardRow(new InlineKeyboardRow(
                button(messages.text(lang, "job.button.video"), "t:" + token + ":V"),
                button(messages.text(lang, "job.button.audio"), "t:" + token + ":A")))
            .keyboardRow(new InlineKeyboardRow(button(messages.text(lang, "job.button.cancel"), "x:" + token)))
            .build();
    api.call(chatId, SendMessage.builder().chatId(chatId).text(messages.text(lang, "job.choose_type") + "\n" + url)
        .replyMarkup(keyboard).disableWebPagePreview(true).build());
  }

  // ---- buttons ---------------------------------------------------------------------------

  private void onButton(CallbackQuery q, Turn turn) throws TelegramApiException, InterruptedException {
    if (!turn.replay()) {
      api.call(0, AnswerCallbackQuery.builder().callbackQueryId(q.getId()).build());
    }
    if (q.getMessage() == null || q.getData() == null) {
      return;
    }
    long chatId = q.getMessage().getChatId();
    int messageId = q.getMessage().getMessageId();
    long userId = q.getFrom().getId();
    MDC.put("user_id", Long.toString(userId));
    MDC.put("chat_id", Long.toString(chatId));
    Language lang = language(chatId, q.getFrom());
    statuses.noteLanguage(chatId, lang);
    if (!allowed(userId, chatId)) {
      log.warn("refused button of user {} in chat {}", userId, chatId);
      return;
    }
    String[] parts = q.getData().split(":");
    if (turn.replay() && !parts[0].equals("q") && !parts[0].equals("r")) {
      return; // done before the restart
    }
    switch (parts[0]) {
      case "t" -> chooseQuality(parts, chatId, messageId, lang);
      case "q" -> {
        Optional<PendingLinks.Pending> p = parts.length == 3 ? pending.get(parts[1]) : Optional.empty();
        Optional<Quality> quality = parts.length == 3 ? Quality.parse(parts[2]) : Optional.empty();
        if (p.isEmpty() || quality.isEmpty()) {
          if (!turn.replay()) {
            edit(chatId, messageId, messages.text(lang, "job.choice_expired"), null);
          }
          return;
        }
        pending.remove(parts[1]);
        submit(p.get().url(), quality.get(), userId, chatId, lang, Optional.of(messageId), turn.part(1, chatId));
      }
      case "x" -> {
        if (parts.length > 1) {
          pending.remove(parts[1]);
        }
        edit(chatId, messageId, messages.text(lang, "job.cancelled"), null);
      }
      case "c" -> {
        long jobId = parts.length > 1 ? parseLong(parts[1]) : -1;
        boolean byAdmin = config.adminUserIds().contains(userId);
        if (jobId > 0 && (byAdmin || jobs.ownedBy(jobId, userId))) {
          JobService.CancelResult cancelled = jobs.cancel(jobId, (byAdmin ? "admin " : "user ") + userId, byAdmin);
          if (cancelled != JobService.CancelResult.CANCELLED) {
            edit(chatId, messageId, messages.text(lang, "job.cancel_too_late"), null);
          }
        }
      }
      case "l" -> {
        if (parts.length > 1) {
          Language chosen = Messages.forLanguage(parts[1]);
          settings.setLanguage(chatId, chosen.code());
          edit(chatId, messageId, messages.text(chosen, "cmd.lang_confirm"), null);
        }
      }
      case "s" -> onSettingsButton(parts, chatId, messageId, lang);
      case "r" -> {
        // "Send the audio" under a video that had none: the same link again, as audio.
        long jobId = parts.length == 3 && parts[2].equals("AUDIO") ? parseLong(parts[1]) : -1;
        Optional<String> link = jobId > 0 ? jobs.linkOf(jobId) : Optional.empty();
        if (link.isEmpty()) {
          if (!turn.replay()) {
            edit(chatId, messageId, messages.text(lang, "job.choice_expired"), null);
          }
          return;
        }
        submit(link.get(), qualityFor(settings.get(chatId), JobType.AUDIO), userId, chatId, lang, Optional.of(messageId),
            turn.part(1, chatId));
      }
      default -> log.debug("unknown button data {}", q.getData());
    }
  }

  private void chooseQuality(String[] parts, long chatId, int messageId, Language lang)
      throws TelegramApiException, InterruptedException {
    if (parts.length != 3 || pending.get(parts[1]).isEmpty()) {
      edit(chatId, messageId, messages.text(lang, "job.choice_expired"), null);
      return;
    }
    JobType type = parts[2].equals("A") ? JobType.AUDIO : JobType.VIDEO;
    InlineKeyboardMarkup.InlineKeyboardMarkupBuilder<?, ?> keyboard = InlineKeyboardMarkup.builder();
    List<InlineKeyboardButton> row = new ArrayList<>();
    for (Quality q : Quality.values()) {
      if (q.jobType() != type) {
        continue;
      }
      row.add(button(messages.text(lang, Messages.qualityKey(q)), "q:" + parts[1] + ":" + q.code()));
      if (row.size() == 2) {
        keyboard.keyboardRow(new InlineKeyboardRow(row));
        row = new ArrayList<>();
      }
    }
    if (!row.isEmpty()) {
      keyboard.keyboardRow(new InlineKeyboardRow(row));
    }
    // Beside the qualities: the original, untouched, as a document (it keeps what the site has,
    // at the price of inline playback).
    keyboard.keyboardRow(new InlineKeyboardRow(
        button(messages.text(lang, Messages.qualityKey(Quality.FILE)), "q:" + parts[1] + ":" + Quality.FILE.code())));
    keyboard.keyboardRow(new InlineKeyboardRow(button(messages.text(lang, "job.button.cancel"), "x:" + parts[1])));
    edit(chatId, messageId, messages.text(lang, "job.choose_quality"), keyboard.build());
  }

  // ---- submitting ------------------------------------------------------------------------

  private void submit(
      String url, Quality quality, long userId, long chatId, Language lang, Optional<Integer> reuseMessage,
      UpdateRef update)
      throws TelegramApiException, InterruptedException {
    SubmitResult result =
        jobs.submit(new SubmitRequest(url, quality, userId, chatId, Optional.of(update), lang.code()));
    switch (result) {
      case SubmitResult.Created created -> {
        long jobId = created.job().id();
        String text = messages.text(lang, "job.queued", jobs.queuePosition(jobId));
        int messageId = show(chatId, reuseMessage, text, StatusMessages.cancelButton(messages, lang, jobId));
        statuses.track(jobId, chatId, messageId, lang, text);
      }
      case SubmitResult.Linked linked -> {
        String text = messages.text(lang, "job.already_running");
        int messageId = show(chatId, reuseMessage, text, null);
        if (linked.attached()) {
          statuses.track(linked.job().id(), chatId, messageId, lang, text);
        }
      }
      case SubmitResult.Cached cached -> {
        // The fan-out sends Telegram's copy; the question about this link has done its work.
        reuseMessage.ifPresent(id -> deleteQuietly(chatId, id));
      }
      case SubmitResult.AlreadyHandled handled -> {
        // Telegram sent the update again after a restart; the job was made the first time.
      }
      case SubmitResult.Rejected rejected -> {
        String text = refusal(rejected, lang);
        show(chatId, reuseMessage, text, null);
      }
    }
  }

  private String refusal(SubmitResult.Rejected r, Language lang) {
    long minutes =
        r.freesAt().map(t -> Math.max(1, Duration.between(clock.instant(), t).toMinutes() + 1)).orElse(60L);
    return switch (r.reason()) {
      case MAINTENANCE -> messages.text(lang, "refuse.maintenance");
      case QUEUE_FULL -> messages.text(lang, "refuse.queue_full");
      case TOO_MANY_ACTIVE_JOBS -> messages.text(lang, "refuse.too_many_active", jobs.limits().maxActiveJobsPerUser());
      case USER_HOURLY_LIMIT -> messages.text(lang, "refuse.hourly_limit_user", jobs.limits().maxJobsPerUserPerHour(), minutes);
      case CHAT_HOURLY_LIMIT -> messages.text(lang, "refuse.hourly_limit_chat", jobs.limits().maxJobsPerChatPerHour(), minutes);
      case URL_REFUSED -> messages.text(lang, refusalKey(r.urlRefusal().orElse(RefusalReason.MALFORMED)));
    };
  }

  static String refusalKey(RefusalReason reason) {
    return switch (reason) {
      case DOMAIN_NOT_ALLOWED -> "refuse.unsupported_site";
      case UNSUPPORTED_LINK -> "refuse.unsupported_link";
      case PLAYLIST_NOT_SUPPORTED -> "refuse.playlist";
      case PRIVATE_ADDRESS -> "refuse.private_link";
      case TOO_LONG -> "refuse.too_long";
      case UNRESOLVABLE -> "refuse.unresolvable";
      case BAD_SCHEME, USERINFO, MALFORMED -> "refuse.invalid_link";
    };
  }

  // ---- settings --------------------------------------------------------------------------

  private void sendSettings(long chatId, Language lang) throws TelegramApiException, InterruptedException {
    api.call(chatId, SendMessage.builder().chatId(chatId).text(settingsText(chatId, lang)).replyMarkup(settingsKeyboard(lang)).build());
  }

  private String settingsText(long chatId, Language lang) {
    ChatSettings s = settings.get(chatId);
    String type = s.defaultJobType().map(t -> messages.text(lang, "settings.type." + t.name())).orElse(messages.text(lang, "settings.type.ask"));
    String quality = s.defaultQuality().flatMap(Quality::parse).map(q -> messages.text(lang, Messages.qualityKey(q))).orElse("-");
    return messages.text(lang, "settings.title") + "\n"
        + messages.text(lang, "settings.default_type", type) + "\n"
        + messages.text(lang, "settings.default_quality", quality) + "\n"
        + messages.text(lang, "settings.archive", messages.text(lang, s.archiveMode() ? "settings.on" : "settings.off")) + "\n"
        + messages.text(lang, "settings.language", messages.text(lang, "settings.language_name"));
  }

  private InlineKeyboardMarkup settingsKeyboard(Language lang) {
    return InlineKeyboardMarkup.builder()
        .keyboardRow(new InlineKeyboardRow(button(messages.text(lang, "settings.button.type"), "s:type")))
        .keyboardRow(new InlineKeyboardRow(button(messages.text(lang, "settings.button.quality"), "s:quality")))
        .keyboardRow(new InlineKeyboardRow(button(messages.text(lang, "settings.button.archive"), "s:archive")))
        .keyboardRow(new InlineKeyboardRow(button(messages.text(lang, "settings.button.language"), "s:lang")))
        .build();
  }

  private void onSettingsButton(String[] p, long chatId, int messageId, Language lang)
      throws TelegramApiException, InterruptedException {
    String what = p.length > 1 ? p[1] : "";
    switch (what) {
      case "type" -> {
        if (p.length > 2) {
          Optional<JobType> chosen =
              java.util.Arrays.stream(JobType.values()).filter(t -> t.name().equals(p[2])).findFirst();
          if (chosen.isPresent()) {
            settings.setDefaultJobType(chatId, chosen.get());
          } else {
            settings.clearDefaultJobType(chatId);
          }
          edit(chatId, messageId, settingsText(chatId, lang), settingsKeyboard(lang));
          return;
        }
        edit(chatId, messageId, messages.text(lang, "settings.choose_type"),
            InlineKeyboardMarkup.builder().keyboardRow(new InlineKeyboardRow(
                button(messages.text(lang, "settings.type.VIDEO"), "s:type:VIDEO"),
                button(messages.text(lang, "settings.type.AUDIO"), "s:type:AUDIO")))
                .keyboardRow(new InlineKeyboardRow(
                button(messages.text(lang, "settings.type.FILE"), "s:type:FILE"),
                button(messages.text(lang, "settings.type.ask"), "s:type:ASK"))).build());
      }
      case "quality" -> {
        if (p.length > 2 && Quality.parse(p[2]).isPresent()) {
          settings.setDefaultQuality(chatId, Quality.parse(p[2]).get().code());
          edit(chatId, messageId, settingsText(chatId, lang), settingsKeyboard(lang));
          return;
        }
        InlineKeyboardMarkup.InlineKeyboardMarkupBuilder<?, ?> k = InlineKeyboardMarkup.builder();
        for (Quality q : Quality.values()) {
          if (q != Quality.FILE) { // a type of its own in these settings, with nothing to choose
            k.keyboardRow(new InlineKeyboardRow(button(messages.text(lang, Messages.qualityKey(q)), "s:quality:" + q.code())));
          }
        }
        edit(chatId, messageId, messages.text(lang, "settings.choose_quality"), k.build());
      }
      case "archive" -> {
        settings.setArchiveMode(chatId, !settings.get(chatId).archiveMode());
        edit(chatId, messageId, settingsText(chatId, lang), settingsKeyboard(lang));
      }
      case "lang" -> edit(chatId, messageId, messages.text(lang, "cmd.lang_prompt"), languageKeyboard());
      default -> log.debug("unknown settings button {}", String.join(":", p));
    }
  }

  private InlineKeyboardMarkup languageKeyboard() {
    return InlineKeyboardMarkup.builder()
        .keyboardRow(new InlineKeyboardRow(
            button(messages.text(Language.EN, "settings.language_name"), "l:en"),
            button(messages.text(Language.AR, "settings.language_name"), "l:ar")))
        .build();
  }

  // ---- helpers ---------------------------------------------------------------------------

  private Quality qualityFor(ChatSettings chat, JobType type) {
    return chat.defaultQuality().flatMap(Quality::parse).filter(q -> q.jobType() == type).orElse(Quality.defaultFor(type));
  }

  private Language language(long chatId, User from) {
    Optional<String> chosen = settings.get(chatId).language();
    if (chosen.isPresent()) {
      return Messages.forLanguage(chosen.get());
    }
    return Messages.forLanguage(from == null ? null : from.getLanguageCode());
  }

  private boolean allowed(long userId, long chatId) {
    if (config.adminUserIds().contains(userId)) {
      return true;
    }
    boolean userOk = config.allowedUserIds().isEmpty() || config.allowedUserIds().contains(userId);
    boolean chatOk = config.allowedChatIds().isEmpty() || config.allowedChatIds().contains(chatId);
    return userOk && chatOk;
  }

  private boolean addressedToBot(Message m) {
    if (!botUsername.isEmpty() && m.getText().toLowerCase(Locale.ROOT).contains("@" + botUsername.toLowerCase(Locale.ROOT))) {
      return true;
    }
    Message replied = m.getReplyToMessage();
    return replied != null && replied.getFrom() != null && Boolean.TRUE.equals(replied.getFrom().getIsBot())
        && (botUsername.isEmpty() || botUsername.equalsIgnoreCase(replied.getFrom().getUserName()));
  }

  private int show(long chatId, Optional<Integer> reuse, String text, InlineKeyboardMarkup keyboard)
      throws TelegramApiException, InterruptedException {
    if (reuse.isPresent()) {
      edit(chatId, reuse.get(), text, keyboard);
      return reuse.get();
    }
    SendMessage.SendMessageBuilder<?, ?> send = SendMessage.builder().chatId(chatId).text(text);
    if (keyboard != null) {
      send.replyMarkup(keyboard);
    }
    return api.call(chatId, send.build()).getMessageId();
  }

  private void edit(long chatId, int messageId, String text, InlineKeyboardMarkup keyboard)
      throws TelegramApiException, InterruptedException {
    EditMessageText.EditMessageTextBuilder<?, ?> e = EditMessageText.builder().chatId(chatId).messageId(messageId).text(text);
    if (keyboard != null) {
      e.replyMarkup(keyboard);
    }
    api.call(chatId, e.build());
  }

  private void deleteQuietly(long chatId, int messageId) {
    try {
      api.call(chatId, org.telegram.telegrambots.meta.api.methods.updatingmessages.DeleteMessage.builder()
          .chatId(chatId).messageId(messageId).build());
    } catch (TelegramApiException e) {
      log.debug("cannot delete message: {}", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  void reply(long chatId, String text) throws TelegramApiException, InterruptedException {
    api.call(chatId, SendMessage.builder().chatId(chatId).text(text).build());
  }

  static InlineKeyboardButton button(String text, String data) {
    return InlineKeyboardButton.builder().text(text).callbackData(data).build();
  }

  private static long parseLong(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
