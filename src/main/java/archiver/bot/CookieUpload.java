package archiver.bot;

import archiver.bot.ChatCommand.Invocation;
import archiver.bot.Messages.Language;
import archiver.core.admin.CookieInstaller;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.DeleteMessage;
import org.telegram.telegrambots.meta.api.objects.Document;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;

/**
 * {@code /cookies PROFILE} as the caption of a {@code cookies.txt} sent as a document
 * (docs/OPERATIONS.md, "Refreshing cookies from Telegram"): the file is fetched from Telegram,
 * handed to the {@link CookieInstaller}, and the admin's message deleted from the chat, since it
 * holds a signed-in session. It is an admin command, so the {@link CommandRegistry} refuses anyone
 * else before the file is fetched.
 */
final class CookieUpload {

  private static final Logger log = LoggerFactory.getLogger(CookieUpload.class);

  static final String COMMAND = "cookies";

  private final BotApi api;
  private final Messages messages;
  private final TelegramFiles files;
  private final CookieInstaller installer;

  CookieUpload(BotApi api, Messages messages, TelegramFiles files, CookieInstaller installer) {
    this.api = api;
    this.messages = messages;
    this.files = files;
    this.installer = installer;
  }

  ChatCommand command() {
    return ChatCommand.admins(COMMAND, this::run);
  }

  /**
   * The command in a document's caption, when it is {@code /cookies}: the only document the bot
   * reads. A caption has no {@code text}; Telegram sends it as {@code caption} with its own {@code
   * caption_entities} (https://core.telegram.org/bots/api#message).
   */
  static Optional<Command> captionCommand(Message m, String botUsername) {
    if (!m.hasDocument() || m.getCaption() == null) {
      return Optional.empty();
    }
    return Command.parse(m.getCaption().strip(), botUsername)
        .filter(c -> c.name().equals(COMMAND) && !c.forOtherBot());
  }

  private void run(Invocation call) throws TelegramApiException, InterruptedException {
    Message m = call.message();
    String profile = call.command().args().strip();
    Language lang = call.lang();
    if (!m.hasDocument()) {
      reply(call.chatId(), messages.text(lang, "admin.cookies.usage", "/cookies yt_main"));
      return;
    }
    if (!m.getChat().isUserChat()) {
      // Everyone in a group could download the file from the message: the session is spent.
      reply(
          call.chatId(),
          messages.text(lang, "admin.cookies.private_only") + "\n" + deleted(m, lang));
      return;
    }
    if (profile.isEmpty() || profile.contains(" ")) {
      String usage = messages.text(lang, "admin.cookies.usage", "/cookies yt_main");
      reply(call.chatId(), usage + "\n" + deleted(m, lang));
      return;
    }
    String answer = install(profile, m.getDocument(), call);
    reply(call.chatId(), answer + "\n" + deleted(m, lang));
  }

  private String install(String profile, Document document, Invocation call)
      throws TelegramApiException, InterruptedException {
    Language lang = call.lang();
    Optional<CookieInstaller.Outcome> refused = installer.refusalFor(profile);
    if (refused.isPresent()) {
      return text(lang, refused.get());
    }
    Long size = document.getFileSize();
    if (size != null && size > CookieInstaller.MAX_BYTES) {
      return text(lang, new CookieInstaller.TooLarge(size, CookieInstaller.MAX_BYTES));
    }
    return switch (files.fetch(call.chatId(), document.getFileId(), CookieInstaller.MAX_BYTES)) {
      case TelegramFiles.Fetched.Failed failed -> {
        log.warn("cookie file for auth profile {} not fetched: {}", profile, failed.reason());
        yield messages.text(lang, "admin.cookies.fetch_failed", failed.reason());
      }
      case TelegramFiles.Fetched.Bytes bytes ->
          text(lang, installer.install(profile, bytes.bytes(), call.userId()));
    };
  }

  private String text(Language lang, CookieInstaller.Outcome outcome) {
    return switch (outcome) {
      case CookieInstaller.Installed done ->
          messages.text(lang, "admin.cookies.installed", done.profileId(), done.cookieLines());
      case CookieInstaller.UnknownProfile unknown ->
          messages.text(
              lang,
              "admin.cookies.unknown_profile",
              unknown.profileId(),
              unknown.known().isEmpty()
                  ? messages.text(lang, "admin.health.none")
                  : String.join(", ", unknown.known()));
      case CookieInstaller.NoCookieFile none ->
          messages.text(lang, "admin.cookies.no_cookie_file", none.profileId());
      case CookieInstaller.TooLarge big ->
          messages.text(
              lang,
              "admin.cookies.too_large",
              Messages.formatBytes(big.bytes()),
              Messages.formatBytes(big.limit()));
      case CookieInstaller.NotCookies not ->
          messages.text(lang, "admin.cookies.not_cookies", not.reason());
      case CookieInstaller.WriteFailed failed ->
          messages.text(lang, "admin.cookies.write_failed", failed.path(), failed.reason());
    };
  }

  /**
   * Deletes the admin's message, whatever became of the file: it holds a signed-in session, and
   * chat history is no place for one. Bots may delete incoming messages in private chats, and in
   * groups where they may delete messages, for 48 hours
   * (https://core.telegram.org/bots/api#deletemessage).
   */
  private String deleted(Message m, Language lang) throws InterruptedException {
    try {
      api.call(
          m.getChatId(),
          DeleteMessage.builder().chatId(m.getChatId()).messageId(m.getMessageId()).build());
      return messages.text(lang, "admin.cookies.deleted");
    } catch (TelegramApiException e) {
      log.warn(
          "could not delete message {} with a cookie file in chat {}: {}",
          m.getMessageId(),
          m.getChatId(),
          e.getMessage());
      return messages.text(lang, "admin.cookies.not_deleted");
    }
  }

  private void reply(long chatId, String text) throws TelegramApiException, InterruptedException {
    api.call(chatId, SendMessage.builder().chatId(chatId).text(text).build());
  }
}
