package archiver.download.http;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What a Content-Type or a file extension says about a remote file. Pure lookups. */
final class MediaTypes {

  /** Whether a file holds sound only or moving pictures. */
  enum Kind {
    AUDIO,
    VIDEO
  }

  private static final Set<String> AUDIO_EXTENSIONS =
      Set.of("mp3", "m4a", "m4b", "aac", "ogg", "oga", "opus", "wav", "flac", "mka", "amr", "wma");

  private static final Set<String> VIDEO_EXTENSIONS =
      Set.of(
          "mp4", "m4v", "webm", "mkv", "mov", "3gp", "wmv", "avi", "mpg", "mpeg", "ogv", "ts",
          "flv");

  /** Containers Telegram plays or ffmpeg remuxes without re-encoding in the usual case. */
  private static final Set<String> READY_VIDEO = Set.of("mp4", "m4v", "mov");

  private static final Set<String> READY_AUDIO = Set.of("mp3", "m4a", "m4b", "aac");

  /**
   * Types servers send for "some file" (Archive.org, S3, nginx defaults, forced downloads): only
   * the extension can tell what is inside.
   */
  private static final Set<String> GENERIC_BINARY =
      Set.of(
          "application/octet-stream",
          "binary/octet-stream",
          "application/binary",
          "application/x-download",
          "application/force-download",
          "application/download",
          "application/unknown");

  /**
   * Playlists are served as audio/* or application/*mpegurl but hold text (HLS, SHOUTcast): not a
   * file to save.
   */
  private static final Set<String> PLAYLISTS =
      Set.of(
          "audio/mpegurl",
          "audio/x-mpegurl",
          "audio/x-scpls",
          "application/vnd.apple.mpegurl",
          "application/x-mpegurl",
          "application/dash+xml");

  private static final Map<String, String> EXTENSION_BY_TYPE =
      Map.ofEntries(
          Map.entry("audio/mpeg", "mp3"),
          Map.entry("audio/mp3", "mp3"),
          Map.entry("audio/mpeg3", "mp3"),
          Map.entry("audio/x-mpeg", "mp3"),
          Map.entry("audio/mp4", "m4a"),
          Map.entry("audio/x-m4a", "m4a"),
          Map.entry("audio/m4a", "m4a"),
          Map.entry("audio/aac", "aac"),
          Map.entry("audio/aacp", "aac"),
          Map.entry("audio/ogg", "ogg"),
          Map.entry("application/ogg", "ogg"),
          Map.entry("audio/opus", "opus"),
          Map.entry("audio/webm", "webm"),
          Map.entry("audio/flac", "flac"),
          Map.entry("audio/x-flac", "flac"),
          Map.entry("audio/wav", "wav"),
          Map.entry("audio/x-wav", "wav"),
          Map.entry("audio/wave", "wav"),
          Map.entry("audio/vnd.wave", "wav"),
          Map.entry("audio/amr", "amr"),
          Map.entry("audio/x-ms-wma", "wma"),
          Map.entry("audio/x-matroska", "mka"),
          Map.entry("video/mp4", "mp4"),
          Map.entry("video/x-m4v", "m4v"),
          Map.entry("video/webm", "webm"),
          Map.entry("video/ogg", "ogv"),
          Map.entry("video/x-matroska", "mkv"),
          Map.entry("video/quicktime", "mov"),
          Map.entry("video/3gpp", "3gp"),
          Map.entry("video/x-msvideo", "avi"),
          Map.entry("video/avi", "avi"),
          Map.entry("video/x-ms-wmv", "wmv"),
          Map.entry("video/mpeg", "mpg"),
          Map.entry("video/mp2t", "ts"),
          Map.entry("video/x-flv", "flv"));

  private MediaTypes() {}

  /** "Audio/MPEG; charset=x" -> "audio/mpeg"; "" for null. */
  static String baseType(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semicolon = contentType.indexOf(';');
    String base = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return base.strip().toLowerCase(Locale.ROOT);
  }

  static boolean isHtml(String baseType) {
    return baseType.equals("text/html") || baseType.equals("application/xhtml+xml");
  }

  static boolean isPlaylist(String baseType) {
    return PLAYLISTS.contains(baseType);
  }

  static boolean isGenericBinary(String baseType) {
    return GENERIC_BINARY.contains(baseType);
  }

  static Optional<Kind> kindOfExtension(String extension) {
    String e = extension.toLowerCase(Locale.ROOT);
    if (AUDIO_EXTENSIONS.contains(e)) {
      return Optional.of(Kind.AUDIO);
    }
    if (VIDEO_EXTENSIONS.contains(e)) {
      return Optional.of(Kind.VIDEO);
    }
    return Optional.empty();
  }

  /** audio/* is audio, video/* video (playlists excepted); application/ogg is Vorbis audio. */
  static Optional<Kind> kindOfType(String baseType) {
    if (isPlaylist(baseType)) {
      return Optional.empty();
    }
    if (baseType.startsWith("audio/") || baseType.equals("application/ogg")) {
      return Optional.of(Kind.AUDIO);
    }
    if (baseType.startsWith("video/")) {
      return Optional.of(Kind.VIDEO);
    }
    return Optional.empty();
  }

  static Optional<String> extensionForType(String baseType) {
    return Optional.ofNullable(EXTENSION_BY_TYPE.get(baseType));
  }

  static boolean isMediaExtension(String extension) {
    return kindOfExtension(extension).isPresent();
  }

  /** Whether the post-processor will surely have to re-encode this file for Telegram. */
  static boolean needsTranscode(Kind wanted, String extension) {
    String e = extension.toLowerCase(Locale.ROOT);
    return wanted == Kind.VIDEO
        ? !READY_VIDEO.contains(e)
        : !READY_AUDIO.contains(e) && !READY_VIDEO.contains(e);
  }

  /** The extension for a saved picture, from its type. */
  static String imageExtension(String baseType) {
    return switch (baseType) {
      case "image/png" -> "png";
      case "image/webp" -> "webp";
      case "image/gif" -> "gif";
      default -> "jpg";
    };
  }
}
