package archiver.storage;

/**
 * Whose lease a status change expects the job to be under (docs/ARCHITECTURE.md, "Processes and
 * leases"), checked in the same statement as the status: a worker whose lease was taken over cannot
 * complete or fail a job that another process now runs, and two processes taking over the same
 * expired lease cannot both recover it.
 */
public sealed interface OwnerCheck {

  /** The SQL condition (after {@code AND}), or empty; binds {@code :owner} when not empty. */
  String condition();

  /** Changes that do not belong to the job's worker: a user cancelling a waiting job. */
  record Any() implements OwnerCheck {
    @Override
    public String condition() {
      return "";
    }
  }

  /** The worker's own changes: the job is leased to {@code owner} (or to no one yet). */
  record HeldBy(String owner) implements OwnerCheck {
    @Override
    public String condition() {
      return "(owner IS NULL OR owner = :owner)";
    }
  }

  /**
   * Recovery of a job whose owner's lease expired: still leased to that {@code owner} (null for
   * none), so nobody took it over in between.
   */
  record LeftBy(String owner) implements OwnerCheck {
    @Override
    public String condition() {
      return "owner IS NOT DISTINCT FROM CAST(:owner AS TEXT)";
    }
  }

  default String owner() {
    return switch (this) {
      case Any any -> null;
      case HeldBy held -> held.owner();
      case LeftBy left -> left.owner();
    };
  }
}
