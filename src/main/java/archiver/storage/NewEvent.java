package archiver.storage;

import archiver.domain.EventType;

/**
 * A job event to write inside another write's transaction, so a change and the events that describe
 * it are committed together (and one commit costs less than several).
 */
public record NewEvent(EventType type, String dataJson) {}
