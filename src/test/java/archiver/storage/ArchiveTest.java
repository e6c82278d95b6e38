package archiver.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import archiver.domain.Job;
import archiver.domain.JobStatus;
import archiver.domain.JobType;
import archiver.domain.SourceType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The archive: its layout, the move into it, and the removal of what a crash left. */
class ArchiveTest {

  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
  private static final Instant CREATED = Instant.parse("2026-03-05T23:30:00Z");

  @TempDir Path dir;
  private Path tmpRoot;
  private Path archiveRoot;
  private Path outside;
  private TmpWorkspace workspace;
  private Archive archive;

  @BeforeEach
  void setUp() throws IOException {
    tmpRoot = dir.resolve("tmp");
    archiveRoot = dir.resolve("archive");
    outside = Files.createDirectories(dir.resolve("outside"));
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    workspace = new TmpWorkspace(tmpRoot, clock);
    archive = new Archive(archiveRoot, clock);
  }

  // ---- archive leftovers -----------------------------------------------------------------

  @Test
  void givenCopiesACrashLeftInTheArchive_whenRemoveArchiveLeftovers_thenOnlyOldPartFilesGo()
      throws IOException {
    Path folder = Files.createDirectories(archiveRoot.resolve("GENERIC/2026/11/chat_5"));
    Path old = Files.writeString(folder.resolve(".archiving-123.part"), "half a file");
    Path young = Files.writeString(folder.resolve(".archiving-456.part"), "being copied");
    Path media = Files.writeString(folder.resolve("talk [abc].mp3"), "media");
    Path lookalike =
        Files.writeString(folder.resolve("archiving-789.part"), "not hidden: not ours");
    Path target = Files.writeString(outside.resolve("precious.txt"), "keep");
    Path link = Files.createSymbolicLink(folder.resolve(".archiving-999.part"), target);
    Instant cutoff = NOW.minus(Duration.ofHours(48));
    for (Path p : List.of(old, media, lookalike)) {
      Files.setLastModifiedTime(p, java.nio.file.attribute.FileTime.from(cutoff.minusSeconds(60)));
    }
    Files.setLastModifiedTime(young, java.nio.file.attribute.FileTime.from(cutoff.plusSeconds(60)));

    Archive.Leftovers removed = archive.removeArchiveLeftovers(cutoff);

    assertThat(removed).isEqualTo(new Archive.Leftovers(1, "half a file".length()));
    assertThat(old).doesNotExist();
    assertThat(young).exists();
    assertThat(media).exists();
    assertThat(lookalike).exists();
    assertThat(link).exists();
    assertThat(target).hasContent("keep");
  }

  @Test
  void givenNoArchiveYet_whenRemoveArchiveLeftovers_thenNothing() {
    assertThat(archive.removeArchiveLeftovers(NOW)).isEqualTo(new Archive.Leftovers(0, 0));
  }

  // ---- paths stay inside the root -------------------------------------------------------

  @Test
  @DisplayName("Paths that climb out of or equal their root are refused")
  void requireInsideRefusesEscapes() {
    Path root = archiveRoot.toAbsolutePath().normalize();

    assertThat(RootedPaths.requireInside(root, root.resolve("a/./b/../c")))
        .isEqualTo(root.resolve("a/c"));
    assertThatThrownBy(() -> RootedPaths.requireInside(root, root.resolve("a/../../x")))
        .isInstanceOf(StorageException.class);
    assertThatThrownBy(() -> RootedPaths.requireInside(root, root.resolve("..")))
        .isInstanceOf(StorageException.class);
    assertThatThrownBy(() -> RootedPaths.requireInside(root, root))
        .isInstanceOf(StorageException.class);
    assertThatThrownBy(() -> RootedPaths.requireInside(root, Path.of("/etc/passwd")))
        .isInstanceOf(StorageException.class);
    // A sibling whose name merely starts with the root's name is outside too.
    assertThatThrownBy(() -> RootedPaths.requireInside(root, dir.resolve("archive-2/x")))
        .isInstanceOf(StorageException.class);
  }

  // ---- archive layout --------------------------------------------------------------------

  @Test
  void givenJob_whenArchivePathFor_thenSourceYearMonthChatTitleIdExt() {
    Path path =
        archive.archivePathFor(
            job(1, SourceType.YOUTUBE, -1001234L, "dQw4w9WgXcQ", CREATED, "ignored"),
            new ArchiveMetadata("محاضرة عن الصبر", "dQw4w9WgXcQ", "mp4"));

    assertThat(path)
        .isEqualTo(
            archiveRoot
                .toAbsolutePath()
                .resolve("youtube/2026/03/-1001234/محاضرة عن الصبر [dQw4w9WgXcQ].mp4"));
  }

  @Test
  void givenCreatedLateOnNewYearsEveUtc_whenArchivePathFor_thenUtcMonthUsedWhateverTheZone() {
    // 01:30 on Jan 1st in Riyadh (UTC+3) is still December in UTC.
    Instant created = Instant.parse("2026-12-31T22:30:00Z");
    Path path =
        archive.archivePathFor(
            job(1, SourceType.ARCHIVE, 5L, "item", created, null),
            new ArchiveMetadata("t", "item", "mp3"));

    assertThat(archiveRoot.toAbsolutePath().relativize(path).toString())
        .isEqualTo("archive/2026/12/5/t [item].mp3");
  }

  @Test
  void givenNoChat_whenArchivePathFor_thenNoChatFolder() {
    Path path =
        archive.archivePathFor(
            job(1, SourceType.GENERIC, null, "clip", CREATED, null),
            new ArchiveMetadata("clip", "clip", "mp4"));

    assertThat(path.getParent().getFileName().toString()).isEqualTo("no-chat");
    assertThat(path.getParent().getParent().toString()).endsWith("generic/2026/03");
  }

  @Test
  void givenMissingTitles_whenArchivePathFor_thenFinalTitleThenMediaIdUsed() {
    Job titled = job(1, SourceType.FACEBOOK, 7L, "fb123", CREATED, "Final title");
    Job untitled = job(1, SourceType.FACEBOOK, 7L, "fb123", CREATED, "  ");

    assertThat(archive.archivePathFor(titled, new ArchiveMetadata(null, null, "mp4")))
        .hasFileName("Final title [fb123].mp4");
    assertThat(archive.archivePathFor(untitled, new ArchiveMetadata("", "", "mp4")))
        .hasFileName("fb123 [fb123].mp4");
  }

  @Test
  void givenNoCreationTime_whenArchivePathFor_thenClockUsed() {
    Path path =
        archive.archivePathFor(
            job(1, SourceType.YOUTUBE, 7L, "id", null, null),
            new ArchiveMetadata("t", "id", "mp4"));

    assertThat(path.toString()).contains("youtube/2026/11/7");
  }

  @Test
  void givenArabicDefaultLocale_whenArchivePathFor_thenFoldersUseAsciiDigits() {
    Locale before = Locale.getDefault();
    Locale.setDefault(Locale.forLanguageTag("ar-EG"));
    try {
      Path path =
          archive.archivePathFor(
              job(1, SourceType.YOUTUBE, 7L, "id", CREATED, null),
              new ArchiveMetadata("t", "id", "mp4"));

      assertThat(path.toString()).contains("youtube/2026/03/7");
    } finally {
      Locale.setDefault(before);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "../../../../etc/passwd",
        "..",
        ".",
        "/etc/cron.d/evil",
        "..\\..\\..\\x",
        "a/../../../b",
        "\u202E../../gpj.exe",
        "\u0000../",
        "~/.ssh/authorized_keys",
        "CON",
        ". . / . ."
      })
  void givenHostileTitleIdAndExt_whenArchived_thenFileStaysInItsChatFolder(String hostile)
      throws IOException {
    Path folder = archiveRoot.toAbsolutePath().resolve("youtube/2026/03/7");
    Job job = job(1, SourceType.YOUTUBE, 7L, hostile, CREATED, hostile);

    Path target = archive.archivePathFor(job, new ArchiveMetadata(hostile, hostile, hostile));
    Path archived = archive.archive(produced("hostile", 3), target);

    assertThat(target.normalize().getParent()).isEqualTo(folder);
    assertThat(archived.getParent()).isEqualTo(folder);
    assertThat(archived).exists();
    try (Stream<Path> all = Files.walk(dir)) {
      assertThat(all.filter(Files::isRegularFile))
          .allMatch(p -> p.startsWith(archiveRoot) || p.startsWith(tmpRoot));
    }
  }

  // ---- archive move ----------------------------------------------------------------------

  @Test
  void givenProducedFile_whenArchive_thenMovedIntoNewFoldersAndSourceGone() throws IOException {
    Path source = produced("video", 2048);
    byte[] content = Files.readAllBytes(source);
    Path target = archivePath("Talk [abc].mp4");

    Path archived = archive.archive(source, target);

    assertThat(archived).isEqualTo(target).hasBinaryContent(content);
    assertThat(source).doesNotExist();
    assertNoLeftovers(target.getParent());
  }

  @Test
  void givenSameContentAlreadyArchived_whenArchive_thenExistingReusedAndSourceDeleted()
      throws IOException {
    Path target = archivePath("Talk [abc].mp4");
    Files.createDirectories(target.getParent());
    Files.write(target, bytes("same", 4096));
    FileTime before = Files.getLastModifiedTime(target);
    Path source = produced("same", 4096);

    Path archived = archive.archive(source, target);

    assertThat(archived).isEqualTo(target);
    assertThat(source).doesNotExist();
    assertThat(Files.getLastModifiedTime(target)).isEqualTo(before);
    try (Stream<Path> files = Files.list(target.getParent())) {
      assertThat(files).containsExactly(target);
    }
  }

  @Test
  void givenDifferentContentsAtTheName_whenArchive_thenNumberedNamesAndNothingOverwritten()
      throws IOException {
    Path target = archivePath("Talk [abc].mp4");
    Files.createDirectories(target.getParent());
    byte[] original = bytes("original", 1000);
    Files.write(target, original);

    Path second = archive.archive(produced("second", 1000), target);
    Path third = archive.archive(produced("third", 500), target);
    Path secondAgain = archive.archive(produced("second", 1000), target);

    assertThat(target).hasBinaryContent(original);
    assertThat(second).hasFileName("Talk [abc] (2).mp4").hasBinaryContent(bytes("second", 1000));
    assertThat(third).hasFileName("Talk [abc] (3).mp4").hasBinaryContent(bytes("third", 500));
    assertThat(secondAgain).isEqualTo(second);
    assertNoLeftovers(target.getParent());
  }

  @Test
  void givenSourceAlreadyAtTheTarget_whenArchive_thenKeptWhereItIs() throws IOException {
    Path target = archivePath("done.mp4");
    Files.createDirectories(target.getParent());
    Files.write(target, bytes("x", 10));

    assertThat(archive.archive(target, target)).isEqualTo(target);
    assertThat(target).hasBinaryContent(bytes("x", 10));
  }

  @Test
  void givenLinkWithSameContentAtTheName_whenArchive_thenNotReusedAndLinkTargetUntouched()
      throws IOException {
    Path elsewhere = Files.write(outside.resolve("same.mp4"), bytes("same", 100));
    Path target = archivePath("t.mp4");
    Files.createDirectories(target.getParent());
    Files.createSymbolicLink(target, elsewhere);

    Path archived = archive.archive(produced("same", 100), target);

    assertThat(archived).hasFileName("t (2).mp4");
    assertThat(Files.isSymbolicLink(target)).isTrue();
    assertThat(elsewhere).hasBinaryContent(bytes("same", 100));
  }

  @Test
  void givenTargetOutsideTheArchiveRoot_whenArchive_thenRefusedAndSourceKept() throws IOException {
    Path source = produced("x", 10);

    assertThatThrownBy(() -> archive.archive(source, outside.resolve("x.mp4")))
        .isInstanceOf(StorageException.class);
    assertThatThrownBy(() -> archive.archive(source, archiveRoot.resolve("../outside/y.mp4")))
        .isInstanceOf(StorageException.class);
    assertThat(source).exists();
    assertThat(outside.resolve("x.mp4")).doesNotExist();
  }

  @Test
  void givenSourceIsASymbolicLink_whenArchive_thenRefused() throws IOException {
    Path secret = write(outside.resolve("secret"), 10);
    Path link = Files.createSymbolicLink(workspace.tmpDirFor(job(1)).resolve("out.mp4"), secret);

    assertThatThrownBy(() -> archive.archive(link, archivePath("out.mp4")))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("not a regular file");
    assertThat(archivePath("out.mp4")).doesNotExist();
  }

  @Test
  @DisplayName("Across file systems: copy beside the target, rename over the placeholder")
  void copyAcrossReplacesThePlaceholderAndRemovesTheSource() throws IOException {
    Path source = produced("across", 5000);
    Path target = archivePath("across.mp4");
    Files.createDirectories(target.getParent());
    Files.createFile(target);

    Archive.copyAcross(source, target);

    assertThat(target).hasBinaryContent(bytes("across", 5000));
    assertThat(source).doesNotExist();
    assertNoLeftovers(target.getParent());
  }

  // ---- helpers ---------------------------------------------------------------------------

  private Path archivePath(String name) {
    return archiveRoot.resolve("youtube/2026/03/7").resolve(name);
  }

  private Path produced(String seed, int size) throws IOException {
    Path file = workspace.tmpDirFor(job(1)).resolve(seed + ".out");
    Files.write(file, bytes(seed, size));
    return file;
  }

  /** {@code size} bytes that differ for different seeds even at the same size. */
  private static byte[] bytes(String seed, int size) {
    byte[] pattern = (seed + "|").getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[size];
    for (int i = 0; i < size; i++) {
      out[i] = pattern[i % pattern.length];
    }
    return out;
  }

  private static Path write(Path file, int size) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, new byte[size]);
    return file;
  }

  private static void assertNoLeftovers(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      assertThat(files)
          .noneMatch(p -> p.getFileName().toString().startsWith(".archiving-"))
          .allMatch(p -> !isEmptyFile(p));
    }
  }

  private static boolean isEmptyFile(Path p) {
    try {
      return Files.isRegularFile(p) && Files.size(p) == 0;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Job job(long id) {
    return job(id, SourceType.YOUTUBE, 7L, "abc", CREATED, null);
  }

  private static Job job(
      long id,
      SourceType source,
      Long chatId,
      String mediaId,
      Instant createdAt,
      String finalTitle) {
    return new Job(
        id,
        "https://example.org/" + id,
        "https://example.org/" + id,
        mediaId,
        source,
        JobType.VIDEO,
        "720p",
        JobStatus.RUNNING,
        0,
        source + ":" + mediaId,
        null,
        100L,
        chatId,
        createdAt,
        createdAt,
        null,
        createdAt,
        finalTitle,
        null,
        null,
        false,
        null,
        null,
        null,
        null,
        null,
        null,
        1,
        null);
  }
}
