package org.deephtm.engine;

import java.util.Arrays;

/**
 * A few entries of a long row: indices in ascending order, each with its value (a cell's
 * activity or strength; 1 for a column in a set). {@link MemoryView} reuses one per question, so
 * that watching a memory allocates nothing per step: copy what you keep ({@link #indices()}).
 */
public final class SparseRow {

    private int[] indices;
    private float[] values;
    private int size;

    SparseRow(int capacity) {
        indices = new int[capacity];
        values = new float[capacity];
    }

    public int size() {
        return size;
    }

    public int index(int i) {
        check(i);
        return indices[i];
    }

    public float value(int i) {
        check(i);
        return values[i];
    }

    /** Whether {@code index} is an entry. */
    public boolean contains(int index) {
        return Arrays.binarySearch(indices, 0, size, index) >= 0;
    }

    /** A copy of the indices. */
    public int[] indices() {
        return Arrays.copyOf(indices, size);
    }

    /** A copy of the values, in the order of {@link #indices()}. */
    public float[] values() {
        return Arrays.copyOf(values, size);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < size; i++) {
            s.append(i == 0 ? "" : ", ").append(indices[i]).append('=').append(values[i]);
        }
        return s.append(']').toString();
    }

    void clear() {
        size = 0;
    }

    /** Appends an entry; indices must come in ascending order. */
    void add(int index, float value) {
        indices[size] = index;
        values[size++] = value;
    }

    private void check(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("entry " + i + " of a row of " + size);
        }
    }
}
