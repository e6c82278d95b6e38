package archiver.core.admin;

import archiver.config.AppConfig;
import archiver.domain.AuthProfileStatus;
import archiver.storage.AuthProfileRepository;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a cookie file an admin sent in place of an auth profile's (docs/OPERATIONS.md, "Refreshing
 * cookies from Telegram"): checks that it is a Netscape cookie file with cookies for the profile's
 * site, writes it readable by the bot's user only, and makes the profile ACTIVE again.
 *
 * <p>The file's contents go nowhere but the cookie file: not into a log line, an event or the
 * database. What is logged is its size and how many cookie lines it has.
 */
public final class CookieInstaller {

  private static final Logger log = LoggerFactory.getLogger(CookieInstaller.class);

  /**
   * A cookies.txt of a signed-in session is a few kilobytes; anything near a megabyte is not one.
   * (Telegram's cloud Bot API hands out files of up to 20 MB:
   * https://core.telegram.org/bots/api#getfile.)
   */
  public static final long MAX_BYTES = 1024 * 1024;

  private static final Set<PosixFilePermission> OWNER_READ_WRITE =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_ONLY_FOLDER =
      PosixFilePermissions.fromString("rwx------");

  /** What became of a cookie file. */
  public sealed interface Outcome
      permits Installed, UnknownProfile, NoCookieFile, TooLarge, NotCookies, WriteFailed {}

  /** In place, and the profile ACTIVE. */
  public record Installed(String profileId, Path path, int cookieLines) implements Outcome {}

  /** No profile of that id is configured; {@code known} are the ones that are. */
  public record UnknownProfile(String profileId, List<String> known) implements Outcome {}

  /** The profile has {@code cookie_file: null}: it downloads without cookies. */
  public record NoCookieFile(String profileId) implements Outcome {}

  public record TooLarge(long bytes, long limit) implements Outcome {}

  /** Not a Netscape cookie file for the profile's site; the reason quotes none of its text. */
  public record NotCookies(String reason) implements Outcome {}

  public record WriteFailed(Path path, String reason) implements Outcome {}

  private final List<AppConfig.AuthProfile> profiles;
  private final AuthProfileRepository repository;
  private final Clock clock;

  public CookieInstaller(
      List<AppConfig.AuthProfile> profiles, AuthProfileRepository repository, Clock clock) {
    this.profiles = List.copyOf(profiles);
    this.repository = repository;
    this.clock = clock;
  }

  /**
   * Why a file for {@code profileId} would be refused whatever it holds, so the bot need not fetch
   * it from Telegram; empty when the profile takes a cookie file.
   */
  public Optional<Outcome> refusalFor(String profileId) {
    Optional<AppConfig.AuthProfile> profile = find(profileId);
    if (profile.isEmpty()) {
      List<String> known = new ArrayList<>();
      for (AppConfig.AuthProfile p : profiles) {
        known.add(p.id());
      }
      return Optional.of(new UnknownProfile(profileId, known));
    }
    if (profile.get().cookieFile() == null) {
      return Optional.of(new NoCookieFile(profileId));
    }
    return Optional.empty();
  }

  /** Checks {@code bytes} and, when they are cookies for the profile's site, puts them in place. */
  public Outcome install(String profileId, byte[] bytes, long adminId) {
    Optional<Outcome> refused = refusalFor(profileId);
    if (refused.isPresent()) {
      return logged(profileId, adminId, refused.get());
    }
    AppConfig.AuthProfile profile = find(profileId).orElseThrow();
    if (bytes.length > MAX_BYTES) {
      return logged(profileId, adminId, new TooLarge(bytes.length, MAX_BYTES));
    }
    NetscapeCookies.Cookies cookies;
    switch (NetscapeCookies.read(bytes, profile.source())) {
      case NetscapeCookies.Invalid invalid -> {
        return logged(profileId, adminId, new NotCookies(invalid.reason()));
      }
      case NetscapeCookies.Cookies found -> cookies = found;
    }
    Path target = profile.cookieFile();
    try {
      writeOwnerOnly(target, bytes);
    } catch (IOException | UnsupportedOperationException e) {
      // The exception names paths and the operation, never the bytes being written.
      return logged(profileId, adminId, new WriteFailed(target, e.toString()));
    }
    repository.ensure(profile.id(), profile.source(), target.toString(), clock.instant());
    repository.setStatus(profile.id(), AuthProfileStatus.ACTIVE, clock.instant());
    log.warn(
        "cookie file of auth profile {} replaced by admin {}: {} bytes, {} cookie lines ({} for its"
            + " site), written to {}; profile reset to ACTIVE",
        profileId,
        adminId,
        bytes.length,
        cookies.cookieLines(),
        cookies.forSite(),
        target);
    return new Installed(profileId, target, cookies.cookieLines());
  }

  /**
   * A temporary file beside the target, created with mode 0600 (never readable by others, not even
   * for a moment), then moved over the target in one step: yt-dlp starting meanwhile reads the old
   * file or the new one, never half of one.
   */
  private static void writeOwnerOnly(Path target, byte[] bytes) throws IOException {
    Path folder = target.toAbsolutePath().getParent();
    if (!Files.isDirectory(folder)) {
      Files.createDirectories(folder, attribute(OWNER_ONLY_FOLDER));
    }
    Path temp =
        Files.createTempFile(
            folder, "." + target.getFileName() + "-", ".tmp", attribute(OWNER_READ_WRITE));
    try {
      try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
        out.force(true);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static FileAttribute<Set<PosixFilePermission>> attribute(
      Set<PosixFilePermission> permissions) {
    return PosixFilePermissions.asFileAttribute(permissions);
  }

  private Optional<AppConfig.AuthProfile> find(String profileId) {
    for (AppConfig.AuthProfile p : profiles) {
      if (p.id().equals(profileId)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  private static Outcome logged(String profileId, long adminId, Outcome refused) {
    log.warn(
        "cookie file for auth profile {} from admin {} refused: {}", profileId, adminId, refused);
    return refused;
  }
}
