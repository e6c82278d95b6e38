package archiver.download.media;

import java.util.ArrayList;
import java.util.List;

/**
 * Chooses cut points so that every part's estimated size is at most a target: as few parts as
 * possible, and among those the most even split (three parts of 30 MB read better in a chat than
 * 45, 45 and 0.5 MB).
 */
final class CutPlanner {

  private CutPlanner() {}

  /**
   * @param points the cut points in file order, with rising {@code bytesBefore}; a point at the
   *     very start (0 bytes before it) is not a cut
   * @param totalBytes the estimated size of the whole file
   * @param targetBytes the most one part may hold
   */
  static CutPlan plan(List<CutPoint> points, long totalBytes, long targetBytes) {
    if (targetBytes <= 0) {
      throw new IllegalArgumentException("targetBytes must be positive: " + targetBytes);
    }
    CutPlan fewest = greedy(points, totalBytes, targetBytes);
    if (!(fewest instanceof CutPlan.Parts parts) || parts.count() == 1) {
      return fewest;
    }
    // The greedy split fills every part to the brim and leaves the rest to the last one. The
    // smallest target that still needs no more parts spreads the bytes evenly; more parts are
    // never needed for a larger target, so it can be searched by halving.
    long low = (totalBytes + parts.count() - 1) / parts.count();
    long high = targetBytes;
    while (low < high) {
      long middle = low + (high - low) / 2;
      if (greedy(points, totalBytes, middle) instanceof CutPlan.Parts p
          && p.count() <= parts.count()) {
        high = middle;
      } else {
        low = middle + 1;
      }
    }
    return greedy(points, totalBytes, high);
  }

  /** Each part as long as it can be: a cut at the last point that keeps the part within target. */
  private static CutPlan greedy(List<CutPoint> points, long totalBytes, long targetBytes) {
    List<CutPoint> cuts = new ArrayList<>();
    long partStart = 0;
    double partStartSeconds = points.isEmpty() ? 0 : points.getFirst().seconds();
    int next = 0;
    while (totalBytes - partStart > targetBytes) {
      CutPoint farthest = null;
      while (next < points.size() && points.get(next).bytesBefore() - partStart <= targetBytes) {
        if (points.get(next).bytesBefore() > partStart) {
          farthest = points.get(next);
        }
        next++;
      }
      if (farthest == null) {
        long spanEnd = next < points.size() ? points.get(next).bytesBefore() : totalBytes;
        return new CutPlan.Unsplittable(partStartSeconds, spanEnd - partStart);
      }
      cuts.add(farthest);
      partStart = farthest.bytesBefore();
      partStartSeconds = farthest.seconds();
    }
    return new CutPlan.Parts(cuts);
  }
}
