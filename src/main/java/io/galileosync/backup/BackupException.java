package io.galileosync.backup;

/** A backup that could not be made, or not here ({@link #unsupported()}: the database is not the embedded H2). */
class BackupException extends RuntimeException {

    private final boolean unsupported;

    BackupException(String message, boolean unsupported) {
        super(message);
        this.unsupported = unsupported;
    }

    boolean unsupported() {
        return unsupported;
    }
}
