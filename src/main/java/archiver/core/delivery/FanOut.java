package archiver.core.delivery;

import archiver.core.loop.WakeLoop;
import archiver.storage.DeliveryRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the chats still waiting for media that Telegram already holds: the other requesters of a
 * job once its first upload gave a file_id, and later requests answered from that copy. It never
 * holds a download slot: the job is COMPLETED and its worker gone. Each job's chats are served one
 * after another, as fast as Telegram answers, so a crash leaves at most one send per job in doubt
 * (marked at the next start); several jobs are served at once. The Bot API client keeps Telegram's
 * limits (about one message a second per chat, 30 a second in all, every {@code retry_after}
 * honoured). The database is the queue: after a restart the chats not served yet are found again.
 */
public final class FanOut implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FanOut.class);

  /** Also checked this often, for chats whose retry fell due. */
  private static final Duration TICK = Duration.ofSeconds(5);

  private final DeliveryRepository deliveries;
  private final ChatDelivery delivery;
  private final Clock clock;
  private final int parallel;
  private final Semaphore slots;

  /** Jobs with a send in flight. */
  private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();

  private final ExecutorService senders =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("fan-out-", 1).factory());
  private final WakeLoop loop;
  private volatile boolean stopped;

  public FanOut(DeliveryRepository deliveries, ChatDelivery delivery, int parallel, Clock clock) {
    this.deliveries = deliveries;
    this.delivery = delivery;
    this.parallel = parallel;
    this.slots = new Semaphore(parallel);
    this.clock = clock;
    this.loop = new WakeLoop("fan-out", this::startDue, this::waitMillis, log);
  }

  public void start() {
    loop.start();
  }

  /** There may be chats to serve now (a job completed, a request was answered from the cache). */
  public void wake() {
    loop.wake();
  }

  /** Until the next chat's retry falls due, at most {@link #TICK}. */
  private long waitMillis() {
    long waitMillis = TICK.toMillis();
    try {
      Optional<Instant> next = deliveries.nextSendDueAfter(clock.instant());
      if (next.isPresent()) {
        waitMillis =
            Math.max(
                10, Math.min(waitMillis, Duration.between(clock.instant(), next.get()).toMillis()));
      }
    } catch (RuntimeException e) {
      log.warn("fan-out cannot read the next due send: {}", e.toString());
    }
    return waitMillis;
  }

  /** Starts sends for due waiting chats while there are free slots; returns how many started. */
  public synchronized int startDue() {
    int free = slots.availablePermits();
    if (free == 0 || stopped) {
      return 0;
    }
    List<DeliveryRepository.WaitingChat> due =
        deliveries.nextWaitingChats(clock.instant(), free, Set.copyOf(inFlight));
    int started = 0;
    for (DeliveryRepository.WaitingChat chat : due) {
      long key = chat.job().id();
      if (!slots.tryAcquire()) {
        break;
      }
      inFlight.add(key);
      started++;
      senders.execute(
          () -> {
            try {
              delivery.resend(chat.job(), chat.requester());
            } catch (RuntimeException e) {
              log.error(
                  "job {}: sending to chat {} failed: {}",
                  chat.job().id(),
                  chat.requester().chatId(),
                  e.toString(),
                  e);
            } finally {
              inFlight.remove(key);
              slots.release();
              wake();
            }
          });
    }
    return started;
  }

  /** Sends in flight right now. */
  int inFlight() {
    return parallel - slots.availablePermits();
  }

  /** Stops starting sends; those in flight get {@code grace} to end. */
  public void stop(Duration grace) {
    stopped = true;
    loop.stop();
    senders.shutdown();
    try {
      senders.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    loop.awaitStopped(1000);
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(5));
  }
}
