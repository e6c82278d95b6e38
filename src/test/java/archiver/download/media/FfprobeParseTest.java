package archiver.download.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import archiver.download.process.SystemProcessRunner;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FfprobeParseTest {

  private final Ffprobe ffprobe =
      new Ffprobe(new SystemProcessRunner(), MediaTools.onPath(), Duration.ofSeconds(5));

  @Test
  void givenAudioWithCoverArt_whenParsed_thenTheCoverIsFlaggedAndNotCountedAsVideo()
      throws JsonProcessingException {
    MediaInfo info =
        ffprobe.parse(
            """
            {"streams": [
              {"index": 0, "codec_name": "mp3", "codec_type": "audio", "sample_rate": "44100",
               "channels": 2, "bit_rate": "128000", "disposition": {"attached_pic": 0}},
              {"index": 1, "codec_name": "mjpeg", "codec_type": "video", "width": 320,
               "height": 240, "pix_fmt": "yuvj420p", "disposition": {"attached_pic": 1}}
             ],
             "format": {"format_name": "mp3", "duration": "3.004000", "size": "70184",
                        "bit_rate": "186659", "tags": {"TITLE": "Song", "artist": "Band"}}}
            """);

    assertThat(info.formatNames()).containsExactly("mp3");
    assertThat(info.durationSeconds()).isEqualTo(3.004);
    assertThat(info.sizeBytes()).isEqualTo(70184);
    assertThat(info.bitRate()).isEqualTo(186659);
    assertThat(info.videoStreams()).isEmpty();
    assertThat(info.coverArt()).map(StreamInfo::index).contains(1);
    assertThat(info.firstAudio())
        .contains(
            new StreamInfo(0, StreamInfo.Type.AUDIO, false, "mp3", 0, 0, 128000, 2, 44100, ""));
    assertThat(info.tags()).containsEntry("title", "Song").containsEntry("artist", "Band");
  }

  @Test
  void givenUnknownValues_whenParsed_thenTheyAreZeroAndTheDurationComesFromTheLongestStream()
      throws JsonProcessingException {
    MediaInfo info =
        ffprobe.parse(
            """
            {"streams": [
              {"index": 0, "codec_name": "vp9", "codec_type": "video", "width": 640,
               "height": 360, "bit_rate": "N/A", "duration": "9.5"},
              {"index": 1, "codec_name": "opus", "codec_type": "audio", "duration": "10.02"},
              {"index": 2, "codec_name": "webvtt", "codec_type": "subtitle"}
             ],
             "format": {"format_name": "matroska,webm", "duration": "N/A"}}
            """);

    assertThat(info.formatNames()).containsExactly("matroska", "webm");
    assertThat(info.isFormat("webm")).isTrue();
    assertThat(info.durationSeconds()).isEqualTo(10.02);
    assertThat(info.sizeBytes()).isZero();
    assertThat(info.firstVideo()).map(StreamInfo::bitRate).contains(0L);
    assertThat(info.streams().get(2).type()).isEqualTo(StreamInfo.Type.OTHER);
    assertThat(info.codecSummary()).isEqualTo("vp9 640x360 + opus");
  }

  @Test
  void givenNoJsonObject_whenParsed_thenItIsRefused() {
    assertThatThrownBy(() -> ffprobe.parse("")).isInstanceOf(JsonProcessingException.class);
    assertThatThrownBy(() -> ffprobe.parse("[1, 2]")).isInstanceOf(JsonProcessingException.class);
  }

  @Test
  void givenPacketLines_whenRead_thenSideDataLinesAreSkippedAndUnknownTimesTakeTheLastKnown() {
    List<Ffprobe.Packet> packets = new ArrayList<>();
    Ffprobe.PacketLines lines = new Ffprobe.PacketLines(packets::add);

    // What ffprobe -show_entries packet=pts_time,dts_time,size,flags -of compact=p=0 prints for an
    // AAC stream (the first packet carries the encoder delay as side data) and an MP3 cover.
    lines.accept("pts_time=-0.021333|dts_time=-0.021333|size=453|flags=KD|");
    lines.accept("");
    lines.accept("pts_time=0.000000|dts_time=0.000000|size=359|flags=K_");
    lines.accept("pts_time=0.100100|dts_time=-0.033367|size=4065|flags=__");
    lines.accept("pts_time=N/A|dts_time=N/A|size=24714|flags=K_");
    lines.accept("pts_time=N/A|dts_time=0.200000|size=10|flags=__");
    lines.accept("not a packet");

    assertThat(packets)
        .containsExactly(
            new Ffprobe.Packet(-0.021333, 453, true),
            new Ffprobe.Packet(0.0, 359, true),
            new Ffprobe.Packet(0.1001, 4065, false),
            new Ffprobe.Packet(0.1001, 24714, true),
            new Ffprobe.Packet(0.2, 10, false));
  }
}
