package archiver.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import archiver.domain.SourceType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {

  @TempDir Path dir;
  private final ConfigLoader loader = new ConfigLoader();

  private AppConfig load(String yaml, Map<String, String> env) throws IOException {
    Path file = dir.resolve("config.yaml");
    Files.writeString(file, yaml);
    return loader.load(Optional.of(file), env, dir).config();
  }

  @Test
  void givenNoFileAnywhere_whenLoad_thenEmbeddedDefaults() {
    ConfigLoader.Loaded loaded = loader.load(Optional.empty(), Map.of(), dir);
    assertThat(loaded.file()).isEmpty();
    assertThat(loaded.config()).isEqualTo(AppConfig.defaults());
    assertThat(loaded.config().paths().database()).isEqualTo(Path.of("./data/archiver.db"));
    assertThat(loaded.config().telegram().apiBaseUrl()).isEqualTo("https://api.telegram.org");
    assertThat(loaded.config().effectiveMaxFileSizeBytes()).isEqualTo(52_428_800L);
  }

  @Test
  void givenConfigYamlInWorkDir_whenNoOption_thenItIsRead() throws IOException {
    Files.writeString(dir.resolve("config.yaml"), "limits:\n  max_parallel_jobs: 5\n");
    ConfigLoader.Loaded loaded = loader.load(Optional.empty(), Map.of(), dir);
    assertThat(loaded.file()).contains(dir.resolve("config.yaml"));
    assertThat(loaded.config().limits().maxParallelJobs()).isEqualTo(5);
  }

  @Test
  void givenArchiverConfigVariable_whenNoOption_thenThatFileWins() throws IOException {
    Files.writeString(dir.resolve("config.yaml"), "limits:\n  max_parallel_jobs: 5\n");
    Path other = Files.writeString(dir.resolve("other.yaml"), "limits:\n  max_parallel_jobs: 7\n");
    AppConfig c =
        loader.load(Optional.empty(), Map.of("ARCHIVER_CONFIG", other.toString()), dir).config();
    assertThat(c.limits().maxParallelJobs()).isEqualTo(7);
  }

  @Test
  void givenPartialSection_whenLoad_thenOtherKeysKeepDefaults() throws IOException {
    AppConfig c =
        load(
            """
            limits:
              max_queue_length: 10
              max_parallel_jobs_per_source: { FACEBOOK: 2 }
            telegram:
              api_base_url: http://127.0.0.1:8081
              admin_user_ids: [1, 2]
            security: { allow_private_addresses: true, extra_allowed_domains: [media.example.org] }
            logging: { file: /var/log/archiver.log }
            """,
            Map.of());
    assertThat(c.limits().maxQueueLength()).isEqualTo(10);
    assertThat(c.limits().maxParallelJobs()).isEqualTo(2);
    assertThat(c.limits().maxParallelJobsPerSource())
        .containsEntry(SourceType.FACEBOOK, 2)
        .containsEntry(SourceType.YOUTUBE, 2);
    assertThat(c.telegram().adminUserIds()).containsExactly(1L, 2L);
    assertThat(c.telegram().usesCloudApi()).isFalse();
    // A self-hosted Bot API server takes 2000 MB, and nothing smaller was asked for.
    assertThat(c.effectiveMaxFileSizeBytes()).isEqualTo(2000L * 1024 * 1024);
    assertThat(c.fileSizeLimitSource()).isEqualTo(AppConfig.FileSizeLimitSource.SELF_HOSTED_API);
    assertThat(c.security().allowPrivateAddresses()).isTrue();
    assertThat(c.security().extraAllowedDomains()).containsExactly("media.example.org");
    assertThat(c.logging().file()).isEqualTo(Path.of("/var/log/archiver.log"));
  }

  @Test
  void givenSelfHostedApiAndLargeLimit_thenEffectiveLimitIs2000MB() throws IOException {
    AppConfig c =
        load(
            "telegram: { api_base_url: 'http://bot-api:8081' }\nlimits: { max_file_size_bytes: 5000000000 }\n",
            Map.of());
    assertThat(c.effectiveMaxFileSizeBytes()).isEqualTo(2000L * 1024 * 1024);
  }

  @Test
  void anExplicitSmallerLimitWinsOverTheServersAndSaysSo() throws IOException {
    AppConfig c =
        load(
            "telegram: { api_base_url: 'http://bot-api:8081' }\nlimits: { max_file_size_bytes: 104857600 }\n",
            Map.of());
    assertThat(c.effectiveMaxFileSizeBytes()).isEqualTo(104_857_600L);
    assertThat(c.fileSizeLimitSource()).isEqualTo(AppConfig.FileSizeLimitSource.CONFIGURED);
    assertThat(load("", Map.of()).fileSizeLimitSource())
        .isEqualTo(AppConfig.FileSizeLimitSource.CLOUD_API);
  }

  @Test
  void givenEnvironmentOverrides_thenTheyBeatTheFile() throws IOException {
    AppConfig c =
        load(
            "limits: { max_parallel_jobs: 5 }\n",
            Map.of(
                "ARCHIVER_LIMITS_MAX_PARALLEL_JOBS", "3",
                "ARCHIVER_TELEGRAM_API_BASE_URL", "http://127.0.0.1:9000",
                "ARCHIVER_TELEGRAM_ADMIN_USER_IDS", "10, 20",
                "ARCHIVER_LIMITS_MAX_PARALLEL_JOBS_PER_SOURCE", "YOUTUBE=1,GENERIC=2",
                "ARCHIVER_MODES_MAINTENANCE", "true",
                "ARCHIVER_TOOLS_FFMPEG", "/opt/ffmpeg/bin/ffmpeg",
                "ARCHIVER_RETRIES_BACKOFF_SECONDS", "1,2",
                "ARCHIVER_LOGGING_FILE", "/tmp/a.log",
                "TELEGRAM_BOT_TOKEN", "123:abc"));
    assertThat(c.limits().maxParallelJobs()).isEqualTo(3);
    assertThat(c.telegram().apiBaseUrl()).isEqualTo("http://127.0.0.1:9000");
    assertThat(c.telegram().adminUserIds()).containsExactly(10L, 20L);
    assertThat(c.limits().maxParallelJobsPerSource())
        .containsEntry(SourceType.YOUTUBE, 1)
        .containsEntry(SourceType.GENERIC, 2);
    assertThat(c.modes().maintenance()).isTrue();
    assertThat(c.tools().ffmpeg()).isEqualTo("/opt/ffmpeg/bin/ffmpeg");
    assertThat(c.retries().backoffSeconds()).containsExactly(1, 2);
    assertThat(c.logging().file()).isEqualTo(Path.of("/tmp/a.log"));
  }

  @Test
  void givenAuthProfiles_whenLoad_thenTypedWithFallbacks() throws IOException {
    AppConfig c =
        load(
            """
            auth_profiles:
              - { id: fb_main, source: FACEBOOK, cookie_file: /etc/archiver/fb.txt }
              - { id: yt_a, source: YOUTUBE, fallbacks: [yt_b] }
              - { id: yt_b, source: YOUTUBE }
            """,
            Map.of());
    assertThat(c.authProfiles()).hasSize(3);
    assertThat(c.authProfilesFor(SourceType.YOUTUBE))
        .extracting(AppConfig.AuthProfile::id)
        .containsExactly("yt_a", "yt_b");
    assertThat(c.authProfiles().get(0).cookieFile()).isEqualTo(Path.of("/etc/archiver/fb.txt"));
  }

  @Test
  void givenEmptyFile_whenLoad_thenDefaults() throws IOException {
    assertThat(load("", Map.of())).isEqualTo(AppConfig.defaults());
    assertThat(load("telegram:\n", Map.of())).isEqualTo(AppConfig.defaults());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "limits: { max_parallel_jobs: -1 }                 | limits.max_parallel_jobs",
        "limits: { max_parallel_jobs: 0 }                  | limits.max_parallel_jobs",
        "limits: { max_parallel_jobs: many }               | limits.max_parallel_jobs",
        "limits: { max_parallel_jobs: 2.5 }                | limits.max_parallel_jobs",
        "limits: { max_parallel_jobs: null }               | limits.max_parallel_jobs",
        "limits: { max_paralel_jobs: 2 }                   | limits.max_paralel_jobs",
        "limitz: { max_parallel_jobs: 2 }                  | limitz",
        "limits: { max_parallel_jobs_per_source: { TIKTOK: 1 } } | limits.max_parallel_jobs_per_source",
        "limits: { max_parallel_jobs_per_source: { YOUTUBE: 0 } } | limits.max_parallel_jobs_per_source.YOUTUBE",
        "limits: { max_queue_length: -5 }                  | limits.max_queue_length",
        "limits: { max_file_size_bytes: 100 }              | limits.max_file_size_bytes",
        "limits: { max_file_size_bytes: -1 }               | limits.max_file_size_bytes",
        "timeouts: { download_seconds: 0 }                 | timeouts.download_seconds",
        "timeouts: { job_seconds: 3000, stale_threshold_seconds: 100 } | timeouts.stale_threshold_seconds",
        "retries: { max_retries: -1 }                      | retries.max_retries",
        "retries: { backoff_seconds: [] }                  | retries.backoff_seconds",
        "retries: { backoff_seconds: [10, -1] }            | retries.backoff_seconds",
        "modes: { maintenance: perhaps }                   | modes.maintenance",
        "telegram: { api_base_url: 'ftp://x' }             | telegram.api_base_url",
        "telegram: { admin_user_ids: [abc] }               | telegram.admin_user_ids",
        "paths: { tmp_root: /data/archive/tmp, archive_root: /data/archive } | paths.tmp_root",
        "paths: { tmp_root: /data/x, archive_root: /data/x } | paths.tmp_root",
        "paths: { tmp_root: /data/tmp, archive_root: /data/tmp/archive } | paths.archive_root",
        "logging: { level: LOUD }                          | logging.level",
        "logging: { max_files: 0 }                         | logging.max_files",
        "cleanup: { tmp_max_age_hours: 0 }                 | cleanup.tmp_max_age_hours",
        "security: { extra_allowed_domains: ['not a domain'] } | security.extra_allowed_domains",
        "auth_profiles: [ { id: a, source: YOUTUBE }, { id: a, source: YOUTUBE } ] | auth_profiles[1].id",
        "auth_profiles: [ { id: a, source: YOUTUBE, fallbacks: [b] } ] | auth_profiles[0].fallbacks",
        "auth_profiles: [ { id: a, source: MYSPACE } ]     | auth_profiles[0].source",
        "auth_profiles: [ { id: a, source: YOUTUBE, colour: red } ] | auth_profiles[0].colour",
        "tools: { yt_dlp: '' }                             | tools.yt_dlp",
      })
  void givenBadValue_whenLoad_thenOneLineNamesTheKey(String yaml, String key) {
    assertThatThrownBy(() -> load(yaml, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("config: ")
        .hasMessageContaining(key)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void givenTheRemovedStaleThreshold_whenLoad_thenTheOneLineSaysItIsNoLongerUsedAndToDeleteIt() {
    assertThatThrownBy(
            () ->
                loader.load(
                    Optional.empty(),
                    Map.of("ARCHIVER_TIMEOUTS_STALE_THRESHOLD_SECONDS", "2700"),
                    dir))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("timeouts.stale_threshold_seconds is unknown (no longer used");
    assertThatThrownBy(() -> load("timeouts: { stale_threshold_seconds: 2700 }", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "config: unknown key 'timeouts.stale_threshold_seconds' (no longer used")
        .hasMessageEndingWith("; delete it)")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    assertThatThrownBy(() -> load("timeouts: { stale_seconds: 1 }", Map.of()))
        .hasMessage("config: unknown key 'timeouts.stale_seconds'");
  }

  @Test
  void givenNotYaml_whenLoad_thenLineNumberIsNamed() {
    assertThatThrownBy(() -> load("limits: [unclosed\n  x: 1\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("not valid YAML");
  }

  @Test
  void givenMissingExplicitFile_whenLoad_thenClearError() {
    assertThatThrownBy(() -> loader.load(Optional.of(dir.resolve("nope.yaml")), Map.of(), dir))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("nope.yaml");
  }

  @ParameterizedTest
  @CsvSource({
    "ARCHIVER_LIMITS_NOPE, 1, limits.nope",
    "ARCHIVER_NOPE_X, 1, ARCHIVER_NOPE_X",
    "ARCHIVER_LIMITS_MAX_PARALLEL_JOBS, x, limits.max_parallel_jobs",
    "ARCHIVER_LIMITS_MAX_PARALLEL_JOBS, -3, limits.max_parallel_jobs",
    "ARCHIVER_AUTH_PROFILES_X, 1, auth_profiles",
  })
  void givenBadEnvironmentVariable_whenLoad_thenKeyIsNamed(String name, String value, String key) {
    assertThatThrownBy(() -> loader.load(Optional.empty(), Map.of(name, value), dir))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(key);
  }

  @Test
  void givenTheLauncherHeapVariable_whenLoad_thenItIsNotTakenForAKey() {
    assertThat(loader.load(Optional.empty(), Map.of("ARCHIVER_HEAP", "512m"), dir).config())
        .isEqualTo(AppConfig.defaults());
  }

  @Test
  void secretsComeOnlyFromEnvironmentAndNeverPrint() {
    Secrets s = Secrets.fromEnvironment(Map.of("TELEGRAM_BOT_TOKEN", " 123456:SECRET "));
    assertThat(s.telegramBotToken()).contains("123456:SECRET");
    assertThat(s.toString()).doesNotContain("SECRET");
    assertThat(Secrets.fromEnvironment(Map.of()).telegramBotToken()).isEmpty();
  }

  @Test
  void retriesBackoffRepeatsItsLastStep() {
    AppConfig.Retries r = new AppConfig.Retries(5, List.of(60, 300, 900));
    assertThat(r.backoffFor(1).toSeconds()).isEqualTo(60);
    assertThat(r.backoffFor(3).toSeconds()).isEqualTo(900);
    assertThat(r.backoffFor(5).toSeconds()).isEqualTo(900);
  }

  @Test
  void exampleConfigFileLoadsAndCoversEveryKey() throws IOException {
    Path example = Path.of("config.example.yaml");
    AppConfig c = loader.load(Optional.of(example), Map.of(), dir).config();
    assertThat(c).isNotNull();
    String text = Files.readString(example);
    String defaults = loader.toYaml(AppConfig.defaults());
    for (String line : defaults.lines().toList()) {
      String key = line.trim().replaceFirst("^- ", "").split(":")[0];
      if (line.contains(":") && key.matches("[a-z_]+")) {
        assertThat(text).as("config.example.yaml documents '%s'", key).contains(key + ":");
      }
    }
  }

  @Test
  void extractorArgsComeFromTheFileOrOneEnvironmentVariableAndMustBeExtractorColonArgs()
      throws Exception {
    assertThat(
            load(
                    "ytdlp:\n  extractor_args: ['youtubepot-bgutilhttp:base_url=http://127.0.0.1:4416']\n",
                    Map.of())
                .ytdlp()
                .extractorArgs())
        .containsExactly("youtubepot-bgutilhttp:base_url=http://127.0.0.1:4416");
    assertThat(
            load(
                    "",
                    Map.of(
                        "ARCHIVER_YTDLP_EXTRACTOR_ARGS",
                        "youtubepot-bgutilhttp:base_url=http://pot-provider:4416"))
                .ytdlp()
                .extractorArgs())
        .containsExactly("youtubepot-bgutilhttp:base_url=http://pot-provider:4416");
    assertThatThrownBy(() -> load("ytdlp:\n  extractor_args: ['base_url=http://x']\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ytdlp.extractor_args");
  }
}
