package archiver.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebBindTest {

  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource({
    "127.0.0.1, true, true",
    "127.1.2.3, true, true",
    "::1, true, true",
    "0.0.0.0, true, false",
    "192.168.1.10, true, false",
    "::, true, false",
    "localhost, false, false",
    "example.org, false, false",
    "300.1.1.1, false, false",
  })
  void onlyAddressLiteralsAreTakenAndLoopbackIsTold(
      String bind, boolean literal, boolean loopback) {
    assertThat(WebBind.isAddressLiteral(bind)).isEqualTo(literal);
    if (literal) {
      assertThat(WebBind.isLoopback(bind)).isEqualTo(loopback);
    }
  }

  @Test
  void aPageBoundBeyondLoopbackWithoutATokenIsAConfigErrorNamingTheVariable() {
    AppConfig.Web open = new AppConfig.Web(true, "0.0.0.0", 8090);

    assertThatThrownBy(() -> WebBind.checkToken(open, Optional.empty()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("config: web.bind: 0.0.0.0")
        .hasMessageContaining("ARCHIVER_WEB_TOKEN");
    assertThatThrownBy(() -> WebBind.checkToken(open, Optional.of("short")))
        .hasMessageContaining("at least 16 characters");
    assertThatCode(() -> WebBind.checkToken(open, Optional.of("a-long-enough-token-1234")))
        .doesNotThrowAnyException();
    assertThatCode(() -> WebBind.checkToken(AppConfig.Web.defaults(), Optional.empty()))
        .doesNotThrowAnyException();
    assertThatCode(
            () -> WebBind.checkToken(new AppConfig.Web(true, "127.0.0.1", 8090), Optional.empty()))
        .doesNotThrowAnyException();
  }

  @Test
  void theWebSectionLoadsFromYamlAndTheTokenVariableIsNotAConfigKey() throws Exception {
    java.nio.file.Files.writeString(
        dir.resolve("c.yaml"), "web: { enabled: true, bind: 0.0.0.0, port: 9100 }\n");
    Map<String, String> env = Map.of("ARCHIVER_WEB_TOKEN", " a-long-enough-token-1234 ");

    AppConfig c = new ConfigLoader().load(Optional.of(dir.resolve("c.yaml")), env, dir).config();

    assertThat(c.web()).isEqualTo(new AppConfig.Web(true, "0.0.0.0", 9100));
    assertThat(Secrets.fromEnvironment(env).webToken()).contains("a-long-enough-token-1234");
    assertThat(Secrets.fromEnvironment(env).toString()).doesNotContain("a-long-enough");
    assertThat(AppConfig.defaults().web()).isEqualTo(new AppConfig.Web(false, "127.0.0.1", 8090));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "web: { bind: localhost } | web.bind: must be an IP address",
        "web: { port: 0 }         | web.port: must be at least 1",
        "web: { port: 70000 }     | web.port: must be at most 65535",
      })
  void badWebValuesStopStartUpNamingTheKey(String yaml, String message) throws Exception {
    java.nio.file.Files.writeString(dir.resolve("c.yaml"), yaml + "\n");

    assertThatThrownBy(
            () -> new ConfigLoader().load(Optional.of(dir.resolve("c.yaml")), Map.of(), dir))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(message);
  }
}
