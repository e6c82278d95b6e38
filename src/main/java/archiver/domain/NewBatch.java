package archiver.domain;

import java.util.List;
import java.util.Objects;

/** A batch before it is stored: the playlist, who asked, as what, and its items in order. */
public record NewBatch(
    String url,
    String playlistId,
    String title,
    Quality quality,
    Long userId,
    long chatId,
    String language,
    boolean more,
    Integer statusMessageId,
    List<Item> items) {

  /** One item of the playlist as the site lists it. */
  public record Item(String url, String title) {
    public Item {
      Objects.requireNonNull(url, "url");
    }
  }

  public NewBatch {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(quality, "quality");
    items = List.copyOf(items);
    if (items.isEmpty()) {
      throw new IllegalArgumentException("a batch has at least one item");
    }
  }
}
