package archiver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.download.intake.HostResolver;
import archiver.download.intake.IntakeSettings;
import archiver.download.intake.UrlIntake;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import picocli.CommandLine;

class InspectCommandTest {
  private static final HostResolver NO_DNS =
      host -> {
        throw new UnknownHostException(host);
      };

  private final ObjectMapper json = new ObjectMapper();
  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final StringWriter stderr = new StringWriter();

  private int run(HostResolver resolver, InputStream stdin, String... args) {
    UrlIntake intake = new UrlIntake(IntakeSettings.defaults(), resolver);
    CommandLine cli =
        new CommandLine(
            new InspectCommand(
                intake, new PrintStream(stdout, true, StandardCharsets.UTF_8), stdin));
    cli.setErr(new PrintWriter(stderr, true));
    return cli.execute(args);
  }

  private List<JsonNode> lines() throws Exception {
    List<JsonNode> result = new ArrayList<>();
    for (String line : stdout.toString(StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        result.add(json.readTree(line));
      }
    }
    return result;
  }

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @CsvFileSource(resources = "/intake/youtube-playlists.csv", delimiter = '|')
  void givenPlaylistShapes_whenInspected_thenAcceptedWithKindAndPlaylistId(
      String url, String kind, String playlistId, String mediaId) throws Exception {
    assertThat(run(NO_DNS, InputStream.nullInputStream(), url)).isZero();

    JsonNode line = lines().getFirst();
    assertThat(line.get("accepted").asBoolean()).isTrue();
    assertThat(line.get("reason").isNull()).isTrue();
    assertThat(line.get("detail").isNull()).isTrue();
    assertThat(line.get("kind").asText()).isEqualTo(kind);
    assertThat(line.get("playlist_id").asText()).isEqualTo(playlistId);
    assertThat(line.get("source_type").asText()).isEqualTo("YOUTUBE");
    if (kind.equals("PLAYLIST")) {
      // The whole playlist: fetch reads it; it is no one job, so it has no job key.
      assertThat(line.get("normalized_url").asText())
          .isEqualTo("https://www.youtube.com/playlist?list=" + playlistId);
      assertThat(line.get("media_id").isNull()).isTrue();
      assertThat(line.get("job_key").isNull()).isTrue();
    } else {
      // A video that also names a playlist stays that one video, and shows the list's id.
      assertThat(line.get("media_id").asText()).isEqualTo(mediaId);
      assertThat(line.get("normalized_url").asText())
          .isEqualTo("https://www.youtube.com/watch?v=" + mediaId);
      assertThat(line.get("job_key").asText()).hasSize(64);
    }
  }

  @Test
  void givenUrls_whenInspected_thenOneJsonObjectALineWithTheSpecifiedFields() throws Exception {
    int exit =
        run(
            NO_DNS,
            InputStream.nullInputStream(),
            "https://youtu.be/dQw4w9WgXcQ?si=x",
            "https://youtube.com@evil.example/");

    assertThat(exit).isZero();
    assertThat(stdout.toString(StandardCharsets.UTF_8)).startsWith("{\"url\":");
    List<JsonNode> lines = lines();
    assertThat(lines).hasSize(2);

    JsonNode accepted = lines.get(0);
    assertThat(accepted.get("url").asText()).isEqualTo("https://youtu.be/dQw4w9WgXcQ?si=x");
    assertThat(accepted.get("accepted").asBoolean()).isTrue();
    assertThat(accepted.get("reason").isNull()).isTrue();
    assertThat(accepted.get("source_type").asText()).isEqualTo("YOUTUBE");
    assertThat(accepted.get("normalized_url").asText())
        .isEqualTo("https://www.youtube.com/watch?v=dQw4w9WgXcQ");
    assertThat(accepted.get("media_id").asText()).isEqualTo("dQw4w9WgXcQ");
    // printf 'YOUTUBE|https://www.youtube.com/watch?v=dQw4w9WgXcQ|VIDEO|best' | sha256sum
    assertThat(accepted.get("job_key").asText())
        .isEqualTo("2f2399805fb0309ad09a0d147ac735d3d48fe85cbc7d4d4dac792d77f0454149");

    JsonNode refused = lines.get(1);
    assertThat(refused.get("accepted").asBoolean()).isFalse();
    assertThat(refused.get("reason").asText()).isEqualTo("USERINFO");
    assertThat(refused.get("source_type").isNull()).isTrue();
    assertThat(refused.get("normalized_url").isNull()).isTrue();
    assertThat(refused.get("media_id").isNull()).isTrue();
    assertThat(refused.get("job_key").isNull()).isTrue();
  }

  @Test
  void givenDash_whenInspected_thenOneLinkALineFromStdinSkippingBlankLines() throws Exception {
    String input =
        "\uFEFFhttps://archive.org/details/x\r\n\n"
            + "   \n"
            + "file:///etc/passwd\r\n"
            + "  youtu.be/dQw4w9WgXcQ  ";

    int exit = run(NO_DNS, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), "-");

    assertThat(exit).isZero();
    assertThat(lines())
        .extracting(n -> n.get("url").asText() + " " + n.get("accepted").asBoolean())
        .containsExactly(
            "https://archive.org/details/x true",
            "file:///etc/passwd false",
            "youtu.be/dQw4w9WgXcQ true");
  }

  @Test
  void givenNoUrls_whenInspected_thenUsageErrorTwo() {
    int exit = run(NO_DNS, InputStream.nullInputStream());

    assertThat(exit).isEqualTo(2);
    assertThat(stdout.size()).isZero();
    assertThat(stderr.toString()).contains("URL");
  }

  @Test
  void givenDashTogetherWithUrls_whenInspected_thenUsageErrorTwo() {
    int exit = run(NO_DNS, InputStream.nullInputStream(), "-", "https://youtu.be/dQw4w9WgXcQ");

    assertThat(exit).isEqualTo(2);
    assertThat(stdout.size()).isZero();
  }

  @Test
  void givenOnlyRefusedUrls_whenInspected_thenStillExitZero() throws Exception {
    int exit = run(NO_DNS, InputStream.nullInputStream(), "javascript:alert(1)", "http://127.1/");

    assertThat(exit).isZero();
    assertThat(lines())
        .extracting(n -> n.get("reason").asText())
        .containsExactly("BAD_SCHEME", "PRIVATE_ADDRESS");
  }

  @Test
  void givenResolve_whenTheHostResolvesToLoopback_thenRefusedAndWithoutResolveAccepted()
      throws Exception {
    InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    HostResolver rebinding = host -> List.of(loopback);

    run(rebinding, InputStream.nullInputStream(), "https://cdn.example.com/a.mp4");
    run(rebinding, InputStream.nullInputStream(), "--resolve", "https://cdn.example.com/a.mp4");

    assertThat(lines()).extracting(n -> n.get("accepted").asBoolean()).containsExactly(true, false);
    assertThat(lines().get(1).get("reason").asText()).isEqualTo("PRIVATE_ADDRESS");
  }

  @Test
  void givenHelp_whenAsked_thenUsageMentionsStdinAndResolve() {
    UrlIntake intake = new UrlIntake(IntakeSettings.defaults(), NO_DNS);
    String usage =
        new CommandLine(new InspectCommand(intake, System.out, InputStream.nullInputStream()))
            .getUsageMessage();

    assertThat(usage).contains("inspect", "--resolve", "standard input");
  }

  @Test
  void givenTwentyThousandLinesOnStdin_whenInspected_thenTheyStreamThrough() {
    int total = 20_000;
    LineCounter out = new LineCounter();
    GeneratedLines in = new GeneratedLines(total, out);
    UrlIntake intake = new UrlIntake(IntakeSettings.defaults(), NO_DNS);

    int exit =
        new CommandLine(
                new InspectCommand(intake, new PrintStream(out, false, StandardCharsets.UTF_8), in))
            .execute("-");

    assertThat(exit).isZero();
    assertThat(out.lines).isEqualTo(total);
    // Output kept pace with input: the command never held more than a buffer of lines.
    assertThat(in.maxLag).isLessThan(1_000);
  }

  /** Counts the lines written, keeping none of them. */
  private static final class LineCounter extends OutputStream {
    long lines;

    @Override
    public void write(int b) {
      if (b == '\n') {
        lines++;
      }
    }
  }

  /** Produces links on demand and records how far output lags behind what was read. */
  private static final class GeneratedLines extends InputStream {
    private final int total;
    private final LineCounter out;
    private int produced;
    private byte[] current = new byte[0];
    private int position;
    long maxLag;

    GeneratedLines(int total, LineCounter out) {
      this.total = total;
      this.out = out;
    }

    @Override
    public int read() {
      if (position == current.length) {
        if (produced == total) {
          return -1;
        }
        maxLag = Math.max(maxLag, produced - out.lines);
        String line =
            (produced % 3 == 0
                    ? "https://youtu.be/dQw4w9WgXc" + (char) ('A' + produced % 26)
                    : "https://cdn.example.com/" + produced + ".mp3")
                + "\n";
        current = line.getBytes(StandardCharsets.UTF_8);
        position = 0;
        produced++;
      }
      return current[position++];
    }
  }
}
