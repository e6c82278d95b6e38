package archiver.core.loop;

import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * A background loop that runs one pass, then waits until it is woken or its wait is over: the shape
 * of the core's loops that keep their work in the database (the fan-out, the batch runner). A pass
 * that throws is logged and the loop goes on, since a database hiccup must not end it for good. A
 * wake during a pass makes the next pass start at once, and the wait is not even asked.
 */
public final class WakeLoop {

  private final String name;
  private final Runnable pass;
  private final LongSupplier waitMillis;
  private final Logger log;
  private final Object signal = new Object();
  private boolean woken;
  private volatile boolean stopped;
  private Thread thread;

  /**
   * @param waitMillis how long to wait after a pass when nobody woke the loop
   * @param log where a failed pass is logged, as "{@code name} pass failed"
   */
  public WakeLoop(String name, Runnable pass, LongSupplier waitMillis, Logger log) {
    this.name = name;
    this.pass = pass;
    this.waitMillis = waitMillis;
    this.log = log;
  }

  public synchronized void start() {
    if (thread == null && !stopped) {
      thread = Thread.ofPlatform().name(name).daemon(true).start(this::run);
    }
  }

  /** There may be work now: the next pass starts without waiting. */
  public void wake() {
    synchronized (signal) {
      woken = true;
      signal.notifyAll();
    }
  }

  /** Ends the loop after its current pass; {@link #awaitStopped} waits for that. */
  public void stop() {
    stopped = true;
    wake();
  }

  /** Waits up to {@code millis} (more than 0) for the loop's thread to end. */
  public void awaitStopped(long millis) {
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (t != null) {
      try {
        t.join(Math.max(1, millis));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run() {
    while (!stopped) {
      try {
        pass.run();
      } catch (RuntimeException e) {
        log.error("{} pass failed: {}", name, e.toString(), e);
      }
      boolean wokenMeanwhile;
      synchronized (signal) {
        wokenMeanwhile = woken;
      }
      long wait = wokenMeanwhile ? 0 : waitMillis.getAsLong();
      synchronized (signal) {
        if (!woken && !stopped && wait > 0) {
          try {
            signal.wait(wait);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
        woken = false;
      }
    }
  }
}
