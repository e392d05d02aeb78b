package org.deephtm.engine;

/**
 * The loops the kernels are made of, over whole rows indexed from 0 so that HotSpot vectorizes
 * them (an {@code axpy} runs at about 14 billion multiply-adds per second on one core here). A dot
 * product is a reduction, which HotSpot does not vectorize for floats (it must keep the order of
 * the additions); eight partial sums give the processor independent work instead (about 3
 * billion per second).
 */
final class Vectors {

    private Vectors() {
    }

    /** {@code y[0..n) += a x[0..n)}. */
    static void axpy(float[] y, float a, float[] x, int n) {
        for (int i = 0; i < n; i++) {
            y[i] += a * x[i];
        }
    }

    /** {@code sum x[i] y[i]} over [0, n), in eight partial sums. */
    static float dot(float[] x, float[] y, int n) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        float s4 = 0;
        float s5 = 0;
        float s6 = 0;
        float s7 = 0;
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            s0 += x[i] * y[i];
            s1 += x[i + 1] * y[i + 1];
            s2 += x[i + 2] * y[i + 2];
            s3 += x[i + 3] * y[i + 3];
            s4 += x[i + 4] * y[i + 4];
            s5 += x[i + 5] * y[i + 5];
            s6 += x[i + 6] * y[i + 6];
            s7 += x[i + 7] * y[i + 7];
        }
        for (; i < n; i++) {
            s0 += x[i] * y[i];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    /**
     * Four dot products with the same {@code x}: {@code out[o + j] = w_j . x}. Reading {@code x}
     * once for four rows, with two partial sums per row, runs about a quarter faster than four
     * {@link #dot} calls.
     */
    static void dot4(float[] w0, float[] w1, float[] w2, float[] w3, float[] x, int n, float[] out, int o) {
        float a0 = 0;
        float a1 = 0;
        float b0 = 0;
        float b1 = 0;
        float c0 = 0;
        float c1 = 0;
        float d0 = 0;
        float d1 = 0;
        int i = 0;
        for (; i + 2 <= n; i += 2) {
            float x0 = x[i];
            float x1 = x[i + 1];
            a0 += w0[i] * x0;
            a1 += w0[i + 1] * x1;
            b0 += w1[i] * x0;
            b1 += w1[i + 1] * x1;
            c0 += w2[i] * x0;
            c1 += w2[i + 1] * x1;
            d0 += w3[i] * x0;
            d1 += w3[i + 1] * x1;
        }
        for (; i < n; i++) {
            a0 += w0[i] * x[i];
            b0 += w1[i] * x[i];
            c0 += w2[i] * x[i];
            d0 += w3[i] * x[i];
        }
        out[o] = a0 + a1;
        out[o + 1] = b0 + b1;
        out[o + 2] = c0 + c1;
        out[o + 3] = d0 + d1;
    }

    /** {@code sum x[idx[k]] y[idx[k]]} over the {@code count} listed indices. */
    static float dot(float[] x, float[] y, int[] idx, int count) {
        float s = 0;
        for (int k = 0; k < count; k++) {
            int i = idx[k];
            s += x[i] * y[i];
        }
        return s;
    }

    /** Lists the indices of the non-zero entries of {@code x[0..n)} into {@code idx}; returns how many. */
    static int nonZeros(float[] x, int n, int[] idx) {
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (x[i] != 0) {
                idx[count++] = i;
            }
        }
        return count;
    }

    /** {@code x[0..n) /= d}, as DL4J divides a gradient by the minibatch size. */
    static void divide(float[] x, float d, int n) {
        for (int i = 0; i < n; i++) {
            x[i] /= d;
        }
    }

    /** NaN when any of {@code x[0..n)} is NaN or infinite, 0 otherwise (a product with 0 keeps NaN and turns infinity into NaN). */
    static float nonFinite(float[] x, int n) {
        float s = 0;
        for (int i = 0; i < n; i++) {
            s += x[i] * 0f;
        }
        return s;
    }

    /** The largest |x[i]| over [0, n). */
    static float maxAbs(float[] x, int n) {
        float m = 0;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, Math.abs(x[i]));
        }
        return m;
    }

    static float[][] rows(int count, int width) {
        return new float[count][width];
    }
}
