package archiver.bot;

import archiver.bot.Messages.Language;
import archiver.core.admin.SettingsService;
import archiver.core.batch.BatchService;
import archiver.domain.Batch;
import archiver.domain.JobType;
import archiver.domain.Quality;
import archiver.domain.UpdateRef;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;

/**
 * A playlist link in the chat (docs/ARCHITECTURE.md, "Playlists"): "Reading the playlist…", then
 * its title, its item count and the question — all as audio, all as video, only the video the link
 * names — in that one message, which becomes the batch's status message once the user has chosen. A
 * playlist over {@code sources.max_playlist_items} is offered as its first items.
 */
final class PlaylistDialog {

  private static final Logger log = LoggerFactory.getLogger(PlaylistDialog.class);

  private final BotApi api;
  private final Messages messages;
  private final BatchService batches;
  private final Keyboards keyboards;
  private final PendingLinks pending;
  private final JobRequests requests;
  private final SettingsService settings;
  private final BatchBoard board;

  PlaylistDialog(
      BotApi api,
      Messages messages,
      BatchService batches,
      Keyboards keyboards,
      PendingLinks pending,
      JobRequests requests,
      SettingsService settings,
      BatchBoard board) {
    this.api = api;
    this.messages = messages;
    this.batches = batches;
    this.keyboards = keyboards;
    this.pending = pending;
    this.requests = requests;
    this.settings = settings;
    this.board = board;
  }

  /**
   * Handles {@code url} when it names a playlist and returns true; false leaves it to the usual
   * questions. {@code atOnce}: the type /audio or /video asked for, which starts the batch without
   * asking. A replayed update (Telegram sent it again after a restart) was answered the first time:
   * nothing is said or started twice.
   */
  boolean offer(
      String url,
      long userId,
      long chatId,
      Language lang,
      Optional<JobType> atOnce,
      Turn turn,
      UpdateRef update)
      throws TelegramApiException, InterruptedException {
    BatchService.LinkKind kind = batches.kindOf(url);
    if (kind == BatchService.LinkKind.SINGLE) {
      return false;
    }
    if (turn.replay()) {
      return true;
    }
    int messageId =
        send(
            chatId,
            messages.text(
                lang,
                kind == BatchService.LinkKind.PLAYLIST ? "playlist.reading" : "playlist.looking"));
    switch (batches.look(url)) {
      case BatchService.Offer offer -> {
        // /audio and /video start a playlist link's batch at once; a page that only turned out
        // to list several recordings is asked about first.
        if (atOnce.isPresent() && kind == BatchService.LinkKind.PLAYLIST) {
          start(offer, quality(chatId, atOnce.get()), userId, chatId, lang, messageId);
          return true;
        }
        String token = pending.add(url, userId, chatId, offer);
        edit(
            chatId,
            messageId,
            offerText(offer, lang),
            keyboards.playlistQuestion(
                lang,
                token,
                offer.singleVideo().isPresent(),
                offer.more() ? OptionalInt.of(offer.items().size()) : OptionalInt.empty()));
      }
      case BatchService.Unreadable u when u.singleVideo().isPresent() ->
          single(u.singleVideo().get(), userId, chatId, lang, messageId, atOnce, update);
      case BatchService.Unreadable u ->
          edit(chatId, messageId, messages.text(lang, "playlist.unreadable"), null);
      case BatchService.NotAPlaylist n ->
          single(url, userId, chatId, lang, messageId, atOnce, update);
    }
    return true;
  }

  /** A press on the playlist's question. */
  void chosen(
      Callback.ChoosePlaylist c, long chatId, int messageId, long userId, Language lang, Turn turn)
      throws TelegramApiException, InterruptedException {
    Optional<PendingLinks.Pending> p = pending.get(c.token());
    if (p.isEmpty() || p.get().offer().isEmpty()) {
      if (!turn.replay()) {
        edit(chatId, messageId, messages.text(lang, "job.choice_expired"), null);
      }
      return;
    }
    pending.remove(c.token());
    BatchService.Offer offer = p.get().offer().get();
    switch (c.choice()) {
      case ALL_AUDIO ->
          start(offer, quality(chatId, JobType.AUDIO), userId, chatId, lang, messageId);
      case ALL_VIDEO ->
          start(offer, quality(chatId, JobType.VIDEO), userId, chatId, lang, messageId);
      case ONLY_THIS_VIDEO ->
          single(
              offer.singleVideo().orElse(p.get().url()),
              userId,
              chatId,
              lang,
              messageId,
              Optional.empty(),
              turn.part(1, chatId));
    }
  }

  /** "Cancel the rest" under a batch's status message. */
  void cancel(long batchId, long chatId, int messageId, long userId, boolean byAdmin, Language lang)
      throws TelegramApiException, InterruptedException {
    BatchService.CancelResult result = batches.cancel(batchId, userId, byAdmin);
    log.info("playlist batch {} cancel by user {}: {}", batchId, userId, result);
    if (result == BatchService.CancelResult.CANCELLED) {
      Optional<Batch> batch = batches.find(batchId);
      if (batch.isPresent()) {
        edit(chatId, messageId, board.text(batch.get(), batches.progress(batchId), lang), null);
      }
    }
  }

  private void start(
      BatchService.Offer offer,
      Quality quality,
      long userId,
      long chatId,
      Language lang,
      int messageId)
      throws TelegramApiException, InterruptedException {
    switch (batches.start(offer, quality, userId, chatId, lang.code(), messageId)) {
      case BatchService.Created created ->
          edit(
              chatId,
              messageId,
              board.text(created.batch(), batches.progress(created.batch().id()), lang),
              keyboards.cancelBatch(lang, created.batch().id()));
      case BatchService.OtherBatchRunning other ->
          edit(
              chatId,
              messageId,
              messages.text(
                  lang,
                  "refuse.batch_running",
                  BatchBoard.shorten(other.running().shownTitle()),
                  other.progress().sent(),
                  other.progress().total()),
              null);
      case BatchService.Maintenance m ->
          edit(chatId, messageId, messages.text(lang, "refuse.maintenance"), null);
    }
  }

  /** The link as one video: asked as usual, or submitted at once for /audio and /video. */
  private void single(
      String url,
      long userId,
      long chatId,
      Language lang,
      int messageId,
      Optional<JobType> atOnce,
      UpdateRef update)
      throws TelegramApiException, InterruptedException {
    if (atOnce.isPresent()) {
      requests.submit(
          url, quality(chatId, atOnce.get()), userId, chatId, lang, Optional.of(messageId), update);
      return;
    }
    String token = pending.add(url, userId, chatId);
    edit(
        chatId,
        messageId,
        messages.text(lang, "job.choose_type") + "\n" + url,
        keyboards.typeQuestion(lang, token));
  }

  private Quality quality(long chatId, JobType type) {
    return ButtonPresses.qualityFor(settings.get(chatId), type);
  }

  private String offerText(BatchService.Offer offer, Language lang) {
    String title =
        BatchBoard.shorten(
            offer.title() == null || offer.title().isBlank() ? offer.url() : offer.title());
    return offer.more()
        ? messages.text(lang, "playlist.offer_more", title, offer.items().size())
        : messages.text(lang, "playlist.offer", title, offer.items().size());
  }

  private int send(long chatId, String text) throws TelegramApiException, InterruptedException {
    return api.call(chatId, SendMessage.builder().chatId(chatId).text(text).build()).getMessageId();
  }

  private void edit(long chatId, int messageId, String text, InlineKeyboardMarkup keyboard)
      throws TelegramApiException, InterruptedException {
    EditMessageText.EditMessageTextBuilder<?, ?> e =
        EditMessageText.builder()
            .chatId(chatId)
            .messageId(messageId)
            .text(text)
            .disableWebPagePreview(true);
    if (keyboard != null) {
      e.replyMarkup(keyboard);
    }
    api.call(chatId, e.build());
  }
}
