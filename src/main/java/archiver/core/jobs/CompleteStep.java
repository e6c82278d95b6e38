package archiver.core.jobs;

import archiver.core.pipeline.ReadyMedia;
import archiver.domain.Job;
import archiver.domain.Requester;
import archiver.storage.JobRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a job that Telegram holds (or that sends nowhere): RUNNING -> COMPLETED with JOB_COMPLETED,
 * then the fan-out serves the other chats from Telegram's copy (docs/ARCHITECTURE.md, "Delivery").
 */
final class CompleteStep {

  private static final Logger log = LoggerFactory.getLogger(CompleteStep.class);

  private final JobRepository jobs;
  private final JobStateMachine stateMachine;
  private final Runnable wakeFanOut;

  CompleteStep(JobRepository jobs, JobStateMachine stateMachine, Runnable wakeFanOut) {
    this.jobs = jobs;
    this.stateMachine = stateMachine;
    this.wakeFanOut = wakeFanOut;
  }

  /** After the first chat's upload (or none): only the files sent and their thumbnails stay. */
  void sent(Job job, Path workDir, List<ReadyMedia> parts, String fileId) {
    removeIntermediateFiles(workDir, parts);
    complete(job, parts, fileId);
  }

  /**
   * {@code parts} empty: a chat received the upload before a crash and the files are not at hand.
   */
  void complete(Job job, List<ReadyMedia> parts, String fileId) {
    Job current = jobs.findById(job.id()).orElse(job);
    long waiting = jobs.requesters(job.id()).stream().filter(Requester::waiting).count();
    LifecycleEvent.JobCompleted completed =
        new LifecycleEvent.JobCompleted(
            parts.isEmpty()
                ? String.valueOf(current.filePath())
                : parts.getFirst().file().toString(),
            parts.isEmpty()
                ? (current.fileSizeBytes() == null ? 0L : current.fileSizeBytes())
                : parts.stream().mapToLong(ReadyMedia::sizeBytes).sum(),
            current.partCount() > 1 ? current.partCount() : null,
            current.archived(),
            fileId != null || current.telegramFileId() != null,
            waiting);
    TransitionResult done =
        stateMachine.transition(job.id(), new JobTransition.Complete(completed));
    if (done.applied() && waiting > 0) {
      wakeFanOut.run();
    }
  }

  /** Keeps the files to send and their thumbnails; the download and other leftovers go. */
  private static void removeIntermediateFiles(Path workDir, List<ReadyMedia> parts) {
    Set<Path> keep = new HashSet<>();
    for (ReadyMedia m : parts) {
      keep.add(m.file());
      m.thumbnail().ifPresent(keep::add);
    }
    if (!Files.isDirectory(workDir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(workDir)) {
      files
          .filter(Files::isRegularFile)
          .filter(p -> !keep.contains(p))
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  log.warn("cannot delete {}: {}", p, e.getMessage());
                }
              });
    } catch (IOException e) {
      log.warn("cannot clean {}: {}", workDir, e.getMessage());
    }
  }
}
