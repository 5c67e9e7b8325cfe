package io.galileosync.ingest;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * An attacker's raw TCP connections to the ingest port from one source address of the loopback range
 * (127.0.0.0/8 is local on Linux, so each address is a distinct client address to the server without any
 * network setup). They connect and then send nothing, or what they are told to.
 */
final class IdleSockets implements AutoCloseable {

    private final List<SocketChannel> sockets = new ArrayList<>();
    private final InetAddress source;

    private IdleSockets(InetAddress source) {
        this.source = source;
    }

    /** Opens {@code count} connections from {@code source} (e.g. "127.0.0.2") to the port on 127.0.0.1. */
    static IdleSockets open(String source, int count, int port) throws IOException {
        IdleSockets idle = new IdleSockets(InetAddress.getByName(source));
        try {
            for (int i = 0; i < count; i++) {
                idle.connect(port);
            }
        } catch (IOException e) {
            idle.close();
            throw e;
        }
        return idle;
    }

    private void connect(int port) throws IOException {
        SocketChannel socket = SocketChannel.open();
        sockets.add(socket);
        socket.bind(new InetSocketAddress(source, 0));
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        socket.configureBlocking(false);
    }

    /** Writes the same bytes on every connection still open. */
    void sendOnEach(byte[] bytes) throws IOException {
        for (SocketChannel socket : sockets) {
            if (socket.isOpen()) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    socket.write(buffer);
                }
            }
        }
    }

    /** How many of the connections the server has not closed (reads what it sent, and sees EOF or a reset). */
    int stillOpen() {
        int open = 0;
        ByteBuffer sink = ByteBuffer.allocate(256);
        for (SocketChannel socket : sockets) {
            if (!socket.isOpen()) {
                continue;
            }
            try {
                int read;
                do {
                    sink.clear();
                    read = socket.read(sink);
                } while (read > 0);
                if (read == 0) {
                    open++;
                } else {
                    socket.close();
                }
            } catch (IOException e) {
                closeQuietly(socket);
            }
        }
        return open;
    }

    int size() {
        return sockets.size();
    }

    @Override
    public void close() {
        sockets.forEach(IdleSockets::closeQuietly);
    }

    private static void closeQuietly(SocketChannel socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }
}
