package archiver.download.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * On arbitrary keyframe intervals, {@link CutPlanner} cuts at keyframes only, keeps every part
 * within the target and needs no more parts than the fewest possible (counted here the slow way).
 */
class CutPlannerPropertiesTest {

  @Property(tries = 2000)
  @Label("every part fits, every cut is a keyframe, and no plan has more parts than it must")
  void partsFitAtKeyframesAndAreFewest(
      @ForAll @Size(min = 1, max = 25) List<@IntRange(min = 1, max = 40) Integer> intervals,
      @ForAll @IntRange(min = 1, max = 120) int target) {
    List<CutPoint> points = new ArrayList<>();
    long bytes = 0;
    for (int i = 0; i < intervals.size(); i++) {
      points.add(new CutPoint(i, i, bytes));
      bytes += intervals.get(i);
    }

    CutPlan plan = CutPlanner.plan(points, bytes, target);

    int fewest = fewestParts(points, bytes, target);
    if (fewest == Integer.MAX_VALUE) {
      assertThat(plan).isInstanceOf(CutPlan.Unsplittable.class);
      return;
    }
    assertThat(plan).isInstanceOf(CutPlan.Parts.class);
    assertThat(((CutPlan.Parts) plan).count()).isEqualTo(fewest);
    assertThat(CutPlannerTest.partSizes(plan, points, bytes)).allMatch(size -> size <= target);
  }

  /** Dynamic programming over the points: the fewest parts within target ending at each point. */
  private static int fewestParts(List<CutPoint> points, long total, long target) {
    int n = points.size();
    long[] starts = new long[n + 1];
    for (int i = 0; i < n; i++) {
      starts[i] = points.get(i).bytesBefore();
    }
    starts[n] = total;
    int[] fewest = new int[n + 1];
    Arrays.fill(fewest, Integer.MAX_VALUE);
    fewest[0] = 0;
    for (int end = 1; end <= n; end++) {
      for (int start = 0; start < end; start++) {
        if (fewest[start] != Integer.MAX_VALUE && starts[end] - starts[start] <= target) {
          fewest[end] = Math.min(fewest[end], fewest[start] + 1);
        }
      }
    }
    return fewest[n];
  }
}
