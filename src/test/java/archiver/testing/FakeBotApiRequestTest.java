package archiver.testing;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FakeBotApiRequestTest {

  private static final String TYPE = "multipart/form-data; boundary=XyZ";
  private static final long NO_LIMIT = Long.MAX_VALUE;
  // Beginnings of the delimiter (CRLF--XyZ) inside the file must stay part of the file.
  private static final String VIDEO = "--XyZ\r\n--Xy\r\n-\r\n--XYZ\r\r\n--X end";

  @TempDir Path dir;

  @ParameterizedTest(name = "{0} byte(s) per read")
  @ValueSource(ints = {1, 2, 5, 70_000})
  void multipartPartsAreFoundWhereverTheReadsCutTheBody(int bytesPerRead) throws Exception {
    String body =
        "preamble\r\n--XyZ\r\n"
            + "Content-Disposition: form-data; name=\"chat_id\"\r\n\r\n"
            + "42\r\n--XyZ\r\n"
            + "Content-Disposition: form-data; name=\"video\"; filename=\"clip.mp4\"\r\n"
            + "Content-Type: video/mp4\r\n\r\n"
            + VIDEO
            + "\r\n--XyZ\r\n"
            + "Content-Disposition: form-data; name=\"caption\"\r\n\r\n"
            + "Grüße\r\n--XyZ--\r\n";

    FakeBotApiRequest request =
        FakeBotApiRequest.parse("offset=3", TYPE, chunked(body, bytesPerRead), NO_LIMIT, dir);

    assertThat(request.params())
        .containsExactly(entry("offset", "3"), entry("chat_id", "42"), entry("caption", "Grüße"));
    assertThat(request.files()).hasSize(1);
    FakeBotApiRequest.FilePart video = request.files().get(0);
    assertThat(video.name()).isEqualTo("video");
    assertThat(video.fileName()).isEqualTo("clip.mp4");
    assertThat(video.size()).isEqualTo(VIDEO.length());
    assertThat(Files.readString(video.file())).isEqualTo(VIDEO);
  }

  @Test
  void aFilePartWithoutItsClosingBoundaryIsMalformedAndLeavesNoFile() throws Exception {
    String body =
        "--XyZ\r\nContent-Disposition: form-data; name=\"video\"; filename=\"a.mp4\"\r\n\r\n"
            + "cut off";

    assertThatThrownBy(() -> FakeBotApiRequest.parse(null, TYPE, stream(body), NO_LIMIT, dir))
        .isInstanceOf(FakeBotApiRequest.MalformedException.class)
        .hasMessage("multipart part without closing boundary");
    assertThat(filesIn(dir)).isZero();
  }

  @Test
  void aBodyOverTheLimitIsRefusedAndLeavesNoFile() throws Exception {
    String body =
        "--XyZ\r\nContent-Disposition: form-data; name=\"video\"; filename=\"a.mp4\"\r\n\r\n"
            + "x".repeat(1000)
            + "\r\n--XyZ--\r\n";

    assertThatThrownBy(() -> FakeBotApiRequest.parse(null, TYPE, stream(body), 500, dir))
        .isInstanceOf(FakeBotApiRequest.TooLargeException.class);
    assertThat(filesIn(dir)).isZero();
  }

  @Test
  void theLimitCountsWhatFollowsTheClosingDelimiter() {
    String body = "--XyZ--\r\n" + "epilogue ".repeat(100);

    assertThatThrownBy(() -> FakeBotApiRequest.parse(null, TYPE, stream(body), 100, dir))
        .isInstanceOf(FakeBotApiRequest.TooLargeException.class);
  }

  @Test
  void aBodyOfExactlyTheLimitIsRead() throws Exception {
    String body = "{\"chat_id\":42}";

    FakeBotApiRequest request =
        FakeBotApiRequest.parse(null, "application/json", stream(body), body.length(), dir);

    assertThat(request.params()).containsExactly(entry("chat_id", "42"));
  }

  @Test
  void anEmptyBodyHasOnlyTheQueryParameters() throws Exception {
    FakeBotApiRequest request = FakeBotApiRequest.parse("limit=5", TYPE, stream(""), 1, dir);

    assertThat(request.params()).containsExactly(entry("limit", "5"));
    assertThat(request.files()).isEmpty();
  }

  private static InputStream stream(String body) {
    return new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
  }

  /** A stream that gives at most {@code bytesPerRead} bytes per read, as a socket may. */
  private static InputStream chunked(String body, int bytesPerRead) {
    InputStream all = stream(body);
    return new InputStream() {
      @Override
      public int read() throws IOException {
        return all.read();
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return all.read(b, off, Math.min(len, bytesPerRead));
      }
    };
  }

  private static long filesIn(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.count();
    }
  }
}
