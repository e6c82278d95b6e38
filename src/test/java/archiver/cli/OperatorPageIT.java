package archiver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.testing.ArchiverJar;
import archiver.testing.FakeBotApi;
import archiver.testing.LocalMediaServer;
import archiver.testing.TestMedia;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The operator page of the real jar, in a real headless Chromium (Debian's chromium and
 * chromium-driver, which {@code .ci/run} installs), while the bot works on a slow download.
 */
class OperatorPageIT {

  private static final String TOKEN = "123456789:AAH-test-token-for-the-fake-page-api";
  private static final String WEB_TOKEN = "web-token-for-the-operator-page-test";
  private static final long USER = 7001;
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  @TempDir Path dir;

  @Test
  @DisplayName(
      "bound beyond loopback: no token is refused; the browser with it finds the running job and reads its timeline")
  void aBrowserFindsTheRunningJobAndReadsItsTimeline() throws Exception {
    requireChromium();
    Path clip = TestMedia.h264AacMp4(Files.createDirectories(dir.resolve("clips")), 3, 320, 240);
    byte[] bytes = Files.readAllBytes(clip);
    int port = freePort();
    try (FakeBotApi telegram = FakeBotApi.start(TOKEN);
        LocalMediaServer media = LocalMediaServer.start()) {
      // About half a minute of download: the job stays RUNNING while the browser looks at it.
      media.respond(
          "/slow.mp4", new LocalMediaServer.Drip(bytes, "video/mp4", 512, Duration.ofMillis(300)));
      Files.writeString(
          dir.resolve("config.yaml"),
          "telegram: { api_base_url: '"
              + telegram.baseUrl()
              + "' }\n"
              + "security: { allow_private_addresses: true, allow_http: true }\n"
              + "web: { enabled: true, bind: 0.0.0.0, port: "
              + port
              + " }\n");
      ArchiverJar jar =
          new ArchiverJar(
              dir, Map.of("TELEGRAM_BOT_TOKEN", TOKEN, "ARCHIVER_WEB_TOKEN", WEB_TOKEN));
      Path log = dir.resolve("bot.log");
      Process bot = jar.start(log, "run");
      WebDriver browser = null;
      try {
        String base = "http://127.0.0.1:" + port;
        Awaitility.await()
            .atMost(Duration.ofSeconds(60))
            .ignoreExceptions()
            .until(() -> status(base + "/", null) == 401);
        assertThat(status(base + "/metrics", null)).isEqualTo(401);
        assertThat(status(base + "/metrics", "Bearer " + WEB_TOKEN)).isEqualTo(200);

        telegram.userSendsText(USER, USER, "/video " + media.baseUrl() + "/slow.mp4", "en");
        long started = System.nanoTime();
        browser = chromium(Files.createDirectories(dir.resolve("chromium-profile")));
        WebDriver page = browser;
        page.get(base + "/?token=" + WEB_TOKEN);
        assertThat(page.getCurrentUrl())
            .as("the token leaves the address bar")
            .doesNotContain("token=");

        WebElement running =
            Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(
                    () -> {
                      page.navigate().refresh();
                      List<WebElement> rows =
                          page.findElements(By.cssSelector("#queue tr.job[data-status='RUNNING']"));
                      return rows.isEmpty() ? null : rows.getFirst();
                    },
                    row -> row != null);
        String jobId = running.getAttribute("data-job-id");
        running.findElement(By.cssSelector("a.job-link")).click();

        assertThat(page.getTitle()).isEqualTo("Job #" + jobId);
        assertThat(page.findElement(By.id("job-status")).getText()).isEqualTo("RUNNING");
        Awaitility.await()
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(500))
            .until(
                () -> {
                  page.navigate().refresh();
                  return eventTypes(page).contains("DOWNLOAD_STARTED");
                });
        assertThat(eventTypes(page))
            .startsWith("JOB_CREATED")
            .contains("WORKER_ASSIGNED", "METADATA_FETCH_STARTED");
        assertThat(page.findElement(By.cssSelector("td[data-field='url']")).getText())
            .endsWith("/slow.mp4");
        // What the operator saw, beside the test reports, for a person to look at.
        Path shot =
            ((org.openqa.selenium.TakesScreenshot) page)
                .getScreenshotAs(org.openqa.selenium.OutputType.FILE)
                .toPath();
        Files.copy(
            shot,
            Path.of("target/operator-page-job.png"),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        System.out.printf(
            "browser: found the running job and read its timeline in %d ms%n",
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      } finally {
        if (browser != null) {
          browser.quit();
        }
        // SIGKILL: a graceful stop would give the slow download its 20 s of grace first.
        bot.destroyForcibly();
        assertThat(bot.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
      assertThat(Files.readString(log))
          .doesNotContain(WEB_TOKEN)
          .contains("operator page on http://0.0.0.0:" + port);
    }
  }

  @Test
  void aPageBoundBeyondLoopbackWithoutATokenStopsStartUpWithAConfigError() throws Exception {
    Files.writeString(
        dir.resolve("config.yaml"),
        "web: { enabled: true, bind: 0.0.0.0, port: " + freePort() + " }\n");

    ArchiverJar.Run run =
        new ArchiverJar(dir, Map.of("TELEGRAM_BOT_TOKEN", TOKEN))
            .runWithin(Duration.ofSeconds(60), "run");

    assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
    assertThat(run.stderr())
        .contains(
            "config: web.bind: 0.0.0.0 is reachable beyond this machine; set ARCHIVER_WEB_TOKEN");
  }

  private static List<String> eventTypes(WebDriver page) {
    return page.findElements(By.cssSelector("#timeline td.event-type")).stream()
        .map(WebElement::getText)
        .toList();
  }

  private static int status(String url, String authorization) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
  }

  /**
   * The browser is a prerequisite like ffmpeg ({@code .ci/run} installs it): a missing one fails
   * the test, never skips it.
   */
  private static void requireChromium() {
    assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
        .as(
            "needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)")
        .isTrue();
  }

  private static WebDriver chromium(Path profile) {
    ChromeOptions options = new ChromeOptions();
    // Both paths given: Selenium then never tries to download a browser or a driver of its own.
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    WebDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    return driver;
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
