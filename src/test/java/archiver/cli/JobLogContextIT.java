package archiver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.testing.ArchiverJar;
import archiver.testing.FakeBotApi;
import archiver.testing.LocalMediaServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's promise about job log lines ("Logs"), read from the JSON log of the real jar: the
 * download stage's own lines carry the job's context, the downloader's name and version, the auth
 * profile and, on a failure, its error type and HTTP status at the top level of {@code context},
 * not only inside the event's data.
 */
class JobLogContextIT {

  private static final String TOKEN = "123456789:AAH-log-context-test-token-for-fake";
  private static final long USER = 4242;
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static List<JsonNode> jsonLines(Path log) throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(log)) {
      if (line.startsWith("{")) {
        lines.add(JSON.readTree(line));
      }
    }
    return lines;
  }

  private static JsonNode lineOf(List<JsonNode> lines, String event) {
    return lines.stream()
        .filter(l -> event.equals(l.path("context").path("event").asText()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + event + " line in " + lines));
  }

  @Test
  void aFailingDownloadsLogLinesCarryThePromisedFieldsAtTheTopOfContext() throws Exception {
    try (FakeBotApi telegram = FakeBotApi.start(TOKEN);
        LocalMediaServer media = LocalMediaServer.start()) {
      media.respond("/gone.mp4", new LocalMediaServer.Status(404, "no such lecture"));
      Files.writeString(
          dir.resolve("config.yaml"),
          "telegram: { api_base_url: '"
              + telegram.baseUrl()
              + "' }\n"
              + "security: { allow_private_addresses: true, allow_http: true }\n"
              + "auth_profiles:\n"
              + "  - { id: web_guest, source: GENERIC, cookie_file: null, fallbacks: [] }\n");
      ArchiverJar jar = new ArchiverJar(dir, Map.of("TELEGRAM_BOT_TOKEN", TOKEN));
      Path log = dir.resolve("bot.log");
      Process bot = jar.start(log, "run");
      try {
        telegram.userSendsText(USER, USER, "/video " + media.baseUrl() + "/gone.mp4", "en");
        Awaitility.await()
            .atMost(WAIT)
            .pollInterval(Duration.ofMillis(200))
            .until(() -> Files.readString(log).contains("\"JOB_FAILED\""));
      } finally {
        bot.destroy();
        assertThat(bot.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }

      List<JsonNode> lines = jsonLines(log);
      for (String event : List.of("METADATA_FETCH_STARTED", "METADATA_FETCH_FAILED")) {
        JsonNode context = lineOf(lines, event).path("context");
        assertThat(context.path("job_id").asText()).as(event).isNotBlank();
        assertThat(context.path("user_id").asText()).as(event).isEqualTo(Long.toString(USER));
        assertThat(context.path("chat_id").asText()).as(event).isEqualTo(Long.toString(USER));
        assertThat(context.path("source_type").asText()).as(event).isEqualTo("GENERIC");
        assertThat(context.path("url_domain").asText()).as(event).isEqualTo("127.0.0.1");
        assertThat(context.path("stage").asText()).as(event).isNotBlank();
        assertThat(context.path("auth_profile_id").asText()).as(event).isEqualTo("web_guest");
        assertThat(context.path("downloader_name").asText()).as(event).isNotBlank();
        assertThat(context.path("downloader_version").asText()).as(event).isNotBlank();
      }
      for (String event : List.of("METADATA_FETCH_FAILED", "JOB_FAILED")) {
        JsonNode context = lineOf(lines, event).path("context");
        assertThat(context.path("error_type").asText()).as(event).isEqualTo("HTTP_ERROR");
        assertThat(context.path("http_status").asText()).as(event).isEqualTo("404");
      }
    }
  }
}
