package archiver.download.tools;

import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * What one external tool reported about itself. yt-dlp versions are release dates ("2023.03.04"),
 * which is how its age is known.
 */
public record ToolVersion(
    String name, String command, Optional<String> version, Optional<String> problem) {

  public boolean found() {
    return version.isPresent();
  }

  /** The release date encoded in a yt-dlp style version, if it is one. */
  public Optional<LocalDate> releaseDate() {
    if (version.isEmpty()) {
      return Optional.empty();
    }
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("^(\\d{4})\\.(\\d{1,2})\\.(\\d{1,2})")
            .matcher(version.get());
    if (!m.find()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          LocalDate.of(
              Integer.parseInt(m.group(1)),
              Integer.parseInt(m.group(2)),
              Integer.parseInt(m.group(3))));
    } catch (java.time.DateTimeException e) {
      return Optional.empty();
    }
  }

  /** Days since the release date, when the version carries one. */
  public Optional<Long> ageInDays(Clock clock) {
    return releaseDate().map(d -> ChronoUnit.DAYS.between(d, LocalDate.now(clock)));
  }
}
