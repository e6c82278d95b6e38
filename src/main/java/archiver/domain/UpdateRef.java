package archiver.domain;

/**
 * One effect of one Telegram update: {@code part} numbers the replies and jobs an update leads to,
 * in the order they happen, so a replayed update is recognised effect by effect.
 */
public record UpdateRef(long updateId, int part, long chatId) {}
