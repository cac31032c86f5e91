package dev.strata.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Set;
import org.junit.jupiter.api.Test;

class StorePolicyTest {
    private static final Set<Integer> STATUSES = Set.of(200, 203, 204, 300, 301, 308);
    private final StorePolicy strict = new StorePolicy(STATUSES, false);
    private final StorePolicy optIn = new StorePolicy(STATUSES, true);

    private static String refusal(StorePolicy p, int status, boolean authorized, String... headers) {
        Headers h = Headers.of(headers);
        return p.refusal(status, h, CacheControl.parse(h.all("Cache-Control")), authorized);
    }

    @Test
    void storableResponseHasNoRefusal() {
        assertNull(refusal(strict, 200, false, "Cache-Control", "max-age=60", "Content-Type", "text/plain"));
        assertNull(refusal(strict, 301, false));
        assertNull(refusal(strict, 200, false, "Vary", "Accept-Encoding"));
    }

    @Test
    void statusNotAllowed() {
        assertEquals("status 206", refusal(strict, 206, false, "Cache-Control", "max-age=60"));
        assertEquals("status 500", refusal(strict, 500, false, "Cache-Control", "max-age=60"));
        assertEquals("status 404", refusal(strict, 404, false, "Cache-Control", "public, max-age=60"));
        assertNull(refusal(new StorePolicy(Set.of(404), false), 404, false));
    }

    @Test
    void rfc9111_3_noStore() {
        assertEquals("no-store", refusal(strict, 200, false, "Cache-Control", "public, max-age=60, no-store"));
        assertEquals("no-store", refusal(strict, 200, false, "Cache-Control", "max-age=60", "Cache-Control", "No-Store"));
    }

    @Test
    void rfc9111_5_2_2_7_privateMustNotBeStoredByASharedCache() {
        assertEquals("private", refusal(strict, 200, false, "Cache-Control", "private, max-age=60"));
        assertEquals("private", refusal(strict, 200, false, "Cache-Control", "PRIVATE"));
    }

    @Test
    void rfc9111_5_2_2_7_privateWithFieldNamesMayBeStoredWithoutThem() {
        assertNull(refusal(strict, 200, false, "Cache-Control", "private=\"X-User\", max-age=60"));
    }

    @Test
    void rfc9111_5_2_2_4_noCacheIsStoredOnlyWithAValidatorToRevalidateWith() {
        assertEquals("no-cache without validator", refusal(strict, 200, false, "Cache-Control", "no-cache, max-age=60"));
        assertNull(refusal(strict, 200, false, "Cache-Control", "no-cache", "ETag", "\"v1\""));
        assertNull(refusal(strict, 200, false, "Cache-Control", "no-cache", "Last-Modified",
                "Sun, 06 Nov 1994 08:49:37 GMT"));
        assertEquals("no-cache without validator", refusal(strict, 200, false, "Cache-Control", "no-cache",
                "Last-Modified", "yesterday"));
        // with field names it only keeps those fields out
        assertNull(refusal(strict, 200, false, "Cache-Control", "no-cache=\"X-A\", max-age=60"));
    }

    @Test
    void aResponseMarkingItsCookiesPrivateIsNotStoredEvenWithoutOne() {
        assertEquals("private cookies", refusal(strict, 200, false, "Cache-Control", "max-age=60, no-cache=\"Set-Cookie\""));
        assertEquals("private cookies", refusal(strict, 200, false, "Cache-Control", "max-age=60, private=\"set-cookie2\""));
        assertNull(refusal(strict, 200, false, "Cache-Control", "max-age=60, no-cache=\"X-Other\""));
    }

    @Test
    void setCookieIsRefusedEvenWhenPrivateOrNoCacheNameIt() {
        assertEquals("set-cookie", refusal(strict, 200, false, "Cache-Control", "max-age=60, private=\"Set-Cookie\"",
                "Set-Cookie", "a=b"));
        assertEquals("set-cookie", refusal(strict, 200, false, "Cache-Control", "max-age=60, no-cache=\"set-cookie\"",
                "Set-Cookie", "a=b"));
    }

    @Test
    void rfc9111_3_partialContentIsNeverStored() {
        assertEquals("partial content", refusal(new StorePolicy(Set.of(206), false), 206, false,
                "Cache-Control", "max-age=60"));
    }

    @Test
    void setCookieIsNotShared() {
        assertEquals("set-cookie", refusal(strict, 200, false, "Cache-Control", "public, max-age=60",
                "Set-Cookie", "SESSION=abc"));
        assertEquals("set-cookie", refusal(strict, 200, false, "set-cookie", "a=b"));
        assertEquals("set-cookie", refusal(strict, 200, false, "Set-Cookie2", "a=b"));
    }

    @Test
    void rfc9111_3_3_contentRangeIsNotStored() {
        assertEquals("partial content", refusal(strict, 200, false, "Content-Range", "bytes 0-9/100"));
    }

    @Test
    void rfc9110_12_5_5_varyStar() {
        assertEquals("vary *", refusal(strict, 200, false, "Vary", "*"));
        assertEquals("vary *", refusal(strict, 200, false, "Vary", "Accept, *"));
        assertEquals("vary *", refusal(strict, 200, false, "Vary", "Accept", "Vary", "*"));
    }

    @Test
    void rfc9111_3_5_authorizationRefusedWithoutOptIn() {
        assertEquals("authorization", refusal(strict, 200, true, "Cache-Control", "public, max-age=60"));
        assertEquals("authorization", refusal(strict, 200, true, "Cache-Control", "s-maxage=60"));
        assertEquals("authorization", refusal(strict, 200, true, "Cache-Control", "must-revalidate, max-age=60"));
    }

    @Test
    void rfc9111_3_5_authorizationWithOptInNeedsPublicSMaxAgeOrMustRevalidate() {
        assertEquals("authorization without public, s-maxage or must-revalidate",
                refusal(optIn, 200, true, "Cache-Control", "max-age=60"));
        assertEquals("authorization without public, s-maxage or must-revalidate", refusal(optIn, 200, true));
        assertNull(refusal(optIn, 200, true, "Cache-Control", "public, max-age=60"));
        assertNull(refusal(optIn, 200, true, "Cache-Control", "s-maxage=60"));
        assertNull(refusal(optIn, 200, true, "Cache-Control", "must-revalidate, max-age=60"));
    }

    @Test
    void optInDoesNotMatterWithoutAuthorization() {
        assertNull(refusal(optIn, 200, false, "Cache-Control", "max-age=60"));
        assertNull(refusal(strict, 200, false, "Cache-Control", "max-age=60"));
    }

    @Test
    void refusalsComeInOrderStatusFirst() {
        assertEquals("status 500", refusal(strict, 500, true, "Cache-Control", "no-store", "Set-Cookie", "a=b"));
        assertEquals("no-store", refusal(strict, 200, true, "Cache-Control", "no-store, private", "Set-Cookie", "a=b"));
    }

    @Test
    void varyOnCredentialsIsPerUserAndNotShared() {
        assertEquals("vary cookie", refusal(strict, 200, false, "Cache-Control", "public, max-age=60", "Vary", "Cookie"));
        assertEquals("vary cookie", refusal(strict, 200, false, "Vary", "Accept-Encoding, COOKIE"));
        assertEquals("vary cookie", refusal(strict, 200, false, "Vary", "Accept", "Vary", "cookie"));
        assertEquals("vary authorization", refusal(optIn, 200, true, "Cache-Control", "public, max-age=60",
                "Vary", "Authorization"));
        assertEquals("vary authorization", refusal(strict, 200, false, "Vary", "authorization"));
        assertEquals("vary proxy-authorization", refusal(strict, 200, false, "Vary", "Proxy-Authorization"));
        assertNull(refusal(strict, 200, false, "Vary", "Accept-Encoding, X-Cookie-Consent"));
    }
}
