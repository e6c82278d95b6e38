package archiver.core;

import archiver.domain.Quality;
import java.util.Objects;

/** One user's request for one link, as what. {@code userId}/{@code chatId} are Telegram's. */
public record SubmitRequest(String url, Quality quality, Long userId, Long chatId) {
  public SubmitRequest {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(quality, "quality");
  }
}
