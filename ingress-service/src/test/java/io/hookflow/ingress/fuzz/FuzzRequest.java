package io.hookflow.ingress.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

/**
 * One generated request: what it is made of (for the report) and the exact bytes that go on the wire.
 *
 * @param index         its number in the run; with the seed it regenerates the same request
 * @param method        the method token as sent (any bytes, as Latin-1)
 * @param target        the request target as sent (as Latin-1)
 * @param headerLines   the header lines as sent, without line ends (as Latin-1)
 * @param body          the body's bytes (before any chunked framing)
 * @param flaw          why the framework itself may refuse it with an empty 400/414/431 (bad %-encoding or URI syntax,
 *                      a malformed header, an oversized line or header, broken framing), or null when it is well-formed
 * @param ownConnection whether it goes on a connection of its own, closed after its answer (broken framing, say, after
 *                      which the server may close, or bytes may be left over for a next request)
 * @param flow          the live flow it is meant for, or null
 * @param webhook       whether a 200 for it must carry a requestId and be on Kafka (a POST or GET to a live flow)
 * @param wire          the bytes sent
 */
public record FuzzRequest(long index, String method, String target, List<String> headerLines, byte[] body, String flaw,
                          boolean ownConnection, FuzzFlow flow, boolean webhook, byte[] wire) {

    /** Whether the answer has no body whatever its headers say. */
    public boolean head() {
        return "HEAD".equals(method);
    }

    /** Everything needed to send it again by hand. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        text.append("request #").append(index).append(": ").append(printable(method)).append(' ')
                .append(printable(target.length() > 300 ? target.substring(0, 300) + "...(" + target.length() + " chars)" : target))
                .append(flow == null ? "" : "  [flow " + flow.id() + ", " + flow.auth() + (flow.clean() ? "" : ", wrong credentials") + "]")
                .append(flaw == null ? "" : "  [flaw: " + flaw + "]")
                .append(ownConnection ? "  [own connection]" : "")
                .append('\n');
        int shown = 0;
        for (String line : headerLines) {
            if (shown++ == 40) {
                text.append("  ... ").append(headerLines.size() - 40).append(" more header lines\n");
                break;
            }
            text.append("  ").append(printable(line.length() > 300 ? line.substring(0, 300) + "...(" + line.length() + " chars)" : line))
                    .append('\n');
        }
        text.append("  body: ").append(body.length).append(" bytes, hex prefix ")
                .append(HexFormat.of().formatHex(body, 0, Math.min(body.length, 256))).append('\n');
        text.append("  wire (").append(wire.length).append(" bytes), hex prefix ")
                .append(HexFormat.of().formatHex(wire, 0, Math.min(wire.length, 1024)));
        return text.toString();
    }

    private static String printable(String latin1) {
        StringBuilder out = new StringBuilder();
        for (byte b : latin1.getBytes(StandardCharsets.ISO_8859_1)) {
            int c = b & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '\\') {
                out.append((char) c);
            } else {
                out.append(String.format("\\x%02x", c));
            }
        }
        return out.toString();
    }
}
