package archiver.core.rename;

/**
 * A {@code /rename}: which job, its new title, and who asks where.
 *
 * @param chatId the chat the command was typed in; its archive mode decides whether renaming is on
 * @param target the job, by its id or by the media message the command replied to
 * @param title the new title as typed
 * @param userId who asks
 * @param admin whether they are one of {@code telegram.admin_user_ids}, who may rename any job
 */
public record RenameRequest(long chatId, Target target, String title, long userId, boolean admin) {

  /** How the job to rename is named. */
  public sealed interface Target {
    /** By its id: {@code /rename 42 New title}. */
    record JobId(long jobId) implements Target {}

    /** By the media message the chat received, which the command replies to. */
    record Reply(int messageId) implements Target {}
  }
}
