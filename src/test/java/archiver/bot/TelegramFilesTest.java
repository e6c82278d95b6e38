package archiver.bot;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.testing.FakeBotApi;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;

/** Fetching a file a user sent, against the fake Bot API's getFile and file download. */
class TelegramFilesTest {

  private static final String TOKEN = "123456789:AAH-test-token-for-the-fake-bot-api-xyz";
  private static final long ADMIN = 1;

  @TempDir Path dir;
  private FakeBotApi telegram;
  private TelegramFiles files;

  @BeforeEach
  void start() {
    telegram = FakeBotApi.start(TOKEN);
    BotApi api =
        new BotApi(
            new OkHttpTelegramClient(new OkHttpClient(), TOKEN, telegram.telegramUrl()),
            Clock.systemUTC(),
            d -> {});
    files = new TelegramFiles(api, TelegramFiles.downloads(), telegram.telegramUrl(), TOKEN);
  }

  @AfterEach
  void stop() {
    telegram.close();
  }

  private String sent(byte[] bytes) {
    int id = telegram.userSendsDocument(ADMIN, ADMIN, "cookies.txt", bytes, "/cookies x", "en");
    return telegram.message(ADMIN, id).orElseThrow().path("document").path("file_id").asText();
  }

  @Test
  void aFileUpToTheLimitIsFetchedWhole() throws Exception {
    byte[] bytes = "exactly ten".getBytes(StandardCharsets.UTF_8);

    TelegramFiles.Fetched fetched = files.fetch(ADMIN, sent(bytes), bytes.length);

    assertThat(fetched)
        .isInstanceOfSatisfying(
            TelegramFiles.Fetched.Bytes.class, b -> assertThat(b.bytes()).isEqualTo(bytes));
    assertThat(telegram.calls(FakeBotApi.FILE_DOWNLOAD)).hasSize(1);
  }

  @Test
  void aFileOverTheLimitIsNotDownloaded() throws Exception {
    TelegramFiles.Fetched fetched = files.fetch(ADMIN, sent(new byte[101]), 100);

    assertThat(fetched).isEqualTo(new TelegramFiles.Fetched.Failed("it has 101 bytes, over 100"));
    assertThat(telegram.calls(FakeBotApi.FILE_DOWNLOAD)).isEmpty();
  }

  @Test
  void aFailedDownloadSaysTheStatusAndNeverTheToken() throws Exception {
    telegram.answerNextVerbatim(
        "getFile",
        1,
        200,
        "{\"ok\":true,\"result\":{\"file_id\":\"x\",\"file_unique_id\":\"y\",\"file_size\":5,"
            + "\"file_path\":\"documents/gone.txt\"}}");

    TelegramFiles.Fetched fetched = files.fetch(ADMIN, "x", 100);

    assertThat(fetched)
        .isEqualTo(new TelegramFiles.Fetched.Failed("the Bot API server answered HTTP 404"));
  }

  @Test
  void aLocalBotApiServersAbsolutePathIsReadFromTheSharedFolder() throws Exception {
    // telegram-bot-api --local answers a path on its disk instead of serving the file.
    Path shared = Files.writeString(dir.resolve("file_7.txt"), "from the shared volume");
    telegram.answerNextVerbatim(
        "getFile",
        2,
        200,
        "{\"ok\":true,\"result\":{\"file_id\":\"x\",\"file_unique_id\":\"y\",\"file_size\":22,"
            + "\"file_path\":\""
            + shared
            + "\"}}");

    assertThat(files.fetch(ADMIN, "x", 100))
        .isInstanceOfSatisfying(
            TelegramFiles.Fetched.Bytes.class,
            b ->
                assertThat(new String(b.bytes(), StandardCharsets.UTF_8))
                    .isEqualTo("from the shared volume"));
    Files.delete(shared);
    assertThat(files.fetch(ADMIN, "x", 100))
        .isInstanceOfSatisfying(
            TelegramFiles.Fetched.Failed.class,
            f -> assertThat(f.reason()).contains("on its own disk, which the bot cannot read"));
    assertThat(telegram.calls(FakeBotApi.FILE_DOWNLOAD)).isEmpty();
  }
}
