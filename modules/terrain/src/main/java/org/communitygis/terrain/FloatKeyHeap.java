package org.communitygis.terrain;

import java.util.Arrays;

/**
 * A 4-ary min-heap of int cell indices keyed by float elevation, packed into one {@code long[]}: the
 * key's bits mapped to an order-preserving int in the high half, the index in the low half. Equal keys
 * therefore pop in ascending index order, so results do not depend on insertion order.
 *
 * <p>Memory: 8 bytes per queued cell; the array doubles when full. Keys must not be NaN.
 */
final class FloatKeyHeap {
    private long[] entries;
    private int size;

    FloatKeyHeap(int initialCapacity) {
        entries = new long[Math.max(16, initialCapacity)];
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    float peekKey() {
        return keyOf(entries[0]);
    }

    void push(int item, float key) {
        if (size == entries.length) {
            entries = Arrays.copyOf(entries, (int) Math.min(Integer.MAX_VALUE - 8L, entries.length * 2L));
        }
        long entry = pack(item, key);
        int hole = size++;
        while (hole > 0) {
            int parent = (hole - 1) >>> 2;
            long parentEntry = entries[parent];
            if (parentEntry <= entry) {
                break;
            }
            entries[hole] = parentEntry;
            hole = parent;
        }
        entries[hole] = entry;
    }

    /** Removes and returns the item with the smallest key (the smallest index among equal keys). */
    int pop() {
        int top = (int) entries[0];
        size--;
        if (size > 0) {
            long last = entries[size];
            int hole = 0;
            while (true) {
                int first = 4 * hole + 1;
                if (first >= size) {
                    break;
                }
                int end = Math.min(first + 4, size);
                int child = first;
                long childEntry = entries[first];
                for (int c = first + 1; c < end; c++) {
                    if (entries[c] < childEntry) {
                        childEntry = entries[c];
                        child = c;
                    }
                }
                if (childEntry >= last) {
                    break;
                }
                entries[hole] = childEntry;
                hole = child;
            }
            entries[hole] = last;
        }
        return top;
    }

    private static long pack(int item, float key) {
        int bits = Float.floatToRawIntBits(key);
        // Negative floats order backwards as ints: flip their magnitude bits.
        int ordered = bits ^ ((bits >> 31) & 0x7fffffff);
        return ((long) ordered << 32) | (item & 0xffffffffL);
    }

    private static float keyOf(long entry) {
        int ordered = (int) (entry >> 32);
        return Float.intBitsToFloat(ordered ^ ((ordered >> 31) & 0x7fffffff));
    }
}
