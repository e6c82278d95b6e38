package archiver.storage;

import archiver.domain.Job;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The archive on disk (docs/ARCHITECTURE.md, "Archive"): where a finished job's file goes under the
 * archive root, the move into it (never overwriting, reusing an identical file), and the removal of
 * copies a crash interrupted. Every path it makes is checked to stay inside the archive root,
 * whatever a title contained.
 */
public final class Archive {

  private static final Logger log = LoggerFactory.getLogger(Archive.class);

  static final String NO_CHAT = "no-chat";

  /** Far beyond any real collision; only a broken folder (or an attack) gets this far. */
  static final int MAX_COLLISIONS = 1000;

  /** The hidden copies of files on their way into the archive from another file system. */
  static final String ARCHIVE_PART_PREFIX = ".archiving-";

  static final String ARCHIVE_PART_SUFFIX = ".part";

  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  private final Path archiveRoot;
  private final Clock clock;

  public Archive(Path archiveRoot, Clock clock) {
    this.archiveRoot = archiveRoot.toAbsolutePath().normalize();
    this.clock = clock;
  }

  public Path archiveRoot() {
    return archiveRoot;
  }

  /**
   * {@code <archive_root>/<source>/<yyyy>/<mm>/<chat id or no-chat>/<title> [<media id>].<ext>},
   * year and month of the job's creation in UTC; an item of a playlist's batch goes in {@code
   * .../<chat>/<playlist title>/<NN> - <title>.<ext>}, numbered in playlist order. Computes the
   * path only; {@link #archive} creates the folders.
   */
  public Path archivePathFor(Job job, ArchiveMetadata meta) {
    String name = fileName(job, meta);
    Instant created = job.createdAt() != null ? job.createdAt() : clock.instant();
    ZonedDateTime utc = created.atZone(ZoneOffset.UTC);
    // Locale.ROOT: under an Arabic default locale %d would print Arabic-Indic digits.
    String year = String.format(Locale.ROOT, "%04d", utc.getYear());
    String month = String.format(Locale.ROOT, "%02d", utc.getMonthValue());
    String chat = job.chatId() == null ? NO_CHAT : Long.toString(job.chatId());
    String source = job.sourceType().name().toLowerCase(Locale.ROOT);
    Path folder = archiveRoot.resolve(source).resolve(year).resolve(month).resolve(chat);
    if (meta.series().isPresent()) {
      folder = folder.resolve(FileNames.sanitize(meta.series().get().title()));
    }
    return RootedPaths.requireInside(archiveRoot, resolveName(folder, name));
  }

  /**
   * Where {@code current}, a file of {@code job} in the archive, goes when renamed after {@code
   * meta}: the same folder, the name {@link #archivePathFor} would give. Computes the path only;
   * {@link #rename} moves the file.
   */
  public Path renamedPath(Job job, Path current, ArchiveMetadata meta) {
    Path folder = RootedPaths.requireInside(archiveRoot, current).getParent();
    return RootedPaths.requireInside(archiveRoot, resolveName(folder, fileName(job, meta)));
  }

  /**
   * Renames {@code current} to {@code wanted} (or {@code wanted (2)}, {@code (3)}, ... when the
   * name is taken) within the archive and returns where it is now; {@code current} itself when that
   * is already one of those names. Never overwrites and never merges with an identical file: two
   * jobs must not end up sharing one file that a later rename of either would move away.
   */
  public Path rename(Path current, Path wanted) {
    Path source = RootedPaths.requireInside(archiveRoot, current);
    Path target = RootedPaths.requireInside(archiveRoot, wanted);
    if (!Files.isRegularFile(source, NOFOLLOW)) {
      throw new StorageException("not a regular file, refusing to rename: " + source);
    }
    String fileName = target.getFileName().toString();
    for (int n = 1; n <= MAX_COLLISIONS; n++) {
      Path candidate =
          n == 1
              ? target
              : RootedPaths.requireInside(
                  archiveRoot, resolveName(target.getParent(), FileNames.numbered(fileName, n)));
      if (isSameRegularFile(source, candidate)) {
        return candidate;
      }
      if (reserve(candidate)) {
        moveOnto(source, candidate);
        return candidate;
      }
    }
    throw new StorageException(
        "more than " + MAX_COLLISIONS + " different files already named like " + target);
  }

  /**
   * Moves {@code producedFile} to {@code target} (or {@code target (2)}, {@code (3)}, ... when a
   * different file is there) and returns where it ended up. A file with the same size and SHA-256
   * already at a candidate name is reused and {@code producedFile} deleted. Never overwrites.
   *
   * <p>A name is claimed by creating an empty placeholder with O_EXCL and then renaming the file
   * over it. Two workers archiving the same content to the same name at the same instant may
   * therefore keep two copies ({@code (2)} holding the second), never lose one.
   */
  public Path archive(Path producedFile, Path target) {
    Path source = producedFile.toAbsolutePath().normalize();
    Path wanted = RootedPaths.requireInside(archiveRoot, target);
    if (!Files.isRegularFile(source, NOFOLLOW)) {
      throw new StorageException("not a regular file, refusing to archive: " + source);
    }
    Path folder = wanted.getParent();
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new StorageException("cannot create archive folder " + folder, e);
    }
    String fileName = wanted.getFileName().toString();
    for (int n = 1; n <= MAX_COLLISIONS; n++) {
      Path candidate =
          n == 1
              ? wanted
              : RootedPaths.requireInside(
                  archiveRoot, resolveName(folder, FileNames.numbered(fileName, n)));
      if (isSameRegularFile(source, candidate)) {
        return candidate;
      }
      if (reserve(candidate)) {
        moveOnto(source, candidate);
        return candidate;
      }
      if (sameContent(source, candidate)) {
        delete(source);
        return candidate;
      }
    }
    throw new StorageException(
        "more than " + MAX_COLLISIONS + " different files already named like " + wanted);
  }

  /** What {@link #removeArchiveLeftovers} removed. */
  public record Leftovers(int files, long bytes) {}

  /**
   * Removes copies into the archive that a crash interrupted ({@code .archiving-*.part} files, see
   * {@link #copyAcross}) last modified before {@code olderThan}; a younger one may still be being
   * written. Links are never followed and nothing else in the archive is touched.
   */
  public Leftovers removeArchiveLeftovers(Instant olderThan) {
    if (!Files.isDirectory(archiveRoot, NOFOLLOW)) {
      return new Leftovers(0, 0);
    }
    int[] files = {0};
    long[] bytes = {0};
    try {
      // No FOLLOW_LINKS: a link is visited as a file and never entered.
      Files.walkFileTree(
          archiveRoot,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              String name = file.getFileName().toString();
              if (attrs.isRegularFile()
                  && name.startsWith(ARCHIVE_PART_PREFIX)
                  && name.endsWith(ARCHIVE_PART_SUFFIX)
                  && attrs.lastModifiedTime().toInstant().isBefore(olderThan)) {
                try {
                  Files.delete(file);
                  files[0]++;
                  bytes[0] += attrs.size();
                } catch (IOException e) {
                  log.warn("cannot remove the unfinished archive copy {}: {}", file, e.toString());
                }
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              // An unreadable folder: the rest of the archive is still worth a look.
              log.warn("cannot look into {}: {}", file, e.toString());
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new StorageException(
          "cannot look through the archive " + archiveRoot + " for leftovers", e);
    }
    return new Leftovers(files[0], bytes[0]);
  }

  private static Path resolveName(Path folder, String name) {
    try {
      return folder.resolve(name);
    } catch (InvalidPathException e) {
      // The JVM encodes file names with the locale's charset: under LANG=C (often the case in
      // systemd units and bare containers) an Arabic title cannot be written at all.
      throw new StorageException(
          "file name not representable in this JVM's file-name encoding ("
              + System.getProperty("sun.jnu.encoding")
              + "); run under a UTF-8 locale such as LANG=C.UTF-8",
          e);
    }
  }

  /** A playlist's item is numbered in playlist order; anything else carries its media id. */
  private static String fileName(Job job, ArchiveMetadata meta) {
    String mediaId = firstNonBlank(meta.mediaId(), job.mediaId());
    String title = firstNonBlank(meta.title(), job.finalTitle(), mediaId);
    return meta.series().isPresent()
        ? FileNames.playlistItem(
            meta.series().get().position(), meta.series().get().total(), title, meta.ext())
        : FileNames.withMediaId(title, mediaId, meta.ext());
  }

  private static String firstNonBlank(String... values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return "";
  }

  /** Takes the name with O_EXCL, so two workers can never both think a name is theirs. */
  private static boolean reserve(Path candidate) {
    try {
      Files.createFile(candidate);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      throw new StorageException("cannot create " + candidate, e);
    }
  }

  /**
   * Replaces the empty placeholder {@code candidate} with {@code source}. A rename replaces its
   * target in one step, so readers see either the placeholder or the whole file.
   */
  private static void moveOnto(Path source, Path candidate) {
    try {
      // The data must be on disk before the rename is, or a power cut can leave an empty file
      // under the final name.
      force(source);
      try {
        Files.move(source, candidate, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        // Another file system (tmp on local disk, archive on a NAS): rename(2) fails with EXDEV.
        copyAcross(source, candidate);
      }
      forceFolder(candidate.getParent());
    } catch (IOException | RuntimeException e) {
      if (Files.exists(source, NOFOLLOW)) {
        deleteQuietly(candidate);
      }
      throw new StorageException("cannot move " + source + " to " + candidate, e);
    }
  }

  /**
   * The move between file systems: copy next to the target, sync, rename over the placeholder, then
   * delete the source. A crash leaves at worst a hidden {@code .archiving-*.part} file.
   */
  static void copyAcross(Path source, Path candidate) throws IOException {
    Path part =
        Files.createTempFile(candidate.getParent(), ARCHIVE_PART_PREFIX, ARCHIVE_PART_SUFFIX);
    try {
      Files.copy(
          source, part, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
      force(part);
      Files.move(part, candidate, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      deleteQuietly(part);
      throw e;
    }
    Files.delete(source);
  }

  private static void force(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
  }

  private static void forceFolder(Path folder) {
    try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Windows and some network file systems cannot open or sync a folder. The rename is still
      // atomic there; only its survival across a power cut is less certain.
    }
  }

  private static boolean isSameRegularFile(Path source, Path candidate) {
    try {
      return Files.isRegularFile(candidate, NOFOLLOW) && Files.isSameFile(source, candidate);
    } catch (IOException e) {
      return false;
    }
  }

  /** Same size and same SHA-256; a link or a folder at the name is never "the same". */
  private static boolean sameContent(Path source, Path existing) {
    try {
      if (!Files.isRegularFile(existing, NOFOLLOW)) {
        return false;
      }
      if (Files.size(source) != Files.size(existing)) {
        return false;
      }
      return Arrays.equals(sha256(source), sha256(existing));
    } catch (NoSuchFileException e) {
      return false; // gone meanwhile: the next candidate decides
    } catch (IOException e) {
      throw new StorageException("cannot compare " + source + " with " + existing, e);
    }
  }

  private static byte[] sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file, NOFOLLOW)) {
      int read;
      while ((read = in.read(buffer)) != -1) {
        digest.update(buffer, 0, read);
      }
    }
    return digest.digest();
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new StorageException("cannot delete " + file, e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // Best effort while already failing; the original error is the one worth reporting.
    }
  }
}
