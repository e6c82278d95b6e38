package archiver.bot;

import archiver.bot.ChatCommand.Invocation;
import archiver.bot.ChatCommand.Listing;
import archiver.core.rename.RenameRequest;
import archiver.core.rename.RenameResult;
import archiver.core.rename.RenameService;
import java.util.Optional;
import java.util.Set;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;

/**
 * {@code /rename} (docs/ARCHITECTURE.md, "Renaming"): replied to a media message the bot sent,
 * {@code /rename New title}; otherwise {@code /rename JOB_ID New title}. {@link RenameService}
 * decides; this class reads the command and words the answer.
 */
final class RenameCommand {

  private final BotApi api;
  private final Messages messages;
  private final RenameService renames;
  private final Set<Long> admins;

  RenameCommand(BotApi api, Messages messages, RenameService renames, Set<Long> admins) {
    this.api = api;
    this.messages = messages;
    this.renames = renames;
    this.admins = Set.copyOf(admins);
  }

  ChatCommand command() {
    return ChatCommand.everyone("rename", Listing.HELP, this::run);
  }

  private void run(Invocation call) throws TelegramApiException, InterruptedException {
    Message replied = call.message().getReplyToMessage();
    Optional<RenameRequest> request =
        request(
            call.command().args(),
            replied == null ? Optional.empty() : Optional.of(replied.getMessageId()),
            call.chatId(),
            call.userId(),
            admins.contains(call.userId()));
    if (request.isEmpty()) {
      reply(call.chatId(), messages.text(call.lang(), "cmd.rename_usage"));
      return;
    }
    String text =
        switch (renames.rename(request.get())) {
          case RenameResult.Renamed done when done.fileNames().size() == 1 ->
              messages.text(call.lang(), "cmd.rename_done", done.fileNames().getFirst());
          case RenameResult.Renamed done ->
              messages.text(
                  call.lang(),
                  "cmd.rename_done_parts",
                  done.fileNames().getFirst(),
                  Integer.toString(done.fileNames().size() - 1));
          case RenameResult.Refused refused
              when refused.reason() == RenameResult.Reason.TITLE_TOO_LONG ->
              messages.text(
                  call.lang(),
                  "cmd.rename_refused.TITLE_TOO_LONG",
                  Integer.toString(RenameService.MAX_TITLE_CHARS));
          case RenameResult.Refused refused ->
              messages.text(call.lang(), "cmd.rename_refused." + refused.reason().name());
        };
    reply(call.chatId(), text);
  }

  /**
   * What the command asks: the replied message's job when it replies to one (the whole text is the
   * title, even one that starts with a number, as "1984" does), else the job whose id comes first.
   * Empty when there is no title or no job.
   */
  static Optional<RenameRequest> request(
      String args, Optional<Integer> repliedTo, long chatId, long userId, boolean admin) {
    String text = args == null ? "" : args.strip();
    if (repliedTo.isPresent()) {
      if (text.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(
          new RenameRequest(
              chatId, new RenameRequest.Target.Reply(repliedTo.get()), text, userId, admin));
    }
    String[] idAndTitle = text.split("\\s+", 2);
    if (idAndTitle.length < 2 || !idAndTitle[0].matches("[0-9]{1,18}")) {
      return Optional.empty();
    }
    return Optional.of(
        new RenameRequest(
            chatId,
            new RenameRequest.Target.JobId(Long.parseLong(idAndTitle[0])),
            idAndTitle[1],
            userId,
            admin));
  }

  private void reply(long chatId, String text) throws TelegramApiException, InterruptedException {
    api.call(chatId, SendMessage.builder().chatId(chatId).text(text).build());
  }
}
