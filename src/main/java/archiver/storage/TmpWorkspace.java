package archiver.storage;

import archiver.domain.Job;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Where jobs work (docs/ARCHITECTURE.md, "Tmp workspace" and "Cleanup"): each job's folder {@code
 * <tmp_root>/job-<id>/}, its removal, and what the cleanup loop needs to see the entries under the
 * tmp root. Every path it makes is checked to stay inside the tmp root; links are never followed.
 */
public final class TmpWorkspace {

  static final String JOB_DIR_PREFIX = "job-";

  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  private final Path tmpRoot;
  private final Clock clock;

  public TmpWorkspace(Path tmpRoot, Clock clock) {
    this.tmpRoot = tmpRoot.toAbsolutePath().normalize();
    this.clock = clock;
  }

  public Path tmpRoot() {
    return tmpRoot;
  }

  /** {@code <tmp_root>/job-<id>/}, created if missing. */
  public Path tmpDirFor(Job job) {
    Path dir = jobTmpDir(job.id());
    try {
      Files.createDirectories(dir);
    } catch (FileAlreadyExistsException e) {
      throw new StorageException("tmp folder of job " + job.id() + " is taken by a file: " + dir);
    } catch (IOException e) {
      throw new StorageException("cannot create tmp folder " + dir, e);
    }
    // createDirectories accepts a link to a folder elsewhere; downloads must not land there.
    if (!Files.isDirectory(dir, NOFOLLOW)) {
      throw new StorageException(
          "tmp folder of job " + job.id() + " is not a plain folder: " + dir);
    }
    return dir;
  }

  /**
   * Removes {@code <tmp_root>/job-<id>} and everything in it; returns the bytes freed. Symbolic
   * links are removed, never followed, so a link to a folder elsewhere cannot take that folder.
   */
  public long deleteTmpDir(long jobId) {
    Path dir = jobTmpDir(jobId);
    if (!Files.exists(dir, NOFOLLOW)) {
      return 0;
    }
    TreeDeleter deleter = new TreeDeleter();
    try {
      // No FOLLOW_LINKS: a link (even the folder itself) is visited as a file and unlinked.
      Files.walkFileTree(dir, deleter);
    } catch (IOException e) {
      throw new StorageException("cannot delete tmp folder " + dir, e);
    }
    return deleter.freed;
  }

  /** Everything directly under the tmp root, by name; empty when the root does not exist yet. */
  public List<TmpEntry> listTmpDirs() {
    if (!Files.isDirectory(tmpRoot)) {
      return List.of();
    }
    List<Path> children;
    try (Stream<Path> stream = Files.list(tmpRoot)) {
      children = stream.sorted().toList();
    } catch (IOException e) {
      throw new StorageException("cannot list tmp root " + tmpRoot, e);
    }
    List<TmpEntry> entries = new ArrayList<>();
    for (Path child : children) {
      BasicFileAttributes attrs;
      try {
        attrs = Files.readAttributes(child, BasicFileAttributes.class, NOFOLLOW);
      } catch (NoSuchFileException e) {
        continue; // removed since the listing, by a job or by the cleanup itself
      } catch (IOException e) {
        throw new StorageException("cannot read " + child, e);
      }
      entries.add(describe(child, attrs));
    }
    return entries;
  }

  /** The entries of {@link #listTmpDirs} untouched for longer than {@code maxAge}. */
  public List<TmpEntry> listTmpDirsOlderThan(Duration maxAge) {
    Instant cutoff = clock.instant().minus(maxAge);
    List<TmpEntry> old = new ArrayList<>();
    for (TmpEntry entry : listTmpDirs()) {
      if (entry.lastModified().isBefore(cutoff)) {
        old.add(entry);
      }
    }
    return old;
  }

  /** Where a job's tmp folder is (whether or not it exists). */
  public Path tmpPathOf(long jobId) {
    return jobTmpDir(jobId);
  }

  private Path jobTmpDir(long jobId) {
    if (jobId < 0) {
      throw new IllegalArgumentException("job ids are not negative: " + jobId);
    }
    return RootedPaths.requireInside(tmpRoot, tmpRoot.resolve(JOB_DIR_PREFIX + jobId));
  }

  private static TmpEntry describe(Path child, BasicFileAttributes attrs) {
    Instant modified = attrs.lastModifiedTime().toInstant();
    if (attrs.isSymbolicLink()) {
      return new TmpEntry.Unrecognized(child, modified, 0, "symbolic link");
    }
    if (!attrs.isDirectory()) {
      return new TmpEntry.Unrecognized(child, modified, attrs.size(), "not a folder");
    }
    TreeMeasure measure = new TreeMeasure(modified);
    try {
      Files.walkFileTree(child, measure);
    } catch (IOException e) {
      throw new StorageException("cannot measure " + child, e);
    }
    OptionalLong jobId = jobIdOf(child.getFileName().toString());
    if (jobId.isPresent()) {
      return new TmpEntry.JobDir(jobId.getAsLong(), child, measure.newest, measure.bytes);
    }
    return new TmpEntry.Unrecognized(
        child, measure.newest, measure.bytes, "name is not " + JOB_DIR_PREFIX + "<id>");
  }

  /**
   * The id in a name exactly as {@link #jobTmpDir} writes it: {@code job-007} is not job 7's
   * folder, so deleting job 7 would never reach it, and it is reported instead.
   */
  static OptionalLong jobIdOf(String name) {
    if (!name.startsWith(JOB_DIR_PREFIX)) {
      return OptionalLong.empty();
    }
    String digits = name.substring(JOB_DIR_PREFIX.length());
    if (digits.isEmpty() || digits.length() > 18) {
      return OptionalLong.empty();
    }
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        return OptionalLong.empty();
      }
    }
    long id = Long.parseLong(digits);
    return Long.toString(id).equals(digits) ? OptionalLong.of(id) : OptionalLong.empty();
  }

  /** Deletes bottom-up without following links, counting the bytes of the regular files. */
  private static final class TreeDeleter extends SimpleFileVisitor<Path> {
    private long freed;

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
      long size = attrs.isRegularFile() ? attrs.size() : 0;
      if (Files.deleteIfExists(file)) {
        freed += size;
      }
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
      if (e instanceof NoSuchFileException) {
        return FileVisitResult.CONTINUE; // a worker renamed or removed it meanwhile
      }
      throw e;
    }

    @Override
    public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
      if (e != null) {
        throw e;
      }
      Files.deleteIfExists(dir);
      return FileVisitResult.CONTINUE;
    }
  }

  /** Newest modification time and total size of the regular files, links not followed. */
  private static final class TreeMeasure extends SimpleFileVisitor<Path> {
    private Instant newest;
    private long bytes;

    TreeMeasure(Instant start) {
      this.newest = start;
    }

    @Override
    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
      see(attrs);
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
      see(attrs);
      if (attrs.isRegularFile()) {
        bytes += attrs.size();
      }
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFileFailed(Path file, IOException e) {
      // Vanished or unreadable: a running job may be renaming its .part file right now.
      return FileVisitResult.CONTINUE;
    }

    private void see(BasicFileAttributes attrs) {
      Instant modified = attrs.lastModifiedTime().toInstant();
      if (modified.isAfter(newest)) {
        newest = modified;
      }
    }
  }
}
