package archiver.bot;

import archiver.bot.Messages.Language;
import archiver.domain.JobType;
import archiver.domain.Quality;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a button press asks for. Every inline button the bot shows carries one of these as its
 * {@code callback_data}, written by {@link #data()} and read back by {@link #parse}, the one place
 * that reads button data. Telegram allows 1-64 bytes of it
 * (https://core.telegram.org/bots/api#inlinekeyboardbutton), too little for a link, so a link
 * waiting for its buttons travels as a short token ({@link PendingLinks}).
 *
 * <p>The forms on the wire are the ones the bot has always sent ({@code t:<token>:V}, {@code
 * q:<token>:720p}, ...), so buttons already in chats keep working after an upgrade.
 */
sealed interface Callback {

  /** The callback data for the button. */
  String data();

  /** Video or audio for a link (the first question after a bare link). */
  record ChooseType(String token, JobType type) implements Callback {
    public ChooseType {
      requireToken(token);
      if (type == JobType.FILE) {
        throw new IllegalArgumentException("the first question offers video or audio only");
      }
    }

    @Override
    public String data() {
      return "t:" + token + ":" + (type == JobType.AUDIO ? "A" : "V");
    }
  }

  /** The quality for a link, the original file among them. */
  record ChooseQuality(String token, Quality quality) implements Callback {
    public ChooseQuality {
      requireToken(token);
    }

    @Override
    public String data() {
      return "q:" + token + ":" + quality.code();
    }
  }

  /** "Cancel" under the questions about a link: forget it. */
  record DropLink(String token) implements Callback {
    public DropLink {
      requireToken(token);
    }

    @Override
    public String data() {
      return "x:" + token;
    }
  }

  /** "Cancel" under a job's status message. */
  record CancelJob(long jobId) implements Callback {
    public CancelJob {
      requireJobId(jobId);
    }

    @Override
    public String data() {
      return "c:" + jobId;
    }
  }

  /** "Send the audio" under a video that had no picture: the same link again, as audio. */
  record AudioInstead(long jobId) implements Callback {
    public AudioInstead {
      requireJobId(jobId);
    }

    @Override
    public String data() {
      return "r:" + jobId + ":AUDIO";
    }
  }

  /** What to make of a playlist: all of it as audio or video, or only the video its link names. */
  record ChoosePlaylist(String token, PlaylistChoice choice) implements Callback {
    public ChoosePlaylist {
      requireToken(token);
    }

    @Override
    public String data() {
      return "p:" + token + ":" + choice.wire;
    }
  }

  /** The answers to a playlist's question. */
  enum PlaylistChoice {
    ALL_AUDIO("A"),
    ALL_VIDEO("V"),
    ONLY_THIS_VIDEO("S");

    private final String wire;

    PlaylistChoice(String wire) {
      this.wire = wire;
    }
  }

  /** "Cancel the rest" under a playlist's status message. */
  record CancelBatch(long batchId) implements Callback {
    public CancelBatch {
      requireJobId(batchId);
    }

    @Override
    public String data() {
      return "b:" + batchId;
    }
  }

  /** A language from /lang. */
  record ChooseLanguage(Language language) implements Callback {
    @Override
    public String data() {
      return "l:" + language.code();
    }
  }

  /** A button of /settings that opens a choice, or turns the archive on or off. */
  record OpenSetting(Setting setting) implements Callback {
    @Override
    public String data() {
      return "s:" + setting.wire;
    }
  }

  /** What a settings button opens (or, for the archive, does). */
  enum Setting {
    TYPE("type"),
    QUALITY("quality"),
    ARCHIVE("archive"),
    LANGUAGE("lang");

    private final String wire;

    Setting(String wire) {
      this.wire = wire;
    }
  }

  /** The chat's default type; empty: ask every time. */
  record SetDefaultType(Optional<JobType> type) implements Callback {
    @Override
    public String data() {
      return "s:type:" + type.map(JobType::name).orElse("ASK");
    }
  }

  /** The chat's default quality. */
  record SetDefaultQuality(Quality quality) implements Callback {
    public SetDefaultQuality {
      if (quality == Quality.FILE) {
        // The original file is a type of its own in the settings, with nothing to choose.
        throw new IllegalArgumentException("the original file has no quality to default to");
      }
    }

    @Override
    public String data() {
      return "s:quality:" + quality.code();
    }
  }

  /** Base 36 counters ({@link PendingLinks}); 13 characters hold every long. */
  Pattern TOKEN = Pattern.compile("[0-9a-z]{1,13}");

  Pattern JOB_ID = Pattern.compile("[1-9][0-9]{0,18}");

  /**
   * Reads callback data; empty for anything the bot did not write (malformed, from an older form,
   * or made up by a client), which the caller answers and ignores.
   */
  static Optional<Callback> parse(String data) {
    if (data == null) {
      return Optional.empty();
    }
    String[] p = data.split(":", -1);
    try {
      return Optional.ofNullable(
          switch (p[0]) {
            case "t" ->
                p.length == 3 && TOKEN.matcher(p[1]).matches() ? chooseType(p[1], p[2]) : null;
            case "q" ->
                p.length == 3 && TOKEN.matcher(p[1]).matches()
                    ? exactQuality(p[2]).map(q -> new ChooseQuality(p[1], q)).orElse(null)
                    : null;
            case "x" -> p.length == 2 && TOKEN.matcher(p[1]).matches() ? new DropLink(p[1]) : null;
            case "c" ->
                p.length == 2 && JOB_ID.matcher(p[1]).matches()
                    ? new CancelJob(Long.parseLong(p[1]))
                    : null;
            case "r" ->
                p.length == 3 && JOB_ID.matcher(p[1]).matches() && p[2].equals("AUDIO")
                    ? new AudioInstead(Long.parseLong(p[1]))
                    : null;
            case "l" -> p.length == 2 ? language(p[1]).map(ChooseLanguage::new).orElse(null) : null;
            case "p" ->
                p.length == 3 && TOKEN.matcher(p[1]).matches() ? choosePlaylist(p[1], p[2]) : null;
            case "b" ->
                p.length == 2 && JOB_ID.matcher(p[1]).matches()
                    ? new CancelBatch(Long.parseLong(p[1]))
                    : null;
            case "s" -> setting(p);
            default -> null;
          });
    } catch (NumberFormatException e) {
      return Optional.empty(); // 19 digits over Long.MAX_VALUE
    }
  }

  private static Callback chooseType(String token, String type) {
    return switch (type) {
      case "V" -> new ChooseType(token, JobType.VIDEO);
      case "A" -> new ChooseType(token, JobType.AUDIO);
      default -> null;
    };
  }

  private static Callback choosePlaylist(String token, String wire) {
    for (PlaylistChoice c : PlaylistChoice.values()) {
      if (c.wire.equals(wire)) {
        return new ChoosePlaylist(token, c);
      }
    }
    return null;
  }

  private static Callback setting(String[] p) {
    if (p.length == 2) {
      for (Setting s : Setting.values()) {
        if (s.wire.equals(p[1])) {
          return new OpenSetting(s);
        }
      }
      return null;
    }
    if (p.length != 3) {
      return null;
    }
    return switch (p[1]) {
      case "type" -> {
        if (p[2].equals("ASK")) {
          yield new SetDefaultType(Optional.empty());
        }
        Optional<JobType> type = jobType(p[2]);
        yield type.isPresent() ? new SetDefaultType(type) : null;
      }
      case "quality" ->
          exactQuality(p[2])
              .filter(q -> q != Quality.FILE)
              .map(SetDefaultQuality::new)
              .orElse(null);
      default -> null;
    };
  }

  /**
   * A quality by its code exactly as {@link #data()} writes it ({@link Quality#parse} is lenient).
   */
  private static Optional<Quality> exactQuality(String code) {
    for (Quality q : Quality.values()) {
      if (q.code().equals(code)) {
        return Optional.of(q);
      }
    }
    return Optional.empty();
  }

  private static Optional<JobType> jobType(String name) {
    for (JobType t : JobType.values()) {
      if (t.name().equals(name)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  private static Optional<Language> language(String code) {
    for (Language l : Language.values()) {
      if (l.code().equals(code)) {
        return Optional.of(l);
      }
    }
    return Optional.empty();
  }

  private static void requireToken(String token) {
    if (token == null || !TOKEN.matcher(token).matches()) {
      throw new IllegalArgumentException("not a link token: " + token);
    }
  }

  private static void requireJobId(long jobId) {
    if (jobId < 1) {
      throw new IllegalArgumentException("not a job id: " + jobId);
    }
  }
}
