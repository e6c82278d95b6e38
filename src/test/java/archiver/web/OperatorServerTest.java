package archiver.web;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.core.operator.JobTelemetry;
import archiver.core.operator.OperatorView;
import archiver.domain.ErrorType;
import archiver.domain.EventType;
import archiver.domain.JobStatus;
import archiver.download.tools.ToolVersion;
import archiver.storage.Database;
import archiver.testing.StoredJobs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page over real HTTP on 127.0.0.1, reading a real SQLite file. */
class OperatorServerTest {

  private static final String TOKEN = "operator-token-0123456789";
  private static final String HOSTILE =
      "<script>alert('owned')</script>\"><b onmouseover=alert(1)>";

  @TempDir Path dir;
  private Database db;
  private StoredJobs stored;
  private OperatorServer server;
  private final Instant now = Instant.parse("2026-12-02T10:00:00Z");
  private final AtomicInteger ytDlpAsked = new AtomicInteger();
  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeEach
  void open() {
    db = Database.open(dir.resolve("a.db"));
    stored = new StoredJobs(db);
  }

  @AfterEach
  void close() {
    if (server != null) {
      server.close();
    }
    db.close();
  }

  private void start(Optional<String> token) throws Exception {
    OperatorView view =
        new OperatorView(
            db,
            () -> {
              ytDlpAsked.incrementAndGet();
              return new ToolVersion(
                  "yt-dlp", "yt-dlp", Optional.of("2026.07.01"), Optional.empty());
            },
            () -> false,
            Clock.fixed(now, ZoneOffset.UTC));
    server =
        OperatorServer.start(new WebSettings("127.0.0.1", 0, token), view, new JobTelemetry(db));
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theOverviewShowsTheQueueCountsErrorsWithAdviceAndYtDlpAndForbidsScripts() throws Exception {
    long running =
        stored.insert(
            StoredJobs.job(JobStatus.RUNNING, now.minusSeconds(60))
                .title("A lecture")
                .progress("{\"percent\":42}"));
    stored.insert(
        StoredJobs.job(JobStatus.FAILED, now.minusSeconds(600))
            .failed(ErrorType.AUTH_ERROR, now.minusSeconds(500)));
    start(Optional.empty());

    HttpResponse<String> page = get("/");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'none'"));
    assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    assertThat(page.body())
        .contains(
            "href=\"/jobs/" + running + "\"", "A lecture", "RUNNING", "{&quot;percent&quot;:42}")
        .contains(
            "AUTH_ERROR",
            "add or refresh the cookie file of an auth profile (for members-only, of an account that is a member), then /auth reset ID")
        .contains("2026.07.01", "154</span> days ago", "older than 90 days");
    get("/");
    assertThat(ytDlpAsked).as("yt-dlp is asked once in a while, not on every page").hasValue(1);
  }

  @Test
  void aHostileTitleAndLinkAreShownAsTextNeverAsMarkupOrALink() throws Exception {
    long job =
        stored.insert(
            StoredJobs.job(JobStatus.RUNNING, now)
                .title(HOSTILE)
                .url("javascript:alert(1)//" + HOSTILE));
    stored.event(
        job,
        EventType.METADATA_FETCH_FINISHED,
        "{\"title\":\"" + HOSTILE.replace("\"", "\\\"") + "\"}",
        now);
    start(Optional.empty());

    for (String path : new String[] {"/", "/jobs", "/jobs/" + job}) {
      String body = get(path).body();
      assertThat(body)
          .as(path)
          .doesNotContain("<script>")
          .doesNotContain("<b onmouseover")
          .contains("&lt;script&gt;");
      assertThat(body).as(path).doesNotContain("href=\"javascript:");
    }
  }

  @Test
  void oneJobShowsEveryFieldAndItsWholeTimeline() throws Exception {
    long job =
        stored.insert(
            StoredJobs.job(JobStatus.FAILED, now)
                .failed(ErrorType.HTTP_ERROR, now)
                .url("https://media.example.org/a.mp4"));
    stored.event(job, EventType.JOB_CREATED, "{}", now);
    stored.event(job, EventType.DOWNLOAD_STARTED, "{}", now);
    stored.event(job, EventType.DOWNLOAD_FAILED, "{\"http_status\":404}", now);
    start(Optional.empty());

    HttpResponse<String> page = get("/jobs/" + job);

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains(
            "data-field=\"error_type\">HTTP_ERROR",
            "data-field=\"job_key\"",
            "<a href=\"https://media.example.org/a.mp4\"")
        .contains(
            "Timeline (3 events)",
            "JOB_CREATED",
            "DOWNLOAD_STARTED",
            "DOWNLOAD_FAILED",
            "{&quot;http_status&quot;:404}");
    assertThat(get("/jobs/999999").statusCode()).isEqualTo(404);
  }

  @Test
  void theListFiltersAndRefusesValuesThatAreNoStatus() throws Exception {
    long failed =
        stored.insert(StoredJobs.job(JobStatus.FAILED, now).failed(ErrorType.TIMEOUT, now));
    long completed = stored.insert(StoredJobs.job(JobStatus.COMPLETED, now));
    start(Optional.empty());

    String failures = get("/jobs?status=FAILED&error=TIMEOUT&source=").body();

    assertThat(failures)
        .contains("data-job-id=\"" + failed + "\"")
        .doesNotContain("data-job-id=\"" + completed + "\"");
    assertThat(failures).contains("<option value=\"FAILED\" selected>");
    HttpResponse<String> bad = get("/jobs?status=%3Cb%3E");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("status: no such value &#39;&lt;b&gt;&#39;");
  }

  @Test
  void nothingButGetIsAnswered() throws Exception {
    start(Optional.empty());

    HttpResponse<String> post =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/jobs"))
                .POST(HttpRequest.BodyPublishers.ofString("x"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
  }

  @Test
  void metricsParseAsPrometheusTextWithJobsStageDurationsAndFailures() throws Exception {
    stored.insert(StoredJobs.job(JobStatus.RUNNING, now));
    start(Optional.empty());
    long job =
        stored.insert(StoredJobs.job(JobStatus.FAILED, now).failed(ErrorType.NETWORK_ERROR, now));
    stored.event(job, EventType.DOWNLOAD_STARTED, "{}", now);
    stored.event(job, EventType.DOWNLOAD_FINISHED, "{}", now.plusSeconds(3));
    stored.event(job, EventType.JOB_FAILED, "{}", now.plusSeconds(4));

    HttpResponse<String> response = get("/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
    PrometheusText metrics = PrometheusText.parse(response.body());
    assertThat(metrics.types)
        .containsEntry("archiver_jobs", "gauge")
        .containsEntry("archiver_stage_duration_seconds", "histogram")
        .containsEntry("archiver_job_failures_total", "counter")
        .containsEntry("archiver_ytdlp_age_days", "gauge");
    assertThat(metrics.value("archiver_jobs", Map.of("status", "RUNNING"))).isEqualTo(1);
    assertThat(metrics.value("archiver_jobs", Map.of("status", "FAILED"))).isEqualTo(1);
    assertThat(metrics.value("archiver_jobs", Map.of("status", "QUEUED"))).isZero();
    assertThat(
            metrics.value(
                "archiver_stage_duration_seconds_count",
                Map.of("stage", "download", "outcome", "finished")))
        .isEqualTo(1);
    assertThat(
            metrics.value(
                "archiver_stage_duration_seconds_sum",
                Map.of("stage", "download", "outcome", "finished")))
        .isEqualTo(3.0);
    assertThat(
            metrics.value(
                "archiver_stage_duration_seconds_bucket",
                Map.of("stage", "download", "outcome", "finished", "le", "2.0")))
        .isZero();
    assertThat(
            metrics.value(
                "archiver_stage_duration_seconds_bucket",
                Map.of("stage", "download", "outcome", "finished", "le", "5.0")))
        .isEqualTo(1);
    assertThat(
            metrics.value(
                "archiver_stage_duration_seconds_count",
                Map.of("stage", "postprocess", "outcome", "failed")))
        .isZero();
    assertThat(metrics.value("archiver_job_failures_total", Map.of("error_type", "NETWORK_ERROR")))
        .isEqualTo(1);
    assertThat(metrics.value("archiver_job_failures_total", Map.of("error_type", "TIMEOUT")))
        .isZero();
    assertThat(metrics.value("archiver_ytdlp_age_days", Map.of())).isEqualTo(154);

    PrometheusText again = PrometheusText.parse(get("/metrics").body());
    assertThat(again.value("archiver_job_failures_total", Map.of("error_type", "NETWORK_ERROR")))
        .as("counted once")
        .isEqualTo(1);
  }

  @Test
  void withATokenARequestWithoutItIsRefusedAndOneWithItIsServed() throws Exception {
    start(Optional.of(TOKEN));

    assertThat(get("/").statusCode()).isEqualTo(401);
    assertThat(get("/metrics").statusCode()).isEqualTo(401);
    assertThat(get("/", "Authorization", "Bearer wrong-token-0123456789").statusCode())
        .isEqualTo(401);
    assertThat(get("/metrics", "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(200);

    HttpResponse<String> viaQuery = get("/jobs?status=FAILED&token=" + TOKEN);
    assertThat(viaQuery.statusCode()).isEqualTo(303);
    assertThat(viaQuery.headers().firstValue("Location")).contains("/jobs?status=FAILED");
    String cookie = viaQuery.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(
            get("/jobs?status=FAILED", "Cookie", cookie.substring(0, cookie.indexOf(';')))
                .statusCode())
        .isEqualTo(200);
  }
}
