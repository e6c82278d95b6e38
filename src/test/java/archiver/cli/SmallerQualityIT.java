package archiver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.config.AppConfig;
import archiver.config.ConfigLoader;
import archiver.domain.EventType;
import archiver.domain.JobEvent;
import archiver.domain.JobStatus;
import archiver.logging.DebugTargets;
import archiver.testing.FakeBotApi;
import archiver.testing.FakeBotApiCall;
import archiver.testing.LocalMediaServer;
import archiver.testing.TestMedia;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A YouTube link whose 720p is over the upload limit: the best quality that fits is downloaded (by
 * the real yt-dlp, from a YouTube-shaped info JSON whose format URLs point at 127.0.0.1) and the
 * user is told why. Only yt-dlp's {@code -J} is answered by a small wrapper, since YouTube itself
 * cannot be reached from here.
 */
class SmallerQualityIT {

  private static final String TOKEN = "123456789:AAH-test-token-for-the-fake-bot-api-xyz";
  private static final long USER = 5101;

  @TempDir Path dir;
  private FakeBotApi telegram;
  private LocalMediaServer media;
  private BotApp app;

  @AfterEach
  void stop() {
    if (app != null) {
      app.stop(Duration.ofSeconds(2));
    }
    if (telegram != null) {
      telegram.close();
    }
    if (media != null) {
      media.close();
    }
  }

  @Test
  void when720pIsOverTheLimitTheBestThatFitsIsSentAndTheUserIsToldWhy() throws Exception {
    telegram = FakeBotApi.start(TOKEN);
    media = LocalMediaServer.start();
    Path clips = Files.createDirectories(dir.resolve("clips"));
    byte[] h264 = Files.readAllBytes(TestMedia.h264VideoOnlyMp4(clips, 2, 320, 240));
    byte[] aac = Files.readAllBytes(TestMedia.aacAudioOnlyM4a(clips, 2));
    for (String id : List.of("134", "136", "137")) {
      media.serve("/yt/" + id + ".mp4", h264, "video/mp4");
    }
    // A download that takes a few seconds, as a real one does: the status message has time to say
    // why.
    media.respond(
        "/yt/135.mp4",
        new LocalMediaServer.Drip(
            h264, "video/mp4", Math.max(1, h264.length / 12), Duration.ofMillis(400)));
    for (String id : List.of("139", "140")) {
      media.serve("/yt/" + id + ".m4a", aac, "audio/mp4");
    }
    String json;
    try (InputStream in = getClass().getResourceAsStream("/ytdlp/youtube-info.json")) {
      json =
          new String(in.readAllBytes(), StandardCharsets.UTF_8)
              .replace("{port}", Integer.toString(media.port()));
    }
    Path info = Files.writeString(dir.resolve("info.json"), json);
    Path wrapper = dir.resolve("yt-dlp");
    Files.writeString(
        wrapper,
        "#!/bin/sh\n"
            + "for a in \"$@\"; do [ \"$a\" = \"--dump-single-json\" ] && exec cat '"
            + info
            + "'; done\n"
            + "exec yt-dlp \"$@\"\n");
    Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(
        dir.resolve("config.yaml"),
        "telegram:\n  api_base_url: "
            + telegram.baseUrl()
            + "\n"
            + "tools: { yt_dlp: '"
            + wrapper
            + "' }\n"
            // 720p (136+140) is about 40.5 MB; 480p (135+139) about 16.6 MB.
            + "limits: { max_file_size_bytes: 20000000 }\n"
            + "auth_profiles: [ { id: yt_guest, source: YOUTUBE } ]\n"
            + "security: { allow_private_addresses: true, allow_http: true }\n");
    AppConfig config =
        new ConfigLoader().load(Optional.of(dir.resolve("config.yaml")), Map.of(), dir).config();
    app = BotApp.start(config, TOKEN, dir, Clock.systemUTC(), new DebugTargets());

    telegram.userSendsText(USER, USER, "/video https://www.youtube.com/watch?v=LoCaLt3st01", "en");

    telegram.awaitCall("sendVideo", FakeBotApiCall::succeeded, Duration.ofSeconds(90));
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                app.database().jobs().list(Optional.empty(), 1).getFirst().status()
                    == JobStatus.COMPLETED);
    long jobId = app.database().jobs().list(Optional.empty(), 1).getFirst().id();
    assertThat(media.requestsFor("/yt/135.mp4")).as("480p was downloaded").isNotEmpty();
    assertThat(media.requestsFor("/yt/136.mp4")).as("720p was not").isEmpty();
    JobEvent plan =
        app.database().events().forJob(jobId).stream()
            .filter(e -> e.type() == EventType.CAPABILITY_CHECK_PASSED)
            .findFirst()
            .orElseThrow();
    assertThat(plan.data()).contains("\"wanted\":\"720p\"").contains("\"chosen\":\"480p\"");
    // The status message said so before the media arrived (it is edited at most every 3 s).
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                telegram.calls("editMessageText").stream()
                    .anyMatch(
                        c ->
                            c.requiredParam("text").contains("720p would be")
                                && c.requiredParam("text").contains("sending 480p instead")));
  }
}
