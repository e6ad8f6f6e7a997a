package org.communitygis.terrain;

import java.util.Arrays;

/**
 * A binary min-heap of int cell indices keyed by float elevation, on two parallel primitive arrays.
 *
 * <p>Memory: 8 bytes per queued cell; the arrays double when full. Equal keys leave the heap in no
 * guaranteed order.
 */
final class FloatKeyHeap {
    private int[] items;
    private float[] keys;
    private int size;

    FloatKeyHeap(int initialCapacity) {
        int capacity = Math.max(16, initialCapacity);
        items = new int[capacity];
        keys = new float[capacity];
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    float peekKey() {
        return keys[0];
    }

    void push(int item, float key) {
        if (size == items.length) {
            int capacity = (int) Math.min(Integer.MAX_VALUE - 8L, items.length * 2L);
            items = Arrays.copyOf(items, capacity);
            keys = Arrays.copyOf(keys, capacity);
        }
        int hole = size++;
        while (hole > 0) {
            int parent = (hole - 1) >>> 1;
            if (keys[parent] <= key) {
                break;
            }
            items[hole] = items[parent];
            keys[hole] = keys[parent];
            hole = parent;
        }
        items[hole] = item;
        keys[hole] = key;
    }

    /** Removes and returns the item with the smallest key. */
    int pop() {
        int top = items[0];
        size--;
        if (size > 0) {
            int lastItem = items[size];
            float lastKey = keys[size];
            int hole = 0;
            int half = size >>> 1;
            while (hole < half) {
                int child = 2 * hole + 1;
                int right = child + 1;
                if (right < size && keys[right] < keys[child]) {
                    child = right;
                }
                if (keys[child] >= lastKey) {
                    break;
                }
                items[hole] = items[child];
                keys[hole] = keys[child];
                hole = child;
            }
            items[hole] = lastItem;
            keys[hole] = lastKey;
        }
        return top;
    }
}
