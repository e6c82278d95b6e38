package archiver.download.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/** The size cap on bodies, against in-memory sources. */
class CappedBodyTest {

  private static Buffer bodyOf(int size) {
    return new Buffer().write(HttpTesting.randomBytes(size));
  }

  private static byte[] drain(CappedBody body) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int n;
    while ((n = body.next()) >= 0) {
      out.write(body.chunk(), 0, n);
    }
    return out.toByteArray();
  }

  @Test
  void givenABodyExactlyAtTheCap_whenRead_thenAllOfItIsHandedOut() throws Exception {
    CappedBody body = new CappedBody(bodyOf(200_000), 200_000);

    assertThat(drain(body)).isEqualTo(HttpTesting.randomBytes(200_000));
    assertThat(body.received()).isEqualTo(200_000);
  }

  @Test
  void givenABodyOneByteOverTheCap_whenRead_thenOverCapAndNeverMoreThanTheCapHandedOut()
      throws Exception {
    CappedBody body = new CappedBody(bodyOf(200_001), 200_000);
    long[] handedOut = {0};

    assertThatThrownBy(
            () -> {
              int n;
              while ((n = body.next()) >= 0) {
                handedOut[0] += n;
              }
            })
        .isInstanceOf(CappedBody.OverCap.class);
    assertThat(handedOut[0]).isLessThanOrEqualTo(200_000);
  }

  @Test
  void givenAnEmptyBody_whenRead_thenEndAtOnce() throws Exception {
    CappedBody body = new CappedBody(new Buffer(), 10);

    assertThat(body.next()).isEqualTo(-1);
    assertThat(body.received()).isZero();
  }

  @Test
  void givenALongBody_whenPrefixRead_thenCutAtTheCapAndMarkedTruncated() throws Exception {
    CappedBody.Prefix prefix = new CappedBody(bodyOf(100_000), 1_000).prefix();

    assertThat(prefix.truncated()).isTrue();
    assertThat(prefix.bytes()).hasSize(1_000);
  }

  @Test
  void givenABodyExactlyAtTheCap_whenPrefixRead_thenWholeAndNotTruncated() throws Exception {
    CappedBody.Prefix prefix = new CappedBody(bodyOf(1_000), 1_000).prefix();

    assertThat(prefix.truncated()).isFalse();
    assertThat(prefix.bytes()).isEqualTo(HttpTesting.randomBytes(1_000));
  }

  @Test
  void givenANegativeCap_whenMade_thenRefused() {
    assertThatThrownBy(() -> new CappedBody(new Buffer(), -1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
