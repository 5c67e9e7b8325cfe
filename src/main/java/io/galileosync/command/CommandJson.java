package io.galileosync.command;

import io.galileosync.command.CommandEventTable.PhotoInfo;
import io.galileosync.command.CommandQueue.CommandView;
import io.galileosync.command.CommandQueue.ReplyView;
import io.galileosync.config.ApiParams;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A command as the API shows it. Node ids name the nodes; times are ISO-8601 instants (UTC). */
record CommandJson(
        String id,
        String imei,
        @Schema(description = "the command number (tag E0), unique across the team; the reply echoes it") long number,
        String text,
        @Schema(description = "queued, sent, replied, expired or failed", allowableValues = {"queued", "sent",
                "replied", "expired", "failed"}) String state,
        String createdAt,
        @Schema(description = "the node it was queued on") String createdBy,
        String expiresAt,
        int maxSends,
        @Schema(description = "sends so far; a queued command with sends > 0 waits to be sent again") int sends,
        @Schema(description = "the latest send (when two nodes sent it, the first)") String sentAt,
        @Schema(description = "the node of that send") String sentBy,
        @Schema(description = "the tracker's reply; null while none") Reply reply,
        @Schema(description = "when it expired or failed") String endedAt,
        @Schema(description = "photos the tracker sent after this photo command") List<Photo> photos) {

    record Reply(String text, @Schema(description = "tag EB as hex") String binary, String receivedAt,
                 @Schema(description = "the node that received it") String receivedBy) {
    }

    @Schema(name = "CommandPhoto")
    record Photo(@Schema(description = "the JPEG") String url, int bytes, String receivedAt,
                 @Schema(description = "the node that received it") String receivedBy) {
    }

    /** A reply from a tracker, with the command it answers: null when none has its number (sent elsewhere). */
    record TrackerReply(String imei, long number, String text, String binary, String receivedAt, String receivedBy,
                        String commandId) {

        static TrackerReply from(ReplyView view) {
            CommandEvent r = view.reply().event();
            return new TrackerReply(r.imei(), r.number(), r.text(), r.binary(), ApiParams.iso(r.at()),
                    view.reply().origin(), view.commandId());
        }
    }

    static CommandJson from(CommandView view) {
        CommandState c = view.command();
        CommandState.Reply r = c.reply();
        return new CommandJson(c.id(), c.imei(), c.number(), c.text(), c.state().code(), ApiParams.iso(c.createdAt()),
                c.createdBy(), ApiParams.iso(c.expiresAt()), c.maxSends(), c.sends(), ApiParams.isoOrNull(c.sentAt()),
                c.sentBy(), r == null ? null : new Reply(r.text(), r.binary(), ApiParams.iso(r.at()), r.by()),
                ApiParams.isoOrNull(c.endedAt()), view.photos().stream().map(CommandJson::photo).toList());
    }

    private static Photo photo(PhotoInfo p) {
        return new Photo("/api/photos/" + p.origin() + "/" + p.seq(), p.bytes(), ApiParams.iso(p.at()), p.origin());
    }
}
