package archiver.download.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Mp4BoxesTest {

  @TempDir Path dir;

  @Test
  void givenMoovBeforeMdat_whenChecked_thenFaststart() throws IOException {
    Path file = write(box("ftyp", 16), box("moov", 100), box("mdat", 1000));

    assertThat(Mp4Boxes.isFaststart(file)).isTrue();
    assertThat(Mp4Boxes.topLevel(file))
        .containsExactly(
            new Mp4Boxes.Box("ftyp", 0, 24),
            new Mp4Boxes.Box("moov", 24, 108),
            new Mp4Boxes.Box("mdat", 132, 1008));
  }

  @Test
  void givenMdatBeforeMoov_whenChecked_thenNotFaststart() throws IOException {
    Path file = write(box("ftyp", 16), box("free", 0), box("mdat", 1000), box("moov", 100));

    assertThat(Mp4Boxes.isFaststart(file)).isFalse();
  }

  @Test
  void givenLargeSizeMdatAfterMoov_whenWalked_thenTheSixtyFourBitSizeIsFollowed()
      throws IOException {
    Path file = write(box("ftyp", 16), box("moov", 40), largeBox("mdat", 500), box("free", 4));

    assertThat(Mp4Boxes.topLevel(file))
        .extracting(Mp4Boxes.Box::type)
        .containsExactly("ftyp", "moov", "mdat", "free");
    assertThat(Mp4Boxes.topLevel(file).get(2).size()).isEqualTo(516);
    assertThat(Mp4Boxes.isFaststart(file)).isTrue();
  }

  @Test
  void givenSizeZeroLastBox_whenWalked_thenItRunsToTheEndOfTheFile() throws IOException {
    byte[] mdatToEnd = box("mdat", 300);
    ByteBuffer.wrap(mdatToEnd).putInt(0, 0);
    Path file = write(box("ftyp", 16), box("moov", 20), mdatToEnd);

    assertThat(Mp4Boxes.topLevel(file).get(2)).isEqualTo(new Mp4Boxes.Box("mdat", 52, 308));
  }

  @Test
  void givenTruncatedFile_whenWalked_thenTheReadableBoxesAreReturned() throws IOException {
    byte[] mdat = box("mdat", 1000);
    byte[] cut = new byte[100];
    System.arraycopy(mdat, 0, cut, 0, cut.length);
    Path file = write(box("ftyp", 16), cut);

    assertThat(Mp4Boxes.topLevel(file)).extracting(Mp4Boxes.Box::type).containsExactly("ftyp");
    assertThat(Mp4Boxes.isFaststart(file)).isFalse();
  }

  @Test
  void givenAnMp3OrAnEmptyFile_whenChecked_thenNotFaststart() throws IOException {
    Path mp3 =
        write("ID3\u0003\0\0\0\0\0\u0010moovmoovmoovmoov".getBytes(StandardCharsets.ISO_8859_1));
    Path empty = write();

    assertThat(Mp4Boxes.isFaststart(mp3)).isFalse();
    assertThat(Mp4Boxes.isFaststart(empty)).isFalse();
    assertThat(Mp4Boxes.topLevel(empty)).isEmpty();
  }

  @Test
  void givenBoxSizeSmallerThanItsHeader_whenWalked_thenTheWalkStops() throws IOException {
    byte[] broken = box("moov", 8);
    ByteBuffer.wrap(broken).putInt(0, 4);
    Path file = write(box("ftyp", 16), broken, box("mdat", 8));

    assertThat(Mp4Boxes.topLevel(file)).extracting(Mp4Boxes.Box::type).containsExactly("ftyp");
  }

  private static byte[] box(String type, int payload) {
    ByteBuffer buffer = ByteBuffer.allocate(8 + payload);
    buffer.putInt(8 + payload).put(type.getBytes(StandardCharsets.US_ASCII));
    return buffer.array();
  }

  private static byte[] largeBox(String type, int payload) {
    ByteBuffer buffer = ByteBuffer.allocate(16 + payload);
    buffer.putInt(1).put(type.getBytes(StandardCharsets.US_ASCII)).putLong(16L + payload);
    return buffer.array();
  }

  private Path write(byte[]... parts) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      bytes.write(part);
    }
    return Files.write(Files.createTempFile(dir, "boxes", ".mp4"), bytes.toByteArray());
  }
}
