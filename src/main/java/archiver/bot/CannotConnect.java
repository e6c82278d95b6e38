package archiver.bot;

/** The bot cannot start: getMe failed. Its message is the one plain sentence for the operator. */
public final class CannotConnect extends Exception {

  private final transient TokenCheck.Failure failure;

  CannotConnect(TokenCheck.Failure failure) {
    super(failure.sentence(), null, false, false); // no stack trace: it is never printed
    this.failure = failure;
  }

  public TokenCheck.Failure failure() {
    return failure;
  }
}
