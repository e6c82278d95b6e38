package archiver.domain;

import java.util.Optional;

/** Which jobs a list shows: any combination of a status, a source and an error type. */
public record JobFilter(
    Optional<JobStatus> status, Optional<SourceType> source, Optional<ErrorType> errorType) {

  public static JobFilter all() {
    return new JobFilter(Optional.empty(), Optional.empty(), Optional.empty());
  }
}
