package archiver.web;

import archiver.core.operator.OperatorView;
import archiver.domain.ErrorType;
import archiver.domain.JobFilter;
import archiver.domain.JobStatus;
import archiver.domain.SourceType;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The HTML pages: the overview, the job list with its filters, one job with its timeline. */
final class Pages {

  static final int PAGE_SIZE = 50;

  /** A query parameter that is not what the page takes: answered 400 with its name. */
  static final class BadParameter extends RuntimeException {
    BadParameter(String message) {
      super(message);
    }
  }

  private final OperatorView view;
  private final Templates templates;

  Pages(OperatorView view, Templates templates) {
    this.view = view;
    this.templates = templates;
  }

  record OverviewPage(
      String title,
      List<Rows.StatusCount> statuses,
      List<Rows.JobRow> jobs,
      String queueMore,
      List<Rows.FailureRow> failures,
      String ytDlpVersion,
      String ytDlpAgeDays,
      boolean ytDlpTooOld,
      String ytDlpProblem,
      List<Rows.ProfileRow> profiles,
      boolean maintenance,
      String at) {}

  Response overview() {
    OperatorView.Overview o = view.overview();
    List<Rows.StatusCount> statuses = new ArrayList<>();
    o.jobsByStatus()
        .forEach(
            (s, n) ->
                statuses.add(
                    new Rows.StatusCount(s.name(), String.valueOf(n), "/jobs?status=" + s.name())));
    List<Rows.FailureRow> failures = new ArrayList<>();
    o.failuresLast24h().entrySet().stream()
        .sorted(Map.Entry.<ErrorType, Long>comparingByValue().reversed())
        .forEach(e -> failures.add(Rows.failure(e.getKey(), e.getValue())));
    OperatorView.YtDlp yt = o.ytDlp();
    return Response.html(
        200,
        templates.render(
            "overview",
            new OverviewPage(
                "media-archiver",
                statuses,
                Rows.jobs(o.queue()),
                o.queue().size() >= OperatorView.QUEUE_SHOWN ? "/jobs?status=PENDING" : null,
                failures,
                yt.version().orElse(null),
                yt.ageDays().map(String::valueOf).orElse(null),
                yt.tooOld(),
                yt.problem().orElse(null),
                o.authProfiles().stream().map(Rows::profile).toList(),
                o.maintenance(),
                Rows.time(o.at()))));
  }

  record JobsPage(
      String title,
      List<Rows.Option> statuses,
      List<Rows.Option> sources,
      List<Rows.Option> errors,
      List<Rows.JobRow> jobs,
      String older,
      String searched) {}

  Response jobs(Optional<String> rawQuery) {
    Map<String, String> q = parameters(rawQuery);
    JobStatus status = parse(JobStatus.class, q, "status");
    SourceType source = parse(SourceType.class, q, "source");
    ErrorType error = parse(ErrorType.class, q, "error");
    Optional<Long> before = number(q, "before");
    JobFilter filter =
        new JobFilter(
            Optional.ofNullable(status), Optional.ofNullable(source), Optional.ofNullable(error));
    OperatorView.JobList page = view.jobs(filter, before, PAGE_SIZE);
    String older =
        page.olderBeforeId()
            .map(id -> "/jobs?" + filterQuery(status, source, error) + "before=" + id)
            .orElse(null);
    String searched =
        page.searchedDownTo() > 1
            ? "searched jobs down to #"
                + page.searchedDownTo()
                + "; older ones are on the next page"
            : null;
    return Response.html(
        200,
        templates.render(
            "jobs",
            new JobsPage(
                "Jobs",
                Rows.options(JobStatus.values(), status),
                Rows.options(SourceType.values(), source),
                Rows.options(ErrorType.values(), error),
                Rows.jobs(page.jobs()),
                older,
                searched)));
  }

  record JobPage(
      String title,
      String id,
      String status,
      String statusClass,
      String label,
      List<Rows.Field> fields,
      List<Rows.EventRow> events,
      String eventCount,
      String more) {}

  Response job(long id, Optional<String> rawQuery) {
    long after = number(parameters(rawQuery), "after").orElse(0L);
    Optional<OperatorView.JobDetails> found = view.job(id, after);
    if (found.isEmpty()) {
      return notFound("no job #" + id);
    }
    OperatorView.JobDetails d = found.get();
    Rows.JobRow row = Rows.job(d.job());
    return Response.html(
        200,
        templates.render(
            "job",
            new JobPage(
                "Job #" + id,
                String.valueOf(id),
                row.status(),
                row.statusClass(),
                row.label(),
                Rows.fields(d.job()),
                d.events().stream().map(Rows::event).toList(),
                String.valueOf(d.events().size()),
                d.moreAfterEventId().map(e -> "/jobs/" + id + "?after=" + e).orElse(null))));
  }

  record MessagePage(String title, String message) {}

  Response notFound(String message) {
    return Response.html(404, templates.render("message", new MessagePage("Not found", message)));
  }

  Response badRequest(String message) {
    return Response.html(400, templates.render("message", new MessagePage("Bad request", message)));
  }

  private static String filterQuery(JobStatus status, SourceType source, ErrorType error) {
    StringBuilder b = new StringBuilder();
    if (status != null) {
      b.append("status=").append(status.name()).append('&');
    }
    if (source != null) {
      b.append("source=").append(source.name()).append('&');
    }
    if (error != null) {
      b.append("error=").append(error.name()).append('&');
    }
    return b.toString();
  }

  static Map<String, String> parameters(Optional<String> rawQuery) {
    Map<String, String> params = new LinkedHashMap<>();
    if (rawQuery.isEmpty()) {
      return params;
    }
    for (String pair : rawQuery.get().split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name =
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      params.putIfAbsent(name, value.strip());
    }
    return params;
  }

  private static <E extends Enum<E>> E parse(Class<E> type, Map<String, String> q, String name) {
    String value = q.getOrDefault(name, "");
    if (value.isEmpty()) {
      return null;
    }
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(value)) {
        return e;
      }
    }
    throw new BadParameter(name + ": no such value '" + value + "'");
  }

  private static Optional<Long> number(Map<String, String> q, String name) {
    String value = q.getOrDefault(name, "");
    if (value.isEmpty()) {
      return Optional.empty();
    }
    try {
      long n = Long.parseLong(value);
      if (n < 0) {
        throw new BadParameter(name + ": must not be negative");
      }
      return Optional.of(n);
    } catch (NumberFormatException e) {
      throw new BadParameter(name + ": not a number: '" + value + "'");
    }
  }
}
