package dev.strata.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Parses the value syntaxes of init-params: sizes, durations, booleans and lists. */
final class ConfigValues {
    private ConfigValues() {
    }

    static long size(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        long multiplier = 1;
        if (t.endsWith("b")) {
            t = t.substring(0, t.length() - 1).trim();
        }
        if (t.endsWith("k")) {
            multiplier = 1L << 10;
        } else if (t.endsWith("m")) {
            multiplier = 1L << 20;
        } else if (t.endsWith("g")) {
            multiplier = 1L << 30;
        }
        if (multiplier != 1) {
            t = t.substring(0, t.length() - 1).trim();
        }
        long n = Long.parseLong(t);
        if (n < 0) {
            throw new IllegalArgumentException("negative size");
        }
        return Math.multiplyExact(n, multiplier);
    }

    static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        int split = 0;
        while (split < t.length() && Character.isDigit(t.charAt(split))) {
            split++;
        }
        if (split == 0) {
            throw new IllegalArgumentException("expected a number with a unit (ms, s, m, h, d)");
        }
        long n = Long.parseLong(t.substring(0, split));
        switch (t.substring(split).trim()) {
            case "ms":
                return Duration.ofMillis(n);
            case "s":
                return Duration.ofSeconds(n);
            case "m":
                return Duration.ofMinutes(n);
            case "h":
                return Duration.ofHours(n);
            case "d":
                return Duration.ofDays(n);
            default:
                throw new IllegalArgumentException("expected a unit: ms, s, m, h or d");
        }
    }

    static boolean bool(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("true")) {
            return true;
        }
        if (t.equals("false")) {
            return false;
        }
        throw new IllegalArgumentException("expected true or false");
    }

    static int positiveInt(String text) {
        int n = Integer.parseInt(text.trim());
        if (n <= 0) {
            throw new IllegalArgumentException("expected a positive number");
        }
        return n;
    }

    static List<String> list(String text) {
        List<String> out = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            if (!p.isEmpty()) {
                out.add(p);
            }
        }
        return List.copyOf(out);
    }
}
