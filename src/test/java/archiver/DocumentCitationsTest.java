package archiver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Comments cite documents that a reader of this repository can open: every {@code *.md} path named
 * under {@code src/} exists, the design is cited as {@code docs/ARCHITECTURE.md, "Heading"}, and
 * each heading named is one of that page's. The specification the project started from (for Python)
 * and its Java mapping live outside the repository and are not cited.
 */
class DocumentCitationsTest {

  private static final Path ROOT = Path.of("").toAbsolutePath();
  private static final Path ARCHITECTURE = ROOT.resolve("docs/ARCHITECTURE.md");

  /** This file names the documents in order to look for them; it is not a citation. */
  private static final Path SELF =
      ROOT.resolve("src/test/java/archiver/DocumentCitationsTest.java");

  /**
   * A path ending in .md, not inside a URL ({@code https://host/x.md} is not a repository file).
   */
  private static final Pattern MARKDOWN_PATH =
      Pattern.compile("(?<![\\w./:-])([\\w./-]*\\w\\.md)(?!\\w)");

  private static final Pattern ANY_DESIGN_DOC =
      Pattern.compile("(?<![\\w-])([\\w./-]*)(ARCHITECTURE|DESIGN)\\.md\\b");

  /** {@code docs/ARCHITECTURE.md, "A"}, or with more headings: {@code , "B"} or {@code and "B"}. */
  private static final Pattern CITATION =
      Pattern.compile("docs/ARCHITECTURE\\.md(, \"[^\"]+\"(?:(?:,| and) \"[^\"]+\")*)?");

  private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");

  /** A comment's line break with the next line's {@code *} or {@code //}: one space when read. */
  private static final Pattern COMMENT_LINE_BREAK =
      Pattern.compile("[ \\t]*\\R[ \\t]*(?:\\*(?!/)|//)?[ \\t]*");

  private static List<Source> sources;

  /** One file under src/, with its text as written and as read (comment line breaks as spaces). */
  private record Source(Path path, String joined, int[] lineOfJoined) {

    static Source read(Path path) throws IOException {
      String text = new String(Files.readAllBytes(path), StandardCharsets.UTF_8);
      StringBuilder joined = new StringBuilder();
      List<Integer> lines = new ArrayList<>();
      Matcher breaks = COMMENT_LINE_BREAK.matcher(text);
      int line = 1;
      int at = 0;
      while (breaks.find()) {
        for (int i = at; i < breaks.start(); i++) {
          joined.append(text.charAt(i));
          lines.add(line);
        }
        joined.append(' ');
        lines.add(line);
        line++;
        at = breaks.end();
      }
      for (int i = at; i < text.length(); i++) {
        joined.append(text.charAt(i));
        lines.add(line);
      }
      return new Source(
          path, joined.toString(), lines.stream().mapToInt(Integer::intValue).toArray());
    }

    String where(int joinedOffset) {
      return ROOT.relativize(path) + ":" + lineOfJoined[joinedOffset];
    }
  }

  @BeforeAll
  static void readSources() throws IOException {
    sources = new ArrayList<>();
    try (Stream<Path> files = Files.walk(ROOT.resolve("src"))) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        if (!file.equals(SELF)) {
          sources.add(Source.read(file));
        }
      }
    }
    assertThat(sources).as("the sources under %s", ROOT.resolve("src")).hasSizeGreaterThan(100);
  }

  @Test
  void everyMarkdownFileNamedUnderSrcExistsRelativeToTheRepositoryRoot() {
    List<String> missing = new ArrayList<>();
    for (Source source : sources) {
      Matcher m = MARKDOWN_PATH.matcher(source.joined());
      while (m.find()) {
        if (!Files.isRegularFile(ROOT.resolve(m.group(1)))) {
          missing.add(source.where(m.start()) + ": " + m.group(1) + " is not in the repository");
        }
      }
    }
    assertThat(missing).as("documents cited but missing").isEmpty();
  }

  @Test
  void theDesignIsCitedAsDocsArchitectureAndNeverAsTheSpecificationsOutsideTheRepository() {
    List<String> wrong = new ArrayList<>();
    for (Source source : sources) {
      Matcher m = ANY_DESIGN_DOC.matcher(source.joined());
      while (m.find()) {
        String named = m.group(1) + m.group(2) + ".md";
        if (!named.equals("docs/ARCHITECTURE.md")) {
          wrong.add(
              source.where(m.start()) + ": " + named + " (cite docs/ARCHITECTURE.md, \"Heading\")");
        }
      }
    }
    assertThat(wrong).as("citations of documents that are not docs/ARCHITECTURE.md").isEmpty();
  }

  @Test
  void everyCitationOfDocsArchitectureNamesHeadingsItHas() throws IOException {
    Set<String> headings = new LinkedHashSet<>();
    for (String line : Files.readAllLines(ARCHITECTURE)) {
      if (line.matches("#+ .+")) {
        headings.add(line.replaceFirst("^#+ ", "").strip());
      }
    }
    assertThat(headings)
        .contains("Layers", "Job states", "Pipeline", "Delivery", "Errors and retries", "Events");

    List<String> wrong = new ArrayList<>();
    int cited = 0;
    for (Source source : sources) {
      Matcher m = CITATION.matcher(source.joined());
      while (m.find()) {
        cited++;
        if (m.group(1) == null) {
          wrong.add(
              source.where(m.start())
                  + ": docs/ARCHITECTURE.md without a section (add , \"Heading\")");
          continue;
        }
        Matcher quoted = QUOTED.matcher(m.group(1));
        while (quoted.find()) {
          if (!headings.contains(quoted.group(1))) {
            wrong.add(
                source.where(m.start())
                    + ": docs/ARCHITECTURE.md has no heading \""
                    + quoted.group(1)
                    + "\"");
          }
        }
      }
    }
    assertThat(wrong)
        .as("citations of docs/ARCHITECTURE.md; its headings are %s", headings)
        .isEmpty();
    // The code cites the design about fifty times: finding none would mean the scan looked nowhere.
    assertThat(cited).isGreaterThan(40);
  }
}
