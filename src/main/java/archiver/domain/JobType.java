package archiver.domain;

/** What the user wants back: a playable video or an audio track. */
public enum JobType {
  VIDEO,
  AUDIO
}
