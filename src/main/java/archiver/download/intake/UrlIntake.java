package archiver.download.intake;

import archiver.domain.RefusalReason;
import archiver.domain.SourceType;
import java.net.URI;
import java.util.Optional;

/**
 * Everything between "a stranger typed a link" and "we know which downloader to run": guard,
 * router, normaliser, in that order. Pure and fast; {@link #checkAndResolve} is the only method
 * that uses DNS.
 */
public final class UrlIntake {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(UrlIntake.class);

  private final UrlGuard guard;
  private final SourceRouter router;
  private final UrlNormalizer normalizer;

  public UrlIntake(IntakeSettings settings, HostResolver resolver) {
    this.router = new SourceRouter(settings);
    this.guard = new UrlGuard(settings, router, resolver);
    this.normalizer = new UrlNormalizer();
  }

  /** The guard this intake uses, for connection-time checks of direct downloads and redirects. */
  public UrlGuard guard() {
    return guard;
  }

  /** Judges one link without any network access. */
  public IntakeResult check(String input) {
    return logged(judge(input, guard.check(input)));
  }

  /** At DEBUG, every verdict: why a user's link was refused is the first question asked. */
  private static IntakeResult logged(IntakeResult result) {
    if (LOG.isDebugEnabled()) {
      switch (result) {
        case IntakeResult.Accepted a ->
            LOG.debug("intake accepted {} as {} {}", a.input(), a.sourceType(), a.normalizedUrl());
        case IntakeResult.Playlist p ->
            LOG.debug("intake found playlist {} in {}", p.playlistId(), p.input());
        case IntakeResult.Refused r ->
            LOG.debug("intake refused {}: {} ({})", r.input(), r.reason(), r.detail());
      }
    }
    return result;
  }

  /** Like {@link #check}, then resolves the host and refuses it when any address is not public. */
  public IntakeResult checkAndResolve(String input) {
    GuardResult first = guard.check(input);
    if (first instanceof GuardResult.Accepted accepted) {
      return logged(judge(input, guard.checkResolved(accepted.uri())));
    }
    return logged(judge(input, first));
  }

  private IntakeResult judge(String input, GuardResult guarded) {
    return switch (guarded) {
      case GuardResult.Refused r -> new IntakeResult.Refused(input, r.reason(), r.detail());
      case GuardResult.Accepted a -> route(input, a.uri());
    };
  }

  private IntakeResult route(String input, URI uri) {
    Optional<SourceType> source = router.detect(uri);
    if (source.isEmpty()) {
      return new IntakeResult.Refused(
          input,
          RefusalReason.DOMAIN_NOT_ALLOWED,
          uri.getHost() + " is not a supported site and the link is not a media file");
    }
    return switch (normalizer.normalize(source.get(), uri)) {
      case Normalization.Refused r -> new IntakeResult.Refused(input, r.reason(), r.detail());
      case Normalization.Canonical c -> {
        // Given watch?v=X&list=Y, yt-dlp fetches the whole playlist unless told otherwise; the
        // canonical watch?v=X is exactly the one video that was accepted.
        URI fetch = source.get() == SourceType.YOUTUBE ? URI.create(c.url()) : uri;
        yield new IntakeResult.Accepted(
            input, source.get(), fetch, c.url(), c.mediaId(), c.playlistId());
      }
      case Normalization.Playlist p ->
          new IntakeResult.Playlist(input, source.get(), URI.create(p.url()), p.playlistId());
    };
  }
}
