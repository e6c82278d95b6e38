package archiver.download.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeyframeIndexTest {

  @Test
  void keyframesBecomeCutPointsNumberedByPacketWithTheStreamsBytesBeforeThem() {
    KeyframeIndex index = new KeyframeIndex(0);
    index.accept(new Ffprobe.Packet(0.0, 1000, true));
    index.accept(new Ffprobe.Packet(0.04, 100, false));
    index.accept(new Ffprobe.Packet(0.08, 100, false));
    index.accept(new Ffprobe.Packet(2.0, 1000, true));
    index.accept(new Ffprobe.Packet(2.04, 100, false));

    List<CutPoint> points = index.cutPoints(2300, 4.0);

    assertThat(points).containsExactly(new CutPoint(0, 0.0, 0), new CutPoint(3, 2.0, 1200));
    assertThat(index.frames()).isEqualTo(5);
    assertThat(index.streamBytes()).isEqualTo(2300);
  }

  @Test
  void bytesOfOtherStreamsAreSpreadEvenlyOverTime() {
    KeyframeIndex index = new KeyframeIndex(0);
    index.accept(new Ffprobe.Packet(0.0, 500, true));
    index.accept(new Ffprobe.Packet(5.0, 500, true));

    // 1,000 bytes of video in a 11,000-byte file of 10 s: 1,000 bytes of everything else a second.
    List<CutPoint> points = index.cutPoints(11_000, 10.0);

    assertThat(points.get(1)).isEqualTo(new CutPoint(1, 5.0, 500 + 5000));
  }

  @Test
  void audioKeepsOneCutPointASecond() {
    KeyframeIndex index = new KeyframeIndex(1.0);
    for (int i = 0; i < 200; i++) {
      // MP3 at 44.1 kHz: 1,152 samples a frame, every frame a keyframe.
      double seconds = i * 1152 / 44_100.0;
      index.accept(new Ffprobe.Packet(seconds, 418, true));
    }

    List<CutPoint> points = index.cutPoints(200 * 418, 200 * 1152 / 44_100.0);

    assertThat(points).extracting(CutPoint::frame).containsExactly(0, 39, 78, 117, 156, 195);
  }
}
