package archiver.web;

import archiver.core.operator.JobTelemetry;
import archiver.core.operator.OperatorView;
import archiver.domain.ErrorType;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /metrics} in the Prometheus text format (docs/ARCHITECTURE.md, "Operator page"): jobs by
 * status and yt-dlp's age, read when scraped; stage durations and failures by error type, counted
 * from the events written since start-up (counters start at 0 with the process, as Prometheus
 * expects of counters).
 */
final class Metrics {

  /** From a quick metadata read to an hour-long download. */
  private static final double[] STAGE_BUCKETS = {
    0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600
  };

  static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

  // A registry of its own, not the library's global one: no state shared beyond this object.
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
  private final JobTelemetry telemetry;
  private final Histogram stageSeconds;
  private final Counter failures;

  Metrics(OperatorView view, JobTelemetry telemetry) {
    this.telemetry = telemetry;
    GaugeWithCallback.builder()
        .name("archiver_jobs")
        .help("Jobs in the database by status")
        .labelNames("status")
        .callback(
            cb -> {
              for (Map.Entry<archiver.domain.JobStatus, Long> e : view.jobsByStatus().entrySet()) {
                cb.call(e.getValue(), e.getKey().name());
              }
            })
        .register(registry);
    GaugeWithCallback.builder()
        .name("archiver_ytdlp_age_days")
        .help("Days since the installed yt-dlp was released (absent when unknown)")
        .callback(cb -> view.ytDlp().ageDays().ifPresent(cb::call))
        .register(registry);
    this.stageSeconds =
        Histogram.builder()
            .name("archiver_stage_duration_seconds")
            .help("How long a pipeline stage or a send took, by stage and outcome, since start-up")
            .labelNames("stage", "outcome")
            .classicOnly()
            .classicUpperBounds(STAGE_BUCKETS)
            .register(registry);
    this.failures =
        Counter.builder()
            .name("archiver_job_failures_total")
            .help("Jobs that failed since start-up, by error type")
            .labelNames("error_type")
            .register(registry);
    for (ErrorType type : ErrorType.values()) {
      failures.initLabelValues(type.name());
    }
    for (JobTelemetry.TimedStage stage : JobTelemetry.TimedStage.values()) {
      for (JobTelemetry.Outcome outcome : JobTelemetry.Outcome.values()) {
        stageSeconds.initLabelValues(label(stage), label(outcome));
      }
    }
  }

  Response scrape() {
    for (JobTelemetry.Observation o : telemetry.poll()) {
      switch (o) {
        case JobTelemetry.StageTimed t ->
            stageSeconds
                .labelValues(label(t.stage()), label(t.outcome()))
                .observe(t.took().toMillis() / 1000.0);
        case JobTelemetry.JobFailed f -> failures.labelValues(f.errorType().name()).inc();
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      writer.write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Response(200, CONTENT_TYPE, out.toByteArray(), Map.of());
  }

  private static String label(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
