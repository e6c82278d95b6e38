package archiver.bot;

import archiver.bot.Messages.Language;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;

/**
 * One command users type in a chat, as the {@link CommandRegistry} lists and runs it. Its
 * description is the message {@code command.<name>} in each language: one line of /help, and its
 * entry in Telegram's command menu.
 *
 * @param name what follows the slash: 1-32 lower-case letters, digits and underscores, as Telegram
 *     requires of menu commands (https://core.telegram.org/bots/api#botcommand)
 * @param audience who may run it
 * @param listing where it is shown
 * @param submitsJobs runs again when Telegram sends its update again after a restart: each job it
 *     submits is recorded with the update, so none is made twice and one cut off by the crash is
 *     made now. Every other command was answered (and done) before the restart.
 */
record ChatCommand(
    String name, Audience audience, Listing listing, boolean submitsJobs, Handler handler) {

  /** Who may run a command. */
  enum Audience {
    EVERYONE,
    /** {@code telegram.admin_user_ids}; anyone else is refused and the attempt logged. */
    ADMINS
  }

  /** Where a command is shown. */
  enum Listing {
    /** In Telegram's command menu and in /help. */
    MENU,
    /** In /help only. */
    HELP,
    /** Nowhere: /start, and the shortcuts that /settings offers as buttons. */
    HIDDEN
  }

  /** What the command does. */
  interface Handler {
    void run(Invocation call) throws TelegramApiException, InterruptedException;
  }

  /** One use of a command: who typed what, where, in which language. */
  record Invocation(
      Command command, Message message, long userId, long chatId, Language lang, Turn turn) {}

  ChatCommand {
    if (!name.matches("[a-z0-9_]{1,32}")) {
      throw new IllegalArgumentException("not a Telegram command name: " + name);
    }
  }

  static ChatCommand everyone(String name, Listing listing, Handler handler) {
    return new ChatCommand(name, Audience.EVERYONE, listing, false, handler);
  }

  static ChatCommand admins(String name, Handler handler) {
    return new ChatCommand(name, Audience.ADMINS, Listing.MENU, false, handler);
  }

  /** The message key of its description. */
  String descriptionKey() {
    return "command." + name;
  }
}
