package archiver.bot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.telegram.telegrambots.meta.api.objects.Document;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/** Which documents reach the commands: only those captioned /cookies, for this bot. */
class CookieUploadTest {

  private static Message document(String caption) {
    Message m = new Message();
    Document d = new Document();
    d.setFileId("BQACAgIAAxkBAAI1");
    d.setFileName("cookies.txt");
    m.setDocument(d);
    m.setCaption(caption);
    return m;
  }

  @ParameterizedTest(name = "caption \"{0}\" -> {1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "NONE",
      value = {
        "/cookies yt_main                  | yt_main",
        "  /cookies   yt_main              | yt_main",
        "/cookies@archiver_test_bot yt_main | yt_main",
        "/cookies                          | ''",
        "/cookies@other_bot yt_main        | NONE",
        "/auth reset yt_main               | NONE",
        "my cookies                        | NONE",
      })
  void onlyACookiesCaptionForThisBotIsACommand(String caption, String profile) {
    assertThat(
            CookieUpload.captionCommand(document(caption), "archiver_test_bot").map(Command::args))
        .isEqualTo(java.util.Optional.ofNullable(profile));
  }

  @org.junit.jupiter.api.Test
  void aDocumentWithoutCaptionOrATextIsNoCookieUpload() {
    Message text = new Message();
    text.setText("/cookies yt_main");

    assertThat(CookieUpload.captionCommand(document(null), "archiver_test_bot")).isEmpty();
    assertThat(CookieUpload.captionCommand(text, "archiver_test_bot")).isEmpty();
  }
}
