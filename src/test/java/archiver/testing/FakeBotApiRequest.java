package archiver.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Bot API request body read the three ways the Bot API accepts parameters
 * (https://core.telegram.org/bots/api#making-requests): the query string, {@code
 * application/x-www-form-urlencoded}, {@code application/json} and {@code multipart/form-data} (the
 * only way to upload files). Parameters become text; JSON objects and arrays become compact JSON
 * text, which is also how multipart and form bodies carry them.
 *
 * <p>Uploaded files are streamed to disk as they arrive (see {@link FakeBotApiMultipart}); only the
 * parameters are kept in memory.
 *
 * @param params the parameters, in the order they came
 * @param files the multipart parts that carried a file name, in order
 */
record FakeBotApiRequest(Map<String, String> params, List<FilePart> files) {

  /**
   * A multipart part with a {@code filename}: an uploaded file, saved under a temporary name that
   * the caller renames.
   */
  record FilePart(String name, String fileName, Path file, long size) {}

  /** The body cannot be read; the fake answers 400 with this message. */
  static final class MalformedException extends Exception {
    MalformedException(String message) {
      super(message);
    }
  }

  /**
   * The body is longer than the limit; the fake answers 413. An {@link IOException} because the
   * stream that counts the bytes throws it, from under whichever reader is reading.
   */
  static final class TooLargeException extends IOException {
    TooLargeException() {
      super("request body over the upload limit");
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern BOUNDARY =
      Pattern.compile("(?i)boundary=(?:\"([^\"]+)\"|([^;\\s]+))");

  /**
   * Reads the whole body.
   *
   * @param limitBytes a longer body throws {@link TooLargeException}, and the files of its parts
   *     saved so far are deleted
   * @param partDirectory where multipart file parts are saved
   */
  static FakeBotApiRequest parse(
      String rawQuery, String contentType, InputStream body, long limitBytes, Path partDirectory)
      throws MalformedException, IOException {
    Map<String, String> params = new LinkedHashMap<>();
    List<FilePart> files = new ArrayList<>();
    if (rawQuery != null && !rawQuery.isEmpty()) {
      readForm(rawQuery, params);
    }
    PushbackInputStream limited = new PushbackInputStream(new Limited(body, limitBytes), 1);
    int first = limited.read();
    if (first < 0) {
      return new FakeBotApiRequest(params, files);
    }
    limited.unread(first);
    String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
    if (type.startsWith("application/json")) {
      readJson(limited.readAllBytes(), params);
    } else if (type.startsWith("application/x-www-form-urlencoded")) {
      readForm(new String(limited.readAllBytes(), StandardCharsets.UTF_8), params);
    } else if (type.startsWith("multipart/form-data")) {
      FakeBotApiMultipart.read(limited, boundary(contentType), partDirectory, params, files);
    } else {
      throw new MalformedException("unsupported Content-Type " + contentType);
    }
    return new FakeBotApiRequest(params, files);
  }

  private static String boundary(String contentType) throws MalformedException {
    Matcher m = BOUNDARY.matcher(contentType);
    if (!m.find()) {
      throw new MalformedException("multipart body without boundary");
    }
    return m.group(1) != null ? m.group(1) : m.group(2);
  }

  private static void readForm(String form, Map<String, String> params) {
    for (String pair : form.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      params.put(
          URLDecoder.decode(name, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
  }

  private static void readJson(byte[] body, Map<String, String> params) throws MalformedException {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      throw new MalformedException("can't parse JSON body");
    }
    if (root == null || !root.isObject()) {
      throw new MalformedException("the JSON body is not an object");
    }
    for (Map.Entry<String, JsonNode> field : root.properties()) {
      JsonNode value = field.getValue();
      if (value.isNull()) {
        continue;
      }
      params.put(field.getKey(), value.isValueNode() ? value.asText() : value.toString());
    }
  }

  /** Counts the bytes read through it and refuses more than the limit. */
  private static final class Limited extends InputStream {
    private final InputStream in;
    private final long limit;
    private long count;

    Limited(InputStream in, long limit) {
      this.in = in;
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        counted(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        counted(n);
      }
      return n;
    }

    private void counted(int n) throws TooLargeException {
      count += n;
      if (count > limit) {
        throw new TooLargeException();
      }
    }
  }
}
