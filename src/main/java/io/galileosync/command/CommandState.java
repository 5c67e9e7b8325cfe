package io.galileosync.command;

import java.util.Locale;

/**
 * A command as the fold of its events ({@link CommandFold}): the same on every node that holds the same events.
 *
 * @param sends    sends so far (the highest attempt); 0 while never sent
 * @param sentAt   the latest send (the first of its attempt by time, then node id); null while never sent
 * @param sentBy   the node of that send
 * @param reply    the first reply to the command's number; null while none
 * @param endedAt  when it expired or failed; null otherwise
 * @param events   how many entries were folded (entries only ever add up, so more is newer)
 */
record CommandState(String id, String imei, long number, String text, State state, long createdAt,
                    String createdBy, long expiresAt, int maxSends, int sends, Long sentAt, String sentBy,
                    Reply reply, Long endedAt, int events) {

    enum State {
        /** Waits for the tracker (again, when a send went unanswered). */
        QUEUED,
        /** Written to the tracker; no reply yet. */
        SENT,
        REPLIED,
        /** Unanswered when its time ran out. */
        EXPIRED,
        /** Its last allowed send went unanswered. */
        FAILED;

        boolean isOpen() {
            return this == QUEUED || this == SENT;
        }

        String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        static State of(String code) {
            return valueOf(code.toUpperCase(Locale.ROOT));
        }
    }

    /** @param binary tag EB as hex, or null */
    record Reply(String text, String binary, long at, String by) {
    }

    /** A {@code Makephoto} command: the photos a tracker sends after it belong to it. */
    boolean asksForPhoto() {
        return text.regionMatches(true, 0, "makephoto", 0, "makephoto".length());
    }
}
