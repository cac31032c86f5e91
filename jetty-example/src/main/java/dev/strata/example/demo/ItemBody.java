package dev.strata.example.demo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The body of {@code /api/item/{id}}, a function of the id alone, so that a load client can check
 * every response it gets byte for byte without asking the origin: a stored body that belongs to
 * another key, is cut short or is corrupt is a wrong body.
 *
 * <pre>{"id":"42","name":"Item 42","price":123.45,"pad":"..."}</pre>
 *
 * <p>{@code pad} is 100 to 2,099 characters, chosen by the id, so bodies differ in length too.
 */
public final class ItemBody {
    private static final char[] PAD = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private ItemBody() {
    }

    /** The body for {@code id}. */
    public static byte[] of(String id) {
        int h = id.hashCode();
        int padLength = 100 + Math.floorMod(h * 7919, 2000);
        StringBuilder b = new StringBuilder(padLength + 96);
        b.append("{\"id\":").append(Json.quote(id))
                .append(",\"name\":").append(Json.quote("Item " + id))
                .append(",\"price\":").append(CatalogServlet.priceOf(id))
                .append(",\"pad\":\"");
        for (int i = 0; i < padLength; i++) {
            b.append(PAD[Math.floorMod(h + i * 31, PAD.length)]);
        }
        return b.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The body of {@code /api/vary/{id}} for one value of {@code X-Variant}. */
    public static byte[] variant(String id, String variant) {
        return ("{\"id\":" + Json.quote(id) + ",\"variant\":" + Json.quote(variant == null ? "" : variant) + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The hex SHA-256 of {@code body}: the origin's {@code X-Body-Sha256}. */
    public static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
        }
    }
}
