package dev.strata.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Picks free loopback ports for servers that must be told their port before they bind (Hazelcast
 * members listing each other).
 *
 * <p>Ports come from below the kernel's ephemeral range: a port the kernel hands out for
 * {@code bind(0)} can be taken by any outgoing connection's local end between the pick and the
 * server's bind (which happened in CI: a member could not start on the port picked for it).
 * Below that range only another listener can take it.
 */
public final class FreePorts {
    private static final int LOWEST = 10_000;
    private static final int EPHEMERAL_LOW = ephemeralLow();
    private static final AtomicInteger NEXT = new AtomicInteger(
            EPHEMERAL_LOW > LOWEST + 1_000 ? LOWEST + ThreadLocalRandom.current().nextInt(EPHEMERAL_LOW - LOWEST) : 0);

    private FreePorts() {
    }

    /** A port free on 127.0.0.1 right now. */
    public static int next() {
        if (EPHEMERAL_LOW > LOWEST + 1_000) {
            int span = EPHEMERAL_LOW - LOWEST;
            for (int tries = 0; tries < 1_000; tries++) {
                int port = LOWEST + Math.floorMod(NEXT.getAndIncrement() - LOWEST, span);
                if (free(port)) {
                    return port;
                }
            }
        }
        return bindAny();
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 0, InetAddress.getByName("127.0.0.1"))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int bindAny() {
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getByName("127.0.0.1"))) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lowest ephemeral port (Linux), or 0 when unknown. */
    private static int ephemeralLow() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
