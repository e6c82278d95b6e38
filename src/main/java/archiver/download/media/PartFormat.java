package archiver.download.media;

import archiver.domain.JobType;
import java.util.List;
import java.util.Optional;

/**
 * How the parts of one file are written: which streams are copied, the stream the cuts follow, and
 * the muxer. Video parts are MP4 like {@link PostProcessor}'s; audio parts keep their source's
 * codec in its usual file (AAC in M4A, MP3 in MP3).
 *
 * @param mainStream the stream whose keyframes are the cut points (the video, else the audio)
 * @param copiedStreams the streams the parts hold, main stream first
 * @param muxer ffmpeg's name for the parts' format
 * @param cover an audio file's cover picture, added to every part after the cut
 */
record PartFormat(
    JobType jobType,
    int mainStream,
    List<Integer> copiedStreams,
    String muxer,
    String extension,
    Optional<StreamInfo> cover) {

  private static final List<String> PLAYABLE_AUDIO_CODECS = List.of("aac", "mp3");

  /** Picture formats an MP4 "covr" box and an ID3v2 APIC frame can both hold. */
  private static final List<String> COVER_CODECS = List.of("mjpeg", "png");

  PartFormat {
    copiedStreams = List.copyOf(copiedStreams);
  }

  /** The parts' format, empty for a file that is not ready for Telegram as it is. */
  static Optional<PartFormat> of(MediaInfo info) {
    Optional<StreamInfo> audio = info.firstAudio();
    if (audio.isPresent() && !PLAYABLE_AUDIO_CODECS.contains(audio.get().codecName())) {
      return Optional.empty();
    }
    Optional<StreamInfo> video = info.firstVideo();
    if (video.isPresent()) {
      if (!video.get().codecName().equals("h264")) {
        return Optional.empty();
      }
      List<Integer> streams =
          audio.isPresent()
              ? List.of(video.get().index(), audio.get().index())
              : List.of(video.get().index());
      return Optional.of(
          new PartFormat(
              JobType.VIDEO, video.get().index(), streams, "mp4", "mp4", Optional.empty()));
    }
    if (audio.isEmpty()) {
      return Optional.empty();
    }
    boolean mp3 = audio.get().codecName().equals("mp3");
    Optional<StreamInfo> cover = info.coverArt().filter(c -> COVER_CODECS.contains(c.codecName()));
    return Optional.of(
        new PartFormat(
            JobType.AUDIO,
            audio.get().index(),
            List.of(audio.get().index()),
            mp3 ? "mp3" : "ipod",
            mp3 ? "mp3" : "m4a",
            cover));
  }

  /** MP4 and M4A parts get their index before the media, so that Telegram can stream them. */
  boolean faststart() {
    return !muxer.equals("mp3");
  }

  /** The muxer's options as the segment muxer takes them ({@code -segment_format_options}). */
  String muxerOptions() {
    // ffmpeg writes ID3v2.4 by default; many players (Windows among them) read only v2.3.
    return faststart() ? "movflags=+faststart" : "id3v2_version=3";
  }

  /** The same options for writing one file. */
  List<String> fileMuxerArgs() {
    return faststart()
        ? List.of("-movflags", "+faststart", "-f", muxer)
        : List.of("-id3v2_version", "3", "-f", muxer);
  }
}
