package archiver.download.intake;

import java.net.IDN;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What URL intake allows; the config layer maps {@code security.*} onto it.
 *
 * @param allowHttp accept plain {@code http://} for GENERIC links ({@code security.allow_http});
 *     known sources are always upgraded to https
 * @param allowPrivateAddresses lift every address rule, for tests serving media on 127.0.0.1
 *     ({@code security.allow_private_addresses})
 * @param extraAllowedDomains domains (and their subdomains) accepted as GENERIC even without a
 *     media extension ({@code security.extra_allowed_domains})
 * @param lectureSiteDomains Way2Allah/IslamWay-style sites (and their subdomains), TARIQ_ALLAH
 * @param maxLinksPerMessage how many links one message may start at most
 */
public record IntakeSettings(
    boolean allowHttp,
    boolean allowPrivateAddresses,
    List<String> extraAllowedDomains,
    List<String> lectureSiteDomains,
    int maxLinksPerMessage) {

  public static final List<String> DEFAULT_LECTURE_SITES = List.of("way2allah.com", "islamway.net");
  public static final int DEFAULT_MAX_LINKS_PER_MESSAGE = 5;

  public IntakeSettings {
    if (maxLinksPerMessage < 1) {
      throw new IllegalArgumentException(
          "maxLinksPerMessage must be at least 1, was " + maxLinksPerMessage);
    }
    extraAllowedDomains = domains(extraAllowedDomains, "extra_allowed_domains");
    lectureSiteDomains = domains(lectureSiteDomains, "lecture site domains");
  }

  /** Safe defaults: https only, public addresses only, the two default lecture sites. */
  public static IntakeSettings defaults() {
    return new IntakeSettings(
        false, false, List.of(), DEFAULT_LECTURE_SITES, DEFAULT_MAX_LINKS_PER_MESSAGE);
  }

  /**
   * Domains compared the way hosts are: IDNA ASCII, lower case, no trailing dot, no "*." prefix.
   */
  private static List<String> domains(List<String> raw, String what) {
    if (raw == null) {
      return List.of();
    }
    List<String> result = new ArrayList<>();
    for (String entry : raw) {
      String d = entry == null ? "" : entry.strip();
      if (d.startsWith("*.")) {
        d = d.substring(2);
      }
      while (d.startsWith(".")) {
        d = d.substring(1);
      }
      while (d.endsWith(".")) {
        d = d.substring(0, d.length() - 1);
      }
      try {
        d = IDN.toASCII(d, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(what + ": not a domain name: " + entry, e);
      }
      if (d.isEmpty() || !d.contains(".")) {
        throw new IllegalArgumentException(what + ": not a domain name: " + entry);
      }
      result.add(d);
    }
    return List.copyOf(result);
  }
}
