package archiver.download.media;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Collects the cut points of one stream from its packet list ({@link Ffprobe#packets}): every
 * keyframe, with the bytes of that stream before it.
 */
final class KeyframeIndex implements Consumer<Ffprobe.Packet> {

  private final double minSpacingSeconds;
  private final List<CutPoint> streamPoints = new ArrayList<>();
  private int frames;
  private long streamBytes;

  /**
   * @param minSpacingSeconds keep a keyframe only this long after the last one kept: every audio
   *     packet is a keyframe (about 40 a second), and a cut point a second is plenty
   */
  KeyframeIndex(double minSpacingSeconds) {
    this.minSpacingSeconds = minSpacingSeconds;
  }

  @Override
  public void accept(Ffprobe.Packet packet) {
    boolean spaced =
        streamPoints.isEmpty()
            || packet.seconds() >= streamPoints.getLast().seconds() + minSpacingSeconds;
    if (packet.keyframe() && spaced) {
      streamPoints.add(new CutPoint(frames, packet.seconds(), streamBytes));
    }
    frames++;
    streamBytes += packet.size();
  }

  int frames() {
    return frames;
  }

  /** All bytes of the stream's packets. */
  long streamBytes() {
    return streamBytes;
  }

  /**
   * The cut points with the estimated bytes of the whole file before each: this stream's own bytes
   * exactly, plus the rest of the file (other streams, the container's index) spread evenly over
   * the duration. Only the main stream varies much in bitrate; audio is near constant, and the
   * index grows with the number of packets, that is with time.
   */
  List<CutPoint> cutPoints(long fileBytes, double durationSeconds) {
    long otherBytes = Math.max(0, fileBytes - streamBytes);
    double start = streamPoints.isEmpty() ? 0 : streamPoints.getFirst().seconds();
    double span = durationSeconds > 0 ? durationSeconds : 1;
    List<CutPoint> points = new ArrayList<>(streamPoints.size());
    for (CutPoint p : streamPoints) {
      double share = Math.min(1, Math.max(0, (p.seconds() - start) / span));
      long before = p.bytesBefore() + Math.round(otherBytes * share);
      points.add(new CutPoint(p.frame(), p.seconds(), before));
    }
    return points;
  }
}
