package archiver.bot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which link a reply is about, when one message carried several. */
class JobRequestsTest {

  @Test
  void theOnlyLinkOfAMessageGetsNoLabel() {
    String url = "https://www.youtube.com/watch?v=abc";

    assertThat(JobRequests.labelAmong(url, List.of(url))).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "https://www.youtube.com/watch?v=abc, youtube.com/watch?v=abc",
    "http://archive.org/details/talk, archive.org/details/talk",
    "HTTPS://WWW.Example.org/a, Example.org/a",
  })
  void amongSeveralLinksEachIsNamedWithoutSchemeAndWww(String url, String label) {
    assertThat(JobRequests.labelAmong(url, List.of(url, "https://example.org/other")))
        .isEqualTo(Optional.of(label));
  }

  @Test
  void aLongLinkIsCutToSixtyCharactersEndingInAnEllipsis() {
    String url = "https://example.org/" + "x".repeat(200);

    String label = JobRequests.labelAmong(url, List.of(url, "https://example.org/b")).orElseThrow();

    assertThat(label)
        .hasSize(JobRequests.LABEL_CHARS)
        .startsWith("example.org/xxx")
        .endsWith("\u2026");
  }
}
