package archiver.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * {@link FakeBotApi} as a process a shell script can drive (the benchmarks in {@code bench/}): a
 * self-hosted Bot API (uploads up to 2000 MB) on 127.0.0.1, one command a line on standard input,
 * one answer a line on standard output. Times are epoch milliseconds.
 *
 * <pre>
 * (start)                          ready PORT
 * send CHAT TEXT...                sent CHAT MESSAGE_ID AT        user CHAT writes TEXT in a private chat
 * wait-poll TIMEOUT_S              polling | timeout              the bot holds a getUpdates open
 * wait-video CHAT TIMEOUT_S        video CHAT METHOD RECEIVED ANSWERED BYTES | timeout CHAT
 * calls CHAT                       calls CHAT N METHOD:RECEIVED:ANSWERED...   requests for the chat
 * quit                             bye
 * </pre>
 *
 * <p>{@code wait-video} waits for the first successful {@code sendVideo} or {@code sendAudio} to
 * the chat; RECEIVED is when its request arrived, ANSWERED when the fake answered it, BYTES the
 * size of the uploaded media (0 for a resend by {@code file_id}). The uploaded files are deleted
 * then, so that a long benchmark does not fill the disk. Unknown commands get {@code error ...}.
 *
 * <p>Usage: {@code java -cp target/test-classes:target/archiver.jar
 * archiver.testing.FakeBotApiServer TOKEN}
 */
public final class FakeBotApiServer {

  private final FakeBotApi telegram;

  private FakeBotApiServer(FakeBotApi telegram) {
    this.telegram = telegram;
  }

  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length != 1) {
      System.err.println("usage: FakeBotApiServer TOKEN");
      System.exit(2);
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try (FakeBotApi telegram = FakeBotApi.start(args[0], FakeBotApi.Options.selfHosted())) {
      FakeBotApiServer server = new FakeBotApiServer(telegram);
      out.println("ready " + telegram.port());
      String line;
      while ((line = in.readLine()) != null) {
        String[] words = line.trim().split("\\s+");
        if (words[0].equals("quit")) {
          out.println("bye");
          return;
        }
        try {
          out.println(server.answer(words, line.trim()));
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
          out.println("error cannot read: " + line);
        }
      }
    }
  }

  /** The answer line to one command line ({@code words} are its words). */
  private String answer(String[] words, String line) throws IOException, InterruptedException {
    return switch (words[0]) {
      case "send" -> {
        long chat = Long.parseLong(words[1]);
        String text = line.split("\\s+", 3)[2];
        int id = telegram.userSendsText(chat, chat, text, "en");
        yield "sent " + chat + " " + id + " " + Instant.now().toEpochMilli();
      }
      case "wait-poll" -> waitPoll(Duration.ofSeconds(Long.parseLong(words[1])));
      case "wait-video" ->
          waitMedia(Long.parseLong(words[1]), Duration.ofSeconds(Long.parseLong(words[2])));
      case "calls" -> calls(Long.parseLong(words[1]));
      default -> "error unknown command: " + words[0];
    };
  }

  private String waitPoll(Duration timeout) throws InterruptedException {
    return telegram.awaitHeldPoll(timeout) ? "polling" : "timeout";
  }

  /** The first successful media send to {@code chat}, once it has been answered. */
  private String waitMedia(long chat, Duration timeout) throws IOException, InterruptedException {
    Optional<FakeBotApiCall> call =
        telegram.awaitAnswered(
            c ->
                (c.method().equals("sendVideo") || c.method().equals("sendAudio"))
                    && isTo(c, chat)
                    && c.succeeded(),
            timeout);
    return call.isPresent() ? reported(chat, call.get()) : "timeout " + chat;
  }

  private static String reported(long chat, FakeBotApiCall call) throws IOException {
    String field = call.method().equals("sendVideo") ? "video" : "audio";
    long bytes = call.hasUpload(field) ? call.upload(field).size() : 0;
    for (FakeBotApiUpload upload : call.uploads().values()) {
      Files.deleteIfExists(upload.path());
    }
    return "video "
        + chat
        + " "
        + call.method()
        + " "
        + call.receivedAt().toEpochMilli()
        + " "
        + call.answeredAt().toEpochMilli()
        + " "
        + bytes;
  }

  private String calls(long chat) {
    StringBuilder listed = new StringBuilder();
    int count = 0;
    for (FakeBotApiCall call : telegram.calls()) {
      if (isTo(call, chat)) {
        count++;
        listed.append(' ').append(call.method()).append(':');
        listed.append(call.receivedAt().toEpochMilli()).append(':');
        listed.append(call.answeredAt().toEpochMilli());
      }
    }
    return "calls " + chat + " " + count + listed;
  }

  private static boolean isTo(FakeBotApiCall call, long chat) {
    return call.param("chat_id").equals(Optional.of(Long.toString(chat)));
  }
}
