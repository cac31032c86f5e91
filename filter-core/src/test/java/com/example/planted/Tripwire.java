package com.example.planted;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Java-serializable value someone plants in the tier-2 map: counts every time it is deserialized,
 * which is what a gadget chain needs to run code. Strata must never instantiate it. Outside
 * {@code dev.strata} on purpose: that package is on the serialization allow-list.
 */
public final class Tripwire implements Serializable {
    private static final long serialVersionUID = 1L;
    /** How many times any instance was deserialized in this JVM. */
    public static final AtomicInteger DESERIALIZED = new AtomicInteger();

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        DESERIALIZED.incrementAndGet();
    }
}
