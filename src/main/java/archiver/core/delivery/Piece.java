package archiver.core.delivery;

/**
 * Which file of a job's media a send carries: part {@code index} of {@code count} (1 of 1 for media
 * sent as one file). Long media are sent in parts that each fit Telegram's upload limit.
 */
public record Piece(int index, int count) {

  public static final Piece ONLY = new Piece(1, 1);

  public Piece {
    if (count < 1 || index < 1 || index > count) {
      throw new IllegalArgumentException("part " + index + " of " + count);
    }
  }

  /** The media is one file: no "Part k/N" to say. */
  public boolean isOnly() {
    return count == 1;
  }
}
