package archiver.core.jobs;

import archiver.core.delivery.JobObserver;
import archiver.core.events.EventRecorder;
import archiver.core.pipeline.PipelineEvent;
import archiver.core.pipeline.PipelineListener;
import archiver.domain.DownloadProgress;
import archiver.domain.Job;
import archiver.logging.JobContext;
import archiver.storage.JobRepository;
import java.time.Clock;
import java.time.Instant;

/**
 * Records one job's pipeline events and passes them on to the observer; progress goes to the job
 * row at most every {@link #PROGRESS_WRITE_MILLIS}.
 */
final class PipelineEvents implements PipelineListener {

  /** Progress is written to the job row at most this often. */
  static final long PROGRESS_WRITE_MILLIS = 3_000;

  private final Job job;
  private final JobContext ctx;
  private final EventRecorder events;
  private final JobObserver observer;
  private final JobRepository jobs;
  private final Clock clock;
  private volatile long lastProgressWrite;

  PipelineEvents(
      Job job,
      JobContext ctx,
      EventRecorder events,
      JobObserver observer,
      JobRepository jobs,
      Clock clock) {
    this.job = job;
    this.ctx = ctx;
    this.events = events;
    this.observer = observer;
    this.jobs = jobs;
    this.clock = clock;
  }

  @Override
  public void event(PipelineEvent event) {
    events.record(ctx, event);
    observer.stage(job, event.type(), event.data());
  }

  @Override
  public void progress(DownloadProgress progress) {
    observer.progress(job, progress);
    long now = clock.millis();
    if (now - lastProgressWrite >= PROGRESS_WRITE_MILLIS) {
      lastProgressWrite = now;
      StringBuilder json =
          new StringBuilder("{\"downloaded_bytes\":").append(progress.downloadedBytes());
      progress.totalBytes().ifPresent(t -> json.append(",\"total_bytes\":").append(t));
      progress.percent().ifPresent(p -> json.append(",\"percent\":").append(p));
      json.append(",\"at\":\"").append(Instant.ofEpochMilli(now)).append("\"}");
      jobs.updateProgress(job.id(), json.toString(), Instant.ofEpochMilli(now));
    }
  }
}
