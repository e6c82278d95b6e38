package archiver.download.http;

import archiver.domain.ErrorType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * Streams a response body into a file under the size cap, reporting progress. A failure to read the
 * body comes back as an {@link HttpFailure}; a failure to write the file as an {@link IOException},
 * so the two are never confused.
 */
final class FileSaver {

  private FileSaver() {}

  /**
   * Writes the whole body to {@code part} and returns its size.
   *
   * @param budget the whole request's time, for the timeout message
   */
  static long save(
      OpenResponse open,
      Path part,
      long maxBytes,
      OptionalLong announced,
      ProgressMeter meter,
      Duration budget)
      throws HttpFailure, InterruptedException, IOException {
    CappedBody body = new CappedBody(open.body(), maxBytes);
    try (FileChannel out =
        FileChannel.open(
            part,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      while (true) {
        HttpFailure.throwIfInterrupted();
        int n;
        try {
          n = body.next();
        } catch (CappedBody.OverCap e) {
          // No Content-Length (chunked or close-delimited): the crossing chunk is not written.
          throw new HttpFailure(Sizes.tooLarge(-1, maxBytes));
        } catch (IOException e) {
          throw open.bodyFailure(e, body.received(), budget);
        }
        if (n < 0) {
          break;
        }
        write(out, ByteBuffer.wrap(body.chunk(), 0, n));
        meter.update(body.received());
      }
    }
    long received = body.received();
    if (announced.isPresent() && received < announced.getAsLong()) {
      throw HttpFailure.network(
          "the connection closed after " + received + " of " + announced.getAsLong() + " bytes");
    }
    if (received == 0) {
      throw HttpFailure.of(ErrorType.HTTP_ERROR, "the server sent an empty file");
    }
    meter.finish(received);
    return received;
  }

  private static void write(FileChannel out, ByteBuffer buffer)
      throws IOException, InterruptedException {
    try {
      while (buffer.hasRemaining()) {
        out.write(buffer);
      }
    } catch (ClosedByInterruptException e) {
      // FileChannel closes itself when its thread is interrupted: that is a cancellation.
      Thread.interrupted();
      throw new InterruptedException("interrupted while writing");
    }
  }
}
