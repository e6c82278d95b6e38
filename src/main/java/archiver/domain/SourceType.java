package archiver.domain;

/** Where a link points, which decides the downloader (docs/ARCHITECTURE.md, "Sources"). */
public enum SourceType {
  YOUTUBE,
  FACEBOOK,
  /** Archive.org. */
  ARCHIVE,
  /** Way2Allah / IslamWay style lecture sites. */
  TARIQ_ALLAH,
  /** A direct media link (.mp3, .mp4, ...) on any other public host. */
  GENERIC
}
