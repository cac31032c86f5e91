package dev.strata.testing;

import dev.strata.StrataFilter;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * N application nodes, each a real container (Jetty unless told otherwise) with its own Strata filter and origin, each using its own
 * member of one real Hazelcast cluster, all behind one site name (the Host a load balancer would
 * pass on, so keys are shared).
 */
public final class ClusterNodes implements AutoCloseable {
    /** The Host every request carries. */
    public static final String SITE = "shop.example:8080";
    private final TestMembers members;
    private final List<StrataFilter> filters = new ArrayList<>();
    private final List<TestServer> servers = new ArrayList<>();
    /** The origins' shared counters and switches. */
    public final CoalescingOrigin.Shared origin;

    private ClusterNodes(TestMembers members, Clock clock) {
        this.members = members;
        this.origin = new CoalescingOrigin.Shared(clock);
    }

    /** Starts {@code n} nodes on a fresh {@code n}-member cluster with extra init-params. */
    public static ClusterNodes start(int n, Clock clock, String... params) throws Exception {
        return start(TestMembers.start(n), clock, params);
    }

    /** Starts one Jetty node per member of {@code members}. */
    public static ClusterNodes start(TestMembers members, Clock clock, String... params) throws Exception {
        return start(JettyServer::start, members, clock, params);
    }

    /** Starts {@code n} nodes in containers of the given kind on a fresh {@code n}-member cluster. */
    public static ClusterNodes start(TestServer.Factory container, int n, Clock clock, String... params)
            throws Exception {
        return start(container, TestMembers.start(n), clock, params);
    }

    /** Starts one node per member of {@code members}, each in a container of the given kind. */
    public static ClusterNodes start(TestServer.Factory container, TestMembers members, Clock clock,
            String... params) throws Exception {
        ClusterNodes nodes = new ClusterNodes(members, clock);
        try {
            for (int i = 0; i < members.size(); i++) {
                Map<String, String> init = new HashMap<>();
                init.put("hazelcastInstance", members.name(i));
                for (int p = 0; p < params.length; p += 2) {
                    init.put(params[p], params[p + 1]);
                }
                StrataFilter filter = new StrataFilter(clock);
                nodes.filters.add(filter);
                nodes.servers.add(container.start(filter, init, nodes.origin.origin()));
            }
        } catch (Exception e) {
            nodes.close();
            throw e;
        }
        return nodes;
    }

    /** Node {@code i}'s filter. */
    public StrataFilter filter(int i) {
        return filters.get(i);
    }

    /** The cluster. */
    public TestMembers members() {
        return members;
    }

    /** A GET of {@code path} on node {@code i}, with the shared Host. */
    public HttpResponse<byte[]> get(int node, String path, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Host";
        all[1] = SITE;
        System.arraycopy(headers, 0, all, 2, headers.length);
        return Http.get(uri(node, path), all);
    }

    /** Node {@code i}'s URI for a path. */
    public URI uri(int node, String path) {
        return servers.get(node).uri(path);
    }

    /**
     * Sends {@code perNode} GETs of {@code path} to every node at once (released together) and
     * answers the responses; each request may wait at most the HTTP client's timeout.
     */
    public List<HttpResponse<byte[]>> burst(String path, int perNode) throws Exception {
        int total = perNode * servers.size();
        ExecutorService pool = Executors.newFixedThreadPool(total);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<HttpResponse<byte[]>>> futures = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                int node = i % servers.size();
                Callable<HttpResponse<byte[]>> call = () -> {
                    start.await();
                    return get(node, path);
                };
                futures.add(pool.submit(call));
            }
            start.countDown();
            List<HttpResponse<byte[]>> responses = new ArrayList<>();
            for (Future<HttpResponse<byte[]>> f : futures) {
                responses.add(f.get());
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }

    @Override
    public void close() throws Exception {
        origin.releaseHang();
        for (TestServer s : servers) {
            try {
                s.close();
            } catch (Exception ignored) {
                // best effort
            }
        }
        members.close();
    }
}
