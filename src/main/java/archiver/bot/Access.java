package archiver.bot;

import java.util.Locale;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * Who the bot answers: the allowed users and chats (admins always), and in groups only when asked.
 */
final class Access {

  private Access() {}

  /** Admins always; else the user and the chat must each be allowed (an empty list allows all). */
  static boolean allowed(BotSettings config, long userId, long chatId) {
    if (config.adminUserIds().contains(userId)) {
      return true;
    }
    boolean userOk = config.allowedUserIds().isEmpty() || config.allowedUserIds().contains(userId);
    boolean chatOk = config.allowedChatIds().isEmpty() || config.allowedChatIds().contains(chatId);
    return userOk && chatOk;
  }

  /** In a group: the message mentions the bot, or replies to one of its messages. */
  static boolean addressedToBot(Message m, String botUsername) {
    String text = m.getText() == null ? "" : m.getText();
    if (!botUsername.isEmpty()
        && text.toLowerCase(Locale.ROOT).contains("@" + botUsername.toLowerCase(Locale.ROOT))) {
      return true;
    }
    Message replied = m.getReplyToMessage();
    return replied != null
        && replied.getFrom() != null
        && Boolean.TRUE.equals(replied.getFrom().getIsBot())
        && (botUsername.isEmpty() || botUsername.equalsIgnoreCase(replied.getFrom().getUserName()));
  }
}
