package archiver.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import archiver.bot.ChatCommand.Audience;
import archiver.bot.ChatCommand.Invocation;
import archiver.bot.ChatCommand.Listing;
import archiver.bot.Messages.Language;
import archiver.testing.FakeBotApi;
import archiver.testing.FakeBotApiCall;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;

/** The command registry against the fake Bot API, which records every request it gets. */
class CommandRegistryTest {

  private static final String TOKEN = "123456789:AAH-test-token-for-the-fake-bot-api-xyz";
  private static final long ADMIN = 1;
  private static final long OTHER_ADMIN = 2;
  private static final long USER = 1001;
  private static final Messages MESSAGES = Messages.load();

  private FakeBotApi telegram;
  private BotApi api;
  private final AtomicInteger ran = new AtomicInteger();

  @BeforeEach
  void start() {
    telegram = FakeBotApi.start(TOKEN);
    OkHttpTelegramClient client =
        new OkHttpTelegramClient(new OkHttpClient(), TOKEN, telegram.telegramUrl());
    api = new BotApi(client, Clock.systemUTC(), d -> {});
  }

  @AfterEach
  void stop() {
    telegram.close();
  }

  /** A registry of each kind: menu, help only, hidden, and the real admin commands. */
  private CommandRegistry registry() {
    List<ChatCommand> commands = new ArrayList<>();
    commands.add(
        new ChatCommand(
            "video", Audience.EVERYONE, Listing.MENU, true, call -> ran.incrementAndGet()));
    commands.add(ChatCommand.everyone("settings", Listing.MENU, call -> ran.incrementAndGet()));
    commands.add(ChatCommand.everyone("ping", Listing.HELP, call -> ran.incrementAndGet()));
    commands.add(ChatCommand.everyone("start", Listing.HIDDEN, call -> ran.incrementAndGet()));
    commands.addAll(new AdminCommands(api, MESSAGES, null).commands());
    return new CommandRegistry(commands, api, MESSAGES, Set.of(ADMIN, OTHER_ADMIN));
  }

  private static final List<String> ADMIN_COMMANDS =
      List.of(
          "health",
          "queue",
          "job",
          "cancel",
          "debug_on",
          "debug_off",
          "maintenance_on",
          "maintenance_off",
          "auth",
          "update_ytdlp",
          "uncache");

  private static List<String> names(JsonNode commands) {
    List<String> names = new ArrayList<>();
    commands.forEach(c -> names.add(c.path("command").asText()));
    return names;
  }

  private static Optional<FakeBotApiCall> menuCall(
      List<FakeBotApiCall> calls, String scopeType, long chatId, String language) {
    return calls.stream()
        .filter(c -> c.jsonParam("scope").path("type").asText().equals(scopeType))
        .filter(c -> chatId == 0 || c.jsonParam("scope").path("chat_id").asLong() == chatId)
        .filter(c -> c.param("language_code").orElse("").equals(language))
        .findFirst();
  }

  @Test
  @DisplayName(
      "The menu is set for every language and the default, and admins get theirs in their chat")
  void menusAreSetInEveryLanguageAndForEachAdmin() throws Exception {
    registry().announceMenus();

    List<FakeBotApiCall> calls = telegram.calls("setMyCommands");
    assertThat(calls).allSatisfy(c -> assertThat(c.succeeded()).isTrue());
    // (default, en, ar) for everyone and for each of the two admins.
    assertThat(calls).hasSize(3 * 3);
    for (String language : List.of("", "en", "ar")) {
      Language words = language.equals("ar") ? Language.AR : Language.EN;
      JsonNode everyone =
          menuCall(calls, "default", 0, language).orElseThrow().jsonParam("commands");
      assertThat(names(everyone)).containsExactly("video", "settings");
      assertThat(everyone.get(0).path("description").asText())
          .isEqualTo(MESSAGES.text(words, "command.video"));
      for (long admin : List.of(ADMIN, OTHER_ADMIN)) {
        JsonNode admins =
            menuCall(calls, "chat", admin, language).orElseThrow().jsonParam("commands");
        List<String> expected = new ArrayList<>(List.of("video", "settings"));
        expected.addAll(ADMIN_COMMANDS);
        assertThat(names(admins)).containsExactlyElementsOf(expected);
        assertThat(admins.get(2).path("description").asText())
            .isEqualTo(MESSAGES.text(words, "command.health"));
      }
    }
    assertThat(
            menuCall(calls, "default", 0, "ar")
                .orElseThrow()
                .jsonParam("commands")
                .get(0)
                .path("description")
                .asText())
        .containsPattern("[\\u0600-\\u06FF]{3,}");
  }

  @Test
  @DisplayName("A menu Telegram refuses is logged and the others are still set")
  void aRefusedMenuDoesNotStopTheOthers() throws Exception {
    telegram.failNext(
        "setMyCommands",
        1,
        400,
        "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: nope\"}");

    registry().announceMenus();

    assertThat(telegram.calls("setMyCommands")).hasSize(9);
    assertThat(telegram.calls("setMyCommands").stream().filter(FakeBotApiCall::succeeded))
        .hasSize(8);
  }

  @Test
  @DisplayName("/help lists the commands for everyone, and the admin commands to admins only")
  void helpListsWhatTheUserMayRun() {
    CommandRegistry registry = registry();
    for (Language lang : Language.values()) {
      String forUser = registry.helpLines(lang, USER);
      String forAdmin = registry.helpLines(lang, ADMIN);

      assertThat(forUser.lines())
          .containsExactly(
              "\u2022 " + MESSAGES.text(lang, "command.video"),
              "\u2022 " + MESSAGES.text(lang, "command.settings"),
              "\u2022 " + MESSAGES.text(lang, "command.ping"));
      assertThat(forAdmin).startsWith(forUser).contains(MESSAGES.text(lang, "cmd.help_admin"));
      for (String admin : ADMIN_COMMANDS) {
        assertThat(forAdmin).contains(MESSAGES.text(lang, "command." + admin));
        assertThat(forUser).doesNotContain("/" + admin);
      }
      assertThat(forAdmin).doesNotContain("/start");
    }
  }

  private Invocation typed(String text, long userId, boolean replay) {
    Command command = Command.parse(text, "").orElseThrow();
    return new Invocation(command, null, userId, userId, Language.EN, new Turn(1, replay));
  }

  @Test
  @DisplayName("An admin command from anyone else is refused and not run")
  void adminCommandsAreRefusedToOthers() throws Exception {
    telegram.userSendsText(USER, USER, "/maintenance_on", "en"); // the chat exists

    registry().run(typed("/maintenance_on", USER, false));

    FakeBotApiCall refused = telegram.awaitCall("sendMessage", java.time.Duration.ofSeconds(10));
    assertThat(refused.chatId()).isEqualTo(USER);
    assertThat(refused.requiredParam("text"))
        .isEqualTo(MESSAGES.text(Language.EN, "admin.not_admin"));
  }

  @Test
  @DisplayName("A command is run once; an unknown one is answered as such")
  void commandsRunAndUnknownOnesAreAnswered() throws Exception {
    telegram.userSendsText(USER, USER, "/nope", "en");
    CommandRegistry registry = registry();

    registry.run(typed("/ping", USER, false));
    registry.run(typed("/nope", USER, false));

    assertThat(ran).hasValue(1);
    FakeBotApiCall unknown = telegram.awaitCall("sendMessage", java.time.Duration.ofSeconds(10));
    assertThat(unknown.requiredParam("text")).isEqualTo(MESSAGES.text(Language.EN, "cmd.unknown"));
  }

  @Test
  @DisplayName(
      "A replayed update runs only the commands that submit jobs, and answers nothing else")
  void aReplayRunsOnlyCommandsThatSubmitJobs() throws Exception {
    CommandRegistry registry = registry();

    registry.run(typed("/ping", USER, true));
    registry.run(typed("/nope", USER, true));
    registry.run(typed("/health", USER, true));
    assertThat(ran).hasValue(0);
    registry.run(typed("/video https://example.com/a.mp4", USER, true));

    assertThat(ran).hasValue(1);
    assertThat(telegram.calls("sendMessage")).isEmpty();
  }

  @Test
  void aCommandCannotBeRegisteredTwiceOrWithoutItsDescription() {
    ChatCommand ping = ChatCommand.everyone("ping", Listing.HELP, call -> {});
    assertThatThrownBy(() -> new CommandRegistry(List.of(ping, ping), api, MESSAGES, Set.of()))
        .isInstanceOf(IllegalArgumentException.class);
    ChatCommand undescribed = ChatCommand.everyone("no_such_command", Listing.MENU, call -> {});
    assertThatThrownBy(() -> new CommandRegistry(List.of(undescribed), api, MESSAGES, Set.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("command.no_such_command");
    assertThatThrownBy(() -> ChatCommand.everyone("Video", Listing.MENU, call -> {}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("Every command description fits Telegram's 1-256 characters")
  void everyDescriptionFitsTheMenu() {
    for (Language lang : Language.values()) {
      List<String> keys =
          MESSAGES.keys(lang).stream().filter(k -> k.startsWith("command.")).toList();
      assertThat(keys).hasSizeGreaterThanOrEqualTo(7 + ADMIN_COMMANDS.size());
      for (String key : keys) {
        assertThat(MESSAGES.text(lang, key))
            .as("%s in %s", key, lang)
            .hasSizeBetween(1, CommandRegistry.MAX_DESCRIPTION);
      }
    }
  }
}
