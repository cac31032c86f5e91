package dev.strata.example.load;

import dev.strata.example.demo.ChaosOrigin;
import dev.strata.example.demo.ItemBody;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The load and check client of {@code scripts/chaos.sh}: drives the examples' fault-test origin
 * ({@code --chaos}, see {@link ChaosOrigin}) and checks every body it gets against the one the
 * origin makes for that key ({@link ItemBody}), so "nothing lost, nothing wrong" is counted. Prints
 * one line of {@code name=value} figures.
 *
 * <pre>
 * java -cp jetty-example.jar dev.strata.example.load.LoadClient load --targets http://127.0.0.1:P1,http://127.0.0.1:P2
 *      [--path /api/item/] [--keys 1000] [--prefix k] [--query maxAge=30] [--concurrency 8] [--rate 200]
 *      [--duration-ms 30000] [--timeout-ms 15000] [--mark-file F] [--window-ms 10000] [--bound-ms N[,N2]]
 *      [--each-key-once]
 * ... LoadClient vary --target URL [--variants 10000] [--concurrency 4] [--max-ms 600000]
 * ... LoadClient big --target URL [--bytes 104857600]
 * ... LoadClient badinput --target URL
 * ... LoadClient origin-faults --target URL
 * ... LoadClient ports [--count N]
 * </pre>
 *
 * <p>Every request carries {@code Host: shop.example} ({@code --host} to change it), as behind a load
 * balancer, so that the app nodes share keys. {@code load}: requests keys chosen at random (seeded) round-robin over the targets, at
 * {@code rate} requests a second in all (0 = as fast as the workers go), for {@code duration-ms}.
 * With {@code mark-file}, whose content is a time in epoch milliseconds written while the load runs
 * (a kill), latencies are reported for requests sent before it and within {@code window-ms} after.
 * Exit status 0 whatever the figures: the script judges them.
 */
public final class LoadClient {
    private static final int MAX_REPORTED_FAILURES = 5;

    private LoadClient() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: LoadClient load|vary|big|badinput|origin-faults [--flag value]...");
            System.exit(2);
        }
        Map<String, String> o = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String flag = args[i];
            if (!flag.startsWith("--")) {
                System.err.println("unexpected argument: " + flag);
                System.exit(2);
            }
            if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                o.put(flag.substring(2), args[++i]);
            } else {
                o.put(flag.substring(2), "true");
            }
        }
        RawHttp.siteHost = o.getOrDefault("host", RawHttp.siteHost);
        String line = switch (args[0]) {
            case "load" -> load(o);
            case "vary" -> vary(o);
            case "big" -> big(o);
            case "badinput" -> badInput(o);
            case "origin-faults" -> originFaults(o);
            case "ports" -> ports(o);
            default -> {
                System.err.println("unknown command: " + args[0]);
                System.exit(2);
                yield "";
            }
        };
        System.out.println(line);
        System.exit(0);
    }

    // ------------------------------------------------------------------ load

    /** Per-worker records: start (ms since epoch), latency (µs), outcome. */
    private static final class Records {
        long[] start = new long[1024];
        long[] micros = new long[1024];
        int n;
        /** The slowest request of this worker, for the report. */
        long slowestMicros = -1;
        String slowest;

        void add(long startMs, long latencyMicros) {
            if (n == start.length) {
                start = Arrays.copyOf(start, n * 2);
                micros = Arrays.copyOf(micros, n * 2);
            }
            start[n] = startMs;
            micros[n] = latencyMicros;
            n++;
        }
    }

    private static String load(Map<String, String> o) throws Exception {
        List<URI> targets = new ArrayList<>();
        for (String t : o.getOrDefault("targets", o.getOrDefault("target", "")).split(",")) {
            if (!t.isBlank()) {
                targets.add(URI.create(t.trim()));
            }
        }
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("--targets needed");
        }
        String path = o.getOrDefault("path", "/api/item/");
        int keys = Integer.parseInt(o.getOrDefault("keys", "1000"));
        String prefix = o.getOrDefault("prefix", "k");
        String query = o.getOrDefault("query", "");
        int concurrency = Integer.parseInt(o.getOrDefault("concurrency", "8"));
        double rate = Double.parseDouble(o.getOrDefault("rate", "200"));
        long durationMs = Long.parseLong(o.getOrDefault("duration-ms", "30000"));
        long timeoutMs = Long.parseLong(o.getOrDefault("timeout-ms", "15000"));
        long windowMs = Long.parseLong(o.getOrDefault("window-ms", "10000"));
        String bounds = o.getOrDefault("bound-ms", "");
        boolean eachOnce = o.containsKey("each-key-once");
        Path markFile = o.containsKey("mark-file") ? Path.of(o.get("mark-file")) : null;

        byte[][] expected = new byte[keys][];
        for (int k = 0; k < keys; k++) {
            expected[k] = ItemBody.of(prefix + k);
        }
        ExecutorService httpPool = Executors.newFixedThreadPool(2, daemon("http"));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).executor(httpPool).build();
        LongAdder non2xx = new LongAdder();
        LongAdder wrong = new LongAdder();
        LongAdder errors = new LongAdder();
        Map<String, LongAdder> xCache = new ConcurrentHashMap<>();
        Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        AtomicInteger reported = new AtomicInteger();
        AtomicInteger nextKey = new AtomicInteger();
        long begin = System.currentTimeMillis();
        long end = begin + durationMs;
        long intervalNanos = rate > 0 ? (long) (1e9 * concurrency / rate) : 0;
        ExecutorService workers = Executors.newFixedThreadPool(concurrency, daemon("load"));
        List<Future<Records>> futures = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            int worker = w;
            futures.add(workers.submit(() -> {
                Records records = new Records();
                SplittableRandom random = new SplittableRandom(42 + worker);
                long next = System.nanoTime() + (intervalNanos * worker) / Math.max(1, concurrency);
                int sent = 0;
                while (true) {
                    int k;
                    if (eachOnce) {
                        k = nextKey.getAndIncrement();
                        if (k >= keys) {
                            break;
                        }
                    } else {
                        if (System.currentTimeMillis() >= end) {
                            break;
                        }
                        k = random.nextInt(keys);
                    }
                    if (intervalNanos > 0) {
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        }
                        next += intervalNanos;
                    }
                    URI target = targets.get((worker + sent++) % targets.size());
                    URI uri = target.resolve(path + prefix + k + (query.isEmpty() ? "" : "?" + query));
                    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofMillis(timeoutMs))
                            .header("Host", RawHttp.siteHost).GET().build();
                    long startMs = System.currentTimeMillis();
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        long micros = (System.nanoTime() - t0) / 1000;
                        records.add(startMs, micros);
                        if (micros > records.slowestMicros) {
                            records.slowestMicros = micros;
                            records.slowest = ms(micros) + " ms at +" + (startMs - begin) + " ms " + uri.getPath()
                                    + " " + r.headers().firstValue("Cache-Status").orElse("-");
                        }
                        statuses.computeIfAbsent(r.statusCode(), s -> new LongAdder()).increment();
                        xCache.computeIfAbsent(r.headers().firstValue("X-Cache").orElse("-"), s -> new LongAdder())
                                .increment();
                        if (r.statusCode() / 100 != 2) {
                            non2xx.increment();
                            report(reported, "status " + r.statusCode() + " for " + uri + ": "
                                    + new String(r.body(), StandardCharsets.UTF_8));
                        } else if (!Arrays.equals(expected[k], r.body())) {
                            wrong.increment();
                            report(reported, "wrong body for " + uri + " (" + r.body().length + " bytes, X-Cache "
                                    + r.headers().firstValue("X-Cache").orElse("-") + ")");
                        }
                    } catch (IOException e) {
                        records.add(startMs, (System.nanoTime() - t0) / 1000);
                        errors.increment();
                        report(reported, "error for " + uri + ": " + e);
                    }
                }
                return records;
            }));
        }
        List<Records> all = new ArrayList<>();
        for (Future<Records> f : futures) {
            all.add(f.get(durationMs + timeoutMs * 4 + 60_000, TimeUnit.MILLISECONDS));
        }
        all.stream().filter(r -> r.slowest != null).sorted((a, b) -> Long.compare(b.slowestMicros, a.slowestMicros))
                .limit(3).forEach(r -> System.err.println("LoadClient: slow: " + r.slowest));
        workers.shutdownNow();
        long elapsed = Math.max(1, System.currentTimeMillis() - begin);
        int total = 0;
        for (Records r : all) {
            total += r.n;
        }
        long[] latencies = new long[total];
        int i = 0;
        for (Records r : all) {
            System.arraycopy(r.micros, 0, latencies, i, r.n);
            i += r.n;
        }
        StringBuilder line = new StringBuilder();
        line.append("requests=").append(total)
                .append(" non2xx=").append(non2xx.sum())
                .append(" wrong=").append(wrong.sum())
                .append(" errors=").append(errors.sum())
                .append(" rps=").append(Math.round(total * 1000.0 / elapsed))
                .append(" p50_ms=").append(ms(percentile(latencies, 50)))
                .append(" p99_ms=").append(ms(percentile(latencies, 99)))
                .append(" max_ms=").append(ms(percentile(latencies, 100)));
        if (markFile != null && Files.exists(markFile)) {
            long mark = Long.parseLong(Files.readString(markFile).trim());
            long[] before = select(all, Long.MIN_VALUE, mark);
            long[] after = select(all, mark, mark + windowMs);
            line.append(" before_requests=").append(before.length)
                    .append(" before_p99_ms=").append(ms(percentile(before, 99)))
                    .append(" after_requests=").append(after.length)
                    .append(" after_p99_ms=").append(ms(percentile(after, 99)))
                    .append(" after_max_ms=").append(ms(percentile(after, 100)));
            int n = 0;
            for (String bound : bounds.split(",")) {
                if (!bound.isBlank()) {
                    long micros = Long.parseLong(bound.trim()) * 1000;
                    line.append(" after_over_bound").append(n++ == 0 ? "" : String.valueOf(n))
                            .append('=').append(Arrays.stream(after).filter(m -> m > micros).count());
                }
            }
        }
        line.append(" x_cache=").append(counts(xCache)).append(" statuses=").append(counts(statuses));
        httpPool.shutdownNow();
        return line.toString();
    }

    private static long[] select(List<Records> all, long from, long to) {
        int n = 0;
        for (Records r : all) {
            for (int i = 0; i < r.n; i++) {
                if (r.start[i] >= from && r.start[i] < to) {
                    n++;
                }
            }
        }
        long[] out = new long[n];
        int j = 0;
        for (Records r : all) {
            for (int i = 0; i < r.n; i++) {
                if (r.start[i] >= from && r.start[i] < to) {
                    out[j++] = r.micros[i];
                }
            }
        }
        return out;
    }

    private static long percentile(long[] values, double p) {
        if (values.length == 0) {
            return -1;
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static String ms(long micros) {
        return micros < 0 ? "-" : String.format(Locale.ROOT, "%.1f", micros / 1000.0);
    }

    private static <K> String counts(Map<K, LongAdder> map) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<K, LongAdder> e : new TreeMap<>(map).entrySet()) {
            b.append(b.length() == 0 ? "" : ",").append(e.getKey()).append(':').append(e.getValue().sum());
        }
        return b.length() == 0 ? "-" : b.toString();
    }

    private static void report(AtomicInteger reported, String what) {
        if (reported.incrementAndGet() <= MAX_REPORTED_FAILURES) {
            System.err.println("LoadClient: " + what);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    // ------------------------------------------------------------------ shared by the checks

    private record Target(String host, int port) {
        static Target of(Map<String, String> o) {
            URI uri = URI.create(o.getOrDefault("target", "http://127.0.0.1:8080"));
            return new Target(uri.getHost(), uri.getPort());
        }
    }

    /** Counts outcomes of the checks. */
    private static final class Tally {
        final LongAdder requests = new LongAdder();
        final LongAdder serverErrors = new LongAdder();
        final LongAdder wrong = new LongAdder();
        final LongAdder errors = new LongAdder();
        final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        final AtomicInteger reported = new AtomicInteger();

        void status(int status) {
            requests.increment();
            statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
            if (status >= 500) {
                serverErrors.increment();
            }
        }

        String line() {
            return "requests=" + requests.sum() + " 5xx=" + serverErrors.sum() + " wrong=" + wrong.sum() + " errors="
                    + errors.sum() + " statuses=" + counts(statuses);
        }
    }

    // ------------------------------------------------------------------ vary

    private static String vary(Map<String, String> o) throws Exception {
        Target t = Target.of(o);
        int variants = Integer.parseInt(o.getOrDefault("variants", "10000"));
        int concurrency = Integer.parseInt(o.getOrDefault("concurrency", "4"));
        String id = o.getOrDefault("id", "vary-" + System.currentTimeMillis());
        long maxMs = Long.parseLong(o.getOrDefault("max-ms", "600000"));
        long deadline = System.currentTimeMillis() + maxMs;
        long t0 = System.nanoTime();
        Tally tally = new Tally();
        AtomicInteger next = new AtomicInteger();
        Map<String, LongAdder> xCache = new ConcurrentHashMap<>();
        runParallel(concurrency, () -> {
            for (int i = next.getAndIncrement(); i < variants && System.currentTimeMillis() < deadline;
                    i = next.getAndIncrement()) {
                checkVariant(t, id, "v" + i, tally, xCache);
            }
        });
        long done = tally.requests.sum() + tally.errors.sum();
        double seconds = (System.nanoTime() - t0) / 1e9;
        // a second look at a sample: stored variants are hits now (within the stores' bounds)
        Map<String, LongAdder> again = new ConcurrentHashMap<>();
        AtomicInteger sample = new AtomicInteger();
        int sampleSize = (int) Math.min(done, 200);
        runParallel(concurrency, () -> {
            for (int i = sample.getAndIncrement(); i < sampleSize; i = sample.getAndIncrement()) {
                checkVariant(t, id, "v" + (i * (done / sampleSize)), tally, again);
            }
        });
        return "variants=" + done + " variants_per_s=" + String.format(Locale.ROOT, "%.0f", done / seconds) + " "
                + tally.line() + " first_x_cache=" + counts(xCache) + " again_x_cache=" + counts(again);
    }

    private static void checkVariant(Target t, String id, String variant, Tally tally, Map<String, LongAdder> xCache) {
        try {
            RawHttp.Response r = RawHttp.get(t.host(), t.port(), "/api/vary/" + id, 15_000, "X-Variant", variant);
            tally.status(r.status());
            xCache.computeIfAbsent(String.valueOf(r.header("X-Cache")), s -> new LongAdder()).increment();
            if (r.status() == 200 && !Arrays.equals(ItemBody.variant(id, variant), r.body())) {
                tally.wrong.increment();
                report(tally.reported, "wrong body for variant " + variant);
            }
        } catch (IOException e) {
            tally.errors.increment();
            report(tally.reported, "error for variant " + variant + ": " + e);
        }
    }

    private static void runParallel(int threads, Runnable task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads, daemon("check"));
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            futures.add(pool.submit(task));
        }
        for (Future<?> f : futures) {
            f.get(10, TimeUnit.MINUTES);
        }
        pool.shutdownNow();
    }

    // ------------------------------------------------------------------ big

    private static String big(Map<String, String> o) throws Exception {
        Target t = Target.of(o);
        long bytes = Long.parseLong(o.getOrDefault("bytes", String.valueOf(100L << 20)));
        StringBuilder line = new StringBuilder("bytes=").append(bytes);
        for (int round = 1; round <= 2; round++) {
            AtomicLong position = new AtomicLong();
            AtomicLong mismatches = new AtomicLong();
            long t0 = System.nanoTime();
            RawHttp.Response r = RawHttp.get(t.host(), t.port(), "/api/big?bytes=" + bytes, 60_000, (buf, n) -> {
                long p = position.get();
                for (int i = 0; i < n; i++) {
                    if (buf[i] != (byte) ((p + i) % 251)) {
                        mismatches.incrementAndGet();
                    }
                }
                position.addAndGet(n);
            }, null);
            double seconds = (System.nanoTime() - t0) / 1e9;
            line.append(" round").append(round).append("_status=").append(r.status())
                    .append(" round").append(round).append("_received=").append(r.bodyLength())
                    .append(" round").append(round).append("_mismatches=").append(mismatches.get())
                    .append(" round").append(round).append("_x_cache=").append(r.header("X-Cache"))
                    .append(" round").append(round).append("_mib_s=")
                    .append(String.format(Locale.ROOT, "%.0f", bytes / 1048576.0 / seconds));
        }
        return line.toString();
    }

    // ------------------------------------------------------------------ bad input

    private static String badInput(Map<String, String> o) throws Exception {
        Target t = Target.of(o);
        String run = Long.toString(System.currentTimeMillis(), 36);
        String big = "a".repeat(64 * 1024);
        String bigList = "a,".repeat(32 * 1024);
        StringBuilder manyNames = new StringBuilder();
        for (int i = 0; manyNames.length() < 64 * 1024; i++) {
            manyNames.append(i == 0 ? "" : ",").append("X-H").append(i);
        }
        String bigEtags = "\"a\",".repeat(16 * 1024);
        // {path kind, header name, value, ...}: "item" checks ItemBody, "echo" too, "vary" the variant
        List<String[]> cases = List.of(
                new String[] {"item", "Cache-Control", "max-age=abc"},
                new String[] {"item", "Cache-Control", "max-age=-1"},
                new String[] {"item", "Cache-Control", "max-age=99999999999999999999999"},
                new String[] {"item", "Cache-Control", ",,,;;;===\"\""},
                new String[] {"item", "Cache-Control", "no-cache=\""},
                new String[] {"item", "Cache-Control", bigList},
                new String[] {"item", "Pragma", "no-cache, =,"},
                new String[] {"item", "If-None-Match", "\"unterminated"},
                new String[] {"item", "If-None-Match", "W/"},
                new String[] {"item", "If-None-Match", "*, garbage, \"x\""},
                new String[] {"item", "If-None-Match", bigEtags},
                new String[] {"item", "If-Modified-Since", "not a date"},
                new String[] {"item", "If-Modified-Since", big},
                new String[] {"item", "X-Big", big},
                new String[] {"item", "X-Forwarded-Host", big},
                new String[] {"item", "Forwarded", "for=\"" + big},
                new String[] {"item", "Cookie", "=;=;;JSESSIONID"},
                new String[] {"item", "Range", "bytes=garbage"},
                new String[] {"item", "Accept-Language", big},
                new String[] {"vary", "X-Variant", big},
                new String[] {"vary", "X-Variant", "\"a, b\";q=,,"},
                new String[] {"echo", "X-Echo-Cache-Control", "max-age=abc"},
                new String[] {"echo", "X-Echo-Cache-Control", "public, max-age=-5"},
                new String[] {"echo", "X-Echo-Cache-Control", "public, s-maxage=99999999999999999999"},
                new String[] {"echo", "X-Echo-Cache-Control", "public, max-age=\"60\""},
                new String[] {"echo", "X-Echo-Cache-Control", "public, no-cache=\"Set-Cookie"},
                new String[] {"echo", "X-Echo-Cache-Control", "public, stale-if-error=x, stale-while-revalidate=-1"},
                new String[] {"echo", "X-Echo-Cache-Control", bigList},
                new String[] {"echo", "X-Echo-Cache-Control", "public", "X-Echo-Expires", "garbage"},
                new String[] {"echo", "X-Echo-Cache-Control", "public", "X-Echo-Expires", "0"},
                new String[] {"echo", "X-Echo-Cache-Control", "public", "X-Echo-Expires", "-1"},
                new String[] {"echo", "X-Echo-Cache-Control", "public", "X-Echo-Expires",
                        "Fri, 31 Dec 9999 23:59:59 GMT"},
                new String[] {"echo", "X-Echo-Cache-Control", "public", "X-Echo-Expires",
                        "Thu, 01 Jan 1970 00:00:00 GMT"},
                new String[] {"echo", "X-Echo-Cache-Control", "public", "X-Echo-Expires", big},
                new String[] {"echo", "X-Echo-Cache-Control", "public", "X-Echo-Expires", "Sun, 06 Nov 1994 08:49:37 GMT",
                        "X-Echo-Date", "garbage"},
                new String[] {"echo", "X-Echo-Vary", ",,,"},
                new String[] {"echo", "X-Echo-Vary", "*"},
                new String[] {"echo", "X-Echo-Vary", "X-A,,  ,X-B"},
                new String[] {"echo", "X-Echo-Vary", "Cookie"},
                new String[] {"echo", "X-Echo-Vary", "X-\u00e9t\u00e9"},
                new String[] {"echo", "X-Echo-Vary", manyNames.toString()},
                new String[] {"echo", "X-Echo-ETag", "\"unterminated", "If-None-Match", "\"unterminated"},
                new String[] {"echo", "X-Echo-ETag", "\"" + big + "\"", "If-None-Match", "\"" + big + "\""},
                new String[] {"echo", "X-Echo-Last-Modified", "garbage", "If-Modified-Since", "garbage"},
                new String[] {"echo", "X-Echo-Age", "-1"},
                new String[] {"echo", "X-Echo-Age", "99999999999999999999"},
                new String[] {"echo", "X-Echo-Content-Type", big});
        Tally tally = new Tally();
        for (int c = 0; c < cases.size(); c++) {
            String[] spec = cases.get(c);
            String kind = spec[0];
            String[] headers = Arrays.copyOfRange(spec, 1, spec.length);
            String id = "bad-" + run + "-" + c;
            String path = "/api/" + kind + "/" + id;
            String variant = kind.equals("vary") ? headers[1] : null;
            for (int round = 1; round <= 2; round++) {
                try {
                    RawHttp.Response r = RawHttp.get(t.host(), t.port(), path, 15_000, headers);
                    tally.status(r.status());
                    if (r.status() >= 500) {
                        report(tally.reported, "case " + c + " (" + headers[0] + ") round " + round + ": " + r.status());
                    }
                    byte[] expected = variant != null ? ItemBody.variant(id, variant) : ItemBody.of(id);
                    if (r.status() == 200 && !Arrays.equals(expected, r.body())) {
                        tally.wrong.increment();
                        report(tally.reported, "case " + c + " (" + headers[0] + ") round " + round + ": wrong body");
                    }
                } catch (IOException e) {
                    tally.errors.increment();
                    report(tally.reported, "case " + c + " (" + headers[0] + ") round " + round + ": " + e);
                }
            }
        }
        return "cases=" + cases.size() + " " + tally.line();
    }

    // ------------------------------------------------------------------ origin failures

    private static String originFaults(Map<String, String> o) throws Exception {
        Target t = Target.of(o);
        String run = Long.toString(System.currentTimeMillis(), 36);
        int staleKeys = Integer.parseInt(o.getOrDefault("stale-keys", "20"));
        int freshKeys = Integer.parseInt(o.getOrDefault("fresh-keys", "10"));
        Tally warm = new Tally();
        for (int i = 0; i < staleKeys; i++) {
            item(t, "s-" + run + "-" + i, "?maxAge=1", warm);
        }
        Thread.sleep(2500); // the stale keys are stale now (max-age=1), within stale-if-error=300
        StringBuilder line = new StringBuilder();
        String[] modes = {"500", "reset", "truncate", "hang"};
        long staleOk = 0;
        long staleTried = 0;
        List<String> freshIds = new ArrayList<>();
        for (String mode : modes) {
            control(t, "/demo/fault?mode=" + mode);
            Tally stale = new Tally();
            Tally fresh = new Tally();
            AtomicInteger next = new AtomicInteger();
            int total = staleKeys + freshKeys;
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                ids.add(i < staleKeys ? "s-" + run + "-" + i : "f-" + run + "-" + mode + "-" + (i - staleKeys));
            }
            runParallel(4, () -> {
                for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                    boolean isStale = i < staleKeys;
                    item(t, ids.get(i), isStale ? "?maxAge=1" : "", isStale ? stale : fresh);
                    if (isStale && !mode.equals("truncate") && stale.reported.get() == 0
                            && stale.requests.sum() > stale.statuses.getOrDefault(200, new LongAdder()).sum()) {
                        report(stale.reported, "mode " + mode + ": stale key " + ids.get(i) + " not served stale");
                    }
                }
            });
            for (int i = staleKeys; i < total; i++) {
                freshIds.add(ids.get(i));
            }
            long ok = stale.statuses.getOrDefault(200, new LongAdder()).sum() - stale.wrong.sum();
            if (!mode.equals("truncate")) {
                staleOk += ok;
                staleTried += staleKeys;
            }
            line.append(mode).append("[stale_200=").append(ok).append('/').append(staleKeys)
                    .append(" fresh=").append(counts(fresh.statuses))
                    .append(fresh.errors.sum() > 0 ? ",broken:" + fresh.errors.sum() : "")
                    .append(stale.errors.sum() > 0 ? " stale_broken=" + stale.errors.sum() : "")
                    .append("] ");
        }
        control(t, "/demo/fault?mode=ok");
        // nothing the failing origin said was stored: every key answers its right body now
        Tally after = new Tally();
        for (String id : freshIds) {
            item(t, id, "", after);
        }
        long storedErrors = after.requests.sum() - after.statuses.getOrDefault(200, new LongAdder()).sum()
                + after.wrong.sum();
        return line + "stale_served=" + staleOk + "/" + staleTried + " after_ok=" + after.statuses.getOrDefault(200,
                new LongAdder()).sum() + "/" + freshIds.size() + " stored_errors=" + storedErrors + " wrong="
                + after.wrong.sum();
    }

    private static void item(Target t, String id, String query, Tally tally) {
        try {
            RawHttp.Response r = RawHttp.get(t.host(), t.port(), "/api/item/" + id + query, 15_000);
            if (!r.complete()) {
                tally.errors.increment();
                return;
            }
            tally.status(r.status());
            if (r.status() == 200 && !Arrays.equals(ItemBody.of(id), r.body())) {
                tally.wrong.increment();
                report(tally.reported, "wrong body for " + id);
            }
        } catch (IOException e) {
            tally.errors.increment();
        }
    }

    private static void control(Target t, String path) throws IOException {
        RawHttp.Response r = RawHttp.get(t.host(), t.port(), path, 5_000);
        if (r.status() != 200) {
            throw new IOException(path + " answered " + r.status());
        }
    }

    // ------------------------------------------------------------------ ports

    /** Free loopback ports, for the script: bound and released at once. */
    private static String ports(Map<String, String> o) throws IOException {
        int n = Integer.parseInt(o.getOrDefault("count", "1"));
        List<java.net.ServerSocket> sockets = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        try {
            for (int i = 0; i < n; i++) {
                java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"));
                sockets.add(s);
                b.append(i == 0 ? "" : " ").append(s.getLocalPort());
            }
        } finally {
            for (java.net.ServerSocket s : sockets) {
                s.close();
            }
        }
        return b.toString();
    }
}
