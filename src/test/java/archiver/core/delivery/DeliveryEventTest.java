package archiver.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.domain.ErrorType;
import archiver.domain.EventType;
import archiver.domain.Stage;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The data each delivery event writes to the timeline and the log: the names, their order, and what
 * is left out (the part of media sent as one file, a status or a delay not known).
 */
class DeliveryEventTest {

  private static final Piece SECOND_OF_THREE = new Piece(2, 3);
  private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

  private static JobObserver.SendResult.Failed badGateway(boolean mayHaveArrived) {
    return new JobObserver.SendResult.Failed(
        ErrorType.TELEGRAM_ERROR,
        "the Bot API answered 502",
        Optional.of(502),
        Optional.empty(),
        mayHaveArrived);
  }

  private static final JobObserver.SendResult.Failed FLOOD =
      new JobObserver.SendResult.Failed(
          ErrorType.RATE_LIMIT,
          "Too Many Requests",
          Optional.of(429),
          Optional.of(Duration.ofSeconds(7)),
          false);

  private static final JobObserver.SendResult.Failed TIMEOUT =
      new JobObserver.SendResult.Failed(
          ErrorType.NETWORK_ERROR, "timeout", Optional.empty(), Optional.empty(), true);

  static Stream<Arguments> events() {
    return Stream.of(
        Arguments.of(
            new DeliveryEvent.TelegramSendStarted(7, Piece.ONLY, DeliveryEvent.Via.UPLOAD, 10),
            EventType.TELEGRAM_SEND_STARTED,
            "{\"chat_id\":7,\"via\":\"upload\",\"size_bytes\":10}"),
        Arguments.of(
            new DeliveryEvent.TelegramSendStarted(
                7, SECOND_OF_THREE, DeliveryEvent.Via.FILE_ID, 10),
            EventType.TELEGRAM_SEND_STARTED,
            "{\"chat_id\":7,\"part\":2,\"parts\":3,\"via\":\"file_id\",\"size_bytes\":10}"),
        Arguments.of(
            new DeliveryEvent.TelegramSendFinished(
                7, Piece.ONLY, 11, DeliveryEvent.Via.UPLOAD, true),
            EventType.TELEGRAM_SEND_FINISHED,
            "{\"chat_id\":7,\"message_id\":11,\"via\":\"upload\",\"file_id_stored\":true}"),
        Arguments.of(
            new DeliveryEvent.TelegramSendFinished(
                7, SECOND_OF_THREE, 11, DeliveryEvent.Via.FILE_ID, false),
            EventType.TELEGRAM_SEND_FINISHED,
            "{\"chat_id\":7,\"part\":2,\"parts\":3,\"message_id\":11,\"via\":\"file_id\",\"file_id_stored\":false}"),
        Arguments.of(
            new DeliveryEvent.NothingSent(7),
            EventType.TELEGRAM_SEND_FINISHED,
            "{\"chat_id\":7,\"sent\":false}"),
        Arguments.of(
            new DeliveryEvent.UploadFailed(7, Piece.ONLY, badGateway(false)),
            EventType.TELEGRAM_SEND_FAILED,
            "{\"chat_id\":7,\"error_type\":\"TELEGRAM_ERROR\",\"message\":\"the Bot API answered 502\","
                + "\"http_status\":502}"),
        Arguments.of(
            new DeliveryEvent.UploadFailed(7, SECOND_OF_THREE, TIMEOUT),
            EventType.TELEGRAM_SEND_FAILED,
            "{\"chat_id\":7,\"error_type\":\"NETWORK_ERROR\",\"message\":\"timeout\",\"may_have_arrived\":true,"
                + "\"part\":2,\"parts\":3}"),
        Arguments.of(
            new DeliveryEvent.ResendFailed(7, Piece.ONLY, FLOOD, 1, Optional.of(AT)),
            EventType.TELEGRAM_SEND_FAILED,
            "{\"chat_id\":7,\"error_type\":\"RATE_LIMIT\",\"message\":\"Too Many Requests\",\"http_status\":429,"
                + "\"retry_after_seconds\":7,\"attempt\":1,\"next_attempt_at\":\"2026-12-01T10:00:00Z\"}"),
        Arguments.of(
            new DeliveryEvent.ResendFailed(
                7, SECOND_OF_THREE, badGateway(true), 3, Optional.empty()),
            EventType.TELEGRAM_SEND_FAILED,
            "{\"chat_id\":7,\"error_type\":\"TELEGRAM_ERROR\",\"message\":\"the Bot API answered 502\","
                + "\"http_status\":502,\"may_have_arrived\":true,\"part\":2,\"parts\":3,\"attempt\":3,\"gave_up\":true}"),
        Arguments.of(
            new DeliveryEvent.NoCopyOfPart(7, SECOND_OF_THREE),
            EventType.TELEGRAM_SEND_FAILED,
            "{\"chat_id\":7,\"part\":2,\"parts\":3,\"message\":\"Telegram holds no copy of this part\",\"gave_up\":true}"),
        Arguments.of(
            new DeliveryEvent.ChatGivenUp(7, 403, "Forbidden: bot was blocked by the user"),
            EventType.TELEGRAM_SEND_FAILED,
            "{\"chat_id\":7,\"http_status\":403,\"message\":\"Forbidden: bot was blocked by the user\",\"gave_up\":true}"));
  }

  @ParameterizedTest
  @MethodSource("events")
  void eachDeliveryEventWritesItsFieldsInOrderAndLeavesOutWhatIsNotKnown(
      DeliveryEvent event, EventType type, String json) throws Exception {
    assertThat(event.type()).isEqualTo(type);
    assertThat(event.stage()).isEqualTo(Stage.TELEGRAM_SEND);
    assertThat(new ObjectMapper().writeValueAsString(event.data())).isEqualTo(json);
  }
}
