package dev.strata.internal.admin;

import dev.strata.PurgeResult;
import dev.strata.internal.security.Secret;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The admin endpoint, off unless {@code adminPath} is set. Every request to it needs
 * {@code Authorization: Bearer <adminToken>}, compared in constant time; anything else gets
 * {@code 401} and changes nothing.
 *
 * <ul>
 *   <li>{@code PURGE <any cached URL>} purges that URL, all its variants, on every node
 *       ({@code Strata-Soft-Purge: 1} for a soft purge);</li>
 *   <li>{@code POST <adminPath>/purge} with {@code {"tags":["a","b"]}}, {@code {"urls":["/p?q"]}} or
 *       {@code {"all":true}}, and optionally {@code "soft":true};</li>
 *   <li>{@code GET <adminPath>/stats}: every node's figures and their sum over the cluster.</li>
 * </ul>
 * Answers are JSON, {@code Cache-Control: no-store}, and say what was purged.
 */
public final class AdminEndpoint {
    /** Largest purge request body. */
    static final int MAX_BODY = 64 * 1024;
    private static final Set<String> PURGE_FIELDS = Set.of("tags", "urls", "all", "soft");

    /** What the endpoint does, implemented by the filter. */
    public interface Actions {
        /** Purges the URL of this request (as a GET of it would be keyed), every variant. */
        PurgeResult purgeRequestUrl(HttpServletRequest request, boolean soft);

        /** Purges URLs given as absolute URLs or paths. */
        PurgeResult purgeUrls(List<String> urls, boolean soft);

        /** Purges tags. */
        PurgeResult purgeTags(List<String> tags, boolean soft);

        /** Purges everything. */
        PurgeResult purgeAll(boolean soft);

        /** The stats document. */
        Map<String, Object> stats();
    }

    private final String path;
    private final Secret token;
    private final Actions actions;

    /**
     * @param path the admin path, e.g. {@code /_strata}
     * @param token the bearer token
     * @param actions what it does
     */
    public AdminEndpoint(String path, Secret token, Actions actions) {
        this.path = path;
        this.token = token;
        this.actions = actions;
    }

    /** Whether this request is for the endpoint: a {@code PURGE}, or anything under the admin path. */
    public boolean handles(HttpServletRequest request) {
        return request.getMethod().equals("PURGE") || underPath(request);
    }

    private boolean underPath(HttpServletRequest request) {
        String p = contextPath(request);
        return p.equals(path) || p.startsWith(path + "/");
    }

    private static String contextPath(HttpServletRequest request) {
        String info = request.getPathInfo();
        return info == null ? request.getServletPath() : request.getServletPath() + info;
    }

    /** Answers an admin request. */
    public void serve(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        if (!authorised(request.getHeader("Authorization"))) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"strata\"");
            answer(response, 401, Map.of("error", "a valid bearer token is required"));
            return;
        }
        try {
            if (request.getMethod().equals("PURGE") && !underPath(request)) {
                boolean soft = "1".equals(request.getHeader("Strata-Soft-Purge"))
                        || "true".equalsIgnoreCase(request.getHeader("Strata-Soft-Purge"));
                answer(response, 200, describe(actions.purgeRequestUrl(request, soft)));
                return;
            }
            String route = contextPath(request).substring(path.length());
            switch (route) {
                case "/purge" -> {
                    if (!request.getMethod().equals("POST")) {
                        response.setHeader("Allow", "POST");
                        answer(response, 405, Map.of("error", "use POST"));
                        return;
                    }
                    purge(request, response);
                }
                case "/stats" -> {
                    if (!request.getMethod().equals("GET") && !request.getMethod().equals("HEAD")) {
                        response.setHeader("Allow", "GET, HEAD");
                        answer(response, 405, Map.of("error", "use GET"));
                        return;
                    }
                    answer(response, 200, actions.stats());
                }
                default -> answer(response, 404, Map.of("error", "no such admin resource; try "
                        + path + "/purge or " + path + "/stats"));
            }
        } catch (IllegalArgumentException e) {
            answer(response, 400, Map.of("error", e.getMessage()));
        } catch (IllegalStateException e) {
            answer(response, 503, Map.of("error", "purge failed: " + e.getMessage()));
        }
    }

    /** Whether the header carries the token: {@code Bearer <token>}, the scheme in any case. */
    boolean authorised(String authorization) {
        if (authorization == null || authorization.length() < 7
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            // still compare, so a missing header takes as long as a wrong one
            token.matches("");
            return false;
        }
        return token.matches(authorization.substring(7).trim());
    }

    private void purge(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String body = body(request);
        if (body == null) {
            answer(response, 413, Map.of("error", "body over " + MAX_BODY + " bytes"));
            return;
        }
        Object doc;
        try {
            doc = Json.parse(body);
        } catch (Json.ParseException e) {
            answer(response, 400, Map.of("error", "malformed JSON: " + e.getMessage()));
            return;
        }
        if (!(doc instanceof Map<?, ?> map)) {
            answer(response, 400, Map.of("error", "expected a JSON object"));
            return;
        }
        for (Object name : map.keySet()) {
            if (!PURGE_FIELDS.contains(name)) {
                answer(response, 400, Map.of("error", "unknown field \"" + name + "\"; expected tags, urls or all,"
                        + " and soft"));
                return;
            }
        }
        Object softValue = map.get("soft");
        if (softValue != null && !(softValue instanceof Boolean)) {
            answer(response, 400, Map.of("error", "\"soft\" must be true or false"));
            return;
        }
        boolean soft = Boolean.TRUE.equals(softValue);
        int scopes = (map.containsKey("tags") ? 1 : 0) + (map.containsKey("urls") ? 1 : 0)
                + (map.containsKey("all") ? 1 : 0);
        if (scopes != 1) {
            answer(response, 400, Map.of("error", "give exactly one of \"tags\", \"urls\" or \"all\""));
            return;
        }
        PurgeResult result;
        if (map.containsKey("all")) {
            if (!Boolean.TRUE.equals(map.get("all"))) {
                answer(response, 400, Map.of("error", "\"all\" must be true"));
                return;
            }
            result = actions.purgeAll(soft);
        } else {
            String field = map.containsKey("tags") ? "tags" : "urls";
            List<String> values = strings(map.get(field));
            if (values == null) {
                answer(response, 400, Map.of("error", "\"" + field + "\" must be a non-empty array of non-empty strings"));
                return;
            }
            result = field.equals("tags") ? actions.purgeTags(values, soft) : actions.purgeUrls(values, soft);
        }
        answer(response, 200, describe(result));
    }

    private static List<String> strings(Object value) {
        if (!(value instanceof List<?> list) || list.isEmpty() || list.size() > 1000) {
            return null;
        }
        List<String> out = new ArrayList<>(list.size());
        for (Object o : list) {
            if (!(o instanceof String s) || s.isEmpty()) {
                return null;
            }
            out.add(s);
        }
        return out;
    }

    /** The body as UTF-8, or {@code null} when it is too large; malformed UTF-8 is a 400. */
    private static String body(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > MAX_BODY) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = request.getInputStream()) {
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                if (out.size() > MAX_BODY) {
                    return null;
                }
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(out.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the body is not UTF-8");
        }
    }

    /** The answer to a purge: what it purged, its sequence or version, and who applied it. */
    static Map<String, Object> describe(PurgeResult r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("purged", r.scope());
        if (!r.scope().equals("all")) {
            out.put(r.scope().equals("url") ? "urls" : r.scope(), r.targets());
            out.put("count", r.targets().size());
        }
        out.put("mode", r.soft() ? "soft" : "hard");
        if (r.namespaceVersion() > 0) {
            out.put("namespaceVersion", r.namespaceVersion());
        } else {
            out.put("sequence", r.sequence());
        }
        out.put("acknowledged", r.acknowledged());
        out.put("members", r.members());
        out.put("complete", r.complete());
        return out;
    }

    private static void answer(HttpServletResponse response, int status, Map<String, Object> body) throws IOException {
        byte[] bytes = (Json.write(body) + "\n").getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
