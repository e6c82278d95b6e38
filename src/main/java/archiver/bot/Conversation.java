package archiver.bot;

import archiver.bot.ChatCommand.Audience;
import archiver.bot.ChatCommand.Invocation;
import archiver.bot.ChatCommand.Listing;
import archiver.bot.Messages.Language;
import archiver.core.admin.AdminService;
import archiver.core.admin.SettingsService;
import archiver.core.batch.BatchService;
import archiver.core.jobs.JobService;
import archiver.core.jobs.Links;
import archiver.core.rename.RenameService;
import archiver.domain.ChatSettings;
import archiver.domain.JobType;
import archiver.domain.Quality;
import archiver.domain.Stage;
import archiver.domain.UpdateRef;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.MessageEntity;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;

/**
 * What the bot says and does for each update (docs/ARCHITECTURE.md, "The Telegram side"): commands
 * (through the {@link CommandRegistry}), links (a keyboard for video/audio then quality, or at once
 * with /video and /audio), button presses (each a {@link Callback}), refusals in one sentence, and
 * who may use it at all.
 */
final class Conversation {

  private static final Logger log = LoggerFactory.getLogger(Conversation.class);

  private final BotApi api;
  private final Messages messages;
  private final JobService jobs;
  private final SettingsService settings;
  private final ChatLanguages languages;
  private final StatusBoard board;
  private final Keyboards keyboards;
  private final SettingsDialog dialog;
  private final JobRequests requests;
  private final CommandRegistry commands;
  private final Links links;
  private final PendingLinks pending;
  private final ButtonPresses buttons;
  private final PlaylistDialog playlists;
  private final BotSettings config;
  private volatile String botUsername = "";

  Conversation(
      BotApi api,
      Messages messages,
      JobService jobs,
      SettingsService settings,
      AdminService adminService,
      RenameService renames,
      StatusBoard board,
      ChatLanguages languages,
      Keyboards keyboards,
      Links links,
      BotSettings config,
      BatchService batches,
      BatchBoard batchBoard,
      Clock clock,
      CookieUpload cookies) {
    this.api = api;
    this.messages = messages;
    this.jobs = jobs;
    this.settings = settings;
    this.languages = languages;
    this.board = board;
    this.keyboards = keyboards;
    this.links = links;
    this.config = config;
    this.pending = new PendingLinks(clock);
    this.dialog = new SettingsDialog(api, messages, settings, keyboards);
    this.requests = new JobRequests(api, messages, jobs, board, keyboards, clock);
    this.playlists =
        new PlaylistDialog(
            api, messages, batches, keyboards, pending, requests, settings, batchBoard);
    this.buttons =
        new ButtonPresses(
            api, messages, jobs, settings, keyboards, dialog, requests, pending, config, playlists);
    List<ChatCommand> all = new ArrayList<>(chatCommands());
    all.add(new RenameCommand(api, messages, renames, config.adminUserIds()).command());
    all.addAll(new AdminCommands(api, messages, adminService).commands());
    all.add(cookies.command());
    this.commands = new CommandRegistry(all, api, messages, config.adminUserIds());
  }

  /**
   * The commands for everyone, in the order /help and the menu list them. /video, /audio and /file
   * submit jobs, so they run again when Telegram sends their update again.
   */
  private List<ChatCommand> chatCommands() {
    return List.of(
        new ChatCommand(
            "video",
            Audience.EVERYONE,
            Listing.MENU,
            true,
            call -> submitAtOnce(call, JobType.VIDEO)),
        new ChatCommand(
            "audio",
            Audience.EVERYONE,
            Listing.MENU,
            true,
            call -> submitAtOnce(call, JobType.AUDIO)),
        new ChatCommand(
            "file",
            Audience.EVERYONE,
            Listing.MENU,
            true,
            call -> submitAtOnce(call, JobType.FILE)),
        ChatCommand.everyone(
            "settings", Listing.MENU, call -> dialog.show(call.chatId(), call.lang())),
        ChatCommand.everyone(
            "lang", Listing.MENU, call -> dialog.askLanguage(call.chatId(), call.lang())),
        ChatCommand.everyone("help", Listing.MENU, call -> reply(call.chatId(), help(call))),
        ChatCommand.everyone(
            "ping",
            Listing.HELP,
            call -> reply(call.chatId(), messages.text(call.lang(), "cmd.ping"))),
        ChatCommand.everyone(
            "start",
            Listing.HIDDEN,
            call ->
                reply(
                    call.chatId(),
                    messages.text(
                        call.lang(),
                        "cmd.start",
                        config.maxLinksPerMessage(),
                        Messages.formatBytes(config.maxFileSizeBytes())))),
        ChatCommand.everyone(
            "archive_on",
            Listing.HIDDEN,
            call -> dialog.setArchive(call.chatId(), call.lang(), true)),
        ChatCommand.everyone(
            "archive_off",
            Listing.HIDDEN,
            call -> dialog.setArchive(call.chatId(), call.lang(), false)));
  }

  /** Every command, for the menu. */
  CommandRegistry commands() {
    return commands;
  }

  void setBotUsername(String username) {
    this.botUsername = username == null ? "" : username;
  }

  /** Handles one update; never throws (a bad update must not stop the others). */
  void handle(Update update) {
    MDC.put("stage", Stage.BOT.name());
    try {
      long chatId = chatOf(update);
      boolean replay = !jobs.claimUpdate(new UpdateRef(update.getUpdateId(), 0, chatId));
      if (replay) {
        log.info(
            "update {} was handled before (Telegram sent it again after a restart): no reply is sent twice",
            update.getUpdateId());
      }
      Turn turn = new Turn(update.getUpdateId(), replay);
      if (update.hasCallbackQuery()) {
        onButton(update.getCallbackQuery(), turn);
      } else if (update.hasMessage()
          && (update.getMessage().hasText()
              || CookieUpload.captionCommand(update.getMessage(), botUsername).isPresent())) {
        onMessage(update.getMessage(), turn); // a document only with /cookies as its caption
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
    Language lang = languages.forUpdate(chatId, from == null ? null : from.getLanguageCode());
    boolean group = !m.getChat().isUserChat();
    String text = (m.hasText() ? m.getText() : m.getCaption()).strip();
    Optional<Command> command = Command.parse(text, botUsername);
    if (group && command.isEmpty() && !Access.addressedToBot(m, botUsername)) {
      return; // in groups the bot answers commands, mentions and replies only
    }
    if (command.isPresent() && command.get().forOtherBot()) {
      return;
    }
    if (!Access.allowed(config, userId, chatId)) {
      if (turn.replay()) {
        return;
      }
      log.warn(
          "refused user {} in chat {}: not in allowed_user_ids / allowed_chat_ids", userId, chatId);
      boolean userRefused =
          !config.allowedUserIds().isEmpty() && !config.allowedUserIds().contains(userId);
      reply(
          chatId,
          messages.text(lang, userRefused ? "refuse.not_allowed_user" : "refuse.not_allowed_chat"));
      return;
    }
    if (command.isPresent()) {
      commands.run(new Invocation(command.get(), m, userId, chatId, lang, turn));
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
      UpdateRef ref = turn.part(part++, chatId);
      if (playlists.offer(url, userId, chatId, lang, Optional.empty(), turn, ref)) {
        continue; // a playlist is always asked about, whatever the chat's default type
      }
      if (chat.defaultJobType().isPresent()) {
        requests.submit(
            url,
            ButtonPresses.qualityFor(chat, chat.defaultJobType().get()),
            userId,
            chatId,
            lang,
            Optional.empty(),
            ref,
            JobRequests.labelAmong(url, found));
      } else if (!turn.replay()
          && !requests.refusedAtOnce(url, chatId, lang, JobRequests.labelAmong(url, found))) {
        askType(url, userId, chatId, lang);
      }
    }
  }

  /** /video, /audio, /file: every link after the command, at the chat's default quality. */
  private void submitAtOnce(Invocation call, JobType type)
      throws TelegramApiException, InterruptedException {
    List<String> found = linksIn(call.message(), call.lang(), call.chatId(), call.turn());
    if (found.isEmpty()) {
      if (!call.turn().replay()) {
        reply(call.chatId(), messages.text(call.lang(), "cmd." + call.command().name() + "_usage"));
      }
      return;
    }
    Quality q = ButtonPresses.qualityFor(settings.get(call.chatId()), type);
    int part = 1;
    for (String url : found) {
      UpdateRef ref = call.turn().part(part++, call.chatId());
      if (type != JobType.FILE
          && playlists.offer(
              url,
              call.userId(),
              call.chatId(),
              call.lang(),
              Optional.of(type),
              call.turn(),
              ref)) {
        continue;
      }
      requests.submit(
          url,
          q,
          call.userId(),
          call.chatId(),
          call.lang(),
          Optional.empty(),
          ref,
          JobRequests.labelAmong(url, found));
    }
  }

  /** How to use the bot, with the commands this user may run. */
  private String help(Invocation call) {
    Language lang = call.lang();
    return messages.text(
            lang,
            "cmd.help",
            config.maxLinksPerMessage(),
            Messages.formatBytes(config.maxFileSizeBytes()))
        + "\n\n"
        + messages.text(lang, "cmd.help_commands")
        + "\n"
        + commands.helpLines(lang, call.userId())
        + "\n\n"
        + messages.text(lang, "cmd.help_footer");
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

  private void askType(String url, long userId, long chatId, Language lang)
      throws TelegramApiException, InterruptedException {
    String token = pending.add(url, userId, chatId);
    api.call(
        chatId,
        SendMessage.builder()
            .chatId(chatId)
            .text(messages.text(lang, "job.choose_type") + "\n" + url)
            .replyMarkup(keyboards.typeQuestion(lang, token))
            .disableWebPagePreview(true)
            .build());
  }

  // ---- buttons ---------------------------------------------------------------------------

  private void onButton(CallbackQuery q, Turn turn)
      throws TelegramApiException, InterruptedException {
    if (!turn.replay()) {
      // Every press is answered, even one ignored, or the user's app shows a spinner for a while
      // (https://core.telegram.org/bots/api#answercallbackquery).
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
    Language lang = languages.forUpdate(chatId, q.getFrom().getLanguageCode());
    if (!Access.allowed(config, userId, chatId)) {
      log.warn("refused button of user {} in chat {}", userId, chatId);
      return;
    }
    Optional<Callback> parsed = Callback.parse(q.getData());
    if (parsed.isEmpty()) {
      log.info("ignored a button press with data the bot does not write: {}", q.getData());
      return;
    }
    Callback pressed = parsed.get();
    boolean submits =
        pressed instanceof Callback.ChooseQuality
            || pressed instanceof Callback.AudioInstead
            || pressed instanceof Callback.ChoosePlaylist;
    if (turn.replay() && !submits) {
      return; // done before the restart
    }
    buttons.run(pressed, chatId, messageId, userId, lang, turn);
  }

  // ---- helpers ---------------------------------------------------------------------------

  void reply(long chatId, String text) throws TelegramApiException, InterruptedException {
    api.call(chatId, SendMessage.builder().chatId(chatId).text(text).build());
  }
}
