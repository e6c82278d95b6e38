package archiver.download.ytdlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutputTailTest {

  @Test
  void givenAValueFromTheCookieFile_whenYtDlpEchoesIt_thenItIsMasked() {
    OutputTail tail = new OutputTail();
    tail.add("ERROR: [youtube] abc: Sign in to confirm; token=Zx81kq0PaLmN2 rejected");

    assertThat(tail.text(List.of("Zx81kq0PaLmN2")))
        .isEqualTo("ERROR: [youtube] abc: Sign in to confirm; token=*** rejected\n");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "[debug] Cookie: SID=abc123; HSID=def456 | [debug] Cookie: ***",
        "Set-Cookie: VISITOR_INFO1_LIVE=xyz; path=/ | Set-Cookie: ***",
        "sending __Secure-3PSID=g.a000abcdef to www.youtube.com | sending __Secure-3PSID=*** to"
            + " www.youtube.com",
        "c_user=100001234; xs=12%3Aabc | c_user=***; xs=***",
        "ERROR: HTTP Error 403: Forbidden | ERROR: HTTP Error 403: Forbidden",
      })
  void givenCookieLookingText_whenMasking_thenValuesAreHidden(String line, String expected) {
    assertThat(OutputTail.mask(line, List.of())).isEqualTo(expected);
  }

  @Test
  void givenShortCookieValues_whenMasking_thenCommonWordsAreNotMangled() {
    assertThat(OutputTail.mask("ERROR: no video", List.of("no", "1"))).isEqualTo("ERROR: no video");
  }

  @Test
  void givenMoreOutputThanTheBound_whenReading_thenTheLastLinesAreKept() {
    OutputTail tail = new OutputTail();
    for (int i = 0; i < 1000; i++) {
      tail.add("line " + i);
    }
    tail.add("");
    tail.add("ERROR: the real reason");

    String text = tail.text(List.of());

    assertThat(text.length()).isLessThanOrEqualTo(OutputTail.MAX_CHARS);
    assertThat(text).endsWith("line 999\nERROR: the real reason\n").doesNotContain("line 1\n");
  }
}
