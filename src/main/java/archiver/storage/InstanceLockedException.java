package archiver.storage;

import java.nio.file.Path;

/** {@link InstanceLock#acquire}: another process (or this one) already holds the lock. */
public final class InstanceLockedException extends RuntimeException {

  private final Path lockFile;
  private final InstanceLock.Holder holder;

  InstanceLockedException(Path lockFile, InstanceLock.Holder holder) {
    super("lock file " + lockFile + " is held (" + holder.describe() + ")");
    this.lockFile = lockFile;
    this.holder = holder;
  }

  public Path lockFile() {
    return lockFile;
  }

  public InstanceLock.Holder holder() {
    return holder;
  }
}
