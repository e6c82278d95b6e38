package archiver.domain;

/** Health of a cookie profile (docs/ARCHITECTURE.md, "Auth profiles"). */
public enum AuthProfileStatus {
  ACTIVE,
  /** Too many auth failures in a row: skipped until it succeeds again or an admin resets it. */
  DEGRADED,
  /** Never used. */
  DISABLED
}
