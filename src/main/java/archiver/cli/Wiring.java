package archiver.cli;

import archiver.config.AppConfig;
import archiver.download.intake.IntakeSettings;

/** Maps the configuration onto the settings records of the lower layers. */
final class Wiring {
  private Wiring() {}

  static IntakeSettings intakeSettings(AppConfig c) {
    return new IntakeSettings(
        c.security().allowHttp(),
        c.security().allowPrivateAddresses(),
        c.security().extraAllowedDomains(),
        c.sources().lectureSiteDomains(),
        c.sources().maxLinksPerMessage());
  }
}
