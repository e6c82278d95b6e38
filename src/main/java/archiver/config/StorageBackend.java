package archiver.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where jobs and their history are kept ({@code storage.backend}). */
public enum StorageBackend {
  /** One file, {@code paths.database}: the default, nothing to run beside the bot. */
  @JsonProperty("sqlite")
  SQLITE,
  /** A PostgreSQL server at {@code storage.url}. */
  @JsonProperty("postgres")
  POSTGRES;

  /** The YAML spelling, so that messages name the values an operator writes. */
  @Override
  public String toString() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
