package archiver.download.http;

import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.EventListener;

/**
 * How far one call got, so that a failure of {@code execute()} can be told apart without reading
 * exception messages: before a connection was acquired it is a connect failure, after it the server
 * did not answer.
 */
final class CallTrace extends EventListener {
  private volatile boolean connected;

  @Override
  public void connectionAcquired(Call call, Connection connection) {
    connected = true;
  }

  boolean connected() {
    return connected;
  }
}
