package archiver.bot;

import archiver.bot.Messages.Language;
import archiver.core.admin.AdminService;
import archiver.domain.AuthProfileState;
import archiver.domain.Job;
import archiver.domain.JobEvent;
import archiver.domain.JobStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;

/**
 * The admin commands (docs/ARCHITECTURE.md, "Admin commands"): what each does, and the words for
 * what {@link AdminService} returns. The {@link CommandRegistry} refuses them to everyone else and
 * logs the attempt.
 */
final class AdminCommands {

  private final BotApi api;
  private final Messages messages;
  private final AdminService admin;

  AdminCommands(BotApi api, Messages messages, AdminService admin) {
    this.api = api;
    this.messages = messages;
    this.admin = admin;
  }

  /** One command object each; the registry refuses them to anyone not an admin. */
  List<ChatCommand> commands() {
    return List.of(
        ChatCommand.admins("health", call -> reply(call.chatId(), health(call.lang()))),
        ChatCommand.admins("queue", call -> reply(call.chatId(), queue(call.lang()))),
        ChatCommand.admins(
            "job", call -> withJobId(call, id -> reply(call.chatId(), job(call.lang(), id)))),
        ChatCommand.admins("cancel", this::cancel),
        ChatCommand.admins(
            "debug_on",
            call ->
                withJobId(
                    call,
                    id -> {
                      admin.debugOn(id);
                      reply(call.chatId(), messages.text(call.lang(), "admin.debug_on", id));
                    })),
        ChatCommand.admins(
            "debug_off",
            call ->
                withJobId(
                    call,
                    id -> {
                      admin.debugOff(id);
                      reply(call.chatId(), messages.text(call.lang(), "admin.debug_off", id));
                    })),
        ChatCommand.admins("maintenance_on", call -> maintenance(call, true)),
        ChatCommand.admins("maintenance_off", call -> maintenance(call, false)),
        ChatCommand.admins("auth", this::auth),
        ChatCommand.admins("update_ytdlp", this::updateYtDlp),
        ChatCommand.admins("uncache", this::uncache));
  }

  private void cancel(ChatCommand.Invocation call)
      throws TelegramApiException, InterruptedException {
    withJobId(
        call,
        id -> {
          String key =
              switch (admin.cancel(id, call.userId())) {
                case CANCELLED -> "admin.cancel_done";
                case ALREADY_FINISHED -> "admin.cancel_finished";
                case NO_SUCH_JOB -> "admin.job.not_found";
              };
          reply(call.chatId(), messages.text(call.lang(), key, id));
        });
  }

  private void maintenance(ChatCommand.Invocation call, boolean on)
      throws TelegramApiException, InterruptedException {
    admin.setMaintenance(on);
    reply(
        call.chatId(),
        messages.text(call.lang(), on ? "admin.maintenance_on" : "admin.maintenance_off"));
  }

  private void updateYtDlp(ChatCommand.Invocation call)
      throws TelegramApiException, InterruptedException {
    // The outcome reaches every admin as an alert, as the nightly update's does.
    boolean started = admin.updateYtDlp(call.userId());
    reply(
        call.chatId(),
        started
            ? messages.text(call.lang(), "admin.update.running")
            : messages.text(call.lang(), "admin.update.skipped", "an update is already under way"));
  }

  private void uncache(ChatCommand.Invocation call)
      throws TelegramApiException, InterruptedException {
    String link = call.command().args();
    Optional<Integer> cleared = link.isBlank() ? Optional.empty() : admin.uncache(link);
    if (cleared.isEmpty()) {
      reply(call.chatId(), messages.text(call.lang(), "cmd.video_usage"));
    } else {
      reply(
          call.chatId(),
          messages.text(
              call.lang(), cleared.get() > 0 ? "admin.uncache_done" : "admin.uncache_none", link));
    }
  }

  private interface JobAction {
    void run(long id) throws TelegramApiException, InterruptedException;
  }

  private void withJobId(ChatCommand.Invocation call, JobAction action)
      throws TelegramApiException, InterruptedException {
    Command c = call.command();
    try {
      action.run(Long.parseLong(c.args().strip().replaceFirst("^#", "")));
    } catch (NumberFormatException e) {
      reply(
          call.chatId(), messages.text(call.lang(), "admin.usage_job_id", "/" + c.name() + " 42"));
    }
  }

  private String health(Language lang) {
    AdminService.Health h = admin.health();
    List<String> lines = new ArrayList<>();
    lines.add(messages.text(lang, "admin.health.title"));
    lines.add(messages.text(lang, "admin.health.jobs", statusCounts(lang, h.jobsByStatus())));
    lines.add(messages.text(lang, "admin.health.running", counts(h.runningBySource(), lang)));
    lines.add(messages.text(lang, "admin.health.errors", counts(h.failuresLast24h(), lang)));
    lines.add(
        messages.text(
            lang,
            "admin.health.disk",
            h.diskFreeBytes() < 0 ? "?" : Messages.formatBytes(h.diskFreeBytes())));
    lines.add(
        messages.text(
            lang,
            "admin.health.upload_limit",
            Messages.formatBytes(h.uploadLimitBytes()),
            messages.text(lang, "admin.health.upload_limit." + h.uploadLimitSource().name())));
    if (h.ytDlpVersion().isPresent()) {
      lines.add(
          messages.text(
              lang,
              "admin.health.ytdlp",
              h.ytDlpVersion().get(),
              h.ytDlpAgeDays().map(String::valueOf).orElse("?")));
    } else {
      lines.add(messages.text(lang, "admin.health.ytdlp_missing"));
    }
    List<String> profiles = new ArrayList<>();
    for (AuthProfileState p : h.authProfiles()) {
      profiles.add(p.id() + " " + profileStatus(lang, p, h.missingCookieFiles()));
    }
    lines.add(
        messages.text(
            lang,
            "admin.health.auth",
            profiles.isEmpty()
                ? messages.text(lang, "admin.health.none")
                : String.join(", ", profiles)));
    if (h.maintenance()) {
      lines.add(messages.text(lang, "admin.maintenance_on"));
    }
    return String.join("\n", lines);
  }

  private String statusCounts(Language lang, Map<JobStatus, Long> counts) {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<JobStatus, Long> e : counts.entrySet()) {
      parts.add(messages.text(lang, Messages.jobStatusKey(e.getKey())) + " " + e.getValue());
    }
    return String.join(", ", parts);
  }

  private String counts(Map<?, Long> counts, Language lang) {
    if (counts.isEmpty()) {
      return messages.text(lang, "admin.health.none");
    }
    List<String> parts = new ArrayList<>();
    for (Map.Entry<?, Long> e : counts.entrySet()) {
      parts.add(e.getKey() + " " + e.getValue());
    }
    return String.join(", ", parts);
  }

  private String queue(Language lang) {
    List<Job> active = admin.queue(30);
    if (active.isEmpty()) {
      return messages.text(lang, "admin.queue.empty");
    }
    long running = active.stream().filter(j -> j.status() == JobStatus.RUNNING).count();
    List<String> lines = new ArrayList<>();
    lines.add(messages.text(lang, "admin.queue.title", active.size() - running, running));
    for (Job j : active) {
      lines.add(
          messages.text(
              lang,
              "admin.queue.item",
              j.id(),
              j.jobType(),
              j.sourceType(),
              messages.text(lang, Messages.jobStatusKey(j.status()))));
    }
    return String.join("\n", lines);
  }

  private String job(Language lang, long id) {
    Optional<AdminService.JobDetails> found = admin.job(id, 8);
    if (found.isEmpty()) {
      return messages.text(lang, "admin.job.not_found", id);
    }
    Job j = found.get().job();
    List<String> lines = new ArrayList<>();
    lines.add(messages.text(lang, "admin.job.title", j.id()));
    lines.add(
        messages.text(
            lang, "admin.job.status", messages.text(lang, Messages.jobStatusKey(j.status()))));
    lines.add(
        messages.text(
            lang,
            "admin.job.source",
            j.sourceType() + " · " + j.jobType() + " · " + j.requestedQuality()));
    lines.add(messages.text(lang, "admin.job.link", j.url()));
    if (j.errorType() != null) {
      lines.add(
          messages.text(
              lang,
              "admin.job.error",
              j.errorType() + ": " + (j.errorMessage() == null ? "" : j.errorMessage())));
    }
    lines.add(messages.text(lang, "admin.job.events"));
    for (JobEvent e : found.get().lastEvents()) {
      String data = e.data().length() > 160 ? e.data().substring(0, 160) + "…" : e.data();
      lines.add(e.createdAt().toString().substring(11, 19) + " " + e.type() + " " + data);
    }
    return String.join("\n", lines);
  }

  private void auth(ChatCommand.Invocation call) throws TelegramApiException, InterruptedException {
    Command c = call.command();
    long chatId = call.chatId();
    Language lang = call.lang();
    String[] args = c.args().isBlank() ? new String[0] : c.args().strip().split("\\s+");
    if (args.length == 2 && args[0].equalsIgnoreCase("reset")) {
      boolean done = admin.resetAuthProfile(args[1]);
      reply(
          chatId,
          messages.text(lang, done ? "admin.auth.reset_done" : "admin.auth.not_found", args[1]));
      return;
    }
    List<String> lines = new ArrayList<>();
    lines.add(messages.text(lang, "admin.auth.title"));
    AdminService.Health h = admin.health();
    for (AuthProfileState p : h.authProfiles()) {
      lines.add(
          messages.text(
              lang,
              "admin.auth.profile",
              p.id(),
              p.sourceType(),
              profileStatus(lang, p, h.missingCookieFiles())));
    }
    lines.add(messages.text(lang, "admin.auth.usage", "/auth reset yt_main"));
    lines.add(messages.text(lang, "admin.cookies.usage", "/cookies yt_main"));
    reply(chatId, String.join("\n", lines));
  }

  /**
   * Its stored status, unless its cookie file is missing: then it is skipped, whatever that says.
   */
  private String profileStatus(
      Language lang, AuthProfileState p, Map<String, java.nio.file.Path> missingCookieFiles) {
    java.nio.file.Path missing = missingCookieFiles.get(p.id());
    return missing == null
        ? messages.text(lang, Messages.authStatusKey(p.status()))
        : messages.text(lang, "admin.auth.cookie_file_missing", missing);
  }

  private void reply(long chatId, String text) throws TelegramApiException, InterruptedException {
    // Telegram refuses messages over 4096 characters.
    String body = text.length() > 4000 ? text.substring(0, 4000) + "…" : text;
    api.call(chatId, SendMessage.builder().chatId(chatId).text(body).build());
  }
}
