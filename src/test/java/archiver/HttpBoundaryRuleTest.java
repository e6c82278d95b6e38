package archiver;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.URLConnection;
import java.net.http.HttpClient;
import java.nio.channels.SocketChannel;
import java.util.Set;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Only the HTTP boundary opens connections (docs/ARCHITECTURE.md, "URL safety"): a second place
 * that "just fetches quickly" would skip the URL guard, the pinned addresses and the size caps.
 *
 * <p>The boundary is {@code archiver.download.http} (every site download, behind the guard) and
 * {@code archiver.bot} (the Telegram client, which talks to one configured Bot API server; {@code
 * doctor}'s {@code getMe} check of the token goes through it too). yt-dlp and ffmpeg fetch in their
 * own processes, which this rule cannot see.
 */
class HttpBoundaryRuleTest {

  /** Classes that open network connections. */
  static final DescribedPredicate<JavaClass> HTTP_CLIENTS =
      resideInAnyPackage(
              "java.net.http..",
              "okhttp3..",
              "org.telegram.telegrambots.client..",
              "org.telegram.telegrambots.longpolling..")
          .or(assignableTo(URLConnection.class))
          .or(assignableTo(Socket.class))
          .or(assignableTo(SocketChannel.class))
          .as(
              "HTTP client classes (java.net.http, OkHttp, the Telegram clients, URLConnection,"
                  + " Socket, SocketChannel)");

  /** {@code URL.openConnection()} and {@code openStream()} open a connection from a plain URL. */
  static final DescribedPredicate<JavaMethodCall> URL_FETCHES =
      DescribedPredicate.describe(
          "URL.openConnection or URL.openStream",
          call ->
              call.getTargetOwner().isAssignableTo(URL.class)
                  && Set.of("openConnection", "openStream").contains(call.getName()));

  static final ArchRule ONLY_THE_BOUNDARY_OPENS_CONNECTIONS =
      noClasses()
          .that()
          .resideOutsideOfPackages("archiver.download.http..", "archiver.bot..")
          .should()
          .dependOnClassesThat(HTTP_CLIENTS)
          .orShould()
          .callMethodWhere(URL_FETCHES)
          .because("every download goes through GuardedHttp, behind the URL guard");

  @Test
  @DisplayName("Only download.http and bot use HTTP client classes")
  void onlyTheHttpBoundaryOpensConnections() {
    JavaClasses main =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("archiver");

    ONLY_THE_BOUNDARY_OPENS_CONNECTIONS.check(main);
  }

  // Deliberate violations: classes outside the boundary that fetch by themselves.

  static final class FetchesWithHttpUrlConnection {
    int status(URI uri) throws IOException {
      HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
      return connection.getResponseCode();
    }
  }

  static final class FetchesWithOkHttp {
    Object client() {
      return new OkHttpClient();
    }
  }

  static final class FetchesWithTheJdkClient {
    Object client() {
      return HttpClient.newHttpClient();
    }
  }

  static final class FetchesWithOpenStream {
    InputStream open(URL url) throws IOException {
      return url.openStream();
    }
  }

  static final class OnlyNamesAUrl {
    String host(URI uri) {
      return uri.getHost();
    }
  }

  private static EvaluationResult evaluate(Class<?> fixture) {
    return ONLY_THE_BOUNDARY_OPENS_CONNECTIONS.evaluate(
        new ClassFileImporter().importClasses(fixture));
  }

  @Test
  void givenAClassOutsideTheBoundaryUsingHttpUrlConnection_whenChecked_thenTheRuleFails() {
    EvaluationResult result = evaluate(FetchesWithHttpUrlConnection.class);

    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails())
        .anySatisfy(line -> assertThat(line).contains("java.net.HttpURLConnection"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      classes = {
        FetchesWithOkHttp.class,
        FetchesWithTheJdkClient.class,
        FetchesWithOpenStream.class,
      })
  void givenAnyOtherWayToFetchOutsideTheBoundary_whenChecked_thenTheRuleFails(Class<?> fixture) {
    assertThat(evaluate(fixture).hasViolation()).isTrue();
  }

  @Test
  void givenAClassThatOnlyNamesAUrl_whenChecked_thenTheRulePasses() {
    assertThat(evaluate(OnlyNamesAUrl.class).hasViolation()).isFalse();
  }
}
