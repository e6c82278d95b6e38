package archiver.download.http;

import archiver.domain.ErrorType;
import archiver.download.DownloadFailure;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Archive.org's metadata API ({@code <base>/metadata/<id>}): one GET through the guarded client,
 * the answer parsed into an {@link ArchiveItem}, every way it can fail turned into a {@link
 * DownloadFailure} here, so the downloader and the playlist reader read items alike.
 */
final class ArchiveMetadataApi {

  /** Large collections list tens of thousands of files; a bigger document is not read. */
  static final int MAX_METADATA_BYTES = 16 * 1024 * 1024;

  private final GuardedHttp http;
  private final String baseUrl;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * @param baseUrl without a trailing slash
   */
  ArchiveMetadataApi(GuardedHttp http, String baseUrl) {
    this.http = Objects.requireNonNull(http, "http");
    this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
  }

  /** The item, or why it cannot be had: unknown, dark, unreadable, or the request failed. */
  HttpResult<ArchiveItem> item(String id) throws InterruptedException {
    URI api = URI.create(baseUrl + "/metadata/" + RemoteNames.encodePathSegment(id));
    HttpResult<GuardedHttp.Body> answer = http.getBytes(api, MAX_METADATA_BYTES);
    if (answer instanceof HttpResult.Failed<GuardedHttp.Body> f) {
      return new HttpResult.Failed<>(f.failure());
    }
    GuardedHttp.Body body = ((HttpResult.Ok<GuardedHttp.Body>) answer).value();
    if (body.truncated()) {
      return failed(
          ErrorType.UNSUPPORTED_SOURCE,
          "the item's file list is larger than Archive.org answers in one piece");
    }
    JsonNode root;
    try {
      root = json.readTree(body.bytes());
    } catch (IOException e) {
      return failed(
          ErrorType.EXTRACTOR_ERROR, "failed to parse JSON from Archive.org's metadata API");
    }
    if (root == null || !root.isObject()) {
      return failed(
          ErrorType.EXTRACTOR_ERROR, "failed to parse JSON from Archive.org's metadata API");
    }
    if (root.hasNonNull("error")) {
      return failed(ErrorType.HTTP_ERROR, "Archive.org: " + root.path("error").asText());
    }
    Optional<ArchiveItem> parsed = ArchiveItem.parse(id, root);
    if (parsed.isEmpty()) {
      // An unknown identifier is answered with 200 and "{}".
      return new HttpResult.Failed<>(
          new DownloadFailure(
              ErrorType.HTTP_ERROR,
              "Archive.org has no item \"" + id + "\"",
              Optional.of(404),
              Optional.empty(),
              ""));
    }
    if (parsed.get().dark()) {
      return failed(
          ErrorType.CONTENT_UNAVAILABLE,
          "the Archive.org item \"" + id + "\" is no longer available");
    }
    return new HttpResult.Ok<>(parsed.get());
  }

  private static HttpResult<ArchiveItem> failed(ErrorType type, String message) {
    return new HttpResult.Failed<>(DownloadFailure.of(type, message));
  }
}
