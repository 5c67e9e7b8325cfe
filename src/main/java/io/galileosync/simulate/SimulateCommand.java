package io.galileosync.simulate;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code java -jar galileo-sync.jar simulate ...}: a fleet of simulated trackers against a Galileosky server,
 * without starting this application (see {@link SimulatorOptions#USAGE}).
 */
public final class SimulateCommand {

    public static final String NAME = "simulate";
    public static final int ALL_ACKED = 0;
    public static final int NOT_ALL_ACKED = 1;
    public static final int BAD_ARGUMENTS = 2;

    private SimulateCommand() {
    }

    /** @return the exit code: {@link #ALL_ACKED}, {@link #NOT_ALL_ACKED} or {@link #BAD_ARGUMENTS} */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            out.println(SimulatorOptions.USAGE);
            return ALL_ACKED;
        }
        SimulatorOptions options;
        try {
            options = SimulatorOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("simulate: " + e.getMessage());
            err.println(SimulatorOptions.USAGE);
            return BAD_ARGUMENTS;
        }
        out.printf("simulating %d tracker(s) x %d records, %d per packet, against %s:%d%s%n", options.trackers(),
                options.records(), options.perPacket(), options.host(), options.port(),
                Double.isInfinite(options.rate()) ? "" : String.format(", at most %.0f records/s", options.rate()));
        try {
            SimulationReport report = new Simulator(options, out).run();
            out.println(report.format());
            return report.allAcked() ? ALL_ACKED : NOT_ALL_ACKED;
        } catch (IllegalArgumentException e) {
            err.println("simulate: " + e.getMessage());
            return BAD_ARGUMENTS;
        } catch (IOException e) {
            err.println("simulate: " + e);
            return NOT_ALL_ACKED;
        }
    }
}
