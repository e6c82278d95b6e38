package archiver.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One Bot API request as {@link FakeBotApi} received and answered it.
 *
 * <p>Parameters are normalised to text whatever the body was (JSON, form or multipart): scalars as
 * their text, objects and arrays ({@code reply_markup}, {@code allowed_updates}) as compact JSON,
 * which {@link #jsonParam} reads back. A file sent by {@code file_id} is an ordinary parameter; a
 * file sent as bytes is in {@link #uploads()} under the parameter it was given for.
 *
 * @param method the Bot API method as the fake knows it ({@code sendVideo}), whatever case the
 *     client used; the raw name for unknown methods
 * @param params the request parameters (query string and body)
 * @param uploads uploaded files by parameter name
 * @param receivedAt when the request arrived (its headers, before the body was read)
 * @param answeredAt when the fake sends the answer, or closes the connection without one: right
 *     after carrying out the request, or later for a {@linkplain FakeBotApi#answerSlowly slow
 *     answer}. The call is recorded before that moment comes, so a test waiting for it can see the
 *     request carried out while the bot still waits for the answer.
 * @param status the HTTP status of the answer; {@link #DROPPED} when the fake closed the connection
 *     without answering
 * @param response the JSON answer ({@code {"ok":...}}); a missing node for a dropped connection; a
 *     text node holding the HTML page for an {@linkplain FakeBotApi#failNextWithHtml HTML error}
 */
public record FakeBotApiCall(
    String method,
    Map<String, String> params,
    Map<String, FakeBotApiUpload> uploads,
    Instant receivedAt,
    Instant answeredAt,
    int status,
    JsonNode response) {

  /** The {@link #status()} of a request whose connection the fake dropped on purpose. */
  public static final int DROPPED = 0;

  private static final ObjectMapper JSON = new ObjectMapper();

  public FakeBotApiCall {
    // Unmodifiable copies that keep the order the request had.
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    uploads = Collections.unmodifiableMap(new LinkedHashMap<>(uploads));
  }

  /** Whether the answer was {@code "ok": true}. */
  public boolean succeeded() {
    return status == 200 && response.path("ok").asBoolean(false);
  }

  public Optional<String> param(String name) {
    return Optional.ofNullable(params.get(name));
  }

  /** The parameter, which the test expects to be there. */
  public String requiredParam(String name) {
    String value = params.get(name);
    if (value == null) {
      throw new AssertionError(
          method + " has no parameter " + name + "; it has " + params.keySet());
    }
    return value;
  }

  /** A parameter holding JSON ({@code reply_markup}, {@code commands}); missing node if absent. */
  public JsonNode jsonParam(String name) {
    String value = params.get(name);
    if (value == null) {
      return JSON.missingNode();
    }
    try {
      return JSON.readTree(value);
    } catch (JsonProcessingException e) {
      throw new AssertionError(method + " parameter " + name + " is not JSON: " + value, e);
    }
  }

  /** The {@code result} of a successful answer; missing node otherwise. */
  public JsonNode result() {
    return response.path("result");
  }

  /** The {@code message_id} of the message a successful send or edit returned. */
  public int resultMessageId() {
    JsonNode id = result().path("message_id");
    if (!id.isInt()) {
      throw new AssertionError(method + " returned no message: " + response);
    }
    return id.asInt();
  }

  public long chatId() {
    return Long.parseLong(requiredParam("chat_id"));
  }

  public boolean hasUpload(String field) {
    return uploads.containsKey(field);
  }

  public FakeBotApiUpload upload(String field) {
    FakeBotApiUpload upload = uploads.get(field);
    if (upload == null) {
      throw new AssertionError(method + " uploaded no " + field + "; uploads: " + uploads.keySet());
    }
    return upload;
  }
}
