package archiver.core.admin;

import archiver.domain.ChatSettings;
import archiver.domain.JobType;
import archiver.storage.ChatSettingsRepository;
import java.time.Clock;
import java.util.Optional;

/**
 * Per-chat preferences (docs/ARCHITECTURE.md, "Chat settings" and "Archive"), read and changed by
 * the bot.
 */
public final class SettingsService {
  private final ChatSettingsRepository repository;
  private final Clock clock;

  public SettingsService(ChatSettingsRepository repository, Clock clock) {
    this.repository = repository;
    this.clock = clock;
  }

  public ChatSettings get(long chatId) {
    return repository.get(chatId);
  }

  public ChatSettings setArchiveMode(long chatId, boolean on) {
    ChatSettings s = get(chatId);
    return save(
        new ChatSettings(
            chatId, on, s.defaultJobType(), s.defaultQuality(), s.language(), s.admin()));
  }

  public ChatSettings setDefaultJobType(long chatId, JobType type) {
    ChatSettings s = get(chatId);
    return save(
        new ChatSettings(
            chatId,
            s.archiveMode(),
            Optional.of(type),
            s.defaultQuality(),
            s.language(),
            s.admin()));
  }

  /** Bare links get the video/audio question again. */
  public ChatSettings clearDefaultJobType(long chatId) {
    ChatSettings s = get(chatId);
    return save(
        new ChatSettings(
            chatId,
            s.archiveMode(),
            Optional.empty(),
            s.defaultQuality(),
            s.language(),
            s.admin()));
  }

  public ChatSettings setDefaultQuality(long chatId, String quality) {
    ChatSettings s = get(chatId);
    return save(
        new ChatSettings(
            chatId,
            s.archiveMode(),
            s.defaultJobType(),
            Optional.of(quality),
            s.language(),
            s.admin()));
  }

  public ChatSettings setLanguage(long chatId, String language) {
    ChatSettings s = get(chatId);
    return save(
        new ChatSettings(
            chatId,
            s.archiveMode(),
            s.defaultJobType(),
            s.defaultQuality(),
            Optional.of(language),
            s.admin()));
  }

  private ChatSettings save(ChatSettings s) {
    repository.save(s, clock.instant());
    return s;
  }
}
