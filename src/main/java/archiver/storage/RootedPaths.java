package archiver.storage;

import java.nio.file.Path;

/**
 * The one check that a path made under a root (the tmp root, the archive root) stays strictly
 * inside it, whatever a title or an id contained.
 */
final class RootedPaths {

  private RootedPaths() {}

  /** {@code path} made absolute and normal, or an exception when it is not strictly inside. */
  static Path requireInside(Path root, Path path) {
    Path normal = path.toAbsolutePath().normalize();
    if (!normal.startsWith(root) || normal.equals(root)) {
      throw new StorageException("refusing a path outside " + root + ": " + path);
    }
    return normal;
  }
}
