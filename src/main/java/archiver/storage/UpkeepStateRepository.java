package archiver.storage;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The {@code upkeep_state} table: what the upkeep remembers across restarts, by key. */
public final class UpkeepStateRepository {
  private final Jdbi jdbi;

  UpkeepStateRepository(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public Optional<String> get(String key) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT value FROM upkeep_state WHERE key = :key")
                .bind("key", key)
                .mapTo(String.class)
                .findOne());
  }

  public void put(String key, String value, Instant now) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO upkeep_state (key, value, updated_at) VALUES (:key, :value, :now)"
                        + " ON CONFLICT (key) DO UPDATE SET value = excluded.value,"
                        + " updated_at = excluded.updated_at")
                .bind("key", key)
                .bind("value", value)
                .bind("now", now.toEpochMilli())
                .execute());
  }

  /** The stored value, or {@code value} stored now when there was none (the first one wins). */
  public String putIfAbsent(String key, String value, Instant now) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO upkeep_state (key, value, updated_at) VALUES (:key, :value, :now)"
                        + " ON CONFLICT (key) DO NOTHING")
                .bind("key", key)
                .bind("value", value)
                .bind("now", now.toEpochMilli())
                .execute());
    return get(key).orElse(value);
  }
}
