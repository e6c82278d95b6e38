package archiver.core.delivery;

import archiver.core.events.JobEvent;
import archiver.domain.ErrorType;
import archiver.domain.EventType;
import archiver.domain.Stage;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * The events of sending a job's media to one chat (docs/ARCHITECTURE.md, "Delivery"), each written
 * in the transaction that records the send. Every one names the chat; a part is named only when the
 * media goes in parts.
 */
public sealed interface DeliveryEvent extends JobEvent {

  long chatId();

  @Override
  default Stage stage() {
    return Stage.TELEGRAM_SEND;
  }

  /** How the bytes reach the chat: uploaded, or by the file_id of Telegram's copy. */
  enum Via {
    UPLOAD("upload"),
    FILE_ID("file_id");

    private final String code;

    Via(String code) {
      this.code = code;
    }
  }

  /** The chat's row is marked in flight before the send, so a crash leaves it findable. */
  record TelegramSendStarted(long chatId, Piece piece, Via via, long sizeBytes)
      implements DeliveryEvent {
    @Override
    public EventType type() {
      return EventType.TELEGRAM_SEND_STARTED;
    }

    @Override
    public Map<String, ?> data() {
      return withPiece(chatId, piece, "via", via.code, "size_bytes", sizeBytes);
    }
  }

  record TelegramSendFinished(
      long chatId, Piece piece, int messageId, Via via, boolean fileIdStored)
      implements DeliveryEvent {
    @Override
    public EventType type() {
      return EventType.TELEGRAM_SEND_FINISHED;
    }

    @Override
    public Map<String, ?> data() {
      return withPiece(
          chatId, piece, "message_id", messageId, "via", via.code, "file_id_stored", fileIdStored);
    }
  }

  /** Headless (tests, fetch): the file is made, nothing sends it. */
  record NothingSent(long chatId) implements DeliveryEvent {
    @Override
    public EventType type() {
      return EventType.TELEGRAM_SEND_FINISHED;
    }

    @Override
    public Map<String, ?> data() {
      return JobEvent.fields("chat_id", chatId, "sent", false);
    }
  }

  /** A send that failed; its error type and status go into the log line's context too. */
  sealed interface SendFailed extends DeliveryEvent {
    @Override
    default EventType type() {
      return EventType.TELEGRAM_SEND_FAILED;
    }

    Optional<ErrorType> errorType();

    Optional<Integer> httpStatus();
  }

  /** The first upload failed; the job decides whether to try again. */
  record UploadFailed(long chatId, Piece piece, JobObserver.SendResult.Failed failure)
      implements SendFailed {
    @Override
    public Map<String, ?> data() {
      return withFailure(chatId, failure, piece);
    }

    @Override
    public Optional<ErrorType> errorType() {
      return Optional.of(failure.type());
    }

    @Override
    public Optional<Integer> httpStatus() {
      return failure.httpStatus();
    }
  }

  /**
   * A fan-out send failed on its {@code attempt}: tried again for this chat at {@code
   * nextAttemptAt}, or, without one, the chat is given up.
   */
  record ResendFailed(
      long chatId,
      Piece piece,
      JobObserver.SendResult.Failed failure,
      int attempt,
      Optional<Instant> nextAttemptAt)
      implements SendFailed {
    @Override
    public Map<String, ?> data() {
      return withFailure(
          chatId,
          failure,
          piece,
          "attempt",
          attempt,
          "next_attempt_at",
          nextAttemptAt.map(Instant::toString).orElse(null),
          "gave_up",
          nextAttemptAt.isPresent() ? null : true);
    }

    @Override
    public Optional<ErrorType> errorType() {
      return Optional.of(failure.type());
    }

    @Override
    public Optional<Integer> httpStatus() {
      return failure.httpStatus();
    }
  }

  /** The fan-out has no file_id for the part a chat lacks: the chat is given up. */
  record NoCopyOfPart(long chatId, Piece piece) implements SendFailed {
    @Override
    public Map<String, ?> data() {
      return withPiece(
          chatId, piece, "message", "Telegram holds no copy of this part", "gave_up", true);
    }

    @Override
    public Optional<ErrorType> errorType() {
      return Optional.empty();
    }

    @Override
    public Optional<Integer> httpStatus() {
      return Optional.empty();
    }
  }

  /** The chat cannot receive anything (it blocked the bot, was deleted): given up. */
  record ChatGivenUp(long chatId, int status, String reason) implements SendFailed {
    @Override
    public Map<String, ?> data() {
      return JobEvent.fields(
          "chat_id", chatId, "http_status", status, "message", reason, "gave_up", true);
    }

    @Override
    public Optional<ErrorType> errorType() {
      return Optional.empty();
    }

    @Override
    public Optional<Integer> httpStatus() {
      return Optional.of(status);
    }
  }

  /** The chat, the part when there are several, then {@code more}. */
  private static Map<String, Object> withPiece(long chatId, Piece piece, Object... more) {
    return sendFields(chatId, Optional.empty(), piece, more);
  }

  /** The chat, what failed, the part when there are several, then {@code more}. */
  private static Map<String, Object> withFailure(
      long chatId, JobObserver.SendResult.Failed failure, Piece piece, Object... more) {
    return sendFields(chatId, Optional.of(failure), piece, more);
  }

  private static Map<String, Object> sendFields(
      long chatId, Optional<JobObserver.SendResult.Failed> failed, Piece piece, Object[] more) {
    JobObserver.SendResult.Failed f = failed.orElse(null);
    Object[] fields = {
      "chat_id", chatId,
      "error_type", f == null ? null : f.type().name(),
      "message", f == null ? null : f.message(),
      "http_status", f == null ? null : f.httpStatus().orElse(null),
      "retry_after_seconds",
          f == null ? null : f.retryAfter().map(Duration::toSeconds).orElse(null),
      // Said only when true: the request went out and no answer came back.
      "may_have_arrived", f != null && f.mayHaveArrived() ? true : null,
      "part", piece.isOnly() ? null : piece.index(),
      "parts", piece.isOnly() ? null : piece.count()
    };
    Object[] all = Arrays.copyOf(fields, fields.length + more.length);
    System.arraycopy(more, 0, all, fields.length, more.length);
    return JobEvent.fields(all);
  }
}
