package archiver.bot;

import archiver.bot.Messages.Language;
import archiver.core.delivery.JobObserver;
import archiver.core.delivery.Piece;
import archiver.core.pipeline.ReadyMedia;
import archiver.domain.Advice;
import archiver.domain.DownloadProgress;
import archiver.domain.ErrorType;
import archiver.domain.EventType;
import archiver.domain.Job;
import archiver.domain.Requester;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;

/**
 * What the chats hear of a job as the core reports it: queued, fetching, downloading 42% · 3.1 MB/s
 * · ETA 0:12, converting, uploading, then the media or the sentence that says what went wrong. It
 * words each report; the {@link StatusBoard} shows it (edits, throttling, removal), and the {@link
 * MediaDelivery} sends the media.
 */
final class StatusMessages implements JobObserver {

  private final Messages messages;
  private final Keyboards keyboards;
  private final StatusBoard board;
  private final MediaDelivery media;
  private final Clock clock;

  StatusMessages(
      Messages messages, Keyboards keyboards, StatusBoard board, MediaDelivery media, Clock clock) {
    this.messages = messages;
    this.keyboards = keyboards;
    this.board = board;
    this.media = media;
    this.clock = clock;
  }

  @Override
  public void stage(Job job, EventType event, Map<String, ?> data) {
    if (event == EventType.CAPABILITY_CHECK_PASSED && Boolean.TRUE.equals(data.get("over_limit"))) {
      String limit = Messages.formatBytes(((Number) data.get("max_bytes")).longValue());
      board.note(
          job.id(),
          lang ->
              "fit_audio".equals(data.get("delivery"))
                  ? messages.text(lang, "job.plan_fit_audio", limit)
                  : messages.text(
                      lang,
                      "job.plan_parts",
                      limit,
                      data.get("estimated_parts") instanceof Number n ? n.longValue() : 2L));
      return;
    }
    if (event == EventType.CAPABILITY_CHECK_PASSED
        && Boolean.TRUE.equals(data.get("smaller_than_asked"))) {
      board.note(
          job.id(),
          lang ->
              messages.text(
                  lang,
                  "job.smaller_than_asked",
                  data.get("wanted"),
                  Messages.formatBytes(((Number) data.get("wanted_bytes")).longValue()),
                  Messages.formatBytes(((Number) data.get("max_bytes")).longValue()),
                  data.get("chosen")));
      return;
    }
    String key =
        switch (event) {
          case METADATA_FETCH_STARTED -> "job.fetching_info";
          case DOWNLOAD_STARTED -> "job.downloading_started";
          case POSTPROCESS_STARTED -> "job.converting";
          default -> null;
        };
    if (key != null) {
      board.show(job.id(), lang -> messages.text(lang, key));
    }
  }

  @Override
  public void progress(Job job, DownloadProgress p) {
    board.show(
        job.id(),
        lang -> {
          String speed =
              p.speedBytesPerSecond().isPresent()
                  ? Messages.formatSpeed(p.speedBytesPerSecond().getAsDouble())
                  : "\u2026";
          if (p.percent().isPresent()) {
            return messages.text(
                lang,
                "job.downloading",
                Messages.formatPercent(p.percent().getAsInt()),
                speed,
                p.etaSeconds().isPresent()
                    ? Messages.formatEta(p.etaSeconds().getAsLong())
                    : "\u2026");
          }
          return messages.text(
              lang, "job.downloading_no_total", Messages.formatBytes(p.downloadedBytes()), speed);
        });
  }

  @Override
  public void retrying(Job job, ErrorType cause, Instant at) {
    if (cause == ErrorType.NOT_YET_LIVE) {
      board.show(
          job.id(),
          lang -> messages.text(lang, "error.NOT_YET_LIVE.waiting", Messages.formatUtc(at)));
      return;
    }
    long minutes = Math.max(0, Duration.between(clock.instant(), at).toMinutes());
    String key = cause == ErrorType.TELEGRAM_ERROR ? "job.retry_telegram" : "job.retry_scheduled";
    board.show(job.id(), lang -> messages.text(lang, key, minutes));
  }

  @Override
  public SendResult upload(Job job, Requester to, ReadyMedia file, Piece piece) {
    return media.upload(job, to, file, piece);
  }

  @Override
  public SendResult resend(Job job, Requester to, Piece piece, String fileId) {
    return media.resend(job, to, piece, fileId);
  }

  @Override
  public void failed(
      Job job, List<Requester> waiting, ErrorType type, String message, Optional<Advice> advice) {
    tellEnd(
        job,
        waiting,
        lang ->
            advice
                .map(a -> adviceText(lang, a))
                .orElseGet(() -> messages.text(lang, Messages.errorKey(type))),
        lang ->
            advice
                .filter(Advice.AudioOnly.class::isInstance)
                .map(a -> keyboards.audioInstead(lang, job.id())));
  }

  /** The advice in words, with the numbers it names. */
  private String adviceText(Language lang, Advice advice) {
    return switch (advice) {
      case Advice.AudioOnly a -> messages.text(lang, "advice.audio_only");
      case Advice.StartsAt s ->
          messages.text(lang, "error.NOT_YET_LIVE.at", Messages.formatUtc(s.at()));
      case Advice.FileTooLarge f ->
          f.sizeBytes().isPresent()
              ? messages.text(
                  lang,
                  "advice.file_too_large",
                  Messages.formatBytes(f.sizeBytes().get()),
                  Messages.formatBytes(f.limitBytes()))
              : messages.text(
                  lang, "advice.file_too_large_unknown", Messages.formatBytes(f.limitBytes()));
      case Advice.TooManyParts t ->
          messages.text(
              lang, "advice.too_many_parts", t.maxParts(), Messages.formatBytes(t.partBytes()));
      case Advice.TooLong t ->
          messages.text(
              lang,
              "advice.too_long",
              Messages.formatDuration(t.seconds()),
              Messages.formatDuration(t.maxSeconds()));
    };
  }

  @Override
  public void cancelled(Job job, List<Requester> waiting, boolean byAdmin) {
    String key = byAdmin ? "job.cancelled_by_admin" : "job.cancelled";
    tellEnd(job, waiting, lang -> messages.text(lang, key), lang -> Optional.empty());
  }

  /** The last word on a job without media: in its status message, else in a new message. */
  private void tellEnd(
      Job job,
      List<Requester> waiting,
      Function<Language, String> words,
      Function<Language, Optional<InlineKeyboardMarkup>> buttons) {
    for (Requester r : waiting) {
      Language lang = board.language(job.id(), r);
      if (!board.finish(job.id(), r, words.apply(lang), buttons.apply(lang))) {
        return; // stopping
      }
    }
    board.forget(job.id());
  }
}
