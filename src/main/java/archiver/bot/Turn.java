package archiver.bot;

import archiver.domain.UpdateRef;

/**
 * One update being handled. Its first effect is recorded before anything is sent; when that record
 * exists already, Telegram sent the update again (its offset was not confirmed before a crash):
 * {@code replay}. A replayed update sends no reply; its jobs are still submitted, each recorded
 * with its own part, so one that was created before is not created again and one that the crash cut
 * off is.
 */
record Turn(long updateId, boolean replay) {
  UpdateRef part(int part, long chatId) {
    return new UpdateRef(updateId, part, chatId);
  }
}
