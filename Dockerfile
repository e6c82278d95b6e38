# media-archiver container image: one process (the bot), as a non-root user, with its state
# in the /data volume. Build and run: docs/OPERATIONS.md ("Docker compose").
#
# Base images are pinned to exact Temurin releases so that a rebuild months later gets the
# same JDK; bump both tags together when a new Temurin 25 update is out.

# ---- build: the same command that .ci/run proves, on a full JDK ---------------------------
FROM eclipse-temurin:25.0.3_9-jdk-noble AS build
WORKDIR /src
# The .dockerignore lets in only the wrapper, the POM and src/: no data, no secrets.
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
COPY src/ src/
# The cache mount keeps Maven and the libraries between builds without putting them in a layer.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -q -B -DskipTests package \
 && cp target/archiver.jar /archiver.jar

# ---- runtime: JRE + ffmpeg + a current yt-dlp ---------------------------------------------
FROM eclipse-temurin:25.0.3_9-jre-noble

# yt-dlp is installed the way its README recommends (pip), into its own venv, at a pinned
# release so that an image build is reproducible. Debian/Ubuntu's yt-dlp package is far too
# old for YouTube. deno is the JavaScript runtime yt-dlp needs for YouTube's player
# challenges since 2025.11 (yt-dlp-ejs, which comes with [default], holds the scripts).
# Update by rebuilding with --build-arg YT_DLP_VERSION=... (see docs/OPERATIONS.md).
ARG YT_DLP_VERSION=2026.10.26
ARG DENO_VERSION=2.9.8
# The PO-token provider's yt-dlp plugin: idle unless a provider is configured (the optional
# pot-provider service in docker-compose.yml, docs/OPERATIONS.md "YouTube's bot check").
ARG POT_PLUGIN_VERSION=1.2.2

# Fixed ids so that files in a bind-mounted /data can be chowned to the bot on the host.
ARG APP_UID=10001
ARG APP_GID=10001

# apt versions are not pinned: Ubuntu replaces them with security updates, and the pinned
# base image already fixes the release. tini is PID 1: it forwards SIGTERM to the JVM and
# reaps the grandchildren (ffmpeg, deno) that yt-dlp leaves behind when it is killed.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      ffmpeg python3 python3-venv tini \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid "${APP_GID}" media-archiver \
 && useradd --system --uid "${APP_UID}" --gid media-archiver \
      --home-dir /home/media-archiver --create-home --shell /usr/sbin/nologin media-archiver \
 && python3 -m venv /opt/yt-dlp \
 && /opt/yt-dlp/bin/pip install --no-cache-dir --disable-pip-version-check \
      "yt-dlp[default]==${YT_DLP_VERSION}" "deno==${DENO_VERSION}" \
      "bgutil-ytdlp-pot-provider==${POT_PLUGIN_VERSION}" \
 && /opt/yt-dlp/bin/yt-dlp --version \
 && /opt/yt-dlp/bin/deno --version \
 && chown -R media-archiver:media-archiver /opt/yt-dlp \
 && mkdir -p /data \
 && chown media-archiver:media-archiver /data

# The venv belongs to the bot's user so that a quick fix ("pip install -U yt-dlp" inside the
# running container) works without root; it lasts until the container is recreated.
ENV PATH=/opt/yt-dlp/bin:${PATH} \
    LANG=C.UTF-8 \
    LC_ALL=C.UTF-8 \
    ARCHIVER_PATHS_DATABASE=/data/archiver.db \
    ARCHIVER_PATHS_TMP_ROOT=/data/tmp \
    ARCHIVER_PATHS_ARCHIVE_ROOT=/data/archive
# LC_ALL above: Java cannot write file names it cannot encode, so Arabic titles need UTF-8.
# The ARCHIVER_PATHS_* variables win over any config file: all state stays in /data.

# Root-owned and read-only for the bot: it cannot alter its own code.
COPY --from=build /archiver.jar /app/archiver.jar

VOLUME ["/data"]
# A config.yaml placed in /data is picked up (./config.yaml of the working directory); or
# mount one anywhere read-only and set ARCHIVER_CONFIG to its path.
WORKDIR /data
USER media-archiver:media-archiver

# doctor --quick: tools present, database opens, paths writable, locale UTF-8; no network,
# so a Telegram outage does not make the container "unhealthy". It starts a second JVM,
# hence the long interval and the small heap.
HEALTHCHECK --interval=5m --timeout=60s --start-period=2m --retries=3 \
  CMD ["java", "-XX:+UseSerialGC", "-Xmx128m", "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED", "-jar", "/app/archiver.jar", "doctor", "--quick"]

# Small-VPS flags, as in ./archiver: SerialGC and a heap that starts small (-Xms16m: see the
# launcher) and is bounded; an OutOfMemoryError ends the process so the restart policy brings
# back a whole bot. sqlite-jdbc loads native code, which JDK 22+ allows only with
# --enable-native-access. The graceful stop takes up to 20 s:
# give `docker stop` more than that (compose sets stop_grace_period).
ENTRYPOINT ["/usr/bin/tini", "--", "java", "-XX:+UseSerialGC", "-Xms16m", "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError", "--enable-native-access=ALL-UNNAMED", "-jar", "/app/archiver.jar"]
CMD ["run"]
