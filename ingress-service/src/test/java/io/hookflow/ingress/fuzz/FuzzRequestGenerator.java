package io.hookflow.ingress.fuzz;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Generates the fuzzer's requests. Request {@code i} of a run is a pure function of the seed and {@code i} (its own
 * {@link SplittableRandom}), so any request can be made again, alone or in any order, from the two numbers. Only the
 * Standard Webhooks timestamp depends on the clock, as it must.
 * <p>
 * The mix: well-formed webhooks with the right credentials to live flows of each credential type (bodies valid, broken,
 * deeply nested, over the size limit, in every content type), calls with wrong credentials, every method, unknown flow
 * ids and other paths, odd and duplicated headers, and requests the HTTP layer itself must refuse: bad %-encoding and
 * URI syntax, malformed header lines, oversized lines and headers, broken framing. Each of the last kind carries the
 * {@link FuzzRequest#flaw() flaw} that allows an empty-bodied 400/414/431 from the framework.
 */
public final class FuzzRequestGenerator {

    public static final String STANDARD_SECRET = "whsec_" + Base64.getEncoder()
            .encodeToString("fuzz-standard-webhooks-key-32byt".getBytes(StandardCharsets.US_ASCII));
    static final String BASIC = "Basic " + Base64.getEncoder().encodeToString("fuzz:pässwörd:ü".getBytes(StandardCharsets.UTF_8));
    static final String API_KEY_HEADER = "X-Fuzz-Key";
    static final String API_KEY = "kéy-🔑";
    static final String HMAC_SECRET = "fuzz-secret";
    /**
     * The flaw of a chunked body whose chunk framing breaks after the headers were taken: Vert.x closes the connection
     * without an answer (Http1xServerConnection fails the connection on a content decoding error; no hook reaches it).
     */
    public static final String BROKEN_CHUNKS = "broken chunk framing";

    private static final String[] METHODS = {"PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT", "get", "post",
            "PROPFIND", "M-SEARCH", "BREW", "QUERY", "X", "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZ"};
    private static final byte[][] BAD_UTF8 = {{(byte) 0xC0, (byte) 0x80}, {(byte) 0xC1, (byte) 0xBF},
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
            {(byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0x80}, {(byte) 0xBF}, {(byte) 0xE2, (byte) 0x82},
            {(byte) 0xF0, (byte) 0x9F, (byte) 0x98}, {(byte) 0xFE}, {(byte) 0xFF}, {(byte) 0xC3}, {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}};
    private static final String[] JSON_TYPES = {"application/json", "application/json; charset=utf-8", "Application/JSON",
            "application/json;charset=UTF-8", "application/vnd.fuzz+json", "application/problem+json",
            "application/json; charset=utf-16", "application/json; charset=x-unknown", "application/json;;;", "application/json; q"};
    private static final String[] OTHER_TYPES = {"", ";;", "application", "*/*", "text/*", "application/xml", "text/xml",
            "application/soap+xml; charset=utf-8", "multipart/form-data", "multipart/form-data; boundary=", "text/csv",
            "application/pdf", "image/png", "application/octet-stream", "application/x-www-form-urlencoded; charset=latin1",
            "text/plain; charset=\"", "text/plain; charset=utf-32", "text/html", "a/b/c", "application/json/xml",
            "\u00e9/\u00e8", "application/json\u00ff"};
    private static final String[] NUMBERS = {"0", "-0", "1", "-1", "1e400", "-1.5E-7", "12345678901234567890123456789",
            "0.1", "3.141592653589793238462643383279", "1E+2", "-9223372036854775809", "2.2250738585072011e-308"};
    private static final String[] STRING_PIECES = {"a", "Gromit", " ", "\\\"", "\\\\", "\\n", "\\t", "\\u00e9", "\\u0000",
            "\\ud83d\\ude00", "\\ud800", "\\udfff", "é", "中文", "😀", "\u2028", "'", "</script>", "%zz", "${x}", "\\/"};

    private final long seed;
    private final List<FuzzFlow> clean;
    private final List<FuzzFlow> dirty;
    private final int maxBodySize;
    private final Clock clock;

    public FuzzRequestGenerator(long seed, List<FuzzFlow> flows, int maxBodySize, Clock clock) {
        this.seed = seed;
        this.clean = flows.stream().filter(FuzzFlow::clean).toList();
        this.dirty = flows.stream().filter(f -> !f.clean()).toList();
        this.maxBodySize = maxBodySize;
        this.clock = clock;
    }

    /** Request number {@code index} of the run with this generator's seed. */
    public FuzzRequest generate(long index) {
        SplittableRandom r = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (index + 1)));
        Draft d = new Draft(index);
        int pick = r.nextInt(100);
        if (pick < 52) {
            cleanWebhook(r, d);
        } else if (pick < 63) {
            dirtyWebhook(r, d);
        } else if (pick < 71) {
            otherMethod(r, d);
        } else if (pick < 79) {
            unknownFlow(r, d);
        } else if (pick < 85) {
            otherPath(r, d);
        } else {
            brokenSyntax(r, d);
        }
        return d.build();
    }

    // --- kinds of request -----------------------------------------------------------------------------------------

    private void cleanWebhook(SplittableRandom r, Draft d) {
        FuzzFlow flow = clean.get(r.nextInt(clean.size()));
        d.flow = flow;
        int m = r.nextInt(100);
        d.method = m < 75 ? "POST" : m < 95 ? "GET" : "HEAD";
        boolean signed = flow.auth() == FuzzFlow.Auth.HMAC || flow.auth() == FuzzFlow.Auth.STANDARD;
        String query = "";
        if (d.method.equals("POST") && r.nextInt(7) == 0 || d.method.equals("GET") && !signed && r.nextInt(5) < 3) {
            query = "?" + query(r);
        }
        d.target = "/hook/" + flow.id() + (r.nextInt(6) == 0 ? "/" + extraPath(r) : "") + query;
        if (d.method.equals("POST")) {
            body(r, d);
        } else if (r.nextInt(30) == 0) {
            body(r, d);
        }
        if (r.nextInt(4) == 0) {
            oddHeaders(r, d);
        }
        credentials(r, d, flow, true);
        d.webhook = !d.method.equals("HEAD");
    }

    private void dirtyWebhook(SplittableRandom r, Draft d) {
        FuzzFlow flow = dirty.get(r.nextInt(dirty.size()));
        d.flow = flow;
        int m = r.nextInt(100);
        d.method = m < 60 ? "POST" : m < 90 ? "GET" : m < 95 ? "HEAD" : METHODS[r.nextInt(METHODS.length)];
        d.target = "/hook/" + flow.id() + (r.nextInt(6) == 0 ? "/" + extraPath(r) : "") + (r.nextInt(3) == 0 ? "?" + query(r) : "");
        if (!d.method.equals("GET") && !d.method.equals("HEAD") || r.nextInt(20) == 0) {
            body(r, d);
        }
        if (r.nextInt(3) == 0) {
            oddHeaders(r, d);
        }
        credentials(r, d, flow, false);
    }

    private void otherMethod(SplittableRandom r, Draft d) {
        d.method = METHODS[r.nextInt(METHODS.length)];
        int t = r.nextInt(10);
        if (d.method.equals("CONNECT") && r.nextBoolean()) {
            d.target = r.nextBoolean() ? "localhost:8080" : "[::1]:443";
        } else if (t < 6) {
            FuzzFlow flow = clean.get(r.nextInt(clean.size()));
            d.target = "/hook/" + flow.id() + (r.nextInt(4) == 0 ? "/" + extraPath(r) : "");
            d.flow = flow;
        } else if (t < 8) {
            d.target = "/hook/" + oddFlowId(r);
        } else {
            d.target = otherPathTarget(r);
        }
        if (r.nextInt(3) > 0) {
            body(r, d);
        }
        if (r.nextInt(4) == 0) {
            oddHeaders(r, d);
        }
        if (d.flow != null) {
            credentials(r, d, d.flow, true);
        }
    }

    private void unknownFlow(SplittableRandom r, Draft d) {
        int m = r.nextInt(10);
        d.method = m < 6 ? "POST" : m < 9 ? "GET" : "HEAD";
        d.target = "/hook/" + oddFlowId(r) + (r.nextInt(5) == 0 ? "/" + extraPath(r) : "") + (r.nextInt(4) == 0 ? "?" + query(r) : "");
        if (d.method.equals("POST")) {
            body(r, d);
        }
        if (r.nextInt(3) == 0) {
            oddHeaders(r, d);
        }
        if (r.nextBoolean()) {
            credentials(r, d, new FuzzFlow("unknown", FuzzFlow.Auth.values()[r.nextInt(5)], false), r.nextBoolean());
        }
    }

    private void otherPath(SplittableRandom r, Draft d) {
        int m = r.nextInt(10);
        d.method = m < 5 ? "GET" : m < 8 ? "POST" : m < 9 ? "HEAD" : METHODS[r.nextInt(METHODS.length)];
        d.target = otherPathTarget(r);
        if (!d.method.equals("GET") && !d.method.equals("HEAD") && r.nextInt(4) > 0) {
            body(r, d);
        }
        if (r.nextInt(3) == 0) {
            oddHeaders(r, d);
        }
    }

    private String otherPathTarget(SplittableRandom r) {
        return switch (r.nextInt(16)) {
            case 0 -> "/";
            case 1 -> "/hook";
            case 2 -> "/hook/";
            case 3 -> "/q/health/live";
            case 4 -> "/q/health/ready";
            case 5 -> r.nextInt(20) == 0 ? "/q/metrics" : "/q/health";
            case 6 -> "/q/openapi";
            case 7 -> "*";
            // Live flows reached without credentials: dirty ones, as failed authentications would block a clean one.
            case 8 -> "http://localhost/hook/" + dirty.get(r.nextInt(dirty.size())).id();
            case 9 -> "//hook//" + oddFlowId(r);
            case 10 -> "/hook/../q/health/live";
            case 11 -> "/hook/./" + dirty.get(r.nextInt(dirty.size())).id();
            case 12 -> "hook/" + oddFlowId(r);
            case 13 -> "/q/dev-ui";
            case 14 -> "/hook/;jsessionid=1/" + oddFlowId(r);
            default -> "/" + extraPath(r);
        };
    }

    private void brokenSyntax(SplittableRandom r, Draft d) {
        // A dirty flow, though the credentials are right: a request whose headers or body the server reads otherwise
        // than sent (a fold, a second Content-Length) may fail authentication, and would block a clean flow for a while.
        FuzzFlow flow = dirty.get(r.nextInt(dirty.size()));
        d.method = r.nextBoolean() ? "POST" : "GET";
        d.target = "/hook/" + flow.id();
        if (d.method.equals("POST")) {
            body(r, d);
        }
        switch (r.nextInt(18)) {
            case 0, 1 -> d.target = "/hook/" + flow.id() + "/" + pick(r, "%zz", "%", "%4", "%G0", "a%2", "%%", "%u00e9") + "?x=1";
            case 2, 3 -> d.target = "/hook/" + flow.id() + "?" + pick(r, "a=%zz", "a=%", "%=1", "a=%4", "a=%%41", "a=%u0041", "a=1&%");
            case 4 -> d.target = "/hook/" + flow.id() + "/" + pick(r, "{x}", "a|b", "a\\b", "^", "`", "\"q\"", "<a>", "a\u0080b", "\u00ff")
                    + (r.nextBoolean() ? "?" + pick(r, "a={}", "a=|", "a=\"", "a=<b>", "a=\u00e9") : "");
            case 5 -> {
                d.flaw = "malformed header line";
                d.ownConnection = true;
                d.headers.add(pick(r, "No colon here", "Bad Name: v", "Bad(Name): v", ": empty name", "X-A : v", "X-\u00e9: v",
                        "X-A:\u0000v", "X-A: v\u0001", "X-A: a\rb", "X-A: \u007f", "\tX-Folded: v", "X-\u0000: v", "X-A\t: v"));
            }
            case 6 -> {
                d.flaw = "folded header line";
                d.ownConnection = true;
                d.headers.add("X-Fuzz: first");
                d.headers.add(" continued");
            }
            case 7 -> {
                d.flaw = "oversized header";
                d.ownConnection = true;
                d.headers.add("X-Big: " + "h".repeat(20 * 1024 + r.nextInt(40 * 1024)));
            }
            case 8 -> {
                d.flaw = "oversized request line";
                d.ownConnection = true;
                d.target = "/hook/" + flow.id() + "?q=" + "x".repeat(4096 + r.nextInt(8192));
            }
            case 9 -> {
                d.flaw = "bad request line";
                d.ownConnection = true;
                d.version = pick(r, "HTTP/1.2", "HTTP/2.0", "HTTX/1.1", "HTTP/1.1 extra", "http/1.1", "HTTP/1", "HTTP/11.1");
            }
            case 10 -> {
                d.flaw = "bad request line";
                d.ownConnection = true;
                d.method = pick(r, "GE T", "G@T", "\u0000GET", "POST\u0001", "(POST)", "PO\"ST", "\u00e9T", "[]");
            }
            case 11 -> {
                d.flaw = "garbage";
                d.ownConnection = true;
                d.raw = garbage(r);
            }
            case 12 -> {
                d.flaw = "bad Content-Length";
                d.ownConnection = true;
                d.method = "POST";
                if (d.body.length == 0) {
                    d.body = "{}".getBytes(StandardCharsets.US_ASCII);
                    d.headers.add("Content-Type: application/json");
                }
                int n = d.body.length;
                d.framing = Framing.CUSTOM;
                d.headers.add("Content-Length: " + pick(r, "+" + n, " " + n + " ", "0x" + Integer.toHexString(n), "-1", "abc",
                        "99999999999999999999", n + ", " + n, n + ", " + (n + 1), n + "." + 0, ""));
            }
            case 13 -> {
                d.flaw = "bad framing";
                d.ownConnection = true;
                d.method = "POST";
                d.framing = Framing.CUSTOM;
                byte[] body = d.body.length == 0 ? "{}".getBytes(StandardCharsets.US_ASCII) : d.body;
                d.logicalBody = body;
                switch (r.nextInt(5)) {
                    case 0 -> {
                        d.headers.add("Content-Length: " + body.length);
                        d.headers.add("Transfer-Encoding: chunked");
                        d.body = chunked(r, body);
                    }
                    case 1 -> {
                        d.flaw = BROKEN_CHUNKS;
                        d.headers.add("Transfer-Encoding: chunked");
                        d.body = (pick(r, "zz", "-1", "1;", "fffffffffffffffff", " 2") + "\r\n{}\r\n0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
                    }
                    case 2 -> {
                        d.headers.add("Transfer-Encoding: gzip, chunked");
                        d.body = chunked(r, body);
                    }
                    case 3 -> {
                        d.headers.add("Transfer-Encoding: chunked");
                        d.headers.add("Transfer-Encoding: chunked");
                        d.body = chunked(r, body);
                    }
                    default -> {
                        d.flaw = BROKEN_CHUNKS;
                        d.headers.add("Transfer-Encoding: chunked");
                        d.body = ("2\r\n{}XX" + "0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
                    }
                }
            }
            case 14 -> {
                d.flaw = "no Host";
                d.noHost = true;
            }
            case 15 -> {
                d.flaw = "several Hosts";
                d.headers.add("Host: " + pick(r, "localhost", "evil.example", ""));
            }
            case 16 -> {
                d.version = "HTTP/1.0";
                d.ownConnection = true;
                if (d.framing == Framing.CHUNKED) {
                    d.framing = Framing.LENGTH;
                }
                if (r.nextBoolean()) {
                    d.headers.add("Connection: keep-alive");
                }
            }
            default -> {
                d.lineEnd = "\n";
                d.flaw = "bare LF line ends";
            }
        }
        credentials(r, d, flow, true);
        d.flow = flow;
    }

    // --- parts ----------------------------------------------------------------------------------------------------

    /** Picks a body and its Content-Type (sometimes none, sometimes a wrong one). */
    private void body(SplittableRandom r, Draft d) {
        String type;
        byte[] body;
        int kind = r.nextInt(100);
        if (kind < 28) {
            body = utf8(json(r));
            type = r.nextInt(6) == 0 ? pick(r, JSON_TYPES) : "application/json";
            if (r.nextInt(15) == 0) {
                body = concat(r.nextBoolean() ? new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF} : utf8(" \r\n\t"), body, utf8(" \n"));
            }
        } else if (kind < 34) {
            body = nested(r);
            type = "application/json";
        } else if (kind < 48) {
            body = mutate(r, utf8(json(r)));
            type = "application/json";
        } else if (kind < 52) {
            body = concat(utf8("{\"a\":\"x"), BAD_UTF8[r.nextInt(BAD_UTF8.length)], utf8("y\"}"));
            type = "application/json";
        } else if (kind < 55) {
            Charset charset = Charset.forName(pick(r, "UTF-16BE", "UTF-16LE", "UTF-16", "UTF-32BE", "UTF-32LE"));
            body = json(r).getBytes(charset);
            if (r.nextInt(4) == 0) {
                body = java.util.Arrays.copyOf(body, Math.max(0, body.length - 1 - r.nextInt(3)));
            }
            type = "application/json";
        } else if (kind < 64) {
            body = utf8(query(r));
            type = r.nextInt(5) == 0 ? "application/x-www-form-urlencoded; charset=UTF-8" : "application/x-www-form-urlencoded";
            if (r.nextInt(5) == 0) {
                body = concat(body, BAD_UTF8[r.nextInt(BAD_UTF8.length)]);
            }
        } else if (kind < 70) {
            body = r.nextBoolean() ? utf8(string(r, 60)) : randomBytes(r, r.nextInt(200));
            type = r.nextInt(4) == 0 ? pick(r, "text/plain; charset=iso-8859-1", "text/plain; charset=x-nope", "text/plain; charset=utf-8",
                    "TEXT/PLAIN") : "text/plain";
        } else if (kind < 78) {
            body = xml(r);
            type = pick(r, "application/xml", "text/xml", "application/soap+xml; charset=utf-8", "application/atom+xml", "text/xml; charset=iso-8859-1");
        } else if (kind < 82) {
            body = binary(r);
            type = pick(r, "text/csv", "application/pdf", "image/png", "application/octet-stream", "multipart/form-data; boundary=fuzz");
        } else if (kind < 87) {
            body = randomBytes(r, r.nextInt(300));
            type = r.nextBoolean() ? pick(r, JSON_TYPES) : pick(r, OTHER_TYPES);
        } else if (kind < 92) {
            body = new byte[0];
            type = r.nextBoolean() ? "application/json" : r.nextBoolean() ? null : pick(r, OTHER_TYPES);
        } else if (kind < 96) {
            body = huge(r);
            type = r.nextBoolean() ? "application/json" : pick(r, OTHER_TYPES);
            d.ownConnection = true; // answered 413 with the body unread, then closed
        } else {
            body = utf8(json(r));
            type = r.nextBoolean() ? null : pick(r, OTHER_TYPES);
        }
        d.body = body;
        if (type != null) {
            d.headers.add("Content-Type: " + latin1(type));
        }
        int framing = r.nextInt(100);
        if (framing < 12) {
            d.framing = Framing.CHUNKED;
        } else if (framing < 14 && body.length > maxBodySize) {
            d.framing = Framing.DECLARED_ONLY; // a Content-Length over the limit, and no body sent
        } else if (framing < 17 && body.length == 0) {
            d.framing = Framing.NONE;
        }
    }

    private void credentials(SplittableRandom r, Draft d, FuzzFlow flow, boolean right) {
        // A GET is signed as an empty body whatever it carries: ingress never reads a GET's body.
        byte[] signed = d.method.equals("GET") ? new byte[0] : d.logicalBody != null ? d.logicalBody : d.body;
        String header = switch (flow.auth()) {
            case NOAUTH -> right ? null : pick(r, null, "Authorization: Basic Zm9vOmJhcg==");
            case BASIC -> "Authorization: " + (right ? BASIC : pick(r, "Basic", "Basic !!!", "Basic Zm9v", "Bearer x", "basic "
                    + BASIC.substring(6), "Basic " + Base64.getEncoder().encodeToString("fuzz:wrong".getBytes(StandardCharsets.UTF_8)),
                    latin1("Basic é"), "Basic " + BASIC.substring(6, 10), BASIC));
            case APIKEY -> right
                    ? casing(r, API_KEY_HEADER) + ": " + latin1(API_KEY)
                    : pick(r, "x-api-key: " + latin1(API_KEY), API_KEY_HEADER + ": k\u00e9y-", API_KEY_HEADER + ": " + API_KEY.substring(0, 3),
                    API_KEY_HEADER + ":", API_KEY_HEADER + ": " + latin1(API_KEY) + " ", API_KEY_HEADER + ": " + latin1(API_KEY));
            case HMAC -> {
                String signature = HexFormat.of().formatHex(hmac("HmacSHA256", HMAC_SECRET.getBytes(StandardCharsets.UTF_8), signed));
                yield "x-eio-signature: " + (right ? (r.nextBoolean() ? "sha256=" : "") + signature : pick(r, "", "zz", "sha512=" + signature,
                        signature.substring(2), signature.toUpperCase(Locale.ROOT), "sha256=", signature + "00", signature));
            }
            case STANDARD -> {
                // One id in four is an earlier request's: a resend, answered with that call's requestId.
                long idOf = r.nextInt(4) == 0 ? Math.max(0, d.index - 1 - r.nextInt(40)) : d.index;
                String id = "msg_" + Long.toHexString(seed) + "_" + idOf;
                long now = clock.instant().getEpochSecond();
                String timestamp = Long.toString(right ? now - r.nextInt(30) : pick(r, now - 400, now + 400, now));
                byte[] key = Base64.getDecoder().decode(STANDARD_SECRET.substring(6));
                String signature = Base64.getEncoder().encodeToString(hmac("HmacSHA256", key,
                        concat(utf8(id + "." + timestamp + "."), signed)));
                d.headers.add("webhook-id: " + id);
                d.headers.add("webhook-timestamp: " + (right || r.nextBoolean() ? timestamp : pick(r, "x", "", "1e9", "-1")));
                yield "webhook-signature: " + (right ? (r.nextInt(4) == 0 ? "v1,bm9wZQ== " : "") + "v1," + signature
                        : pick(r, "v1,", "v2," + signature, "v1," + signature.substring(1), "v1", "v1,!!!", "v1," + signature));
            }
        };
        if (header != null) {
            d.headers.add(r.nextInt(10) == 0 ? d.headers.size() / 2 : d.headers.size(), header);
        }
    }

    private void oddHeaders(SplittableRandom r, Draft d) {
        int count = 1 + r.nextInt(4);
        for (int i = 0; i < count; i++) {
            int kind = r.nextInt(20);
            if (kind == 17 && d.flow != null && d.flow.clean()) {
                kind = 10; // a second Authorization header would fail a clean flow's authentication
            }
            switch (kind) {
                case 0 -> {
                    int n = 20 + r.nextInt(300);
                    for (int j = 0; j < n; j++) {
                        d.headers.add("X-Fuzz-" + j + ": " + j);
                    }
                }
                case 1 -> d.headers.add("Content-Type: " + pick(r, OTHER_TYPES)); // a second, different one
                case 2 -> d.headers.add("x-request-id: " + pick(r, randomHex(r, 32), randomHex(r, 31), "ZZ" + randomHex(r, 30),
                        randomHex(r, 32).toUpperCase(Locale.ROOT), "", randomHex(r, 33)));
                case 3 -> d.headers.add("Accept: " + pick(r, "application/xml", "text/html", "*/*;q=abc", "", "application/json;q=0",
                        "image/*", ";;;", "application/json, */*;q=0.1"));
                case 4 -> d.headers.add("Content-Encoding: " + pick(r, "gzip", "br", "deflate", "x-nope", "identity"));
                case 5 -> d.headers.add("Expect: " + pick(r, "100-continue", "200-ok", ""));
                case 6 -> d.headers.add("User-Agent: " + latin1(string(r, 40)));
                case 7 -> d.headers.add("Cookie: " + pick(r, "a=b", ";;;", "=", "a=" + "x".repeat(3000), latin1("é=ü")));
                case 8 -> d.headers.add("X-Forwarded-For: " + pick(r, "1.2.3.4", "garbage", "::1, 10.0.0.1", "", "999.999.999.999"));
                case 9 -> d.headers.add("Forwarded: " + pick(r, "for=1.2.3.4;proto=https", "for=\"[::1]\"", "garbage", "for=;by=;"));
                case 10 -> d.headers.add("X-Empty:");
                case 11 -> d.headers.add("X-Long: " + "v".repeat(1000 + r.nextInt(7000)));
                case 12 -> d.headers.add("X-!#$%&'*+.^_`|~: tchars");
                case 13 -> d.headers.add("X-Latin1: " + latin1(string(r, 30)) + "\u00ff\u0080");
                case 14 -> {
                    d.headers.add("Connection: Upgrade");
                    d.headers.add("Upgrade: websocket");
                    d.headers.add("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==");
                    d.headers.add("Sec-WebSocket-Version: 13");
                }
                case 15 -> d.headers.add("X-HTTP-Method-Override: " + pick(r, "DELETE", "PUT", "GET"));
                case 16 -> d.headers.add("Accept-Charset: " + pick(r, "utf-16", "x-nope", "*"));
                case 17 -> d.headers.add("Authorization: " + pick(r, "Bearer x", "Basic", "", "Digest a=b"));
                case 18 -> d.headers.add("Content-Language: " + pick(r, "de", "x-\u00e9"));
                default -> {
                    d.headers.add("Connection: close");
                    d.ownConnection = true;
                }
            }
        }
    }

    // --- values ---------------------------------------------------------------------------------------------------

    private String json(SplittableRandom r) {
        StringBuilder out = new StringBuilder();
        jsonValue(r, out, 0, new int[] {5 + r.nextInt(40)});
        return out.toString();
    }

    private void jsonValue(SplittableRandom r, StringBuilder out, int depth, int[] budget) {
        budget[0]--;
        int kind = depth == 0 ? r.nextInt(3) == 0 ? r.nextInt(7) : r.nextInt(2) : budget[0] <= 0 || depth > 8 ? 2 + r.nextInt(5) : r.nextInt(7);
        switch (kind) {
            case 0 -> {
                out.append('{');
                int n = r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    out.append('"').append(string(r, 8)).append("\":");
                    jsonValue(r, out, depth + 1, budget);
                }
                out.append('}');
            }
            case 1 -> {
                out.append('[');
                int n = r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        out.append(r.nextInt(10) == 0 ? " , " : ",");
                    }
                    jsonValue(r, out, depth + 1, budget);
                }
                out.append(']');
            }
            case 2, 6 -> out.append('"').append(string(r, 20)).append('"');
            case 3 -> out.append(pick(r, NUMBERS));
            case 4 -> out.append(r.nextBoolean());
            default -> out.append("null");
        }
    }

    /** A JSON string's content (escapes included, never a raw quote, backslash or control character). */
    private static String string(SplittableRandom r, int max) {
        StringBuilder s = new StringBuilder();
        int n = r.nextInt(max + 1);
        for (int i = 0; i < n; i++) {
            if (r.nextInt(4) == 0) {
                s.append(pick(r, STRING_PIECES));
            } else {
                s.append((char) ('a' + r.nextInt(26)));
            }
        }
        return s.toString();
    }

    private byte[] nested(SplittableRandom r) {
        int room = maxBodySize;
        return switch (r.nextInt(5)) {
            case 0 -> {
                int n = 1 + r.nextInt(room / 2);
                yield utf8("[".repeat(n) + "]".repeat(n));
            }
            case 1 -> {
                int n = 1 + r.nextInt(room / 7);
                yield utf8("{\"a\":".repeat(n) + "1" + "}".repeat(n));
            }
            case 2 -> utf8("[".repeat(900 + r.nextInt(room - 899))); // deeper than the parser's limit, never closed
            case 3 -> {
                int n = 1 + r.nextInt(room / 8);
                yield utf8("{\"a\":[".repeat(n) + "1" + "]}".repeat(n));
            }
            default -> {
                int n = room / 2 + r.nextInt(room * 4); // over the limit: 413
                yield utf8("[".repeat(n) + "]".repeat(n));
            }
        };
    }

    private byte[] mutate(SplittableRandom r, byte[] body) {
        byte[] out = body.clone();
        switch (r.nextInt(6)) {
            case 0 -> {
                if (out.length > 0) {
                    out[r.nextInt(out.length)] = (byte) r.nextInt(256);
                }
            }
            case 1 -> out = java.util.Arrays.copyOf(out, out.length == 0 ? 0 : r.nextInt(out.length));
            case 2 -> {
                int at = out.length == 0 ? 0 : r.nextInt(out.length);
                out = concat(java.util.Arrays.copyOf(out, at), BAD_UTF8[r.nextInt(BAD_UTF8.length)],
                        java.util.Arrays.copyOfRange(body, at, body.length));
            }
            case 3 -> out = concat(out, utf8(pick(r, " x", "{}", ",", "]", "\u0000", "//c", "/*", " 1")));
            case 4 -> out = concat(utf8(pick(r, "x", ",", "]", "'", "\u0000", "NaN", "Infinity ")), out);
            default -> {
                for (int i = 0; i < 1 + r.nextInt(4) && out.length > 0; i++) {
                    out[r.nextInt(out.length)] ^= (byte) (1 << r.nextInt(8));
                }
            }
        }
        return out;
    }

    private byte[] xml(SplittableRandom r) {
        return utf8(switch (r.nextInt(8)) {
            case 0 -> "<?xml version=\"1.0\"?><order id=\"1\"><pet name=\"Gromit\" status=\"sold\">" + string(r, 20).replace("<", "")
                    + "</pet></order>";
            case 1 -> "<a:root xmlns:a=\"urn:a\" xmlns=\"urn:d\"><a:b a:c=\"1\"/><d>é</d></a:root>";
            case 2 -> {
                int n = 1 + r.nextInt(maxBodySize / 7 + 20);
                yield "<a>".repeat(n) + "x" + "</a>".repeat(n);
            }
            case 3 -> "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
                    + "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
                    + "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">"
                    + "<!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">"
                    + "<!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">"
                    + "<!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">]><lolz>&lol6;</lolz>";
            case 4 -> "<?xml version=\"1.0\"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><foo>&xxe;</foo>";
            case 5 -> "<a><b></a>";
            case 6 -> "<?xml version=\"1.0\" encoding=\"" + pick(r, "UTF-16", "x-nope", "ISO-8859-1") + "\"?><a>" + string(r, 10) + "</a>";
            default -> "<" + string(r, 10) + ">";
        });
    }

    private static byte[] binary(SplittableRandom r) {
        return switch (r.nextInt(4)) {
            case 0 -> concat(utf8("%PDF-1.4\n"), randomBytes(r, r.nextInt(200)));
            case 1 -> concat(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, randomBytes(r, r.nextInt(200)));
            case 2 -> utf8("name,status\nGromit,sold\n\"a,b\",\"c\"\"d\"\n");
            default -> utf8("--fuzz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--fuzz\r\n"
                    + "Content-Disposition: form-data; name=\"f\"; filename=\"x.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                    + string(r, 20) + "\r\n--fuzz" + (r.nextBoolean() ? "--\r\n" : ""));
        };
    }

    private byte[] huge(SplittableRandom r) {
        int size = maxBodySize + 1 + (int) Math.min(400_000, Math.exp(r.nextDouble() * Math.log(400_000)));
        byte[] body = new byte[size];
        if (r.nextBoolean()) {
            java.util.Arrays.fill(body, (byte) ' ');
            body[0] = '[';
            body[size - 1] = ']';
        } else {
            r.nextBytes(body);
        }
        return body;
    }

    /** A query string or form body: names and values with valid, invalid and invalid-UTF-8 %-encodings. */
    private static String query(SplittableRandom r) {
        StringBuilder q = new StringBuilder();
        int n = r.nextInt(6);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                q.append(r.nextInt(10) == 0 ? pick(r, "&&", ";", "&=&") : "&");
            }
            q.append(queryPart(r));
            if (r.nextInt(8) > 0) {
                q.append('=').append(queryPart(r));
            }
        }
        return q.toString();
    }

    private static String queryPart(SplittableRandom r) {
        return switch (r.nextInt(12)) {
            case 0 -> "petname";
            case 1 -> "Gromit+the+dog";
            case 2 -> "%C3%A9t%C3%A9";
            case 3 -> pick(r, "%ff%fe", "%C0%80", "%ED%A0%80", "%F0%9F", "%80");
            case 4 -> "%00";
            case 5 -> pick(r, "%zz", "%", "%4", "%G1");
            case 6 -> "";
            case 7 -> "a[b]";
            case 8 -> latin1(pick(r, "é", "😀"));
            case 9 -> "%2526%253D";
            case 10 -> "x".repeat(r.nextInt(200));
            default -> Long.toString(r.nextLong());
        };
    }

    private static String extraPath(SplittableRandom r) {
        StringBuilder p = new StringBuilder();
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                p.append('/');
            }
            p.append(pick(r, "orders", "42", "a%20b", "%2F", "..", ".", "", "%C3%A9", "%ff", "%00", latin1("é"), "a;b=c", "x".repeat(50),
                    "%2e%2e", "~user", "a+b", "%zz"));
        }
        return p.toString();
    }

    private String oddFlowId(SplittableRandom r) {
        return switch (r.nextInt(12)) {
            case 0 -> randomHex(r, 24);
            case 1 -> randomHex(r, 1 + r.nextInt(100));
            case 2 -> "";
            case 3 -> "%00";
            case 4 -> pick(r, "..", ".", "%2e%2e", "%2F", "%2f..%2f");
            case 5 -> latin1("flöw-😀");
            case 6 -> "%C3%A9%ff%fe";
            case 7 -> "x".repeat(200 + r.nextInt(2000));
            case 8 -> {
                // A live id with one character %-encoded: a dirty flow's, as the credentials sent with it may be wrong.
                String id = dirty.get(r.nextInt(dirty.size())).id();
                yield "%" + HexFormat.of().formatHex(id.getBytes(StandardCharsets.US_ASCII), 0, 1) + id.substring(1);
            }
            case 9 -> clean.get(r.nextInt(clean.size())).id().toUpperCase(Locale.ROOT);
            case 10 -> pick(r, "null", "undefined", "0", "-1", "{flowId}", "%7BflowId%7D");
            default -> "a;b=c";
        };
    }

    /** A request of random bytes, with a request line of three tokens and an end of headers, so it is complete. */
    private static byte[] garbage(SplittableRandom r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(randomToken(r));
        out.write(' ');
        out.writeBytes(randomToken(r));
        out.write(' ');
        out.writeBytes(randomToken(r));
        out.writeBytes(new byte[] {'\r', '\n'});
        byte[] rest = randomBytes(r, r.nextInt(300));
        for (int i = 0; i < rest.length; i++) {
            if (rest[i] == '\r' || rest[i] == '\n') {
                rest[i] = 'x';
            }
        }
        out.writeBytes(rest);
        out.writeBytes(new byte[] {'\r', '\n', '\r', '\n'});
        return out.toByteArray();
    }

    private static byte[] randomToken(SplittableRandom r) {
        byte[] token = randomBytes(r, 1 + r.nextInt(20));
        for (int i = 0; i < token.length; i++) {
            if (token[i] == ' ' || token[i] == '\r' || token[i] == '\n' || token[i] == '\t') {
                token[i] = 'x';
            }
        }
        return token;
    }

    private static byte[] chunked(SplittableRandom r, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < body.length) {
            int n = Math.min(body.length - at, 1 + r.nextInt(Math.max(1, Math.min(body.length, 4096))));
            out.writeBytes((Integer.toHexString(n) + (r.nextInt(20) == 0 ? ";ext=1" : "") + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, at, n);
            out.writeBytes(new byte[] {'\r', '\n'});
            at += n;
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    @SafeVarargs
    private static <T> T pick(SplittableRandom r, T... choices) {
        return choices[r.nextInt(choices.length)];
    }

    private static String casing(SplittableRandom r, String name) {
        return switch (r.nextInt(3)) {
            case 0 -> name;
            case 1 -> name.toLowerCase(Locale.ROOT);
            default -> name.toUpperCase(Locale.ROOT);
        };
    }

    private static String randomHex(SplittableRandom r, int length) {
        StringBuilder s = new StringBuilder();
        while (s.length() < length) {
            s.append(Long.toHexString(r.nextLong() | Long.MIN_VALUE));
        }
        return s.substring(0, length);
    }

    private static byte[] randomBytes(SplittableRandom r, int length) {
        byte[] bytes = new byte[length];
        r.nextBytes(bytes);
        return bytes;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A string's UTF-8 bytes as a Latin-1 string: one char per byte on the wire. */
    private static String latin1(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] hmac(String algorithm, byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether Quarkus's own check ({@code new URI(uri)} before any route) refuses the target. */
    static boolean uriInvalid(String target) {
        try {
            new URI(target);
            return false;
        } catch (URISyntaxException e) {
            return true;
        }
    }

    private enum Framing { LENGTH, CHUNKED, NONE, DECLARED_ONLY, CUSTOM }

    /** A request being put together. */
    private static final class Draft {
        final long index;
        String method = "GET";
        String target = "/";
        String version = "HTTP/1.1";
        String lineEnd = "\r\n";
        final List<String> headers = new ArrayList<>();
        byte[] body = new byte[0];
        Framing framing = Framing.LENGTH;
        String flaw;
        boolean ownConnection;
        boolean noHost;
        boolean webhook;
        FuzzFlow flow;
        byte[] raw;
        byte[] logicalBody; // what a signature covers when the framing is written by hand into body

        Draft(long index) {
            this.index = index;
        }

        FuzzRequest build() {
            if (raw != null) {
                String line = new String(raw, 0, Math.min(raw.length, 200), StandardCharsets.ISO_8859_1);
                return new FuzzRequest(index, "(garbage)", line, List.of(), new byte[0], flaw, true, null, false, raw);
            }
            // RFC 3986 has no raw non-ASCII, space or control characters in a URI.
            if (flaw == null && (uriInvalid(target) || target.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f))) {
                flaw = "URI syntax";
            }
            List<String> lines = new ArrayList<>();
            if (!noHost) {
                lines.add("Host: localhost");
            }
            lines.addAll(headers);
            byte[] wireBody = body;
            switch (framing) {
                case LENGTH -> lines.add("Content-Length: " + body.length);
                case DECLARED_ONLY -> {
                    lines.add("Content-Length: " + body.length);
                    wireBody = new byte[0];
                }
                case CHUNKED -> {
                    lines.add("Transfer-Encoding: chunked");
                    wireBody = chunked(new SplittableRandom(index), body);
                }
                default -> { }
            }
            if (framing == Framing.NONE && (version.equals("HTTP/1.0") || body.length > 0)) {
                lines.add("Content-Length: " + body.length);
            }
            StringBuilder head = new StringBuilder(method).append(' ').append(target);
            if (!version.isEmpty()) {
                head.append(' ').append(version);
            }
            head.append(lineEnd);
            for (String line : lines) {
                head.append(line).append(lineEnd);
            }
            head.append(lineEnd);
            byte[] wire = concat(head.toString().getBytes(StandardCharsets.ISO_8859_1), wireBody);
            // A large request is written alongside the read of its answer (RawHttpConnection), so no next request may follow it.
            return new FuzzRequest(index, method, target, List.copyOf(lines), body, flaw, ownConnection || wire.length > 16 * 1024,
                    flow, webhook && flaw == null, wire);
        }
    }
}
