package archiver.domain;

import java.time.Instant;

/** The stored state of one auth profile; the cookie contents are never here, only the path. */
public record AuthProfileState(
    String id,
    SourceType sourceType,
    String cookieFilePath,
    AuthProfileStatus status,
    int failureCountRecent,
    Instant lastSuccessAt,
    Instant lastFailureAt) {}
