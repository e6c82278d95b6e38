package archiver.bot;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A small thread-safe map that forgets its least recently used entry once it holds {@code capacity}
 * entries. The bot remembers a few things per chat and per job in memory (a chat's language, a link
 * waiting for its buttons): with one of these, a bot that runs for months in thousands of chats
 * still holds a bounded amount.
 */
final class BoundedMap<K, V> {

  private final Map<K, V> entries;

  BoundedMap(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
    }
    // Access order: get and put make an entry the most recent, so the one evicted is the one
    // nobody asked for longest.
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > capacity;
          }
        };
  }

  synchronized void put(K key, V value) {
    entries.put(key, value);
  }

  /** Puts {@code value} unless the key is there; true when it was put. */
  synchronized boolean putIfAbsent(K key, V value) {
    return entries.putIfAbsent(key, value) == null;
  }

  synchronized Optional<V> get(K key) {
    return Optional.ofNullable(entries.get(key));
  }

  /** Removes the key; true when it was there. */
  synchronized boolean remove(K key) {
    return entries.remove(key) != null;
  }

  synchronized int size() {
    return entries.size();
  }
}
