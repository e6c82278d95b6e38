package archiver.download.intake;

import archiver.domain.JobType;
import archiver.domain.Quality;
import archiver.domain.RefusalReason;
import archiver.domain.SourceType;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/** What intake makes of one link a user sent. */
public sealed interface IntakeResult
    permits IntakeResult.Accepted, IntakeResult.Playlist, IntakeResult.Refused {

  /** The link exactly as it was given. */
  String input();

  /**
   * The link may become a job.
   *
   * @param uri the link to fetch: scheme added or upgraded to https, host in IDNA ASCII; for
   *     YouTube the canonical watch link, so that a {@code list=} never pulls a whole playlist
   * @param normalizedUrl the canonical form for de-duplication
   * @param mediaId the site's own id of the media, when the link names one
   * @param playlistId the playlist the link also names ({@code watch?v=X&list=Y}), which is not
   *     fetched: the job is the one video
   */
  record Accepted(
      String input,
      SourceType sourceType,
      URI uri,
      String normalizedUrl,
      Optional<String> mediaId,
      Optional<String> playlistId)
      implements IntakeResult {
    public Accepted {
      Objects.requireNonNull(sourceType, "sourceType");
      Objects.requireNonNull(uri, "uri");
      Objects.requireNonNull(normalizedUrl, "normalizedUrl");
      Objects.requireNonNull(mediaId, "mediaId");
      Objects.requireNonNull(playlistId, "playlistId");
    }

    public Accepted(
        String input,
        SourceType sourceType,
        URI uri,
        String normalizedUrl,
        Optional<String> mediaId) {
      this(input, sourceType, uri, normalizedUrl, mediaId, Optional.empty());
    }

    /** The {@code job_key} of a job for this link with this type and quality. */
    public JobKey jobKey(JobType jobType, Quality quality) {
      return JobKey.of(sourceType, normalizedUrl, jobType, quality);
    }
  }

  /**
   * A link to a whole playlist ({@code playlist?list=}): recognised, with its id. It is never one
   * job: the bot makes it a batch of its items, {@code fetch} fetches them one by one, and a
   * request for it as one job is refused as {@link #refusal()} says.
   *
   * @param uri its canonical form
   */
  record Playlist(String input, SourceType sourceType, URI uri, String playlistId)
      implements IntakeResult {
    public Playlist {
      Objects.requireNonNull(sourceType, "sourceType");
      Objects.requireNonNull(uri, "uri");
      Objects.requireNonNull(playlistId, "playlistId");
    }

    public Refused refusal() {
      return new Refused(
          input,
          RefusalReason.PLAYLIST_NOT_SUPPORTED,
          "a playlist is not one job; it is taken as a batch of its items");
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
