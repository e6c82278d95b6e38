package archiver.bot;

import java.util.List;
import java.util.Set;

/**
 * What the bot layer needs of the configuration.
 *
 * @param maxFileSizeBytes the effective upload limit (for /help)
 * @param uploadTimeout {@code timeouts.upload_seconds}: connect, write, read and the whole call of
 *     every media upload; a self-hosted Bot API server answers a large upload only after it has
 *     stored it
 */
public record BotSettings(
    String token,
    String apiBaseUrl,
    Set<Long> adminUserIds,
    Set<Long> allowedUserIds,
    Set<Long> allowedChatIds,
    int maxLinksPerMessage,
    long maxFileSizeBytes,
    java.time.Duration uploadTimeout) {

  @Override
  public String toString() {
    return "BotSettings[apiBaseUrl=" + apiBaseUrl + ", admins=" + adminUserIds + "]";
  }

  public static BotSettings of(
      String token,
      String apiBaseUrl,
      List<Long> admins,
      List<Long> allowedUsers,
      List<Long> allowedChats,
      int maxLinks,
      long maxFileSize,
      java.time.Duration uploadTimeout) {
    return new BotSettings(
        token,
        apiBaseUrl,
        Set.copyOf(admins),
        Set.copyOf(allowedUsers),
        Set.copyOf(allowedChats),
        maxLinks,
        maxFileSize,
        uploadTimeout);
  }
}
