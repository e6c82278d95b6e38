package archiver.core.upkeep;

/** Something the admins should hear about without asking (issue: yt-dlp freshness). */
public sealed interface AdminAlert {

  /** yt-dlp is older than {@link YtDlpWatch#MAX_AGE_DAYS}. */
  record YtDlpOld(String version, long ageDays) implements AdminAlert {}

  /** A job failed with EXTRACTOR_UPDATE_REQUIRED: yt-dlp no longer understands a site. */
  record ExtractorUpdateRequired(long jobId) implements AdminAlert {}

  /** A yt-dlp update (asked for or nightly) ended so. */
  record YtDlpUpdateDone(YtDlpUpdate.Outcome outcome) implements AdminAlert {}
}
