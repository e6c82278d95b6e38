package archiver.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.telegram.telegrambots.meta.TelegramUrl;

/**
 * A fake Telegram Bot API server for end-to-end tests: real HTTP on 127.0.0.1 speaking the real
 * protocol (https://core.telegram.org/bots/api), so the bot under test runs its real TelegramBots
 * client and long-polling loop against it, exactly as against a self-hosted Bot API server.
 *
 * <ul>
 *   <li>Serves {@code /bot<token>/<method>} for one token; any other token gets 401 like Telegram.
 *       The fake never logs, and never records the token.
 *   <li>Reads parameters from the query string and from JSON, form and multipart bodies; uploaded
 *       files (also by {@code attach://<name>}) are streamed to {@link #uploadDirectory()} as they
 *       arrive, so uploads of hundreds of megabytes need no heap ({@link Options#selfHosted()}).
 *   <li>Answers {@code getMe}, {@code getUpdates} (a real long poll), {@code deleteWebhook}, {@code
 *       getWebhookInfo}, {@code sendMessage}, {@code editMessageText}, {@code editMessageCaption},
 *       {@code editMessageReplyMarkup}, {@code deleteMessage}, {@code sendVideo}, {@code
 *       sendAudio}, {@code sendChatAction}, {@code answerCallbackQuery}, {@code setMyCommands},
 *       {@code getMyCommands}, {@code deleteMyCommands}, {@code getFile}, and the file download
 *       {@code /file/bot<token>/<file_path>} of a document a user sent or a file the bot uploaded.
 *       Other methods get 404 "Not Found", as Telegram answers an unknown method.
 *   <li>Keeps the chats as Telegram would: message ids count up per chat, edits change the stored
 *       message (an edit without {@code reply_markup} removes the inline keyboard, as in Telegram),
 *       an edit that changes nothing is refused with "message is not modified", and {@code
 *       parse_mode=HTML} is checked as Telegram checks it.
 *   <li>Records every request with its parameters, uploads, arrival and answer times and answer.
 *   <li>Fails on request: scripted error answers (429 with {@code retry_after}, 5xx), an HTML error
 *       page as a reverse proxy in front of the Bot API sends, a connection dropped before the
 *       request is processed, or after (the answer is lost, the message sent).
 *   <li>Answers slowly on request: the request is carried out at once, the answer sent later.
 * </ul>
 *
 * <pre>{@code
 * try (FakeBotApi telegram = FakeBotApi.start(token)) {
 *   // the bot under test: telegram.api_base_url = telegram.baseUrl()
 *   telegram.userSendsText(42, 42, "/video https://example.com/clip.webm", "en");
 *   FakeBotApiCall video = telegram.awaitCall("sendVideo", Duration.ofSeconds(60));
 *   Path uploaded = video.upload("video").path();
 * }
 * }</pre>
 */
public final class FakeBotApi implements AutoCloseable {

  /**
   * How the fake presents itself.
   *
   * @param botUsername what {@code getMe} answers and group mentions use, without {@code @}
   * @param uploadLimitBytes larger request bodies get 413, as the cloud Bot API answers uploads
   *     over 50 MB
   */
  public record Options(String botUsername, long uploadLimitBytes) {

    public static final long CLOUD_UPLOAD_LIMIT = 50L * 1024 * 1024;

    /**
     * A self-hosted Bot API server takes uploads up to 2000 MB
     * (https://core.telegram.org/bots/api#using-a-local-bot-api-server).
     */
    public static final long SELF_HOSTED_UPLOAD_LIMIT = 2000L * 1024 * 1024;

    /** The cloud Bot API: uploads up to 50 MB. */
    public static Options defaults() {
      return new Options("archiver_test_bot", CLOUD_UPLOAD_LIMIT);
    }

    /** A self-hosted Bot API server: uploads up to 2000 MB. */
    public static Options selfHosted() {
      return new Options("archiver_test_bot", SELF_HOSTED_UPLOAD_LIMIT);
    }

    public Options {
      Objects.requireNonNull(botUsername, "botUsername");
      if (uploadLimitBytes <= 0) {
        throw new IllegalArgumentException("uploadLimitBytes must be positive");
      }
    }
  }

  /** A scripted misbehaviour for the next request(s) of one method. */
  private sealed interface Failure permits Reply, RawReply, HtmlReply, Drop, LoseAnswer {}

  /** Answer with this status and JSON body instead of doing the method. */
  private record Reply(int status, String json) implements Failure {}

  /** Answer with this status and exactly these JSON bytes (spacing and key order as given). */
  private record RawReply(int status, String json) implements Failure {}

  /** Answer with this status and a proxy's HTML error page instead of doing the method. */
  private record HtmlReply(int status) implements Failure {}

  /** Close the connection without doing the method or answering. */
  private record Drop() implements Failure {}

  /** Do the method (a message is sent), then close the connection without answering. */
  private record LoseAnswer() implements Failure {}

  /** What the fake does with an exchange, and what the call records of it. */
  private sealed interface Answer permits JsonAnswer, RawJsonAnswer, HtmlAnswer, NoAnswer {
    int status();

    JsonNode recorded();
  }

  /** The Bot API's own answer: a status and a JSON body. */
  private record JsonAnswer(int status, ObjectNode body) implements Answer {
    @Override
    public JsonNode recorded() {
      return body;
    }
  }

  /** A status and a JSON body sent as it was written, not as Jackson would write it. */
  private record RawJsonAnswer(int status, String json) implements Answer {
    @Override
    public JsonNode recorded() {
      return readJson(json);
    }
  }

  /** A status and an HTML page, as nginx answers when the server behind it fails. */
  private record HtmlAnswer(int status, String html) implements Answer {
    @Override
    public JsonNode recorded() {
      return TextNode.valueOf(html);
    }
  }

  /**
   * No answer: the connection is closed. {@code recorded} is what the fake would have answered (a
   * missing node when it did not carry out the request).
   */
  private record NoAnswer(JsonNode recorded) implements Answer {
    @Override
    public int status() {
      return FakeBotApiCall.DROPPED;
    }
  }

  /** A Bot API error answer: {@code {"ok":false,"error_code":...,"description":...}}. */
  private static final class ApiError extends Exception {
    private final int code;

    ApiError(int code, String description) {
      super(description, null, false, false);
      this.code = code;
    }

    static ApiError badRequest(String description) {
      return new ApiError(400, "Bad Request: " + description);
    }
  }

  /**
   * A file Telegram would keep: what {@code file_id} refers to, and its bytes ({@code getFile} and
   * the file download serve them).
   */
  private record StoredFile(String kind, ObjectNode object, Path content) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The methods the fake implements, by lower-case name: the Bot API ignores the case. */
  private static final Map<String, String> METHODS = methodsByLowerCase();

  private static final Set<String> CHAT_ACTIONS =
      Set.of(
          "typing",
          "upload_photo",
          "record_video",
          "upload_video",
          "record_voice",
          "upload_voice",
          "upload_document",
          "choose_sticker",
          "find_location",
          "record_video_note",
          "upload_video_note");

  private static final int MAX_TEXT = 4096;
  private static final int MAX_CAPTION = 1024;
  private static final int MAX_CALLBACK_DATA_BYTES = 64;

  /**
   * The cloud Bot API hands out files of up to 20 MB (https://core.telegram.org/bots/api#getfile).
   */
  static final long MAX_GETFILE_BYTES = 20L * 1024 * 1024;

  /** How a file download ({@code /file/bot<token>/<file_path>}) is recorded among the calls. */
  public static final String FILE_DOWNLOAD = "file";

  private static final long MAX_THUMBNAIL_BYTES = 200 * 1024;
  private static final int MAX_THUMBNAIL_SIDE = 320;
  private static final String NOT_MODIFIED =
      "message is not modified: specified new message content and reply markup are exactly the"
          + " same as a content and reply markup of the current message";

  private final String token;
  private final long botId;
  private final Options options;
  private final HttpServer server;
  private final ExecutorService handlers;
  private final Path uploadDirectory;
  private final Clock clock = Clock.systemUTC();

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition callRecorded = lock.newCondition();

  /** Opened by {@link #close()}: slow answers waiting for their time give up at once. */
  private final java.util.concurrent.CountDownLatch closing =
      new java.util.concurrent.CountDownLatch(1);

  private final Condition updatesChanged = lock.newCondition();

  // Everything below is guarded by lock.
  private final List<FakeBotApiCall> calls = new ArrayList<>();
  private final Deque<ObjectNode> pendingUpdates = new ArrayDeque<>();
  private final Map<Long, ObjectNode> chats = new HashMap<>();
  private final Map<Long, Integer> lastMessageIds = new HashMap<>();
  private final Map<Long, Map<Integer, ObjectNode>> messages = new HashMap<>();
  private final Map<String, StoredFile> files = new HashMap<>();
  private final Map<String, String> fileIdsByPath = new HashMap<>();
  private final Map<String, Boolean> callbackQueriesAnswered = new HashMap<>();
  private final Map<String, Deque<Failure>> failures = new HashMap<>();
  private final Map<String, Duration> answerDelays = new HashMap<>();
  private final Map<String, Deque<Duration>> nextAnswerDelays = new HashMap<>();
  private final Map<String, JsonNode> commands = new HashMap<>();
  private List<String> allowedUpdates = List.of();
  private int nextUpdateId = 50_000_001;
  private boolean confirmationsLost;
  private long pollGeneration;
  private int heldPolls;
  private long sequence;
  private boolean closed;

  private FakeBotApi(String token, Options options, HttpServer server, Path uploadDirectory) {
    this.token = token;
    this.botId = botIdOf(token);
    this.options = options;
    this.server = server;
    this.uploadDirectory = uploadDirectory;
    // One thread per exchange: a held long poll must not hold up the bot's other calls.
    this.handlers = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(handlers);
    server.createContext("/", this::handle);
  }

  /** Starts a fake for {@code token} on 127.0.0.1 on a free port. */
  public static FakeBotApi start(String token) {
    return start(token, Options.defaults());
  }

  public static FakeBotApi start(String token, Options options) {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(options, "options");
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      Path uploads = Files.createTempDirectory("fake-bot-api-");
      FakeBotApi fake = new FakeBotApi(token, options, server, uploads);
      server.start();
      return fake;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the fake Bot API server", e);
    }
  }

  // ---------------------------------------------------------------- where the bot connects

  /** {@code http://127.0.0.1:<port>}: the value for {@code telegram.api_base_url}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The same address as TelegramBots wants it, for the client and the long-polling session. */
  public TelegramUrl telegramUrl() {
    return TelegramUrl.builder().schema("http").host("127.0.0.1").port(port()).build();
  }

  /** The bot's user id: the number before the colon of the token, as in Telegram. */
  public long botId() {
    return botId;
  }

  public String botUsername() {
    return options.botUsername();
  }

  /** Where uploaded files are saved; deleted by {@link #close()}. */
  public Path uploadDirectory() {
    return uploadDirectory;
  }

  // ---------------------------------------------------------------- what users do

  /**
   * A user writes {@code text} in a private chat with the bot; the message carries the {@code url},
   * {@code bot_command} and {@code mention} entities Telegram would compute.
   *
   * @param languageCode the user's Telegram language ({@code "en"}, {@code "ar"}), or null
   * @return the new message's id
   */
  public int userSendsText(long userId, long chatId, String text, String languageCode) {
    lock.lock();
    try {
      ObjectNode user = user(userId, languageCode);
      ObjectNode chat = chats.computeIfAbsent(chatId, id -> privateChat(id, user));
      ObjectNode message = newMessage(chat, user);
      putText(message, text);
      return enqueueMessage(message);
    } finally {
      lock.unlock();
    }
  }

  /**
   * A user answers a message in their private chat with the bot with {@code text} (Telegram's
   * reply): the update carries the replied-to message, as the bot sent it or as it is after edits.
   *
   * @return the new message's id
   */
  public int userRepliesText(
      long userId, long chatId, int replyToMessageId, String text, String languageCode) {
    lock.lock();
    try {
      ObjectNode user = user(userId, languageCode);
      ObjectNode chat = chats.computeIfAbsent(chatId, id -> privateChat(id, user));
      ObjectNode target = storedMessage(chatId, replyToMessageId);
      if (target == null) {
        throw new IllegalArgumentException("no message " + replyToMessageId + " in chat " + chatId);
      }
      ObjectNode message = newMessage(chat, user);
      message.set("reply_to_message", withoutReply(target));
      putText(message, text);
      return enqueueMessage(message);
    } finally {
      lock.unlock();
    }
  }

  /**
   * A user sends a file as a document in a private chat with the bot, with {@code caption} (null
   * for none): the message carries the {@code document} (file_id, file_unique_id, file_name,
   * mime_type, file_size) and the caption's {@code caption_entities}, as Telegram computes them.
   * The bot can fetch the bytes with {@code getFile} and the file download.
   *
   * @return the new message's id
   */
  public int userSendsDocument(
      long userId,
      long chatId,
      String fileName,
      byte[] bytes,
      String caption,
      String languageCode) {
    lock.lock();
    try {
      ObjectNode user = user(userId, languageCode);
      ObjectNode chat = chats.computeIfAbsent(chatId, id -> privateChat(id, user));
      long number = ++sequence;
      Path content = uploadDirectory.resolve(number + "-sent-" + safeName(fileName));
      Files.write(content, bytes);
      ObjectNode document = JSON.createObjectNode();
      String fileId = "BQACAgIAAxkBAAI" + fileIdTail(number);
      document.put("file_id", fileId);
      document.put("file_unique_id", "AgAD" + Long.toString(number, 36) + uniqueTail());
      document.put("file_name", fileName);
      document.put("mime_type", mimeType(fileName));
      document.put("file_size", bytes.length);
      files.put(fileId, new StoredFile("document", document.deepCopy(), content));
      ObjectNode message = newMessage(chat, user);
      message.set("document", document);
      if (caption != null && !caption.isEmpty()) {
        message.put("caption", caption);
        putEntities(message, "caption_entities", caption);
      }
      return enqueueMessage(message);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * A user writes {@code text} in a group the bot is in. To mention the bot, write {@code "@" +
   * botUsername()} in the text: the {@code mention} entity is computed.
   *
   * @param chatId a negative group id; {@code -100...} ids are supergroups, as in Telegram
   * @return the new message's id
   */
  public int userSendsInGroup(long userId, long chatId, String text, String languageCode) {
    return userWritesInGroup(userId, chatId, text, languageCode, Optional.empty());
  }

  /**
   * A user answers a message in a group with {@code text} (Telegram's reply): the update carries
   * the replied-to message, as the bot sent it or as it is after edits.
   */
  public int userRepliesInGroup(
      long userId, long chatId, int replyToMessageId, String text, String languageCode) {
    return userWritesInGroup(userId, chatId, text, languageCode, Optional.of(replyToMessageId));
  }

  /**
   * A user presses the inline button with {@code callbackData} under the bot's message. The button
   * must be on the message as it is now, since a user can only press what they see.
   *
   * @return the callback query id, which the bot answers with {@code answerCallbackQuery}
   */
  public String userPressesButton(long userId, long chatId, int messageId, String callbackData) {
    lock.lock();
    try {
      ObjectNode message = storedMessage(chatId, messageId);
      if (message == null) {
        throw new IllegalArgumentException("no message " + messageId + " in chat " + chatId);
      }
      List<String> buttons = callbackData(message.path("reply_markup"));
      if (!buttons.contains(callbackData)) {
        throw new IllegalArgumentException(
            "message " + messageId + " has no button " + callbackData + "; it has " + buttons);
      }
      String queryId = Long.toString(4_000_000_000_000_000L + ++sequence);
      callbackQueriesAnswered.put(queryId, false);
      ObjectNode query = JSON.createObjectNode();
      query.put("id", queryId);
      query.set("from", user(userId, languageOf(userId)));
      query.set("message", message.deepCopy());
      query.put("chat_instance", Long.toString(Math.abs(chatId * 31 + botId)));
      query.put("data", callbackData);
      enqueue("callback_query", query);
      return queryId;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Queues any update (the object without {@code update_id}, e.g. {@code {"edited_message":...}})
   * for the cases the helpers do not cover.
   *
   * @return the update id given to it
   */
  public int enqueueUpdate(ObjectNode update) {
    if (update.size() != 1) {
      throw new IllegalArgumentException("an update has exactly one field besides update_id");
    }
    lock.lock();
    try {
      Map.Entry<String, JsonNode> only = update.properties().iterator().next();
      return enqueue(only.getKey(), only.getValue().deepCopy());
    } finally {
      lock.unlock();
    }
  }

  /**
   * While on, a {@code getUpdates} offset confirms nothing: every update stays queued, as when the
   * bot dies before its next poll could confirm what it received. A bot started afresh (offset 0)
   * then gets them all again, as Telegram would send them.
   */
  public void loseConfirmations(boolean on) {
    lock.lock();
    try {
      confirmationsLost = on;
    } finally {
      lock.unlock();
    }
  }

  /** Updates not yet confirmed by a {@code getUpdates} with a higher offset. */
  public int pendingUpdateCount() {
    lock.lock();
    try {
      return pendingUpdates.size();
    } finally {
      lock.unlock();
    }
  }

  /** Waits until the bot holds a long poll open; false when none came within {@code timeout}. */
  public boolean awaitHeldPoll(Duration timeout) throws InterruptedException {
    lock.lock();
    try {
      long remaining = timeout.toNanos();
      while (heldPolls == 0 && remaining > 0 && !closed) {
        remaining = callRecorded.awaitNanos(remaining);
      }
      return heldPolls > 0;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The first call that {@code matches}, once its answer has gone out (a slow answer is recorded
   * before it is sent); empty when none came within {@code timeout}.
   */
  public Optional<FakeBotApiCall> awaitAnswered(Predicate<FakeBotApiCall> matches, Duration timeout)
      throws InterruptedException {
    FakeBotApiCall found = null;
    lock.lock();
    try {
      long remaining = timeout.toNanos();
      while (found == null) {
        found = calls.stream().filter(matches).findFirst().orElse(null);
        if (found == null) {
          if (remaining <= 0 || closed) {
            return Optional.empty();
          }
          remaining = callRecorded.awaitNanos(remaining);
        }
      }
    } finally {
      lock.unlock();
    }
    return waitUntil(found.answeredAt()) ? Optional.of(found) : Optional.empty();
  }

  /** How many {@code getUpdates} requests are being held open right now, waiting for updates. */
  public int heldPollCount() {
    lock.lock();
    try {
      return heldPolls;
    } finally {
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------- what the bot did

  /**
   * Every request so far, in the order the fake carried them out (for a slow answer, before the
   * answer is sent).
   */
  public List<FakeBotApiCall> calls() {
    lock.lock();
    try {
      return List.copyOf(calls);
    } finally {
      lock.unlock();
    }
  }

  /** The requests of one method ({@code "sendVideo"}), in order. */
  public List<FakeBotApiCall> calls(String method) {
    lock.lock();
    try {
      return matching(method, call -> true);
    } finally {
      lock.unlock();
    }
  }

  /** Every file uploaded so far, in order. */
  public List<FakeBotApiUpload> uploads() {
    List<FakeBotApiUpload> all = new ArrayList<>();
    for (FakeBotApiCall call : calls()) {
      all.addAll(call.uploads().values());
    }
    return all;
  }

  /** Waits for the first request of {@code method}; fails the test after {@code timeout}. */
  public FakeBotApiCall awaitCall(String method, Duration timeout) {
    return awaitCalls(method, call -> true, 1, timeout).get(0);
  }

  /** Waits for the first request of {@code method} that {@code matches}. */
  public FakeBotApiCall awaitCall(
      String method, Predicate<FakeBotApiCall> matches, Duration timeout) {
    return awaitCalls(method, matches, 1, timeout).get(0);
  }

  /**
   * Waits until {@code count} requests of {@code method} arrived; returns the first {@code count}.
   */
  public List<FakeBotApiCall> awaitCalls(String method, int count, Duration timeout) {
    return awaitCalls(method, call -> true, count, timeout);
  }

  public List<FakeBotApiCall> awaitCalls(
      String method, Predicate<FakeBotApiCall> matches, int count, Duration timeout) {
    lock.lock();
    try {
      long remaining = timeout.toNanos();
      while (true) {
        List<FakeBotApiCall> found = matching(method, matches);
        if (found.size() >= count) {
          return List.copyOf(found.subList(0, count));
        }
        if (remaining <= 0) {
          throw new AssertionError(
              "waited "
                  + timeout
                  + " for "
                  + count
                  + " matching "
                  + method
                  + " call(s), saw "
                  + found.size()
                  + "; calls so far: "
                  + calls.stream().map(FakeBotApiCall::method).toList());
        }
        remaining = callRecorded.awaitNanos(remaining);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for " + method, e);
    } finally {
      lock.unlock();
    }
  }

  /** A message as the chat shows it now (after edits); empty when it was deleted or never sent. */
  public Optional<JsonNode> message(long chatId, int messageId) {
    lock.lock();
    try {
      ObjectNode message = storedMessage(chatId, messageId);
      return Optional.ofNullable(message == null ? null : message.deepCopy());
    } finally {
      lock.unlock();
    }
  }

  /** The messages a chat shows now, the users' and the bot's, oldest first. */
  public List<JsonNode> messagesIn(long chatId) {
    lock.lock();
    try {
      List<JsonNode> shown = new ArrayList<>();
      for (ObjectNode message : messages.getOrDefault(chatId, Map.of()).values()) {
        shown.add(message.deepCopy());
      }
      return shown;
    } finally {
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------- scripted failures

  /**
   * The next {@code times} requests of {@code method} are answered with {@code status} and {@code
   * json} and not carried out.
   */
  public void failNext(String method, int times, int status, String json) {
    if (!readJson(json).isObject()) {
      throw new IllegalArgumentException("not a JSON object: " + json);
    }
    script(method, times, new Reply(status, json));
  }

  /**
   * The next {@code times} requests of {@code method} are answered with {@code status} and {@code
   * json} byte for byte, and not carried out: valid JSON laid out as a client must accept it
   * (spaces, line breaks, keys in another order) even where Jackson would write it otherwise.
   */
  public void answerNextVerbatim(String method, int times, int status, String json) {
    if (!readJson(json).isObject()) {
      throw new IllegalArgumentException("not a JSON object: " + json);
    }
    script(method, times, new RawReply(status, json));
  }

  /**
   * The next {@code times} requests of {@code method} get Telegram's flood-control answer: 429 with
   * {@code parameters.retry_after} (https://core.telegram.org/bots/api#responseparameters).
   */
  public void failNextWithRetryAfter(String method, int times, int retryAfterSeconds) {
    ObjectNode body = error(429, "Too Many Requests: retry after " + retryAfterSeconds);
    body.putObject("parameters").put("retry_after", retryAfterSeconds);
    script(method, times, new Reply(429, body.toString()));
  }

  /** The next {@code times} requests of {@code method} get 500 Internal Server Error. */
  public void failNextWithServerError(String method, int times) {
    script(method, times, new Reply(500, error(500, "Internal Server Error").toString()));
  }

  /**
   * The next {@code times} requests of {@code method} are not carried out and get {@code status}
   * with {@code Content-Type: text/html} and nginx's error page, as a reverse proxy in front of a
   * self-hosted Bot API server answers when the server is down (502), overloaded (503) or slow
   * (504). The call records the page as a text node in {@link FakeBotApiCall#response()}.
   *
   * @param status an error status, 400 to 599
   */
  public void failNextWithHtml(String method, int times, int status) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("not an error status: " + status);
    }
    script(method, times, new HtmlReply(status));
  }

  /**
   * For the next {@code times} requests of {@code method} the fake closes the connection without
   * doing anything. OkHttp itself retries a request once when a reused connection closes, so a
   * single drop may not reach the bot's code; two in a row do.
   */
  public void dropNext(String method, int times) {
    script(method, times, new Drop());
  }

  /**
   * The next {@code times} requests of {@code method} are carried out (the message is in the chat),
   * then the connection is closed without an answer: the bot cannot know it succeeded. As with
   * {@link #dropNext}, OkHttp may resend the request once by itself, which sends it twice.
   */
  public void loseAnswerNext(String method, int times) {
    script(method, times, new LoseAnswer());
  }

  // ---------------------------------------------------------------- slow answers

  /**
   * From now on every request of {@code method} is carried out at once (the message is in the chat,
   * the upload saved, the call recorded) but answered only {@code delay} after its whole body
   * arrived, as a busy Bot API server or a slow network answers. Other requests go on meanwhile.
   * The delay applies to whatever the answer is, a scripted failure too, and to a dropped
   * connection; for a long poll it counts from the request too, so a poll held longer is not slowed
   * further. {@link Duration#ZERO} turns it off; {@link #answerSlowlyNext} takes precedence while
   * it lasts. Requests refused before they reach the method (wrong token, a body over the limit or
   * unreadable) are answered at once.
   */
  public void answerSlowly(String method, Duration delay) {
    requireDelay(delay);
    String known = knownName(method);
    lock.lock();
    try {
      if (delay.isZero()) {
        answerDelays.remove(known);
      } else {
        answerDelays.put(known, delay);
      }
    } finally {
      lock.unlock();
    }
  }

  /** As {@link #answerSlowly}, for the next {@code times} requests of {@code method} only. */
  public void answerSlowlyNext(String method, int times, Duration delay) {
    requireDelay(delay);
    if (times < 1) {
      throw new IllegalArgumentException("times must be at least 1");
    }
    String known = knownName(method);
    lock.lock();
    try {
      Deque<Duration> queue = nextAnswerDelays.computeIfAbsent(known, m -> new ArrayDeque<>());
      for (int i = 0; i < times; i++) {
        queue.addLast(delay);
      }
    } finally {
      lock.unlock();
    }
  }

  private static void requireDelay(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative: " + delay);
    }
  }

  // ---------------------------------------------------------------- lifecycle

  /** Stops the server, ends held long polls and deletes the uploaded files. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      updatesChanged.signalAll();
      callRecorded.signalAll();
    } finally {
      lock.unlock();
    }
    closing.countDown();
    server.stop(0);
    handlers.shutdownNow();
    try {
      handlers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    deleteRecursively(uploadDirectory);
  }

  // ================================================================ HTTP

  private void handle(HttpExchange exchange) {
    Instant receivedAt = clock.instant();
    try {
      String path = exchange.getRequestURI().getPath();
      if (path.startsWith("/file/bot")) {
        download(exchange, path, receivedAt);
        return;
      }
      String method = methodOf(path);
      if (method == null) {
        drain(exchange);
        send(exchange, new JsonAnswer(404, error(404, "Not Found")));
        return;
      }
      String known = knownName(method);
      if (!tokenOf(path).equals(token)) {
        drain(exchange);
        refuse(exchange, known, receivedAt, new JsonAnswer(401, error(401, "Unauthorized")));
        return;
      }
      FakeBotApiRequest request;
      try {
        request =
            FakeBotApiRequest.parse(
                exchange.getRequestURI().getRawQuery(),
                exchange.getRequestHeaders().getFirst("Content-Type"),
                exchange.getRequestBody(),
                options.uploadLimitBytes(),
                uploadDirectory);
      } catch (FakeBotApiRequest.TooLargeException e) {
        // Answered as soon as the limit is passed; the rest of the body is not read.
        refuse(
            exchange,
            known,
            receivedAt,
            new JsonAnswer(413, error(413, "Request Entity Too Large")));
        return;
      } catch (FakeBotApiRequest.MalformedException e) {
        refuse(
            exchange,
            known,
            receivedAt,
            new JsonAnswer(400, error(400, "Bad Request: " + e.getMessage())));
        return;
      }
      Instant bodyReceivedAt = clock.instant();
      Map<String, FakeBotApiUpload> uploads = saveUploads(request);
      send(exchange, answer(known, request.params(), uploads, receivedAt, bodyReceivedAt));
    } catch (IOException e) {
      // The client went away; there is nobody to answer.
    } catch (RuntimeException e) {
      // A bug in the fake: say so in the answer and the record instead of a silent reset.
      JsonAnswer broken =
          new JsonAnswer(500, error(500, "Internal Server Error: the fake failed: " + e));
      refuseQuietly(exchange, receivedAt, broken);
    } finally {
      // Closing an exchange that was not answered drops the connection.
      exchange.close();
    }
  }

  /** Records and sends an answer to a request that did not reach its method. */
  private void refuse(HttpExchange exchange, String method, Instant receivedAt, Answer answer)
      throws IOException {
    record(
        new FakeBotApiCall(
            method,
            Map.of(),
            Map.of(),
            receivedAt,
            clock.instant(),
            answer.status(),
            answer.recorded()));
    send(exchange, answer);
  }

  private void refuseQuietly(HttpExchange exchange, Instant receivedAt, Answer answer) {
    try {
      refuse(exchange, "?", receivedAt, answer);
    } catch (IOException | RuntimeException ignored) {
      // Headers may already be out; the record tells the test.
    }
  }

  /**
   * Does the method, unless a failure is scripted for it, records the call, and waits until the
   * answer is due.
   */
  private Answer answer(
      String method,
      Map<String, String> params,
      Map<String, FakeBotApiUpload> uploads,
      Instant receivedAt,
      Instant bodyReceivedAt) {
    Failure failure;
    Duration delay;
    lock.lock();
    try {
      Deque<Failure> scripted = failures.get(method);
      failure = scripted == null ? null : scripted.poll();
      delay = answerDelay(method);
    } finally {
      lock.unlock();
    }
    Answer answer =
        switch (failure) {
          case null -> perform(method, params, uploads);
          case Reply reply -> new JsonAnswer(reply.status(), (ObjectNode) readJson(reply.json()));
          case RawReply raw -> new RawJsonAnswer(raw.status(), raw.json());
          case HtmlReply html -> new HtmlAnswer(html.status(), nginxErrorPage(html.status()));
          case Drop drop -> new NoAnswer(MissingNode.getInstance());
          case LoseAnswer lose -> new NoAnswer(perform(method, params, uploads).recorded());
        };
    Instant now = clock.instant();
    Instant due = bodyReceivedAt.plus(delay);
    Instant answeredAt = due.isAfter(now) ? due : now;
    record(
        new FakeBotApiCall(
            method, params, uploads, receivedAt, answeredAt, answer.status(), answer.recorded()));
    // Outside the lock: the fake goes on with other requests meanwhile.
    if (!waitUntil(answeredAt)) {
      return new NoAnswer(answer.recorded()); // the fake is closing
    }
    return answer;
  }

  /** The delay for the next request of {@code method}; the caller holds the lock. */
  private Duration answerDelay(String method) {
    Deque<Duration> next = nextAnswerDelays.get(method);
    Duration once = next == null ? null : next.poll();
    if (once != null) {
      return once;
    }
    return answerDelays.getOrDefault(method, Duration.ZERO);
  }

  /** Waits until {@code instant}; false when the fake is closing (or the wait was interrupted). */
  private boolean waitUntil(Instant instant) {
    Duration left = Duration.between(clock.instant(), instant);
    if (left.isNegative() || left.isZero()) {
      return true;
    }
    try {
      return !closing.await(left.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private JsonAnswer perform(
      String method, Map<String, String> params, Map<String, FakeBotApiUpload> uploads) {
    try {
      JsonNode result =
          method.equals("getUpdates") ? getUpdates(params) : performLocked(method, params, uploads);
      ObjectNode body = JSON.createObjectNode();
      body.put("ok", true);
      body.set("result", result);
      return new JsonAnswer(200, body);
    } catch (ApiError e) {
      return new JsonAnswer(e.code, error(e.code, e.getMessage()));
    }
  }

  private JsonNode performLocked(
      String method, Map<String, String> params, Map<String, FakeBotApiUpload> uploads)
      throws ApiError {
    lock.lock();
    try {
      return switch (method) {
        case "getMe" -> getMe();
        case "deleteWebhook" -> JSON.getNodeFactory().booleanNode(true);
        case "getWebhookInfo" -> webhookInfo();
        case "sendMessage" -> sendMessage(params);
        case "editMessageText" -> editMessageText(params);
        case "editMessageCaption" -> editMessageCaption(params);
        case "editMessageReplyMarkup" -> editMessageReplyMarkup(params);
        case "deleteMessage" -> deleteMessage(params);
        case "sendVideo" -> sendMedia("video", params, uploads);
        case "sendAudio" -> sendMedia("audio", params, uploads);
        case "sendDocument" -> sendMedia("document", params, uploads);
        case "sendChatAction" -> sendChatAction(params);
        case "getFile" -> getFile(params);
        case "answerCallbackQuery" -> answerCallbackQuery(params);
        case "setMyCommands" -> setMyCommands(params);
        case "getMyCommands" -> commands.getOrDefault(commandsKey(params), JSON.createArrayNode());
        case "deleteMyCommands" -> {
          commands.remove(commandsKey(params));
          yield JSON.getNodeFactory().booleanNode(true);
        }
        default -> throw new ApiError(404, "Not Found");
      };
    } finally {
      lock.unlock();
    }
  }

  // ================================================================ the methods

  private ObjectNode getMe() {
    ObjectNode me = botUser();
    me.put("can_join_groups", true);
    me.put("can_read_all_group_messages", false);
    me.put("supports_inline_queries", false);
    me.put("can_connect_to_business", false);
    me.put("has_main_web_app", false);
    return me;
  }

  private ObjectNode webhookInfo() {
    ObjectNode info = JSON.createObjectNode();
    info.put("url", "");
    info.put("has_custom_certificate", false);
    info.put("pending_update_count", pendingUpdates.size());
    return info;
  }

  /**
   * A real long poll (https://core.telegram.org/bots/api#getupdates): updates with an id below
   * {@code offset} are confirmed and forgotten, a negative offset keeps only the last ones, the
   * answer waits up to {@code timeout} seconds for an update, and a newer {@code getUpdates} ends
   * an older one still waiting with 409 Conflict, as Telegram does when two instances poll. The
   * answered updates stay queued until a later offset confirms them.
   */
  private JsonNode getUpdates(Map<String, String> params) throws ApiError {
    int offset = intParam(params, "offset", 0);
    int limit = Math.max(1, Math.min(100, intParam(params, "limit", 100)));
    int timeout = Math.max(0, intParam(params, "timeout", 0));
    lock.lock();
    try {
      long generation = ++pollGeneration;
      updatesChanged.signalAll();
      if (params.containsKey("allowed_updates")) {
        // "If not specified, the previous setting will be used."
        List<String> allowed = new ArrayList<>();
        readJson(params.get("allowed_updates")).forEach(type -> allowed.add(type.asText()));
        allowedUpdates = List.copyOf(allowed);
      }
      if (!confirmationsLost) {
        confirm(offset);
      }
      long remaining = TimeUnit.SECONDS.toNanos(timeout);
      while (true) {
        if (generation != pollGeneration) {
          throw new ApiError(
              409,
              "Conflict: terminated by other getUpdates request; make sure that only one bot"
                  + " instance is running");
        }
        dropUnwantedUpdates();
        List<ObjectNode> deliverable = new ArrayList<>();
        for (ObjectNode update : pendingUpdates) {
          // Confirmed updates are gone; while confirmations are lost they stay, but a poll still
          // gets only the ones from its offset on, as it asked.
          if (offset <= 0 || update.path("update_id").asInt() >= offset) {
            deliverable.add(update);
          }
        }
        if (!deliverable.isEmpty() || remaining <= 0 || closed) {
          ArrayNode result = JSON.createArrayNode();
          for (ObjectNode update : deliverable) {
            if (result.size() == limit) {
              break;
            }
            result.add(update.deepCopy());
          }
          return result;
        }
        heldPolls++;
        callRecorded.signalAll(); // for awaitHeldPoll
        try {
          remaining = updatesChanged.awaitNanos(remaining);
        } finally {
          heldPolls--;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return JSON.createArrayNode();
    } finally {
      lock.unlock();
    }
  }

  private void confirm(int offset) {
    if (offset > 0) {
      pendingUpdates.removeIf(update -> update.path("update_id").asInt() < offset);
    } else if (offset < 0) {
      while (pendingUpdates.size() > -offset) {
        pendingUpdates.removeFirst();
      }
    }
  }

  /**
   * Updates of a type the bot did not ask for in {@code allowed_updates} are never delivered. An
   * empty list means every type (Telegram leaves out a few member and reaction updates the fake
   * never makes).
   */
  private void dropUnwantedUpdates() {
    if (allowedUpdates.isEmpty()) {
      return;
    }
    Iterator<ObjectNode> it = pendingUpdates.iterator();
    while (it.hasNext()) {
      if (!allowedUpdates.contains(updateType(it.next()))) {
        it.remove();
      }
    }
  }

  private ObjectNode sendMessage(Map<String, String> params) throws ApiError {
    ObjectNode chat = chatOf(params);
    String text = formatted(params.get("text"), params.get("parse_mode"));
    if (text.isBlank()) {
      throw ApiError.badRequest("message text is empty");
    }
    if (text.length() > MAX_TEXT) {
      throw ApiError.badRequest("message is too long");
    }
    Optional<ObjectNode> markup = inlineKeyboard(params);
    Optional<ObjectNode> replyTo = replyTarget(chat, params);
    ObjectNode message = newMessage(chat, botUser());
    replyTo.ifPresent(target -> message.set("reply_to_message", target));
    message.put("text", text);
    markup.ifPresent(m -> message.set("reply_markup", m));
    store(message);
    return message.deepCopy();
  }

  private ObjectNode editMessageText(Map<String, String> params) throws ApiError {
    ObjectNode message = editableMessage(params);
    if (!message.has("text")) {
      throw ApiError.badRequest("there is no text in the message to edit");
    }
    String text = formatted(params.get("text"), params.get("parse_mode"));
    if (text.isBlank()) {
      throw ApiError.badRequest("message text is empty");
    }
    if (text.length() > MAX_TEXT) {
      throw ApiError.badRequest("message is too long");
    }
    Optional<ObjectNode> markup = inlineKeyboard(params);
    if (text.equals(message.path("text").asText()) && sameMarkup(message, markup)) {
      throw ApiError.badRequest(NOT_MODIFIED);
    }
    message.put("text", text);
    setMarkup(message, markup);
    message.put("edit_date", now());
    return message.deepCopy();
  }

  private ObjectNode editMessageCaption(Map<String, String> params) throws ApiError {
    ObjectNode message = editableMessage(params);
    if (message.has("text")) {
      throw ApiError.badRequest("there is no caption in the message to edit");
    }
    String caption = formatted(params.get("caption"), params.get("parse_mode"));
    if (caption.length() > MAX_CAPTION) {
      throw ApiError.badRequest("message caption is too long");
    }
    Optional<ObjectNode> markup = inlineKeyboard(params);
    if (caption.equals(message.path("caption").asText()) && sameMarkup(message, markup)) {
      throw ApiError.badRequest(NOT_MODIFIED);
    }
    if (caption.isEmpty()) {
      message.remove("caption");
    } else {
      message.put("caption", caption);
    }
    setMarkup(message, markup);
    message.put("edit_date", now());
    return message.deepCopy();
  }

  private ObjectNode editMessageReplyMarkup(Map<String, String> params) throws ApiError {
    ObjectNode message = editableMessage(params);
    Optional<ObjectNode> markup = inlineKeyboard(params);
    if (sameMarkup(message, markup)) {
      throw ApiError.badRequest(NOT_MODIFIED);
    }
    setMarkup(message, markup);
    message.put("edit_date", now());
    return message.deepCopy();
  }

  private JsonNode deleteMessage(Map<String, String> params) throws ApiError {
    long chatId = chatId(params);
    int messageId = intParam(params, "message_id", -1);
    Map<Integer, ObjectNode> chatMessages = messages.get(chatId);
    if (chatMessages == null || chatMessages.remove(messageId) == null) {
      throw ApiError.badRequest("message to delete not found");
    }
    return JSON.getNodeFactory().booleanNode(true);
  }

  /**
   * {@code sendVideo} / {@code sendAudio} / {@code sendDocument}: a new file comes as a multipart
   * part (directly under the field name, or as {@code attach://<part>}); an existing one as its
   * {@code file_id}, which Telegram answers with the same file and no upload. The answer's media
   * object takes duration, width, height, title and performer from the request, as Telegram takes
   * them when given.
   */
  private ObjectNode sendMedia(
      String kind, Map<String, String> params, Map<String, FakeBotApiUpload> uploads)
      throws ApiError {
    ObjectNode chat = chatOf(params);
    String caption = formatted(params.getOrDefault("caption", ""), params.get("parse_mode"));
    if (caption.length() > MAX_CAPTION) {
      throw ApiError.badRequest("message caption is too long");
    }
    Optional<ObjectNode> markup = inlineKeyboard(params);
    Optional<ObjectNode> replyTo = replyTarget(chat, params);
    ObjectNode media;
    FakeBotApiUpload upload = uploads.get(kind);
    if (upload != null) {
      media = newMediaFile(kind, params, upload, thumbnailOf(uploads));
    } else {
      String reference = params.get(kind);
      if (reference == null || reference.isEmpty()) {
        throw ApiError.badRequest("there is no " + kind + " in the request");
      }
      if (reference.startsWith("attach://")) {
        throw ApiError.badRequest("file " + reference + " was not found in the request");
      }
      StoredFile stored = files.get(reference);
      if (stored == null) {
        throw ApiError.badRequest("wrong file identifier/HTTP URL specified");
      }
      if (!stored.kind().equals(kind)) {
        throw ApiError.badRequest("type of file mismatch");
      }
      media = stored.object().deepCopy();
    }
    ObjectNode message = newMessage(chat, botUser());
    replyTo.ifPresent(target -> message.set("reply_to_message", target));
    message.set(kind, media);
    if (!caption.isEmpty()) {
      message.put("caption", caption);
    }
    markup.ifPresent(m -> message.set("reply_markup", m));
    store(message);
    return message.deepCopy();
  }

  private ObjectNode newMediaFile(
      String kind,
      Map<String, String> params,
      FakeBotApiUpload upload,
      Optional<ObjectNode> thumbnail)
      throws ApiError {
    if (upload.size() == 0) {
      throw ApiError.badRequest("file must be non-empty");
    }
    long number = ++sequence;
    ObjectNode media = JSON.createObjectNode();
    // Real file_ids start with a prefix by kind (video BAAC, audio CQAC, document BQAC).
    String prefix =
        switch (kind) {
          case "video" -> "BAACAgIAAxkBAAI";
          case "document" -> "BQACAgIAAxkBAAI";
          default -> "CQACAgIAAxkBAAI";
        };
    String fileId = prefix + fileIdTail(number);
    media.put("file_id", fileId);
    media.put("file_unique_id", "AgAD" + Long.toString(number, 36) + uniqueTail());
    if (kind.equals("video")) {
      media.put("width", intParam(params, "width", 0));
      media.put("height", intParam(params, "height", 0));
      media.put("duration", intParam(params, "duration", 0));
    } else if (kind.equals("audio")) {
      media.put("duration", intParam(params, "duration", 0));
      putIfPresent(media, "performer", params.get("performer"));
      putIfPresent(media, "title", params.get("title"));
    }
    thumbnail.ifPresent(t -> media.set("thumbnail", t));
    media.put("file_name", upload.fileName());
    media.put("mime_type", mimeType(upload.fileName()));
    media.put("file_size", upload.size());
    files.put(fileId, new StoredFile(kind, media.deepCopy(), upload.path()));
    return media;
  }

  /**
   * The thumbnail Telegram keeps: a JPEG of at most 200 kB and 320x320, else it is silently ignored
   * (https://core.telegram.org/bots/api#sendvideo, parameter {@code thumbnail}).
   */
  private Optional<ObjectNode> thumbnailOf(Map<String, FakeBotApiUpload> uploads) {
    FakeBotApiUpload upload = uploads.getOrDefault("thumbnail", uploads.get("thumb"));
    if (upload == null || upload.size() > MAX_THUMBNAIL_BYTES) {
      return Optional.empty();
    }
    byte[] bytes = upload.bytes();
    boolean jpeg = bytes.length > 3 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xD8;
    if (!jpeg) {
      return Optional.empty();
    }
    BufferedImage image;
    try {
      image = ImageIO.read(new ByteArrayInputStream(bytes));
    } catch (IOException e) {
      return Optional.empty();
    }
    if (image == null
        || image.getWidth() > MAX_THUMBNAIL_SIDE
        || image.getHeight() > MAX_THUMBNAIL_SIDE) {
      return Optional.empty();
    }
    long number = ++sequence;
    ObjectNode photo = JSON.createObjectNode();
    photo.put("file_id", "AAMCAgADGQEAAI" + fileIdTail(number));
    photo.put("file_unique_id", "AQAD" + Long.toString(number, 36) + uniqueTail());
    photo.put("file_size", upload.size());
    photo.put("width", image.getWidth());
    photo.put("height", image.getHeight());
    return Optional.of(photo);
  }

  private JsonNode sendChatAction(Map<String, String> params) throws ApiError {
    chatOf(params);
    String action = params.get("action");
    if (action == null || !CHAT_ACTIONS.contains(action)) {
      throw ApiError.badRequest("wrong parameter action in request");
    }
    return JSON.getNodeFactory().booleanNode(true);
  }

  /**
   * {@code getFile}: the file's {@code file_path}, to download from {@code
   * /file/bot<token>/<file_path>} (https://core.telegram.org/bots/api#getfile). Files over 20 MB
   * are refused as the cloud Bot API refuses them.
   */
  private ObjectNode getFile(Map<String, String> params) throws ApiError {
    String fileId = params.get("file_id");
    StoredFile stored = fileId == null ? null : files.get(fileId);
    if (stored == null) {
      throw ApiError.badRequest("invalid file_id");
    }
    long size = stored.object().path("file_size").asLong();
    if (size > MAX_GETFILE_BYTES) {
      throw ApiError.badRequest("file is too big");
    }
    String filePath = null;
    for (Map.Entry<String, String> known : fileIdsByPath.entrySet()) {
      if (known.getValue().equals(fileId)) {
        filePath = known.getKey();
      }
    }
    if (filePath == null) {
      // As Telegram names them: documents/file_0.txt, videos/file_1.mp4, ...
      String name = stored.object().path("file_name").asText("");
      int dot = name.lastIndexOf('.');
      String extension = dot < 0 ? "" : name.substring(dot).replaceAll("[^A-Za-z0-9.]", "");
      filePath = stored.kind() + "s/file_" + fileIdsByPath.size() + extension;
      fileIdsByPath.put(filePath, fileId);
    }
    ObjectNode file = JSON.createObjectNode();
    file.put("file_id", fileId);
    file.put("file_unique_id", stored.object().path("file_unique_id").asText());
    file.put("file_size", size);
    file.put("file_path", filePath);
    return file;
  }

  /**
   * The file download, {@code GET /file/bot<token>/<file_path>} with a {@code file_path} from
   * {@code getFile}: the bytes, or 404 for a path {@code getFile} did not give out. Recorded as a
   * call of {@link #FILE_DOWNLOAD} with the parameter {@code file_path}.
   */
  private void download(HttpExchange exchange, String path, Instant receivedAt) throws IOException {
    drain(exchange);
    String rest = path.substring("/file/bot".length());
    int slash = rest.indexOf('/');
    String givenToken = slash < 0 ? rest : rest.substring(0, slash);
    String filePath = slash < 0 ? "" : rest.substring(slash + 1);
    if (!givenToken.equals(token)) {
      refuse(exchange, FILE_DOWNLOAD, receivedAt, new JsonAnswer(401, error(401, "Unauthorized")));
      return;
    }
    Path content;
    lock.lock();
    try {
      String fileId = fileIdsByPath.get(filePath);
      content = fileId == null ? null : files.get(fileId).content();
    } finally {
      lock.unlock();
    }
    Map<String, String> params = Map.of("file_path", filePath);
    if (content == null) {
      JsonAnswer notFound = new JsonAnswer(404, error(404, "Not Found"));
      record(
          new FakeBotApiCall(
              FILE_DOWNLOAD, params, Map.of(), receivedAt, clock.instant(), 404, notFound.body()));
      send(exchange, notFound);
      return;
    }
    byte[] bytes = Files.readAllBytes(content);
    record(
        new FakeBotApiCall(
            FILE_DOWNLOAD,
            params,
            Map.of(),
            receivedAt,
            clock.instant(),
            200,
            JSON.getNodeFactory().numberNode(bytes.length)));
    exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private JsonNode answerCallbackQuery(Map<String, String> params) throws ApiError {
    String id = params.get("callback_query_id");
    Boolean answered = id == null ? null : callbackQueriesAnswered.get(id);
    if (answered == null || answered) {
      throw ApiError.badRequest(
          "query is too old and response timeout expired or query ID is invalid");
    }
    callbackQueriesAnswered.put(id, true);
    return JSON.getNodeFactory().booleanNode(true);
  }

  /**
   * Commands must be 1-32 characters of lower-case letters, digits and underscores, descriptions
   * 1-256 characters (https://core.telegram.org/bots/api#botcommand).
   */
  private JsonNode setMyCommands(Map<String, String> params) throws ApiError {
    JsonNode list = params.containsKey("commands") ? readJson(params.get("commands")) : null;
    if (list == null || !list.isArray()) {
      throw ApiError.badRequest("parameter \"commands\" is required");
    }
    for (JsonNode command : list) {
      String name = command.path("command").asText("");
      String description = command.path("description").asText("");
      if (!name.matches("[a-z0-9_]{1,32}")) {
        throw ApiError.badRequest("BOT_COMMAND_INVALID");
      }
      if (description.isEmpty() || description.length() > 256) {
        throw ApiError.badRequest("BOT_COMMAND_DESCRIPTION_INVALID");
      }
    }
    commands.put(commandsKey(params), list.deepCopy());
    return JSON.getNodeFactory().booleanNode(true);
  }

  private static String commandsKey(Map<String, String> params) {
    return params.getOrDefault("scope", "{\"type\":\"default\"}")
        + "|"
        + params.getOrDefault("language_code", "");
  }

  // ================================================================ chats and messages

  private int userWritesInGroup(
      long userId, long chatId, String text, String languageCode, Optional<Integer> replyTo) {
    if (chatId >= 0) {
      throw new IllegalArgumentException("group chat ids are negative: " + chatId);
    }
    lock.lock();
    try {
      ObjectNode user = user(userId, languageCode);
      ObjectNode chat = chats.computeIfAbsent(chatId, FakeBotApi::groupChat);
      ObjectNode message = newMessage(chat, user);
      if (replyTo.isPresent()) {
        ObjectNode target = storedMessage(chatId, replyTo.get());
        if (target == null) {
          throw new IllegalArgumentException("no message " + replyTo.get() + " in chat " + chatId);
        }
        message.set("reply_to_message", withoutReply(target));
      }
      putText(message, text);
      return enqueueMessage(message);
    } finally {
      lock.unlock();
    }
  }

  private int enqueueMessage(ObjectNode message) {
    store(message);
    enqueue("message", message.deepCopy());
    return message.path("message_id").asInt();
  }

  private int enqueue(String type, JsonNode payload) {
    ObjectNode update = JSON.createObjectNode();
    int id = nextUpdateId++;
    update.put("update_id", id);
    update.set(type, payload);
    pendingUpdates.addLast(update);
    updatesChanged.signalAll();
    return id;
  }

  private static String updateType(ObjectNode update) {
    for (Map.Entry<String, JsonNode> field : update.properties()) {
      if (!field.getKey().equals("update_id")) {
        return field.getKey();
      }
    }
    return "";
  }

  private ObjectNode newMessage(ObjectNode chat, ObjectNode from) {
    long chatId = chat.path("id").asLong();
    int messageId = lastMessageIds.merge(chatId, 1, Integer::sum);
    ObjectNode message = JSON.createObjectNode();
    message.put("message_id", messageId);
    message.set("from", from.deepCopy());
    message.set("chat", chat.deepCopy());
    message.put("date", now());
    return message;
  }

  private void store(ObjectNode message) {
    long chatId = message.path("chat").path("id").asLong();
    messages
        .computeIfAbsent(chatId, id -> new LinkedHashMap<>())
        .put(message.path("message_id").asInt(), message);
  }

  private ObjectNode storedMessage(long chatId, int messageId) {
    return messages.getOrDefault(chatId, Map.of()).get(messageId);
  }

  /** The bot's own message named by {@code chat_id} + {@code message_id}, to edit. */
  private ObjectNode editableMessage(Map<String, String> params) throws ApiError {
    if (params.containsKey("inline_message_id")) {
      throw ApiError.badRequest("the fake Bot API has no inline messages");
    }
    long chatId = chatId(params);
    ObjectNode message = storedMessage(chatId, intParam(params, "message_id", -1));
    if (message == null) {
      throw ApiError.badRequest("message to edit not found");
    }
    if (message.path("from").path("id").asLong() != botId) {
      throw ApiError.badRequest("message can't be edited");
    }
    return message;
  }

  /**
   * The message to answer, from {@code reply_parameters} or the older {@code reply_to_message_id};
   * a missing one is an error unless {@code allow_sending_without_reply}.
   */
  private Optional<ObjectNode> replyTarget(ObjectNode chat, Map<String, String> params)
      throws ApiError {
    int messageId;
    boolean allowWithout;
    if (params.containsKey("reply_parameters")) {
      JsonNode reply = readJson(params.get("reply_parameters"));
      messageId = reply.path("message_id").asInt(-1);
      allowWithout = reply.path("allow_sending_without_reply").asBoolean(false);
    } else if (params.containsKey("reply_to_message_id")) {
      messageId = intParam(params, "reply_to_message_id", -1);
      allowWithout = Boolean.parseBoolean(params.get("allow_sending_without_reply"));
    } else {
      return Optional.empty();
    }
    ObjectNode target = storedMessage(chat.path("id").asLong(), messageId);
    if (target == null) {
      if (allowWithout) {
        return Optional.empty();
      }
      throw ApiError.badRequest("message to be replied not found");
    }
    return Optional.of(withoutReply(target));
  }

  /** Telegram does not nest replies: the replied-to message comes without its own. */
  private static ObjectNode withoutReply(ObjectNode message) {
    ObjectNode copy = message.deepCopy();
    copy.remove("reply_to_message");
    return copy;
  }

  /**
   * An inline keyboard from {@code reply_markup}; other keyboards are not part of the returned
   * message. Callback data must be 1-64 bytes
   * (https://core.telegram.org/bots/api#inlinekeyboardbutton).
   */
  private Optional<ObjectNode> inlineKeyboard(Map<String, String> params) throws ApiError {
    String markup = params.get("reply_markup");
    if (markup == null || markup.isBlank()) {
      return Optional.empty();
    }
    JsonNode node = readJson(markup);
    if (!node.has("inline_keyboard")) {
      return Optional.empty();
    }
    for (JsonNode row : node.path("inline_keyboard")) {
      for (JsonNode button : row) {
        if (button.path("text").asText("").isEmpty()) {
          throw ApiError.badRequest("text buttons are unallowed in the inline keyboard");
        }
        if (button.has("callback_data")) {
          int bytes = button.path("callback_data").asText().getBytes(StandardCharsets.UTF_8).length;
          if (bytes < 1 || bytes > MAX_CALLBACK_DATA_BYTES) {
            throw ApiError.badRequest("BUTTON_DATA_INVALID");
          }
        }
      }
    }
    ObjectNode keyboard = JSON.createObjectNode();
    keyboard.set("inline_keyboard", node.path("inline_keyboard").deepCopy());
    return Optional.of(keyboard);
  }

  private static boolean sameMarkup(ObjectNode message, Optional<ObjectNode> markup) {
    JsonNode current = message.get("reply_markup");
    return markup.isEmpty() ? current == null : markup.get().equals(current);
  }

  private static void setMarkup(ObjectNode message, Optional<ObjectNode> markup) {
    if (markup.isPresent()) {
      message.set("reply_markup", markup.get());
    } else {
      message.remove("reply_markup");
    }
  }

  private static List<String> callbackData(JsonNode markup) {
    List<String> data = new ArrayList<>();
    for (JsonNode row : markup.path("inline_keyboard")) {
      for (JsonNode button : row) {
        if (button.has("callback_data")) {
          data.add(button.path("callback_data").asText());
        }
      }
    }
    return data;
  }

  private static void putText(ObjectNode message, String text) {
    message.put("text", text);
    putEntities(message, "entities", text);
  }

  private static void putEntities(ObjectNode message, String field, String text) {
    List<FakeBotApiEntities.Entity> entities = FakeBotApiEntities.of(text);
    if (!entities.isEmpty()) {
      ArrayNode array = message.putArray(field);
      for (FakeBotApiEntities.Entity e : entities) {
        array.addObject().put("offset", e.offset()).put("length", e.length()).put("type", e.type());
      }
    }
  }

  /** The text the chat shows: HTML is parsed as Telegram parses it; other modes are kept. */
  private static String formatted(String text, String parseMode) throws ApiError {
    if (text == null) {
      return "";
    }
    if (parseMode != null && parseMode.equalsIgnoreCase("HTML")) {
      try {
        return FakeBotApiHtml.plainText(text);
      } catch (FakeBotApiHtml.ParseException e) {
        throw ApiError.badRequest("can't parse entities: " + e.getMessage());
      }
    }
    return text;
  }

  private ObjectNode chatOf(Map<String, String> params) throws ApiError {
    long chatId = chatId(params);
    return chats.computeIfAbsent(
        chatId, id -> id > 0 ? privateChat(id, user(id, null)) : groupChat(id));
  }

  private static long chatId(Map<String, String> params) throws ApiError {
    String chatId = params.get("chat_id");
    if (chatId == null || chatId.isEmpty()) {
      throw ApiError.badRequest("chat_id is empty");
    }
    try {
      return Long.parseLong(chatId);
    } catch (NumberFormatException e) {
      throw ApiError.badRequest("chat not found");
    }
  }

  private ObjectNode user(long userId, String languageCode) {
    ObjectNode user = JSON.createObjectNode();
    user.put("id", userId);
    user.put("is_bot", false);
    user.put("first_name", "User" + userId);
    user.put("username", "user" + userId);
    if (languageCode != null) {
      user.put("language_code", languageCode);
    }
    return user;
  }

  /** The language the user had in their last message, for a button press. */
  private String languageOf(long userId) {
    for (Map<Integer, ObjectNode> chatMessages : messages.values()) {
      for (ObjectNode message : chatMessages.values()) {
        JsonNode from = message.path("from");
        if (from.path("id").asLong() == userId && from.has("language_code")) {
          return from.path("language_code").asText();
        }
      }
    }
    return null;
  }

  private ObjectNode botUser() {
    ObjectNode bot = JSON.createObjectNode();
    bot.put("id", botId);
    bot.put("is_bot", true);
    bot.put("first_name", "Media Archiver");
    bot.put("username", options.botUsername());
    return bot;
  }

  private static ObjectNode privateChat(long chatId, ObjectNode user) {
    ObjectNode chat = JSON.createObjectNode();
    chat.put("id", chatId);
    chat.put("type", "private");
    chat.put("first_name", user.path("first_name").asText());
    chat.put("username", user.path("username").asText());
    return chat;
  }

  private static ObjectNode groupChat(long chatId) {
    ObjectNode chat = JSON.createObjectNode();
    chat.put("id", chatId);
    // Supergroup ids start with -100 followed by at least ten digits.
    chat.put("type", chatId <= -1_000_000_000_000L ? "supergroup" : "group");
    chat.put("title", "Group " + chatId);
    return chat;
  }

  // ================================================================ recording and plumbing

  private void record(FakeBotApiCall call) {
    lock.lock();
    try {
      calls.add(call);
      callRecorded.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private List<FakeBotApiCall> matching(String method, Predicate<FakeBotApiCall> matches) {
    List<FakeBotApiCall> found = new ArrayList<>();
    for (FakeBotApiCall call : calls) {
      if (call.method().equalsIgnoreCase(method) && matches.test(call)) {
        found.add(call);
      }
    }
    return found;
  }

  private void script(String method, int times, Failure failure) {
    if (times < 1) {
      throw new IllegalArgumentException("times must be at least 1");
    }
    String known = knownName(method);
    lock.lock();
    try {
      Deque<Failure> queue = failures.computeIfAbsent(known, m -> new ArrayDeque<>());
      for (int i = 0; i < times; i++) {
        queue.addLast(failure);
      }
    } finally {
      lock.unlock();
    }
  }

  /** The method as the fake spells it ({@code sendVideo} for {@code SENDVIDEO}); else as given. */
  private static String knownName(String method) {
    return METHODS.getOrDefault(method.toLowerCase(Locale.ROOT), method);
  }

  /**
   * Names each uploaded part by the parameter that refers to it: {@code video=attach://clip.mp4}
   * makes the part {@code clip.mp4} the {@code video}; a part sent directly under a parameter name
   * is that parameter.
   */
  private Map<String, FakeBotApiUpload> saveUploads(FakeBotApiRequest request) throws IOException {
    Map<String, String> fieldByPart = new HashMap<>();
    request
        .params()
        .forEach(
            (name, value) -> {
              if (value.startsWith("attach://")) {
                fieldByPart.put(value.substring("attach://".length()), name);
              }
            });
    Map<String, FakeBotApiUpload> uploads = new LinkedHashMap<>();
    for (FakeBotApiRequest.FilePart part : request.files()) {
      String field = fieldByPart.getOrDefault(part.name(), part.name());
      long number;
      lock.lock();
      try {
        number = ++sequence;
      } finally {
        lock.unlock();
      }
      Path file = uploadDirectory.resolve(number + "-" + field + "-" + safeName(part.fileName()));
      Files.move(part.file(), file);
      uploads.put(field, new FakeBotApiUpload(field, part.fileName(), file, part.size()));
    }
    return uploads;
  }

  private static String safeName(String fileName) {
    String safe = fileName.replaceAll("[^A-Za-z0-9._-]", "_");
    return safe.isEmpty() || safe.startsWith(".") ? "upload" + safe : safe;
  }

  private static void send(HttpExchange exchange, Answer answer) throws IOException {
    switch (answer) {
      case JsonAnswer json ->
          send(exchange, json.status(), "application/json", json.body().toString());
      case RawJsonAnswer raw -> send(exchange, raw.status(), "application/json", raw.json());
      case HtmlAnswer html -> send(exchange, html.status(), "text/html", html.html());
      case NoAnswer none -> {
        // Nothing to send: closing the exchange unanswered drops the connection.
      }
    }
  }

  private static void send(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** The page nginx answers for an error status of its own or of the server behind it. */
  private static String nginxErrorPage(int status) {
    String title = status + " " + reasonPhrase(status);
    return "<html><head><title>"
        + title
        + "</title></head><body><center><h1>"
        + title
        + "</h1></center><hr><center>nginx</center></body></html>";
  }

  /** nginx's own wording, which differs from RFC 9110 for 503 and 504. */
  private static String reasonPhrase(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 413 -> "Request Entity Too Large";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Temporarily Unavailable";
      case 504 -> "Gateway Time-out";
      default -> "Error";
    };
  }

  private static void drain(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      in.transferTo(OutputStream.nullOutputStream());
    }
  }

  /** {@code /bot<token>/<method>} -> method; null for any other path. */
  private static String methodOf(String path) {
    if (path == null || !path.startsWith("/bot")) {
      return null;
    }
    int slash = path.lastIndexOf('/');
    if (slash <= 4 || slash == path.length() - 1) {
      return null;
    }
    return path.substring(slash + 1);
  }

  private static String tokenOf(String path) {
    String rest = path.substring("/bot".length());
    int slash = rest.indexOf('/');
    return rest.substring(0, slash);
  }

  private static long botIdOf(String token) {
    int colon = token.indexOf(':');
    try {
      return Long.parseLong(colon < 0 ? token : token.substring(0, colon));
    } catch (NumberFormatException e) {
      return 7_000_000_001L;
    }
  }

  private static ObjectNode error(int code, String description) {
    ObjectNode body = JSON.createObjectNode();
    body.put("ok", false);
    body.put("error_code", code);
    body.put("description", description);
    return body;
  }

  private static JsonNode readJson(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      return MissingNode.getInstance();
    }
  }

  private static int intParam(Map<String, String> params, String name, int fallback)
      throws ApiError {
    String value = params.get(name);
    if (value == null || value.isEmpty()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw ApiError.badRequest("invalid " + name + " specified");
    }
  }

  private static void putIfPresent(ObjectNode node, String name, String value) {
    if (value != null && !value.isEmpty()) {
      node.put(name, value);
    }
  }

  private static String mimeType(String fileName) {
    String lower = fileName.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".mp4")) {
      return "video/mp4";
    }
    if (lower.endsWith(".m4a")) {
      return "audio/mp4";
    }
    if (lower.endsWith(".mp3")) {
      return "audio/mpeg";
    }
    if (lower.endsWith(".webm")) {
      return "video/webm";
    }
    if (lower.endsWith(".ogg") || lower.endsWith(".opus")) {
      return "audio/ogg";
    }
    if (lower.endsWith(".txt")) {
      return "text/plain";
    }
    return "application/octet-stream";
  }

  private static String fileIdTail(long number) {
    return Long.toString(number, 36) + UUID.randomUUID().toString().replace("-", "");
  }

  private static String uniqueTail() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  private long now() {
    return clock.instant().getEpochSecond();
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }

  private static Map<String, String> methodsByLowerCase() {
    Map<String, String> methods = new HashMap<>();
    for (String m :
        List.of(
            "getMe",
            "getUpdates",
            "deleteWebhook",
            "getWebhookInfo",
            "sendMessage",
            "editMessageText",
            "editMessageCaption",
            "editMessageReplyMarkup",
            "deleteMessage",
            "sendVideo",
            "sendAudio",
            "sendDocument",
            "sendChatAction",
            "getFile",
            "answerCallbackQuery",
            "setMyCommands",
            "getMyCommands",
            "deleteMyCommands")) {
      methods.put(m.toLowerCase(Locale.ROOT), m);
    }
    return Map.copyOf(methods);
  }
}
