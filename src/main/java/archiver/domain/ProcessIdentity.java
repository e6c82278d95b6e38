package archiver.domain;

import java.util.Objects;

/**
 * One running process of the bot, as the queue knows it: the jobs it takes are leased to {@link
 * #id()} for as long as it renews its heartbeat. The id is new at every start (host, pid and a
 * random tail), so a restarted process never mistakes its previous life's jobs for its own.
 */
public record ProcessIdentity(String id, ProcessRole role, String host, long pid) {

  public ProcessIdentity {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(host, "host");
  }

  /** This JVM in {@code role}, with a fresh id such as {@code worker@vps2:4711:3f9c}. */
  public static ProcessIdentity current(ProcessRole role) {
    String host = hostName();
    long pid = ProcessHandle.current().pid();
    String tail = Long.toHexString(new java.security.SecureRandom().nextLong() & 0xffffL);
    return new ProcessIdentity(
        role.name().toLowerCase(java.util.Locale.ROOT) + "@" + host + ":" + pid + ":" + tail,
        role,
        host,
        pid);
  }

  private static String hostName() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env.strip();
    }
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "localhost";
    }
  }
}
