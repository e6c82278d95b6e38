package archiver.bot;

import archiver.bot.Messages.Language;
import archiver.core.delivery.JobObserver.SendResult;
import archiver.core.delivery.Piece;
import archiver.core.pipeline.ReadyMedia;
import archiver.domain.ErrorType;
import archiver.domain.Job;
import archiver.domain.JobType;
import archiver.domain.Requester;
import java.io.File;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.ActionType;
import org.telegram.telegrambots.meta.api.methods.send.SendAudio;
import org.telegram.telegrambots.meta.api.methods.send.SendChatAction;
import org.telegram.telegrambots.meta.api.methods.send.SendDocument;
import org.telegram.telegrambots.meta.api.methods.send.SendVideo;
import org.telegram.telegrambots.meta.api.objects.InputFile;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;

/**
 * Sends a job's media to one chat: the file itself the first time ({@code sendVideo} with width,
 * height, duration, thumbnail and {@code supports_streaming}; {@code sendAudio} with title,
 * performer and cover; {@code sendDocument} for the original as a file), then Telegram's file_id
 * (no second upload). The upload starts at once: the "uploading" status edit and the chat action go
 * their own way and never hold it.
 */
final class MediaDelivery {

  private static final Logger log = LoggerFactory.getLogger(MediaDelivery.class);

  /** Captions are limited to 1024 characters (Bot API, sendVideo). */
  private static final int MAX_CAPTION = 1024;

  private final BotApi api;
  private final Messages messages;
  private final StatusBoard statuses;

  MediaDelivery(BotApi api, Messages messages, StatusBoard statuses) {
    this.api = api;
    this.messages = messages;
    this.statuses = statuses;
  }

  SendResult upload(Job job, Requester to, ReadyMedia media, Piece piece) {
    long chatId = to.chatId();
    // The "uploading" edit goes to the status board's own thread: the upload never waits for it.
    statuses.show(job.id(), to, lang -> messages.text(lang, "job.uploading"));
    ActionType action =
        switch (media.jobType()) {
          case VIDEO -> ActionType.UPLOAD_VIDEO;
          case AUDIO -> ActionType.UPLOAD_VOICE;
          case FILE -> ActionType.UPLOAD_DOCUMENT;
        };
    api.callQuietly(
        chatId, SendChatAction.builder().chatId(chatId).action(action.toString()).build());
    Language lang = statuses.language(job.id(), to);
    String caption = caption(lang, media.title(), job.url(), piece);
    InputFile input = new InputFile(new File(media.file().toString()));
    int duration = (int) Math.round(media.durationSeconds());
    return sent(
        job,
        to,
        piece,
        () -> {
          if (media.jobType() == JobType.FILE) {
            // The original's bytes under its title: Telegram shows the name, and a document is
            // downloaded whole, so neither streaming nor a thumbnail of our making is asked for.
            return api.sendDocument(
                chatId,
                SendDocument.builder().chatId(chatId).document(input).caption(caption).build());
          }
          if (media.jobType() == JobType.VIDEO) {
            SendVideo.SendVideoBuilder<?, ?> video =
                SendVideo.builder()
                    .chatId(chatId)
                    .video(input)
                    .caption(caption)
                    .supportsStreaming(true)
                    .duration(duration);
            if (media.width().isPresent() && media.height().isPresent()) {
              video.width(media.width().getAsInt()).height(media.height().getAsInt());
            }
            media
                .thumbnail()
                .ifPresent(t -> video.thumbnail(new InputFile(new File(t.toString()))));
            return api.sendVideo(chatId, video.build());
          }
          SendAudio.SendAudioBuilder<?, ?> audio =
              SendAudio.builder()
                  .chatId(chatId)
                  .audio(input)
                  .caption(caption)
                  .title(media.title())
                  .duration(duration);
          media.performer().ifPresent(audio::performer);
          media.thumbnail().ifPresent(t -> audio.thumbnail(new InputFile(new File(t.toString()))));
          return api.sendAudio(chatId, audio.build());
        });
  }

  /** Re-sends a part Telegram already holds, by its file_id. */
  SendResult resend(Job job, Requester to, Piece piece, String fileId) {
    long chatId = to.chatId();
    Language lang = statuses.language(job.id(), to);
    InputFile input = new InputFile(fileId);
    String title = job.finalTitle() == null ? "" : job.finalTitle();
    String caption = caption(lang, title, job.url(), piece);
    return sent(
        job,
        to,
        piece,
        () -> {
          if (job.jobType() == JobType.FILE) {
            return api.sendDocument(
                chatId,
                SendDocument.builder().chatId(chatId).document(input).caption(caption).build());
          }
          if (job.jobType() == JobType.VIDEO) {
            return api.sendVideo(
                chatId,
                SendVideo.builder()
                    .chatId(chatId)
                    .video(input)
                    .caption(caption)
                    .supportsStreaming(true)
                    .build());
          }
          return api.sendAudio(
              chatId, SendAudio.builder().chatId(chatId).audio(input).caption(caption).build());
        });
  }

  private interface Send {
    Message run() throws TelegramApiException, InterruptedException;
  }

  private SendResult sent(Job job, Requester to, Piece piece, Send send) {
    try {
      Message m = send.run();
      if (piece.index() == piece.count()) {
        statuses.delivered(job.id(), to);
      }
      return new SendResult.Sent(m.getMessageId(), fileIdOf(m));
    } catch (TelegramApiException e) {
      if (Thread.currentThread().isInterrupted()) {
        return interrupted();
      }
      SendResult result = SendFailures.of(e);
      log.warn("job {}: sending to chat {} failed: {}", job.id(), to.chatId(), e.getMessage());
      return result;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return interrupted();
    }
  }

  /** The worker was stopped (cancelled, or the job ran out of time) while it sent. */
  private static SendResult interrupted() {
    return new SendResult.Failed(
        ErrorType.CANCELLED,
        "stopped while sending to Telegram",
        Optional.empty(),
        Optional.empty(),
        true);
  }

  private String caption(Language lang, String title, String url, Piece piece) {
    String shown = title;
    if (!piece.isOnly()) {
      String part = messages.text(lang, "job.caption_part", piece.index(), piece.count());
      shown = title == null || title.isBlank() ? part : part + " \u00b7 " + title;
    }
    String text =
        shown == null || shown.isBlank()
            ? messages.text(lang, "job.caption_untitled", url)
            : messages.text(lang, "job.caption", shown, url);
    if (text.length() > MAX_CAPTION) {
      int cut = Math.max(0, shown.length() - (text.length() - MAX_CAPTION) - 1);
      text = messages.text(lang, "job.caption", shown.substring(0, cut) + "\u2026", url);
    }
    return text;
  }

  private static String fileIdOf(Message m) {
    if (m.getVideo() != null) {
      return m.getVideo().getFileId();
    }
    if (m.getAudio() != null) {
      return m.getAudio().getFileId();
    }
    if (m.getDocument() != null) {
      return m.getDocument().getFileId();
    }
    return null;
  }
}
