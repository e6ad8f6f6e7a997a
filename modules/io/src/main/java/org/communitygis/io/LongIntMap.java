package org.communitygis.io;

import java.util.Arrays;

/**
 * A hash map from {@code long} keys to {@code int} values on primitive arrays (open addressing, linear
 * probing), so that millions of OSM node ids cost 12 bytes per slot instead of a boxed entry each.
 *
 * <p>{@link Long#MIN_VALUE} cannot be stored because it marks free slots. The table doubles when it is
 * three-quarters full. Capacity is limited to 2^30 slots, about 800 million keys.
 */
final class LongIntMap {
    private static final long FREE = Long.MIN_VALUE;
    private static final int MAX_CAPACITY = 1 << 30;

    private long[] keys;
    private int[] values;
    private int size;
    private int mask;

    /** Creates a map sized for about {@code expected} keys. */
    LongIntMap(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, (int) Math.min(MAX_CAPACITY, expected * 2L)) - 1) << 1;
        allocate(capacity);
    }

    /** Returns the value of {@code key}, or {@code missing} when the key is absent. */
    int get(long key, int missing) {
        int slot = slot(key);
        while (true) {
            long stored = keys[slot];
            if (stored == key) {
                return values[slot];
            }
            if (stored == FREE) {
                return missing;
            }
            slot = (slot + 1) & mask;
        }
    }

    /** Stores {@code value} for {@code key}, replacing any previous value. */
    void put(long key, int value) {
        if (key == FREE) {
            throw new IllegalArgumentException("Long.MIN_VALUE cannot be used as a key");
        }
        if ((size + 1) * 4L > keys.length * 3L) {
            grow();
        }
        int slot = slot(key);
        while (keys[slot] != FREE && keys[slot] != key) {
            slot = (slot + 1) & mask;
        }
        if (keys[slot] == FREE) {
            size++;
        }
        keys[slot] = key;
        values[slot] = value;
    }

    /** Returns the number of keys. */
    int size() {
        return size;
    }

    private int slot(long key) {
        long hash = key * 0x9E3779B97F4A7C15L;
        return (int) (hash ^ (hash >>> 32)) & mask;
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        Arrays.fill(keys, FREE);
        values = new int[capacity];
        mask = capacity - 1;
    }

    private void grow() {
        if (keys.length >= MAX_CAPACITY) {
            throw new IllegalStateException("LongIntMap is full at " + size + " keys");
        }
        long[] oldKeys = keys;
        int[] oldValues = values;
        allocate(keys.length * 2);
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != FREE) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }
}
