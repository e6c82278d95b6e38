package archiver.core.jobs;

import archiver.core.events.EventRecorder;
import archiver.core.pipeline.MediaRecord;
import archiver.core.pipeline.ReadyMedia;
import archiver.domain.Job;
import archiver.logging.JobContext;
import archiver.storage.Archive;
import archiver.storage.ArchiveMetadata;
import archiver.storage.FileNames;
import archiver.storage.JobRepository;
import archiver.storage.StorageException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a job's files into the archive (docs/ARCHITECTURE.md, "Archive"), parts as "title - part k
 * of N", and records where they are: the job's file path (the first part) and, for parts, the media
 * record, so a retry sends them from the archive instead of downloading again.
 */
final class ArchiveStep {

  private static final Logger log = LoggerFactory.getLogger(ArchiveStep.class);

  /** The files to send after archiving (from the archive), and the job as it now is. */
  record Archived(List<ReadyMedia> parts, Job job) {}

  private final Archive archive;
  private final JobRepository jobs;
  private final EventRecorder events;
  private final Clock clock;

  ArchiveStep(Archive archive, JobRepository jobs, EventRecorder events, Clock clock) {
    this.archive = archive;
    this.jobs = jobs;
    this.events = events;
    this.clock = clock;
  }

  /**
   * A part that cannot be archived stays where it is and is sent from there; the job counts as
   * archived only when every part is.
   */
  Archived archive(Job job, JobContext ctx, List<ReadyMedia> parts) {
    List<ReadyMedia> placed = new ArrayList<>();
    List<String> archivedPaths = new ArrayList<>();
    Optional<ArchiveMetadata.Series> series = jobs.seriesOf(job.id());
    String error = null;
    for (int i = 0; i < parts.size(); i++) {
      ReadyMedia media = parts.get(i);
      String name = media.file().getFileName().toString();
      String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
      String title = FileNames.partTitle(media.title(), i + 1, parts.size());
      try {
        Path target =
            archive.archivePathFor(
                job, new ArchiveMetadata(title, media.mediaId().orElse(null), ext, series));
        Path archived = archive.archive(media.file(), target);
        placed.add(withFile(media, archived));
        archivedPaths.add(archived.toString());
      } catch (StorageException e) {
        // The user still gets the media; the operator sees why it is not in the archive.
        log.error("job {}: archiving failed: {}", job.id(), e.getMessage());
        error = String.valueOf(e.getMessage());
        placed.add(media);
      }
    }
    if (archivedPaths.isEmpty()) {
      events.record(ctx, LifecycleEvent.Archived.nothing(error));
      return new Archived(parts, job);
    }
    LifecycleEvent.Archived done =
        new LifecycleEvent.Archived(
            archivedPaths.getFirst(), parts.size() > 1 ? archivedPaths : null, error);
    boolean whole = error == null;
    Job updated =
        events
            .writeWith(
                job.id(),
                List.of(done),
                rows ->
                    jobs.markArchived(
                        job.id(),
                        placed.getFirst().file().toString(),
                        MediaRecord.toJson(placed),
                        whole,
                        rows,
                        clock.instant()))
            .orElse(job);
    return new Archived(placed, updated);
  }

  private static ReadyMedia withFile(ReadyMedia m, Path file) {
    return new ReadyMedia(
        file,
        m.thumbnail(),
        m.jobType(),
        m.title(),
        m.performer(),
        m.mediaId(),
        m.info(),
        m.sizeBytes(),
        m.reencoded(),
        m.faststart());
  }
}
