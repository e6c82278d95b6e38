package archiver.download;

import archiver.domain.ErrorType;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a failure message from yt-dlp (2023 and current wording), ffmpeg, the JDK HTTP client or
 * Telegram into an {@link ErrorType} (docs/ARCHITECTURE.md, "Errors and retries"). Pure: no I/O, no
 * state.
 *
 * <p>The rules are tried in order and the first match wins, because one stderr often carries
 * several hints: a 429 is a rate limit whatever else is said; an event that has not started yet or
 * a private video is that, whatever warnings came before; a bot check or age gate is an auth
 * problem even when it came with "HTTP Error 403"; the site's own word that the video is gone
 * (removed, terminated, "Video unavailable") outranks any hint about yt-dlp, because updating it
 * would not bring the video back. Then a yt-dlp "please report this issue" or a failed
 * signature/n-challenge means yt-dlp must be updated, even when the visible result is "Requested
 * format is not available". Only then do plain HTTP statuses and network failures count, and an
 * extractor failure without update advice comes last.
 */
public final class ErrorClassifier {

  /** Where HTTP status codes appear: yt-dlp/urllib, ffmpeg, status lines, Java's URLConnection. */
  private static final List<Pattern> STATUS_PATTERNS =
      List.of(
          Pattern.compile("http error (\\d{3})\\b"),
          Pattern.compile("<httperror (\\d{3})\\b"),
          Pattern.compile("server returned (\\d{3})\\b"),
          Pattern.compile("\\bhttp/\\d(?:\\.\\d)? (\\d{3})\\b"),
          Pattern.compile("\\b(?:http )?status code:? ?(\\d{3})\\b"),
          Pattern.compile("\\bhttp status:? ?(\\d{3})\\b"),
          Pattern.compile("\\bresponse code:? ?(\\d{3})\\b"),
          Pattern.compile("\\bhttp (\\d{3})\\b"),
          // jsoup: "HTTP error fetching URL. Status=404, URL=[...]"
          Pattern.compile("http error fetching url\\. status=(\\d{3})\\b"));

  private static final Pattern RATE_LIMIT =
      words(
          "too many requests",
          "\\brate[- ]?limit",
          // YouTube's 2025 answer to too many requests from one IP; yt-dlp adds "rate-limited".
          "content isn't available, try again later");

  private static final Pattern AUTH =
      words(
          "sign in to confirm",
          "not a bot",
          "members-only",
          "members only",
          "channel's members",
          "join this channel",
          "confirm your age",
          "age-restricted",
          "age restricted",
          "inappropriate for some users",
          "login required",
          "log in to",
          "login to",
          "please log in",
          "you need to log in",
          "must be logged in",
          "registered users",
          "requires authentication",
          "(?<!proxy )authentication required",
          "--cookies",
          "cookies are no longer valid",
          "requires payment",
          "premium members",
          "\\bunauthorized\\b");

  private static final Pattern GEO =
      words(
          "available in your country",
          "blocked it in your country",
          "available from your location",
          // extractor/mtv.py: "This video is not available from your country."
          "available from your country",
          "not available in your region",
          "geo[- ]?restrict",
          "geo[- ]?block");

  private static final Pattern DRM = words("\\bdrm\\b", "widevine", "playready", "fairplay");

  private static final Pattern SIZE =
      words("max-filesize", "max_filesize", "larger than max", "file is too big", "too large");

  private static final Pattern UNSUPPORTED =
      words("unsupported url", "is not a valid url", "no suitable infoextractor");

  private static final Pattern UPDATE =
      words(
          "please report this issue",
          "yt-dlp -u\\b",
          "nsig extraction failed",
          "unable to extract nsig",
          "n challenge solving failed",
          "signature solving failed",
          "signature extraction failed",
          "unable to decrypt signature",
          "no supported javascript runtime",
          "the page needs to be reloaded");

  private static final Pattern FORMAT =
      words(
          "requested format is not available",
          "requested format not available",
          "no video formats found",
          "no formats found",
          "only images are available",
          "matches no streams",
          "does not contain any stream",
          // ffmpeg's answer to an HTML error page saved under a media name: nothing playable.
          "invalid data found when processing input");

  /**
   * An upcoming live event or premiere. YouTube's playability reasons, passed on as they are by
   * yt-dlp's extractor/youtube.py; extractor/twitter.py "Twitter Space not started yet";
   * extractor/rcti.py "This event has not started yet." / "This event will start at ...".
   */
  private static final Pattern NOT_YET_LIVE =
      words(
          "this live event will begin",
          "\\bpremieres in\\b",
          "premiere will begin",
          "not started yet",
          "this event will start at");

  /**
   * A private video: YouTube's "Private video. Sign in if you've been granted access to this video"
   * (yt-dlp appends its cookie advice since 2024), extractor/tiktok.py and triller.py "This video
   * is private". Sent to PROTECTED_CONTENT, not AUTH_ERROR: only the owner's share opens it, no
   * cookie profile of the bot has that, and an AUTH_ERROR would walk every profile and count a
   * failure against each (docs/ARCHITECTURE.md, "Auth profiles"). Members-only stays an auth error:
   * cookies of a member's account do open it.
   */
  private static final Pattern PRIVATE = words("\\bprivate video\\b", "\\bvideo is private\\b");

  /**
   * The site says the media is gone or blocked for everyone. YouTube's reasons all start "Video
   * unavailable" (subreasons: "removed by the uploader", "account ... has been terminated",
   * "blocked it on copyright grounds"); the rest are yt-dlp extractors' own words: "Video %s does
   * not exist" (motherless.py, twitch.py, xfileshare.py), "The video is no longer available"
   * (rtve.py, teamcoco.py), "Video %s has been removed" (veehd.py), "Video was deleted" (likee.py),
   * "This content is currently unavailable" (tubitv.py). Tried after GEO_BLOCK, so "blocked it in
   * your country on copyright grounds" stays a geo block.
   */
  private static final Pattern UNAVAILABLE =
      words(
          "video unavailable",
          "video is unavailable",
          "video isn't available",
          // YouTube's bare reason (a test of extractor/youtube.py skips with it); not "... on this
          // app"
          "this video is not available\\.",
          "no longer available",
          "has been removed",
          "been terminated",
          "\\bvideo (?:\\S+ )?does not exist",
          "\\bvideo (?:was|has been) deleted",
          "on copyright grounds",
          "content is currently unavailable");

  /**
   * ffmpeg's "Server returned 4XX Client Error" / "5XX Server Error reply": a status class only.
   */
  private static final Pattern STATUS_CLASS = words("server returned [45]xx");

  private static final Pattern NETWORK =
      words(
          "name or service not known",
          "nodename nor servname",
          "temporary failure in name resolution",
          "no address associated with hostname",
          "getaddrinfo failed",
          "failed to resolve",
          "unknownhostexception",
          "unresolvedaddressexception",
          "connection refused",
          "connectexception",
          "connection reset",
          "connection aborted",
          "connection closed",
          "remote end closed connection",
          "remotedisconnected",
          "incompleteread",
          "broken pipe",
          "network is unreachable",
          "no route to host",
          "unable to connect",
          "failed to connect",
          "timed out",
          "timeout",
          "header parser received no bytes",
          "eof reached while reading",
          "unexpected eof",
          "eof occurred in violation of protocol",
          "did not get any data blocks",
          // yt-dlp's HTTP downloader when the body ends early: "524288 bytes read, 3145728 more
          // expected"
          "more expected",
          "fixed content-length",
          "transporterror",
          "urlopen error",
          "sslhandshakeexception",
          "sslexception",
          "\\[ssl",
          "certificate verify failed");

  private static final Pattern EXTRACTOR =
      words(
          "unable to extract",
          "failed to extract",
          "extractorerror",
          "failed to parse json",
          "unable to parse",
          "no video could be found");

  private static final Pattern PARSER = words("jsoup", "html pars", "no media link found");

  private ErrorClassifier() {}

  /** The error type a failure message stands for; {@link ErrorType#UNKNOWN} when none fits. */
  public static ErrorType classify(String message) {
    if (message == null || message.isBlank()) {
      return ErrorType.UNKNOWN;
    }
    String text = canonical(message);
    int status = httpStatus(message).orElse(0);
    if (status == 429 || RATE_LIMIT.matcher(text).find()) {
      return ErrorType.RATE_LIMIT;
    }
    if (NOT_YET_LIVE.matcher(text).find()) {
      return ErrorType.NOT_YET_LIVE;
    }
    if (PRIVATE.matcher(text).find()) {
      return ErrorType.PROTECTED_CONTENT;
    }
    if (status == 401 || AUTH.matcher(text).find()) {
      return ErrorType.AUTH_ERROR;
    }
    if (status == 451 || GEO.matcher(text).find()) {
      return ErrorType.GEO_BLOCK;
    }
    if (DRM.matcher(text).find()) {
      return ErrorType.PROTECTED_CONTENT;
    }
    if (status == 413 || SIZE.matcher(text).find()) {
      return ErrorType.SIZE_LIMIT;
    }
    if (UNSUPPORTED.matcher(text).find()) {
      return ErrorType.UNSUPPORTED_SOURCE;
    }
    if (UNAVAILABLE.matcher(text).find()) {
      return ErrorType.CONTENT_UNAVAILABLE;
    }
    if (UPDATE.matcher(text).find()) {
      return ErrorType.EXTRACTOR_UPDATE_REQUIRED;
    }
    if (FORMAT.matcher(text).find()) {
      return ErrorType.FORMAT_NOT_FOUND;
    }
    if (status != 0 || STATUS_CLASS.matcher(text).find()) {
      return ErrorType.HTTP_ERROR;
    }
    if (NETWORK.matcher(text).find()) {
      return ErrorType.NETWORK_ERROR;
    }
    if (EXTRACTOR.matcher(text).find()) {
      return ErrorType.EXTRACTOR_ERROR;
    }
    if (PARSER.matcher(text).find()) {
      return ErrorType.PARSER_ERROR;
    }
    return ErrorType.UNKNOWN;
  }

  /** The HTTP status code (100-599) a failure message names, if any. */
  public static OptionalInt httpStatus(String message) {
    if (message == null) {
      return OptionalInt.empty();
    }
    String text = message.toLowerCase(Locale.ROOT);
    for (Pattern p : STATUS_PATTERNS) {
      Matcher m = p.matcher(text);
      while (m.find()) {
        int code = Integer.parseInt(m.group(1));
        if (code >= 100 && code <= 599) {
          return OptionalInt.of(code);
        }
      }
    }
    return OptionalInt.empty();
  }

  /**
   * Lower case with one apostrophe: YouTube writes "you’re" and "channel’s" with U+2019, and a
   * Windows code page turns it into U+FFFD on the way through stderr.
   */
  private static String canonical(String message) {
    return message
        .toLowerCase(Locale.ROOT)
        .replace('\u2019', '\'')
        .replace('\u2018', '\'')
        .replace('\uFFFD', '\'');
  }

  private static Pattern words(String... alternatives) {
    return Pattern.compile(String.join("|", alternatives));
  }
}
