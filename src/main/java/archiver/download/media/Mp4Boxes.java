package archiver.download.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the top-level box headers of an MP4 (ISO/IEC 14496-12 §4.2: 32-bit size and 4-character
 * type, size 1 = a 64-bit size follows, size 0 = the box runs to the end of the file). Only the
 * headers are read, so this is cheap on a 2 GB file.
 */
final class Mp4Boxes {

  /** One top-level box: its type, where it starts and its whole size including the header. */
  record Box(String type, long offset, long size) {}

  /** Files whose first box is not one of these are not treated as MP4 at all. */
  private static final List<String> FIRST_BOX_TYPES = List.of("ftyp", "styp", "moov", "free");

  private Mp4Boxes() {}

  /**
   * The top-level boxes in file order. Stops quietly at the first header that cannot be read or
   * makes no sense (a truncated or non-MP4 file yields what was readable before it).
   */
  static List<Box> topLevel(Path file) throws IOException {
    List<Box> boxes = new ArrayList<>();
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long fileSize = channel.size();
      long offset = 0;
      ByteBuffer header = ByteBuffer.allocate(16);
      while (offset + 8 <= fileSize) {
        header.clear().limit(8);
        if (!readFully(channel, header, offset)) {
          break;
        }
        long size = Integer.toUnsignedLong(header.getInt(0));
        String type = new String(header.array(), 4, 4, StandardCharsets.ISO_8859_1);
        int headerLength = 8;
        if (size == 1) {
          header.clear().limit(8);
          if (!readFully(channel, header, offset + 8)) {
            break;
          }
          size = header.getLong(0);
          headerLength = 16;
        } else if (size == 0) {
          size = fileSize - offset;
        }
        if (size < headerLength || offset + size > fileSize || !printable(type)) {
          break;
        }
        boxes.add(new Box(type, offset, size));
        offset += size;
      }
    }
    return boxes;
  }

  /**
   * Whether the file is an MP4 whose {@code moov} (the index) comes before {@code mdat} (the
   * media): a player can then start before the whole file has arrived, which Telegram needs for
   * {@code supports_streaming} (https://core.telegram.org/bots/api#sendvideo). A fragmented MP4 has
   * its {@code moov} first and {@code moof}/{@code mdat} pairs after it, which also counts.
   */
  static boolean isFaststart(Path file) throws IOException {
    List<Box> boxes = topLevel(file);
    if (boxes.isEmpty() || !FIRST_BOX_TYPES.contains(boxes.get(0).type())) {
      return false;
    }
    for (Box box : boxes) {
      if (box.type().equals("moov")) {
        return true;
      }
      if (box.type().equals("mdat")) {
        return false;
      }
    }
    return false;
  }

  private static boolean readFully(FileChannel channel, ByteBuffer buffer, long position)
      throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, at);
      if (n < 0) {
        return false;
      }
      at += n;
    }
    return true;
  }

  private static boolean printable(String type) {
    for (int i = 0; i < type.length(); i++) {
      char c = type.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }
}
