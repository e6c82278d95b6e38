package archiver.download.http;

import java.net.URI;
import java.nio.charset.Charset;
import java.util.Optional;
import java.util.OptionalLong;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.Response;

/** What the headers of a response say about its body: size, type, charset, file name. */
final class ResponseHeaders {

  private ResponseHeaders() {}

  /** The facts of a successful response, without its body. */
  static GuardedHttp.ResponseInfo info(URI uri, Response response) {
    Headers h = response.headers();
    OptionalLong size =
        response.code() == 206 ? rangeTotal(h.get("Content-Range")) : contentLength(h);
    return new GuardedHttp.ResponseInfo(
        uri,
        response.code(),
        size,
        Optional.ofNullable(h.get("Content-Type")),
        Optional.ofNullable(h.get("Content-Disposition")).flatMap(ContentDisposition::fileName));
  }

  /** Content-Length when it is a plain number; a transparently unzipped body has none. */
  static OptionalLong contentLength(Headers headers) {
    return digits(headers.get("Content-Length"));
  }

  /** The whole file's size from "Content-Range: bytes 0-0/7340032"; empty for "bytes 0-0/*". */
  static OptionalLong rangeTotal(String contentRange) {
    if (contentRange == null) {
      return OptionalLong.empty();
    }
    String value = contentRange.strip();
    int slash = value.lastIndexOf('/');
    if (!value.regionMatches(true, 0, "bytes", 0, 5) || slash < 0) {
      return OptionalLong.empty();
    }
    return digits(value.substring(slash + 1));
  }

  /** The charset a Content-Type names, if it names one this JVM knows. */
  static Optional<Charset> charsetOf(String contentType) {
    MediaType type = contentType == null ? null : MediaType.parse(contentType.strip());
    return type == null ? Optional.empty() : Optional.ofNullable(type.charset(null));
  }

  private static OptionalLong digits(String value) {
    if (value == null) {
      return OptionalLong.empty();
    }
    String v = value.strip();
    if (v.isEmpty() || v.length() > 18 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(Long.parseLong(v));
  }
}
