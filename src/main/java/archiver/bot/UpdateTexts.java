package archiver.bot;

import archiver.core.upkeep.YtDlpUpdate;

/** What the admins read about a yt-dlp update. */
final class UpdateTexts {

  private UpdateTexts() {}

  static String of(Messages messages, Messages.Language lang, YtDlpUpdate.Outcome outcome) {
    return switch (outcome) {
      case YtDlpUpdate.Updated u when u.before().equals(u.after()) ->
          messages.text(lang, "admin.update.current", u.after());
      case YtDlpUpdate.Updated u ->
          messages.text(lang, "admin.update.updated", u.before(), u.after());
      case YtDlpUpdate.Failed f -> messages.text(lang, "admin.update.failed", f.kept(), f.why());
      case YtDlpUpdate.RolledBack r ->
          messages.text(lang, "admin.update.rolled_back", r.kept(), r.why());
      case YtDlpUpdate.Skipped s -> messages.text(lang, "admin.update.skipped", s.why());
      case YtDlpUpdate.NotPossible n -> messages.text(lang, "admin.update.manual", n.why());
      case YtDlpUpdate.RestoreFailed r ->
          messages.text(lang, "admin.update.restore_failed", r.why());
    };
  }
}
