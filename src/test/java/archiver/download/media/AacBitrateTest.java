package archiver.download.media;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.download.media.AacBitrate.Choice;
import archiver.download.media.AacBitrate.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AacBitrateTest {

  private static final long LIMIT = 50L * 1024 * 1024;
  private static final int FLOOR = 32;

  /** Two hours of 128 kbit/s stereo at 44.1 kHz without a cover: a lecture as YouTube has it. */
  private static final Source LECTURE = new Source(7200, 2, 44_100, 128, 0);

  @Test
  void twoHourLectureFitsFiftyMegabytesAt48kMono() {
    assertThat(AacBitrate.choose(LECTURE, LIMIT, FLOOR)).isEqualTo(new Choice.Encode(48, 1));
    assertThat(AacBitrate.estimatedBytes(LECTURE, 48)).isLessThanOrEqualTo(LIMIT);
    assertThat(AacBitrate.estimatedBytes(LECTURE, 56)).isGreaterThan(LIMIT);
  }

  @Test
  void limitExactlyAtTheEstimateOfAStepChoosesThatStep() {
    long at64 = AacBitrate.estimatedBytes(LECTURE, 64);

    assertThat(AacBitrate.choose(LECTURE, at64, FLOOR)).isEqualTo(new Choice.Encode(64, 2));
  }

  @Test
  void limitOneByteUnderTheEstimateOfAStepChoosesTheStepBelow() {
    long at64 = AacBitrate.estimatedBytes(LECTURE, 64);

    assertThat(AacBitrate.choose(LECTURE, at64 - 1, FLOOR)).isEqualTo(new Choice.Encode(56, 1));
  }

  @Test
  void limitOneByteOverTheEstimateOfAStepStillChoosesThatStepNotTheNextUp() {
    long at64 = AacBitrate.estimatedBytes(LECTURE, 64);

    assertThat(AacBitrate.choose(LECTURE, at64 + 1, FLOOR)).isEqualTo(new Choice.Encode(64, 2));
  }

  @Test
  void plentyOfRoomNeverEncodesAboveTheSourcesOwnBitrate() {
    assertThat(AacBitrate.choose(LECTURE, Long.MAX_VALUE, FLOOR))
        .isEqualTo(new Choice.Encode(128, 2));
  }

  @Test
  void sourceBitrateBetweenStepsIsRoundedDown() {
    Source vbr = new Source(600, 2, 44_100, 133, 0);

    assertThat(AacBitrate.choose(vbr, Long.MAX_VALUE, FLOOR)).isEqualTo(new Choice.Encode(128, 2));
  }

  @Test
  void unknownSourceBitrateIsCappedAt192kStereo() {
    Source unknown = new Source(600, 2, 48_000, 0, 0);

    assertThat(AacBitrate.choose(unknown, Long.MAX_VALUE, FLOOR))
        .isEqualTo(new Choice.Encode(192, 2));
  }

  @Test
  void monoSourceStaysMonoAndIsCappedAt96k() {
    Source mono = new Source(600, 1, 48_000, 0, 0);

    assertThat(AacBitrate.choose(mono, Long.MAX_VALUE, FLOOR)).isEqualTo(new Choice.Encode(96, 1));
  }

  @Test
  void limitExactlyAtTheFloorsEstimateEncodesAtTheFloor() {
    long atFloor = AacBitrate.estimatedBytes(LECTURE, FLOOR);

    assertThat(AacBitrate.choose(LECTURE, atFloor, FLOOR)).isEqualTo(new Choice.Encode(FLOOR, 1));
  }

  @Test
  void limitUnderTheFloorsEstimateIsBelowFloorWithTheBitrateThatWouldFit() {
    long atFloor = AacBitrate.estimatedBytes(LECTURE, FLOOR);

    Choice choice = AacBitrate.choose(LECTURE, atFloor - 1, FLOOR);

    assertThat(choice).isEqualTo(new Choice.BelowFloor(31));
  }

  @Test
  void floorBetweenStepsIsTriedItself() {
    long at30 = AacBitrate.estimatedBytes(LECTURE, 30);

    assertThat(AacBitrate.choose(LECTURE, at30, 30)).isEqualTo(new Choice.Encode(30, 1));
  }

  @Test
  void coverPictureCountsAgainstTheLimit() {
    long at64 = AacBitrate.estimatedBytes(LECTURE, 64);
    Source withCover = new Source(7200, 2, 44_100, 128, 500_000);

    assertThat(AacBitrate.choose(withCover, at64, FLOOR)).isEqualTo(new Choice.Encode(56, 1));
    assertThat(AacBitrate.estimatedBytes(withCover, 64)).isEqualTo(at64 + 500_000);
  }

  @Test
  void limitSmallerThanTheIndexAndHeadersNeedsZero() {
    assertThat(AacBitrate.choose(LECTURE, 10_000, FLOOR)).isEqualTo(new Choice.BelowFloor(0));
  }

  @ParameterizedTest(name = "{0} channel(s) at {1} kbit/s -> {2}")
  @CsvSource({
    "2, 192, 2",
    "2, 64, 2",
    "2, 56, 1",
    "2, 32, 1",
    "1, 96, 1",
    "6, 128, 2",
    "0, 128, 2",
  })
  void stereoBelow64kBecomesMonoAndMoreThanTwoChannelsBecomeStereo(
      int sourceChannels, int kbps, int channels) {
    Source source = new Source(600, sourceChannels, 48_000, 0, 0);

    assertThat(AacBitrate.channels(source, kbps)).isEqualTo(channels);
  }
}
