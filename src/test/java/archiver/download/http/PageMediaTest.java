package archiver.download.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import archiver.download.http.MediaTypes.Kind;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PageMediaTest {

  private static final URI PAGE = URI.create("https://way2allah.com/khotab/item/123");

  static Stream<Arguments> pages() {
    return Stream.of(
        Arguments.of(
            "audio element with relative src",
            "<audio controls src=\"/files/lesson.mp3\"></audio>",
            List.of("AUDIO https://way2allah.com/files/lesson.mp3")),
        Arguments.of(
            "audio and video sources",
            """
            <video controls><source src="clip.mp4" type="video/mp4"></video>
            <audio><source src="//cdn.example.com/a.ogg" type="audio/ogg"></audio>
            """,
            List.of(
                "AUDIO https://cdn.example.com/a.ogg",
                "VIDEO https://way2allah.com/khotab/item/clip.mp4")),
        Arguments.of(
            "a standalone source with a type",
            "<div><source src=\"/x/talk.m4a\" type=\"audio/mp4\"></div>",
            List.of("AUDIO https://way2allah.com/x/talk.m4a")),
        Arguments.of(
            "open graph audio and a player page as og:video",
            """
            <meta property="og:audio" content="https://media.example.com/t.mp3">
            <meta property="og:video" content="https://www.youtube.com/embed/abc">
            <meta property="og:video:type" content="text/html">
            """,
            List.of("AUDIO https://media.example.com/t.mp3")),
        Arguments.of(
            "open graph video with a declared type but no extension",
            """
            <meta property="og:video:secure_url" content="https://media.example.com/stream?id=7">
            <meta property="og:video:type" content="video/mp4">
            """,
            List.of("VIDEO https://media.example.com/stream?id=7")),
        Arguments.of(
            "download links: only media extensions, Arabic and spaces encoded",
            """
            <a href="/about">About</a>
            <a href="/files/درس 1.mp3">download</a>
            <a href="https://media.example.com/v/lecture.MP4?dl=1">video</a>
            <a href="/book.pdf">book</a>
            """,
            List.of(
                "AUDIO https://way2allah.com/files/%D8%AF%D8%B1%D8%B3%201.mp3",
                "VIDEO https://media.example.com/v/lecture.MP4?dl=1")),
        Arguments.of(
            "base href decides relative links",
            "<head><base href=\"https://files.example.org/media/\"></head><a href=\"a.mp3\">x</a>",
            List.of("AUDIO https://files.example.org/media/a.mp3")),
        Arguments.of(
            "JavaScript player keeps the file in data-*",
            "<div class=\"jp-player\" data-mp3=\"/audio/s1.mp3\"></div><div"
                + " data-src=\"/img/x.png\"></div>",
            List.of("AUDIO https://way2allah.com/audio/s1.mp3")),
        Arguments.of(
            "the same file twice is listed once, in the player's kind",
            "<audio src=\"/a.mp3\"></audio><a href=\"/a.mp3\">download</a>",
            List.of("AUDIO https://way2allah.com/a.mp3")),
        Arguments.of(
            "no http(s) media: javascript, data and mailto links are ignored",
            """
            <audio src="data:audio/mp3;base64,AAAA"></audio>
            <a href="javascript:play('x.mp3')">play</a>
            <a href="mailto:x@example.com?subject=a.mp3">mail</a>
            <a href="ftp://example.com/a.mp3">ftp</a>
            """,
            List.of()),
        Arguments.of("a page with nothing", "<p>Nothing to hear here.</p>", List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pages")
  void givenPage_whenExtracted_thenMediaLinksInOrder(
      String name, String body, List<String> expected) {
    PageMedia media =
        extract("<html><head></head><body>" + body + "</body></html>", Optional.empty());
    assertThat(media.links())
        .extracting(l -> l.kind().map(Kind::name).orElse("?") + " " + l.uri())
        .containsExactlyElementsOf(expected);
  }

  @Test
  void givenOpenGraphTitle_whenExtracted_thenItWinsOverTitleElement() {
    PageMedia media =
        extract(
            """
            <html><head><title>Site | Lesson 1</title>
            <meta property="og:title" content="  Lesson 1: Patience ">
            <meta name="author" content="Sheikh A">
            <meta property="og:image" content="/img/cover.jpg">
            </head><body></body></html>
            """,
            Optional.empty());
    assertThat(media.title()).contains("Lesson 1: Patience");
    assertThat(media.author()).contains("Sheikh A");
    assertThat(media.image()).contains("https://way2allah.com/img/cover.jpg");
  }

  @Test
  void givenOnlyTitleElement_whenExtracted_thenTitleFromIt() {
    PageMedia media =
        extract("<html><head><title> درس الصبر </title></head></html>", Optional.empty());
    assertThat(media.title()).contains("درس الصبر");
    assertThat(media.image()).isEmpty();
  }

  @Test
  void givenWindows1256PageWithMetaCharsetOnly_whenExtracted_thenTitleDecoded() {
    Charset arabic = Charset.forName("windows-1256");
    byte[] html =
        "<html><head><meta charset=\"windows-1256\"><title>درس</title></head></html>"
            .getBytes(arabic);
    PageMedia media = PageMedia.extract(html, Optional.empty(), PAGE);
    assertThat(media.title()).contains("درس");
  }

  @Test
  void givenPlayerAndDownloadLinks_whenExtracted_thenEachLinkKnowsItsTextAndPlaceInThePage() {
    PageMedia media =
        extract(
            """
            <html><body>
            <a href="/l/1.mp3">Lesson 1</a>
            <a href="/l/2.mp3" title="ignored: the text wins">Lesson 2</a>
            <audio src="/l/3.mp3"></audio><a href="/l/3.mp3">Lesson 3</a>
            <a href="/l/4.mp3" title="Lesson 4"><img src="/i.png"></a>
            </body></html>
            """,
            Optional.empty());

    // The player comes first in the list, which the downloader probes; its place is third.
    assertThat(media.links())
        .extracting(l -> l.uri().getPath(), l -> l.text().orElse("-"))
        .containsExactly(
            tuple("/l/3.mp3", "Lesson 3"),
            tuple("/l/1.mp3", "Lesson 1"),
            tuple("/l/2.mp3", "Lesson 2"),
            tuple("/l/4.mp3", "Lesson 4"));
    assertThat(media.links())
        .extracting(PageMedia.Link::position)
        .satisfies(p -> assertThat(p.get(1)).isLessThan(p.get(2)))
        .satisfies(p -> assertThat(p.get(2)).isLessThan(p.get(0)))
        .satisfies(p -> assertThat(p.get(0)).isLessThan(p.get(3)));
  }

  private static PageMedia extract(String html, Optional<Charset> charset) {
    return PageMedia.extract(html.getBytes(StandardCharsets.UTF_8), charset, PAGE);
  }
}
