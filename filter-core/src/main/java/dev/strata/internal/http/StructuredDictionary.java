package dev.strata.internal.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict parser of Structured Field Dictionaries (RFC 8941 §4.2.2), the syntax of targeted
 * cache-control fields such as {@code CDN-Cache-Control} (RFC 9213 §2.1).
 *
 * <p>Only what cache directives need is kept: each member's bare value as an {@link Item}
 * (integer, decimal, string, token, byte sequence, boolean, or inner list); parameters are
 * checked for syntax and dropped. Any syntax error makes the whole field invalid, which is what
 * RFC 9213 requires ("that field MUST be ignored").
 */
public final class StructuredDictionary {
    /** Kinds of member value. */
    public enum Type { INTEGER, DECIMAL, STRING, TOKEN, BYTES, BOOLEAN, INNER_LIST }

    /**
     * A member value.
     *
     * @param type its kind
     * @param integer the value of an integer
     * @param text the text of a string, token or byte sequence; the items of an inner list joined
     *     with ", " when they are strings or tokens
     * @param bool the value of a boolean
     */
    public record Item(Type type, long integer, String text, boolean bool) {
    }

    private final String s;
    private int i;

    private StructuredDictionary(String s) {
        this.s = s;
    }

    /**
     * Parses the field lines of one field, combined as RFC 8941 §4.2 says (joined with commas).
     *
     * @return the members in order, later duplicates overriding earlier ones; {@code null} when the
     *     field is absent, empty or invalid
     */
    public static Map<String, Item> parse(List<String> fieldLines) {
        if (fieldLines == null || fieldLines.isEmpty()) {
            return null;
        }
        String combined = String.join(",", fieldLines);
        try {
            Map<String, Item> members = new StructuredDictionary(combined).dictionary();
            return members.isEmpty() ? null : members;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private Map<String, Item> dictionary() {
        skipSp();
        Map<String, Item> out = new LinkedHashMap<>();
        while (i < s.length()) {
            String key = key();
            Item value;
            if (peek() == '=') {
                i++;
                value = peek() == '(' ? innerList() : item();
            } else {
                value = new Item(Type.BOOLEAN, 0, null, true);
                parameters();
            }
            out.remove(key);
            out.put(key, value);
            skipOws();
            if (i >= s.length()) {
                return out;
            }
            expect(',');
            skipOws();
            if (i >= s.length()) {
                throw invalid("trailing comma");
            }
        }
        return out;
    }

    private Item innerList() {
        expect('(');
        StringBuilder joined = new StringBuilder();
        while (true) {
            skipSp();
            if (peek() == ')') {
                i++;
                parameters();
                return new Item(Type.INNER_LIST, 0, joined.toString(), false);
            }
            Item member = item();
            if (member.type == Type.STRING || member.type == Type.TOKEN) {
                if (joined.length() > 0) {
                    joined.append(", ");
                }
                joined.append(member.text);
            }
            char c = peek();
            if (c != ' ' && c != ')') {
                throw invalid("inner list member not followed by space or ')'");
            }
        }
    }

    private Item item() {
        Item bare = bareItem();
        parameters();
        return bare;
    }

    private void parameters() {
        while (peek() == ';') {
            i++;
            skipSp();
            key();
            if (peek() == '=') {
                i++;
                bareItem();
            }
        }
    }

    private Item bareItem() {
        char c = peek();
        if (c == '-' || isDigit(c)) {
            return number();
        }
        if (c == '"') {
            return string();
        }
        if (c == '*' || isAlpha(c)) {
            return token();
        }
        if (c == ':') {
            return bytes();
        }
        if (c == '?') {
            i++;
            char b = peek();
            if (b != '0' && b != '1') {
                throw invalid("bad boolean");
            }
            i++;
            return new Item(Type.BOOLEAN, 0, null, b == '1');
        }
        throw invalid("no bare item at " + i);
    }

    private Item number() {
        int start = i;
        if (peek() == '-') {
            i++;
        }
        int digitsStart = i;
        while (isDigit(peek())) {
            i++;
        }
        int intDigits = i - digitsStart;
        if (intDigits == 0) {
            throw invalid("number without digits");
        }
        if (peek() != '.') {
            if (intDigits > 15) {
                throw invalid("integer too long");
            }
            return new Item(Type.INTEGER, Long.parseLong(s.substring(start, i)), null, false);
        }
        i++;
        int fracStart = i;
        while (isDigit(peek())) {
            i++;
        }
        int fracDigits = i - fracStart;
        if (intDigits > 12 || fracDigits < 1 || fracDigits > 3) {
            throw invalid("bad decimal");
        }
        return new Item(Type.DECIMAL, 0, s.substring(start, i), false);
    }

    private Item string() {
        i++;
        StringBuilder b = new StringBuilder();
        while (i < s.length()) {
            char c = s.charAt(i++);
            if (c == '\\') {
                if (i >= s.length()) {
                    throw invalid("dangling escape");
                }
                char next = s.charAt(i++);
                if (next != '"' && next != '\\') {
                    throw invalid("bad escape");
                }
                b.append(next);
            } else if (c == '"') {
                return new Item(Type.STRING, 0, b.toString(), false);
            } else if (c < 0x20 || c > 0x7e) {
                throw invalid("bad string character");
            } else {
                b.append(c);
            }
        }
        throw invalid("unterminated string");
    }

    private Item token() {
        int start = i;
        i++;
        while (i < s.length() && (isTchar(s.charAt(i)) || s.charAt(i) == ':' || s.charAt(i) == '/')) {
            i++;
        }
        return new Item(Type.TOKEN, 0, s.substring(start, i), false);
    }

    private Item bytes() {
        i++;
        int start = i;
        while (i < s.length() && s.charAt(i) != ':') {
            char c = s.charAt(i);
            if (!(isAlpha(c) || isDigit(c) || c == '+' || c == '/' || c == '=')) {
                throw invalid("bad byte sequence");
            }
            i++;
        }
        expect(':');
        return new Item(Type.BYTES, 0, s.substring(start, i - 1), false);
    }

    private String key() {
        char c = peek();
        if (!(c == '*' || c >= 'a' && c <= 'z')) {
            throw invalid("bad key start at " + i);
        }
        int start = i;
        while (i < s.length()) {
            char k = s.charAt(i);
            if (k >= 'a' && k <= 'z' || isDigit(k) || k == '_' || k == '-' || k == '.' || k == '*') {
                i++;
            } else {
                break;
            }
        }
        return s.substring(start, i);
    }

    private char peek() {
        return i < s.length() ? s.charAt(i) : '\0';
    }

    private void expect(char c) {
        if (peek() != c) {
            throw invalid("expected '" + c + "' at " + i);
        }
        i++;
    }

    private void skipSp() {
        while (peek() == ' ') {
            i++;
        }
    }

    private void skipOws() {
        while (peek() == ' ' || peek() == '\t') {
            i++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAlpha(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean isTchar(char c) {
        return isAlpha(c) || isDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    private static IllegalArgumentException invalid(String why) {
        return new IllegalArgumentException(why);
    }
}
