package archiver.domain;

/**
 * What the user wants back: a video that plays inline, an audio track for Telegram's player, or the
 * original file as it came from the source, sent as a document.
 */
public enum JobType {
  VIDEO,
  AUDIO,
  FILE
}
