package dev.strata.internal;

import dev.strata.internal.capture.CapturingResponse;
import dev.strata.internal.capture.CommitListener;
import dev.strata.internal.entry.CachedResponse;
import dev.strata.internal.http.CacheControl;
import dev.strata.internal.http.Freshness;
import dev.strata.internal.http.Headers;
import dev.strata.internal.http.VaryNames;
import dev.strata.internal.key.CacheKey;
import dev.strata.internal.key.KeyBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * One miss on its way through the origin: decides at commit whether the response may be stored
 * and for how long, labels it, and stores the captured copy once the response is complete.
 */
final class OriginFetch implements CommitListener {
    /** Hop-by-hop fields and fields the cache regenerates: never stored. */
    private static final Set<String> NOT_STORED = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "age",
            "content-length", "x-cache", "cache-status",
            // never reached (StorePolicy refuses such responses), stripped anyway: see CachedResponse
            "set-cookie", "set-cookie2");

    private final CacheEngine engine;
    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final CacheKey primary;
    private final String fwd;
    private final long requestTime;
    private final boolean holdsSuccess;

    private boolean storable;
    private int status;
    private Headers storedHeaders;
    private long responseTime;
    private long initialAge;
    private long expiresAt;
    private String[] varyNames;
    private String[] varyValues;
    private CacheKey storeKey;

    OriginFetch(CacheEngine engine, HttpServletRequest request, HttpServletResponse response, CacheKey primary,
            String fwd, long requestTime, boolean holdsSuccess) {
        this.engine = engine;
        this.request = request;
        this.response = response;
        this.primary = primary;
        this.fwd = fwd;
        this.requestTime = requestTime;
        this.holdsSuccess = holdsSuccess;
    }

    @Override
    public boolean beforeCommit(int status, Headers headers, long declaredLength) {
        try {
            storable = decide(status, headers, declaredLength);
        } catch (RuntimeException e) {
            storable = false;
        }
        engine.statusHeaders().forward(response, "MISS", fwd, status, storable, storable ? storeKey : primary);
        return storable;
    }

    private boolean decide(int status, Headers headers, long declaredLength) {
        Settings settings = engine.settings();
        if (declaredLength > settings.maxEntryBytes()) {
            return false;
        }
        if (status >= 400 && holdsSuccess) {
            // Even where errors may be stored, one never replaces a stored success (CPDoS).
            return false;
        }
        CacheControl cc = CacheControl.parse(headers.all("Cache-Control"));
        if (engine.storePolicy().refusal(status, headers, cc, request.getHeader("Authorization") != null) != null) {
            return false;
        }
        responseTime = engine.clock().millis();
        long lifetime = Freshness.explicitLifetime(headers, cc, responseTime);
        if (lifetime == Freshness.NONE) {
            lifetime = settings.defaultTtl().toMillis();
        }
        lifetime = Math.min(lifetime, settings.tier2MaxTtl().toMillis());
        initialAge = Freshness.initialAge(headers, requestTime, responseTime);
        expiresAt = responseTime + lifetime - initialAge;
        if (lifetime <= 0 || expiresAt <= responseTime) {
            return false;
        }
        varyNames = VaryNames.parse(headers.joined("Vary"));
        varyValues = KeyBuilder.normalisedValues(varyNames, name -> CacheEngine.joinedHeader(request, name));
        storeKey = varyNames.length == 0 ? primary : KeyBuilder.variant(primary, varyNames, varyValues);
        this.status = status;
        this.storedHeaders = storedFields(headers);
        return true;
    }

    /** Stores the captured copy if the response was storable and arrived whole. */
    void complete(CapturingResponse capture) {
        if (!storable) {
            return;
        }
        byte[] body = capture.capturedBody();
        if (body == null) {
            return;
        }
        CachedResponse entry = new CachedResponse(storeKey.full(), status, storedHeaders, body, responseTime,
                initialAge, expiresAt, 0, varyNames, varyValues);
        engine.store().store(primary, storeKey, entry, engine.clock().millis());
    }

    private static Headers storedFields(Headers headers) {
        Set<String> connectionNamed = new HashSet<>();
        for (String value : headers.all("Connection")) {
            for (String token : value.split(",")) {
                connectionNamed.add(token.trim().toLowerCase(Locale.ROOT));
            }
        }
        Headers.Builder b = new Headers.Builder();
        for (int i = 0; i < headers.size(); i++) {
            String lower = headers.name(i).toLowerCase(Locale.ROOT);
            if (!NOT_STORED.contains(lower) && !connectionNamed.contains(lower)) {
                b.add(headers.name(i), headers.value(i));
            }
        }
        return b.build();
    }
}
