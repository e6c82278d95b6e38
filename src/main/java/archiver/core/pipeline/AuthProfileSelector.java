package archiver.core.pipeline;

import archiver.config.AppConfig;
import archiver.domain.AuthProfileState;
import archiver.domain.AuthProfileStatus;
import archiver.domain.SourceType;
import archiver.storage.AuthProfileRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the cookie profiles to try for a source, in order (docs/ARCHITECTURE.md, "Auth
 * profiles"): the primary, then its fallbacks; DISABLED and DEGRADED profiles and missing cookie
 * files are skipped. With nothing left the download is tried without cookies. Keeps each profile's
 * health in the database.
 */
public final class AuthProfileSelector {

  /** Consecutive auth failures after which a profile is DEGRADED and skipped. */
  public static final int DEGRADE_AFTER = 3;

  private static final Logger log = LoggerFactory.getLogger(AuthProfileSelector.class);

  /** One way to try a download: a profile and its cookie file, or anonymous (both empty). */
  public record Candidate(Optional<String> profileId, Optional<Path> cookieFile) {
    static Candidate anonymous() {
      return new Candidate(Optional.empty(), Optional.empty());
    }
  }

  private final List<AppConfig.AuthProfile> profiles;
  private final AuthProfileRepository repository;
  private final Clock clock;

  public AuthProfileSelector(
      List<AppConfig.AuthProfile> profiles, AuthProfileRepository repository, Clock clock) {
    this.profiles = List.copyOf(profiles);
    this.repository = repository;
    this.clock = clock;
    for (AppConfig.AuthProfile p : profiles) {
      repository.ensure(
          p.id(),
          p.source(),
          p.cookieFile() == null ? null : p.cookieFile().toString(),
          clock.instant());
    }
  }

  public List<Candidate> candidatesFor(SourceType source) {
    List<Candidate> result = new ArrayList<>();
    for (AppConfig.AuthProfile p : chainFor(source)) {
      Optional<AuthProfileState> state = repository.find(p.id());
      AuthProfileStatus status =
          state.map(AuthProfileState::status).orElse(AuthProfileStatus.ACTIVE);
      if (status != AuthProfileStatus.ACTIVE) {
        log.debug("auth profile {} skipped: {}", p.id(), status);
        continue;
      }
      if (p.cookieFile() != null && !Files.isReadable(p.cookieFile())) {
        log.warn(
            "auth profile {} skipped: cookie file {} is missing or unreadable",
            p.id(),
            p.cookieFile());
        continue;
      }
      result.add(new Candidate(Optional.of(p.id()), Optional.ofNullable(p.cookieFile())));
    }
    if (result.isEmpty()) {
      result.add(Candidate.anonymous());
    }
    return result;
  }

  public void recordSuccess(Candidate candidate) {
    candidate.profileId().ifPresent(id -> repository.recordSuccess(id, clock.instant()));
  }

  /** Returns true when this failure degraded the profile. */
  public boolean recordAuthFailure(Candidate candidate) {
    // A guest profile (no cookies) meeting a sign-in wall says the video needs an account, not
    // that the profile is worn out: it stays first for the public videos that follow.
    if (candidate.profileId().isEmpty() || candidate.cookieFile().isEmpty()) {
      return false;
    }
    String id = candidate.profileId().get();
    Optional<AuthProfileState> after =
        repository.recordAuthFailure(id, DEGRADE_AFTER, clock.instant());
    boolean degraded =
        after
            .map(
                s ->
                    s.status() == AuthProfileStatus.DEGRADED
                        && s.failureCountRecent() == DEGRADE_AFTER)
            .orElse(false);
    if (degraded) {
      log.warn(
          "auth profile {} is DEGRADED after {} auth failures in a row; it is skipped until an admin"
              + " resets it or its cookies are refreshed",
          id,
          DEGRADE_AFTER);
    }
    return degraded;
  }

  /** The primary profile of the source (the first that is nobody's fallback), then fallbacks. */
  private List<AppConfig.AuthProfile> chainFor(SourceType source) {
    List<AppConfig.AuthProfile> ofSource = new ArrayList<>();
    Set<String> fallbackIds = new LinkedHashSet<>();
    for (AppConfig.AuthProfile p : profiles) {
      if (p.source() == source) {
        ofSource.add(p);
        fallbackIds.addAll(p.fallbacks());
      }
    }
    if (ofSource.isEmpty()) {
      return List.of();
    }
    AppConfig.AuthProfile primary =
        ofSource.stream()
            .filter(p -> !fallbackIds.contains(p.id()))
            .findFirst()
            .orElse(ofSource.get(0));
    List<AppConfig.AuthProfile> chain = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    addWithFallbacks(primary, ofSource, chain, seen);
    return chain;
  }

  private static void addWithFallbacks(
      AppConfig.AuthProfile p,
      List<AppConfig.AuthProfile> ofSource,
      List<AppConfig.AuthProfile> chain,
      Set<String> seen) {
    if (!seen.add(p.id())) {
      return;
    }
    chain.add(p);
    for (String next : p.fallbacks()) {
      ofSource.stream()
          .filter(q -> q.id().equals(next))
          .findFirst()
          .ifPresent(q -> addWithFallbacks(q, ofSource, chain, seen));
    }
  }
}
