package archiver.bot;

import archiver.bot.Messages.Language;
import archiver.core.jobs.JobService;
import archiver.core.jobs.SubmitRequest;
import archiver.core.jobs.SubmitResult;
import archiver.domain.Quality;
import archiver.domain.RefusalReason;
import archiver.domain.UpdateRef;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.DeleteMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;

/**
 * Submits a link for a chat and shows what became of it: a status message for a new job (which the
 * {@link StatusBoard} follows from then on), "already on its way" for one that runs, nothing for
 * one Telegram holds a copy of (the fan-out sends it), or the refusal in one sentence. When the
 * request came from a button, its message is reused instead of adding one.
 */
final class JobRequests {

  private static final Logger log = LoggerFactory.getLogger(JobRequests.class);

  private final BotApi api;
  private final Messages messages;
  private final JobService jobs;
  private final StatusBoard board;
  private final Keyboards keyboards;
  private final Clock clock;

  JobRequests(
      BotApi api,
      Messages messages,
      JobService jobs,
      StatusBoard board,
      Keyboards keyboards,
      Clock clock) {
    this.api = api;
    this.messages = messages;
    this.jobs = jobs;
    this.board = board;
    this.keyboards = keyboards;
    this.clock = clock;
  }

  /**
   * Submits {@code url} at {@code quality} for the user in the chat, recorded with {@code update}
   * so a replayed update makes no second job; {@code reuseMessage} is the button's message.
   */
  void submit(
      String url,
      Quality quality,
      long userId,
      long chatId,
      Language lang,
      Optional<Integer> reuseMessage,
      UpdateRef update)
      throws TelegramApiException, InterruptedException {
    submit(url, quality, userId, chatId, lang, reuseMessage, update, Optional.empty());
  }

  /**
   * As above; every reply starts with {@code label} (the link it is about, when the message had
   * several) on a line of its own.
   */
  void submit(
      String url,
      Quality quality,
      long userId,
      long chatId,
      Language lang,
      Optional<Integer> reuseMessage,
      UpdateRef update,
      Optional<String> label)
      throws TelegramApiException, InterruptedException {
    String above = above(label);
    SubmitResult result =
        jobs.submit(
            new SubmitRequest(url, quality, userId, chatId, Optional.of(update), lang.code()));
    switch (result) {
      case SubmitResult.Created created -> {
        long jobId = created.job().id();
        // A job that starts at once says what it does first, not "Queued (position 1)".
        OptionalInt place = jobs.queuePosition(jobId);
        String text =
            place.isEmpty()
                ? messages.text(lang, "job.fetching_info")
                : jobs.paused()
                    ? messages.text(lang, "job.waiting_update")
                    : messages.text(lang, "job.queued", place.getAsInt());
        int messageId = show(chatId, reuseMessage, above + text, keyboards.cancelJob(lang, jobId));
        board.track(jobId, chatId, messageId, lang, above + text, label);
      }
      case SubmitResult.Linked linked -> {
        String text = above + messages.text(lang, "job.already_running");
        int messageId = show(chatId, reuseMessage, text, null);
        if (linked.attached()) {
          board.track(linked.job().id(), chatId, messageId, lang, text, label);
        }
      }
      case SubmitResult.Cached cached -> {
        // The fan-out sends Telegram's copy; the question about this link has done its work.
        reuseMessage.ifPresent(id -> deleteQuietly(chatId, id));
      }
      case SubmitResult.AlreadyHandled handled -> {
        // Telegram sent the update again after a restart; the job was made the first time.
      }
      case SubmitResult.Rejected rejected -> {
        show(chatId, reuseMessage, above + refusal(rejected, lang), null);
      }
    }
  }

  /**
   * Refuses {@code url} in the first reply when it will be refused whatever the user picks (an
   * unsupported link, a playlist, maintenance); true when it did. Said once, logged once.
   */
  boolean refusedAtOnce(String url, long chatId, Language lang, Optional<String> label)
      throws TelegramApiException, InterruptedException {
    Optional<SubmitResult.Rejected> refused = jobs.refusedAtOnce(url);
    if (refused.isEmpty()) {
      return false;
    }
    log.info(
        "link refused before asking its type: {} {} (chat {})",
        refused.get().urlRefusal().map(Enum::name).orElse(refused.get().reason().name()),
        refused.get().detail(),
        chatId);
    show(chatId, Optional.empty(), above(label) + refusal(refused.get(), lang), null);
    return true;
  }

  /** The label on a line of its own, above a reply's text; nothing without one. */
  private static String above(Optional<String> label) {
    return label.map(l -> l + "\n").orElse("");
  }

  private String refusal(SubmitResult.Rejected r, Language lang) {
    long minutes =
        r.freesAt()
            .map(t -> Math.max(1, Duration.between(clock.instant(), t).toMinutes() + 1))
            .orElse(60L);
    return switch (r.reason()) {
      case MAINTENANCE -> messages.text(lang, "refuse.maintenance");
      case QUEUE_FULL -> messages.text(lang, "refuse.queue_full");
      case TOO_MANY_ACTIVE_JOBS ->
          messages.text(lang, "refuse.too_many_active", jobs.limits().maxActiveJobsPerUser());
      case USER_HOURLY_LIMIT ->
          messages.text(
              lang, "refuse.hourly_limit_user", jobs.limits().maxJobsPerUserPerHour(), minutes);
      case CHAT_HOURLY_LIMIT ->
          messages.text(
              lang, "refuse.hourly_limit_chat", jobs.limits().maxJobsPerChatPerHour(), minutes);
      case URL_REFUSED ->
          messages.text(lang, refusalKey(r.urlRefusal().orElse(RefusalReason.MALFORMED)));
    };
  }

  /** The longest label a link gets: a status text stays far below Telegram's 4096 characters. */
  static final int LABEL_CHARS = 60;

  /**
   * The label of {@code url} among the links of one message: empty when it is the only one, else
   * the link without its scheme and "www.", cut to {@value #LABEL_CHARS} characters.
   */
  static Optional<String> labelAmong(String url, List<String> links) {
    if (links.size() < 2) {
      return Optional.empty();
    }
    String shown = url.replaceFirst("^(?i)https?://", "").replaceFirst("^(?i)www\\.", "");
    if (shown.codePointCount(0, shown.length()) > LABEL_CHARS) {
      shown = shown.substring(0, shown.offsetByCodePoints(0, LABEL_CHARS - 1)) + "\u2026";
    }
    return Optional.of(shown);
  }

  static String refusalKey(RefusalReason reason) {
    return switch (reason) {
      case DOMAIN_NOT_ALLOWED -> "refuse.unsupported_site";
      case UNSUPPORTED_LINK -> "refuse.unsupported_link";
      case PLAYLIST_NOT_SUPPORTED -> "refuse.playlist";
      case PRIVATE_ADDRESS -> "refuse.private_link";
      case TOO_LONG -> "refuse.too_long";
      case UNRESOLVABLE -> "refuse.unresolvable";
      case BAD_SCHEME, USERINFO, MALFORMED -> "refuse.invalid_link";
    };
  }

  private int show(long chatId, Optional<Integer> reuse, String text, InlineKeyboardMarkup keyboard)
      throws TelegramApiException, InterruptedException {
    if (reuse.isPresent()) {
      edit(chatId, reuse.get(), text, keyboard);
      return reuse.get();
    }
    SendMessage.SendMessageBuilder<?, ?> send = SendMessage.builder().chatId(chatId).text(text);
    if (keyboard != null) {
      send.replyMarkup(keyboard);
    }
    return api.call(chatId, send.build()).getMessageId();
  }

  private void edit(long chatId, int messageId, String text, InlineKeyboardMarkup keyboard)
      throws TelegramApiException, InterruptedException {
    EditMessageText.EditMessageTextBuilder<?, ?> e =
        EditMessageText.builder().chatId(chatId).messageId(messageId).text(text);
    if (keyboard != null) {
      e.replyMarkup(keyboard);
    }
    api.call(chatId, e.build());
  }

  private void deleteQuietly(long chatId, int messageId) {
    try {
      api.call(chatId, DeleteMessage.builder().chatId(chatId).messageId(messageId).build());
    } catch (TelegramApiException e) {
      log.debug("cannot delete message: {}", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
