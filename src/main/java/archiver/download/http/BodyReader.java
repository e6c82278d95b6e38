package archiver.download.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads a response body on the calling thread with a deadline. The JDK client's request timeout
 * ends once the headers are in ({@link java.net.http.HttpRequest.Builder#timeout}); after that a
 * server that drips a byte a minute would hold a blocking {@code InputStream.read} for ever. Taking
 * the body as a {@link Flow.Publisher} and polling for each chunk with the time left makes the
 * deadline real, and cancelling the subscription closes the connection.
 *
 * <p>One chunk is requested at a time, so a slow disk holds back the network instead of filling
 * memory.
 */
final class BodyReader implements Flow.Subscriber<List<ByteBuffer>>, AutoCloseable {

  private sealed interface Signal {}

  private record Chunk(List<ByteBuffer> buffers) implements Signal {}

  private record Broken(Throwable error) implements Signal {}

  private record Complete() implements Signal {}

  private final BlockingQueue<Signal> signals = new LinkedBlockingQueue<>();
  private final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Clock clock;
  private boolean ended;

  private BodyReader(Clock clock) {
    this.clock = clock;
  }

  static BodyReader subscribe(Flow.Publisher<List<ByteBuffer>> body, Clock clock) {
    BodyReader reader = new BodyReader(clock);
    body.subscribe(reader);
    return reader;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    if (!subscription.complete(s) || closed.get()) {
      s.cancel();
      return;
    }
    s.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> item) {
    signals.add(new Chunk(item));
  }

  @Override
  public void onError(Throwable throwable) {
    signals.add(new Broken(throwable));
  }

  @Override
  public void onComplete() {
    signals.add(new Complete());
  }

  /**
   * The next buffers of the body, or null at its end.
   *
   * @throws TimeoutException when nothing arrived before {@code deadline}
   * @throws IOException when the connection broke (reset, early EOF, ...)
   */
  List<ByteBuffer> next(Instant deadline)
      throws IOException, InterruptedException, TimeoutException {
    if (ended) {
      return null;
    }
    long waitNanos = Duration.between(clock.instant(), deadline).toNanos();
    if (waitNanos <= 0) {
      throw new TimeoutException("deadline passed");
    }
    Signal signal = signals.poll(waitNanos, TimeUnit.NANOSECONDS);
    if (signal == null) {
      throw new TimeoutException("deadline passed");
    }
    return switch (signal) {
      case Chunk c -> {
        // onNext only follows onSubscribe, so the subscription is there.
        subscription.join().request(1);
        yield c.buffers();
      }
      case Broken b -> {
        ended = true;
        throw b.error() instanceof IOException io ? io : new IOException(b.error());
      }
      case Complete c -> {
        ended = true;
        yield null;
      }
    };
  }

  /** Stops the body; the client closes the connection when the body was not read to its end. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      Flow.Subscription s = subscription.getNow(null);
      if (s != null) {
        s.cancel();
      }
    }
  }
}
