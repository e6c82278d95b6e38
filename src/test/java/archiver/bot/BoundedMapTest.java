package archiver.bot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BoundedMapTest {

  @Test
  void theLeastRecentlyUsedEntryGoesWhenTheMapIsFull() {
    BoundedMap<String, Integer> map = new BoundedMap<>(2);
    map.put("a", 1);
    map.put("b", 2);
    assertThat(map.get("a")).contains(1); // "a" is now the most recent

    map.put("c", 3);

    assertThat(map.size()).isEqualTo(2);
    assertThat(map.get("b")).isEmpty();
    assertThat(map.get("a")).contains(1);
    assertThat(map.get("c")).contains(3);
  }

  @Test
  void putIfAbsentAndRemoveSayWhetherTheyChangedAnything() {
    BoundedMap<Long, Boolean> map = new BoundedMap<>(10);
    assertThat(map.putIfAbsent(1L, true)).isTrue();
    assertThat(map.putIfAbsent(1L, false)).isFalse();
    assertThat(map.get(1L)).contains(true);
    assertThat(map.remove(1L)).isTrue();
    assertThat(map.remove(1L)).isFalse();
  }
}
