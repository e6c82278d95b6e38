package archiver.core.batch;

import archiver.core.events.EventRecorder;
import archiver.core.jobs.JobService;
import archiver.domain.Batch;
import archiver.domain.NewBatch;
import archiver.domain.Quality;
import archiver.domain.SourceType;
import archiver.download.intake.IntakeResult;
import archiver.download.intake.UrlIntake;
import archiver.storage.BatchRepository;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Playlists as batches (docs/ARCHITECTURE.md, "Playlists"): tells a playlist link from a single
 * one, reads it flat, starts a batch of its items (at most {@code sources.max_playlist_items}), and
 * cancels what a batch has not done yet. The {@link BatchRunner} moves batches on.
 */
public final class BatchService {

  private static final Logger log = LoggerFactory.getLogger(BatchService.class);

  /**
   * A podcast-style feed on a site we fetch directly: yt-dlp reads it as a list of its enclosures.
   * Lecture series are often published so (Archive.org collections, lecture sites).
   */
  private static final Pattern FEED_PATH =
      Pattern.compile("(?i).*(\\.rss|\\.xml|\\.atom|/feed|/rss|/podcast)/?$");

  /** What a link turned out to be. */
  public sealed interface Looked {}

  /** A single media link: ask its type as usual. */
  public record NotAPlaylist() implements Looked {}

  /**
   * A playlist, read: what to offer.
   *
   * @param singleVideo the one video the link also names ({@code watch?v=X&list=Y}), to offer "only
   *     this video"
   * @param more it has more items than {@code items}, which are the first ones
   */
  public record Offer(
      String url,
      String playlistId,
      String title,
      int count,
      boolean more,
      List<NewBatch.Item> items,
      Optional<String> singleVideo)
      implements Looked {
    public Offer {
      items = List.copyOf(items);
    }
  }

  /** The playlist could not be read ({@code reason} for the log); a single video may be left. */
  public record Unreadable(String reason, Optional<String> singleVideo) implements Looked {}

  private static SourceType source(IntakeResult checked) {
    return switch (checked) {
      case IntakeResult.Accepted a -> a.sourceType();
      case IntakeResult.Playlist p -> p.sourceType();
      case IntakeResult.Refused r -> SourceType.GENERIC;
    };
  }

  /** What became of a request to start a batch. */
  public sealed interface Started {}

  public record Created(Batch batch) implements Started {}

  /** The user's other playlist still runs: one at a time per user. */
  public record OtherBatchRunning(Batch running, BatchProgress progress) implements Started {}

  /** Maintenance mode: no new work. */
  public record Maintenance() implements Started {}

  private final BatchRepository batches;
  private final UrlIntake intake;
  private final PlaylistReader reader;
  private final JobService jobs;
  private final BatchRecorder recorder;
  private final int maxItems;
  private final Clock clock;
  private final BatchRunner runner;

  public BatchService(
      BatchRepository batches,
      UrlIntake intake,
      PlaylistReader reader,
      JobService jobs,
      EventRecorder events,
      int maxItems,
      Clock clock,
      BatchRunner runner) {
    this.batches = batches;
    this.intake = intake;
    this.reader = reader;
    this.jobs = jobs;
    this.recorder = new BatchRecorder(events);
    this.maxItems = maxItems;
    this.clock = clock;
    this.runner = runner;
  }

  /** What a link is, as far as can be told without the network. */
  public enum LinkKind {
    /** One media item. */
    SINGLE,
    /** A playlist link, a video link with {@code list=}, or a feed. */
    PLAYLIST,
    /**
     * An Archive.org item or a lecture page: a playlist when it holds several recordings, which
     * only reading it tells.
     */
    MAYBE_PLAYLIST
  }

  /** What the link is, without any network access. */
  public LinkKind kindOf(String url) {
    return switch (intake.check(url)) {
      case IntakeResult.Playlist p -> LinkKind.PLAYLIST;
      case IntakeResult.Accepted a when a.playlistId().isPresent() || isFeed(a) ->
          LinkKind.PLAYLIST;
      case IntakeResult.Accepted a when mayList(a) -> LinkKind.MAYBE_PLAYLIST;
      case IntakeResult.Accepted a -> LinkKind.SINGLE;
      case IntakeResult.Refused r -> LinkKind.SINGLE;
    };
  }

  /** A whole Archive.org item (no file named in the link), or a lecture site's page. */
  private static boolean mayList(IntakeResult.Accepted a) {
    return switch (a.sourceType()) {
      case ARCHIVE -> WHOLE_ARCHIVE_ITEM.matcher(a.normalizedUrl()).matches();
      case TARIQ_ALLAH -> true;
      case YOUTUBE, FACEBOOK, GENERIC -> false;
    };
  }

  private static final Pattern WHOLE_ARCHIVE_ITEM =
      Pattern.compile("https://archive\\.org/details/[^/]+");

  private static boolean isFeed(IntakeResult.Accepted a) {
    return a.sourceType() == SourceType.GENERIC
        && a.uri().getRawPath() != null
        && FEED_PATH.matcher(a.uri().getRawPath()).matches();
  }

  /**
   * Reads the playlist the link names (one yt-dlp run, a few seconds). yt-dlp connects to the
   * playlist's host itself, past the guarded HTTP client, so the host is resolved and checked here
   * first.
   */
  public Looked look(String url) throws InterruptedException {
    IntakeResult checked = intake.checkAndResolve(url);
    URI list;
    String playlistId;
    Optional<String> single = Optional.empty();
    boolean maybe = false;
    switch (checked) {
      case IntakeResult.Playlist p -> {
        list = p.uri();
        playlistId = p.playlistId();
      }
      case IntakeResult.Accepted a when a.playlistId().isPresent() -> {
        playlistId = a.playlistId().get();
        list = URI.create("https://www.youtube.com/playlist?list=" + playlistId);
        single = Optional.of(a.uri().toString());
      }
      case IntakeResult.Accepted a when isFeed(a) -> {
        list = a.uri();
        playlistId = a.normalizedUrl();
      }
      case IntakeResult.Accepted a when mayList(a) -> {
        list = a.uri();
        playlistId = a.mediaId().orElse(a.normalizedUrl());
        maybe = true;
        // A lecture page may link its related lectures too: "only this one" stays on offer.
        single = Optional.of(a.uri().toString());
      }
      default -> {
        return new NotAPlaylist();
      }
    }
    PlaylistReader.Listing listing = reader.read(source(checked), list, maxItems);
    if (maybe && listing instanceof PlaylistReader.Failed f) {
      // Only possibly a playlist: the single link's own path tries the site again (yt-dlp too)
      // and says what went wrong there.
      log.info("{} read as one recording: its listing failed ({})", playlistId, f.reason());
      return new NotAPlaylist();
    }
    return switch (listing) {
      case PlaylistReader.Read r -> {
        log.info(
            "playlist {} read: {} items{} ({})",
            playlistId,
            r.items().size(),
            r.more() ? " taken of " + Math.max(r.count(), r.items().size() + 1) + "+" : "",
            r.title());
        yield new Offer(
            list.toString(),
            r.id().isBlank() ? playlistId : r.id(),
            r.title(),
            r.count(),
            r.more(),
            r.items(),
            single);
      }
      case PlaylistReader.NotAPlaylist n -> new NotAPlaylist();
      case PlaylistReader.Failed f -> {
        log.warn("playlist {} cannot be read: {}", playlistId, f.reason());
        yield new Unreadable(f.reason(), single);
      }
    };
  }

  /**
   * Starts a batch of the offer's items as {@code quality}; its items become jobs one at a time.
   * {@code statusMessageId} is the chat's message that will show its progress.
   */
  public Started start(
      Offer offer,
      Quality quality,
      Long userId,
      long chatId,
      String language,
      Integer statusMessageId) {
    if (jobs.maintenance()) {
      return new Maintenance();
    }
    if (userId != null) {
      Optional<Batch> running = batches.runningFor(userId);
      if (running.isPresent()) {
        return new OtherBatchRunning(
            running.get(), BatchProgress.of(batches.items(running.get().id())));
      }
    }
    NewBatch batch =
        new NewBatch(
            offer.url(),
            offer.playlistId(),
            offer.title(),
            quality,
            userId,
            chatId,
            language,
            offer.more(),
            statusMessageId,
            offer.items());
    BatchEvent.Created created =
        new BatchEvent.Created(
            offer.url(),
            offer.playlistId(),
            offer.title(),
            offer.items().size(),
            offer.more(),
            quality.code());
    Batch stored = batches.create(batch, recorder.row(created), clock.instant());
    recorder.logged(stored, created);
    runner.wake();
    return new Created(stored);
  }

  /** What became of a cancel. */
  public enum CancelResult {
    CANCELLED,
    ALREADY_FINISHED,
    NOT_YOURS,
    NO_SUCH_BATCH
  }

  /**
   * Cancels the items not done yet: those waiting are never fetched, the one running is cancelled
   * as its job's Cancel button would.
   */
  public CancelResult cancel(long batchId, long userId, boolean byAdmin) {
    return runner.cancel(batchId, userId, byAdmin);
  }

  /** Which item of the chat's batch a job is, so its failure can say which one failed. */
  public Optional<archiver.domain.BatchItem.Place> placeOf(long jobId, long chatId) {
    return batches.placeOf(jobId, chatId);
  }

  public Optional<Batch> find(long batchId) {
    return batches.find(batchId);
  }

  public BatchProgress progress(long batchId) {
    return BatchProgress.of(batches.items(batchId));
  }
}
