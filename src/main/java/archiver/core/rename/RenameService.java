package archiver.core.rename;

import archiver.core.admin.SettingsService;
import archiver.core.events.EventRecorder;
import archiver.core.jobs.JobService;
import archiver.core.pipeline.MediaRecord;
import archiver.core.rename.RenameResult.Reason;
import archiver.core.rename.RenameResult.Refused;
import archiver.domain.Job;
import archiver.domain.JobStatus;
import archiver.storage.Archive;
import archiver.storage.ArchiveMetadata;
import archiver.storage.FileNames;
import archiver.storage.JobRepository;
import archiver.storage.RenameRepository;
import archiver.storage.StorageException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renames a finished job's archived files and its title (docs/ARCHITECTURE.md, "Renaming"). The
 * files are moved first, each within its folder under a name from {@link FileNames}; then the job's
 * title, file path and media record are written in one transaction with {@code JOB_RENAMED}. When a
 * move or that write fails, the files already moved are moved back, so the row and the disk never
 * disagree. Later deliveries of the job read the new title from the row.
 */
public final class RenameService {

  private static final Logger log = LoggerFactory.getLogger(RenameService.class);

  /** A title, not a description: captions and file names stay readable. */
  public static final int MAX_TITLE_CHARS = 200;

  private final RenameRepository renames;
  private final JobRepository jobs;
  private final JobService owners;
  private final SettingsService settings;
  private final Archive archive;
  private final EventRecorder events;
  private final Clock clock;

  public RenameService(
      RenameRepository renames,
      JobRepository jobs,
      JobService owners,
      SettingsService settings,
      Archive archive,
      EventRecorder events,
      Clock clock) {
    this.renames = renames;
    this.jobs = jobs;
    this.owners = owners;
    this.settings = settings;
    this.archive = archive;
    this.events = events;
    this.clock = clock;
  }

  /**
   * Renames the job {@code request} names, or says why not; nothing changes when it refuses. One
   * rename at a time: two at once of the same job would each move the files the other moved.
   */
  public synchronized RenameResult rename(RenameRequest request) {
    String title = cleanTitle(request.title());
    if (title.isEmpty()) {
      return new Refused(Reason.EMPTY_TITLE);
    }
    if (title.codePointCount(0, title.length()) > MAX_TITLE_CHARS) {
      return new Refused(Reason.TITLE_TOO_LONG);
    }
    if (!settings.get(request.chatId()).archiveMode()) {
      return new Refused(Reason.ARCHIVE_OFF);
    }
    Optional<Job> found = find(request);
    if (found.isEmpty()) {
      return new Refused(
          request.target() instanceof RenameRequest.Target.Reply
              ? Reason.NOT_A_DELIVERED_MESSAGE
              : Reason.NO_SUCH_JOB);
    }
    Job job = found.get();
    if (!request.admin() && !owners.ownedBy(job.id(), request.userId())) {
      return new Refused(Reason.NOT_YOURS);
    }
    if (job.status() != JobStatus.COMPLETED) {
      return new Refused(Reason.NOT_COMPLETED);
    }
    // Every file, one per part, as the media record has them; jobs archived before the record
    // existed (schema V5) have none, and are not renamed.
    List<MediaRecord> records = MediaRecord.parseAll(job.media());
    if (!job.archived() || records.isEmpty() || !allOnDisk(records)) {
      return new Refused(Reason.NOT_ARCHIVED);
    }
    String by = (request.admin() ? "admin " : "user ") + request.userId();
    return move(job, records, title, by);
  }

  private Optional<Job> find(RenameRequest request) {
    return switch (request.target()) {
      case RenameRequest.Target.JobId id -> jobs.findById(id.jobId());
      case RenameRequest.Target.Reply reply ->
          renames.jobDeliveredAs(request.chatId(), reply.messageId()).flatMap(jobs::findById);
    };
  }

  private static boolean allOnDisk(List<MediaRecord> records) {
    for (MediaRecord r : records) {
      if (r.file() == null || !Files.isRegularFile(Path.of(r.file()), LinkOption.NOFOLLOW_LINKS)) {
        return false;
      }
    }
    return true;
  }

  private RenameResult move(Job job, List<MediaRecord> records, String title, String by) {
    List<Path> before = new ArrayList<>();
    List<Path> after = new ArrayList<>();
    // A playlist's item keeps its number ("02 - New title.m4a"), as ArchiveStep named it.
    java.util.Optional<ArchiveMetadata.Series> series = jobs.seriesOf(job.id());
    try {
      for (int i = 0; i < records.size(); i++) {
        MediaRecord record = records.get(i);
        Path current = Path.of(record.file());
        ArchiveMetadata meta =
            new ArchiveMetadata(
                FileNames.partTitle(title, i + 1, records.size()),
                record.mediaId(),
                extensionOf(current),
                series);
        Path moved = archive.rename(current, archive.renamedPath(job, current, meta));
        before.add(current);
        after.add(moved);
      }
    } catch (StorageException e) {
      log.error("job {}: renaming its archived files failed: {}", job.id(), e.getMessage());
      moveBack(job, after, before);
      return new Refused(Reason.FAILED);
    }
    List<MediaRecord> renamed = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      renamed.add(records.get(i).renamed(after.get(i).toString(), title));
    }
    JobRenamed event = new JobRenamed(job.finalTitle(), title, paths(before), paths(after), by);
    Optional<Job> updated;
    try {
      updated =
          events.writeWith(
              job.id(),
              List.of(event),
              rows ->
                  renames.recordRename(
                      job.id(),
                      job.filePath(),
                      title,
                      after.getFirst().toString(),
                      MediaRecord.recordsToJson(renamed),
                      rows,
                      clock.instant()));
    } catch (RuntimeException e) {
      log.error("job {}: recording the rename failed: {}", job.id(), e.toString());
      moveBack(job, after, before);
      return new Refused(Reason.FAILED);
    }
    if (updated.isEmpty()) {
      log.warn("job {}: changed while its files were renamed; the files are put back", job.id());
      moveBack(job, after, before);
      return new Refused(Reason.FAILED);
    }
    List<String> names = new ArrayList<>();
    for (Path p : after) {
      names.add(p.getFileName().toString());
    }
    return new RenameResult.Renamed(job.id(), title, names);
  }

  /** Undoes the moves made so far, last first; a file that cannot go back is logged loudly. */
  private void moveBack(Job job, List<Path> moved, List<Path> original) {
    for (int i = moved.size() - 1; i >= 0; i--) {
      if (moved.get(i).equals(original.get(i))) {
        continue;
      }
      try {
        Path back = archive.rename(moved.get(i), original.get(i));
        if (!back.equals(original.get(i))) {
          log.error(
              "job {}: {} could not go back to {} (the name was taken) and is at {}",
              job.id(),
              moved.get(i),
              original.get(i),
              back);
        }
      } catch (StorageException e) {
        log.error(
            "job {}: {} could not go back to {}: {}",
            job.id(),
            moved.get(i),
            original.get(i),
            e.getMessage());
      }
    }
  }

  /**
   * The title as captions show it: white space (line breaks included) made single spaces, control
   * characters gone, the ends trimmed. The file name is made from it by {@link FileNames}.
   */
  static String cleanTitle(String typed) {
    if (typed == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(typed.length());
    boolean space = false;
    for (int i = 0; i < typed.length(); ) {
      int cp = typed.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
        space = true;
      } else if (!Character.isISOControl(cp)) {
        if (space && !out.isEmpty()) {
          out.append(' ');
        }
        space = false;
        out.appendCodePoint(cp);
      }
    }
    return out.toString();
  }

  private static String extensionOf(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(dot + 1) : "";
  }

  private static List<String> paths(List<Path> files) {
    return files.stream().map(Path::toString).toList();
  }
}
