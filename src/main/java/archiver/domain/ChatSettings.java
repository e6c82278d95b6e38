package archiver.domain;

import java.util.Optional;

/**
 * Per-chat preferences (docs/ARCHITECTURE.md, "Chat settings"); empty optionals mean "use the
 * default".
 */
public record ChatSettings(
    long chatId,
    boolean archiveMode,
    Optional<JobType> defaultJobType,
    Optional<String> defaultQuality,
    Optional<String> language,
    boolean admin) {

  public static ChatSettings defaults(long chatId) {
    return new ChatSettings(
        chatId, false, Optional.empty(), Optional.empty(), Optional.empty(), false);
  }
}
