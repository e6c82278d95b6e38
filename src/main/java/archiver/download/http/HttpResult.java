package archiver.download.http;

import archiver.download.DownloadFailure;
import java.util.Objects;

/** What a {@link GuardedHttp} call gives back: a value, or a classified failure. */
public sealed interface HttpResult<T> {

  record Ok<T>(T value) implements HttpResult<T> {
    public Ok {
      Objects.requireNonNull(value, "value");
    }
  }

  record Failed<T>(DownloadFailure failure) implements HttpResult<T> {
    public Failed {
      Objects.requireNonNull(failure, "failure");
    }
  }
}
