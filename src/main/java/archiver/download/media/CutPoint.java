package archiver.download.media;

/**
 * A place where a file can be cut without encoding: a keyframe of its main stream (for audio, any
 * packet). Cutting there starts the next part with a picture a player can decode.
 *
 * @param frame the packet's number in its stream, counted from 0 in file order, as the segment
 *     muxer counts them for {@code -segment_frames}
 * @param seconds the packet's presentation time in the file
 * @param bytesBefore about how many bytes of the file come before this point (see {@link
 *     KeyframeIndex#cutPoints})
 */
record CutPoint(int frame, double seconds, long bytesBefore) {}
