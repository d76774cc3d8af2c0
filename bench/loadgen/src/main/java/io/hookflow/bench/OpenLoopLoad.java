package io.hookflow.bench;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import org.HdrHistogram.Histogram;

import java.net.ConnectException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * Open-loop, constant-arrival-rate HTTP load. Request {@code i} is due at {@code start + i / rate}; a 1 ms
 * timer on one event loop sends every request that is due, however many are still unanswered, and each
 * latency is measured from the request's intended start time. A slow server therefore shows up as latency
 * (queueing included) instead of slowing the arrivals down: no coordinated omission.
 */
final class OpenLoopLoad implements AutoCloseable {

    /** Requests waiting for a free connection beyond this fail at once, as "client queue full". */
    static final int MAX_CLIENT_QUEUE = 200_000;
    private static final long DRAIN_TIMEOUT_MS = 30_000;
    private static final int REQUEST_TIMEOUT_MS = 30_000;

    private final Vertx vertx;
    private final HttpClient client;
    private final Context context;
    private final int connections;

    OpenLoopLoad(String host, int port, int connections) {
        this.connections = connections;
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
                .setBlockedThreadCheckInterval(60_000));
        this.client = vertx.createHttpClient(new HttpClientOptions()
                        .setDefaultHost(host).setDefaultPort(port)
                        .setKeepAlive(true).setPipelining(false)
                        .setTcpNoDelay(true).setConnectTimeout(10_000),
                new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(MAX_CLIENT_QUEUE));
        this.context = vertx.getOrCreateContext();
    }

    int connections() {
        return connections;
    }

    /** Runs the load to the end (every request answered, failed or timed out) and returns what happened. */
    LoadResult run(LoadSpec spec) {
        Run run = new Run(spec);
        context.runOnContext(v -> run.start());
        return run.result.join();
    }

    @Override
    public void close() {
        client.close().toCompletionStage().toCompletableFuture().join();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    /** One load run; every field is touched on the event loop only. */
    private final class Run {
        private final LoadSpec spec;
        private final long total;
        private final double nanosPerRequest;
        private final CompletableFuture<LoadResult> result = new CompletableFuture<>();
        private final Histogram latency = new Histogram(3_600_000_000L, 3);
        private final Histogram sendLag = new Histogram(3_600_000_000L, 3);
        private final Map<String, Long> outcomes = new TreeMap<>();
        private final RequestOptions options;
        private long startNanos;
        private long startEpochMillis;
        private long sent;
        private long completed;
        private long ok;
        private long inFlight;
        private long maxInFlight;
        private long lastCompletionNanos;
        private long timer = -1;
        private boolean finished;

        Run(LoadSpec spec) {
            this.spec = spec;
            this.total = Math.max(1, Math.round(spec.rate() * spec.duration().toNanos() / 1e9));
            this.nanosPerRequest = 1e9 / spec.rate();
            this.options = new RequestOptions().setMethod(HttpMethod.POST).setURI(spec.paths().get(0))
                    .setHeaders(spec.headers()).setIdleTimeout(REQUEST_TIMEOUT_MS);
        }

        void start() {
            startEpochMillis = System.currentTimeMillis();
            startNanos = System.nanoTime();
            lastCompletionNanos = startNanos;
            tick();
            if (sent < total) {
                timer = vertx.setPeriodic(1, id -> tick());
            }
        }

        private void tick() {
            long now = System.nanoTime();
            long due = Math.min(total, (long) ((now - startNanos) / nanosPerRequest) + 1);
            while (sent < due) {
                send(sent++, now);
            }
            if (sent == total && timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
                vertx.setTimer(DRAIN_TIMEOUT_MS + REQUEST_TIMEOUT_MS, id -> finish());
            }
        }

        private void send(long seq, long now) {
            long intended = startNanos + (long) (seq * nanosPerRequest);
            sendLag.recordValue(Math.max(0, (now - intended) / 1000));
            RequestOptions request = options;
            if (spec.paths().size() > 1) {
                request = new RequestOptions(options).setURI(spec.paths().get((int) (seq % spec.paths().size())));
            }
            if (spec.requestIdPrefix() != null) {
                MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(spec.headers())
                        .add("x-request-id", RequestIds.of(spec.requestIdPrefix(), seq));
                request = (request == options ? new RequestOptions(options) : request).setHeaders(headers);
            }
            inFlight++;
            maxInFlight = Math.max(maxInFlight, inFlight);
            client.request(request)
                    .compose(r -> r.send(spec.body()))
                    .compose(response -> response.end().map(v -> response.statusCode()))
                    .onComplete(ar -> complete(intended, ar));
        }

        private void complete(long intended, AsyncResult<Integer> ar) {
            long now = System.nanoTime();
            inFlight--;
            completed++;
            lastCompletionNanos = now;
            latency.recordValue(Math.max(1, (now - intended) / 1000));
            String outcome;
            if (ar.succeeded()) {
                outcome = Integer.toString(ar.result());
                if (ar.result() == 200) {
                    ok++;
                }
            } else {
                outcome = describe(ar.cause());
            }
            outcomes.merge(outcome, 1L, Long::sum);
            if (sent == total && completed == total) {
                finish();
            }
        }

        private void finish() {
            if (finished) {
                return;
            }
            finished = true;
            if (completed < sent) {
                outcomes.merge("no answer within " + (DRAIN_TIMEOUT_MS + REQUEST_TIMEOUT_MS) / 1000 + " s",
                        sent - completed, Long::sum);
            }
            double seconds = Math.max(1e-9, (lastCompletionNanos - startNanos) / 1e9);
            result.complete(new LoadResult(spec, startEpochMillis, sent, completed, ok, seconds, latency,
                    sendLag, maxInFlight, Map.copyOf(outcomes)));
        }
    }

    private static String describe(Throwable failure) {
        if (failure instanceof ConnectionPoolTooBusyException) {
            return "client queue full";
        }
        if (failure instanceof ConnectException) {
            return "connection refused";
        }
        if (failure instanceof TimeoutException || failure.getClass().getSimpleName().contains("Timeout")) {
            return "timeout";
        }
        return failure.getClass().getSimpleName();
    }
}
