package archiver.bot;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.core.rename.RenameRequest;
import archiver.core.rename.RenameRequest.Target;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How {@code /rename} is read: a reply names the job by its message, otherwise an id does. */
class RenameCommandTest {

  private static Optional<RenameRequest> read(String args, Integer repliedTo) {
    return RenameCommand.request(args, Optional.ofNullable(repliedTo), 77, 1001, false);
  }

  @Test
  void aReplyRenamesTheRepliedMediaAndTheWholeTextIsTheTitleEvenAFirstNumber() {
    assertThat(read("1984", 12))
        .contains(new RenameRequest(77, new Target.Reply(12), "1984", 1001, false));
    assertThat(read("42 New title", 12))
        .contains(new RenameRequest(77, new Target.Reply(12), "42 New title", 1001, false));
  }

  @Test
  void withoutAReplyTheJobIdComesFirstThenTheTitle() {
    assertThat(read("42 New  title", null))
        .contains(new RenameRequest(77, new Target.JobId(42), "New  title", 1001, false));
  }

  @Test
  void aCommandWithoutATitleOrWithoutAJobIsNotARequest() {
    assertThat(read("", 12)).isEmpty();
    assertThat(read("42", null)).isEmpty();
    assertThat(read("New title", null)).isEmpty();
    assertThat(read("-3 New title", null)).isEmpty();
    assertThat(read("99999999999999999999 New title", null)).isEmpty();
  }
}
