package archiver.domain;

import java.time.Instant;

/** One row of a job's timeline ({@code job_events}); {@code data} is a JSON object. */
public record JobEvent(long id, long jobId, EventType type, String data, Instant createdAt) {}
