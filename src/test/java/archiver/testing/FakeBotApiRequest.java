package archiver.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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
 * @param params the parameters, in the order they came
 * @param files the multipart parts that carried a file name, in order
 */
record FakeBotApiRequest(Map<String, String> params, List<FilePart> files) {

  /** A multipart part with a {@code filename}: an uploaded file. */
  record FilePart(String name, String fileName, byte[] bytes) {}

  /** The body cannot be read; the fake answers 400 with this message. */
  static final class MalformedException extends Exception {
    MalformedException(String message) {
      super(message);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern BOUNDARY =
      Pattern.compile("(?i)boundary=(?:\"([^\"]+)\"|([^;\\s]+))");
  private static final Pattern DISPOSITION_NAME =
      Pattern.compile("(?i)(?:^|;)\\s*name=\"([^\"]*)\"");
  private static final Pattern DISPOSITION_FILENAME =
      Pattern.compile("(?i)(?:^|;)\\s*filename=\"([^\"]*)\"");
  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] HEADERS_END = {'\r', '\n', '\r', '\n'};

  static FakeBotApiRequest parse(String rawQuery, String contentType, byte[] body)
      throws MalformedException {
    Map<String, String> params = new LinkedHashMap<>();
    List<FilePart> files = new ArrayList<>();
    if (rawQuery != null && !rawQuery.isEmpty()) {
      readForm(rawQuery, params);
    }
    String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
    if (body.length == 0) {
      return new FakeBotApiRequest(params, files);
    }
    if (type.startsWith("application/json")) {
      readJson(body, params);
    } else if (type.startsWith("application/x-www-form-urlencoded")) {
      readForm(new String(body, StandardCharsets.UTF_8), params);
    } else if (type.startsWith("multipart/form-data")) {
      readMultipart(contentType, body, params, files);
    } else {
      throw new MalformedException("unsupported Content-Type " + contentType);
    }
    return new FakeBotApiRequest(params, files);
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

  private static void readMultipart(
      String contentType, byte[] body, Map<String, String> params, List<FilePart> files)
      throws MalformedException {
    Matcher m = BOUNDARY.matcher(contentType);
    if (!m.find()) {
      throw new MalformedException("multipart body without boundary");
    }
    String boundary = m.group(1) != null ? m.group(1) : m.group(2);
    byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    byte[] nextDelimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);

    int at = indexOf(body, delimiter, 0);
    if (at < 0) {
      throw new MalformedException("multipart body without its boundary");
    }
    at += delimiter.length;
    while (true) {
      if (startsWith(body, at, new byte[] {'-', '-'})) {
        return; // the closing delimiter
      }
      if (!startsWith(body, at, CRLF)) {
        throw new MalformedException("malformed multipart delimiter");
      }
      int headersStart = at + CRLF.length;
      int headersEnd = indexOf(body, HEADERS_END, headersStart);
      if (headersEnd < 0) {
        throw new MalformedException("multipart part without end of headers");
      }
      String headers =
          new String(body, headersStart, headersEnd - headersStart, StandardCharsets.UTF_8);
      int contentStart = headersEnd + HEADERS_END.length;
      int contentEnd = indexOf(body, nextDelimiter, contentStart);
      if (contentEnd < 0) {
        throw new MalformedException("multipart part without closing boundary");
      }
      addPart(headers, body, contentStart, contentEnd, params, files);
      at = contentEnd + nextDelimiter.length;
    }
  }

  private static void addPart(
      String headers,
      byte[] body,
      int from,
      int to,
      Map<String, String> params,
      List<FilePart> files)
      throws MalformedException {
    String disposition = null;
    for (String line : headers.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Disposition")) {
        disposition = line.substring(colon + 1).trim();
      }
    }
    if (disposition == null) {
      throw new MalformedException("multipart part without Content-Disposition");
    }
    Matcher name = DISPOSITION_NAME.matcher(disposition);
    if (!name.find()) {
      throw new MalformedException("multipart part without a name");
    }
    Matcher fileName = DISPOSITION_FILENAME.matcher(disposition);
    byte[] content = Arrays.copyOfRange(body, from, to);
    if (fileName.find()) {
      files.add(new FilePart(name.group(1), fileName.group(1), content));
    } else {
      params.put(name.group(1), new String(content, StandardCharsets.UTF_8));
    }
  }

  private static boolean startsWith(byte[] data, int at, byte[] prefix) {
    if (at + prefix.length > data.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (data[at + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] data, byte[] pattern, int from) {
    for (int i = from; i + pattern.length <= data.length; i++) {
      if (startsWith(data, i, pattern)) {
        return i;
      }
    }
    return -1;
  }
}
