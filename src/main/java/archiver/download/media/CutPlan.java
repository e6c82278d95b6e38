package archiver.download.media;

import java.util.List;

/** Where to cut a file into parts that each fit a size: {@link CutPlanner#plan}. */
sealed interface CutPlan {

  /**
   * @param cuts where parts 2, 3, ... begin, in order; empty when the whole file fits
   */
  record Parts(List<CutPoint> cuts) implements CutPlan {
    public Parts {
      cuts = List.copyOf(cuts);
    }

    int count() {
      return cuts.size() + 1;
    }
  }

  /**
   * The span from {@code fromSeconds} to the next cut point (or the end) holds {@code bytes}, more
   * than one part may: a keyframe interval too long to cut inside without encoding.
   */
  record Unsplittable(double fromSeconds, long bytes) implements CutPlan {}
}
