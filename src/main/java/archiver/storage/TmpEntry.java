package archiver.storage;

import java.nio.file.Path;
import java.time.Instant;

/**
 * One entry directly under the tmp root, as the cleanup loop sees it. {@code lastModified} is the
 * newest modification time anywhere inside (a folder's own time does not change while a file in it
 * grows), {@code sizeBytes} the sum of the regular files inside; symbolic links are not followed.
 */
public sealed interface TmpEntry {

  Path path();

  Instant lastModified();

  long sizeBytes();

  /**
   * {@code job-<id>}: the tmp folder of job {@code jobId}, whether or not that job still exists.
   */
  record JobDir(long jobId, Path path, Instant lastModified, long sizeBytes) implements TmpEntry {}

  /**
   * Anything else: a folder with another name, a plain file, a symbolic link. Reported, never
   * deleted by the storage layer, because nothing says it belongs to the bot.
   */
  record Unrecognized(Path path, Instant lastModified, long sizeBytes, String reason)
      implements TmpEntry {}
}
