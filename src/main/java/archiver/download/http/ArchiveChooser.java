package archiver.download.http;

import archiver.domain.ErrorType;
import archiver.domain.JobType;
import archiver.domain.Quality;
import archiver.download.DownloadFailure;
import archiver.download.http.MediaTypes.Kind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Picks the file of an Archive.org item to download for a job. Pure: the item's file list in, one
 * file or a refusal out.
 *
 * <p>Audio prefers MP3 (Telegram plays it as it is), then AAC, then Ogg Vorbis, lossless formats
 * last; within MP3 the bitrate nearest the quality from below. Video prefers MP4 (h.264, MPEG4,
 * then the small "512Kb MPEG4" derivative), then Ogg video and WebM, then anything else; the height
 * nearest the quality from below. An audio job on a video-only item takes a video file, whose sound
 * the post-processor extracts. An item with several uploads (album tracks, a lecture series) gives
 * its first upload by name; a link that names a file gives exactly that file.
 */
final class ArchiveChooser {

  /** The choice: a file, and how many uploads the item had to choose from. */
  sealed interface Choice {}

  record Chosen(ArchiveFile file, Kind kind, int groupCount) implements Choice {}

  record Refused(DownloadFailure failure) implements Choice {}

  private ArchiveChooser() {}

  static Choice choose(ArchiveItem item, Optional<String> named, Quality quality, long maxBytes) {
    if (named.isPresent()) {
      return chooseNamed(item, named.get(), quality, maxBytes);
    }
    Kind wanted = quality.jobType() == JobType.VIDEO ? Kind.VIDEO : Kind.AUDIO;
    List<ArchiveFile> media = new ArrayList<>();
    boolean anyRestricted = false;
    for (ArchiveFile f : item.files()) {
      if (f.kind().isPresent()) {
        if (f.restricted()) {
          anyRestricted = true;
        } else {
          media.add(f);
        }
      }
    }
    List<ArchiveFile> pool = ofKind(media, wanted);
    Kind poolKind = wanted;
    if (pool.isEmpty() && wanted == Kind.AUDIO) {
      pool = ofKind(media, Kind.VIDEO);
      poolKind = Kind.VIDEO;
    }
    if (pool.isEmpty()) {
      if (wanted == Kind.VIDEO && !ofKind(media, Kind.AUDIO).isEmpty()) {
        return refuse(ErrorType.FORMAT_NOT_FOUND, "this item is audio only");
      }
      if (anyRestricted) {
        return refuse(
            ErrorType.PROTECTED_CONTENT,
            "the item's media files are access-restricted on Archive.org");
      }
      return refuse(ErrorType.FORMAT_NOT_FOUND, "the item has no audio or video file");
    }
    TreeMap<String, List<ArchiveFile>> groups = new TreeMap<>(NaturalOrder.INSTANCE);
    for (ArchiveFile f : pool) {
      groups.computeIfAbsent(f.group(), g -> new ArrayList<>()).add(f);
    }
    List<ArchiveFile> first = new ArrayList<>(groups.firstEntry().getValue());
    first.sort(poolKind == Kind.AUDIO ? audioOrder(quality) : videoOrder(videoQualityFor(quality)));
    for (ArchiveFile f : first) {
      if (f.sizeBytes().isEmpty() || f.sizeBytes().getAsLong() <= maxBytes) {
        return new Chosen(f, poolKind, groups.size());
      }
    }
    long smallest = Long.MAX_VALUE;
    for (ArchiveFile f : first) {
      smallest = Math.min(smallest, f.sizeBytes().orElse(Long.MAX_VALUE));
    }
    return refuse(
        ErrorType.SIZE_LIMIT,
        "the smallest file is "
            + Sizes.megabytes(smallest)
            + ", over the limit of "
            + Sizes.megabytes(maxBytes));
  }

  private static Choice chooseNamed(ArchiveItem item, String name, Quality quality, long maxBytes) {
    Optional<ArchiveFile> found = item.file(name);
    if (found.isEmpty()) {
      return new Refused(
          new DownloadFailure(
              ErrorType.HTTP_ERROR,
              "the Archive.org item has no file \"" + name + "\"",
              Optional.of(404),
              Optional.empty(),
              ""));
    }
    ArchiveFile f = found.get();
    Optional<Kind> kind = f.kind();
    if (kind.isEmpty()) {
      return refuse(
          ErrorType.UNSUPPORTED_SOURCE,
          "the file is "
              + (f.format().isEmpty()
                  ? "not audio or video"
                  : f.format() + ", not audio or video"));
    }
    if (f.restricted()) {
      return refuse(ErrorType.PROTECTED_CONTENT, "the file is access-restricted on Archive.org");
    }
    if (quality.jobType() == JobType.VIDEO && kind.get() == Kind.AUDIO) {
      return refuse(ErrorType.FORMAT_NOT_FOUND, "this link is audio only");
    }
    if (f.sizeBytes().isPresent() && f.sizeBytes().getAsLong() > maxBytes) {
      return refuse(
          ErrorType.SIZE_LIMIT,
          "the file is "
              + Sizes.megabytes(f.sizeBytes().getAsLong())
              + ", over the limit of "
              + Sizes.megabytes(maxBytes));
    }
    return new Chosen(f, kind.get(), 1);
  }

  /**
   * One upload of an item and the file that stands for it when the item is read as a playlist.
   *
   * @param title the file's own title, else another file's of the upload (Archive.org often sets it
   *     on the upload only)
   */
  record Track(String group, ArchiveFile file, Optional<String> title) {}

  /**
   * The item's uploads with a media file that is not restricted, ordered by group name as {@link
   * #choose} orders them, each with the file to name in its playlist item's link: the upload's
   * video at the default height when it has one (an audio job extracts its sound), else its best
   * audio (audio files are small, and the post-processor re-encodes a lower bitrate or height from
   * what is named, never a higher one). The named file is fixed, so the quality a batch asks for no
   * longer picks among an upload's derivatives.
   */
  static List<Track> tracks(ArchiveItem item) {
    TreeMap<String, List<ArchiveFile>> groups = new TreeMap<>(NaturalOrder.INSTANCE);
    for (ArchiveFile f : item.files()) {
      if (f.kind().isPresent() && !f.restricted()) {
        groups.computeIfAbsent(f.group(), g -> new ArrayList<>()).add(f);
      }
    }
    List<Track> tracks = new ArrayList<>();
    for (List<ArchiveFile> group : groups.values()) {
      List<ArchiveFile> pool = ofKind(group, Kind.VIDEO);
      if (pool.isEmpty()) {
        pool = ofKind(group, Kind.AUDIO);
        pool.sort(audioOrder(Quality.AUDIO_BEST));
      } else {
        pool.sort(videoOrder(Quality.defaultFor(JobType.VIDEO)));
      }
      ArchiveFile named = pool.getFirst();
      Optional<String> title = named.title();
      for (ArchiveFile f : group) {
        title = title.or(f::title);
      }
      tracks.add(new Track(named.group(), named, title));
    }
    return tracks;
  }

  /**
   * An audio job that has to take a video file wants its sound, not its pixels: the small "512Kb
   * MPEG4" derivative carries the same track for less download, unless the best sound was asked.
   */
  private static Quality videoQualityFor(Quality quality) {
    if (quality.jobType() == JobType.VIDEO) {
      return quality;
    }
    return quality == Quality.AUDIO_BEST ? Quality.BEST : Quality.P360;
  }

  private static List<ArchiveFile> ofKind(List<ArchiveFile> files, Kind kind) {
    List<ArchiveFile> result = new ArrayList<>();
    for (ArchiveFile f : files) {
      if (f.kind().orElseThrow() == kind) {
        result.add(f);
      }
    }
    return result;
  }

  /** 0 MP3, 1 AAC/M4A, 2 Ogg Vorbis/Opus, 3 lossless and everything else. */
  static int audioTier(ArchiveFile f) {
    String format = f.lowerFormat();
    String ext = f.extension();
    if (format.contains("mp3") || (format.isEmpty() && ext.equals("mp3"))) {
      return 0;
    }
    if (format.contains("aac")
        || format.contains("m4a")
        || ext.equals("m4a")
        || ext.equals("aac")) {
      return format.contains("lossless") ? 3 : 1;
    }
    if (format.contains("vorbis")
        || format.contains("opus")
        || ext.equals("ogg")
        || ext.equals("opus")) {
      return 2;
    }
    return 3;
  }

  /** 0 MP4 (h.264, MPEG4), 1 "512Kb MPEG4", 2 Ogg video/WebM, 3 everything else. */
  static int videoTier(ArchiveFile f) {
    String format = f.lowerFormat();
    String ext = f.extension();
    if (format.startsWith("512kb")) {
      return 1;
    }
    if (format.contains("h.264")
        || format.contains("mpeg4")
        || ext.equals("mp4")
        || ext.equals("m4v")) {
      return 0;
    }
    if (format.contains("ogg video")
        || format.contains("webm")
        || ext.equals("ogv")
        || ext.equals("webm")) {
      return 2;
    }
    return 3;
  }

  private static Comparator<ArchiveFile> audioOrder(Quality quality) {
    int target = quality.limit();
    Comparator<ArchiveFile> byTier = Comparator.comparingInt(ArchiveChooser::audioTier);
    return byTier
        .thenComparingInt(f -> fits(kbpsOf(f), target) ? 0 : 1)
        .thenComparingInt(f -> fits(kbpsOf(f), target) ? -kbpsOf(f) : kbpsOf(f))
        .thenComparing(f -> f.name().toLowerCase(Locale.ROOT));
  }

  /**
   * MP4 family first; within it a height that fits the quality beats the format preference, so a
   * 360p job takes the 240p "512Kb MPEG4" over a 720p h.264 rather than transcode it down.
   */
  private static Comparator<ArchiveFile> videoOrder(Quality quality) {
    int target = quality.limit();
    Comparator<ArchiveFile> byFamily =
        Comparator.comparingInt(f -> videoTier(f) <= 1 ? 0 : videoTier(f));
    return byFamily
        .thenComparingInt(f -> fitsHeight(f, target) ? 0 : 1)
        .thenComparingInt(ArchiveChooser::videoTier)
        .thenComparingInt(f -> fitsHeight(f, target) ? -heightOf(f) : heightOf(f))
        .thenComparing(f -> f.name().toLowerCase(Locale.ROOT));
  }

  private static int kbpsOf(ArchiveFile f) {
    return f.kbps().orElse(ArchiveFile.ASSUMED_KBPS);
  }

  /** VBR files wander around their nominal rate: 10% over still counts as the quality. */
  private static boolean fits(int kbps, int target) {
    return target == Integer.MAX_VALUE || kbps <= target + target / 10;
  }

  private static boolean fitsHeight(ArchiveFile f, int target) {
    return f.videoHeight().isEmpty() || f.videoHeight().getAsInt() <= target;
  }

  private static int heightOf(ArchiveFile f) {
    return f.videoHeight().orElse(0);
  }

  private static Refused refuse(ErrorType type, String message) {
    return new Refused(DownloadFailure.of(type, message));
  }
}
