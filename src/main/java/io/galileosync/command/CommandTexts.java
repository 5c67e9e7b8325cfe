package io.galileosync.command;

/**
 * The texts of the commands people send most (PROTOCOL.md §6, as Traccar and the original app's users send
 * them): the typed helpers of the API and the page's picks are these.
 */
final class CommandTexts {

    static final String STATUS = "status";
    static final String PHOTO = "Makephoto 1";
    /** The output word (tag 0x45) has 16 bits; trackers have 2 to 8 outputs, numbered from 0. */
    static final int MAX_OUTPUT = 15;

    private CommandTexts() {
    }

    /** @throws IllegalArgumentException for an output number outside 0-15 */
    static String output(int output, boolean on) {
        if (output < 0 || output > MAX_OUTPUT) {
            throw new IllegalArgumentException("output must be 0-" + MAX_OUTPUT + ", not " + output);
        }
        return "Out " + output + "," + (on ? 1 : 0);
    }
}
