package archiver.download.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class IntakeSettingsTest {

  @Test
  void givenDefaults_thenHttpsOnlyPublicOnlyAndTheTwoLectureSites() {
    IntakeSettings d = IntakeSettings.defaults();

    assertThat(d.allowHttp()).isFalse();
    assertThat(d.allowPrivateAddresses()).isFalse();
    assertThat(d.extraAllowedDomains()).isEmpty();
    assertThat(d.lectureSiteDomains()).containsExactly("way2allah.com", "islamway.net");
    assertThat(d.maxLinksPerMessage()).isEqualTo(IntakeSettings.DEFAULT_MAX_LINKS_PER_MESSAGE);
  }

  @Test
  void givenDomainsWrittenLoosely_whenBuilt_thenTheyAreComparedAsHostsAre() {
    IntakeSettings s =
        new IntakeSettings(
            false, false, List.of(" *.CDN.Example.com. ", ".bücher.example"), null, 3);

    assertThat(s.extraAllowedDomains()).containsExactly("cdn.example.com", "xn--bcher-kva.example");
    assertThat(s.lectureSiteDomains()).isEmpty();
  }

  @Test
  void givenImpossibleValues_whenBuilt_thenRefusedNamingTheSetting() {
    assertThatThrownBy(() -> new IntakeSettings(false, false, List.of(), List.of(), 0))
        .hasMessageContaining("maxLinksPerMessage");
    assertThatThrownBy(() -> new IntakeSettings(false, false, List.of("localhost"), List.of(), 1))
        .hasMessageContaining("extra_allowed_domains");
    assertThatThrownBy(() -> new IntakeSettings(false, false, List.of("a b.com"), List.of(), 1))
        .hasMessageContaining("extra_allowed_domains");
  }
}
