package archiver.core.admin;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.domain.SourceType;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NetscapeCookiesTest {

  private static final String HEADER = "# Netscape HTTP Cookie File\n# made by an exporter\n\n";

  private static NetscapeCookies.Reading read(String text, SourceType site) {
    return NetscapeCookies.read(text.getBytes(StandardCharsets.UTF_8), site);
  }

  private static String cookie(String domain, String name, String value) {
    return domain + "\tTRUE\t/\tTRUE\t1798761600\t" + name + "\t" + value + "\n";
  }

  @ParameterizedTest(name = "{0} cookies are for {1}")
  @CsvSource({
    ".youtube.com, YOUTUBE",
    "youtube.com, YOUTUBE",
    "www.youtube.com, YOUTUBE",
    "#HttpOnly_.youtube.com, YOUTUBE",
    ".google.com, YOUTUBE",
    ".facebook.com, FACEBOOK",
    "#HttpOnly_.facebook.com, FACEBOOK",
    ".example.org, GENERIC",
    ".archive.org, ARCHIVE",
  })
  void aWellFormedFileWithACookieOfTheSiteIsAccepted(String domain, SourceType site) {
    NetscapeCookies.Reading reading = read(HEADER + cookie(domain, "SID", "SECRETCOOKIE123"), site);

    assertThat(reading).isEqualTo(new NetscapeCookies.Cookies(1, 1));
  }

  @ParameterizedTest(name = "{0} cookies are not for {1}")
  @CsvSource({
    ".notyoutube.com, YOUTUBE",
    ".youtube.com.evil.example, YOUTUBE",
    ".facebook.com, YOUTUBE",
    ".youtube.com, FACEBOOK",
  })
  void aFileWithoutACookieOfTheSiteIsRefusedNamingTheSite(String domain, SourceType site) {
    NetscapeCookies.Reading reading = read(HEADER + cookie(domain, "SID", "SECRETCOOKIE123"), site);

    assertThat(reading).isInstanceOf(NetscapeCookies.Invalid.class);
    assertThat(((NetscapeCookies.Invalid) reading).reason())
        .startsWith("none of its 1 cookies is for ")
        .doesNotContain("SECRETCOOKIE123");
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "SID=SECRETCOOKIE123; HSID=SECRETCOOKIE123 | line 1 has 1 tab-separated fields, not 7",
        "{\"cookies\": \"SECRETCOOKIE123\"} | line 1 has 1 tab-separated fields, not 7",
        ".youtube.com\tTRUE\t/\tTRUE\t1798761600\tSECRETCOOKIE123 | line 1 has 6 tab-separated"
            + " fields, not 7",
        ".youtube.com\tyes\t/\tTRUE\t1798761600\tSID\tSECRETCOOKIE123 | line 1 is not a cookie"
            + " (fields 2 and 4 TRUE/FALSE, field 5 a number)",
        ".youtube.com\tTRUE\t/\tTRUE\tsoon\tSID\tSECRETCOOKIE123 | line 1 is not a cookie (fields"
            + " 2 and 4 TRUE/FALSE, field 5 a number)",
        "# Netscape HTTP Cookie File | it has no cookie lines",
      })
  void aFileThatIsNotACookieFileIsRefusedWithAReasonThatQuotesNoneOfIt(String text, String reason) {
    NetscapeCookies.Reading reading = read(text.replace("\\t", "\t"), SourceType.YOUTUBE);

    assertThat(reading).isEqualTo(new NetscapeCookies.Invalid(reason));
  }

  @org.junit.jupiter.api.Test
  void theBadLineIsNamedByItsNumberCountingCommentsAndBlankLines() {
    String text = HEADER + cookie(".youtube.com", "SID", "a") + "oops SECRETCOOKIE123\n";

    assertThat(read(text, SourceType.YOUTUBE))
        .isEqualTo(new NetscapeCookies.Invalid("line 5 has 1 tab-separated fields, not 7"));
  }

  @org.junit.jupiter.api.Test
  void windowsLineEndsAByteOrderMarkAndCookiesOfOtherSitesAreFine() {
    String text =
        "\uFEFF# HTTP Cookie File\r\n"
            + cookie(".youtube.com", "SID", "a").replace("\n", "\r\n")
            + cookie("#HttpOnly_.google.com", "HSID", "b").replace("\n", "\r\n")
            + cookie(".example.org", "x", "");

    assertThat(read(text, SourceType.YOUTUBE)).isEqualTo(new NetscapeCookies.Cookies(3, 2));
  }

  @org.junit.jupiter.api.Test
  void bytesThatAreNotUtf8TextAreRefused() {
    byte[] binary = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0x10};

    assertThat(NetscapeCookies.read(binary, SourceType.YOUTUBE))
        .isEqualTo(new NetscapeCookies.Invalid("it is not text (not UTF-8)"));
  }
}
