package io.galileosync.access;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 as an attacker writes it: the request line goes out byte for byte (no client normalizes the path),
 * the whole answer comes back as text.
 */
final class RawHttp {

    private RawHttp() {
    }

    /** An answer: its status and everything after the status line. */
    record Answer(int status, String text) {
        boolean mentions(String secret) {
            return text.contains(secret);
        }
    }

    static Answer send(String host, int port, String method, String target, String... headers) throws IOException {
        StringBuilder request = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        boolean hostGiven = false;
        for (String header : headers) {
            hostGiven |= header.regionMatches(true, 0, "Host:", 0, 5);
            request.append(header).append("\r\n");
        }
        if (!hostGiven) {
            request.append("Host: ").append(host).append(':').append(port).append("\r\n");
        }
        if (!method.equals("GET")) {
            request.append("Content-Type: application/json\r\nContent-Length: 2\r\n");
        }
        request.append("Connection: close\r\n\r\n");
        if (!method.equals("GET")) {
            request.append("{}");
        }
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            return parse(socket.getInputStream());
        }
    }

    static Answer parse(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        String text = out.toString(StandardCharsets.ISO_8859_1);
        if (!text.startsWith("HTTP/1.1 ")) {
            return new Answer(0, text);
        }
        return new Answer(Integer.parseInt(text.substring(9, 12)), text.substring(Math.min(text.length(), 13)));
    }
}
