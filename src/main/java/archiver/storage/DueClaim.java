package archiver.storage;

import archiver.domain.Job;
import archiver.domain.SourceType;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** The statements of {@link JobRepository#claimDuePending}, inside its transaction. */
final class DueClaim {

  private DueClaim() {}

  static List<Job> claim(
      Handle h, Instant now, JobRepository.ClaimQuota quota, List<NewEvent> events) {
    Map<SourceType, Integer> left = new EnumMap<>(SourceType.class);
    for (SourceType source : SourceType.values()) {
      left.put(source, quota.perSource().getOrDefault(source, 0));
    }
    List<Job> claimed = new java.util.ArrayList<>();
    boolean more = true;
    while (more && claimed.size() < quota.total()) {
      List<String> full =
          left.entrySet().stream()
              .filter(e -> e.getValue() <= 0)
              .map(e -> e.getKey().name())
              .toList();
      if (full.size() == left.size()) {
        break;
      }
      List<Job> due =
          h.createQuery(
                  "SELECT "
                      + JobRows.COLUMNS
                      + " FROM jobs WHERE status = 'PENDING'"
                      + " AND next_attempt_at <= :now"
                      + (full.isEmpty() ? "" : " AND source_type NOT IN (<full>)")
                      + " ORDER BY next_attempt_at, id LIMIT :limit")
              .bind("now", now.toEpochMilli())
              .bind("limit", quota.total() - claimed.size())
              .bindList(org.jdbi.v3.core.statement.EmptyHandling.BLANK, "full", full)
              .map(JobRows::map)
              .list();
      // Another look is needed only if a source filled up part way through these rows.
      more = false;
      for (Job job : due) {
        if (left.get(job.sourceType()) <= 0) {
          more = true;
          continue;
        }
        Optional<Job> queued =
            h.createQuery(
                    "UPDATE jobs SET status = 'QUEUED', updated_at = :now"
                        + " WHERE id = :id AND status = 'PENDING' RETURNING "
                        + JobRows.COLUMNS)
                .bind("now", now.toEpochMilli())
                .bind("id", job.id())
                .map(JobRows::map)
                .findOne();
        if (queued.isPresent()) {
          JobEventRepository.insertAll(h, job.id(), events, now);
          left.merge(job.sourceType(), -1, Integer::sum);
          claimed.add(queued.get());
        }
      }
    }
    return claimed;
  }
}
