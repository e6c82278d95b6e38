package archiver.bot;

import archiver.bot.Messages.Language;
import archiver.core.admin.SettingsService;
import archiver.domain.ChatSettings;
import archiver.domain.JobType;
import archiver.domain.Quality;
import java.util.Optional;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;

/**
 * A chat's settings in the chat (docs/ARCHITECTURE.md, "Chat settings"): /settings with its
 * buttons, /lang, /archive_on and /archive_off. Each button edits the settings message in place.
 */
final class SettingsDialog {

  private final BotApi api;
  private final Messages messages;
  private final SettingsService settings;
  private final Keyboards keyboards;

  SettingsDialog(BotApi api, Messages messages, SettingsService settings, Keyboards keyboards) {
    this.api = api;
    this.messages = messages;
    this.settings = settings;
    this.keyboards = keyboards;
  }

  /** /settings: what is set, with a button per setting. */
  void show(long chatId, Language lang) throws TelegramApiException, InterruptedException {
    api.call(
        chatId,
        SendMessage.builder()
            .chatId(chatId)
            .text(summary(chatId, lang))
            .replyMarkup(keyboards.settings(lang))
            .build());
  }

  /** /lang: a button per language. */
  void askLanguage(long chatId, Language lang) throws TelegramApiException, InterruptedException {
    api.call(
        chatId,
        SendMessage.builder()
            .chatId(chatId)
            .text(messages.text(lang, "cmd.lang_prompt"))
            .replyMarkup(keyboards.languages())
            .build());
  }

  /** /archive_on, /archive_off. */
  void setArchive(long chatId, Language lang, boolean on)
      throws TelegramApiException, InterruptedException {
    settings.setArchiveMode(chatId, on);
    api.call(
        chatId,
        SendMessage.builder()
            .chatId(chatId)
            .text(messages.text(lang, on ? "cmd.archive_on" : "cmd.archive_off"))
            .build());
  }

  /** A button of the settings message: open a choice, or turn the archive on or off. */
  void open(Callback.Setting setting, long chatId, int messageId, Language lang)
      throws TelegramApiException, InterruptedException {
    switch (setting) {
      case TYPE ->
          edit(
              chatId,
              messageId,
              messages.text(lang, "settings.choose_type"),
              keyboards.defaultTypes(lang));
      case QUALITY ->
          edit(
              chatId,
              messageId,
              messages.text(lang, "settings.choose_quality"),
              keyboards.defaultQualities(lang));
      case ARCHIVE -> {
        settings.setArchiveMode(chatId, !settings.get(chatId).archiveMode());
        edit(chatId, messageId, summary(chatId, lang), keyboards.settings(lang));
      }
      case LANGUAGE ->
          edit(chatId, messageId, messages.text(lang, "cmd.lang_prompt"), keyboards.languages());
    }
  }

  /** A default type chosen (empty: ask every time); the message shows the settings again. */
  void setDefaultType(Optional<JobType> type, long chatId, int messageId, Language lang)
      throws TelegramApiException, InterruptedException {
    if (type.isPresent()) {
      settings.setDefaultJobType(chatId, type.get());
    } else {
      settings.clearDefaultJobType(chatId);
    }
    edit(chatId, messageId, summary(chatId, lang), keyboards.settings(lang));
  }

  /** A default quality chosen; the message shows the settings again. */
  void setDefaultQuality(Quality quality, long chatId, int messageId, Language lang)
      throws TelegramApiException, InterruptedException {
    settings.setDefaultQuality(chatId, quality.code());
    edit(chatId, messageId, summary(chatId, lang), keyboards.settings(lang));
  }

  /** A language chosen: confirmed in that language. */
  void setLanguage(Language chosen, long chatId, int messageId)
      throws TelegramApiException, InterruptedException {
    settings.setLanguage(chatId, chosen.code());
    edit(chatId, messageId, messages.text(chosen, "cmd.lang_confirm"), null);
  }

  private String summary(long chatId, Language lang) {
    ChatSettings s = settings.get(chatId);
    String type =
        s.defaultJobType()
            .map(t -> messages.text(lang, Messages.jobTypeKey(t)))
            .orElse(messages.text(lang, "settings.type.ask"));
    String quality =
        s.defaultQuality()
            .flatMap(Quality::parse)
            .map(q -> messages.text(lang, Messages.qualityKey(q)))
            .orElse("-");
    return messages.text(lang, "settings.title")
        + "\n"
        + messages.text(lang, "settings.default_type", type)
        + "\n"
        + messages.text(lang, "settings.default_quality", quality)
        + "\n"
        + messages.text(
            lang,
            "settings.archive",
            messages.text(lang, s.archiveMode() ? "settings.on" : "settings.off"))
        + "\n"
        + messages.text(lang, "settings.language", messages.text(lang, "settings.language_name"));
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
