package io.hookflow.ingress.fuzz;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One HTTP/1.1 client connection over a plain socket: it writes whatever bytes it is given (broken ones included) and
 * reads one answer, framed by Content-Length, chunked encoding or the end of the connection, skipping 1xx answers.
 */
public final class RawHttpConnection implements AutoCloseable {

    /** Longer than any answer ingress gives; a longer one is a failure in itself. */
    private static final int MAX_ANSWER_BYTES = 1 << 20;
    /** Requests larger than this are written by another thread while the answer is read. */
    private static final int WRITE_ALONGSIDE_BYTES = 16 * 1024;
    private static final Pattern STATUS_LINE = Pattern.compile("[!-~]+/\\d+\\.\\d+ (\\d{3})");

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private boolean used;

    public RawHttpConnection(int port, int readTimeoutMillis) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(readTimeoutMillis);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    }

    /** Whether an answer was read on this connection before (a failure then is not a failed connect). */
    public boolean used() {
        return used;
    }

    /**
     * Sends the request and reads its answer. A write that fails because the server already answered and closed (a 413
     * before the body was read, say) still reads the answer that came before the close. A large request is written by
     * another thread while this one reads: a server may answer without reading the body, and a write blocked on a full
     * socket buffer has no timeout (the connection should then be closed after the answer, which ends the write).
     */
    public Answer exchange(byte[] request, boolean headRequest) throws IOException {
        IOException[] writeFailure = new IOException[1];
        Thread writer = null;
        if (request.length > WRITE_ALONGSIDE_BYTES) {
            writer = new Thread(() -> write(request, writeFailure), "fuzz-writer");
            writer.setDaemon(true);
            writer.start();
        } else {
            write(request, writeFailure);
        }
        try {
            Answer answer = read(headRequest);
            used = true;
            return answer;
        } catch (IOException e) {
            if (writeFailure[0] != null) {
                e.addSuppressed(writeFailure[0]);
            }
            throw e;
        }
    }

    private void write(byte[] request, IOException[] failure) {
        try {
            out.write(request);
            out.flush();
        } catch (IOException e) {
            failure[0] = e; // the server answered and closed before taking it all; the answer tells
        }
    }

    private Answer read(boolean headRequest) throws IOException {
        String statusLine = line();
        if (statusLine == null) {
            throw new EOFException("the connection was closed before an answer");
        }
        // The server answers in the version the request named, even a made-up one ("HTTX/11.1 200 OK").
        Matcher statusMatch = STATUS_LINE.matcher(statusLine);
        if (!statusMatch.lookingAt()) {
            throw new IOException("not an HTTP status line: " + statusLine);
        }
        int status = Integer.parseInt(statusMatch.group(1));
        {
            Map<String, String> headers = new LinkedHashMap<>();
            for (String header = line(); header != null && !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                if (colon > 0) {
                    headers.merge(header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            header.substring(colon + 1).trim(), (a, b) -> a + ", " + b);
                }
            }
            if (status >= 100 && status < 200) {
                return read(headRequest); // 100 Continue and the like come before the answer
            }
            byte[] body;
            if (headRequest || status == 204 || status == 304) {
                body = new byte[0];
            } else if (headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked")) {
                body = chunked();
            } else if (headers.containsKey("content-length")) {
                body = exactly(Integer.parseInt(headers.get("content-length")));
            } else {
                body = toEnd();
            }
            return new Answer(status, headers, body);
        }
    }

    private byte[] chunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line();
            if (size == null) {
                throw new EOFException("the connection was closed inside a chunked answer");
            }
            int semicolon = size.indexOf(';');
            int length = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
            if (length == 0) {
                for (String trailer = line(); trailer != null && !trailer.isEmpty(); trailer = line()) {
                    // trailers are not used by ingress
                }
                return body.toByteArray();
            }
            if (body.size() + length > MAX_ANSWER_BYTES) {
                throw new IOException("an answer over " + MAX_ANSWER_BYTES + " bytes");
            }
            body.writeBytes(exactly(length));
            line();
        }
    }

    private byte[] exactly(int length) throws IOException {
        if (length > MAX_ANSWER_BYTES) {
            throw new IOException("an answer of " + length + " bytes");
        }
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw new EOFException("the connection was closed after " + bytes.length + " of " + length + " body bytes");
        }
        return bytes;
    }

    private byte[] toEnd() throws IOException {
        byte[] bytes = in.readNBytes(MAX_ANSWER_BYTES + 1);
        if (bytes.length > MAX_ANSWER_BYTES) {
            throw new IOException("an answer over " + MAX_ANSWER_BYTES + " bytes");
        }
        return bytes;
    }

    /** One CRLF- (or LF-) terminated line as Latin-1, or null at the end of the stream before any byte. */
    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                return line.isEmpty() ? null : line.toString();
            }
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            if (line.length() > 64 * 1024) {
                throw new IOException("an answer line over 64 KiB");
            }
            line.append((char) b);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to do with it
        }
    }

    /** One answer: its status, headers (lower-case names, repeated ones joined) and body. */
    public record Answer(int status, Map<String, String> headers, byte[] body) {

        public String header(String lowerCaseName) {
            return headers.get(lowerCaseName);
        }

        public boolean closes() {
            return headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT).contains("close");
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }
}
