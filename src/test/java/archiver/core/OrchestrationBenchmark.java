package archiver.core;

import archiver.config.AppConfig;
import archiver.domain.JobStatus;
import archiver.domain.Quality;
import archiver.download.intake.HostResolver;
import archiver.download.intake.IntakeSettings;
import archiver.download.intake.UrlIntake;
import archiver.download.media.MediaInfo;
import archiver.storage.Database;
import archiver.storage.StorageService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Throughput of submit -> COMPLETED with an instant processor, and the scheduler's pick latency
 * (submit returned -> worker started). Run by {@code bench/orchestration-throughput.sh}; not a test.
 */
public final class OrchestrationBenchmark {

  public static void main(String[] args) throws Exception {
    int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    Path dir = Files.createTempDirectory("orch-bench");
    Map<String, Long> startedAt = new ConcurrentHashMap<>();
    MediaProcessor instant =
        (request, listener) -> {
          startedAt.put(request.url().toString(), System.nanoTime());
          Path out;
          try {
            out = Files.createDirectories(request.workDir().resolve("out")).resolve("m.mp4");
            Files.writeString(out, "x");
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          MediaInfo info = new MediaInfo(List.of("mp4"), 1, 1, 1, List.of(), Map.of());
          return new PipelineOutcome.Succeeded(
              new ReadyMedia(out, Optional.empty(), request.quality().jobType(), "t", Optional.empty(),
                  Optional.empty(), info, 1, false, true));
        };
    AppConfig d = AppConfig.defaults();
    AppConfig config =
        new AppConfig(d.telegram(), d.paths(), d.tools(),
            new AppConfig.Limits(2, Map.of(), jobs * 2, jobs, jobs, jobs * 2, d.limits().maxFileSizeBytes()),
            d.timeouts(), d.retries(), d.modes(), d.security(), d.sources(), d.cleanup(), d.logging(), List.of());
    try (Database db = Database.open(dir.resolve("bench.db"))) {
      Clock clock = Clock.systemUTC();
      Orchestrator core =
          new Orchestrator(config, db, new UrlIntake(IntakeSettings.defaults(), HostResolver.system()),
              instant, new StorageService(dir.resolve("tmp"), dir.resolve("archive"), clock), JobObserver.NONE, clock);
      core.start();
      long t0 = System.nanoTime();
      long[] submittedAt = new long[jobs];
      String[] urls = new String[jobs];
      for (int i = 0; i < jobs; i++) {
        urls[i] = "https://media.example.org/f" + i + ".mp3";
        core.jobs().submit(new SubmitRequest(urls[i], Quality.P720, (long) (i % 50), (long) (i % 50)));
        submittedAt[i] = System.nanoTime();
      }
      long submitted = System.nanoTime();
      while (db.jobs().countByStatus().get(JobStatus.COMPLETED) < jobs) {
        // Polling the database in a tight loop would compete with the workers for it.
        java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
      }
      long done = System.nanoTime();
      core.stop(Duration.ofSeconds(5));
      double submitSeconds = (submitted - t0) / 1e9;
      double totalSeconds = (done - t0) / 1e9;
      System.out.printf("jobs: %d%n", jobs);
      System.out.printf("submit: %.2f s = %.0f submits/s%n", submitSeconds, jobs / submitSeconds);
      System.out.printf("submit -> all COMPLETED: %.2f s = %.0f jobs/s%n", totalSeconds, jobs / totalSeconds);
      // Pick latency is meaningful for a job submitted to an idle scheduler: the last 100 jobs
      // queue behind others, so measure a fresh single job a few times instead.
      double[] picks = new double[20];
      Orchestrator idle =
          new Orchestrator(config, db, new UrlIntake(IntakeSettings.defaults(), HostResolver.system()),
              instant, new StorageService(dir.resolve("tmp2"), dir.resolve("archive2"), clock), JobObserver.NONE, clock);
      idle.start();
      for (int i = 0; i < picks.length; i++) {
        String url = "https://media.example.org/pick" + i + ".mp3";
        long before = System.nanoTime();
        idle.jobs().submit(new SubmitRequest(url, Quality.P720, 999L, 999L));
        while (!startedAt.containsKey(url)) {
          Thread.onSpinWait();
        }
        picks[i] = (startedAt.get(url) - before) / 1e6;
        while (db.jobs().countActiveForUser(999L) > 0) {
          java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
      }
      idle.stop(Duration.ofSeconds(5));
      Arrays.sort(picks);
      System.out.printf("pick latency (submit -> worker started, idle scheduler, %d runs): median %.1f ms, max %.1f ms%n",
          picks.length, picks[picks.length / 2], picks[picks.length - 1]);
    }
  }
}
