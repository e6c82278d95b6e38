package archiver.bot;

import archiver.core.admin.AdminService;
import archiver.core.admin.SettingsService;
import archiver.core.delivery.JobObserver;
import archiver.core.jobs.JobService;
import archiver.core.jobs.Links;
import archiver.core.rename.RenameService;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.longpolling.TelegramBotsLongPollingApplication;
import org.telegram.telegrambots.longpolling.util.TelegramOkHttpClientFactory;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.api.methods.updates.GetUpdates;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;

/**
 * The Telegram side, assembled: the Bot API client and the long-polling loop against {@code
 * telegram.api_base_url} (the cloud API or a self-hosted Bot API server), the conversation, and the
 * status messages that follow jobs. Updates are handled on virtual threads so a slow one never
 * holds up polling.
 */
public final class TelegramBot implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TelegramBot.class);

  /** Long poll: Telegram holds getUpdates open this long when there is nothing new. */
  static final int POLL_TIMEOUT_SECONDS = 30;

  private final BotSettings settings;
  private final BotApi api;
  private final Messages messages;
  private final Keyboards keyboards;
  private final ChatLanguages languages;
  private final StatusBoard board;
  private final StatusMessages statuses;
  private final BatchBoard batchBoard;
  private final OkHttpTelegramClient client;
  private final OkHttpTelegramClient uploads;
  private final Clock clock;

  /** Text calls: a healthy Bot API answers in well under a second. */
  static final Duration TEXT_CALL_TIMEOUT = Duration.ofSeconds(30);

  private final ExecutorService handlers =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("update-", 1).factory());
  private final ScheduledExecutorService pollThread =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("telegram-poll").factory());
  private TelegramBotsLongPollingApplication polling;
  private Conversation conversation;
  private volatile String username;

  public TelegramBot(BotSettings settings, SettingsService chatSettings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    TelegramUrl url = telegramUrl(settings.apiBaseUrl());
    this.client = new OkHttpTelegramClient(textCalls(), settings.token(), url);
    this.uploads =
        new OkHttpTelegramClient(uploadCalls(settings.uploadTimeout()), settings.token(), url);
    this.api = new BotApi(client, uploads, clock, BotApi.Sleeper.REAL);
    this.messages = Messages.load();
    this.keyboards = new Keyboards(messages);
    this.languages = new ChatLanguages(chatSettings);
    this.board = new StatusBoard(api, messages, keyboards, languages, clock);
    this.statuses =
        new StatusMessages(
            messages, keyboards, board, new MediaDelivery(api, messages, board), clock);
    this.batchBoard = new BatchBoard(api, messages, keyboards);
  }

  /** Shows how far each playlist batch is: give it to the core before starting. */
  public archiver.core.batch.BatchObserver batchObserver() {
    return batchBoard;
  }

  /** Follows jobs for the chats: give it to the core before starting. */
  public JobObserver observer() {
    return statuses;
  }

  /** Tells every admin (in their chat's language) about something that needs them. */
  public void alertAdmins(archiver.core.upkeep.AdminAlert alert, SettingsService chatSettings) {
    for (long admin : settings.adminUserIds()) {
      Messages.Language lang =
          chatSettings
              .get(admin)
              .language()
              .map(Messages::forLanguage)
              .orElse(Messages.Language.EN);
      String text =
          switch (alert) {
            case archiver.core.upkeep.AdminAlert.YtDlpOld old ->
                messages.text(lang, "admin.alert.ytdlp_old", old.ageDays(), old.version());
            case archiver.core.upkeep.AdminAlert.ExtractorUpdateRequired e ->
                messages.text(lang, "admin.alert.extractor_update", e.jobId());
            case archiver.core.upkeep.AdminAlert.YtDlpUpdateDone done ->
                UpdateTexts.of(messages, lang, done.outcome());
          };
      try {
        api.call(
            admin,
            org.telegram.telegrambots.meta.api.methods.send.SendMessage.builder()
                .chatId(admin)
                .text(text)
                .build());
      } catch (TelegramApiException e) {
        log.warn("could not alert admin {}: {}", admin, e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Asks getMe who the token belongs to, before anything else talks to Telegram.
   *
   * @throws CannotConnect with one plain sentence when the Bot API cannot be reached or refuses the
   *     token
   */
  public void connect() throws CannotConnect {
    switch (TokenCheck.getMe(settings.token(), settings.apiBaseUrl())) {
      case TokenCheck.Accepted me -> {
        username = me.username();
        log.info(
            "connected to the Bot API at {} as @{}",
            TokenCheck.endpoint(settings.apiBaseUrl()),
            username);
      }
      case TokenCheck.Failure failure -> throw new CannotConnect(failure);
    }
  }

  /**
   * A worker process: follows its jobs in the chats (status messages, uploads) but takes no updates
   * — Telegram allows one {@code getUpdates} consumer per bot, the {@code run} process.
   */
  public void workOnly(JobService jobs, archiver.core.batch.BatchService batches) {
    board.useJobs(jobs);
    board.useBatches(batches);
  }

  /** Checks the token ({@link #connect()}), announces the command menus and takes updates. */
  public void start(
      JobService jobs,
      archiver.core.batch.BatchService batches,
      SettingsService chatSettings,
      AdminService admin,
      RenameService renames,
      Links links,
      archiver.core.admin.CookieInstaller cookies)
      throws TelegramApiException, CannotConnect {
    if (username == null) {
      connect();
    }
    board.useJobs(jobs);
    board.useBatches(batches);
    this.conversation =
        new Conversation(
            api,
            messages,
            jobs,
            chatSettings,
            admin,
            renames,
            board,
            languages,
            keyboards,
            links,
            settings,
            batches,
            batchBoard,
            clock,
            new CookieUpload(
                api,
                messages,
                new TelegramFiles(
                    api,
                    TelegramFiles.downloads(),
                    telegramUrl(settings.apiBaseUrl()),
                    settings.token()),
                cookies));
    conversation.setBotUsername(username);
    try {
      conversation.commands().announceMenus();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    polling =
        new TelegramBotsLongPollingApplication(
            ObjectMapper::new,
            new TelegramOkHttpClientFactory.DefaultOkHttpClientCreator(),
            () -> pollThread);
    polling.registerBot(
        settings.token(),
        () -> telegramUrl(settings.apiBaseUrl()),
        lastUpdateId ->
            GetUpdates.builder()
                .offset(lastUpdateId + 1)
                .timeout(POLL_TIMEOUT_SECONDS)
                .allowedUpdates(List.of("message", "callback_query"))
                .build(),
        this::consume);
  }

  private void consume(List<Update> updates) {
    for (Update u : updates) {
      handlers.execute(() -> conversation.handle(u));
    }
  }

  /** Stops taking updates and lets the handlers in flight finish for a few seconds. */
  @Override
  public void close() {
    try {
      if (polling != null) {
        polling.close();
      }
    } catch (Exception e) {
      log.warn("stopping the long poll: {}", e.toString());
    }
    pollThread.shutdownNow();
    batchBoard.close();
    handlers.shutdown();
    try {
      handlers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    board.close();
  }

  /** The client for text calls: short timeouts, answers that are not JSON made into errors. */
  private static OkHttpClient textCalls() {
    return new OkHttpClient.Builder()
        .connectTimeout(Duration.ofSeconds(10))
        .writeTimeout(TEXT_CALL_TIMEOUT)
        .readTimeout(TEXT_CALL_TIMEOUT)
        .callTimeout(TEXT_CALL_TIMEOUT.multipliedBy(2))
        .addInterceptor(new NonJsonAnswers())
        .build();
  }

  /**
   * The client for media: {@code timeouts.upload_seconds} on every phase and the whole call. A
   * self-hosted Bot API server answers only once it has stored the upload, which takes a while for
   * a large file (OkHttp's default of 10 s failed those uploads).
   */
  static OkHttpClient uploadCalls(Duration timeout) {
    return new OkHttpClient.Builder()
        .connectTimeout(timeout)
        .writeTimeout(timeout)
        .readTimeout(timeout)
        .callTimeout(timeout)
        .retryOnConnectionFailure(false)
        .addInterceptor(new NonJsonAnswers())
        .build();
  }

  /** TelegramBots takes scheme, host and port separately; the configuration has one URL. */
  static TelegramUrl telegramUrl(String apiBaseUrl) {
    URI uri = URI.create(apiBaseUrl.strip());
    String scheme =
        uri.getScheme() == null ? "https" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    int port = uri.getPort() > 0 ? uri.getPort() : scheme.equals("http") ? 80 : 443;
    return TelegramUrl.builder().schema(scheme).host(uri.getHost()).port(port).build();
  }
}
