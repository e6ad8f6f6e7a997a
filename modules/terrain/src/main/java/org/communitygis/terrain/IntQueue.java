package org.communitygis.terrain;

/** A FIFO queue of ints on a growable ring buffer (4 bytes per queued item). */
final class IntQueue {
    private int[] items;
    private int head;
    private int size;

    IntQueue(int initialCapacity) {
        items = new int[Math.max(16, initialCapacity)];
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    void add(int item) {
        if (size == items.length) {
            grow();
        }
        int tail = head + size;
        if (tail >= items.length) {
            tail -= items.length;
        }
        items[tail] = item;
        size++;
    }

    int poll() {
        int item = items[head];
        head++;
        if (head == items.length) {
            head = 0;
        }
        size--;
        return item;
    }

    void clear() {
        head = 0;
        size = 0;
    }

    private void grow() {
        int capacity = (int) Math.min(Integer.MAX_VALUE - 8L, items.length * 2L);
        int[] grown = new int[capacity];
        int firstPart = Math.min(size, items.length - head);
        System.arraycopy(items, head, grown, 0, firstPart);
        System.arraycopy(items, 0, grown, firstPart, size - firstPart);
        items = grown;
        head = 0;
    }
}
