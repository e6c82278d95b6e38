package archiver.download;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.domain.ErrorType;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class LiveStartTest {

  private static final Instant NOW = Instant.parse("2026-12-02T07:00:00Z");

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // YouTube's playability reasons as yt-dlp raises them (extractor/youtube.py)
        "ERROR: [youtube] abc123def45: This live event will begin in 3 hours. | 2026-12-02T10:00:00Z",
        "ERROR: [youtube] abc123def45: This live event will begin in a few moments. | 2026-12-02T07:05:00Z",
        "ERROR: [youtube] abc123def45: Premiere will begin shortly | 2026-12-02T07:05:00Z",
        "ERROR: [youtube] abc123def45: This live event will begin in 45 minutes. | 2026-12-02T07:45:00Z",
        "ERROR: [youtube] abc123def45: This live event will begin in 1 minute. | 2026-12-02T07:01:00Z",
        // jmbannon/ytdl-sub#1323 (2025), from its logs of yt-dlp
        "ERROR: [youtube+GetPOT] zDDmqpnkPy8: This live event will begin in 2 days. | 2026-12-04T07:00:00Z",
        "ERROR: [youtube+GetPOT] CviUGzWvm6w: Premieres in 6 hours | 2026-12-02T13:00:00Z",
        // TeamNewPipe/NewPipe#5192: YouTube's reason "Premieres in 2 days"
        "ERROR: [youtube] 23k951y8z7o: Premieres in 2 days | 2026-12-04T07:00:00Z",
        // any case, as the classifier reads it
        "ERROR: [YOUTUBE] ABC123DEF45: THIS LIVE EVENT WILL BEGIN IN 3 HOURS. | 2026-12-02T10:00:00Z"
      })
  void givenYtDlpSaysWhenItStarts_whenRead_thenNowPlusThatWait(String message, Instant expected) {
    assertThat(LiveStart.startsAt(message, NOW)).contains(expected);
  }

  @ParameterizedTest(name = "{0}")
  @NullAndEmptySource
  @ValueSource(
      strings = {
        // extractor/twitter.py and rcti.py: not started, but no time said
        "ERROR: [twitter:spaces] 1OwxWwQOPlNxQ: Twitter Space not started yet",
        "ERROR: [rcti:livestream] sctv: This event has not started yet.",
        // not an upcoming event at all
        "ERROR: [youtube] abc123def45: Video unavailable",
        "[download] 12.5% of 40.00MiB at 2.00MiB/s ETA 00:17",
        // an absurd figure is no start time
        "ERROR: [youtube] abc123def45: This live event will begin in 999999 days."
      })
  void givenNoTimeSaid_whenRead_thenEmpty(String message) {
    assertThat(LiveStart.startsAt(message, NOW)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // the tail of two attempts: the later figure is the newer
        "ERROR: [youtube] abc123def45: This live event will begin in 3 hours.\\n"
            + "ERROR: [youtube] abc123def45: This live event will begin in a few moments. | PT5M",
        "ERROR: [youtube] abc123def45: This live event will begin in a few moments.\\n"
            + "ERROR: [youtube] abc123def45: This live event will begin in 3 hours. | PT3H"
      })
  void givenSeveralVerdicts_whenRead_thenTheLastOne(String message, Duration expected) {
    assertThat(LiveStart.untilStart(message.replace("\\n", "\n"))).contains(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "ERROR: [youtube] abc123def45: This live event will begin in 3 hours. | PT3H",
        "ERROR: [youtube+GetPOT] CviUGzWvm6w: Premieres in 6 hours | PT6H",
        "ERROR: [twitter:spaces] 1OwxWwQOPlNxQ: Twitter Space not started yet | "
      })
  void givenAnUpcomingEvent_whenClassifiedAtTheBoundary_thenTheWaitIsItsRetryAfter(
      String line, Duration wait) {
    DownloadFailure failure =
        DownloadFailure.classified(line, "[youtube] abc123def45: Downloading webpage\n" + line);

    assertThat(failure.type()).isEqualTo(ErrorType.NOT_YET_LIVE);
    assertThat(failure.retryAfter()).isEqualTo(Optional.ofNullable(wait));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "ERROR: [youtube] abc123def45: Video unavailable. This video has been removed by the uploader",
        "ERROR: [youtube] dQw4w9WgXcQ: Unable to download API page: HTTP Error 429: Too Many Requests"
      })
  void givenAnythingElse_whenClassified_thenNoStartTimeIsInvented(String line) {
    assertThat(DownloadFailure.classified(line, line).retryAfter()).isEmpty();
  }
}
