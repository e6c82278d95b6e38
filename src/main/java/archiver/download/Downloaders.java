package archiver.download;

import archiver.domain.SourceType;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/** Which downloader serves which source (docs/ARCHITECTURE.md, "Sources"). */
public final class Downloaders {
  private final Map<SourceType, Downloader> bySource;

  public Downloaders(Map<SourceType, Downloader> bySource) {
    EnumMap<SourceType, Downloader> copy = new EnumMap<>(SourceType.class);
    copy.putAll(bySource);
    for (SourceType source : SourceType.values()) {
      Objects.requireNonNull(copy.get(source), "no downloader for " + source);
    }
    this.bySource = copy;
  }

  public Downloader forSource(SourceType source) {
    return bySource.get(source);
  }
}
