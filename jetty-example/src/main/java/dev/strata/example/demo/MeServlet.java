package dev.strata.example.demo;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * {@code GET <mount>/me}: a personalised response that a shared cache must never store or serve to
 * someone else.
 *
 * <p>A request without a valid {@code session} cookie gets a new random one
 * ({@code Set-Cookie: session=...; Path=/; HttpOnly}); the body names the user derived from the
 * session: {@code {"user":"user-1a2b3c4d"}}. Always {@code Cache-Control: private}. Counted in the
 * {@link OriginCounter}.
 */
public final class MeServlet extends HttpServlet {

    static final String COOKIE = "session";
    private static final Pattern TOKEN = Pattern.compile("[0-9a-f]{32}");

    private final transient OriginCounter counter;
    private final transient SecureRandom random = new SecureRandom();

    public MeServlet(OriginCounter counter) {
        this.counter = counter;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        counter.record(DemoServlets.pathOf(request));

        String session = sessionOf(request);
        if (session == null) {
            byte[] bytes = new byte[16];
            random.nextBytes(bytes);
            session = HexFormat.of().formatHex(bytes);
            Cookie cookie = new Cookie(COOKIE, session);
            cookie.setPath("/");
            cookie.setHttpOnly(true);
            response.addCookie(cookie);
        }
        response.setHeader("Cache-Control", "private");
        DemoServlets.writeJson(response, 200, "{\"user\":" + Json.quote("user-" + session.substring(0, 8)) + "}");
    }

    private static String sessionOf(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (COOKIE.equals(cookie.getName()) && TOKEN.matcher(cookie.getValue()).matches()) {
                    return cookie.getValue();
                }
            }
        }
        return null;
    }
}
