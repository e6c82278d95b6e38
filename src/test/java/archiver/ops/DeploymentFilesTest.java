package archiver.ops;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.config.AppConfig;
import archiver.config.ConfigLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment files (Dockerfile, .dockerignore, docker-compose.yml, the systemd unit, the env
 * template, docs/OPERATIONS.md) read as an operator's reviewer would read them. There is no Docker
 * engine on the build machines, so everything here is plain parsing; the systemd unit is also given
 * to {@code systemd-analyze} when the machine has it.
 */
class DeploymentFilesTest {

  private static final Path ROOT = Path.of("").toAbsolutePath();
  private static final Path UNIT = ROOT.resolve("deploy/media-archiver.service");
  private static final Path DOCKERFILE = ROOT.resolve("Dockerfile");
  private static final Path DOCKERIGNORE = ROOT.resolve(".dockerignore");
  private static final Path COMPOSE = ROOT.resolve("docker-compose.yml");
  private static final Path ENV_EXAMPLE = ROOT.resolve("deploy/env.example");
  private static final Path OPERATIONS = ROOT.resolve("docs/OPERATIONS.md");

  /** A Telegram bot token: the bot's numeric id, a colon, 35 URL-safe characters. */
  private static final Pattern TOKEN_LIKE = Pattern.compile("\\d{6,}:[A-Za-z0-9_-]{30,}");

  /**
   * The bot's graceful stop (RunCommand.SHUTDOWN_GRACE): anything that kills it must wait longer.
   */
  private static final long GRACEFUL_STOP_SECONDS = 20;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final YAMLMapper YAML = new YAMLMapper();

  @TempDir Path tmp;

  // ---------------------------------------------------------------- systemd unit

  @Test
  void givenTheSystemdUnit_whenParsedAsIni_thenItRunsTheJarAsADedicatedUserWithTheTokenFromAFile()
      throws IOException {
    Unit unit = Unit.parse(Files.readString(UNIT));

    assertThat(unit.sections()).containsKeys("Unit", "Service", "Install");
    assertThat(unit.words("Unit", "After")).contains("network-online.target");
    assertThat(unit.last("Service", "User")).isNotBlank().isNotIn("root", "0");
    assertThat(unit.last("Service", "Group")).isNotBlank().isNotIn("root", "0");
    assertThat(unit.last("Service", "DynamicUser"))
        .as("a dedicated, stable user owns the data")
        .isIn(null, "no");
    // No "-" prefix: a missing token file must stop the start, not be skipped silently.
    assertThat(unit.last("Service", "EnvironmentFile")).isEqualTo("/etc/media-archiver/env");
    assertThat(unit.last("Service", "WorkingDirectory")).startsWith("/");
    assertThat(environment(unit))
        .containsEntry("LC_ALL", "C.UTF-8")
        .doesNotContainKey("TELEGRAM_BOT_TOKEN");

    List<String> exec = unit.words("Service", "ExecStart");
    assertThat(exec.getFirst()).startsWith("/").endsWith("/java");
    assertThat(exec)
        .contains("-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED", "-jar", "--config");
    assertThat(exec).anyMatch(w -> w.matches("-Xmx\\d+[mMgG]"));
    assertThat(exec.get(exec.indexOf("-jar") + 1)).startsWith("/").endsWith("archiver.jar");
    assertThat(exec.get(exec.indexOf("--config") + 1)).isEqualTo("/etc/media-archiver/config.yaml");
    assertThat(exec.getLast()).isEqualTo("run");

    assertThat(unit.last("Service", "Restart")).isEqualTo("on-failure");
    assertThat(unit.words("Service", "RestartPreventExitStatus"))
        .as("exit code 2 is a configuration error; restarting cannot fix it")
        .contains("2");
    assertThat(unit.words("Service", "SuccessExitStatus"))
        .as("the JVM exits with 143 after a clean SIGTERM")
        .contains("143");
    assertThat(seconds(unit.last("Service", "TimeoutStopSec")))
        .isGreaterThan(GRACEFUL_STOP_SECONDS);
    assertThat(unit.words("Install", "WantedBy")).contains("multi-user.target");
  }

  @Test
  void givenTheSystemdUnit_whenParsed_thenItIsHardenedButKeepsNetworkJitAndChildProcesses()
      throws IOException {
    Unit unit = Unit.parse(Files.readString(UNIT));

    assertThat(unit.last("Service", "NoNewPrivileges")).isEqualTo("yes");
    assertThat(unit.last("Service", "ProtectSystem")).isEqualTo("strict");
    assertThat(unit.last("Service", "PrivateTmp")).isEqualTo("yes");
    assertThat(unit.last("Service", "ProtectHome")).isIn("yes", "read-only", "tmpfs");
    assertThat(unit.last("Service", "PrivateDevices")).isEqualTo("yes");
    // An empty assignment is systemd's "no capabilities at all".
    assertThat(unit.last("Service", "CapabilityBoundingSet")).isEmpty();
    assertThat(unit.last("Service", "AmbientCapabilities")).isIn(null, "");
    assertThat(unit.last("Service", "ProtectKernelTunables")).isEqualTo("yes");
    assertThat(unit.last("Service", "ProtectControlGroups")).isEqualTo("yes");
    assertThat(unit.last("Service", "RestrictSUIDSGID")).isEqualTo("yes");

    // What must stay possible: the JIT (JVM, deno), outbound network, yt-dlp/ffmpeg children.
    assertThat(unit.last("Service", "MemoryDenyWriteExecute")).isIn(null, "no");
    assertThat(unit.last("Service", "PrivateNetwork")).isIn(null, "no");
    assertThat(unit.all("Service", "IPAddressDeny")).isEmpty();
    assertThat(unit.words("Service", "RestrictAddressFamilies")).contains("AF_INET", "AF_INET6");
    assertThat(unit.all("Service", "SystemCallFilter"))
        .noneMatch(f -> f.startsWith("~") && f.contains("@process"));

    // Writable: the state and log directories, nothing else; the jar is not among them.
    List<String> dataDirs = new ArrayList<>();
    unit.words("Service", "StateDirectory").forEach(d -> dataDirs.add("/var/lib/" + d));
    unit.words("Service", "LogsDirectory").forEach(d -> dataDirs.add("/var/log/" + d));
    assertThat(dataDirs).contains("/var/lib/media-archiver");
    List<String> writable =
        unit.resettableWords("Service", "ReadWritePaths").stream()
            .map(p -> p.replaceFirst("^[-+]+", ""))
            .toList();
    assertThat(writable)
        .isNotEmpty()
        .allSatisfy(p -> assertThat(isUnderAny(p, dataDirs)).as(p).isTrue());
    assertThat(unit.last("Service", "WorkingDirectory"))
        .satisfies(d -> assertThat(isUnderAny(d, dataDirs)).isTrue());
    List<String> exec = unit.words("Service", "ExecStart");
    String jar = exec.get(exec.indexOf("-jar") + 1);
    assertThat(isUnderAny(jar, writable))
        .as("the bot must not be able to rewrite its own jar")
        .isFalse();
  }

  @Test
  void givenTheSystemdUnit_whenSystemdAnalyzeIsInstalled_thenVerifyAndSecurityAgree()
      throws Exception {
    String text = Files.readString(UNIT);
    Unit unit = Unit.parse(text);
    // The parse checks hold on every machine; systemd-analyze adds its own reading where it exists.
    assertThat(unit.last("Service", "ExecStart")).contains(" run");
    assertThat(unit.last("Service", "ProtectSystem")).isEqualTo("strict");

    Optional<Path> analyze = onPath("systemd-analyze");
    if (analyze.isPresent()) {
      // verify checks that ExecStart's program exists: point it at this JVM's java.
      String java = ProcessHandle.current().info().command().orElseThrow();
      Path copy = tmp.resolve("media-archiver.service");
      Files.writeString(copy, text.replace("/usr/bin/java", java));

      Result verify = run(analyze.get().toString(), "verify", copy.toString());
      assertThat(verify.exitCode()).as(verify.output()).isZero();
      // verify exits 0 even for unknown keys and bad values; it only prints them.
      assertThat(verify.output().lines())
          .as(verify.output())
          .noneMatch(l -> l.contains("media-archiver.service"));

      if (systemdVersion(analyze.get()) >= 250) { // --offline came with systemd 250
        Result security =
            run(
                analyze.get().toString(),
                "security",
                "--offline=yes",
                "--no-pager",
                copy.toString());
        Matcher m =
            Pattern.compile("Overall exposure level for \\S+: (\\d+\\.\\d+)")
                .matcher(security.output());
        assertThat(m.find()).as(security.output()).isTrue();
        assertThat(Double.parseDouble(m.group(1)))
            .as("exposure (0 best, 10 worst)")
            .isLessThanOrEqualTo(2.5);
      }
    }
  }

  // ---------------------------------------------------------------- Dockerfile

  @Test
  void givenTheDockerfile_whenRead_thenEveryBaseImageIsPinnedAndTheBuildIsTheWrapperPackage()
      throws IOException {
    Dockerfile file = Dockerfile.parse(Files.readString(DOCKERFILE));

    assertThat(file.stages()).hasSizeGreaterThanOrEqualTo(2);
    List<String> aliases = new ArrayList<>();
    for (Stage stage : file.stages()) {
      String image = stage.image();
      if (aliases.contains(image)) {
        continue;
      }
      ImageRef ref = ImageRef.parse(image);
      assertThat(ref.tag()).as("tag of " + image).isNotNull().isNotEqualTo("latest");
      assertThat(ref.digest() != null || ref.tag().matches(".*\\d+\\.\\d+.*"))
          .as(image + " names an exact release (or a digest), not a moving major tag")
          .isTrue();
      if (ref.name().contains("temurin") || ref.name().contains("openjdk")) {
        assertThat(ref.javaFeatureVersion()).as(image).isGreaterThanOrEqualTo(21);
      }
      if (stage.alias() != null) {
        aliases.add(stage.alias());
      }
    }
    assertThat(file.stages().getFirst().image()).contains("jdk");
    assertThat(file.finalStage().image()).contains("jre");
    assertThat(file.stages().getFirst().all("RUN"))
        .anyMatch(r -> r.contains("./mvnw -q -B -DskipTests package"));
  }

  @Test
  void givenTheDockerfile_whenRead_thenTheRuntimeIsOneNonRootProcessWithHealthCheckAndNoSecrets()
      throws IOException {
    String text = Files.readString(DOCKERFILE);
    Stage runtime = Dockerfile.parse(text).finalStage();

    assertThat(runtime.all("ENTRYPOINT")).hasSize(1);
    assertThat(runtime.all("CMD")).hasSize(1);
    int userAt = runtime.lastIndexOf("USER");
    assertThat(userAt).as("a USER instruction").isNotNegative();
    assertThat(userAt).isLessThan(runtime.lastIndexOf("ENTRYPOINT"));
    String user = runtime.all("USER").getLast().split(":")[0].trim();
    assertThat(user).isNotIn("root", "0");

    List<String> entrypoint = jsonArray(runtime.all("ENTRYPOINT").getFirst());
    assertThat(entrypoint)
        .contains("java", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED", "-jar");
    assertThat(entrypoint).anyMatch(a -> a.matches("-Xmx\\d+[mMgG]"));
    assertThat(entrypoint.get(entrypoint.indexOf("-jar") + 1)).isEqualTo("/app/archiver.jar");
    assertThat(entrypoint)
        .as("exec form, no shell: SIGTERM must reach the JVM")
        .doesNotContain("sh", "/bin/sh", "bash", "/bin/bash", "-c");
    assertThat(jsonArray(runtime.all("CMD").getFirst())).containsExactly("run");

    String healthcheck = runtime.all("HEALTHCHECK").getFirst();
    assertThat(healthcheck).contains("CMD");
    List<String> probe = jsonArray(healthcheck.substring(healthcheck.indexOf('[')));
    assertThat(probe).contains("java", "-jar", "/app/archiver.jar", "doctor", "--quick");

    Map<String, String> env = runtime.env();
    assertThat(env.get("LC_ALL")).contains("UTF-8");
    assertThat(env).doesNotContainKey("TELEGRAM_BOT_TOKEN");
    assertThat(runtime.all("ARG")).noneMatch(a -> a.contains("TELEGRAM_BOT_TOKEN"));
    assertThat(text)
        .doesNotContainPattern(TOKEN_LIKE)
        .doesNotContainPattern("TELEGRAM_BOT_TOKEN\\s*=");

    assertThat(runtime.all("VOLUME")).anyMatch(v -> v.contains("/data"));
    assertThat(env)
        .hasEntrySatisfying("ARCHIVER_PATHS_DATABASE", v -> assertThat(v).startsWith("/data/"))
        .hasEntrySatisfying("ARCHIVER_PATHS_TMP_ROOT", v -> assertThat(v).startsWith("/data/"))
        .hasEntrySatisfying("ARCHIVER_PATHS_ARCHIVE_ROOT", v -> assertThat(v).startsWith("/data/"));
    // Every ARCHIVER_ variable is read as a configuration key: an unknown one stops the bot.
    AppConfig config =
        new ConfigLoader().load(Optional.empty(), archiverVariables(env), tmp).config();
    assertThat(config.paths().database()).isEqualTo(Path.of(env.get("ARCHIVER_PATHS_DATABASE")));
  }

  @Test
  void
      givenTheDockerignore_whenMatchedLikeDocker_thenOnlySourcesReachTheBuildAndEveryCopyFindsItsFiles()
          throws IOException {
    DockerIgnore ignore = DockerIgnore.parse(Files.readString(DOCKERIGNORE));

    assertThat(
            List.of(
                ".env",
                "config.yaml",
                "secrets/yt_main.txt",
                "data/archiver.db",
                "target/archiver.jar",
                ".git/config",
                "deploy/env"))
        .allSatisfy(
            p -> assertThat(ignore.excludes(p)).as(p + " stays out of the build context").isTrue());

    Stage build = Dockerfile.parse(Files.readString(DOCKERFILE)).stages().getFirst();
    List<String> sources = new ArrayList<>();
    for (String copy : build.all("COPY")) {
      List<String> words = new ArrayList<>(Arrays.asList(copy.trim().split("\\s+")));
      words.removeIf(w -> w.startsWith("--"));
      sources.addAll(words.subList(0, words.size() - 1));
    }
    assertThat(sources).contains("mvnw", "pom.xml");
    for (String source : sources) {
      Path path = ROOT.resolve(source);
      assertThat(path).exists();
      try (Stream<Path> files = Files.isDirectory(path) ? Files.walk(path) : Stream.of(path)) {
        files
            .filter(Files::isRegularFile)
            .map(f -> ROOT.relativize(f).toString().replace(File.separatorChar, '/'))
            .forEach(
                f ->
                    assertThat(ignore.excludes(f))
                        .as(f + " is needed by COPY " + source)
                        .isFalse());
      }
    }
  }

  // ---------------------------------------------------------------- docker compose

  @Test
  void givenTheComposeFile_whenParsed_thenTheBotTakesItsTokenFromEnvFileAndKeepsDataInAVolume()
      throws IOException {
    String text = Files.readString(COMPOSE);
    JsonNode services = YAML.readTree(text).path("services");
    JsonNode bot = services.path("bot");

    assertThat(bot.isObject()).isTrue();
    assertThat(bot.has("build")).isTrue();
    assertThat(bot.has("profiles")).as("the bot starts without any profile").isFalse();
    assertThat(envFiles(bot)).contains(".env");
    assertThat(environmentOf(bot)).doesNotContainKey("TELEGRAM_BOT_TOKEN");
    assertThat(text)
        .doesNotContainPattern(TOKEN_LIKE)
        .doesNotContainPattern("TELEGRAM_BOT_TOKEN\\s*[:=]\\s*\\S");
    assertThat(mounts(bot)).containsValue("/data");
    assertThat(bot.path("restart").asText()).isIn("unless-stopped", "always", "on-failure");
    assertThat(seconds(bot.path("stop_grace_period").asText()))
        .isGreaterThan(GRACEFUL_STOP_SECONDS);
  }

  @Test
  void givenTheComposeFile_whenParsed_thenTheBotApiServerIsOptionalPinnedLocalAndShared()
      throws IOException {
    JsonNode services = YAML.readTree(Files.readString(COMPOSE)).path("services");
    String name = botApiServiceName(services);
    JsonNode api = services.path(name);

    ImageRef ref = ImageRef.parse(api.path("image").asText());
    assertThat(ref.tag()).isNotNull().isNotEqualTo("latest").matches(".*\\d.*");
    assertThat(api.path("profiles").isArray() && !api.path("profiles").isEmpty())
        .as("behind a compose profile")
        .isTrue();
    Map<String, String> env = environmentOf(api);
    assertThat(env.get("TELEGRAM_LOCAL")).isIn("1", "true", "True");
    assertThat(env.get("TELEGRAM_API_ID"))
        .as("interpolated from .env, not written here")
        .startsWith("${");
    assertThat(env.get("TELEGRAM_API_HASH"))
        .as("interpolated from .env, not written here")
        .startsWith("${");
    assertThat(api.has("ports")).as("only the bot talks to it").isFalse();

    // Local mode answers with paths inside the server's volume: the bot sees it at the same path.
    Map<String, String> apiMounts = mounts(api);
    Map<String, String> botMounts = mounts(services.path("bot"));
    assertThat(apiMounts).isNotEmpty();
    assertThat(apiMounts)
        .anySatisfy((volume, target) -> assertThat(botMounts).containsEntry(volume, target));
  }

  @Test
  void givenTheEnvTemplate_whenItsCommentedBotApiBlockIsEnabled_thenComposeAndTheBotAgree()
      throws IOException {
    JsonNode services = YAML.readTree(Files.readString(COMPOSE)).path("services");
    String name = botApiServiceName(services);
    Map<String, String> optional = envLines(Files.readString(ENV_EXAMPLE), true);

    assertThat(optional.get("ARCHIVER_TELEGRAM_API_BASE_URL"))
        .isEqualTo("http://" + name + ":8081");
    List<String> profiles = new ArrayList<>();
    services.path(name).path("profiles").forEach(p -> profiles.add(p.asText()));
    assertThat(profiles).contains(optional.get("COMPOSE_PROFILES"));
    assertThat(optional).containsKeys("TELEGRAM_API_ID", "TELEGRAM_API_HASH");

    AppConfig config =
        new ConfigLoader().load(Optional.empty(), archiverVariables(optional), tmp).config();
    assertThat(config.telegram().usesCloudApi()).isFalse();
    assertThat(config.effectiveMaxFileSizeBytes())
        .as("uploads up to what a self-hosted server takes")
        .isEqualTo(AppConfig.SELF_HOSTED_UPLOAD_LIMIT_BYTES);
  }

  @Test
  void givenTheEnvTemplate_whenItsCommentedPoTokenLineIsEnabled_thenYtDlpAsksTheComposeProvider()
      throws IOException {
    JsonNode services = YAML.readTree(Files.readString(COMPOSE)).path("services");
    JsonNode provider = services.path("pot-provider");
    List<String> profiles = new ArrayList<>();
    provider.path("profiles").forEach(p -> profiles.add(p.asText()));
    assertThat(profiles).as("behind a compose profile").containsExactly("pot");
    assertThat(provider.has("ports")).as("not published").isFalse();
    assertThat(ImageRef.parse(provider.path("image").asText()).tag()).isNotEqualTo("latest");
    Map<String, String> optional = envLines(Files.readString(ENV_EXAMPLE), true);

    AppConfig config =
        new ConfigLoader()
            .load(
                Optional.empty(),
                Map.of(
                    "ARCHIVER_YTDLP_EXTRACTOR_ARGS", optional.get("ARCHIVER_YTDLP_EXTRACTOR_ARGS")),
                tmp)
            .config();
    assertThat(config.ytdlp().extractorArgs())
        .containsExactly("youtubepot-bgutilhttp:base_url=http://pot-provider:4416");
    assertThat(Files.readString(DOCKERFILE)).contains("bgutil-ytdlp-pot-provider==");
  }

  @Test
  void givenTheEnvTemplate_whenRead_thenItHasAnEmptyTokenAndOnlyValidSettings() throws IOException {
    String text = Files.readString(ENV_EXAMPLE);
    Map<String, String> active = envLines(text, false);

    assertThat(active).containsEntry("TELEGRAM_BOT_TOKEN", "");
    assertThat(text).doesNotContainPattern(TOKEN_LIKE).contains("0600");
    // systemd's EnvironmentFile= has no trailing comments: a "#" after a value would be part of it.
    assertThat(envLines(text, true).values()).noneMatch(v -> v.contains("#"));
    Map<String, String> everything = new HashMap<>(active);
    everything.putAll(envLines(text, true));
    new ConfigLoader().load(Optional.empty(), archiverVariables(everything), tmp);
  }

  // ---------------------------------------------------------------- docs

  @Test
  void givenTheOperationsGuide_whenRead_thenItsInstallCommandsMatchTheUnitAndTheImage()
      throws IOException {
    String guide = Files.readString(OPERATIONS);
    Map<String, String> args = Dockerfile.parse(Files.readString(DOCKERFILE)).finalStage().args();
    Unit unit = Unit.parse(Files.readString(UNIT));
    List<String> exec = unit.words("Service", "ExecStart");

    assertThat(guide)
        .contains("\"yt-dlp[default]==" + args.get("YT_DLP_VERSION") + "\"")
        .contains("\"deno==" + args.get("DENO_VERSION") + "\"")
        .contains(exec.get(exec.indexOf("-jar") + 1))
        .contains(unit.last("Service", "EnvironmentFile"))
        .contains("useradd --system")
        .contains(".backup")
        .contains("journalctl -u media-archiver")
        .contains("Netscape")
        .contains("0600");
  }

  // ---------------------------------------------------------------- the launcher

  @Test
  void givenTheLauncher_whenItsJvmFlagsAreRead_thenTheUnitAndTheImageRunTheBotWithTheSame()
      throws IOException {
    List<String> launcher = launcherJvmFlags();
    assertThat(launcher)
        .contains("-XX:+UseSerialGC")
        .anyMatch(f -> f.matches("-Xms\\d+[mMgG]"))
        .anyMatch(f -> f.matches("-Xmx\\d+[mMgG]"));

    List<String> exec = Unit.parse(Files.readString(UNIT)).words("Service", "ExecStart");
    List<String> entrypoint =
        jsonArray(
            Dockerfile.parse(Files.readString(DOCKERFILE))
                .finalStage()
                .all("ENTRYPOINT")
                .getFirst());
    assertThat(exec.subList(0, exec.indexOf("-jar"))).as("the systemd unit").containsAll(launcher);
    assertThat(entrypoint.subList(0, entrypoint.indexOf("-jar")))
        .as("the image")
        .containsAll(launcher);
  }

  // ================================================================ helpers

  private static boolean isUnderAny(String path, List<String> dirs) {
    Path p = Path.of(path).normalize();
    return dirs.stream().anyMatch(d -> p.startsWith(Path.of(d)));
  }

  private static Map<String, String> environment(Unit unit) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String word : unit.words("Service", "Environment")) {
      int eq = word.indexOf('=');
      env.put(word.substring(0, eq), word.substring(eq + 1));
    }
    return env;
  }

  /** systemd and compose time spans: "45", "45s", "1min 30s", "1m30s". */
  static long seconds(String span) {
    assertThat(span).as("a time span").isNotBlank();
    Matcher m =
        Pattern.compile("(\\d+)\\s*(msec|ms|seconds?|sec|s|minutes?|min|m|hours?|hr|h)?")
            .matcher(span);
    long total = 0;
    while (m.find()) {
      long n = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2);
      total +=
          switch (unit) {
            case "ms", "msec" -> n / 1000;
            case "m", "min", "minute", "minutes" -> n * 60;
            case "h", "hr", "hour", "hours" -> n * 3600;
            default -> n;
          };
    }
    return total;
  }

  /**
   * The -X and -XX options on the launcher's java command line, {@code ${ARCHIVER_HEAP:-256m}} as
   * 256m.
   */
  private static List<String> launcherJvmFlags() throws IOException {
    String text = Files.readString(ROOT.resolve("archiver"));
    int from = text.indexOf("exec \"$JAVA_HOME/bin/java\"");
    int to = text.indexOf("-jar \"$jar\"", from);
    assertThat(from).as("the launcher's java command").isNotNegative();
    assertThat(to).as("the launcher's -jar").isGreaterThan(from);
    List<String> flags = new ArrayList<>();
    for (String word : text.substring(from, to).replace("\\\n", " ").split("\\s+")) {
      if (word.startsWith("-X")) {
        flags.add(word.replaceAll("\\$\\{[A-Z_]+:-([^}]*)}", "$1"));
      }
    }
    return flags;
  }

  private static List<String> jsonArray(String text) throws IOException {
    List<String> out = new ArrayList<>();
    JsonNode array = JSON.readTree(text.trim());
    assertThat(array.isArray()).as("exec form (a JSON array): " + text).isTrue();
    array.forEach(e -> out.add(e.asText()));
    return out;
  }

  private static Map<String, String> archiverVariables(Map<String, String> env) {
    Map<String, String> out = new HashMap<>();
    env.forEach(
        (k, v) -> {
          if (k.startsWith("ARCHIVER_")) {
            out.put(k, v);
          }
        });
    return out;
  }

  /** KEY=value lines of an env file: the active ones, or the commented-out "#KEY=value" ones. */
  private static Map<String, String> envLines(String text, boolean commented) {
    Pattern line =
        Pattern.compile(commented ? "^#([A-Z][A-Z0-9_]*)=(.*)$" : "^([A-Z][A-Z0-9_]*)=(.*)$");
    Map<String, String> out = new LinkedHashMap<>();
    text.lines()
        .map(String::strip)
        .forEach(
            l -> {
              Matcher m = line.matcher(l);
              if (m.matches()) {
                out.put(m.group(1), m.group(2));
              }
            });
    return out;
  }

  private static String botApiServiceName(JsonNode services) {
    for (Map.Entry<String, JsonNode> e : services.properties()) {
      if (e.getValue().path("image").asText().startsWith("aiogram/telegram-bot-api")) {
        return e.getKey();
      }
    }
    throw new AssertionError("no service runs aiogram/telegram-bot-api");
  }

  private static List<String> envFiles(JsonNode service) {
    JsonNode node = service.path("env_file");
    List<String> out = new ArrayList<>();
    if (node.isTextual()) {
      out.add(node.asText());
    } else {
      node.forEach(e -> out.add(e.isTextual() ? e.asText() : e.path("path").asText()));
    }
    return out.stream().map(p -> p.replaceFirst("^\\./", "")).toList();
  }

  private static Map<String, String> environmentOf(JsonNode service) {
    JsonNode node = service.path("environment");
    Map<String, String> out = new LinkedHashMap<>();
    if (node.isObject()) {
      node.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
    } else {
      node.forEach(
          e -> {
            String s = e.asText();
            int eq = s.indexOf('=');
            out.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? null : s.substring(eq + 1));
          });
    }
    return out;
  }

  /** Short-syntax volumes as source -> target. */
  private static Map<String, String> mounts(JsonNode service) {
    Map<String, String> out = new LinkedHashMap<>();
    service
        .path("volumes")
        .forEach(
            v -> {
              String[] parts = v.asText().split(":");
              if (parts.length >= 2) {
                out.put(parts[0], parts[1]);
              }
            });
    return out;
  }

  private static Optional<Path> onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    return Arrays.stream(path.split(File.pathSeparator))
        .filter(d -> !d.isBlank())
        .map(d -> Path.of(d, program))
        .filter(Files::isExecutable)
        .findFirst();
  }

  private int systemdVersion(Path analyze) throws Exception {
    Matcher m =
        Pattern.compile("systemd (\\d+)").matcher(run(analyze.toString(), "--version").output());
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  private record Result(int exitCode, String output) {}

  private Result run(String... command) throws Exception {
    Path out = tmp.resolve("process-" + System.nanoTime() + ".txt");
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + String.join(" ", command));
    }
    return new Result(p.exitValue(), new String(Files.readAllBytes(out), StandardCharsets.UTF_8));
  }

  // ---------------------------------------------------------------- a systemd unit, as INI

  /** Sections of key -> every assignment in order (systemd allows repeating a key). */
  private record Unit(Map<String, Map<String, List<String>>> sections) {

    static Unit parse(String text) {
      Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
      Map<String, List<String>> current = null;
      String pending = "";
      int number = 0;
      for (String raw : text.split("\n", -1)) {
        number++;
        String line = pending.isEmpty() ? raw.strip() : pending + " " + raw.strip();
        if (!pending.isEmpty() && (raw.strip().startsWith("#") || raw.strip().startsWith(";"))) {
          continue; // comments inside a continued line are skipped, as systemd does
        }
        if (line.endsWith("\\")) {
          pending = line.substring(0, line.length() - 1).strip();
          continue;
        }
        pending = "";
        if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
          continue;
        }
        if (line.startsWith("[")) {
          assertThat(line).as("line " + number).matches("\\[[A-Za-z]+\\]");
          current =
              sections.computeIfAbsent(
                  line.substring(1, line.length() - 1), s -> new LinkedHashMap<>());
          continue;
        }
        int eq = line.indexOf('=');
        assertThat(eq)
            .as("line %d is neither a section, a comment nor Key=Value: %s", number, line)
            .isPositive();
        assertThat(current).as("line %d comes before any section", number).isNotNull();
        String key = line.substring(0, eq).strip();
        assertThat(key).as("line " + number).matches("[A-Za-z][A-Za-z0-9]*");
        current.computeIfAbsent(key, k -> new ArrayList<>()).add(line.substring(eq + 1).strip());
      }
      assertThat(pending).as("the file ends inside a continued line").isEmpty();
      return new Unit(sections);
    }

    List<String> all(String section, String key) {
      return sections.getOrDefault(section, Map.of()).getOrDefault(key, List.of());
    }

    /** The value in force for a single-valued key (the last assignment wins), or null. */
    String last(String section, String key) {
      List<String> values = all(section, key);
      return values.isEmpty() ? null : values.getLast();
    }

    /** Every whitespace-separated word over all assignments. */
    List<String> words(String section, String key) {
      return all(section, key).stream()
          .flatMap(v -> Arrays.stream(v.split("\\s+")))
          .filter(w -> !w.isEmpty())
          .toList();
    }

    /** As {@link #words}, for list keys where an empty assignment clears what came before. */
    List<String> resettableWords(String section, String key) {
      List<String> out = new ArrayList<>();
      for (String value : all(section, key)) {
        if (value.isEmpty()) {
          out.clear();
        } else {
          out.addAll(Arrays.asList(value.split("\\s+")));
        }
      }
      return out;
    }
  }

  // ---------------------------------------------------------------- a Dockerfile

  private record Instruction(String keyword, String args) {}

  private record Stage(String image, String alias, List<Instruction> instructions) {

    List<String> all(String keyword) {
      return instructions.stream()
          .filter(i -> i.keyword().equals(keyword))
          .map(Instruction::args)
          .toList();
    }

    int lastIndexOf(String keyword) {
      for (int i = instructions.size() - 1; i >= 0; i--) {
        if (instructions.get(i).keyword().equals(keyword)) {
          return i;
        }
      }
      return -1;
    }

    /** ENV in its KEY=value form (several per instruction allowed). */
    Map<String, String> env() {
      return assignments("ENV");
    }

    /** ARG defaults. */
    Map<String, String> args() {
      return assignments("ARG");
    }

    private Map<String, String> assignments(String keyword) {
      Map<String, String> out = new LinkedHashMap<>();
      Pattern pair = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|\\S*)");
      for (String args : all(keyword)) {
        Matcher m = pair.matcher(args);
        while (m.find()) {
          out.put(m.group(1), m.group(2).replaceAll("^\"|\"$", ""));
        }
      }
      return out;
    }
  }

  private record Dockerfile(List<Stage> stages) {

    static Dockerfile parse(String text) {
      List<String> logical = new ArrayList<>();
      StringBuilder pending = new StringBuilder();
      for (String raw : text.split("\n", -1)) {
        String line = raw.strip();
        if (line.startsWith("#")) {
          continue; // comments (also inside continued instructions) are dropped by Docker
        }
        if (line.endsWith("\\")) {
          pending.append(line, 0, line.length() - 1).append(' ');
          continue;
        }
        pending.append(line);
        if (!pending.toString().isBlank()) {
          logical.add(pending.toString().strip());
        }
        pending.setLength(0);
      }
      assertThat(pending.toString())
          .as("the Dockerfile ends inside a continued instruction")
          .isBlank();

      List<Stage> stages = new ArrayList<>();
      for (String line : logical) {
        String[] kw = line.split("\\s+", 2);
        String keyword = kw[0].toUpperCase(java.util.Locale.ROOT);
        String args = kw.length > 1 ? kw[1] : "";
        if (keyword.equals("FROM")) {
          List<String> words = new ArrayList<>(Arrays.asList(args.split("\\s+")));
          words.removeIf(w -> w.startsWith("--"));
          String alias =
              words.size() >= 3 && words.get(1).equalsIgnoreCase("AS") ? words.get(2) : null;
          stages.add(new Stage(words.getFirst(), alias, new ArrayList<>()));
        } else {
          assertThat(stages).as(keyword + " before any FROM").isNotEmpty();
          stages.getLast().instructions().add(new Instruction(keyword, args));
        }
      }
      return new Dockerfile(stages);
    }

    Stage finalStage() {
      return stages.getLast();
    }
  }

  /** registry/name:tag@digest. */
  private record ImageRef(String name, String tag, String digest) {

    static ImageRef parse(String ref) {
      String digest = null;
      int at = ref.indexOf('@');
      if (at >= 0) {
        digest = ref.substring(at + 1);
        ref = ref.substring(0, at);
      }
      int colon = ref.lastIndexOf(':');
      if (colon > ref.lastIndexOf('/')) {
        return new ImageRef(ref.substring(0, colon), ref.substring(colon + 1), digest);
      }
      return new ImageRef(ref, null, digest);
    }

    int javaFeatureVersion() {
      Matcher m = Pattern.compile("^(\\d+)").matcher(tag == null ? "" : tag);
      return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }
  }

  // ---------------------------------------------------------------- .dockerignore

  /**
   * Docker's rules: patterns in order, the last match wins, "!" re-includes, and a pattern that
   * matches a folder matches everything under it. Globs are Go's filepath.Match, which Java's glob
   * syntax follows for "*", "?" and "[...]" (neither crosses "/").
   */
  private record DockerIgnore(List<String> patterns) {

    static DockerIgnore parse(String text) {
      return new DockerIgnore(
          text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList());
    }

    boolean excludes(String path) {
      boolean excluded = false;
      for (String pattern : patterns) {
        boolean negate = pattern.startsWith("!");
        String glob = (negate ? pattern.substring(1) : pattern).replaceAll("^/+|/+$", "");
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        if (matchesItselfOrAParent(matcher, path)) {
          excluded = !negate;
        }
      }
      return excluded;
    }

    private static boolean matchesItselfOrAParent(PathMatcher matcher, String path) {
      Path p = Path.of(path);
      for (int i = 1; i <= p.getNameCount(); i++) {
        if (matcher.matches(p.subpath(0, i))) {
          return true;
        }
      }
      return false;
    }
  }
}
