package archiver.core.admin;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.config.AppConfig;
import archiver.domain.AuthProfileStatus;
import archiver.domain.SourceType;
import archiver.storage.Database;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CookieInstallerTest {

  private static final long ADMIN = 1;
  private static final String COOKIES =
      "# Netscape HTTP Cookie File\n"
          + ".youtube.com\tTRUE\t/\tTRUE\t1798761600\tSID\tSECRETCOOKIE123\n"
          + "#HttpOnly_.youtube.com\tTRUE\t/\tTRUE\t1798761600\tHSID\tSECRETCOOKIE456\n";

  @TempDir Path dir;
  private Database db;
  private Path cookieFile;
  private CookieInstaller installer;

  @BeforeEach
  void setUp() {
    db = Database.open(dir.resolve("jobs.db"));
    cookieFile = dir.resolve("secrets/yt_main.txt");
    List<AppConfig.AuthProfile> profiles =
        List.of(
            new AppConfig.AuthProfile("yt_main", SourceType.YOUTUBE, cookieFile, List.of()),
            new AppConfig.AuthProfile("yt_guest", SourceType.YOUTUBE, null, List.of()));
    Clock clock = Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC);
    db.authProfiles().ensure("yt_main", SourceType.YOUTUBE, cookieFile.toString(), clock.instant());
    db.authProfiles().setStatus("yt_main", AuthProfileStatus.DEGRADED, clock.instant());
    installer = new CookieInstaller(profiles, db.authProfiles(), clock);
  }

  @AfterEach
  void tearDown() {
    db.close();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void cookiesForTheSiteLandAtTheProfilesPathWithMode0600AndTheProfileIsActiveAgain()
      throws Exception {
    CookieInstaller.Outcome outcome = installer.install("yt_main", bytes(COOKIES), ADMIN);

    assertThat(outcome).isEqualTo(new CookieInstaller.Installed("yt_main", cookieFile, 2));
    assertThat(Files.readAllBytes(cookieFile)).isEqualTo(bytes(COOKIES));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cookieFile)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cookieFile.getParent())))
        .isEqualTo("rwx------");
    assertThat(db.authProfiles().find("yt_main").orElseThrow().status())
        .isEqualTo(AuthProfileStatus.ACTIVE);
    assertThat(Files.list(cookieFile.getParent())).containsExactly(cookieFile);
  }

  @Test
  void aNewFileReplacesTheOldOneAndAWorldReadableOldFileBecomesOwnerOnly() throws Exception {
    Files.createDirectories(cookieFile.getParent());
    Files.writeString(cookieFile, "old");
    Files.setPosixFilePermissions(cookieFile, PosixFilePermissions.fromString("rw-r--r--"));

    installer.install("yt_main", bytes(COOKIES), ADMIN);

    assertThat(Files.readString(cookieFile)).isEqualTo(COOKIES);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cookieFile)))
        .isEqualTo("rw-------");
  }

  @Test
  void aFileThatIsNotCookiesIsRefusedAndNothingIsWrittenNorReset() throws Exception {
    Files.createDirectories(cookieFile.getParent());
    Files.writeString(cookieFile, "old");

    CookieInstaller.Outcome outcome =
        installer.install("yt_main", bytes("SID=SECRETCOOKIE123\n"), ADMIN);

    assertThat(outcome)
        .isEqualTo(new CookieInstaller.NotCookies("line 1 has 1 tab-separated fields, not 7"));
    assertThat(Files.readString(cookieFile)).isEqualTo("old");
    assertThat(Files.list(cookieFile.getParent())).containsExactly(cookieFile);
    assertThat(db.authProfiles().find("yt_main").orElseThrow().status())
        .isEqualTo(AuthProfileStatus.DEGRADED);
  }

  @Test
  void cookiesOfAnotherSiteAreRefused() {
    String facebook = "#HttpOnly_.facebook.com\tTRUE\t/\tTRUE\t1798761600\tc_user\tSECRET\n";

    CookieInstaller.Outcome outcome = installer.install("yt_main", bytes(facebook), ADMIN);

    assertThat(outcome)
        .isEqualTo(
            new CookieInstaller.NotCookies(
                "none of its 1 cookies is for youtube.com or google.com"));
    assertThat(cookieFile).doesNotExist();
  }

  @Test
  void anUnknownProfileIsRefusedNamingTheKnownOnes() {
    assertThat(installer.refusalFor("yt_other"))
        .contains(new CookieInstaller.UnknownProfile("yt_other", List.of("yt_main", "yt_guest")));
    assertThat(installer.install("yt_other", bytes(COOKIES), ADMIN))
        .isEqualTo(new CookieInstaller.UnknownProfile("yt_other", List.of("yt_main", "yt_guest")));
  }

  @Test
  void aProfileWithoutACookieFileTakesNone() {
    assertThat(installer.refusalFor("yt_guest"))
        .contains(new CookieInstaller.NoCookieFile("yt_guest"));
    assertThat(installer.refusalFor("yt_main")).isEmpty();
  }

  @Test
  void aFileOverAMegabyteIsRefused() {
    byte[] big = new byte[(int) CookieInstaller.MAX_BYTES + 1];

    assertThat(installer.install("yt_main", big, ADMIN))
        .isEqualTo(new CookieInstaller.TooLarge(big.length, CookieInstaller.MAX_BYTES));
    assertThat(cookieFile).doesNotExist();
  }

  @Test
  void aFolderThatCannotBeMadeIsReportedAndLeavesTheProfileAsItWas() throws Exception {
    // A file where the folder should be: no permission bit to bypass, so root fails as well.
    Files.createDirectories(cookieFile.getParent().getParent());
    Files.writeString(cookieFile.getParent(), "not a folder");

    CookieInstaller.Outcome outcome = installer.install("yt_main", bytes(COOKIES), ADMIN);

    assertThat(outcome).isInstanceOf(CookieInstaller.WriteFailed.class);
    assertThat(Files.readString(cookieFile.getParent())).isEqualTo("not a folder");
    assertThat(db.authProfiles().find("yt_main").orElseThrow().status())
        .isEqualTo(AuthProfileStatus.DEGRADED);
  }
}
