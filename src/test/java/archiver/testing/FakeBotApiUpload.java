package archiver.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One file the bot uploaded in a multipart request, saved by {@link FakeBotApi} in its upload
 * directory.
 *
 * @param field the Bot API parameter the file was given for ({@code video}, {@code audio}, {@code
 *     thumbnail}, ...), after resolving {@code attach://<name>} references
 * @param fileName the file name the client sent in the part's {@code Content-Disposition}
 * @param path where the bytes are, valid until the fake is closed
 * @param size the number of bytes
 */
public record FakeBotApiUpload(String field, String fileName, Path path, long size) {

  public byte[] bytes() {
    try {
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
