package dev.strata.internal;

import dev.strata.internal.capture.CapturingResponse;
import dev.strata.internal.entry.CachedResponse;
import dev.strata.internal.http.CacheControl;
import dev.strata.internal.http.Conditional;
import dev.strata.internal.http.Headers;
import dev.strata.internal.http.HttpDates;
import dev.strata.internal.http.StoredFields;
import dev.strata.internal.http.TargetedCacheControl;
import dev.strata.internal.key.CacheKey;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Validates a stored response with the origin (RFC 9111 §4.3): the request goes down the chain
 * with the stored response's validators instead of the client's; a {@code 304} refreshes the stored
 * response's fields and freshness in both tiers (§3.2, §4.3.4) and the client is answered from it
 * ({@code 304} when its own validators match, else the stored body); any other answer is a new
 * response and goes through as a normal miss, stored if it may be.
 */
final class Revalidation {
    private final CacheEngine engine;
    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final CacheKey primary;
    private final CacheKey storeKey;
    private final CachedResponse stored;
    private final String fwd;
    private final long requestTime;
    private final long version;
    private final boolean holdsSuccess;
    private final long purgeSeq;
    private final OriginFetch.Completion completion;
    private ValidationGate gate;

    /**
     * @param stored the stored response to validate; it has an {@code ETag} or {@code Last-Modified}
     * @param storeKey the key it is stored under
     * @param fwd RFC 9211 fwd reason: {@code stale} or {@code request}
     * @param version the namespace version of the key
     * @param holdsSuccess whether the tiers hold a success for this URL, which no error may replace
     * @param completion where the outcome goes (a coalescing flight's, or straight to the tiers):
     *     the refreshed or replacing response, or nothing; only its first answer counts
     */
    Revalidation(CacheEngine engine, HttpServletRequest request, HttpServletResponse response, CacheKey primary,
            CacheKey storeKey, CachedResponse stored, String fwd, long requestTime, long version,
            boolean holdsSuccess, OriginFetch.Completion completion) {
        this.engine = engine;
        this.request = request;
        this.response = response;
        this.primary = primary;
        this.storeKey = storeKey;
        this.stored = stored;
        this.fwd = fwd;
        this.requestTime = requestTime;
        this.version = version;
        this.holdsSuccess = holdsSuccess;
        this.purgeSeq = engine.purgeStamp();
        this.completion = new FirstAnswer(completion);
    }

    /**
     * A completion that takes only its first answer: a {@code 304} is answered in {@link #finish}
     * before the fetch's own completion, which saw no storable response, would answer "not stored".
     */
    private static final class FirstAnswer implements OriginFetch.Completion {
        private final OriginFetch.Completion delegate;
        private final AtomicBoolean answered = new AtomicBoolean();

        FirstAnswer(OriginFetch.Completion delegate) {
            this.delegate = delegate;
        }

        @Override
        public void stored(CacheKey storeKey, CachedResponse entry) {
            if (answered.compareAndSet(false, true)) {
                delegate.stored(storeKey, entry);
            }
        }

        @Override
        public void notStored(boolean uncacheable) {
            if (answered.compareAndSet(false, true)) {
                delegate.notStored(uncacheable);
            }
        }
    }

    /** Sends the conditional request down the chain and answers the client. */
    void run(FilterChain chain) throws IOException, ServletException {
        // a full answer is stored as a miss would be; an origin error may be answered by the stale
        // entry within its stale-if-error window
        OriginFetch fetch = new OriginFetch(engine, request, response, primary, fwd, requestTime, version,
                stored.freshAt(requestTime) ? null : stored, completion, holdsSuccess);
        CapturingResponse capture = new CapturingResponse(response, engine.settings().maxEntryBytes(), fetch);
        WithholdingResponse withholding = new WithholdingResponse(capture);
        fetch.withholding(withholding);
        gate = new ValidationGate(withholding);
        HttpServletRequest conditional = new ConditionalRequest(request,
                Conditional.validatorFor(stored.etag()), validDate(stored.lastModified()));
        CompletionHookRequest hooked = new CompletionHookRequest(conditional, () -> {
            finish(capture);
            fetch.complete(capture);
            if (capture.diverted() && request.isAsyncStarted()) {
                engine.answerStaleOnError(stored, request, response);
            }
        });
        try {
            chain.doFilter(hooked, gate);
        } catch (IOException | ServletException | RuntimeException | Error e) {
            fetch.fail();
            if (!stored.freshAt(requestTime) && engine.serveStaleOnError(stored, request, response)) {
                return;
            }
            throw e;
        }
        if (request.isAsyncStarted()) {
            request.getAsyncContext()
                    .addListener(new CacheEngine.CompleteWhenDone(fetch, () -> fetch.complete(capture)));
            return;
        }
        hooked.runHook();
        fetch.complete(capture);
        if (capture.diverted()) {
            response.reset();
            engine.serveStaleOnError(stored, request, response);
        }
    }

    /** Once the origin is done: a kept-back 304 is turned into the client's answer. */
    private void finish(CapturingResponse capture) {
        if (!gate.absorbed()) {
            capture.commitIfUnseen();
            return;
        }
        long now = engine.clock().millis();
        Headers update = gate.notModifiedFields();
        if (!update.has("Date")) {
            // the container adds Date after the gate saw the fields: the validation time stands in
            update = new Headers.Builder().addAll(update).add("Date", HttpDates.format(now)).build();
        }
        if (!Conditional.selects(update.first("ETag"), update.first("Last-Modified"), stored.etag(),
                stored.lastModified())) {
            // RFC 9111 §4.3.4: a 304 naming another representation updates nothing; the stored
            // response is answered once as it is, and dropped, as the origin no longer vouches for it
            engine.store().invalidate(storeKey);
            completion.notStored(false);
            answer(new CachedResponse(storeKey.full(), stored.status(), stored.headers(), stored.body(), now, 0,
                    now, stored.version(), stored.varyNames(), stored.varyValues(), 0, 0, stored.tags(), purgeSeq),
                    update, false, null, now);
            return;
        }
        Headers fields = StoredFields.freshened(stored.headers(), update);
        StoragePlan plan = StoragePlan.of(engine, stored.status(), withAgeAndDate(fields, update),
                request.getHeader("Authorization") != null, requestTime, now);
        CachedResponse refreshed;
        if (plan.refusal() == null) {
            CacheControl cc = TargetedCacheControl.select(plan.fields()).directives();
            refreshed = new CachedResponse(storeKey.full(), stored.status(), plan.fields(), stored.body(), now,
                    plan.initialAge(), plan.expiresAt(), stored.version(), stored.varyNames(), stored.varyValues(),
                    StaleWindows.whileRevalidate(cc, engine.settings()), StaleWindows.ifError(cc, engine.settings()),
                    stored.tags(), purgeSeq);
            completion.stored(storeKey, refreshed);
        } else {
            // validated for this request, but no longer storable: answer it once, keep nothing
            refreshed = new CachedResponse(storeKey.full(), stored.status(), fields, stored.body(), now, 0, now,
                    stored.version(), stored.varyNames(), stored.varyValues(), 0, 0, stored.tags(), purgeSeq);
            engine.store().invalidate(storeKey);
            completion.notStored(false);
        }
        answer(refreshed, update, plan.refusal() == null,
                plan.refusal() == null ? (plan.expiresAt() - now) / 1000 : null, now);
    }

    /** Answers the client from the validated response, as a 304 when its own validators match. */
    private void answer(CachedResponse refreshed, Headers update, boolean kept, Long ttlSeconds, long now) {
        try {
            boolean notModified = Conditional.notModified(request.getHeader("If-None-Match"),
                    request.getHeader("If-Modified-Since"), refreshed.etag(), refreshed.lastModified(),
                    refreshed.headers().first("Date"));
            engine.statusHeaders().forward(response, "MISS", fwd, HttpServletResponse.SC_NOT_MODIFIED, kept,
                    ttlSeconds, storeKey);
            for (String cookie : update.all("Set-Cookie")) {
                // a cookie in the 304 is for this client alone: passed on, never stored
                response.addHeader("Set-Cookie", cookie);
            }
            HitWriter.write(refreshed, response, now, notModified, !request.getMethod().equals("HEAD"));
        } catch (IOException | RuntimeException e) {
            // the client went away; the refreshed entry is stored all the same
        }
    }

    /** The stored fields with the {@code 304}'s own {@code Age} (never stored), to compute the new age. */
    private static Headers withAgeAndDate(Headers fields, Headers update) {
        Headers.Builder b = new Headers.Builder().addAll(fields);
        for (String age : update.all("Age")) {
            b.add("Age", age);
        }
        return b.build();
    }

    private static String validDate(String lastModified) {
        return lastModified != null && HttpDates.parse(lastModified) != Long.MIN_VALUE ? lastModified : null;
    }
}
