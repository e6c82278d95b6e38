package archiver.core.rename;

import java.util.List;

/** What a {@link RenameRequest} came to. */
public sealed interface RenameResult {

  /**
   * The files and the title were renamed.
   *
   * @param fileNames the new file names, in part order (one for media sent as one file)
   */
  record Renamed(long jobId, String title, List<String> fileNames) implements RenameResult {
    public Renamed {
      fileNames = List.copyOf(fileNames);
    }
  }

  /** Nothing was changed, for {@code reason}. */
  record Refused(Reason reason) implements RenameResult {}

  /** Why a rename was refused. */
  enum Reason {
    /** The chat has archive mode off: there is no archived file to rename. */
    ARCHIVE_OFF,
    /** The replied message is not media this chat received from the bot. */
    NOT_A_DELIVERED_MESSAGE,
    NO_SUCH_JOB,
    /** Only someone who asked for the job, or an admin, may rename it. */
    NOT_YOURS,
    /** The job has not finished, or failed. */
    NOT_COMPLETED,
    /** The job's files are not (all) in the archive, or are no longer on disk. */
    NOT_ARCHIVED,
    EMPTY_TITLE,
    /** Longer than {@link RenameService#MAX_TITLE_CHARS}. */
    TITLE_TOO_LONG,
    /** A file could not be moved, or the job changed meanwhile; everything was put back. */
    FAILED
  }
}
