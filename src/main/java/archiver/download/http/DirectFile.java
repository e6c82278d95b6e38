package archiver.download.http;

import archiver.download.Metadata;
import archiver.download.http.MediaTypes.Kind;
import java.net.URI;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One remote media file as a HEAD (or a first-byte GET) described it.
 *
 * @param uri the URL to download, as given (redirects are followed, and guarded, again)
 * @param sizeBytes the size the server announced
 * @param contentType the base Content-Type ("audio/mpeg"), "" when the server sent none
 * @param fileName the server's or the URL's file name
 * @param extension the file extension to save it with, "" when nothing tells
 */
record DirectFile(
    URI uri, OptionalLong sizeBytes, String contentType, String fileName, String extension)
    implements Metadata.SourceData {

  /** What the file holds, by Content-Type, else (for octet-stream and no type) by extension. */
  Optional<Kind> kind() {
    Optional<Kind> byType = MediaTypes.kindOfType(contentType);
    if (byType.isPresent()) {
      return byType;
    }
    if (contentType.isEmpty() || MediaTypes.isGenericBinary(contentType)) {
      return MediaTypes.kindOfExtension(extension);
    }
    return Optional.empty();
  }

  static DirectFile of(URI uri, GuardedHttp.ResponseInfo info) {
    String type = MediaTypes.baseType(info.contentType().orElse(null));
    String name =
        info.fileName()
            .or(() -> RemoteNames.fileNameOf(info.uri()))
            .or(() -> RemoteNames.fileNameOf(uri))
            .orElse("media");
    String extension = RemoteNames.extensionOf(name);
    if (!MediaTypes.isMediaExtension(extension)) {
      // "download.php?id=7" or a name without extension: the type is the better guide.
      extension = MediaTypes.extensionForType(type).orElse(extension);
    }
    return new DirectFile(uri, info.sizeBytes(), type, name, extension);
  }
}
