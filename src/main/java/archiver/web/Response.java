package archiver.web;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One answer of the operator page: status, type, body and any extra headers. */
record Response(int status, String contentType, byte[] body, Map<String, String> headers) {

  static final String HTML = "text/html; charset=utf-8";
  static final String TEXT = "text/plain; charset=utf-8";

  Response {
    headers = Map.copyOf(headers);
  }

  static Response html(int status, String page) {
    return new Response(status, HTML, page.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  static Response text(int status, String text) {
    return new Response(status, TEXT, text.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  static Response redirect(String location, String setCookie) {
    return new Response(
        303, TEXT, new byte[0], Map.of("Location", location, "Set-Cookie", setCookie));
  }
}
