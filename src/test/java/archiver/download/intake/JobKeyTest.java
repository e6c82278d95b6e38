package archiver.download.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import archiver.domain.JobType;
import archiver.domain.Quality;
import archiver.domain.SourceType;
import org.junit.jupiter.api.Test;

class JobKeyTest {

  @Test
  void givenTheSpecifiedInputs_whenKeyed_thenItIsTheSha256OfThePipeJoinedFields() {
    // printf 'YOUTUBE|https://www.youtube.com/watch?v=dQw4w9WgXcQ|VIDEO|720p' | sha256sum
    JobKey key =
        JobKey.of(
            SourceType.YOUTUBE,
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            JobType.VIDEO,
            Quality.P720);

    assertThat(key.value())
        .isEqualTo("45f04298c0699dd291971e8d13d5ec9735bc69a7d38f7e3031580e61592e74f2");
    assertThat(key.value()).matches("[0-9a-f]{64}");
    assertThat(key.toString()).isEqualTo(key.value());
  }

  @Test
  void givenAnyFieldChanges_whenKeyed_thenTheKeyChanges() {
    String url = "https://www.youtube.com/watch?v=dQw4w9WgXcQ";
    JobKey base = JobKey.of(SourceType.YOUTUBE, url, JobType.VIDEO, Quality.P720);

    assertThat(JobKey.of(SourceType.YOUTUBE, url, JobType.VIDEO, Quality.P720)).isEqualTo(base);
    assertThat(JobKey.of(SourceType.GENERIC, url, JobType.VIDEO, Quality.P720)).isNotEqualTo(base);
    assertThat(JobKey.of(SourceType.YOUTUBE, url + "x", JobType.VIDEO, Quality.P720))
        .isNotEqualTo(base);
    assertThat(JobKey.of(SourceType.YOUTUBE, url, JobType.AUDIO, Quality.P720)).isNotEqualTo(base);
    assertThat(JobKey.of(SourceType.YOUTUBE, url, JobType.VIDEO, Quality.BEST)).isNotEqualTo(base);
  }

  @Test
  void givenSomethingThatIsNotADigest_whenWrapped_thenRefused() {
    assertThatThrownBy(() -> new JobKey("abc")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new JobKey("A".repeat(64)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
