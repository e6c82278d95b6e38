package archiver.bot;

import archiver.bot.Messages.Language;
import archiver.core.admin.SettingsService;
import archiver.core.jobs.JobService;
import archiver.domain.ChatSettings;
import archiver.domain.JobType;
import archiver.domain.Quality;
import java.util.Optional;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;

/** What each button does once {@link Conversation} has answered, checked and parsed the press. */
final class ButtonPresses {

  private final BotApi api;
  private final Messages messages;
  private final JobService jobs;
  private final SettingsService settings;
  private final Keyboards keyboards;
  private final SettingsDialog dialog;
  private final JobRequests requests;
  private final PendingLinks pending;
  private final BotSettings config;
  private final PlaylistDialog playlists;

  ButtonPresses(
      BotApi api,
      Messages messages,
      JobService jobs,
      SettingsService settings,
      Keyboards keyboards,
      SettingsDialog dialog,
      JobRequests requests,
      PendingLinks pending,
      BotSettings config,
      PlaylistDialog playlists) {
    this.playlists = playlists;
    this.api = api;
    this.messages = messages;
    this.jobs = jobs;
    this.settings = settings;
    this.keyboards = keyboards;
    this.dialog = dialog;
    this.requests = requests;
    this.pending = pending;
    this.config = config;
  }

  void run(Callback pressed, long chatId, int messageId, long userId, Language lang, Turn turn)
      throws TelegramApiException, InterruptedException {
    switch (pressed) {
      case Callback.ChooseType t -> {
        if (pending.get(t.token()).isEmpty()) {
          edit(chatId, messageId, messages.text(lang, "job.choice_expired"), null);
          return;
        }
        edit(
            chatId,
            messageId,
            messages.text(lang, "job.choose_quality"),
            keyboards.qualities(lang, t.token(), t.type()));
      }
      case Callback.ChooseQuality c -> {
        Optional<PendingLinks.Pending> p = pending.get(c.token());
        if (p.isEmpty()) {
          if (!turn.replay()) {
            edit(chatId, messageId, messages.text(lang, "job.choice_expired"), null);
          }
          return;
        }
        pending.remove(c.token());
        requests.submit(
            p.get().url(),
            c.quality(),
            userId,
            chatId,
            lang,
            Optional.of(messageId),
            turn.part(1, chatId));
      }
      case Callback.DropLink d -> {
        pending.remove(d.token());
        edit(chatId, messageId, messages.text(lang, "job.cancelled"), null);
      }
      case Callback.CancelJob c -> {
        boolean byAdmin = config.adminUserIds().contains(userId);
        if (byAdmin || jobs.ownedBy(c.jobId(), userId)) {
          JobService.CancelResult cancelled =
              jobs.cancel(c.jobId(), (byAdmin ? "admin " : "user ") + userId, byAdmin);
          if (cancelled != JobService.CancelResult.CANCELLED) {
            edit(chatId, messageId, messages.text(lang, "job.cancel_too_late"), null);
          }
        }
      }
      case Callback.AudioInstead a -> {
        Optional<String> link = jobs.linkOf(a.jobId());
        if (link.isEmpty()) {
          if (!turn.replay()) {
            edit(chatId, messageId, messages.text(lang, "job.choice_expired"), null);
          }
          return;
        }
        requests.submit(
            link.get(),
            qualityFor(settings.get(chatId), JobType.AUDIO),
            userId,
            chatId,
            lang,
            Optional.of(messageId),
            turn.part(1, chatId));
      }
      case Callback.ChoosePlaylist p -> playlists.chosen(p, chatId, messageId, userId, lang, turn);
      case Callback.CancelBatch b ->
          playlists.cancel(
              b.batchId(), chatId, messageId, userId, config.adminUserIds().contains(userId), lang);
      case Callback.ChooseLanguage l -> dialog.setLanguage(l.language(), chatId, messageId);
      case Callback.OpenSetting o -> dialog.open(o.setting(), chatId, messageId, lang);
      case Callback.SetDefaultType t -> dialog.setDefaultType(t.type(), chatId, messageId, lang);
      case Callback.SetDefaultQuality d ->
          dialog.setDefaultQuality(d.quality(), chatId, messageId, lang);
    }
  }

  /** The chat's default quality when it is of {@code type}, else the type's default. */
  static Quality qualityFor(ChatSettings chat, JobType type) {
    return chat.defaultQuality()
        .flatMap(Quality::parse)
        .filter(q -> q.jobType() == type)
        .orElse(Quality.defaultFor(type));
  }

  private void edit(long chatId, int messageId, String text, InlineKeyboardMarkup keyboard)
      throws TelegramApiException, InterruptedException {
    EditMessageText.EditMessageTextBuilder<?, ?> e =
        EditMessageText.builder().chatId(chatId).messageId(messageId).text(text);
    if (keyboard != null) {
      e.replyMarkup(keyboard);
    }
    api.call(chatId, e.build());
  }
}
