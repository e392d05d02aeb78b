package org.deephtm.anomaly;

import java.io.Serializable;

/**
 * The last {@code capacity} values of a scalar stream, oldest first, and their sum: the moving
 * average and the history of {@link AnomalyLikelihood} (nupic's {@code MovingAverage} and its
 * {@code deque(maxlen=...)}), on a primitive ring buffer.
 */
final class SlidingWindow implements Serializable {

    private static final long serialVersionUID = 1L;

    private final double[] values;
    private int start;
    private int size;
    private double total;

    SlidingWindow(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        this.values = new double[capacity];
    }

    /** Appends {@code value}, dropping the oldest value when full. */
    void add(double value) {
        if (size == values.length) {
            total -= values[start];
            values[start] = value;
            start = (start + 1) % values.length;
        } else {
            values[(start + size) % values.length] = value;
            size++;
        }
        total += value;
    }

    /** The {@code i}-th value, 0 being the oldest. */
    double get(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("index " + i + " outside [0, " + size + ")");
        }
        return values[(start + i) % values.length];
    }

    int size() {
        return size;
    }

    int capacity() {
        return values.length;
    }

    /** The mean of the values held, NaN when empty. */
    double average() {
        return size == 0 ? Double.NaN : total / size;
    }

    /** The values held, oldest first. */
    double[] toArray() {
        double[] copy = new double[size];
        for (int i = 0; i < size; i++) {
            copy[i] = get(i);
        }
        return copy;
    }
}
