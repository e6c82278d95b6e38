package archiver.bot;

import archiver.bot.ChatCommand.Audience;
import archiver.bot.ChatCommand.Invocation;
import archiver.bot.ChatCommand.Listing;
import archiver.bot.Messages.Language;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.commands.SetMyCommands;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.commands.BotCommand;
import org.telegram.telegrambots.meta.api.objects.commands.scope.BotCommandScope;
import org.telegram.telegrambots.meta.api.objects.commands.scope.BotCommandScopeChat;
import org.telegram.telegrambots.meta.api.objects.commands.scope.BotCommandScopeDefault;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;

/**
 * Every chat command, in the order /help and the menu show them. It runs a command (refusing an
 * admin command to anyone else), words the command list of /help, and announces Telegram's command
 * menu in every language the bot speaks.
 */
final class CommandRegistry {

  private static final Logger log = LoggerFactory.getLogger(CommandRegistry.class);

  /**
   * A menu command's description: 1-256 characters (https://core.telegram.org/bots/api#botcommand).
   */
  static final int MAX_DESCRIPTION = 256;

  private final Map<String, ChatCommand> byName = new LinkedHashMap<>();
  private final BotApi api;
  private final Messages messages;
  private final Set<Long> admins;

  CommandRegistry(List<ChatCommand> commands, BotApi api, Messages messages, Set<Long> admins) {
    this.api = api;
    this.messages = messages;
    this.admins = Set.copyOf(admins);
    for (ChatCommand c : commands) {
      if (byName.putIfAbsent(c.name(), c) != null) {
        throw new IllegalArgumentException("command /" + c.name() + " is registered twice");
      }
      if (c.listing() != Listing.HIDDEN) {
        for (Language lang : Language.values()) {
          if (messages.pattern(lang, c.descriptionKey()) == null) {
            throw new IllegalStateException(
                "command /" + c.name() + " has no " + c.descriptionKey() + " in " + lang);
          }
        }
      }
    }
  }

  /**
   * Runs the command typed. An unknown one is answered as such; an admin command of someone else is
   * refused and logged; a replayed update runs only commands that submit jobs.
   */
  void run(Invocation call) throws TelegramApiException, InterruptedException {
    ChatCommand command = byName.get(call.command().name());
    if (call.turn().replay() && (command == null || !command.submitsJobs())) {
      return; // answered (and done) before the restart
    }
    if (command == null) {
      reply(call.chatId(), messages.text(call.lang(), "cmd.unknown"));
      return;
    }
    if (command.audience() == Audience.ADMINS) {
      if (!admins.contains(call.userId())) {
        log.warn(
            "user {} tried the admin command /{} in chat {}",
            call.userId(),
            command.name(),
            call.chatId());
        reply(call.chatId(), messages.text(call.lang(), "admin.not_admin"));
        return;
      }
      log.info("admin {} ran /{} {}", call.userId(), command.name(), call.command().args());
    }
    command.handler().run(call);
  }

  /** The commands of /help for this user, one line each. */
  String helpLines(Language lang, long userId) {
    List<String> lines = new ArrayList<>();
    for (ChatCommand c : shown(List.of(Listing.MENU, Listing.HELP), Audience.EVERYONE)) {
      lines.add("\u2022 " + messages.text(lang, c.descriptionKey()));
    }
    if (admins.contains(userId)) {
      lines.add("");
      lines.add(messages.text(lang, "cmd.help_admin"));
      for (ChatCommand c : shown(List.of(Listing.MENU, Listing.HELP), Audience.ADMINS)) {
        lines.add("\u2022 " + messages.text(lang, c.descriptionKey()));
      }
    }
    return String.join("\n", lines);
  }

  /** The command menu in {@code lang}: the commands for everyone, then for admins when asked. */
  List<BotCommand> menu(Language lang, boolean forAdmins) {
    List<BotCommand> menu = new ArrayList<>();
    for (ChatCommand c : shown(List.of(Listing.MENU), Audience.EVERYONE)) {
      menu.add(new BotCommand(c.name(), description(lang, c)));
    }
    if (forAdmins) {
      for (ChatCommand c : shown(List.of(Listing.MENU), Audience.ADMINS)) {
        menu.add(new BotCommand(c.name(), description(lang, c)));
      }
    }
    return menu;
  }

  /**
   * Sets Telegram's command menu: for everyone, and in each admin's private chat with the admin
   * commands too; each once per language ({@code language_code}) and once without, in English, for
   * users whose language the bot does not speak. Telegram picks the narrowest scope and then the
   * user's language (https://core.telegram.org/bots/api#determining-list-of-commands). A menu that
   * cannot be set is logged: the bot works without it.
   */
  void announceMenus() throws InterruptedException {
    announce(BotCommandScopeDefault.builder().build(), "everyone", false);
    for (long admin : new TreeSet<>(admins)) {
      // Admin ids are user ids, and a user's private chat with the bot has the same id.
      announce(BotCommandScopeChat.builder().chatId(admin).build(), "admin " + admin, true);
    }
  }

  private void announce(BotCommandScope scope, String who, boolean forAdmins)
      throws InterruptedException {
    set(scope, who, Optional.empty(), menu(Language.EN, forAdmins));
    for (Language lang : Language.values()) {
      set(scope, who, Optional.of(lang.code()), menu(lang, forAdmins));
    }
  }

  private void set(
      BotCommandScope scope, String who, Optional<String> languageCode, List<BotCommand> menu)
      throws InterruptedException {
    SetMyCommands.SetMyCommandsBuilder<?, ?> set =
        SetMyCommands.builder().commands(menu).scope(scope);
    languageCode.ifPresent(set::languageCode);
    try {
      api.call(0, set.build());
    } catch (TelegramApiException e) {
      log.warn(
          "could not set the command menu for {} ({}): {}",
          who,
          languageCode.orElse("default"),
          e.getMessage());
    }
  }

  private List<ChatCommand> shown(List<Listing> listings, Audience audience) {
    List<ChatCommand> shown = new ArrayList<>();
    for (ChatCommand c : byName.values()) {
      if (c.audience() == audience && listings.contains(c.listing())) {
        shown.add(c);
      }
    }
    return shown;
  }

  private String description(Language lang, ChatCommand c) {
    String text = messages.text(lang, c.descriptionKey());
    return text.length() > MAX_DESCRIPTION
        ? text.substring(0, MAX_DESCRIPTION - 1) + "\u2026"
        : text;
  }

  private void reply(long chatId, String text) throws TelegramApiException, InterruptedException {
    api.call(chatId, SendMessage.builder().chatId(chatId).text(text).build());
  }
}
