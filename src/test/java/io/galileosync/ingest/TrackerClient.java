package io.galileosync.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;

/** A fake tracker over a real TCP socket: sends bytes as given (split where asked) and reads ACKs and commands. */
public final class TrackerClient implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    public TrackerClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        out = socket.getOutputStream();
        in = socket.getInputStream();
    }

    public void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends the bytes in two writes with a pause between, so they arrive in separate TCP reads. */
    public void sendSplit(byte[] bytes, int at) throws IOException, InterruptedException {
        send(Arrays.copyOfRange(bytes, 0, at));
        Thread.sleep(2);
        send(Arrays.copyOfRange(bytes, at, bytes.length));
    }

    /** The next 3-byte ACK, or null if none arrives within the timeout. */
    public byte[] readAck(Duration timeout) throws IOException {
        return readBytes(3, timeout);
    }

    /** The next {@code count} bytes from the server, or null if they do not all arrive within the timeout. */
    public byte[] readBytes(int count, Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        byte[] bytes = new byte[count];
        int read = 0;
        try {
            while (read < count) {
                int n = in.read(bytes, read, count - read);
                if (n < 0) {
                    return null;
                }
                read += n;
            }
        } catch (SocketTimeoutException e) {
            return null;
        }
        return bytes;
    }

    /**
     * The next frame the server writes (a command): header, length word, payload, CRC; null if it does not all
     * arrive within the timeout. {@code start} holds its first bytes when they were read already.
     */
    byte[] readFrame(byte[] start, Duration timeout) throws IOException {
        byte[] head = start.length >= 3 ? start : concat(start, readBytes(3 - start.length, timeout));
        if (head == null) {
            return null;
        }
        int length = (head[1] & 0xFF) | (head[2] & 0x7F) << 8;
        byte[] rest = readBytes(length + 2, timeout);
        return rest == null ? null : concat(head, rest);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        if (b == null) {
            return null;
        }
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /** Sends a frame and returns its ACK (null if none came within 10 s). */
    public byte[] sendAndAck(byte[] frame) throws IOException {
        send(frame);
        return readAck(Duration.ofSeconds(10));
    }

    /** True when the server closed the connection (EOF) within the timeout. */
    public boolean closedByServer(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by peer
        }
    }

    public static byte[] expectedAck(byte[] frame) {
        return new byte[] {0x02, frame[frame.length - 2], frame[frame.length - 1]};
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
