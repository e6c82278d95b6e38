package archiver.domain;

/** Why intake refused a link. */
public enum RefusalReason {
  /** Not http(s), or plain http where only https is allowed. */
  BAD_SCHEME,
  /** The link carries user-info ({@code https://youtube.com@evil.example/}). */
  USERINFO,
  /** Longer than 2048 characters. */
  TOO_LONG,
  /** Not a well-formed URL: control characters, spaces, a broken host, port or IPv6 literal. */
  MALFORMED,
  /** The host is, or resolves to, a loopback/private/link-local/... address or a local name. */
  PRIVATE_ADDRESS,
  /** At connection time: the host name does not resolve. */
  UNRESOLVABLE,
  /** The site is not supported and the link is not a direct media file. */
  DOMAIN_NOT_ALLOWED,
  /** A supported site, but not a link to one video (a channel, a search, a home page). */
  UNSUPPORTED_LINK,
  /** A playlist-only link; a video link that also names a playlist is accepted as the video. */
  PLAYLIST_NOT_SUPPORTED
}
