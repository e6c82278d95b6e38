package archiver.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import archiver.bot.Messages.Language;
import archiver.domain.JobType;
import archiver.domain.Quality;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CallbackTest {

  /** The longest token PendingLinks makes: Long.MAX_VALUE in base 36. */
  private static final String LONGEST_TOKEN = Long.toString(Long.MAX_VALUE, 36);

  /** Every button the bot can show, each kind with its longest realistic values. */
  static Stream<Callback> everyButton() {
    List<Callback> all = new ArrayList<>();
    for (String token : List.of("1", "zz", LONGEST_TOKEN)) {
      all.add(new Callback.ChooseType(token, JobType.VIDEO));
      all.add(new Callback.ChooseType(token, JobType.AUDIO));
      for (Quality q : Quality.values()) {
        all.add(new Callback.ChooseQuality(token, q));
      }
      all.add(new Callback.DropLink(token));
      for (Callback.PlaylistChoice choice : Callback.PlaylistChoice.values()) {
        all.add(new Callback.ChoosePlaylist(token, choice));
      }
    }
    for (long jobId : List.of(1L, 42L, Long.MAX_VALUE)) {
      all.add(new Callback.CancelJob(jobId));
      all.add(new Callback.AudioInstead(jobId));
      all.add(new Callback.CancelBatch(jobId));
    }
    for (Language l : Language.values()) {
      all.add(new Callback.ChooseLanguage(l));
    }
    for (Callback.Setting s : Callback.Setting.values()) {
      all.add(new Callback.OpenSetting(s));
    }
    all.add(new Callback.SetDefaultType(Optional.empty()));
    for (JobType t : JobType.values()) {
      all.add(new Callback.SetDefaultType(Optional.of(t)));
    }
    for (Quality q : Quality.values()) {
      if (q != Quality.FILE) {
        all.add(new Callback.SetDefaultQuality(q));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyButton")
  @DisplayName("Every button's data parses back to the same button")
  void everyButtonRoundTrips(Callback button) {
    assertThat(Callback.parse(button.data())).contains(button);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyButton")
  @DisplayName("Every button's data fits Telegram's 1-64 bytes of callback_data")
  void everyButtonFitsTelegramsLimit(Callback button) {
    int bytes = button.data().getBytes(StandardCharsets.UTF_8).length;
    assertThat(bytes).isBetween(1, 64);
  }

  @Test
  @DisplayName("The test covers every kind of button, and no two buttons share their data")
  void everyKindIsCoveredAndDataIsUnique() {
    Set<Class<?>> kinds = new HashSet<>();
    Set<String> data = new HashSet<>();
    List<Callback> all = everyButton().toList();
    for (Callback c : all) {
      kinds.add(c.getClass());
      data.add(c.data());
    }
    assertThat(kinds).containsExactlyInAnyOrder(Callback.class.getPermittedSubclasses());
    assertThat(data).hasSize(all.size());
  }

  @Test
  @DisplayName("The wire forms are the ones buttons already in chats carry")
  void wireFormsAreUnchanged() {
    assertThat(new Callback.ChooseType("a1", JobType.VIDEO).data()).isEqualTo("t:a1:V");
    assertThat(new Callback.ChooseType("a1", JobType.AUDIO).data()).isEqualTo("t:a1:A");
    assertThat(new Callback.ChooseQuality("a1", Quality.P720).data()).isEqualTo("q:a1:720p");
    assertThat(new Callback.ChooseQuality("a1", Quality.FILE).data()).isEqualTo("q:a1:file");
    assertThat(new Callback.DropLink("a1").data()).isEqualTo("x:a1");
    assertThat(new Callback.CancelJob(7).data()).isEqualTo("c:7");
    assertThat(new Callback.AudioInstead(7).data()).isEqualTo("r:7:AUDIO");
    assertThat(new Callback.ChoosePlaylist("a1", Callback.PlaylistChoice.ALL_AUDIO).data())
        .isEqualTo("p:a1:A");
    assertThat(new Callback.ChoosePlaylist("a1", Callback.PlaylistChoice.ONLY_THIS_VIDEO).data())
        .isEqualTo("p:a1:S");
    assertThat(new Callback.CancelBatch(7).data()).isEqualTo("b:7");
    assertThat(new Callback.ChooseLanguage(Language.AR).data()).isEqualTo("l:ar");
    assertThat(new Callback.OpenSetting(Callback.Setting.TYPE).data()).isEqualTo("s:type");
    assertThat(new Callback.OpenSetting(Callback.Setting.QUALITY).data()).isEqualTo("s:quality");
    assertThat(new Callback.OpenSetting(Callback.Setting.ARCHIVE).data()).isEqualTo("s:archive");
    assertThat(new Callback.OpenSetting(Callback.Setting.LANGUAGE).data()).isEqualTo("s:lang");
    assertThat(new Callback.SetDefaultType(Optional.of(JobType.VIDEO)).data())
        .isEqualTo("s:type:VIDEO");
    assertThat(new Callback.SetDefaultType(Optional.empty()).data()).isEqualTo("s:type:ASK");
    assertThat(new Callback.SetDefaultQuality(Quality.AUDIO_64).data())
        .isEqualTo("s:quality:audio_64");
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(
      strings = {
        "",
        ":",
        "t",
        "t:",
        "t:a1",
        "t:a1:F",
        "t:a1:V:x",
        "t:A1:V",
        "t:a-1:V",
        "t:12345678901234:V",
        "q:a1",
        "q:a1:",
        "q:a1:720",
        "q:a1:BEST",
        "q:a1:9000p",
        "x",
        "x:",
        "x:a1:b",
        "c",
        "c:",
        "c:0",
        "c:-1",
        "c:abc",
        "c:01",
        "c:9223372036854775808",
        "c:7:8",
        "r:7",
        "r:7:VIDEO",
        "r:0:AUDIO",
        "r:x:AUDIO",
        "l",
        "l:",
        "l:fr",
        "l:EN",
        "l:en:x",
        "s",
        "s:",
        "s:colour",
        "s:type:",
        "s:type:video",
        "s:type:MOVIE",
        "s:quality:file",
        "s:quality:hd",
        "s:archive:on",
        "s:lang:ar",
        "s:type:VIDEO:x",
        "p:a1",
        "p:a1:X",
        "p:a1:a",
        "p:A1:A",
        "p:a1:A:x",
        "b",
        "b:",
        "b:0",
        "b:x",
        "b:7:8",
        "z:1",
        "hello",
        "t:a1:V ",
        " t:a1:V"
      })
  @DisplayName("Data the bot does not write parses to nothing")
  void malformedDataParsesToNothing(String data) {
    assertThat(Callback.parse(data)).isEmpty();
  }

  @Test
  void nullDataParsesToNothing() {
    assertThat(Callback.parse(null)).isEmpty();
  }

  @Test
  @DisplayName("A button cannot be made with values its data could not carry")
  void impossibleButtonsAreRefused() {
    assertThatThrownBy(() -> new Callback.ChooseType("a:b", JobType.VIDEO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Callback.ChooseType("a1", JobType.FILE))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Callback.CancelJob(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Callback.SetDefaultQuality(Quality.FILE))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
