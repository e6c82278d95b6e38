package archiver.testing;

import archiver.testing.FakeBotApiRequest.FilePart;
import archiver.testing.FakeBotApiRequest.MalformedException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@code multipart/form-data} body (https://www.rfc-editor.org/rfc/rfc7578) part by part
 * from the stream: text parts become parameters, and each file part is written to its own file as
 * its bytes arrive. The body is never held in memory, so a test can upload a few hundred megabytes
 * to a self-hosted-sized fake in a test JVM with a small heap.
 *
 * <p>The whole body is read, also what follows the closing delimiter, so that a size limit on the
 * stream counts every byte. When the body is malformed or the stream fails, the files written so
 * far are deleted.
 */
final class FakeBotApiMultipart {

  private static final Pattern DISPOSITION_NAME =
      Pattern.compile("(?i)(?:^|;)\\s*name=\"([^\"]*)\"");
  private static final Pattern DISPOSITION_FILENAME =
      Pattern.compile("(?i)(?:^|;)\\s*filename=\"([^\"]*)\"");
  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] DASHES = {'-', '-'};
  private static final byte[] HEADERS_END = {'\r', '\n', '\r', '\n'};
  // Part headers are a few lines; more than this means the end of the headers is missing.
  private static final int MAX_HEADER_BYTES = 16 * 1024;

  private final InputStream in;
  private final byte[] delimiter;
  private final byte[] nextDelimiter;
  private final Path partDirectory;
  private final List<Path> written = new ArrayList<>();
  // The bytes read but not yet consumed are buffer[start, end).
  private final byte[] buffer = new byte[64 * 1024];
  private int start;
  private int end;

  private FakeBotApiMultipart(InputStream in, String boundary, Path partDirectory) {
    this.in = in;
    this.delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    this.nextDelimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    this.partDirectory = partDirectory;
  }

  /**
   * Reads the body to its end, adding text parts to {@code params} and file parts, saved in new
   * files in {@code partDirectory}, to {@code files}.
   */
  static void read(
      InputStream in,
      String boundary,
      Path partDirectory,
      Map<String, String> params,
      List<FilePart> files)
      throws MalformedException, IOException {
    FakeBotApiMultipart reader = new FakeBotApiMultipart(in, boundary, partDirectory);
    try {
      reader.readParts(params, files);
    } catch (MalformedException | IOException | RuntimeException e) {
      reader.deleteWritten();
      throw e;
    }
  }

  private void readParts(Map<String, String> params, List<FilePart> files)
      throws MalformedException, IOException {
    if (!copyUntil(delimiter, OutputStream.nullOutputStream(), Long.MAX_VALUE)) {
      throw new MalformedException("multipart body without its boundary");
    }
    while (true) {
      if (skipIf(DASHES)) {
        in.transferTo(OutputStream.nullOutputStream()); // the epilogue, usually a CRLF
        return;
      }
      if (!skipIf(CRLF)) {
        throw new MalformedException("malformed multipart delimiter");
      }
      ByteArrayOutputStream headers = new ByteArrayOutputStream();
      if (!copyUntil(HEADERS_END, headers, MAX_HEADER_BYTES)) {
        throw new MalformedException("multipart part without end of headers");
      }
      String disposition = disposition(headers.toString(StandardCharsets.UTF_8));
      Matcher name = DISPOSITION_NAME.matcher(disposition);
      if (!name.find()) {
        throw new MalformedException("multipart part without a name");
      }
      Matcher fileName = DISPOSITION_FILENAME.matcher(disposition);
      if (fileName.find()) {
        Path file = Files.createTempFile(partDirectory, "part-", ".tmp");
        written.add(file);
        boolean closed;
        try (OutputStream out = Files.newOutputStream(file)) {
          closed = copyUntil(nextDelimiter, out, Long.MAX_VALUE);
        }
        requireClosed(closed);
        files.add(new FilePart(name.group(1), fileName.group(1), file, Files.size(file)));
      } else {
        ByteArrayOutputStream value = new ByteArrayOutputStream();
        requireClosed(copyUntil(nextDelimiter, value, Long.MAX_VALUE));
        params.put(name.group(1), value.toString(StandardCharsets.UTF_8));
      }
    }
  }

  private static String disposition(String headers) throws MalformedException {
    for (String line : headers.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Disposition")) {
        return line.substring(colon + 1).trim();
      }
    }
    throw new MalformedException("multipart part without Content-Disposition");
  }

  private static void requireClosed(boolean closed) throws MalformedException {
    if (!closed) {
      throw new MalformedException("multipart part without closing boundary");
    }
  }

  /**
   * Copies the bytes before the next {@code pattern} to {@code sink} and consumes the pattern.
   *
   * @return false when the body ends, or more than {@code max} bytes come, before the pattern
   */
  private boolean copyUntil(byte[] pattern, OutputStream sink, long max) throws IOException {
    long copied = 0;
    while (true) {
      int found = indexOf(pattern);
      // Without a match, keep the tail that may be the start of the pattern for the next read.
      int upTo = found >= 0 ? found : Math.max(start, end - pattern.length + 1);
      copied += upTo - start;
      if (copied > max) {
        return false;
      }
      sink.write(buffer, start, upTo - start);
      if (found >= 0) {
        start = found + pattern.length;
        return true;
      }
      start = upTo;
      if (!fill()) {
        return false;
      }
    }
  }

  /** Consumes {@code prefix} if the unread bytes start with it. */
  private boolean skipIf(byte[] prefix) throws IOException {
    while (end - start < prefix.length) {
      if (!fill()) {
        return false;
      }
    }
    for (int i = 0; i < prefix.length; i++) {
      if (buffer[start + i] != prefix[i]) {
        return false;
      }
    }
    start += prefix.length;
    return true;
  }

  /** Moves the unread bytes to the front and reads more after them; false at the end. */
  private boolean fill() throws IOException {
    System.arraycopy(buffer, start, buffer, 0, end - start);
    end -= start;
    start = 0;
    int read = in.read(buffer, end, buffer.length - end);
    if (read < 0) {
      return false;
    }
    end += read;
    return true;
  }

  private int indexOf(byte[] pattern) {
    for (int i = start; i + pattern.length <= end; i++) {
      int matched = 0;
      while (matched < pattern.length && buffer[i + matched] == pattern[matched]) {
        matched++;
      }
      if (matched == pattern.length) {
        return i;
      }
    }
    return -1;
  }

  private void deleteWritten() {
    for (Path file : written) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // The fake deletes its whole upload directory when it closes.
      }
    }
  }
}
