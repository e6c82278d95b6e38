package archiver.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.config.AppConfig;
import archiver.domain.AuthProfileStatus;
import archiver.domain.DownloadProgress;
import archiver.domain.ErrorType;
import archiver.domain.EventType;
import archiver.domain.Quality;
import archiver.domain.SourceType;
import archiver.download.Downloader;
import archiver.download.Downloaders;
import archiver.download.media.Ffprobe;
import archiver.download.media.MediaTools;
import archiver.download.media.OutputValidator;
import archiver.download.media.PostProcessor;
import archiver.download.process.SystemProcessRunner;
import archiver.logging.JobContext;
import archiver.storage.Database;
import archiver.testing.TestMedia;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline's stages with a scripted downloader and the real ffmpeg/ffprobe. */
class MediaPipelineIT {

  @TempDir Path dir;
  private Database db;
  private final Clock clock = Clock.systemUTC();
  private final List<EventType> events = new ArrayList<>();
  private final List<Map<String, ?>> eventData = new ArrayList<>();
  private final List<DownloadProgress> progress = new ArrayList<>();
  private final PipelineListener listener =
      new PipelineListener() {
        @Override
        public void event(PipelineEvent event) {
          events.add(event.type());
          eventData.add(event.data());
        }

        @Override
        public void progress(DownloadProgress p) {
          progress.add(p);
        }
      };

  @BeforeEach
  void open() {
    db = Database.open(dir.resolve("p.db"));
  }

  private MediaPipeline pipeline(Downloader downloader, List<AppConfig.AuthProfile> profiles) {
    return pipeline(downloader, profiles, MediaPipeline.CoverSource.NONE);
  }

  private MediaPipeline pipeline(
      Downloader downloader,
      List<AppConfig.AuthProfile> profiles,
      MediaPipeline.CoverSource covers) {
    Map<SourceType, Downloader> all = new EnumMap<>(SourceType.class);
    for (SourceType s : SourceType.values()) {
      all.put(s, downloader);
    }
    SystemProcessRunner runner = new SystemProcessRunner();
    MediaTools tools = new MediaTools(TestMedia.ffmpegPath(), TestMedia.ffprobePath());
    Ffprobe ffprobe = new Ffprobe(runner, tools, Duration.ofSeconds(30));
    return new MediaPipeline(
        new Downloaders(all),
        new AuthProfileSelector(profiles, db.authProfiles(), clock),
        new PostProcessor(runner, tools, ffprobe, Duration.ofSeconds(120)),
        new OutputValidator(ffprobe),
        covers,
        new archiver.download.media.AudioFitter(runner, tools, ffprobe, Duration.ofSeconds(120)),
        new archiver.download.media.Splitter(runner, tools, ffprobe, Duration.ofSeconds(120)),
        clock);
  }

  private PipelineRequest request(SourceType source, Quality quality, long maxBytes) {
    return new PipelineRequest(
        JobContext.of(1, 2L, 3L, source, "example.org"),
        URI.create("https://example.org/v"),
        source,
        quality,
        maxBytes,
        dir.resolve("job-1"));
  }

  private PipelineRequest request(Quality quality, long maxBytes, LongMediaLimits limits) {
    return new PipelineRequest(
        JobContext.of(1, 2L, 3L, SourceType.GENERIC, "example.org"),
        URI.create("https://example.org/v"),
        SourceType.GENERIC,
        quality,
        maxBytes,
        dir.resolve("job-1"),
        limits);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> dataOf(EventType type) {
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i) == type) {
        return (Map<String, Object>) eventData.get(i);
      }
    }
    throw new AssertionError("no " + type + " in " + events);
  }

  @Test
  void aVideoThatFitsIsOneFileAndNoPlanIsAnnounced() throws Exception {
    Path mp4 = TestMedia.h264AacMp4(Files.createDirectories(dir.resolve("src")), 2, 320, 240);
    ScriptedDownloader downloader =
        new ScriptedDownloader().then(new ScriptedDownloader.Deliver(mp4, "clip"));

    PipelineOutcome outcome =
        pipeline(downloader, List.of())
            .run(request(Quality.P720, Files.size(mp4) * 2, LongMediaLimits.DEFAULTS), listener);

    assertThat(((PipelineOutcome.Succeeded) outcome).parts()).hasSize(1);
    assertThat(dataOf(EventType.CAPABILITY_CHECK_PASSED)).doesNotContainKey("over_limit");
  }

  @Test
  void aVideoOverTheLimitIsPlannedInPartsAndSplitIntoPartsThatEachFit() throws Exception {
    Path mp4 = TestMedia.h264AacMp4(Files.createDirectories(dir.resolve("src")), 6, 320, 240);
    long limit = Files.size(mp4) / 2;
    ScriptedDownloader downloader =
        new ScriptedDownloader().then(new ScriptedDownloader.Deliver(mp4, "clip"));

    PipelineOutcome outcome =
        pipeline(downloader, List.of())
            .run(request(Quality.P720, limit, LongMediaLimits.DEFAULTS), listener);

    assertThat(outcome).isInstanceOf(PipelineOutcome.Succeeded.class);
    List<ReadyMedia> parts = ((PipelineOutcome.Succeeded) outcome).parts();
    assertThat(parts).hasSizeGreaterThanOrEqualTo(2);
    assertThat(parts)
        .allSatisfy(
            p -> {
              assertThat(p.sizeBytes()).isLessThanOrEqualTo(limit);
              assertThat(p.faststart()).isTrue();
              assertThat(p.thumbnail()).isPresent();
            });
    assertThat(dataOf(EventType.CAPABILITY_CHECK_PASSED))
        .containsEntry("over_limit", true)
        .containsEntry("delivery", "parts");
    assertThat(eventData).anyMatch(d -> "split".equals(d.get("step")) && d.containsKey("parts"));
  }

  @Test
  void aVideoThatWouldNeedMorePartsThanAllowedIsRefusedBeforeTheDownload() throws Exception {
    Path mp4 = TestMedia.h264AacMp4(Files.createDirectories(dir.resolve("src")), 6, 320, 240);
    ScriptedDownloader downloader =
        new ScriptedDownloader().then(new ScriptedDownloader.Deliver(mp4, "clip"));

    long limit = Files.size(mp4) / 2;
    PipelineOutcome outcome =
        pipeline(downloader, List.of())
            .run(request(Quality.P720, limit, new LongMediaLimits(1, 14400, 32)), listener);

    assertThat(outcome)
        .isInstanceOfSatisfying(
            PipelineOutcome.Failed.class,
            f -> {
              assertThat(f.stage()).isEqualTo(MediaPipeline.CAPABILITY_CHECK);
              assertThat(f.failure().type()).isEqualTo(ErrorType.SIZE_LIMIT);
              assertThat(f.failure().advice())
                  .contains(new archiver.domain.Advice.TooManyParts(1, limit));
            });
    assertThat(events).doesNotContain(EventType.DOWNLOAD_STARTED);
  }

  @Test
  void mediaLongerThanTheMostAllowedAreRefusedWithTheNumbers() throws Exception {
    Path mp4 = TestMedia.h264AacMp4(Files.createDirectories(dir.resolve("src")), 2, 320, 240);
    ScriptedDownloader downloader =
        new ScriptedDownloader().then(new ScriptedDownloader.Deliver(mp4, "clip"));

    PipelineOutcome outcome =
        pipeline(downloader, List.of())
            .run(request(Quality.P720, 50_000_000, new LongMediaLimits(20, 1, 32)), listener);

    assertThat(outcome)
        .isInstanceOfSatisfying(
            PipelineOutcome.Failed.class,
            f -> {
              assertThat(f.failure().type()).isEqualTo(ErrorType.SIZE_LIMIT);
              assertThat(f.failure().message())
                  .contains("0:00:02")
                  .contains("0:00:01")
                  .contains("limits.max_duration_seconds");
              assertThat(f.failure().advice()).contains(new archiver.domain.Advice.TooLong(2, 1));
            });
    assertThat(events).doesNotContain(EventType.DOWNLOAD_STARTED);
  }

  @Test
  void theOriginalAtExactlyTheLimitIsSentAsItIsUnderItsTitle() throws Exception {
    Path webm = TestMedia.vp9OpusWebm(Files.createDirectories(dir.resolve("src")), 2, 320, 240);
    ScriptedDownloader downloader =
        new ScriptedDownloader().then(new ScriptedDownloader.Deliver(webm, "A talk"));

    PipelineOutcome outcome =
        pipeline(downloader, List.of())
            .run(request(Quality.FILE, Files.size(webm), LongMediaLimits.DEFAULTS), listener);

    assertThat(outcome).isInstanceOf(PipelineOutcome.Succeeded.class);
    assertThat(((PipelineOutcome.Succeeded) outcome).parts())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.jobType()).isEqualTo(archiver.domain.JobType.FILE);
              assertThat(m.reencoded()).isFalse();
              assertThat(m.file().getFileName().toString()).isEqualTo("A talk.webm");
              assertThat(Files.readAllBytes(m.file())).isEqualTo(Files.readAllBytes(webm));
            });
    assertThat(dataOf(EventType.POSTPROCESS_FINISHED))
        .containsEntry("step", "as_file")
        .containsEntry("reencoded", false);
  }

  @Test
  void theOriginalJustOverTheLimitIsRefusedBeforeTheDownloadAndNeverSplit() throws Exception {
    Path webm = TestMedia.vp9OpusWebm(Files.createDirectories(dir.resolve("src")), 2, 320, 240);
    ScriptedDownloader downloader =
        new ScriptedDownloader().then(new ScriptedDownloader.Deliver(webm, "A talk"));
    long limit = Files.size(webm) - 1;

    PipelineOutcome outcome =
        pipeline(downloader, List.of())
            .run(request(Quality.FILE, limit, LongMediaLimits.DEFAULTS), listener);

    assertThat(outcome)
        .isInstanceOfSatisfying(
            PipelineOutcome.Failed.class,
            f -> {
              assertThat(f.stage()).isEqualTo(MediaPipeline.CAPABILITY_CHECK);
              assertThat(f.failure().type()).isEqualTo(ErrorType.SIZE_LIMIT);
              assertThat(f.failure().advice())
                  .contains(new archiver.domain.Advice.FileTooLarge(Optional.empty(), limit));
            });
    assertThat(events).doesNotContain(EventType.DOWNLOAD_STARTED);
    assertThat(dataOf(EventType.CAPABILITY_CHECK_FAILED)).containsEntry("advice", "file_too_large");
  }

  @Test
  void theOriginalOfUnknownSizeFoundOverTheLimitAfterTheDownloadIsRefusedWithItsRealSize()
      throws Exception {
    Path webm = TestMedia.vp9OpusWebm(Files.createDirectories(dir.resolve("src")), 2, 320, 240);
    ScriptedDownloader downloader =
        new ScriptedDownloader()
            .withoutSizes()
            .then(new ScriptedDownloader.Deliver(webm, "A talk"));
    long size = Files.size(webm);
    long limit = size - 1;

    PipelineOutcome outcome =
        pipeline(downloader, List.of())
            .run(request(Quality.FILE, limit, LongMediaLimits.DEFAULTS), listener);

    assertThat(outcome)
        .isInstanceOfSatisfying(
            PipelineOutcome.Failed.class,
            f -> {
              assertThat(f.stage()).isEqualTo(MediaPipeline.OUTPUT_VALIDATE);
              assertThat(f.failure().advice())
                  .contains(new archiver.domain.Advice.FileTooLarge(Optional.of(size), limit));
            });
    assertThat(events).doesNotContain(EventType.OUTPUT_VALIDATED);
  }

  @Test
  void audioOverTheLimitIsReencodedIntoOneFileThatFits() throws Exception {
    Path mp3 = TestMedia.mp3(Files.createDirectories(dir.resolve("src")), 40);
    long limit = Files.size(mp3) / 2;
    ScriptedDownloader downloader =
        new ScriptedDownloader().then(new ScriptedDownloader.Deliver(mp3, "talk"));

    PipelineOutcome outcome =
        pipeline(downloader, List.of())
            .run(request(Quality.AUDIO_128, limit, LongMediaLimits.DEFAULTS), listener);

    assertThat(outcome).isInstanceOf(PipelineOutcome.Succeeded.class);
    List<ReadyMedia> parts = ((PipelineOutcome.Succeeded) outcome).parts();
    assertThat(parts)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.sizeBytes()).isLessThanOrEqualTo(limit);
              assertThat(p.info().codecSummary()).contains("aac");
              assertThat(p.file().getFileName().toString()).endsWith(".m4a");
            });
    assertThat(dataOf(EventType.CAPABILITY_CHECK_PASSED)).containsEntry("delivery", "fit_audio");
    assertThat(eventData)
        .anyMatch(d -> "fit_audio".equals(d.get("step")) && d.containsKey("bitrate_kbps"));
  }

  @Test
  void givenVp9Download_whenVideoJob_thenEveryStageRunsAndResultIsTelegramReadyMp4()
      throws Exception {
    Path webm = TestMedia.vp9OpusWebm(Files.createDirectories(dir.resolve("src")), 2, 320, 240);
    ScriptedDownloader downloader =
        new ScriptedDownloader()
            .then(new ScriptedDownloader.Deliver(webm, "My ../clip: \u202Eevil"));

    PipelineOutcome outcome =
        pipeline(downloader, List.of())
            .run(request(SourceType.GENERIC, Quality.P720, 50_000_000), listener);

    assertThat(outcome).isInstanceOf(PipelineOutcome.Succeeded.class);
    ReadyMedia media = ((PipelineOutcome.Succeeded) outcome).media();
    assertThat(media.file()).startsWith(dir.resolve("job-1/out"));
    assertThat(media.file().getFileName().toString())
        .endsWith(".mp4")
        .doesNotContain("/", "\u202E");
    assertThat(media.reencoded()).isTrue();
    assertThat(media.faststart()).isTrue();
    assertThat(media.info().codecSummary()).contains("h264").contains("aac");
    assertThat(media.thumbnail()).isPresent();
    assertThat(events)
        .containsExactly(
            EventType.METADATA_FETCH_STARTED,
            EventType.METADATA_FETCH_FINISHED,
            EventType.CAPABILITY_CHECK_PASSED,
            EventType.DOWNLOAD_STARTED,
            EventType.DOWNLOAD_FINISHED,
            EventType.POSTPROCESS_STARTED,
            EventType.POSTPROCESS_FINISHED,
            EventType.OUTPUT_VALIDATED);
    assertThat(progress).isNotEmpty();
  }

  @Test
  void givenAudioJobAndASitePicture_thenTheAudioCarriesItAsCover() throws Exception {
    Path src = Files.createDirectories(dir.resolve("src"));
    Path mp3 = TestMedia.mp3(src, 2);
    Path jpeg = TestMedia.jpeg(src, 200, 200);
    List<String> asked = new ArrayList<>();
    MediaPipeline.CoverSource covers =
        (url, workDir) -> {
          asked.add(url.orElse(""));
          try {
            return java.util.Optional.of(Files.copy(jpeg, workDir.resolve("cover.jpg")));
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        };
    ScriptedDownloader downloader =
        new ScriptedDownloader().then(new ScriptedDownloader.Deliver(mp3, "A talk"));

    PipelineOutcome outcome =
        pipeline(downloader, List.of(), covers)
            .run(request(SourceType.GENERIC, Quality.AUDIO_128, 50_000_000), listener);

    assertThat(outcome).isInstanceOf(PipelineOutcome.Succeeded.class);
    ReadyMedia media = ((PipelineOutcome.Succeeded) outcome).media();
    assertThat(asked).containsExactly("https://img.example.org/cover.jpg");
    assertThat(media.info().coverArt()).isPresent();
    assertThat(media.info().tags()).containsEntry("title", "A talk");
  }

  @Test
  void givenTooLargeMedia_whenCapabilityCheck_thenSizeLimitBeforeAnyDownload() throws Exception {
    Path mp4 = TestMedia.h264AacMp4(Files.createDirectories(dir.resolve("src")), 2, 320, 240);
    ScriptedDownloader downloader =
        new ScriptedDownloader().then(new ScriptedDownloader.Deliver(mp4, "big"));

    PipelineOutcome outcome =
        pipeline(downloader, List.of())
            .run(request(SourceType.GENERIC, Quality.P720, 1_000), listener);

    assertThat(outcome)
        .isInstanceOfSatisfying(
            PipelineOutcome.Failed.class,
            f -> {
              assertThat(f.stage()).isEqualTo("CAPABILITY_CHECK");
              assertThat(f.failure().type()).isEqualTo(ErrorType.SIZE_LIMIT);
            });
    assertThat(events)
        .doesNotContain(EventType.DOWNLOAD_STARTED)
        .endsWith(EventType.CAPABILITY_CHECK_FAILED);
    assertThat(dir.resolve("job-1")).doesNotExist();
  }

  @Test
  void givenAuthErrorOnPrimary_thenFallbackProfileIsTriedAndPrimaryDegradesAfterThreeFailures()
      throws Exception {
    Path cookies = Files.writeString(dir.resolve("main.txt"), "# Netscape HTTP Cookie File\n");
    List<AppConfig.AuthProfile> profiles =
        List.of(
            new AppConfig.AuthProfile("yt_main", SourceType.YOUTUBE, cookies, List.of("yt_guest")),
            new AppConfig.AuthProfile("yt_guest", SourceType.YOUTUBE, null, List.of()));
    Path m4a = TestMedia.aacM4a(Files.createDirectories(dir.resolve("src")), 2);

    for (int round = 1; round <= 3; round++) {
      ScriptedDownloader downloader =
          new ScriptedDownloader()
              .then(
                  new ScriptedDownloader.FailMetadata(
                      ErrorType.AUTH_ERROR, "Sign in to confirm you're not a bot"))
              .then(new ScriptedDownloader.Deliver(m4a, "talk " + round));
      events.clear();
      PipelineOutcome outcome =
          pipeline(downloader, profiles)
              .run(request(SourceType.YOUTUBE, Quality.AUDIO_128, 50_000_000), listener);

      assertThat(outcome).isInstanceOf(PipelineOutcome.Succeeded.class);
      assertThat(downloader.profilesSeen()).containsExactly("yt_main", "yt_guest");
      assertThat(downloader.cookiesSeen().get(0)).contains(cookies);
      assertThat(downloader.cookiesSeen().get(1)).isEmpty();
      assertThat(events)
          .startsWith(
              EventType.METADATA_FETCH_STARTED,
              EventType.METADATA_FETCH_FAILED,
              EventType.METADATA_FETCH_STARTED);
    }
    assertThat(db.authProfiles().find("yt_main").orElseThrow().status())
        .isEqualTo(AuthProfileStatus.DEGRADED);
    assertThat(db.authProfiles().find("yt_guest").orElseThrow().lastSuccessAt()).isNotNull();

    ScriptedDownloader afterDegrade =
        new ScriptedDownloader().then(new ScriptedDownloader.Deliver(m4a, "talk 4"));
    pipeline(afterDegrade, profiles)
        .run(request(SourceType.YOUTUBE, Quality.AUDIO_128, 50_000_000), listener);
    assertThat(afterDegrade.profilesSeen()).containsExactly("yt_guest");
  }

  @Test
  void givenTheGuestFirstMeetsTheBotCheck_thenTheCookieProfileFetchesItAndTheGuestStaysFirst()
      throws Exception {
    Path cookies = Files.writeString(dir.resolve("main.txt"), "# Netscape HTTP Cookie File\n");
    List<AppConfig.AuthProfile> profiles =
        List.of(
            new AppConfig.AuthProfile("yt_guest", SourceType.YOUTUBE, null, List.of("yt_main")),
            new AppConfig.AuthProfile("yt_main", SourceType.YOUTUBE, cookies, List.of()));
    Path m4a = TestMedia.aacM4a(Files.createDirectories(dir.resolve("src")), 2);

    for (int round = 1; round <= 4; round++) {
      ScriptedDownloader downloader =
          new ScriptedDownloader()
              .then(
                  new ScriptedDownloader.FailMetadata(
                      ErrorType.AUTH_ERROR, "Sign in to confirm you’re not a bot"))
              .then(new ScriptedDownloader.Deliver(m4a, "talk " + round));
      events.clear();
      eventData.clear();
      PipelineOutcome outcome =
          pipeline(downloader, profiles)
              .run(request(SourceType.YOUTUBE, Quality.AUDIO_128, 50_000_000), listener);

      assertThat(outcome).isInstanceOf(PipelineOutcome.Succeeded.class);
      assertThat(downloader.profilesSeen()).containsExactly("yt_guest", "yt_main");
      assertThat(downloader.cookiesSeen().get(0)).isEmpty();
      assertThat(downloader.cookiesSeen().get(1)).contains(cookies);
      // Both attempts are on the timeline: the guest's failure names the profile tried next.
      assertThat(events)
          .startsWith(
              EventType.METADATA_FETCH_STARTED,
              EventType.METADATA_FETCH_FAILED,
              EventType.METADATA_FETCH_STARTED,
              EventType.METADATA_FETCH_FINISHED);
      assertThat(eventData.get(1).toString()).contains("AUTH_ERROR").contains("yt_main");
    }
    assertThat(db.authProfiles().find("yt_guest").orElseThrow().status())
        .as("a sign-in wall does not wear out the guest")
        .isEqualTo(AuthProfileStatus.ACTIVE);
  }

  @Test
  void givenDownloadFails_thenFailureCarriesTypeAndNoPostProcessing() throws Exception {
    ScriptedDownloader downloader =
        new ScriptedDownloader()
            .then(new ScriptedDownloader.FailDownload(ErrorType.NETWORK_ERROR, "Connection reset"));

    PipelineOutcome outcome =
        pipeline(downloader, List.of())
            .run(request(SourceType.GENERIC, Quality.P720, 50_000_000), listener);

    assertThat(outcome)
        .isInstanceOfSatisfying(
            PipelineOutcome.Failed.class,
            f -> {
              assertThat(f.stage()).isEqualTo("DOWNLOAD");
              assertThat(f.failure().type()).isEqualTo(ErrorType.NETWORK_ERROR);
            });
    assertThat(events)
        .endsWith(EventType.DOWNLOAD_FAILED)
        .doesNotContain(EventType.POSTPROCESS_STARTED);
    assertThat(eventData.getLast().get("error_type")).isEqualTo("NETWORK_ERROR");
  }
}
