package archiver.download.intake;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.domain.SourceType;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SourceRouterTest {
  private final SourceRouter router = new SourceRouter(IntakeSettings.defaults());

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "NONE",
      value = {
        "https://youtube.com/x | YOUTUBE",
        "https://www.youtube.com/x | YOUTUBE",
        "https://m.youtube.com/x | YOUTUBE",
        "https://music.youtube.com/x | YOUTUBE",
        "https://youtu.be/x | YOUTUBE",
        "https://youtube-nocookie.com/x | YOUTUBE",
        "https://www.youtube-nocookie.com/x | YOUTUBE",
        "https://WWW.YouTube.COM./x | YOUTUBE",
        "https://gaming.youtube.com/x | NONE",
        "https://evilyoutube.com/x | NONE",
        "https://youtube.com.evil.example/x | NONE",
        "https://facebook.com/x | FACEBOOK",
        "https://www.facebook.com/x | FACEBOOK",
        "https://m.facebook.com/x | FACEBOOK",
        "https://web.facebook.com/x | FACEBOOK",
        "https://mbasic.facebook.com/x | FACEBOOK",
        "https://fb.watch/x | FACEBOOK",
        "https://fb.com/x | FACEBOOK",
        "https://notfacebook.com/x | NONE",
        "https://archive.org/details/x | ARCHIVE",
        "https://www.archive.org/details/x | ARCHIVE",
        "https://web.archive.org/web/2020/x | NONE",
        "https://way2allah.com/x | TARIQ_ALLAH",
        "https://www.way2allah.com/x | TARIQ_ALLAH",
        "https://islamway.net/x | TARIQ_ALLAH",
        "https://ar.islamway.net/x | TARIQ_ALLAH",
        "https://notislamway.net/x | NONE",
        "https://cdn.example.com/a.mp3 | GENERIC",
        "https://cdn.example.com/A.MP4 | GENERIC",
        "https://cdn.example.com/a%2Emp4 | GENERIC",
        "https://cdn.example.com/a.mp4?download=1 | GENERIC",
        "https://cdn.example.com/a.mp4/ | NONE",
        "https://cdn.example.com/.mp4 | NONE",
        "https://cdn.example.com/mp4 | NONE",
        "https://cdn.example.com/a.m3u8 | NONE",
        "https://cdn.example.com/page?file=a.mp4 | NONE",
        "https://web.archive.org/web/2020/https://x.example/a.mp3 | GENERIC"
      })
  void givenALink_whenDetected_thenItsSourceByHost(String url, SourceType expected) {
    assertThat(router.detect(URI.create(url)).orElse(null)).isEqualTo(expected);
  }

  @Test
  void givenExtraAllowedDomains_whenDetected_thenTheyAreGenericWithSubdomains() {
    SourceRouter withExtra =
        new SourceRouter(
            new IntakeSettings(false, false, List.of("podcasts.example"), List.of(), 5));

    assertThat(withExtra.detect(URI.create("https://podcasts.example/ep/12")))
        .contains(SourceType.GENERIC);
    assertThat(withExtra.detect(URI.create("https://cdn.podcasts.example/ep/12")))
        .contains(SourceType.GENERIC);
    assertThat(withExtra.detect(URI.create("https://way2allah.com/x"))).isEmpty();
  }

  @Test
  void givenAUriWithoutHost_whenDetected_thenEmpty() {
    assertThat(router.detect(URI.create("mailto:a@example.com"))).isEmpty();
    assertThat(router.knownSource("YOUTU.BE.")).contains(SourceType.YOUTUBE);
  }
}
