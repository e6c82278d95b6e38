package archiver.download.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PinnedDnsTest {

  @Test
  void givenThePinnedHost_whenLookedUp_thenExactlyTheCheckedAddresses() throws Exception {
    List<InetAddress> checked =
        List.of(InetAddress.getByName("93.184.215.14"), InetAddress.getByName("2606:2800::1"));
    PinnedDns dns = new PinnedDns("media.example.com", checked);

    assertThat(dns.lookup("media.example.com")).isEqualTo(checked);
    assertThat(dns.lookup("MEDIA.example.com")).isEqualTo(checked);
  }

  @Test
  void givenAnotherHost_whenLookedUp_thenUnknownRatherThanAskingTheSystem() throws Exception {
    PinnedDns dns =
        new PinnedDns("media.example.com", List.of(InetAddress.getByName("93.184.215.14")));

    assertThatThrownBy(() -> dns.lookup("localhost"))
        .isInstanceOf(UnknownHostException.class)
        .hasMessageContaining("not checked by the URL guard");
  }

  @Test
  void givenNothingPinned_whenLookedUp_thenUnknown() {
    PinnedDns dns = new PinnedDns("127.0.0.1", List.of());

    assertThatThrownBy(() -> dns.lookup("127.0.0.1")).isInstanceOf(UnknownHostException.class);
  }

  @Test
  void givenTheSameHostAndAddresses_whenPinnedTwice_thenEqualSoPooledConnectionsCanBeReused()
      throws Exception {
    List<InetAddress> checked = List.of(InetAddress.getByName("93.184.215.14"));

    assertThat(new PinnedDns("media.example.com", checked))
        .isEqualTo(new PinnedDns("Media.Example.com", checked))
        .isNotEqualTo(
            new PinnedDns("media.example.com", List.of(InetAddress.getByName("127.0.0.1"))));
  }
}
