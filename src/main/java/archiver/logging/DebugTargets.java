package archiver.logging;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The jobs and users for which DEBUG lines are written although the log level is INFO
 * (docs/ARCHITECTURE.md, "Logging"). One instance is shared by the log filter and the admin
 * commands.
 */
public final class DebugTargets {
  private final Set<Long> jobIds = ConcurrentHashMap.newKeySet();
  private final Set<Long> userIds = ConcurrentHashMap.newKeySet();

  public void enableJob(long jobId) {
    jobIds.add(jobId);
  }

  public void disableJob(long jobId) {
    jobIds.remove(jobId);
  }

  public void enableUser(long userId) {
    userIds.add(userId);
  }

  public void disableUser(long userId) {
    userIds.remove(userId);
  }

  public boolean isEmpty() {
    return jobIds.isEmpty() && userIds.isEmpty();
  }

  public Set<Long> jobIds() {
    return Set.copyOf(jobIds);
  }

  public Set<Long> userIds() {
    return Set.copyOf(userIds);
  }

  boolean matches(String jobId, String userId) {
    return contains(jobIds, jobId) || contains(userIds, userId);
  }

  private static boolean contains(Set<Long> ids, String value) {
    if (value == null || ids.isEmpty()) {
      return false;
    }
    try {
      return ids.contains(Long.parseLong(value));
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
