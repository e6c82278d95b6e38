package archiver.core.jobs;

import archiver.config.AppConfig;
import archiver.storage.JobSubmission;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The limits a single-link request is checked against inside its submission's transaction
 * (docs/ARCHITECTURE.md, "Limits"): the queue's length, the user's unfinished jobs, and the jobs of
 * the user and of the chat in the last hour. A refusal is logged here, once.
 */
final class SubmissionLimits {

  private static final Logger log = LoggerFactory.getLogger(SubmissionLimits.class);
  private static final Duration HOUR = Duration.ofHours(1);

  private final AppConfig.Limits limits;
  private final Clock clock;

  SubmissionLimits(AppConfig.Limits limits, Clock clock) {
    this.limits = limits;
    this.clock = clock;
  }

  Optional<SubmitResult.Rejected> check(JobSubmission tx, SubmitRequest request) {
    Instant now = clock.instant();
    JobSubmission.LimitCounts counts =
        tx.limitCounts(request.userId(), request.chatId(), now.minus(HOUR));
    if (counts.waiting() >= limits.maxQueueLength()) {
      return Optional.of(
          reject(
              request,
              RejectionReason.QUEUE_FULL,
              counts.waiting() + " jobs are waiting",
              Optional.empty()));
    }
    if (request.userId() != null) {
      if (counts.activeForUser() >= limits.maxActiveJobsPerUser()) {
        return Optional.of(
            reject(
                request,
                RejectionReason.TOO_MANY_ACTIVE_JOBS,
                counts.activeForUser()
                    + " unfinished jobs (limit "
                    + limits.maxActiveJobsPerUser()
                    + ")",
                Optional.empty()));
      }
      JobSubmission.WindowCount hour = counts.userSince();
      if (hour.count() >= limits.maxJobsPerUserPerHour()) {
        return Optional.of(
            reject(
                request,
                RejectionReason.USER_HOURLY_LIMIT,
                hour.count()
                    + " jobs in the last hour (limit "
                    + limits.maxJobsPerUserPerHour()
                    + ")",
                hour.oldest().map(t -> t.plus(HOUR))));
      }
    }
    if (request.chatId() != null) {
      JobSubmission.WindowCount hour = counts.chatSince();
      if (hour.count() >= limits.maxJobsPerChatPerHour()) {
        return Optional.of(
            reject(
                request,
                RejectionReason.CHAT_HOURLY_LIMIT,
                hour.count()
                    + " jobs in this chat in the last hour (limit "
                    + limits.maxJobsPerChatPerHour()
                    + ")",
                hour.oldest().map(t -> t.plus(HOUR))));
      }
    }
    return Optional.empty();
  }

  static SubmitResult.Rejected reject(
      SubmitRequest request, RejectionReason reason, String detail, Optional<Instant> freesAt) {
    log.info(
        "request refused: {} ({}) user {} chat {} url_domain {}",
        reason,
        detail,
        request.userId(),
        request.chatId(),
        domainOf(request.url()));
    return new SubmitResult.Rejected(reason, detail, Optional.empty(), freesAt);
  }

  private static String domainOf(String url) {
    try {
      String host = java.net.URI.create(url.strip()).getHost();
      return host == null ? "?" : host;
    } catch (IllegalArgumentException e) {
      return "?";
    }
  }
}
