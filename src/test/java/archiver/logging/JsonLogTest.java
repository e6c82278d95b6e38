package archiver.logging;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.domain.SourceType;
import archiver.domain.Stage;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** Runs the real logback.xml into a fresh logger context and reads the JSON it writes. */
class JsonLogTest {

  private static final String TOKEN = "1234567890:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";

  private LoggerContext context;
  private final ByteArrayOutputStream sink = new ByteArrayOutputStream();
  private final DebugTargets targets = new DebugTargets();

  @BeforeEach
  void configure() throws Exception {
    context = new LoggerContext();
    context.setMDCAdapter(MDC.getMDCAdapter());
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(getClass().getClassLoader().getResource("logback.xml"));
    @SuppressWarnings("unchecked")
    OutputStreamAppender<ILoggingEvent> console =
        (OutputStreamAppender<ILoggingEvent>)
            context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE");
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.detachAppender(console);
    OutputStreamAppender<ILoggingEvent> capture = new OutputStreamAppender<>();
    capture.setContext(context);
    capture.setEncoder(console.getEncoder());
    capture.setOutputStream(sink);
    capture.start();
    root.addAppender(capture);
    DebugTargetFilter filter = new DebugTargetFilter(targets);
    filter.setContext(context);
    filter.start();
    context.addTurboFilter(filter);
  }

  @AfterEach
  void stop() {
    MDC.clear();
    context.stop();
  }

  private List<JsonNode> lines() throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> nodes = new java.util.ArrayList<>();
    for (String line : sink.toString(StandardCharsets.UTF_8).lines().toList()) {
      nodes.add(json.readTree(line));
    }
    return nodes;
  }

  @Test
  void givenJobScope_whenLogging_thenJsonLineHasTheRequiredFieldsAndJobContext() throws Exception {
    JobContext ctx =
        JobContext.of(7, 11L, 22L, SourceType.YOUTUBE, "www.youtube.com")
            .withAuthProfile("yt_main")
            .withDownloader("yt-dlp", "2023.03.04");
    try (JobLog.Scope s = JobLog.open(ctx, Stage.DOWNLOAD)) {
      JobLog.error(archiver.domain.ErrorType.HTTP_ERROR, 404);
      context.getLogger("archiver.download.Test").warn("download failed");
    }
    context.getLogger("archiver.x").info("after the scope");

    List<JsonNode> lines = lines();
    JsonNode first = lines.get(0);
    assertThat(first.get("level").asText()).isEqualTo("WARN");
    assertThat(first.get("timestamp").asText()).endsWith("Z");
    assertThat(first.get("logger").asText()).isEqualTo("archiver.download.Test");
    assertThat(first.get("message").asText()).isEqualTo("download failed");
    JsonNode c = first.get("context");
    assertThat(c.get("job_id").asText()).isEqualTo("7");
    assertThat(c.get("user_id").asText()).isEqualTo("11");
    assertThat(c.get("chat_id").asText()).isEqualTo("22");
    assertThat(c.get("source_type").asText()).isEqualTo("YOUTUBE");
    assertThat(c.get("stage").asText()).isEqualTo("DOWNLOAD");
    assertThat(c.get("url_domain").asText()).isEqualTo("www.youtube.com");
    assertThat(c.get("auth_profile_id").asText()).isEqualTo("yt_main");
    assertThat(c.get("downloader_name").asText()).isEqualTo("yt-dlp");
    assertThat(c.get("downloader_version").asText()).isEqualTo("2023.03.04");
    assertThat(c.get("error_type").asText()).isEqualTo("HTTP_ERROR");
    assertThat(c.get("http_status").asText()).isEqualTo("404");
    assertThat(lines.get(1).path("context").has("job_id")).isFalse();
  }

  @Test
  @DisplayName("The bot token and cookie values never reach the log, wherever they appear")
  void tokenAndCookiesAreMasked() throws Exception {
    Logger log = context.getLogger("archiver.anything");
    log.info("calling https://api.telegram.org/bot" + TOKEN + "/getMe");
    log.info(
        "cookies file line: .youtube.com\tTRUE\t/\tTRUE\t1767225600\tSAPISID\tsecretCookieValue123");
    log.info("request header Cookie: SID=sessionSecret456; HSID=other789");
    MDC.put("url", "https://x.example/bot" + TOKEN);
    log.error("failed", new IllegalStateException("token was " + TOKEN));

    String all = sink.toString(StandardCharsets.UTF_8);
    assertThat(all)
        .doesNotContain(TOKEN)
        .doesNotContain("AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw")
        .doesNotContain("secretCookieValue123")
        .doesNotContain("sessionSecret456")
        .doesNotContain("other789")
        .contains("****")
        .contains("SAPISID");
    assertThat(lines()).hasSize(4);
  }

  @Test
  void givenDebugTargetJob_thenOnlyThatJobsDebugLinesAreWritten() throws Exception {
    Logger log = context.getLogger("archiver.core.Worker");
    assertThat(log.getEffectiveLevel()).isEqualTo(Level.INFO);
    targets.enableJob(5);
    try (JobLog.Scope s = JobLog.open(5, Stage.WORKER)) {
      log.debug("detail for job 5");
    }
    try (JobLog.Scope s = JobLog.open(6, Stage.WORKER)) {
      log.debug("detail for job 6");
    }
    targets.enableUser(77);
    try (JobLog.Scope s =
        JobLog.open(JobContext.of(8, 77L, 1L, SourceType.GENERIC, "x"), Stage.WORKER)) {
      log.debug("detail for user 77");
    }
    context.getLogger("org.jdbi.Whatever").debug("library noise for job 5");
    targets.disableJob(5);
    try (JobLog.Scope s = JobLog.open(5, Stage.WORKER)) {
      log.debug("job 5 after debug_off");
    }

    assertThat(lines())
        .extracting(n -> n.get("message").asText())
        .containsExactly("detail for job 5", "detail for user 77");
  }

  @Test
  void secretMaskerLeavesOrdinaryTextAlone() {
    SecretMasker masker = new SecretMasker(TOKEN);
    assertThat(masker.mask("job 12: DOWNLOAD_FINISHED 12:34 at https://youtu.be/abc"))
        .isEqualTo("job 12: DOWNLOAD_FINISHED 12:34 at https://youtu.be/abc");
    assertThat(masker.mask("x " + TOKEN + " y")).isEqualTo("x **** y");
    assertThat(new SecretMasker("my-own-token-format").mask("a my-own-token-format b"))
        .isEqualTo("a **** b");
  }
}
