package dev.strata.example.demo;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Command-line options of both examples. The flag names are a contract:
 *
 * <pre>
 * [--port 8080] [--cluster-port 5701] [--members 127.0.0.1:5701,127.0.0.1:5702] [--origin-delay-ms 50]
 * [--client] [--init-param name=value]... [--chaos] [--admin-token T] [--upstream http://HOST:PORT] [--help]
 * </pre>
 *
 * Each flag with a value also takes the {@code --flag=value} form. Port 0 means any free port.
 *
 * @param port          HTTP port on 127.0.0.1; 0 = any free port
 * @param clusterPort   Hazelcast member port on 127.0.0.1, auto-incremented when taken; 0 = any free port
 * @param members       TCP-IP join list ({@code host:port}); empty = this member alone. With
 *                      {@code client}: the members the client connects to (required)
 * @param originDelayMs simulated latency of each origin run, 0..{@link #MAX_DELAY_MS}
 * @param client        be a Hazelcast client of {@code members} (run with {@code StrataMember})
 *                      instead of an embedded member
 * @param initParams    extra StrataFilter init-params, over the example's own
 * @param chaos         add the fault-test origin and control endpoints ({@link ChaosOrigin})
 * @param adminToken    bearer token of Strata's admin endpoint at {@link #ADMIN_PATH}; empty = endpoint off
 * @param upstream      the origin to proxy to ({@code http[s]://host[:port][/path]}) in reverse-proxy mode
 *                      (jetty-example only), or {@code null} for the demo origin
 */
public record ExampleOptions(int port, int clusterPort, List<String> members, long originDelayMs, boolean client,
        Map<String, String> initParams, boolean chaos, String adminToken,
        URI upstream) {

    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_CLUSTER_PORT = 5701;
    public static final long DEFAULT_ORIGIN_DELAY_MS = 50;
    /** Upper bound of {@code --origin-delay-ms} and of the per-request {@code ?delay=}. */
    public static final long MAX_DELAY_MS = 30_000;
    /** Where {@code --admin-token} turns on Strata's admin endpoint. */
    public static final String ADMIN_PATH = "/_strata";

    public ExampleOptions {
        checkPort("port", port);
        checkPort("cluster port", clusterPort);
        if (originDelayMs < 0 || originDelayMs > MAX_DELAY_MS) {
            throw new IllegalArgumentException("origin delay must be 0.." + MAX_DELAY_MS + " ms: " + originDelayMs);
        }
        members = List.copyOf(members);
        initParams = Map.copyOf(initParams);
        if (client && members.isEmpty()) {
            throw new IllegalArgumentException("a client needs the members to connect to");
        }
        if (upstream != null) {
            checkUpstream(upstream);
        }
        adminToken = adminToken == null ? "" : adminToken;
        for (char c : adminToken.toCharArray()) {
            if (c <= ' ' || c >= 0x7f) {
                throw new IllegalArgumentException("the admin token must be visible ASCII without spaces");
            }
        }
    }

    /** An embedded member, no extra init-params, no chaos endpoints, no admin endpoint. */
    public ExampleOptions(int port, int clusterPort, List<String> members, long originDelayMs) {
        this(port, clusterPort, members, originDelayMs, false, Map.of(), false, "", null);
    }

    /** Whether the admin endpoint is on. */
    public boolean adminEnabled() {
        return !adminToken.isEmpty();
    }

    /** The command-line defaults. */
    public static ExampleOptions defaults() {
        return new ExampleOptions(DEFAULT_PORT, DEFAULT_CLUSTER_PORT, List.of(), DEFAULT_ORIGIN_DELAY_MS);
    }

    /** For tests: free HTTP and cluster ports, a one-member cluster, no origin delay. */
    public static ExampleOptions ephemeral() {
        return new ExampleOptions(0, 0, List.of(), 0);
    }

    public ExampleOptions withPort(int newPort) {
        return new ExampleOptions(newPort, clusterPort, members, originDelayMs, client, initParams, chaos, adminToken, upstream);
    }

    public ExampleOptions withClusterPort(int newClusterPort) {
        return new ExampleOptions(port, newClusterPort, members, originDelayMs, client, initParams, chaos, adminToken, upstream);
    }

    public ExampleOptions withMembers(List<String> newMembers) {
        return new ExampleOptions(port, clusterPort, newMembers, originDelayMs, client, initParams, chaos, adminToken, upstream);
    }

    public ExampleOptions withOriginDelayMs(long newOriginDelayMs) {
        return new ExampleOptions(port, clusterPort, members, newOriginDelayMs, client, initParams, chaos, adminToken, upstream);
    }

    /** A Hazelcast client of {@code clientMembers} instead of an embedded member. */
    public ExampleOptions asClientOf(List<String> clientMembers) {
        return new ExampleOptions(port, clusterPort, clientMembers, originDelayMs, true, initParams, chaos, adminToken, upstream);
    }

    public ExampleOptions withInitParam(String name, String value) {
        Map<String, String> params = new LinkedHashMap<>(initParams);
        params.put(name, value);
        return new ExampleOptions(port, clusterPort, members, originDelayMs, client, params, chaos, adminToken, upstream);
    }

    public ExampleOptions withChaos(boolean newChaos) {
        return new ExampleOptions(port, clusterPort, members, originDelayMs, client, initParams, newChaos, adminToken, upstream);
    }

    public ExampleOptions withAdminToken(String newAdminToken) {
        return new ExampleOptions(port, clusterPort, members, originDelayMs, client, initParams, chaos, newAdminToken, upstream);
    }

    /** The same options in reverse-proxy mode, in front of {@code newUpstream}. */
    public ExampleOptions withUpstream(URI newUpstream) {
        return new ExampleOptions(port, clusterPort, members, originDelayMs, client, initParams, chaos, adminToken,
                newUpstream);
    }

    /**
     * Parses command-line arguments.
     *
     * @throws UsageException for {@code --help} ({@link UsageException#helpRequested()}), an unknown
     *                        flag, a missing or malformed value
     */
    public static ExampleOptions parse(String... args) throws UsageException {
        ExampleOptions options = defaults();
        boolean client = false;
        boolean chaos = false;
        Map<String, String> initParams = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                throw UsageException.help();
            }
            if (arg.equals("--client")) {
                client = true;
                continue;
            }
            if (arg.equals("--chaos")) {
                chaos = true;
                continue;
            }
            String flag = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                flag = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            switch (flag) {
                case "--port", "--cluster-port", "--members", "--origin-delay-ms", "--init-param", "--admin-token",
                        "--upstream" -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new UsageException(flag + " needs a value");
                        }
                        value = args[++i];
                    }
                }
                default -> throw new UsageException("unknown argument: " + arg);
            }
            if (flag.equals("--init-param")) {
                int split = value.indexOf('=');
                if (split <= 0) {
                    throw new UsageException("--init-param must be name=value: " + value);
                }
                initParams.put(value.substring(0, split).trim(), value.substring(split + 1));
                continue;
            }
            options = switch (flag) {
                case "--port" -> options.withPort(parsePort(flag, value));
                case "--cluster-port" -> options.withClusterPort(parsePort(flag, value));
                case "--members" -> options.withMembers(parseMembers(value));
                case "--admin-token" -> options.withAdminToken(parseToken(value));
                case "--upstream" -> options.withUpstream(parseUpstream(value));
                default -> options.withOriginDelayMs(parseLong(flag, value, 0, MAX_DELAY_MS));
            };
        }
        if (client && options.members().isEmpty()) {
            throw new UsageException("--client needs --members (the members to connect to)");
        }
        return new ExampleOptions(options.port(), options.clusterPort(), options.members(), options.originDelayMs(),
                client, initParams, chaos, options.adminToken(), options.upstream());
    }

    /** The usage text, for {@code java -jar <jarName>}. */
    public static String usage(String jarName) {
        return "Usage: java -jar " + jarName + " [options]\n"
                + "  --port N               HTTP port on 127.0.0.1 (default " + DEFAULT_PORT + "; 0 = any free port)\n"
                + "  --cluster-port N       Hazelcast member port on 127.0.0.1, the next free one if taken\n"
                + "                         (default " + DEFAULT_CLUSTER_PORT + "; 0 = any free port)\n"
                + "  --members LIST         comma-separated host:port of the members to join\n"
                + "                         (default: 127.0.0.1:<cluster-port>, a cluster of its own)\n"
                + "  --origin-delay-ms N    simulated origin latency, 0.." + MAX_DELAY_MS + " ms (default "
                + DEFAULT_ORIGIN_DELAY_MS + "); ?delay=N overrides it per request\n"
                + "  --client               be a Hazelcast client of --members (started with StrataMember)\n"
                + "                         instead of an embedded member\n"
                + "  --init-param K=V       extra StrataFilter init-param, over the example's own (repeatable)\n"
                + "  --chaos                add the fault-test origin and control endpoints (loopback tests only)\n"
                + "  --admin-token T        turn on Strata's admin endpoint with bearer token T:\n"
                + "                         PURGE <url>, POST " + ADMIN_PATH + "/purge, GET " + ADMIN_PATH + "/stats\n"
                + "  --upstream URL         run as a caching reverse proxy for URL (http://host:port[/path]):\n"
                + "                         every request goes to it through Strata; no demo origin (jetty-example)\n"
                + "  --help                 print this help\n";
    }

    private static String parseToken(String value) throws UsageException {
        String token = value.trim();
        if (token.isEmpty() || !token.chars().allMatch(c -> c > ' ' && c < 0x7f)) {
            throw new UsageException("--admin-token must be visible ASCII without spaces");
        }
        return token;
    }

    private static URI parseUpstream(String value) throws UsageException {
        try {
            URI uri = new URI(value.trim());
            checkUpstream(uri);
            return uri;
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new UsageException("--upstream must be an http:// or https:// URL with a host, no query: " + value);
        }
    }

    private static void checkUpstream(URI uri) {
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null
                || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("upstream must be http[s]://host[:port][/path]: " + uri);
        }
    }

    private static int parsePort(String flag, String value) throws UsageException {
        return (int) parseLong(flag, value, 0, 65535);
    }

    private static long parseLong(String flag, String value, long min, long max) throws UsageException {
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(flag + " must be a whole number from " + min + " to " + max + ": " + value);
    }

    private static List<String> parseMembers(String value) throws UsageException {
        List<String> members = new ArrayList<>();
        for (String part : value.split(",")) {
            String member = part.trim();
            if (member.isEmpty()) {
                continue;
            }
            int colon = member.lastIndexOf(':');
            if (colon <= 0 || colon == member.length() - 1) {
                throw new UsageException("--members entries must be host:port: " + member);
            }
            parsePort("--members port", member.substring(colon + 1));
            members.add(member);
        }
        if (members.isEmpty()) {
            throw new UsageException("--members needs at least one host:port");
        }
        return members;
    }

    private static void checkPort(String what, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(what + " must be 0..65535: " + port);
        }
    }
}
