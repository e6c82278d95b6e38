package archiver.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class TemplatesTest {

  @Test
  void noTemplateWritesAValueUnescaped() throws Exception {
    List<Path> templates;
    try (Stream<Path> files = Files.list(Path.of("src/main/resources/web"))) {
      templates = files.filter(f -> f.toString().endsWith(".mustache")).toList();
    }
    assertThat(templates).isNotEmpty();
    for (Path t : templates) {
      assertThat(Files.readString(t))
          .as(t.toString())
          .doesNotContain("{{{")
          .doesNotContain("{{&")
          .doesNotContain("<script");
    }
  }

  @Test
  void aHostileValueIsEscapedEvenInsideAnAttribute() {
    record Scope(String title, String message) {}
    String page =
        new Templates()
            .render(
                "message",
                new Scope("\"><script>alert(1)</script>", "<img src=x onerror=alert(1)>"));

    assertThat(page)
        .doesNotContain("<script>alert")
        .doesNotContain("<img src=x")
        .contains("&lt;script&gt;")
        .contains("&lt;img src");
  }
}
