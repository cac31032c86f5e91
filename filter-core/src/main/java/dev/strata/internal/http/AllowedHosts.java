package dev.strata.internal.http;

import java.util.List;
import java.util.Locale;

/**
 * The optional allow-list of host names the cache serves. A request for any other host (as the
 * container resolved it from {@code Host} or the request line) bypasses the cache, so a forged
 * {@code Host} cannot even create entries. Names are exact ({@code shop.example}) or a subdomain
 * wildcard ({@code *.shop.example}, which does not match {@code shop.example} itself); ports are
 * not part of the list because the port is always part of the key.
 */
public final class AllowedHosts {
    private final List<String> exact;
    private final List<String> suffixes;

    /**
     * @param names host names, lower or upper case; empty means every host is allowed
     * @throws IllegalArgumentException on a name that is not a host name or bracketed IPv6 literal
     */
    public AllowedHosts(List<String> names) {
        List<String> e = new java.util.ArrayList<>();
        List<String> s = new java.util.ArrayList<>();
        for (String raw : names) {
            String name = raw.toLowerCase(Locale.ROOT);
            if (name.startsWith("*.")) {
                validate(name.substring(2), raw);
                s.add(name.substring(1));
            } else {
                validate(name, raw);
                e.add(name);
            }
        }
        this.exact = List.copyOf(e);
        this.suffixes = List.copyOf(s);
    }

    /** Whether the cache may serve this host; {@code true} for every host when the list is empty. */
    public boolean allows(String serverName) {
        if (exact.isEmpty() && suffixes.isEmpty()) {
            return true;
        }
        if (serverName == null) {
            return false;
        }
        String host = serverName.toLowerCase(Locale.ROOT);
        if (exact.contains(host)) {
            return true;
        }
        for (String suffix : suffixes) {
            if (host.length() > suffix.length() && host.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    private static void validate(String name, String raw) {
        boolean ok;
        if (name.startsWith("[")) {
            ok = name.endsWith("]") && name.length() > 2
                    && name.substring(1, name.length() - 1).chars().allMatch(c -> c == ':' || c == '.'
                            || c >= '0' && c <= '9' || c >= 'a' && c <= 'f');
        } else {
            ok = !name.isEmpty() && !name.startsWith(".") && !name.endsWith(".") && !name.contains("..")
                    && name.chars().allMatch(c -> c == '-' || c == '.' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z');
        }
        if (!ok) {
            throw new IllegalArgumentException("'" + raw + "' is not a host name (use name, *.suffix or [ipv6])");
        }
    }
}
