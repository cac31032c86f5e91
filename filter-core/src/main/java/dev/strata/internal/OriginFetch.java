package dev.strata.internal;

import dev.strata.internal.capture.CapturingResponse;
import dev.strata.internal.capture.CommitListener;
import dev.strata.internal.entry.CachedResponse;
import dev.strata.internal.http.Headers;
import dev.strata.internal.http.VaryNames;
import dev.strata.internal.key.CacheKey;
import dev.strata.internal.key.KeyBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * One miss on its way through the origin: decides at commit whether the response may be stored
 * and for how long, labels it, and stores the captured copy once the response is complete.
 */
final class OriginFetch implements CommitListener {
    private final CacheEngine engine;
    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final CacheKey primary;
    private final String fwd;
    private final long requestTime;
    private WithholdingResponse withholding;
    private final java.util.concurrent.atomic.AtomicBoolean completed = new java.util.concurrent.atomic.AtomicBoolean();

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
            String fwd, long requestTime) {
        this.engine = engine;
        this.request = request;
        this.response = response;
        this.primary = primary;
        this.fwd = fwd;
        this.requestTime = requestTime;
    }

    /** Where the fields aimed at Strata alone are held back from the client (issue 4). */
    void withholding(WithholdingResponse withholding) {
        this.withholding = withholding;
    }

    @Override
    public boolean beforeCommit(int status, Headers headers, long declaredLength) {
        try {
            ResponseFields.normalise(response, engine.clock().millis());
            Headers all = withholding == null ? headers
                    : new Headers.Builder().addAll(headers).addAll(withholding.withheld()).build();
            storable = decide(status, all, declaredLength);
        } catch (RuntimeException e) {
            storable = false;
        }
        engine.statusHeaders().forward(response, "MISS", fwd, status, storable,
                storable ? (expiresAt - responseTime) / 1000 : null, engine.debugKey(primary));
        return storable;
    }

    private boolean decide(int status, Headers headers, long declaredLength) {
        if (declaredLength > engine.settings().maxEntryBytes()) {
            return false;
        }
        responseTime = engine.clock().millis();
        StoragePlan plan = StoragePlan.of(engine, status, headers, request.getHeader("Authorization") != null,
                requestTime, responseTime);
        if (plan.refusal() != null) {
            return false;
        }
        initialAge = plan.initialAge();
        expiresAt = plan.expiresAt();
        varyNames = VaryNames.parse(headers.joined("Vary"));
        varyValues = KeyBuilder.normalisedValues(varyNames, name -> CacheEngine.joinedHeader(request, name));
        storeKey = varyNames.length == 0 ? primary : KeyBuilder.variant(primary, varyNames, varyValues);
        this.status = status;
        this.storedHeaders = plan.fields();
        return true;
    }

    /**
     * Stores the captured copy if the response was storable and arrived whole. Called once the
     * origin is done with the response (before the container completes it, when it can); later
     * calls do nothing.
     */
    void complete(CapturingResponse capture) {
        if (!completed.compareAndSet(false, true) || !storable) {
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
}
