package archiver.download.intake;

/**
 * The part of a Telegram {@code MessageEntity} that link extraction needs.
 *
 * @param type the entity type; {@code "url"} and {@code "text_link"} carry links
 * @param offset start in UTF-16 code units, as Telegram counts (and as Java strings index)
 * @param length length in UTF-16 code units
 * @param url the target of a {@code text_link}; null for other types
 */
public record TextEntity(String type, int offset, int length, String url) {

  public static TextEntity url(int offset, int length) {
    return new TextEntity("url", offset, length, null);
  }

  public static TextEntity textLink(int offset, int length, String url) {
    return new TextEntity("text_link", offset, length, url);
  }
}
