package archiver.download.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CutPlannerTest {

  private static final long MB = 1_000_000;

  @Test
  void fileWithinTheTargetIsOnePart() {
    List<CutPoint> points = keyframes(2, 10, 1 * MB);

    assertThat(CutPlanner.plan(points, 10 * MB, 10 * MB)).isEqualTo(new CutPlan.Parts(List.of()));
  }

  @Test
  void fileOneByteOverTheTargetIsTwoParts() {
    List<CutPoint> points = keyframes(2, 10, 1 * MB);

    CutPlan plan = CutPlanner.plan(points, 10 * MB + 1, 10 * MB);

    assertThat(cutSeconds(plan)).containsExactly(6.0);
  }

  @Test
  void partsAreAsEvenAsTheKeyframesAllowNotFilledToTheBrim() {
    // 100 s at 1 MB/s with a keyframe every second, at most 47.5 MB a part: filling the first two
    // to the brim would leave 6 MB for the third.
    List<CutPoint> points = keyframes(1, 100, 1 * MB);

    CutPlan plan = CutPlanner.plan(points, 100 * MB, 47_500_000);

    assertThat(cutSeconds(plan)).containsExactly(34.0, 68.0);
  }

  @Test
  void cutsFallOnKeyframesOnly() {
    // Keyframes every 2.02 s and 9 MB/s, like TestMedia.largeH264AacMp4: 18 MB a keyframe interval.
    List<CutPoint> points = keyframes(2.02, 8.08, 9 * MB / 1.01);
    long total = Math.round(8.08 * 9 * MB / 1.01);

    CutPlan plan = CutPlanner.plan(points, total, 47_500_000);

    assertThat(cutSeconds(plan)).containsExactly(4.04);
    assertThat(((CutPlan.Parts) plan).cuts().getFirst().frame()).isEqualTo(2);
  }

  @Test
  void everyPartIsWithinTheTargetWhenTheBitrateVaries() {
    // A lecture: 60 s of slides at 0.1 MB/s, then 60 s of camera at 2 MB/s, keyframes every 2 s.
    List<CutPoint> points = new ArrayList<>();
    long bytes = 0;
    for (int i = 0; i < 60; i++) {
      double seconds = i * 2.0;
      points.add(new CutPoint(i * 50, seconds, bytes));
      bytes += seconds < 60 ? 200_000 : 4 * MB;
    }

    CutPlan plan = CutPlanner.plan(points, bytes, 50 * MB);

    assertThat(partSizes(plan, points, bytes)).allMatch(size -> size <= 50 * MB).hasSize(3);
  }

  @Test
  void keyframeIntervalLargerThanTheTargetCannotBeSplit() {
    List<CutPoint> points =
        List.of(
            new CutPoint(0, 0, 0), new CutPoint(250, 10, 20 * MB), new CutPoint(500, 20, 80 * MB));

    CutPlan plan = CutPlanner.plan(points, 90 * MB, 50 * MB);

    assertThat(plan).isEqualTo(new CutPlan.Unsplittable(10, 60 * MB));
  }

  @Test
  void lastStretchLargerThanTheTargetCannotBeSplit() {
    List<CutPoint> points = List.of(new CutPoint(0, 0, 0), new CutPoint(250, 10, 20 * MB));

    CutPlan plan = CutPlanner.plan(points, 90 * MB, 50 * MB);

    assertThat(plan).isEqualTo(new CutPlan.Unsplittable(10, 70 * MB));
  }

  /** A keyframe every {@code spacing} seconds up to {@code duration}, at a constant byte rate. */
  static List<CutPoint> keyframes(double spacing, double duration, double bytesPerSecond) {
    List<CutPoint> points = new ArrayList<>();
    for (int i = 0; i * spacing < duration - 1e-9; i++) {
      double seconds = Math.round(i * spacing * 1000) / 1000.0;
      points.add(new CutPoint(i, seconds, Math.round(seconds * bytesPerSecond)));
    }
    return points;
  }

  static List<Double> cutSeconds(CutPlan plan) {
    assertThat(plan).isInstanceOf(CutPlan.Parts.class);
    return ((CutPlan.Parts) plan).cuts().stream().map(CutPoint::seconds).toList();
  }

  static List<Long> partSizes(CutPlan plan, List<CutPoint> points, long total) {
    List<Long> sizes = new ArrayList<>();
    long start = 0;
    for (CutPoint cut : ((CutPlan.Parts) plan).cuts()) {
      assertThat(points).contains(cut);
      sizes.add(cut.bytesBefore() - start);
      start = cut.bytesBefore();
    }
    sizes.add(total - start);
    return sizes;
  }
}
