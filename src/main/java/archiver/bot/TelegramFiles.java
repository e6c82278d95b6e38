package archiver.bot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.api.methods.GetFile;
import org.telegram.telegrambots.meta.api.objects.File;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;

/**
 * Fetches a file a user sent: {@code getFile} for its {@code file_path}, then the bytes from {@code
 * <api base>/file/bot<token>/<file_path>} (https://core.telegram.org/bots/api#getfile).
 *
 * <p>TelegramBots' own download cannot be used: it always asks api.telegram.org, whatever server
 * the bot talks to, and the bot's clients turn any answer that is not JSON into an error. The
 * download URL holds the token, so no reason given here names it: failures are told by their kind.
 */
final class TelegramFiles {

  /** What fetching a file gave. */
  sealed interface Fetched permits Fetched.Bytes, Fetched.Failed {
    /** The whole file. */
    record Bytes(byte[] bytes) implements Fetched {}

    /** Why not, in English, without the token or the file's contents. */
    record Failed(String reason) implements Fetched {}
  }

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final BotApi api;
  private final OkHttpClient http;
  private final TelegramUrl server;
  private final String token;

  TelegramFiles(BotApi api, OkHttpClient http, TelegramUrl server, String token) {
    this.api = api;
    this.http = http;
    this.server = server;
    this.token = token;
  }

  /** The client for downloads: no redirects (the token must not travel to another host). */
  static OkHttpClient downloads() {
    return new OkHttpClient.Builder()
        .connectTimeout(Duration.ofSeconds(10))
        .readTimeout(TIMEOUT)
        .callTimeout(TIMEOUT)
        .followRedirects(false)
        .followSslRedirects(false)
        .build();
  }

  /** The file {@code fileId}, if it has at most {@code maxBytes}. */
  Fetched fetch(long chatId, String fileId, long maxBytes)
      throws TelegramApiException, InterruptedException {
    File file = api.call(chatId, GetFile.builder().fileId(fileId).build());
    String filePath = file.getFilePath();
    if (filePath == null || filePath.isBlank()) {
      return new Fetched.Failed("Telegram gave no file_path for it");
    }
    if (file.getFileSize() != null && file.getFileSize() > maxBytes) {
      return new Fetched.Failed("it has " + file.getFileSize() + " bytes, over " + maxBytes);
    }
    if (filePath.startsWith("/")) {
      return local(Path.of(filePath), maxBytes);
    }
    return download(filePath, maxBytes);
  }

  /**
   * A self-hosted Bot API server started with {@code --local} answers an absolute path on its own
   * disk and serves no download (https://github.com/tdlib/telegram-bot-api#usage): readable here
   * only when the bot shares that folder (docs/OPERATIONS.md, "Refreshing cookies from Telegram").
   */
  private static Fetched local(Path path, long maxBytes) {
    try {
      if (!Files.isReadable(path)) {
        return new Fetched.Failed(
            "the Bot API server keeps it at "
                + path
                + " on its own disk, which the bot cannot read (share that folder with the bot)");
      }
      if (Files.size(path) > maxBytes) {
        return new Fetched.Failed("it has " + Files.size(path) + " bytes, over " + maxBytes);
      }
      return new Fetched.Bytes(Files.readAllBytes(path));
    } catch (IOException e) {
      return new Fetched.Failed("cannot read " + path + ": " + e.getClass().getSimpleName());
    }
  }

  private Fetched download(String filePath, long maxBytes) {
    HttpUrl url =
        new HttpUrl.Builder()
            .scheme(server.getSchema())
            .host(server.getHost())
            .port(server.getPort())
            .addPathSegment("file")
            .addPathSegment("bot" + token)
            .addPathSegments(filePath)
            .build();
    try (Response response = http.newCall(new Request.Builder().url(url).get().build()).execute()) {
      ResponseBody body = response.body();
      if (response.code() != 200 || body == null) {
        return new Fetched.Failed("the Bot API server answered HTTP " + response.code());
      }
      if (body.contentLength() > maxBytes) {
        return new Fetched.Failed("it has " + body.contentLength() + " bytes, over " + maxBytes);
      }
      try (InputStream in = body.byteStream()) {
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        if (bytes.length > maxBytes) {
          return new Fetched.Failed("it has over " + maxBytes + " bytes");
        }
        return new Fetched.Bytes(bytes);
      }
    } catch (IOException e) {
      // OkHttp's messages may quote the URL, and with it the token: only the kind is told.
      return new Fetched.Failed("the download failed (" + e.getClass().getSimpleName() + ")");
    }
  }
}
