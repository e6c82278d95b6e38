package archiver.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import archiver.domain.Job;
import archiver.domain.JobStatus;
import archiver.domain.JobType;
import archiver.domain.SourceType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tmp workspace: the jobs' folders, their removal, and what the cleanup sees. */
class TmpWorkspaceTest {

  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
  private static final Instant CREATED = Instant.parse("2026-03-05T23:30:00Z");

  @TempDir Path dir;
  private Path tmpRoot;
  private Path outside;
  private TmpWorkspace workspace;

  @BeforeEach
  void setUp() throws IOException {
    tmpRoot = dir.resolve("tmp");
    outside = Files.createDirectories(dir.resolve("outside"));
    workspace = new TmpWorkspace(tmpRoot, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  // ---- tmp folders -----------------------------------------------------------------------

  @Test
  void givenJob_whenTmpDirFor_thenJobFolderUnderTmpRootIsCreatedOnce() {
    Path first = workspace.tmpDirFor(job(42));
    Path again = workspace.tmpDirFor(job(42));

    assertThat(first).isEqualTo(tmpRoot.resolve("job-42")).isDirectory().isEqualTo(again);
  }

  @Test
  void givenLinkToAFolderElsewhereAtTheJobsTmpPath_whenTmpDirFor_thenRefused() throws IOException {
    Files.createDirectories(tmpRoot);
    Files.createSymbolicLink(tmpRoot.resolve("job-7"), outside);

    assertThatThrownBy(() -> workspace.tmpDirFor(job(7)))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("not a plain folder");
  }

  @Test
  void givenTmpDirWithNestedFiles_whenDeleteTmpDir_thenGoneWithBytesCountedAndRootKept()
      throws IOException {
    Path jobDir = workspace.tmpDirFor(job(3));
    write(jobDir.resolve("video.mp4.part"), 1000);
    write(jobDir.resolve("frag/1.ts"), 234);

    long freed = workspace.deleteTmpDir(3);

    assertThat(freed).isEqualTo(1234);
    assertThat(jobDir).doesNotExist();
    assertThat(tmpRoot).isDirectory();
  }

  @Test
  void givenNoTmpDir_whenDeleteTmpDir_thenNothingFreed() {
    assertThat(workspace.deleteTmpDir(99)).isZero();
  }

  @Test
  void givenJobTmpPathIsALinkToAFolderOutside_whenDeleteTmpDir_thenOnlyTheLinkGoes()
      throws IOException {
    Path precious = write(outside.resolve("precious.txt"), 10);
    Files.createDirectories(tmpRoot);
    Path link = Files.createSymbolicLink(tmpRoot.resolve("job-8"), outside);

    workspace.deleteTmpDir(8);

    assertThat(link).doesNotExist();
    assertThat(precious).exists();
  }

  @Test
  void givenLinksInsideTheTmpDirPointingOutside_whenDeleteTmpDir_thenTargetsSurvive()
      throws IOException {
    Path precious = write(outside.resolve("deep/precious.txt"), 10);
    Path jobDir = workspace.tmpDirFor(job(9));
    Files.createSymbolicLink(jobDir.resolve("to-folder"), outside);
    Files.createSymbolicLink(jobDir.resolve("to-file"), precious);
    write(jobDir.resolve("own.bin"), 5);

    long freed = workspace.deleteTmpDir(9);

    assertThat(freed).isEqualTo(5);
    assertThat(jobDir).doesNotExist();
    assertThat(precious).exists().hasSize(10);
  }

  @Test
  void givenNegativeJobId_whenDeleteTmpDir_thenRefused() {
    assertThatThrownBy(() -> workspace.deleteTmpDir(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void givenJobsAndOrphans_whenListTmpDirs_thenJobDirsAndUnrecognizedEntriesReported()
      throws IOException {
    Path one = workspace.tmpDirFor(job(1));
    write(one.resolve("a.part"), 100);
    write(one.resolve("sub/b.part"), 50);
    workspace.tmpDirFor(job(22));
    Files.createDirectories(tmpRoot.resolve("job-007"));
    Files.createDirectories(tmpRoot.resolve("job-x"));
    write(tmpRoot.resolve("random/file"), 7);
    write(tmpRoot.resolve("stray.txt"), 3);
    Files.createSymbolicLink(tmpRoot.resolve("job-5"), outside);

    List<TmpEntry> entries = workspace.listTmpDirs();

    assertThat(entries)
        .filteredOn(TmpEntry.JobDir.class::isInstance)
        .map(TmpEntry.JobDir.class::cast)
        .extracting(TmpEntry.JobDir::jobId, TmpEntry::sizeBytes)
        .containsExactly(tuple(1L, 150L), tuple(22L, 0L));
    assertThat(entries)
        .filteredOn(TmpEntry.Unrecognized.class::isInstance)
        .map(TmpEntry.Unrecognized.class::cast)
        .extracting(e -> e.path().getFileName().toString(), TmpEntry.Unrecognized::reason)
        .containsExactlyInAnyOrder(
            tuple("job-007", "name is not job-<id>"),
            tuple("job-x", "name is not job-<id>"),
            tuple("random", "name is not job-<id>"),
            tuple("stray.txt", "not a folder"),
            tuple("job-5", "symbolic link"));
    assertThat(tmpRoot.resolve("job-007")).exists();
    assertThat(outside).exists();
  }

  @Test
  void givenNoTmpRootYet_whenListTmpDirs_thenEmpty() {
    assertThat(workspace.listTmpDirs()).isEmpty();
  }

  @Test
  @DisplayName("Age is the newest file inside: a folder with a file still growing is not old")
  void olderThanLooksAtTheNewestFileInside() throws IOException {
    Path idle = workspace.tmpDirFor(job(1));
    setModified(write(idle.resolve("x.part"), 10), NOW.minus(Duration.ofHours(50)));
    setModified(idle, NOW.minus(Duration.ofHours(50)));
    Path busy = workspace.tmpDirFor(job(2));
    setModified(write(busy.resolve("y.part"), 10), NOW.minus(Duration.ofHours(1)));
    setModified(busy, NOW.minus(Duration.ofHours(60)));

    List<TmpEntry> old = workspace.listTmpDirsOlderThan(Duration.ofHours(48));

    assertThat(old).extracting(TmpEntry::path).containsExactly(idle);
    assertThat(old.getFirst().lastModified()).isEqualTo(NOW.minus(Duration.ofHours(50)));
  }

  @Test
  void jobIdIsReadOnlyFromTheExactNameTheStorageWrites() {
    assertThat(TmpWorkspace.jobIdOf("job-12")).hasValue(12);
    assertThat(TmpWorkspace.jobIdOf("job-0")).hasValue(0);
    assertThat(TmpWorkspace.jobIdOf("job-012")).isEmpty();
    assertThat(TmpWorkspace.jobIdOf("job-")).isEmpty();
    assertThat(TmpWorkspace.jobIdOf("job--1")).isEmpty();
    assertThat(TmpWorkspace.jobIdOf("job-١٢")).isEmpty();
    assertThat(TmpWorkspace.jobIdOf("job-99999999999999999999")).isEmpty();
    assertThat(TmpWorkspace.jobIdOf("JOB-1")).isEmpty();
  }

  // ---- helpers ---------------------------------------------------------------------------

  private static Path write(Path file, int size) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, new byte[size]);
    return file;
  }

  private static void setModified(Path path, Instant when) throws IOException {
    Files.setLastModifiedTime(path, FileTime.from(when));
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
