package archiver.bot;

import archiver.bot.Messages.Language;
import archiver.core.admin.SettingsService;
import java.util.Optional;

/**
 * The language each chat is spoken to in: the one it chose (/lang, /settings), else the one its
 * user's Telegram app is set to, remembered from the last update so that answers which come later
 * without an update (a job's end) use it too.
 */
final class ChatLanguages {

  private final SettingsService settings;
  private final BoundedMap<Long, Language> lastSpoken = new BoundedMap<>(10_000);

  ChatLanguages(SettingsService settings) {
    this.settings = settings;
  }

  /**
   * The language for an update from a user whose app has {@code telegramLanguageCode} (may be
   * null), remembered for the chat.
   */
  Language forUpdate(long chatId, String telegramLanguageCode) {
    Optional<String> chosen = settings.get(chatId).language();
    Language language = Messages.forLanguage(chosen.orElse(telegramLanguageCode));
    lastSpoken.put(chatId, language);
    return language;
  }

  /** The language for a chat with no update at hand. */
  Language of(long chatId) {
    return settings
        .get(chatId)
        .language()
        .map(Messages::forLanguage)
        .orElseGet(() -> lastSpoken.get(chatId).orElse(Language.EN));
  }
}
