package archiver.bot;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Turns an answer that is not the Bot API's JSON — a proxy's HTML "502 Bad Gateway", an empty body
 * — into the Bot API's own error form ({@code {"ok":false,"error_code":502,...}}), so the client
 * sees the HTTP status as a typed error code instead of a JSON parse failure. A reverse proxy in
 * front of a self-hosted Bot API server answers this way while the server restarts.
 */
final class NonJsonAnswers implements Interceptor {

  private static final MediaType JSON = MediaType.get("application/json");
  private static final ObjectMapper JSON_WRITER = new ObjectMapper();

  /** Enough of the body to see whether it is JSON. */
  private static final long PEEK = 512;

  @Override
  public Response intercept(Chain chain) throws IOException {
    Response response = chain.proceed(chain.request());
    ResponseBody body = response.body();
    String head = body == null ? "" : response.peekBody(PEEK).string().stripLeading();
    if (head.startsWith("{")) {
      return response;
    }
    int code = response.code() >= 400 ? response.code() : 502;
    String kind =
        head.isEmpty()
            ? "an empty body"
            : head.toLowerCase(java.util.Locale.ROOT).contains("<html")
                ? "an HTML page"
                : "a body that is not JSON";
    String description =
        (response.message().isBlank() ? "HTTP " + response.code() : response.message())
            + ": the Bot API server answered "
            + response.code()
            + " with "
            + kind;
    ObjectNode error = JSON_WRITER.createObjectNode();
    error.put("ok", false);
    error.put("error_code", code);
    error.put("description", description);
    response.close();
    return response
        .newBuilder()
        .code(code)
        .body(ResponseBody.create(error.toString(), JSON))
        .build();
  }
}
