package archiver.cli;

/** Entry point of {@code archiver.jar}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.out.println("media-archiver");
  }
}
