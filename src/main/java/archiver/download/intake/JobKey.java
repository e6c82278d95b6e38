package archiver.download.intake;

import archiver.domain.JobType;
import archiver.domain.Quality;
import archiver.domain.SourceType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The de-duplication key of a job (docs/ARCHITECTURE.md, "Job key and de-duplication"): SHA-256, in
 * lower-case hex, of {@code source_type|normalized_url|job_type|quality_code}. Two requests with
 * the same key are the same job, so the second one is answered from the first.
 */
public record JobKey(String value) {
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  public JobKey {
    Objects.requireNonNull(value, "value");
    if (!SHA256_HEX.matcher(value).matches()) {
      throw new IllegalArgumentException("not a SHA-256 hex digest: " + value);
    }
  }

  public static JobKey of(
      SourceType source, String normalizedUrl, JobType jobType, Quality quality) {
    String text =
        source.name()
            + "|"
            + Objects.requireNonNull(normalizedUrl)
            + "|"
            + jobType.name()
            + "|"
            + quality.code();
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return new JobKey(HexFormat.of().formatHex(digest));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
