package dev.strata.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The methods a compiled method calls, read from its class file, for tests that pin how a security
 * property is implemented where no behaviour can show it (constant-time comparison). Reads the
 * constant pool and walks each method's instructions; nothing else of the class file.
 */
public final class Bytecode {
    private Bytecode() {
    }

    /** Comparisons whose time depends on where their inputs first differ. */
    public static final List<String> EARLY_EXIT_COMPARISONS = List.of("java.lang.String.equals",
            "java.lang.String.equalsIgnoreCase", "java.lang.String.contentEquals", "java.lang.String.compareTo",
            "java.lang.String.compareToIgnoreCase", "java.lang.String.startsWith", "java.lang.String.endsWith",
            "java.lang.String.hashCode", "java.lang.Object.equals", "java.util.Arrays.equals",
            "java.util.Arrays.mismatch", "java.util.Objects.equals");

    /**
     * Every call made by the methods of {@code type} named {@code method} (all overloads), in
     * order, as {@code owner.name}, the owner's binary name with dots ({@code java.lang.String.equals}).
     */
    public static List<String> calls(Class<?> type, String method) {
        String resource = "/" + type.getName().replace('.', '/') + ".class";
        try (InputStream raw = type.getResourceAsStream(resource)) {
            if (raw == null) {
                throw new IllegalArgumentException("no class file for " + type);
            }
            return calls(new DataInputStream(raw), method);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> calls(DataInputStream in, String wanted) throws IOException {
        in.readInt(); // magic
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        Object[] pool = new Object[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> pool[i] = in.readUTF();
                case 3, 4 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++;
                }
                case 7, 8, 16, 19, 20 -> pool[i] = new int[] {in.readUnsignedShort()};
                case 9, 10, 11, 12, 17, 18 -> pool[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                default -> throw new IOException("constant pool tag " + tag);
            }
        }
        in.readUnsignedShort(); // access
        in.readUnsignedShort(); // this
        in.readUnsignedShort(); // super
        skip(in, in.readUnsignedShort() * 2); // interfaces
        int fields = in.readUnsignedShort();
        for (int f = 0; f < fields; f++) {
            in.readUnsignedShort();
            in.readUnsignedShort();
            in.readUnsignedShort();
            skipAttributes(in);
        }
        List<String> calls = new ArrayList<>();
        int methods = in.readUnsignedShort();
        for (int m = 0; m < methods; m++) {
            in.readUnsignedShort();
            String name = (String) pool[in.readUnsignedShort()];
            in.readUnsignedShort();
            int attributes = in.readUnsignedShort();
            for (int a = 0; a < attributes; a++) {
                String attribute = (String) pool[in.readUnsignedShort()];
                int length = in.readInt();
                if (!attribute.equals("Code") || !name.equals(wanted)) {
                    skip(in, length);
                    continue;
                }
                in.readUnsignedShort(); // max stack
                in.readUnsignedShort(); // max locals
                byte[] code = new byte[in.readInt()];
                in.readFully(code);
                walk(code, pool, calls);
                skip(in, in.readUnsignedShort() * 8); // exception table
                skipAttributes(in);
            }
        }
        return calls;
    }

    private static void walk(byte[] code, Object[] pool, List<String> calls) {
        int pc = 0;
        while (pc < code.length) {
            int op = code[pc] & 0xff;
            if (op >= 0xb6 && op <= 0xb9) { // invokevirtual, invokespecial, invokestatic, invokeinterface
                int[] ref = (int[]) pool[u2(code, pc + 1)];
                String owner = (String) pool[((int[]) pool[ref[0]])[0]];
                String name = (String) pool[((int[]) pool[ref[1]])[0]];
                calls.add(owner.replace('/', '.') + "." + name);
            }
            pc += length(code, pc, op);
        }
    }

    private static int length(byte[] code, int pc, int op) {
        if (op == 0xaa) { // tableswitch
            int p = (pc + 4) & ~3;
            int low = s4(code, p + 4);
            int high = s4(code, p + 8);
            return p + 12 + (high - low + 1) * 4 - pc;
        }
        if (op == 0xab) { // lookupswitch
            int p = (pc + 4) & ~3;
            return p + 8 + s4(code, p + 4) * 8 - pc;
        }
        if (op == 0xc4) { // wide
            return (code[pc + 1] & 0xff) == 0x84 ? 6 : 4;
        }
        if (op == 0x10 || op == 0x12 || (op >= 0x15 && op <= 0x19) || (op >= 0x36 && op <= 0x3a) || op == 0xa9
                || op == 0xbc) {
            return 2;
        }
        if (op == 0x11 || op == 0x13 || op == 0x14 || op == 0x84 || (op >= 0x99 && op <= 0xa8)
                || (op >= 0xb2 && op <= 0xb8) || op == 0xbb || op == 0xbd || op == 0xc0 || op == 0xc1
                || op == 0xc6 || op == 0xc7) {
            return 3;
        }
        if (op == 0xc5) {
            return 4;
        }
        if (op == 0xb9 || op == 0xba || op == 0xc8 || op == 0xc9) {
            return 5;
        }
        return 1;
    }

    private static int u2(byte[] b, int i) {
        return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }

    private static int s4(byte[] b, int i) {
        return (b[i] << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
    }

    private static void skipAttributes(DataInputStream in) throws IOException {
        int attributes = in.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
            in.readUnsignedShort();
            skip(in, in.readInt());
        }
    }

    private static void skip(DataInputStream in, int n) throws IOException {
        in.readFully(new byte[n]);
    }
}
