package io.galileosync.simulate;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A Galileosky server over real TCP whose answer to each frame a test decides: the right ACK, none, an ACK
 * with another CRC, or closing the connection. Records every frame it received, per connection.
 */
final class ScriptedTrackerServer implements AutoCloseable {

    enum Answer { ACK, SILENCE, WRONG_CRC, CLOSE }

    /** Decides the answer to the {@code n}-th frame (0-based, over all connections) with these bytes. */
    @FunctionalInterface
    interface Script {
        Answer answer(int n, byte[] frame);
    }

    /** A frame as received, and on which connection (0-based). */
    record Received(int connection, byte[] frame) {
        boolean isHead() {
            return frame[3] == 0x01; // a head packet starts with tag 01, a simulated main packet with 0x10
        }
    }

    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Script script;

    ScriptedTrackerServer(Script script) throws IOException {
        this.script = script;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.submit(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    private Void accept() {
        for (int connection = 0; !server.isClosed(); connection++) {
            try {
                Socket socket = server.accept();
                int number = connection;
                threads.submit(() -> serve(number, socket));
            } catch (IOException e) {
                return null; // closed
            }
        }
        return null;
    }

    private Void serve(int connection, Socket socket) {
        try (socket) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (true) {
                byte[] start = new byte[3];
                in.readFully(start);
                int length = ((start[1] & 0xFF) | (start[2] & 0xFF) << 8) & 0x7FFF;
                byte[] frame = new byte[length + 5];
                System.arraycopy(start, 0, frame, 0, 3);
                in.readFully(frame, 3, length + 2);
                int n;
                synchronized (received) {
                    n = received.size();
                    received.add(new Received(connection, frame));
                }
                byte[] ack = {0x02, frame[frame.length - 2], frame[frame.length - 1]};
                switch (script.answer(n, frame)) {
                    case ACK -> out.write(ack);
                    case WRONG_CRC -> out.write(new byte[] {0x02, (byte) ~ack[1], ack[2]});
                    case CLOSE -> {
                        return null;
                    }
                    case SILENCE -> {
                        // the tracker has to send it again
                    }
                }
                out.flush();
            }
        } catch (EOFException e) {
            return null; // the tracker hung up
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
