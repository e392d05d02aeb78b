package org.deephtm.anomaly;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SlidingWindowTest {

    @Test
    void averagesOnlyTheValuesSeenBeforeItIsFull() {
        SlidingWindow w = new SlidingWindow(3);
        w.add(1);
        w.add(2);
        assertEquals(1.5, w.average(), 0);
    }

    @Test
    void dropsTheOldestValueWhenFull() {
        SlidingWindow w = new SlidingWindow(3);
        for (double v : new double[] {1, 2, 3, 4, 5}) {
            w.add(v);
        }
        assertArrayEquals(new double[] {3, 4, 5}, w.toArray(), 0);
        assertEquals(4, w.average(), 1e-15);
    }
}
