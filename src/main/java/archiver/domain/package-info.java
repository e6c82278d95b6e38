/**
 * The shared vocabulary of every layer: statuses, sources, error types, qualities, events. Plain
 * values without I/O; it depends on nothing else in the project.
 */
package archiver.domain;
