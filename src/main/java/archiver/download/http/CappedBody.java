package archiver.download.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import okio.BufferedSource;

/**
 * The size cap on a response body: read chunk by chunk, counting, and never handing out more than
 * {@code maxBytes}. A Content-Length over the cap is refused before this is used; the cap is what
 * stops a body without one (chunked, or running until the connection closes) that keeps coming.
 */
final class CappedBody {

  /** The body grew past the cap; the chunk that crossed it was not handed out. */
  static final class OverCap extends Exception {
    OverCap() {
      super("over the size cap", null, false, false);
    }
  }

  /** The first bytes of a body; {@code truncated} when there was more. */
  record Prefix(byte[] bytes, boolean truncated) {}

  static final int CHUNK = 64 * 1024;

  private final BufferedSource source;
  private final long maxBytes;
  private final byte[] chunk = new byte[CHUNK];
  private long received;

  CappedBody(BufferedSource source, long maxBytes) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes must not be negative");
    }
    this.source = source;
    this.maxBytes = maxBytes;
  }

  /**
   * The next bytes of the body in {@link #chunk()}: how many, or -1 at its end.
   *
   * @throws OverCap when they would take the body past {@code maxBytes}
   */
  int next() throws IOException, OverCap {
    int n = source.read(chunk, 0, chunk.length);
    if (n < 0) {
      return -1;
    }
    if (received + n > maxBytes) {
      received = maxBytes + 1; // "more than the cap", whatever the crossing chunk held
      throw new OverCap();
    }
    received += n;
    return n;
  }

  /** The buffer {@link #next} filled; valid until the next call. */
  byte[] chunk() {
    return chunk;
  }

  /** Bytes handed out so far. */
  long received() {
    return received;
  }

  /**
   * Reads up to {@code maxBytes} into memory. More than that is not an error here: the prefix is
   * cut and marked truncated (a long page is still worth reading).
   */
  Prefix prefix() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (true) {
      int n = source.read(chunk, 0, chunk.length);
      if (n < 0) {
        return new Prefix(out.toByteArray(), false);
      }
      int room = (int) Math.min(n, maxBytes - received);
      out.write(chunk, 0, room);
      received += room;
      if (room < n) {
        return new Prefix(out.toByteArray(), true);
      }
    }
  }
}
