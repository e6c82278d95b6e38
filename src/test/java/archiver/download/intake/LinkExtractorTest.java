package archiver.download.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LinkExtractorTest {
  private final LinkExtractor extractor = new LinkExtractor(IntakeSettings.defaults());

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "https://youtu.be/dQw4w9WgXcQ | https://youtu.be/dQw4w9WgXcQ",
        "watch this: https://youtu.be/dQw4w9WgXcQ. | https://youtu.be/dQw4w9WgXcQ",
        "(https://youtu.be/dQw4w9WgXcQ) | https://youtu.be/dQw4w9WgXcQ",
        "see https://en.wikipedia.org/wiki/Foo_(bar), ok | https://en.wikipedia.org/wiki/Foo_(bar)",
        "<https://archive.org/details/x> | https://archive.org/details/x",
        "«https://archive.org/details/x» | https://archive.org/details/x",
        "شاهد https://youtu.be/dQw4w9WgXcQ، | https://youtu.be/dQw4w9WgXcQ",
        "شاهدhttps://youtu.be/dQw4w9WgXcQ؟ | https://youtu.be/dQw4w9WgXcQ",
        "HTTPS://YOUTU.BE/dQw4w9WgXcQ! | HTTPS://YOUTU.BE/dQw4w9WgXcQ",
        "youtu.be/dQw4w9WgXcQ please | youtu.be/dQw4w9WgXcQ",
        "www.example.com/a.mp4 | www.example.com/a.mp4",
        "ar.islamway.net/lesson/1 | ar.islamway.net/lesson/1",
        "'https://cdn.example.com/a.mp3' | https://cdn.example.com/a.mp3"
      })
  void givenProse_whenScanned_thenTheLinkWithoutSurroundingPunctuation(String text, String link) {
    assertThat(extractor.extract(text)).containsExactly(link);
  }

  @Test
  void givenSeveralLinks_whenScanned_thenAllInOrderDeduplicated() {
    String text =
        "first https://youtu.be/AAAAAAAAAAA then https://archive.org/details/x\n"
            + "again https://youtu.be/AAAAAAAAAAA and"
            + " https://cdn.example.com/a.mp3,https://cdn.example.com/b.mp3";

    assertThat(extractor.extract(text))
        .containsExactly(
            "https://youtu.be/AAAAAAAAAAA",
            "https://archive.org/details/x",
            "https://cdn.example.com/a.mp3",
            "https://cdn.example.com/b.mp3");
  }

  @Test
  void givenMoreLinksThanAllowed_whenScanned_thenOnlyTheFirstOnes() {
    LinkExtractor two =
        new LinkExtractor(new IntakeSettings(false, false, List.of(), List.of(), 2));

    assertThat(
            two.extract("https://a.example/1.mp3 https://a.example/2.mp3 https://a.example/3.mp3"))
        .containsExactly("https://a.example/1.mp3", "https://a.example/2.mp3");
  }

  @Test
  void givenTextWithoutLinks_whenScanned_thenNothing() {
    assertThat(extractor.extract("hello, e.g. Node.js/React and 3.5/5 stars, mail me@x.com"))
        .isEmpty();
    assertThat(extractor.extract("")).isEmpty();
    assertThat(extractor.extract(null)).isEmpty();
    assertThat(extractor.extract("https:// and http://")).isEmpty();
  }

  @Test
  void givenFtpAndJavascriptLinks_whenScanned_thenTheyAreNotHttpLinks() {
    assertThat(extractor.extract("ftp://x.example/a.mp4 javascript:alert(1) tg://resolve?domain=x"))
        .isEmpty();
  }

  @Test
  void givenTelegramEntities_whenExtracted_thenOffsetsAreUtf16CodeUnits() {
    // The emoji before the link is two UTF-16 code units, as Telegram counts offsets.
    String text = "\uD83C\uDFA5 https://youtu.be/dQw4w9WgXcQ and a named link";
    List<TextEntity> entities =
        List.of(
            TextEntity.textLink(text.indexOf("named"), 10, "https://archive.org/details/x"),
            TextEntity.url(3, "https://youtu.be/dQw4w9WgXcQ".length()),
            new TextEntity("bold", 0, 2, null));

    assertThat(extractor.extract(text, entities))
        .containsExactly("https://youtu.be/dQw4w9WgXcQ", "https://archive.org/details/x");
  }

  @Test
  void givenAUrlEntityWithoutScheme_whenExtracted_thenKeptAsWritten() {
    String text = "youtu.be/dQw4w9WgXcQ";

    assertThat(extractor.extract(text, List.of(TextEntity.url(0, text.length()))))
        .containsExactly("youtu.be/dQw4w9WgXcQ");
  }

  @Test
  void givenEntitiesOutsideTheText_whenExtracted_thenIgnoredAndTheTextIsScanned() {
    String text = "https://youtu.be/dQw4w9WgXcQ";
    List<TextEntity> broken =
        List.of(TextEntity.url(-1, 5), TextEntity.url(10, 500), TextEntity.textLink(0, 3, null));

    assertThat(extractor.extract(text, broken)).containsExactly(text);
  }

  @Test
  void givenOnlyNonHttpEntities_whenExtracted_thenTheTextIsScanned() {
    String text = "mention https://youtu.be/dQw4w9WgXcQ";
    List<TextEntity> entities =
        List.of(
            TextEntity.textLink(0, 7, "tg://user?id=42"), new TextEntity("mention", 0, 7, null));

    assertThat(extractor.extract(text, entities)).containsExactly("https://youtu.be/dQw4w9WgXcQ");
  }

  @Test
  void givenDuplicateEntities_whenExtracted_thenEachLinkOnce() {
    String text = "https://youtu.be/dQw4w9WgXcQ https://youtu.be/dQw4w9WgXcQ";
    List<TextEntity> entities = List.of(TextEntity.url(29, 28), TextEntity.url(0, 28));

    assertThat(extractor.extract(text, entities)).containsExactly("https://youtu.be/dQw4w9WgXcQ");
  }
}
