package archiver.core.jobs;

import archiver.download.intake.IntakeSettings;
import archiver.download.intake.LinkExtractor;
import archiver.download.intake.TextEntity;
import java.util.ArrayList;
import java.util.List;

/** Finds the links in a chat message, for the bot, which does not reach the download layer. */
public final class Links {

  /** A Telegram message entity (UTF-16 offsets, as Telegram sends them). */
  public record Span(String type, int offset, int length, String url) {}

  /** The links to act on, and how many the message held in all. */
  public record Found(List<String> links, int total) {
    public boolean truncated() {
      return total > links.size();
    }
  }

  private final LinkExtractor all;
  private final int maxPerMessage;

  public Links(IntakeSettings settings) {
    this.maxPerMessage = settings.maxLinksPerMessage();
    this.all =
        new LinkExtractor(
            new IntakeSettings(
                settings.allowHttp(),
                settings.allowPrivateAddresses(),
                settings.extraAllowedDomains(),
                settings.lectureSiteDomains(),
                Integer.MAX_VALUE));
  }

  /** Every http(s) link in order, de-duplicated; at most {@code maxPerMessage} are kept. */
  public Found in(String text, List<Span> entities) {
    if (text == null || text.isEmpty()) {
      return new Found(List.of(), 0);
    }
    List<String> links;
    if (entities == null || entities.isEmpty()) {
      links = all.extract(text);
    } else {
      List<TextEntity> mapped = new ArrayList<>();
      for (Span s : entities) {
        mapped.add(new TextEntity(s.type(), s.offset(), s.length(), s.url()));
      }
      links = all.extract(text, mapped);
    }
    return new Found(links.subList(0, Math.min(links.size(), maxPerMessage)), links.size());
  }

  public int maxPerMessage() {
    return maxPerMessage;
  }
}
