package archiver.cli;

import archiver.config.AppConfig;
import archiver.config.WebBind;
import archiver.core.operator.JobTelemetry;
import archiver.core.operator.OperatorView;
import archiver.download.tools.ToolVersion;
import archiver.storage.Database;
import archiver.web.OperatorServer;
import archiver.web.WebSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Builds the operator page when {@code web.enabled} (docs/ARCHITECTURE.md, "Operator page"). */
final class WebWiring {

  private WebWiring() {}

  /** Before anything starts: a page open beyond loopback without a token is a config error. */
  static void check(AppConfig config, Optional<String> webToken) {
    WebBind.checkToken(config.web(), webToken);
  }

  static Optional<OperatorServer> start(
      AppConfig config,
      Optional<String> webToken,
      Database db,
      Supplier<ToolVersion> ytDlp,
      BooleanSupplier maintenance,
      Clock clock) {
    AppConfig.Web web = config.web();
    if (!web.enabled()) {
      return Optional.empty();
    }
    check(config, webToken);
    try {
      return Optional.of(
          OperatorServer.start(
              new WebSettings(web.bind(), web.port(), webToken),
              new OperatorView(db, ytDlp, maintenance, clock),
              new JobTelemetry(db)));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "web: cannot listen on " + web.bind() + ":" + web.port() + ": " + e.getMessage(), e);
    }
  }
}
