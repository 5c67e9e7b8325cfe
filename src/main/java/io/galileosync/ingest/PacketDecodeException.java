package io.galileosync.ingest;

/**
 * The payload cannot be decoded. The message names what failed and where (offsets count from the start of the
 * byte array handed to the decoder). A cause is set only when the decoder itself hit an unexpected error.
 */
public class PacketDecodeException extends Exception {

    public PacketDecodeException(String message) {
        super(message);
    }

    public PacketDecodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
