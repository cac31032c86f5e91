package dev.strata.internal;

import dev.strata.internal.capture.Capture;
import dev.strata.internal.capture.CommitListener;
import dev.strata.internal.entry.CachedResponse;
import dev.strata.internal.http.CacheControl;
import dev.strata.internal.http.TargetedCacheControl;
import dev.strata.internal.http.Headers;
import dev.strata.internal.http.VaryNames;
import dev.strata.internal.key.CacheKey;
import dev.strata.internal.key.KeyBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * One trip to the origin whose response may be stored: decides at commit whether it may be stored
 * and for how long, labels it, holds an error back when a stale entry may answer instead
 * (stale-if-error), and hands the captured copy to its {@link Completion} exactly once.
 */
final class OriginFetch implements CommitListener {
    /** Where the outcome goes: exactly one call per fetch. */
    interface Completion {
        /** The response was captured whole and may be stored under {@code storeKey}. */
        void stored(CacheKey storeKey, CachedResponse entry);

        /**
         * Nothing to store.
         *
         * @param uncacheable whether the response itself may not be stored (as opposed to a failure)
         */
        void notStored(boolean uncacheable);
    }

    /** For fetches whose response is never stored (it may still be held back for stale-if-error). */
    static final Completion DISCARD = new Completion() {
        @Override
        public void stored(CacheKey storeKey, CachedResponse entry) {
            // not stored
        }

        @Override
        public void notStored(boolean uncacheable) {
            // nothing to do
        }
    };

    private final CacheEngine engine;
    private final HttpServletRequest request;
    private final HttpServletResponse labelTarget;
    private final CacheKey primary;
    private final String fwd;
    private final long requestTime;
    private final long version;
    private final CachedResponse staleForError;
    private final Completion completion;
    private final boolean holdsSuccess;
    private final long purgeSeq;
    private final long startedNanos = System.nanoTime();

    private final java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
    private WithholdingResponse withholding;
    private String[] tags;
    private boolean storable;
    private int status;
    private Headers storedHeaders;
    private long responseTime;
    private long initialAge;
    private long expiresAt;
    private long staleWhileRevalidate;
    private long staleIfError;
    private String[] varyNames;
    private String[] varyValues;
    private CacheKey storeKey;

    /**
     * @param labelTarget the client's response, labelled at commit; {@code null} when the client was
     *     already answered (background refresh)
     * @param staleForError a stale entry that may answer if the origin fails, or {@code null}
     * @param holdsSuccess whether the tiers hold a success for this URL, which no error may replace
     */
    OriginFetch(CacheEngine engine, HttpServletRequest request, HttpServletResponse labelTarget, CacheKey primary,
            String fwd, long requestTime, long version, CachedResponse staleForError, Completion completion,
            boolean holdsSuccess) {
        this.engine = engine;
        this.request = request;
        this.labelTarget = labelTarget;
        this.primary = primary;
        this.fwd = fwd;
        this.requestTime = requestTime;
        this.version = version;
        this.staleForError = staleForError;
        this.completion = completion;
        this.holdsSuccess = holdsSuccess;
        // the purge sequence known as the fetch starts: a purge that comes while it runs purges it
        this.purgeSeq = engine.purgeStamp();
    }

    /** Where the fields aimed at Strata alone are held back from the client (issue 4). */
    void withholding(WithholdingResponse withholding) {
        this.withholding = withholding;
    }

    @Override
    public Decision beforeCommit(int status, Headers received, long declaredLength) {
        if (labelTarget != null) {
            ResponseFields.normalise(labelTarget, engine.clock().millis());
        }
        Headers headers = withholding == null ? received
                : new Headers.Builder().addAll(received).addAll(withholding.withheld()).build();
        if (status >= 500 && staleForError != null && staleForError.usableOnErrorAt(engine.clock().millis())) {
            // held back: the stale entry answers once the origin is done (when the chain returns,
            // or just before an asynchronous response completes)
            return Decision.DIVERT;
        }
        try {
            storable = completion != DISCARD && decide(status, headers, declaredLength);
        } catch (RuntimeException e) {
            storable = false;
        }
        if (labelTarget != null) {
            engine.statusHeaders().forward(labelTarget, "MISS", fwd, status, storable,
                    storable ? (expiresAt - responseTime) / 1000 : null, storable ? storeKey : primary);
        }
        return storable ? Decision.STORE : Decision.PASS;
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
        // issue 4: targeted fields, heuristics, stale-on-arrival with a validator (RFC 9111 §3, §4.2)
        responseTime = engine.clock().millis();
        StoragePlan plan = StoragePlan.of(engine, status, headers, request.getHeader("Authorization") != null,
                requestTime, responseTime);
        if (plan.refusal() != null) {
            return false;
        }
        initialAge = plan.initialAge();
        expiresAt = plan.expiresAt();
        CacheControl cc = TargetedCacheControl.select(headers).directives();
        staleWhileRevalidate = StaleWindows.whileRevalidate(cc, settings);
        staleIfError = StaleWindows.ifError(cc, settings);
        varyNames = VaryNames.parse(headers.joined("Vary"));
        varyValues = KeyBuilder.normalisedValues(varyNames, name -> CacheEngine.joinedHeader(request, name));
        storeKey = varyNames.length == 0 ? primary : KeyBuilder.variant(primary, varyNames, varyValues);
        this.status = status;
        TagHeaders tagHeaders = engine.tagHeaders();
        java.util.Set<String> parsedTags = tagHeaders.parse(headers);
        if (parsedTags == null) {
            return false; // malformed or too many tags: a purge by tag could miss it
        }
        this.storedHeaders = withoutTagFields(plan.fields(), tagHeaders);
        // interceptors may veto, change the lifetime, add tags
        Candidate candidate = new Candidate(status, storedHeaders, expiresAt - responseTime,
                settings.tier2MaxTtl().toMillis(), parsedTags);
        engine.interceptors().beforeStore(request, candidate);
        if (candidate.vetoed()) {
            return false;
        }
        expiresAt = responseTime + candidate.ttlMillis();
        this.tags = candidate.tags().toArray(new String[0]);
        return true;
    }

    /** Hands the captured copy on once the response is complete. */
    void complete(Capture capture) {
        if (!done.compareAndSet(false, true)) {
            return;
        }
        byte[] body = storable ? capture.capturedBody() : null;
        if (body == null) {
            engine.events().originFetch(request, primary.full(), System.nanoTime() - startedNanos);
            completion.notStored(!capture.diverted() && !capture.failed() && (capture.refused() || !storable));
            return;
        }
        engine.events().originFetch(request, storeKey.full(), System.nanoTime() - startedNanos);
        completion.stored(storeKey, new CachedResponse(storeKey.full(), status, storedHeaders, body, responseTime,
                initialAge, expiresAt, version, varyNames, varyValues, staleWhileRevalidate, staleIfError, tags,
                purgeSeq));
    }

    /** The origin failed (exception, error, timeout): nothing is stored. */
    void fail() {
        if (done.compareAndSet(false, true)) {
            engine.events().originFetch(request, primary.full(), System.nanoTime() - startedNanos);
            completion.notStored(false);
        }
    }

    /** The stored fields without the purge-tag fields when those never leave (they are metadata). */
    private static Headers withoutTagFields(Headers fields, TagHeaders tagHeaders) {
        if (!tagHeaders.strips()) {
            return fields;
        }
        Headers.Builder b = new Headers.Builder();
        for (int i = 0; i < fields.size(); i++) {
            if (!tagHeaders.isTagField(fields.name(i).toLowerCase(java.util.Locale.ROOT))) {
                b.add(fields.name(i), fields.value(i));
            }
        }
        return b.build();
    }
}
