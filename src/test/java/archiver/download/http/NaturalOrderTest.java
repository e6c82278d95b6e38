package archiver.download.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NaturalOrderTest {

  @Test
  void aLectureSeriesSortsByItsNumbersNotItsCharacters() {
    List<String> names =
        new ArrayList<>(
            List.of(
                "Lecture 10.mp3",
                "Lecture 2.mp3",
                "Lecture 1.mp3",
                "Disc 2/01 Intro.mp3",
                "Disc 10/01 Intro.mp3",
                "Lecture 02.mp3"));
    names.sort(NaturalOrder.INSTANCE);
    assertThat(names)
        .containsExactly(
            "Disc 2/01 Intro.mp3",
            "Disc 10/01 Intro.mp3",
            "Lecture 1.mp3",
            "Lecture 02.mp3",
            "Lecture 2.mp3",
            "Lecture 10.mp3");
  }

  @Test
  void theOrderIsTotal() {
    assertThat(NaturalOrder.INSTANCE.compare("a01", "a1")).isNotZero();
    assertThat(NaturalOrder.INSTANCE.compare("a01", "a1"))
        .isEqualTo(-NaturalOrder.INSTANCE.compare("a1", "a01"));
    assertThat(NaturalOrder.INSTANCE.compare("same", "same")).isZero();
    assertThat(NaturalOrder.INSTANCE.compare("a", "a1")).isNegative();
    assertThat(NaturalOrder.INSTANCE.compare("99999999999999999999", "100000000000000000000"))
        .isNegative();
  }
}
