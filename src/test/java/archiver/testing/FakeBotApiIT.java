package archiver.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.longpolling.TelegramBotsLongPollingApplication;
import org.telegram.telegrambots.longpolling.util.TelegramOkHttpClientFactory;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.GetFile;
import org.telegram.telegrambots.meta.api.methods.GetMe;
import org.telegram.telegrambots.meta.api.methods.commands.SetMyCommands;
import org.telegram.telegrambots.meta.api.methods.send.SendAudio;
import org.telegram.telegrambots.meta.api.methods.send.SendChatAction;
import org.telegram.telegrambots.meta.api.methods.send.SendDocument;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.send.SendVideo;
import org.telegram.telegrambots.meta.api.methods.updates.GetUpdates;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.DeleteMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageReplyMarkup;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.File;
import org.telegram.telegrambots.meta.api.objects.InputFile;
import org.telegram.telegrambots.meta.api.objects.MessageEntity;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.commands.BotCommand;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;

/**
 * Proves {@link FakeBotApi} against the real TelegramBots 10.2 client and long-polling session, so
 * the bot's end-to-end tests can trust it: what the library sends, the fake understands, and what
 * the fake answers, the library reads as it reads Telegram's answers.
 */
class FakeBotApiIT {

  private static final String TOKEN = "123456789:AAH-fake_TOKEN-for-tests-0123456789ab";
  private static final long USER = 1001;
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;

  private FakeBotApi telegram;
  private OkHttpTelegramClient client;

  @BeforeEach
  void startFake() {
    telegram = FakeBotApi.start(TOKEN);
    client = new OkHttpTelegramClient(TOKEN, telegram.telegramUrl());
  }

  @AfterEach
  void stopFake() {
    telegram.close();
  }

  @Test
  @DisplayName("getMe answers the bot user whose id is the token's number")
  void getMeAnswersTheBot() throws TelegramApiException {
    User me = client.execute(new GetMe());

    assertThat(me.getId()).isEqualTo(123456789L);
    assertThat(me.getIsBot()).isTrue();
    assertThat(me.getUserName()).isEqualTo(telegram.botUsername());
    assertThat(telegram.calls("getMe"))
        .singleElement()
        .satisfies(c -> assertThat(c.succeeded()).isTrue());
  }

  @Test
  @DisplayName("A long-polling session receives a text with its entities, then a button press")
  void longPollingReceivesTextAndCallbackQuery() throws Exception {
    BlockingQueue<Update> received = new LinkedBlockingQueue<>();
    ScheduledExecutorService pollThread = Executors.newSingleThreadScheduledExecutor();
    try (TelegramBotsLongPollingApplication app =
        new TelegramBotsLongPollingApplication(
            ObjectMapper::new,
            new TelegramOkHttpClientFactory.DefaultOkHttpClientCreator(),
            () -> pollThread)) {
      app.registerBot(
          TOKEN,
          telegram::telegramUrl,
          lastUpdateId ->
              GetUpdates.builder()
                  .offset(lastUpdateId + 1)
                  .timeout(5)
                  .allowedUpdates(List.of("message", "callback_query"))
                  .build(),
          received::addAll);

      ObjectNode edited = new ObjectMapper().createObjectNode();
      edited.putObject("edited_message").put("message_id", 1).put("text", "not asked for");
      telegram.enqueueUpdate(edited);
      // An emoji is two UTF-16 code units: the entities must count them as Telegram does.
      String text = "\uD83D\uDC4B /video https://example.com/clip.webm, youtu.be/abc and clip.webm";
      telegram.userSendsText(USER, USER, text, "ar");

      Update first = received.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(first).isNotNull();
      Message message = first.getMessage();
      assertThat(message.getText()).isEqualTo(text);
      assertThat(message.getFrom().getLanguageCode()).isEqualTo("ar");
      assertThat(message.getChat().isUserChat()).isTrue();
      assertThat(message.getEntities())
          .extracting(
              MessageEntity::getType,
              e -> text.substring(e.getOffset(), e.getOffset() + e.getLength()))
          .containsExactly(
              tuple("bot_command", "/video"),
              tuple("url", "https://example.com/clip.webm"),
              tuple("url", "youtu.be/abc"));
      assertThat(message.getEntities().get(0).getOffset()).isEqualTo(3);

      Message question =
          client.execute(
              SendMessage.builder()
                  .chatId(USER)
                  .text("Video or audio?")
                  .replyMarkup(
                      InlineKeyboardMarkup.builder()
                          .keyboardRow(
                              new InlineKeyboardRow(
                                  InlineKeyboardButton.builder()
                                      .text("Video")
                                      .callbackData("t:v")
                                      .build(),
                                  InlineKeyboardButton.builder()
                                      .text("Audio")
                                      .callbackData("t:a")
                                      .build()))
                          .build())
                  .build());
      String queryId = telegram.userPressesButton(USER, USER, question.getMessageId(), "t:a");

      Update press = received.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(press).isNotNull();
      assertThat(press.getUpdateId()).isGreaterThan(first.getUpdateId());
      assertThat(press.getCallbackQuery().getId()).isEqualTo(queryId);
      assertThat(press.getCallbackQuery().getData()).isEqualTo("t:a");
      assertThat(press.getCallbackQuery().getFrom().getId()).isEqualTo(USER);
      assertThat(press.getCallbackQuery().getMessage().getMessageId())
          .isEqualTo(question.getMessageId());
      assertThat(received).isEmpty();

      assertThat(client.execute(AnswerCallbackQuery.builder().callbackQueryId(queryId).build()))
          .isTrue();
      assertThatThrownBy(
              () -> client.execute(AnswerCallbackQuery.builder().callbackQueryId(queryId).build()))
          .isInstanceOfSatisfying(
              TelegramApiRequestException.class, e -> assertThat(e.getErrorCode()).isEqualTo(400));
      // The session's next poll confirms what it received (offset = last id + 1).
      await().atMost(WAIT).until(() -> telegram.pendingUpdateCount() == 0);
      assertThat(telegram.calls("deleteWebhook")).isNotEmpty();
    } finally {
      pollThread.shutdownNow();
    }
  }

  @Test
  @DisplayName(
      "sendMessage and editMessageText change the chat; an edit changing nothing is refused")
  void sendAndEditMessages() throws TelegramApiException {
    InlineKeyboardMarkup cancel =
        InlineKeyboardMarkup.builder()
            .keyboardRow(
                new InlineKeyboardRow(
                    InlineKeyboardButton.builder().text("Cancel").callbackData("cancel:7").build()))
            .build();
    Message status =
        client.execute(
            SendMessage.builder()
                .chatId(USER)
                .text("Queued (position 2)")
                .replyMarkup(cancel)
                .build());
    // editMessageText answers a Message, or true for inline messages: the library types it loosely.
    Message edited =
        (Message)
            client.execute(
                EditMessageText.builder()
                    .chatId(USER)
                    .messageId(status.getMessageId())
                    .text("Downloading <b>42%</b> &amp; more")
                    .parseMode("HTML")
                    .replyMarkup(cancel)
                    .build());

    assertThat(edited.getMessageId()).isEqualTo(status.getMessageId());
    assertThat(edited.getText()).isEqualTo("Downloading 42% & more");
    assertThat(edited.getEditDate()).isNotNull();
    assertThat(telegram.message(USER, status.getMessageId()).orElseThrow().path("text").asText())
        .isEqualTo("Downloading 42% & more");
    assertThatThrownBy(
            () ->
                client.execute(
                    EditMessageText.builder()
                        .chatId(USER)
                        .messageId(status.getMessageId())
                        .text("Downloading 42% & more")
                        .replyMarkup(cancel)
                        .build()))
        .isInstanceOfSatisfying(
            TelegramApiRequestException.class,
            e -> assertThat(e.getApiResponse()).contains("message is not modified"));
    assertThatThrownBy(
            () ->
                client.execute(
                    SendMessage.builder().chatId(USER).text("a <title>").parseMode("HTML").build()))
        .isInstanceOfSatisfying(
            TelegramApiRequestException.class,
            e -> assertThat(e.getApiResponse()).contains("can't parse entities"));

    client.execute(
        EditMessageReplyMarkup.builder().chatId(USER).messageId(status.getMessageId()).build());
    assertThat(telegram.message(USER, status.getMessageId()).orElseThrow().has("reply_markup"))
        .isFalse();
    assertThat(
            client.execute(
                DeleteMessage.builder().chatId(USER).messageId(status.getMessageId()).build()))
        .isTrue();
    assertThat(telegram.message(USER, status.getMessageId())).isEmpty();
    assertThat(
            telegram
                .calls("editMessageText")
                .get(0)
                .jsonParam("reply_markup")
                .path("inline_keyboard"))
        .hasSize(1);
    assertThat(client.execute(SendChatAction.builder().chatId(USER).action("upload_video").build()))
        .isTrue();
    assertThat(
            client.execute(
                SetMyCommands.builder()
                    .command(
                        BotCommand.builder().command("video").description("Get a video").build())
                    .build()))
        .isTrue();
  }

  @Test
  @DisplayName("sendVideo uploads the file and the thumbnail byte for byte, as multipart")
  void sendVideoUploadsFileAndThumbnail() throws Exception {
    Path clip = dir.resolve("clip.mp4");
    byte[] clipBytes = new byte[300_000];
    new Random(7).nextBytes(clipBytes);
    Files.write(clip, clipBytes);
    Path thumb = jpeg(dir.resolve("cover.jpg"), 320, 180);

    Message sent =
        client.execute(
            SendVideo.builder()
                .chatId(USER)
                .video(new InputFile(clip.toFile()))
                .thumbnail(new InputFile(thumb.toFile()))
                .width(640)
                .height(360)
                .duration(3)
                .supportsStreaming(true)
                .caption("A title\nhttps://example.com/v")
                .build());

    assertThat(sent.getVideo().getFileId()).isNotBlank();
    assertThat(sent.getVideo().getWidth()).isEqualTo(640);
    assertThat(sent.getVideo().getHeight()).isEqualTo(360);
    assertThat(sent.getVideo().getDuration()).isEqualTo(3);
    assertThat(sent.getVideo().getThumbnail().getWidth()).isEqualTo(320);
    assertThat(sent.getCaption()).isEqualTo("A title\nhttps://example.com/v");
    FakeBotApiCall call = telegram.awaitCall("sendVideo", WAIT);
    assertThat(call.upload("video").bytes()).isEqualTo(clipBytes);
    assertThat(call.upload("video").fileName()).isEqualTo("clip.mp4");
    assertThat(call.upload("thumbnail").bytes()).isEqualTo(Files.readAllBytes(thumb));
    assertThat(call.params())
        .containsEntry("supports_streaming", "true")
        .containsEntry("duration", "3")
        .containsEntry("chat_id", Long.toString(USER));
    assertThat(call.result().path("video").path("file_id").asText())
        .isEqualTo(sent.getVideo().getFileId());
  }

  @Test
  @DisplayName("sendAudio by file_id sends the same file again without an upload")
  void sendAudioByFileIdUploadsNothing() throws Exception {
    Path song = dir.resolve("song.m4a");
    Files.write(song, "not really AAC, the fake does not look".getBytes(StandardCharsets.UTF_8));
    Message first =
        client.execute(
            SendAudio.builder()
                .chatId(USER)
                .audio(new InputFile(song.toFile()))
                .title("A lecture")
                .performer("A speaker")
                .duration(61)
                .build());
    String fileId = first.getAudio().getFileId();

    Message again =
        client.execute(SendAudio.builder().chatId(2002L).audio(new InputFile(fileId)).build());

    assertThat(again.getAudio().getFileId()).isEqualTo(fileId);
    assertThat(again.getAudio().getTitle()).isEqualTo("A lecture");
    assertThat(again.getAudio().getDuration()).isEqualTo(61);
    List<FakeBotApiCall> sends = telegram.calls("sendAudio");
    assertThat(sends).hasSize(2);
    assertThat(sends.get(0).hasUpload("audio")).isTrue();
    assertThat(sends.get(1).uploads()).isEmpty();
    assertThat(sends.get(1).requiredParam("audio")).isEqualTo(fileId);
    assertThat(telegram.uploads()).hasSize(1);
    assertThatThrownBy(
            () ->
                client.execute(
                    SendVideo.builder().chatId(USER).video(new InputFile(fileId)).build()))
        .isInstanceOfSatisfying(
            TelegramApiRequestException.class,
            e -> assertThat(e.getApiResponse()).contains("type of file mismatch"));
    assertThatThrownBy(
            () ->
                client.execute(
                    SendAudio.builder().chatId(USER).audio(new InputFile("no-such-id")).build()))
        .isInstanceOfSatisfying(
            TelegramApiRequestException.class, e -> assertThat(e.getErrorCode()).isEqualTo(400));
  }

  @Test
  @DisplayName(
      "sendDocument keeps the bytes and the name; its file_id is a document's, not a video's")
  void sendDocumentUploadsTheFileAsItIs() throws Exception {
    Path original = dir.resolve("A lecture.webm");
    byte[] bytes =
        "any bytes at all, a document is not looked into".getBytes(StandardCharsets.UTF_8);
    Files.write(original, bytes);
    Message first =
        client.execute(
            SendDocument.builder()
                .chatId(USER)
                .document(new InputFile(original.toFile()))
                .caption("A lecture")
                .build());

    assertThat(first.getDocument().getFileName()).isEqualTo("A lecture.webm");
    assertThat(first.getDocument().getFileSize()).isEqualTo(bytes.length);
    assertThat(first.getDocument().getFileId()).startsWith("BQAC");
    assertThat(first.getCaption()).isEqualTo("A lecture");
    assertThat(telegram.awaitCall("sendDocument", WAIT).upload("document").bytes())
        .isEqualTo(bytes);
    String fileId = first.getDocument().getFileId();
    Message again =
        client.execute(
            SendDocument.builder().chatId(2002L).document(new InputFile(fileId)).build());
    assertThat(again.getDocument().getFileId()).isEqualTo(fileId);
    assertThat(telegram.uploads()).hasSize(1);
    assertThatThrownBy(
            () ->
                client.execute(
                    SendVideo.builder().chatId(USER).video(new InputFile(fileId)).build()))
        .isInstanceOfSatisfying(
            TelegramApiRequestException.class,
            e -> assertThat(e.getApiResponse()).contains("type of file mismatch"));
  }

  @Test
  @DisplayName("Scripted 429 carries retry_after; 500 and dropped connections reach the client")
  void scriptedFailures() throws TelegramApiException {
    telegram.failNextWithRetryAfter("sendMessage", 1, 3);
    SendMessage hello = SendMessage.builder().chatId(USER).text("hello").build();

    assertThatThrownBy(() -> client.execute(hello))
        .isInstanceOfSatisfying(
            TelegramApiRequestException.class,
            e -> {
              assertThat(e.getErrorCode()).isEqualTo(429);
              assertThat(e.getParameters().getRetryAfter()).isEqualTo(3);
            });
    assertThat(client.execute(hello).getText()).isEqualTo("hello");
    assertThat(telegram.calls("sendMessage"))
        .extracting(FakeBotApiCall::status)
        .containsExactly(429, 200);

    telegram.failNextWithServerError("sendMessage", 1);
    assertThatThrownBy(() -> client.execute(hello))
        .isInstanceOfSatisfying(
            TelegramApiRequestException.class, e -> assertThat(e.getErrorCode()).isEqualTo(500));

    telegram.dropNext("sendMessage", 2);
    assertThatThrownBy(() -> client.execute(hello))
        .isInstanceOf(TelegramApiException.class)
        .isNotInstanceOf(TelegramApiRequestException.class);

    // OkHttp resends once on a reused connection, so lose both answers to reach the client.
    telegram.loseAnswerNext("sendMessage", 2);
    int before = telegram.messagesIn(USER).size();
    assertThatThrownBy(() -> client.execute(hello)).isInstanceOf(TelegramApiException.class);
    assertThat(telegram.messagesIn(USER).size()).isGreaterThan(before);
  }

  @Test
  @DisplayName(
      "A slow answer comes after its delay: the message is sent at once, other methods answer"
          + " meanwhile")
  void slowAnswerArrivesAfterTheDelayWhileOtherMethodsAnswerAtOnce() throws Exception {
    Duration delay = Duration.ofSeconds(2);
    telegram.answerSlowly("SENDMESSAGE", delay);
    Instant asked = Instant.now();

    CompletableFuture<Message> slow =
        client.executeAsync(SendMessage.builder().chatId(USER).text("hello").build());
    FakeBotApiCall send = telegram.awaitCall("sendMessage", WAIT);
    assertThat(telegram.messagesIn(USER))
        .extracting(m -> m.path("text").asText())
        .containsExactly("hello");
    assertThat(client.execute(new GetMe()).getIsBot()).isTrue();
    assertThat(slow).isNotDone();

    assertThat(slow.get(WAIT.toSeconds(), TimeUnit.SECONDS).getText()).isEqualTo("hello");
    assertThat(Duration.between(asked, Instant.now())).isGreaterThanOrEqualTo(delay);
    assertThat(Duration.between(send.receivedAt(), send.answeredAt()))
        .isGreaterThanOrEqualTo(delay);
    FakeBotApiCall getMe = telegram.calls("getMe").get(0);
    assertThat(getMe.receivedAt()).isAfter(send.receivedAt());
    assertThat(getMe.answeredAt()).isBefore(send.answeredAt());

    telegram.answerSlowly("sendMessage", Duration.ZERO);
    client.execute(SendMessage.builder().chatId(USER).text("at once").build());
    FakeBotApiCall fast = telegram.calls("sendMessage").get(1);
    assertThat(Duration.between(fast.receivedAt(), fast.answeredAt())).isLessThan(delay);
  }

  @Test
  @DisplayName("answerSlowlyNext slows only the next requests of the method")
  void answerSlowlyNextSlowsOnlyTheNextRequests() throws TelegramApiException {
    Duration delay = Duration.ofSeconds(1);
    telegram.answerSlowlyNext("getMe", 1, delay);

    client.execute(new GetMe());
    client.execute(new GetMe());

    assertThat(telegram.calls("getMe"))
        .extracting(call -> Duration.between(call.receivedAt(), call.answeredAt()))
        .satisfiesExactly(
            first -> assertThat(first).isGreaterThanOrEqualTo(delay),
            second -> assertThat(second).isLessThan(delay));
  }

  @Test
  @DisplayName(
      "An HTML 502 from a reverse proxy comes as text/html, and the method is not carried out")
  void htmlBadGatewayIsAnsweredAsHtmlAndNotCarriedOut() throws Exception {
    telegram.failNextWithHtml("sendMessage", 1, 502);
    HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> response = post(http, "sendMessage", "chat_id=" + USER + "&text=hello");

    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html");
    assertThat(response.body())
        .isEqualTo(
            "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad"
                + " Gateway</h1></center><hr><center>nginx</center></body></html>");
    assertThat(telegram.messagesIn(USER)).isEmpty();
    FakeBotApiCall call = telegram.calls("sendMessage").get(0);
    assertThat(call.status()).isEqualTo(502);
    assertThat(call.succeeded()).isFalse();
    assertThat(call.response().isTextual()).isTrue();
    assertThat(call.response().asText()).isEqualTo(response.body());

    assertThat(post(http, "sendMessage", "chat_id=" + USER + "&text=hello").statusCode())
        .isEqualTo(200);
    assertThat(telegram.messagesIn(USER)).hasSize(1);
  }

  @Test
  @DisplayName(
      "TelegramBots reads an HTML error page as a request error that has lost the HTTP status")
  void telegramBotsSeesAnHtmlErrorPageAsAnUnreadableAnswer() {
    telegram.failNextWithHtml("sendMessage", 1, 504);

    // What the bot's error mapping gets: no error code, no description, a JSON parse failure.
    assertThatThrownBy(
            () -> client.execute(SendMessage.builder().chatId(USER).text("hello").build()))
        .isInstanceOfSatisfying(
            TelegramApiRequestException.class,
            e -> {
              assertThat(e.getMessage()).isEqualTo("Unable to deserialize response");
              assertThat(e.getErrorCode()).isZero();
              assertThat(e.getApiResponse()).isNull();
              assertThat(e.getCause()).isInstanceOf(JsonProcessingException.class);
            });
    assertThat(telegram.calls("sendMessage"))
        .extracting(FakeBotApiCall::status)
        .containsExactly(504);
    assertThat(telegram.messagesIn(USER)).isEmpty();
  }

  @Test
  @DisplayName(
      "A 300 MB video reaches a self-hosted-sized fake whole, streamed to disk past a small heap")
  void bigUploadIsSavedWholeWithoutHoldingItInMemory() throws Exception {
    long size = 300L * 1024 * 1024;
    // Reading the body into an array takes it at least twice over (the body, then its copy).
    assertThat(Runtime.getRuntime().maxMemory())
        .as("the test heap (test.argLine in pom.xml) must be too small for that")
        .isLessThan(2 * size);
    Path clip = sparseFile(dir.resolve("lecture.mp4"), size);

    try (FakeBotApi selfHosted = FakeBotApi.start(TOKEN, FakeBotApi.Options.selfHosted())) {
      OkHttpTelegramClient bot = new OkHttpTelegramClient(TOKEN, selfHosted.telegramUrl());
      Message sent =
          bot.execute(SendVideo.builder().chatId(USER).video(new InputFile(clip.toFile())).build());

      FakeBotApiUpload upload = selfHosted.awaitCall("sendVideo", WAIT).upload("video");
      assertThat(upload.size()).isEqualTo(size);
      assertThat(Files.mismatch(clip, upload.path())).isEqualTo(-1L);
      assertThat(sent.getVideo().getFileSize()).isEqualTo(size);
      try (Stream<Path> saved = Files.list(selfHosted.uploadDirectory())) {
        assertThat(saved).containsExactly(upload.path());
      }
    }
  }

  @Test
  @DisplayName("A body over the upload limit gets 413 and leaves nothing in the upload directory")
  void bodyOverTheUploadLimitIsRefusedAndItsPartsDeleted() throws Exception {
    Path clip = sparseFile(dir.resolve("clip.mp4"), 3L * 1024 * 1024);

    try (FakeBotApi small =
        FakeBotApi.start(TOKEN, new FakeBotApi.Options("archiver_test_bot", 1024 * 1024))) {
      OkHttpTelegramClient bot = new OkHttpTelegramClient(TOKEN, small.telegramUrl());

      // The client may see the 413, or the connection closed under the rest of its upload.
      assertThatThrownBy(
              () ->
                  bot.execute(
                      SendVideo.builder().chatId(USER).video(new InputFile(clip.toFile())).build()))
          .isInstanceOf(TelegramApiException.class);
      assertThat(small.awaitCall("sendVideo", WAIT).status()).isEqualTo(413);
      assertThat(small.calls("sendVideo")).allSatisfy(c -> assertThat(c.status()).isEqualTo(413));
      assertThat(small.messagesIn(USER)).isEmpty();
      try (Stream<Path> saved = Files.list(small.uploadDirectory())) {
        assertThat(saved).isEmpty();
      }
    }
  }

  @Test
  @DisplayName("A wrong token gets 401 Unauthorized")
  void wrongTokenIsUnauthorized() {
    OkHttpTelegramClient stranger =
        new OkHttpTelegramClient("987654321:AAwrong-token", telegram.telegramUrl());

    assertThatThrownBy(() -> stranger.execute(new GetMe()))
        .isInstanceOfSatisfying(
            TelegramApiRequestException.class,
            e -> {
              assertThat(e.getErrorCode()).isEqualTo(401);
              assertThat(e.getApiResponse()).isEqualTo("Unauthorized");
            });
    assertThat(telegram.calls("getMe")).extracting(FakeBotApiCall::status).containsExactly(401);
    assertThat(telegram.calls().toString()).doesNotContain("AAwrong-token").doesNotContain(TOKEN);
  }

  @Test
  @DisplayName("getUpdates over a plain form body: long poll, offset, groups, mentions and replies")
  void rawLongPollWithGroupMessages() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    Instant start = Instant.now();
    JsonNode empty = getUpdates(http, "timeout=1");
    assertThat(empty.path("result")).isEmpty();
    assertThat(Duration.between(start, Instant.now()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(900));

    long group = -1001234567890L;
    CompletableFuture<JsonNode> waiting =
        CompletableFuture.supplyAsync(() -> getUpdatesUnchecked(http, "timeout=20"));
    await().atMost(WAIT).until(() -> telegram.heldPollCount() == 1);
    int botMessage = botSaysInGroup(group);
    telegram.userSendsInGroup(USER, group, "hey @" + telegram.botUsername() + " look", "en");
    JsonNode held = waiting.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    JsonNode first = held.path("result").get(0);
    assertThat(first.path("message").path("chat").path("type").asText()).isEqualTo("supergroup");
    assertThat(first.path("message").path("entities").get(0).path("type").asText())
        .isEqualTo("mention");
    assertThat(first.path("message").path("entities").get(0).path("offset").asInt()).isEqualTo(4);

    telegram.userRepliesInGroup(USER, group, botMessage, "https://example.com/a.mp3", "en");
    int firstId = first.path("update_id").asInt();
    JsonNode next = getUpdates(http, "offset=" + (firstId + 1) + "&timeout=5");
    assertThat(next.path("result")).hasSize(1);
    JsonNode reply = next.path("result").get(0).path("message");
    assertThat(reply.path("reply_to_message").path("from").path("is_bot").asBoolean()).isTrue();
    assertThat(reply.path("reply_to_message").path("message_id").asInt()).isEqualTo(botMessage);
    assertThat(telegram.pendingUpdateCount()).isEqualTo(1);

    CompletableFuture<JsonNode> older =
        CompletableFuture.supplyAsync(
            () -> getUpdatesUnchecked(http, "offset=" + (firstId + 2) + "&timeout=20"));
    await().atMost(WAIT).until(() -> telegram.heldPollCount() == 1);
    JsonNode newer = getUpdates(http, "offset=" + (firstId + 2) + "&timeout=0");
    assertThat(newer.path("result")).isEmpty();
    assertThat(older.get(WAIT.toSeconds(), TimeUnit.SECONDS).path("error_code").asInt())
        .isEqualTo(409);
  }

  @Test
  @DisplayName(
      "A user's document comes with its caption entities; getFile and the download serve it")
  void aDocumentAUserSendsIsServedByGetFileAndTheFileDownload() throws Exception {
    byte[] bytes =
        "# Netscape HTTP Cookie File\n.example.org\tTRUE\t/\tFALSE\t0\ta\tb\n"
            .getBytes(StandardCharsets.UTF_8);
    String caption = "/cookies yt_main";
    telegram.userSendsDocument(USER, USER, "cookies.txt", bytes, caption, "en");

    HttpClient http = HttpClient.newHttpClient();
    JsonNode update = getUpdates(http, "timeout=5").path("result").get(0);
    Message message = new ObjectMapper().treeToValue(update, Update.class).getMessage();
    assertThat(message.hasText()).isFalse();
    assertThat(message.hasDocument()).isTrue();
    assertThat(message.getDocument().getFileName()).isEqualTo("cookies.txt");
    assertThat(message.getDocument().getMimeType()).isEqualTo("text/plain");
    assertThat(message.getDocument().getFileSize()).isEqualTo(bytes.length);
    assertThat(message.getDocument().getFileUniqueId()).isNotBlank();
    assertThat(message.getCaption()).isEqualTo(caption);
    assertThat(message.getCaptionEntities())
        .extracting(MessageEntity::getType, MessageEntity::getOffset, MessageEntity::getLength)
        .containsExactly(tuple("bot_command", 0, 8));

    File file = client.execute(new GetFile(message.getDocument().getFileId()));
    assertThat(file.getFileSize()).isEqualTo(bytes.length);
    assertThat(file.getFilePath()).isEqualTo("documents/file_0.txt");
    // The same file again, by another spelling of the method and a form body: the same path.
    JsonNode again =
        new ObjectMapper()
            .readTree(post(http, "GETFILE", "file_id=" + message.getDocument().getFileId()).body());
    assertThat(again.path("result").path("file_path").asText()).isEqualTo(file.getFilePath());

    HttpResponse<byte[]> download = download(http, TOKEN, file.getFilePath());
    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(download.body()).isEqualTo(bytes);
    assertThat(download(http, TOKEN, "documents/file_9.txt").statusCode()).isEqualTo(404);
    assertThat(download(http, "123456789:wrong", file.getFilePath()).statusCode()).isEqualTo(401);
    assertThat(telegram.calls(FakeBotApi.FILE_DOWNLOAD))
        .extracting(FakeBotApiCall::status, c -> c.param("file_path").orElse(""))
        .containsExactly(
            tuple(200, file.getFilePath()), tuple(404, "documents/file_9.txt"), tuple(401, ""));
    assertThatThrownBy(() -> client.execute(new GetFile("no-such-file")))
        .isInstanceOfSatisfying(
            TelegramApiRequestException.class, e -> assertThat(e.getErrorCode()).isEqualTo(400));
  }

  private HttpResponse<byte[]> download(HttpClient http, String token, String filePath)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(telegram.baseUrl() + "/file/bot" + token + "/" + filePath))
            .GET()
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
  }

  private int botSaysInGroup(long group) throws TelegramApiException {
    return client
        .execute(SendMessage.builder().chatId(group).text("Send me a link").build())
        .getMessageId();
  }

  private JsonNode getUpdates(HttpClient http, String form)
      throws IOException, InterruptedException {
    return new ObjectMapper().readTree(post(http, "getUpdates", form).body());
  }

  private HttpResponse<String> post(HttpClient http, String method, String form)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(telegram.baseUrl() + "/bot" + TOKEN + "/" + method))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode getUpdatesUnchecked(HttpClient http, String form) {
    try {
      return getUpdates(http, form);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * A file of {@code size} bytes that takes no disk until written: zeros between a marker at each
   * end, so that a cut or shifted copy shows.
   */
  private static Path sparseFile(Path file, long size) throws IOException {
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap("first bytes".getBytes(StandardCharsets.US_ASCII)), 0);
      byte[] last = "last bytes".getBytes(StandardCharsets.US_ASCII);
      channel.write(ByteBuffer.wrap(last), size - last.length);
    }
    return file;
  }

  private static Path jpeg(Path file, int width, int height) throws IOException {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.ORANGE);
    g.fillRect(0, 0, width, height);
    g.dispose();
    ImageIO.write(image, "jpg", file.toFile());
    return file;
  }
}
