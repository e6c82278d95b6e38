package archiver.download.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RemoteNamesTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "https://cdn.example.com/audio/lecture-01.mp3 | lecture-01.mp3",
        "https://cdn.example.com/a/%D8%A7%D9%84%D9%81%D8%A7%D8%AA%D8%AD%D8%A9.mp3 | الفاتحة.mp3",
        "https://cdn.example.com/a/My%20Talk%20(2019).mp4?token=abc | My Talk (2019).mp4",
        "https://cdn.example.com/a/a+b.mp3 | a+b.mp3",
        "https://cdn.example.com/dir/clip.mp4/ | clip.mp4",
        "https://cdn.example.com/dir/clip.mp4;jsessionid=123 | clip.mp4",
        "https://cdn.example.com/a/..%2F..%2Fetc%2Fpasswd | passwd",
      })
  void givenUrl_whenFileNameTaken_thenLastSegmentDecoded(String url, String name) {
    assertThat(RemoteNames.fileNameOf(URI.create(url))).contains(name);
  }

  @Test
  void givenUrlWithoutPath_whenFileNameTaken_thenEmpty() {
    assertThat(RemoteNames.fileNameOf(URI.create("https://cdn.example.com/"))).isEmpty();
    assertThat(RemoteNames.fileNameOf(URI.create("https://cdn.example.com"))).isEmpty();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "lecture-01.mp3 | lecture-01",
        "الفاتحة.mp3 | الفاتحة",
        "Dr. Ahmad - Lesson 3.mp4 | Dr. Ahmad - Lesson 3",
        "archive.tar.gz | archive.tar",
        "no extension | no extension",
        "version 1.2.10 talk | version 1.2.10 talk",
      })
  void givenFileName_whenTitleMade_thenExtensionDropped(String fileName, String title) {
    assertThat(RemoteNames.titleOf(fileName)).isEqualTo(title);
  }

  @Test
  void givenPageLinkWithSpacesAndArabic_whenMadeUri_thenEncoded() {
    assertThat(RemoteNames.lenientUri("https://example.com/دروس/lesson 1.mp3"))
        .contains(URI.create("https://example.com/%D8%AF%D8%B1%D9%88%D8%B3/lesson%201.mp3"));
    assertThat(RemoteNames.lenientUri("https://example.com/a%20b.mp3?x=%zz"))
        .contains(URI.create("https://example.com/a%20b.mp3?x=%25zz"));
  }

  @Test
  void givenArchiveFileName_whenEncodedAsSegment_thenReservedCharactersEscaped() {
    assertThat(RemoteNames.encodePathSegment("001 Al-Fatiha #1?.mp3"))
        .isEqualTo("001%20Al-Fatiha%20%231%3F.mp3");
  }
}
