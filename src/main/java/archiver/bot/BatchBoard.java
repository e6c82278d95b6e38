package archiver.bot;

import archiver.bot.Messages.Language;
import archiver.core.batch.BatchObserver;
import archiver.core.batch.BatchProgress;
import archiver.domain.Batch;
import archiver.domain.BatchItem;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;

/**
 * The one status message of each playlist batch ("12 of 40 sent · 1 failed", then "Done"), edited
 * as the runner reports (at most every few seconds). Edits go out on their own thread, one after
 * another, so a slow Bot API never holds the runner up.
 */
final class BatchBoard implements BatchObserver {

  private static final Logger log = LoggerFactory.getLogger(BatchBoard.class);

  private final BotApi api;
  private final Messages messages;
  private final Keyboards keyboards;
  private final ExecutorService edits =
      Executors.newSingleThreadExecutor(Thread.ofVirtual().name("batch-board").factory());

  BatchBoard(BotApi api, Messages messages, Keyboards keyboards) {
    this.api = api;
    this.messages = messages;
    this.keyboards = keyboards;
  }

  @Override
  public void progress(Batch batch, BatchProgress progress) {
    Language lang = Messages.forLanguage(batch.language());
    edits.execute(
        () -> show(batch, text(batch, progress, lang), keyboards.cancelBatch(lang, batch.id())));
  }

  @Override
  public void finished(Batch batch, BatchProgress progress) {
    Language lang = Messages.forLanguage(batch.language());
    edits.execute(() -> show(batch, text(batch, progress, lang), null));
  }

  @Override
  public void itemFailed(Batch batch, BatchItem item, String reason) {
    Language lang = Messages.forLanguage(batch.language());
    String title = shorten(item.title() == null ? item.url() : item.title());
    edits.execute(
        () ->
            send(
                batch.chatId(), messages.text(lang, "batch.item_refused", item.position(), title)));
  }

  /** The status text: where the batch is, and the item on its way. */
  String text(Batch batch, BatchProgress p, Language lang) {
    String title = shorten(batch.shownTitle());
    return switch (batch.status()) {
      case CANCELLED -> messages.text(lang, "batch.cancelled", title, p.sent(), p.total());
      case FINISHED ->
          messages.text(lang, "batch.finished", title, p.sent(), p.total(), p.failed());
      case RUNNING -> {
        String head = messages.text(lang, "batch.status", title, p.sent(), p.total(), p.failed());
        yield p.current()
            .map(
                c ->
                    head
                        + "\n"
                        + messages.text(lang, "batch.now", c.position(), shorten(c.title())))
            .orElse(head);
      }
    };
  }

  /** A site's title can be any length; the status stays far below Telegram's 4096 characters. */
  static final int TITLE_CHARS = 200;

  static String shorten(String title) {
    if (title == null) {
      return "";
    }
    if (title.codePointCount(0, title.length()) <= TITLE_CHARS) {
      return title;
    }
    return title.substring(0, title.offsetByCodePoints(0, TITLE_CHARS - 1)) + "\u2026";
  }

  private void show(Batch batch, String text, InlineKeyboardMarkup keyboard) {
    if (batch.statusMessage().isEmpty()) {
      return;
    }
    EditMessageText.EditMessageTextBuilder<?, ?> edit =
        EditMessageText.builder()
            .chatId(batch.chatId())
            .messageId(batch.statusMessage().get())
            .text(text);
    if (keyboard != null) {
      edit.replyMarkup(keyboard);
    }
    try {
      api.call(batch.chatId(), edit.build());
    } catch (TelegramApiException e) {
      // "message is not modified" or a deleted message: the next report tries again.
      log.debug("batch {} status not edited: {}", batch.id(), e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void send(long chatId, String text) {
    try {
      api.call(chatId, SendMessage.builder().chatId(chatId).text(text).build());
    } catch (TelegramApiException e) {
      log.warn("chat {} not told about a refused playlist item: {}", chatId, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  void close() {
    edits.shutdownNow();
  }
}
