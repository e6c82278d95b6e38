/**
 * ffprobe and ffmpeg: what a downloaded file contains ({@link archiver.download.media.Ffprobe}),
 * turning it into media Telegram plays inline ({@link archiver.download.media.PostProcessor}),
 * making what is over the upload limit fit, by encoding audio again at a lower bitrate ({@link
 * archiver.download.media.AudioFitter}) or by cutting it into parts without encoding ({@link
 * archiver.download.media.Splitter}), and checking the result before it is sent ({@link
 * archiver.download.media.OutputValidator}). Every tool runs through a {@link
 * archiver.download.process.ProcessRunner}.
 */
package archiver.download.media;
