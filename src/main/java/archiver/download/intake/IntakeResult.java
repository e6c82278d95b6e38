package archiver.download.intake;

import archiver.domain.JobType;
import archiver.domain.Quality;
import archiver.domain.RefusalReason;
import archiver.domain.SourceType;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/** What intake makes of one link a user sent. */
public sealed interface IntakeResult permits IntakeResult.Accepted, IntakeResult.Refused {

  /** The link exactly as it was given. */
  String input();

  /**
   * The link may become a job.
   *
   * @param uri the link to fetch: scheme added or upgraded to https, host in IDNA ASCII; for
   *     YouTube the canonical watch link, so that a {@code list=} never pulls a whole playlist
   * @param normalizedUrl the canonical form for de-duplication
   * @param mediaId the site's own id of the media, when the link names one
   */
  record Accepted(
      String input, SourceType sourceType, URI uri, String normalizedUrl, Optional<String> mediaId)
      implements IntakeResult {
    public Accepted {
      Objects.requireNonNull(sourceType, "sourceType");
      Objects.requireNonNull(uri, "uri");
      Objects.requireNonNull(normalizedUrl, "normalizedUrl");
      Objects.requireNonNull(mediaId, "mediaId");
    }

    /** The {@code job_key} of a job for this link with this type and quality. */
    public JobKey jobKey(JobType jobType, Quality quality) {
      return JobKey.of(sourceType, normalizedUrl, jobType, quality);
    }
  }

  /**
   * The link will not be fetched.
   *
   * @param detail a short English explanation for operators and logs
   */
  record Refused(String input, RefusalReason reason, String detail) implements IntakeResult {
    public Refused {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }
  }
}
