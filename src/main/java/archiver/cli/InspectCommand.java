package archiver.cli;

import archiver.domain.JobType;
import archiver.domain.Quality;
import archiver.download.intake.IntakeResult;
import archiver.download.intake.UrlIntake;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code archiver inspect URL...} / {@code archiver inspect -}: what intake makes of links, one
 * JSON object a line, without downloading anything. Exits 0 whether or not the links are accepted;
 * picocli exits 2 on a usage error.
 */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = {
      "Show what the bot makes of links: accepted or refused (and why), kind (MEDIA or"
          + " PLAYLIST), source, normalised URL, media and playlist id and job key (for VIDEO,"
          + " best). One JSON object a line.",
      "No network access unless --resolve is given."
    })
public final class InspectCommand implements Callable<Integer> {
  private static final String STDIN = "-";

  private final java.util.function.Supplier<UrlIntake> intake;
  private final PrintStream out;
  private final InputStream in;
  private final ObjectMapper json = new ObjectMapper();

  @Spec private CommandSpec spec;

  @Parameters(
      arity = "1..*",
      paramLabel = "URL",
      description = "Links to inspect, or a single - to read one link a line from standard input.")
  private List<String> urls;

  @Option(
      names = "--resolve",
      description = "Also resolve each host and refuse it when any address is not public (DNS).")
  private boolean resolve;

  public InspectCommand(UrlIntake intake, PrintStream out, InputStream in) {
    this(() -> intake, out, in);
  }

  /** With the intake built only when the command runs (after the configuration is loaded). */
  InspectCommand(java.util.function.Supplier<UrlIntake> intake, PrintStream out, InputStream in) {
    this.intake = intake;
    this.out = out;
    this.in = in;
  }

  @Override
  public Integer call() throws IOException {
    if (urls.contains(STDIN)) {
      if (urls.size() > 1) {
        throw new ParameterException(spec.commandLine(), "- reads links from stdin; give it alone");
      }
      readStdin();
    } else {
      for (String url : urls) {
        print(url);
      }
    }
    out.flush();
    return 0;
  }

  /** One line at a time, so a file of any length streams through in constant memory. */
  private void readStdin() throws IOException {
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String line;
    boolean first = true;
    while ((line = reader.readLine()) != null) {
      if (first && line.startsWith("\uFEFF")) {
        line = line.substring(1); // a byte order mark written by Windows editors
      }
      first = false;
      String url = line.strip();
      if (!url.isEmpty()) {
        print(url);
      }
    }
  }

  private void print(String url) {
    UrlIntake checker = intake.get();
    IntakeResult result = resolve ? checker.checkAndResolve(url) : checker.check(url);
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("url", url);
    switch (result) {
      case IntakeResult.Accepted a -> {
        line.put("accepted", true);
        line.put("reason", null);
        line.put("detail", null);
        line.put("kind", "MEDIA");
        line.put("source_type", a.sourceType().name());
        line.put("normalized_url", a.normalizedUrl());
        line.put("media_id", a.mediaId().orElse(null));
        line.put("playlist_id", a.playlistId().orElse(null));
        line.put("job_key", a.jobKey(JobType.VIDEO, Quality.BEST).value());
      }
      case IntakeResult.Playlist p -> {
        // A whole playlist is accepted: fetch reads it and fetches every item. It has no job key
        // of its own; each item becomes a link of its own.
        line.put("accepted", true);
        line.put("reason", null);
        line.put("detail", null);
        line.put("kind", "PLAYLIST");
        line.put("source_type", p.sourceType().name());
        line.put("normalized_url", p.uri().toString());
        line.put("media_id", null);
        line.put("playlist_id", p.playlistId());
        line.put("job_key", null);
      }
      case IntakeResult.Refused r -> {
        line.put("accepted", false);
        line.put("reason", r.reason().name());
        line.put("detail", r.detail());
        line.put("kind", null);
        line.put("source_type", null);
        line.put("normalized_url", null);
        line.put("media_id", null);
        line.put("playlist_id", null);
        line.put("job_key", null);
      }
    }
    try {
      out.println(json.writeValueAsString(line));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
