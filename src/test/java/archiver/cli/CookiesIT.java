package archiver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.bot.Messages;
import archiver.config.AppConfig;
import archiver.config.ConfigLoader;
import archiver.logging.DebugTargets;
import archiver.testing.FakeBotApi;
import archiver.testing.FakeBotApiCall;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Refreshing a profile's cookies from Telegram end to end (docs/OPERATIONS.md, "Refreshing cookies
 * from Telegram"): the real bot against a fake Bot API that serves the document through {@code
 * getFile} and the file download; the file on disk, the chat, {@code /auth}, and every log line,
 * Bot API request and database row checked for the cookie's value.
 */
class CookiesIT {

  private static final String TOKEN = "123456789:AAH-test-token-for-the-fake-bot-api-xyz";
  private static final long ADMIN = 1;
  private static final long USER = 1001;
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String SECRET = "SECRETCOOKIE123";
  private static final byte[] COOKIES =
      ("# Netscape HTTP Cookie File\n"
              + "# https://curl.se/docs/http-cookies.html\n\n"
              + ".youtube.com\tTRUE\t/\tTRUE\t1798761600\tSID\t"
              + SECRET
              + "\n#HttpOnly_.youtube.com\tTRUE\t/\tTRUE\t1798761600\t__Secure-3PSID\t"
              + SECRET
              + "x\n")
          .getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;
  private Path cookieFile;
  private FakeBotApi telegram;
  private BotApp app;
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private PrintStream stdout;
  private PrintStream stderr;

  @BeforeEach
  void start() throws Exception {
    stdout = System.out;
    stderr = System.err;
    System.setOut(new PrintStream(new Tee(stdout, printed), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(new Tee(stderr, printed), true, StandardCharsets.UTF_8));
    logged.start();
    root().addAppender(logged);
    telegram = FakeBotApi.start(TOKEN);
    cookieFile = dir.resolve("secrets").resolve("yt_main.txt");
    Files.writeString(
        dir.resolve("config.yaml"),
        "telegram:\n  api_base_url: "
            + telegram.baseUrl()
            + "\n  admin_user_ids: ["
            + ADMIN
            + "]\n"
            + "auth_profiles:\n"
            + "  - { id: yt_main, source: YOUTUBE, cookie_file: '"
            + cookieFile
            + "', fallbacks: [yt_guest] }\n"
            + "  - { id: yt_guest, source: YOUTUBE, cookie_file: null }\n"
            + "security: { allow_private_addresses: true, allow_http: true }\n");
    AppConfig config =
        new ConfigLoader().load(Optional.of(dir.resolve("config.yaml")), Map.of(), dir).config();
    app = BotApp.start(config, TOKEN, dir, Clock.systemUTC(), new DebugTargets());
  }

  @AfterEach
  void stop() {
    try {
      if (app != null) {
        app.stop(Duration.ofSeconds(2));
      }
      telegram.close();
    } finally {
      root().detachAppender(logged);
      System.setOut(stdout);
      System.setErr(stderr);
    }
  }

  @Test
  void anAdminsCookieFileLandsWithMode0600TheProfileIsActiveAndTheMessageIsGone() throws Exception {
    telegram.userSendsText(ADMIN, ADMIN, "/auth", "en");
    String before = awaitReply(ADMIN, "Auth profiles:");
    assertThat(before)
        .contains(
            "Profile yt_main (YOUTUBE): cookie file "
                + cookieFile
                + " is missing or unreadable — profile skipped")
        .endsWith(
            "To replace a profile's cookies, send its cookies.txt as a document with the caption:"
                + " /cookies yt_main");

    int sent =
        telegram.userSendsDocument(ADMIN, ADMIN, "cookies.txt", COOKIES, "/cookies yt_main", "en");

    String answer = awaitReply(ADMIN, "The cookies of profile yt_main");
    assertThat(answer)
        .isEqualTo(
            "The cookies of profile yt_main were replaced (2 cookies) and the profile is active"
                + " again.\nYour message with the file was deleted from this chat.");
    assertThat(Files.readAllBytes(cookieFile)).isEqualTo(COOKIES);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cookieFile)))
        .isEqualTo("rw-------");
    assertThat(telegram.calls("getFile"))
        .singleElement()
        .satisfies(c -> assertThat(c.succeeded()).isTrue());
    assertThat(telegram.calls(FakeBotApi.FILE_DOWNLOAD))
        .singleElement()
        .satisfies(c -> assertThat(c.status()).isEqualTo(200));
    FakeBotApiCall deleted = telegram.awaitCall("deleteMessage", WAIT);
    assertThat(deleted.requiredParam("message_id")).isEqualTo(Integer.toString(sent));
    assertThat(deleted.succeeded()).isTrue();
    assertThat(telegram.message(ADMIN, sent)).isEmpty();

    telegram.userSendsText(ADMIN, ADMIN, "/auth", "en");
    String after =
        telegram
            .awaitCalls(
                "sendMessage", c -> c.requiredParam("text").startsWith("Auth profiles:"), 2, WAIT)
            .get(1)
            .requiredParam("text");
    assertThat(after).contains("Profile yt_main (YOUTUBE): active");

    assertNoCookieValueLeaked();
  }

  @Test
  void aNonAdminsCookieFileIsRefusedAndNeverFetched() throws Exception {
    telegram.userSendsDocument(USER, USER, "cookies.txt", COOKIES, "/cookies yt_main", "en");

    assertThat(awaitReply(USER, "This command"))
        .isEqualTo("This command is only for the bot's admins.");
    assertThat(telegram.calls("getFile")).isEmpty();
    assertThat(telegram.calls(FakeBotApi.FILE_DOWNLOAD)).isEmpty();
    assertThat(cookieFile).doesNotExist();
    assertNoCookieValueLeaked();
  }

  @Test
  void anAdminsCookieFileInAGroupIsRefusedNeverFetchedAndItsMessageDeleted() throws Exception {
    long group = -100_777;
    telegram.userSendsInGroup(ADMIN, group, "hello", "en");
    int sent =
        telegram.userSendsDocument(ADMIN, group, "cookies.txt", COOKIES, "/cookies yt_main", "en");

    assertThat(awaitReply(group, "Send cookie files only")).contains("private chat");
    assertThat(telegram.calls("getFile")).isEmpty();
    assertThat(telegram.calls(FakeBotApi.FILE_DOWNLOAD)).isEmpty();
    assertThat(telegram.message(group, sent)).as("the file is taken out of the group").isEmpty();
    assertThat(cookieFile).doesNotExist();
    assertNoCookieValueLeaked();
  }

  @Test
  void aFileThatIsNotACookieFileIsRefusedInTheAdminsLanguageAndNothingIsWritten() throws Exception {
    byte[] notCookies =
        ("SID=" + SECRET + "; HSID=" + SECRET + "\n").getBytes(StandardCharsets.UTF_8);
    int sent =
        telegram.userSendsDocument(
            ADMIN, ADMIN, "cookies.txt", notCookies, "/cookies yt_main", "ar");

    Messages messages = Messages.load();
    String expected =
        messages.text(
                Messages.Language.AR,
                "admin.cookies.not_cookies",
                "line 1 has 1 tab-separated fields, not 7")
            + "\n"
            + messages.text(Messages.Language.AR, "admin.cookies.deleted");
    telegram.awaitCall("sendMessage", c -> c.requiredParam("text").equals(expected), WAIT);
    assertThat(cookieFile).doesNotExist();
    assertThat(cookieFile.getParent()).doesNotExist();
    assertThat(telegram.message(ADMIN, sent)).isEmpty();
    assertNoCookieValueLeaked();
  }

  private String awaitReply(long chatId, String start) {
    return telegram
        .awaitCall(
            "sendMessage",
            c -> c.chatId() == chatId && c.requiredParam("text").startsWith(start),
            WAIT)
        .requiredParam("text");
  }

  /**
   * Nowhere but the cookie file: not in a log event as logged (before the JSON writer masks
   * anything), not in what the test printed, not in a request the bot made, not in any column of
   * any table, not in any other file the bot wrote (the database and its WAL among them).
   */
  private void assertNoCookieValueLeaked() throws Exception {
    Path database = app.database().file();
    app.stop(Duration.ofSeconds(2)); // everything written and logged, the database closed
    app = null;
    List<String> logLines = new ArrayList<>();
    for (ILoggingEvent e : List.copyOf(logged.list)) {
      logLines.add(e.getFormattedMessage());
      logLines.add(String.valueOf(e.getMDCPropertyMap()));
      for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
        logLines.add(t.getClassName() + ": " + t.getMessage());
        for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
          logLines.add(frame.getSTEAsString());
        }
      }
    }
    assertThat(logLines).isNotEmpty().noneMatch(l -> l.contains(SECRET));
    assertThat(printed.toString(StandardCharsets.UTF_8)).doesNotContain(SECRET);
    for (FakeBotApiCall call : telegram.calls()) {
      assertThat(call.params().toString()).as(call.method()).doesNotContain(SECRET);
    }
    List<String> cells = new ArrayList<>();
    org.jdbi.v3.core.Jdbi.create("jdbc:sqlite:" + database)
        .useHandle(
            h -> {
              List<String> tables =
                  h.createQuery("SELECT name FROM sqlite_master WHERE type = 'table'")
                      .mapTo(String.class)
                      .list();
              assertThat(tables).contains("auth_profiles", "job_events");
              for (String table : tables) {
                h.createQuery("SELECT * FROM \"" + table + "\"")
                    .map(
                        (ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx) -> {
                          ResultSetMetaData meta = rs.getMetaData();
                          for (int i = 1; i <= meta.getColumnCount(); i++) {
                            cells.add(table + "." + meta.getColumnName(i) + "=" + rs.getString(i));
                          }
                          return 0;
                        })
                    .list();
              }
            });
    assertThat(cells).anyMatch(c -> c.startsWith("auth_profiles.id=yt_main"));
    assertThat(cells).noneMatch(c -> c.contains(SECRET));
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        if (!file.equals(cookieFile)) {
          assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1))
              .as(file.toString())
              .doesNotContain(SECRET);
        }
      }
    }
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  /** Writes to the real stream and keeps a copy. */
  private static final class Tee extends OutputStream {
    private final OutputStream real;
    private final ByteArrayOutputStream copy;

    Tee(OutputStream real, ByteArrayOutputStream copy) {
      this.real = real;
      this.copy = copy;
    }

    @Override
    public void write(int b) throws java.io.IOException {
      real.write(b);
      synchronized (copy) {
        copy.write(b);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws java.io.IOException {
      real.write(b, off, len);
      synchronized (copy) {
        copy.write(b, off, len);
      }
    }
  }
}
