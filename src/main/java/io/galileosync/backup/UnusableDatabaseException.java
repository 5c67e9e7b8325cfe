package io.galileosync.backup;

import org.springframework.boot.ExitCodeGenerator;

/**
 * The node's database cannot be used as it is (damaged, missing while backups of it exist, in use): the start
 * stops with what is wrong and what to do ({@link UnusableDatabaseFailureAnalyzer}), and exit status 2.
 */
class UnusableDatabaseException extends RuntimeException implements ExitCodeGenerator {

    static final int EXIT_CODE = 2;

    private final String action;

    UnusableDatabaseException(String description, String action, Throwable cause) {
        super(description, cause);
        this.action = action;
    }

    String action() {
        return action;
    }

    @Override
    public int getExitCode() {
        return EXIT_CODE;
    }
}
