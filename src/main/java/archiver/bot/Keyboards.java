package archiver.bot;

import archiver.bot.Messages.Language;
import archiver.domain.JobType;
import archiver.domain.Quality;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;

/** Every inline keyboard the bot shows, in the chat's language, each button a {@link Callback}. */
final class Keyboards {

  private final Messages messages;

  Keyboards(Messages messages) {
    this.messages = messages;
  }

  /** Under a bare link: video or audio, or cancel. */
  InlineKeyboardMarkup typeQuestion(Language lang, String token) {
    return InlineKeyboardMarkup.builder()
        .keyboardRow(
            row(
                button(lang, "job.button.video", new Callback.ChooseType(token, JobType.VIDEO)),
                button(lang, "job.button.audio", new Callback.ChooseType(token, JobType.AUDIO))))
        .keyboardRow(row(button(lang, "job.button.cancel", new Callback.DropLink(token))))
        .build();
  }

  /** The qualities of one type, two a row, then the original as a file, then cancel. */
  InlineKeyboardMarkup qualities(Language lang, String token, JobType type) {
    InlineKeyboardMarkup.InlineKeyboardMarkupBuilder<?, ?> keyboard =
        InlineKeyboardMarkup.builder();
    List<InlineKeyboardButton> row = new ArrayList<>();
    for (Quality q : Quality.values()) {
      if (q.jobType() != type) {
        continue;
      }
      row.add(button(lang, Messages.qualityKey(q), new Callback.ChooseQuality(token, q)));
      if (row.size() == 2) {
        keyboard.keyboardRow(new InlineKeyboardRow(row));
        row = new ArrayList<>();
      }
    }
    if (!row.isEmpty()) {
      keyboard.keyboardRow(new InlineKeyboardRow(row));
    }
    // Beside the qualities: the original, untouched, as a document (it keeps what the site has,
    // at the price of inline playback).
    keyboard.keyboardRow(
        row(
            button(
                lang,
                Messages.qualityKey(Quality.FILE),
                new Callback.ChooseQuality(token, Quality.FILE))));
    keyboard.keyboardRow(row(button(lang, "job.button.cancel", new Callback.DropLink(token))));
    return keyboard.build();
  }

  /** Under a job's status message while it runs. */
  InlineKeyboardMarkup cancelJob(Language lang, long jobId) {
    return InlineKeyboardMarkup.builder()
        .keyboardRow(row(button(lang, "job.button.cancel", new Callback.CancelJob(jobId))))
        .build();
  }

  /**
   * A playlist's question: all as audio, all as video ("first N" when it was cut to {@code first}),
   * only the video the link names, or nothing.
   */
  InlineKeyboardMarkup playlistQuestion(
      Language lang, String token, boolean singleVideo, java.util.OptionalInt first) {
    String audio = first.isPresent() ? "playlist.button.first_audio" : "playlist.button.audio";
    String video = first.isPresent() ? "playlist.button.first_video" : "playlist.button.video";
    Object[] n = first.isPresent() ? new Object[] {first.getAsInt()} : new Object[0];
    InlineKeyboardMarkup.InlineKeyboardMarkupBuilder<?, ?> k =
        InlineKeyboardMarkup.builder()
            .keyboardRow(
                row(
                    labelled(
                        messages.text(lang, audio, n),
                        new Callback.ChoosePlaylist(token, Callback.PlaylistChoice.ALL_AUDIO)),
                    labelled(
                        messages.text(lang, video, n),
                        new Callback.ChoosePlaylist(token, Callback.PlaylistChoice.ALL_VIDEO))));
    if (singleVideo) {
      k.keyboardRow(
          row(
              button(
                  lang,
                  "playlist.button.single",
                  new Callback.ChoosePlaylist(token, Callback.PlaylistChoice.ONLY_THIS_VIDEO))));
    }
    return k.keyboardRow(row(button(lang, "job.button.cancel", new Callback.DropLink(token))))
        .build();
  }

  /** "Cancel the rest" under a playlist's status message. */
  InlineKeyboardMarkup cancelBatch(Language lang, long batchId) {
    return InlineKeyboardMarkup.builder()
        .keyboardRow(
            row(button(lang, "playlist.button.cancel_rest", new Callback.CancelBatch(batchId))))
        .build();
  }

  /** "Send the audio" under a video asked of a link with sound only. */
  InlineKeyboardMarkup audioInstead(Language lang, long jobId) {
    return InlineKeyboardMarkup.builder()
        .keyboardRow(
            row(button(lang, "job.button.audio_instead", new Callback.AudioInstead(jobId))))
        .build();
  }

  /** Each language named in itself. */
  InlineKeyboardMarkup languages() {
    List<InlineKeyboardButton> row = new ArrayList<>();
    for (Language l : Language.values()) {
      row.add(button(l, "settings.language_name", new Callback.ChooseLanguage(l)));
    }
    return InlineKeyboardMarkup.builder().keyboardRow(new InlineKeyboardRow(row)).build();
  }

  /** Under /settings. */
  InlineKeyboardMarkup settings(Language lang) {
    return InlineKeyboardMarkup.builder()
        .keyboardRow(
            row(
                button(
                    lang, "settings.button.type", new Callback.OpenSetting(Callback.Setting.TYPE))))
        .keyboardRow(
            row(
                button(
                    lang,
                    "settings.button.quality",
                    new Callback.OpenSetting(Callback.Setting.QUALITY))))
        .keyboardRow(
            row(
                button(
                    lang,
                    "settings.button.archive",
                    new Callback.OpenSetting(Callback.Setting.ARCHIVE))))
        .keyboardRow(
            row(
                button(
                    lang,
                    "settings.button.language",
                    new Callback.OpenSetting(Callback.Setting.LANGUAGE))))
        .build();
  }

  /** The default types, and "ask every time". */
  InlineKeyboardMarkup defaultTypes(Language lang) {
    return InlineKeyboardMarkup.builder()
        .keyboardRow(
            row(
                button(
                    lang,
                    Messages.jobTypeKey(JobType.VIDEO),
                    new Callback.SetDefaultType(Optional.of(JobType.VIDEO))),
                button(
                    lang,
                    Messages.jobTypeKey(JobType.AUDIO),
                    new Callback.SetDefaultType(Optional.of(JobType.AUDIO)))))
        .keyboardRow(
            row(
                button(
                    lang,
                    Messages.jobTypeKey(JobType.FILE),
                    new Callback.SetDefaultType(Optional.of(JobType.FILE))),
                button(lang, "settings.type.ask", new Callback.SetDefaultType(Optional.empty()))))
        .build();
  }

  /** Every quality one a row, but the original file (a type of its own in the settings). */
  InlineKeyboardMarkup defaultQualities(Language lang) {
    InlineKeyboardMarkup.InlineKeyboardMarkupBuilder<?, ?> k = InlineKeyboardMarkup.builder();
    for (Quality q : Quality.values()) {
      if (q != Quality.FILE) {
        k.keyboardRow(row(button(lang, Messages.qualityKey(q), new Callback.SetDefaultQuality(q))));
      }
    }
    return k.build();
  }

  private InlineKeyboardButton button(Language lang, String key, Callback callback) {
    return InlineKeyboardButton.builder()
        .text(messages.text(lang, key))
        .callbackData(callback.data())
        .build();
  }

  private static InlineKeyboardButton labelled(String text, Callback callback) {
    return InlineKeyboardButton.builder().text(text).callbackData(callback.data()).build();
  }

  private static InlineKeyboardRow row(InlineKeyboardButton... buttons) {
    return new InlineKeyboardRow(buttons);
  }
}
