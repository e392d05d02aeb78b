package org.deephtm.engine;

import org.deephtm.learning.AdamStep;
import org.deephtm.learning.LazyAdam;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * One parameter tensor of the network (a weight matrix, a bias, layer state), held as rows of
 * floats, with the optimizer rule that moves it.
 *
 * <p>Rows are separate arrays indexed from 0: HotSpot vectorizes a loop over a whole array, not
 * over a slice at an offset (measured: 14 against 3.5 billion multiply-adds per second). A row
 * is also the unit of sparse work: the kernels hand over the gradient of a row, or of single
 * elements, and only those the step touched; the rows' layout matches a contiguous stretch of
 * the network's flat parameter array, so that copying to and from DL4J is a copy of runs.
 *
 * <p>The gradient handed over is the sum over the step's examples, divided by the number of
 * streams (DL4J's minibatch division) by the caller; each row or element gets at most one
 * gradient per step.
 */
abstract class Parameter {

    /** Where the parameter sits in DL4J: layer index and parameter key. */
    final int layer;
    final String key;
    final float[][] values;

    Parameter(int layer, String key, float[][] values) {
        this.layer = layer;
        this.key = key;
        this.values = values;
    }

    /** The rule DL4J's updater configuration for this parameter describes. */
    static Parameter of(int layer, String key, float[][] values, IUpdater updater) {
        if (updater instanceof NoOp) {
            return new NoOpRule(layer, key, values);
        }
        if (updater instanceof Sgd sgd) {
            return new SgdRule(layer, key, values, sgd);
        }
        if (updater instanceof LazyAdam lazy) {
            return new LazyAdamRule(layer, key, values, lazy);
        }
        if (updater instanceof Adam adam) {
            return new AdamRule(layer, key, values, adam);
        }
        throw new IllegalArgumentException("no engine rule for updater " + updater);
    }

    /** Updaters the engine runs: {@link #of} accepts these. */
    static boolean supports(IUpdater updater) {
        return updater instanceof NoOp || updater instanceof Sgd || updater instanceof LazyAdam
                || updater instanceof Adam;
    }

    /** Called once before the step's gradients arrive; iteration is DL4J's update count so far. */
    abstract void beginStep(int iteration, int epoch);

    /** The gradient of the whole row {@code r} (length of the row). */
    abstract void updateRow(int r, float[] gradient);

    /** The gradient {@code x[c] scale} of the whole row {@code r}: an outer product's row, without a scratch row. */
    abstract void updateRowScaled(int r, float[] x, float scale);

    /** The gradient of the element ({@code r}, {@code c}). */
    abstract void updateElement(int r, int c, float gradient);

    /** Called after the step's gradients. */
    void endStep() {
    }

    /** The optimizer's state arrays, each in the layout of {@link #values} (Adam: m then v); none for SGD. */
    abstract float[][][] state();

    /** The learning rate of the last step, for messages; NaN for a fixed parameter. */
    abstract double learningRate();

    int rows() {
        return values.length;
    }

    int rowLength() {
        return values.length == 0 ? 0 : values[0].length;
    }

    long length() {
        return (long) rows() * rowLength();
    }

    /**
     * 1 where {@code |x| > t}, 0 elsewhere (NaN stays NaN), in arithmetic that vectorizes and makes
     * no denormal for a normal {@code t}: {@code d = |x| - t} is either at most 0 or at least one
     * ulp of t, and {@code d + |d|}, 0 or {@code 2 d}, times 2^122 is above 1 (or infinite).
     */
    static float above(float x, float t) {
        float d = Math.abs(x) - t;
        return Math.min(1f, (d + Math.abs(d)) * 0x1p122f);
    }

    static float[][] like(float[][] values) {
        float[][] copy = new float[values.length][];
        for (int r = 0; r < values.length; r++) {
            copy[r] = new float[values[r].length];
        }
        return copy;
    }

    /**
     * DL4J's NoOp updater: the gradient itself is the update ({@code w = w - g}, SGD with a
     * learning rate of 1). Layer state (duty cycles, the potential pool) has this updater and no
     * gradient, so it moves only as its layer moves it.
     */
    static final class NoOpRule extends Parameter {
        NoOpRule(int layer, String key, float[][] values) {
            super(layer, key, values);
        }

        @Override
        void beginStep(int iteration, int epoch) {
        }

        @Override
        void updateRow(int r, float[] gradient) {
            float[] w = values[r];
            for (int c = 0; c < w.length; c++) {
                w[c] -= gradient[c];
            }
        }

        @Override
        void updateRowScaled(int r, float[] x, float scale) {
            float[] w = values[r];
            for (int c = 0; c < w.length; c++) {
                w[c] -= x[c] * scale;
            }
        }

        @Override
        void updateElement(int r, int c, float gradient) {
            values[r][c] -= gradient;
        }

        @Override
        float[][][] state() {
            return new float[0][][];
        }

        @Override
        double learningRate() {
            return Double.NaN;
        }
    }

    /** {@code w = w - g lr}, as ND4J's SgdUpdater and DL4J's step compute it. */
    static final class SgdRule extends Parameter {
        private final Sgd config;
        private float lr;

        SgdRule(int layer, String key, float[][] values, Sgd config) {
            super(layer, key, values);
            this.config = config;
        }

        @Override
        void beginStep(int iteration, int epoch) {
            lr = (float) config.getLearningRate(iteration, epoch);
        }

        @Override
        void updateRow(int r, float[] gradient) {
            if (lr == 0) {
                return; // w - g 0 is w: a layer kept fixed
            }
            float[] w = values[r];
            float rate = lr;
            for (int c = 0; c < w.length; c++) {
                w[c] -= gradient[c] * rate;
            }
        }

        @Override
        void updateRowScaled(int r, float[] x, float scale) {
            if (lr == 0) {
                return;
            }
            float[] w = values[r];
            float rate = lr;
            for (int c = 0; c < w.length; c++) {
                w[c] -= x[c] * scale * rate;
            }
        }

        @Override
        void updateElement(int r, int c, float gradient) {
            values[r][c] -= gradient * lr;
        }

        @Override
        float[][][] state() {
            return new float[0][][];
        }

        @Override
        double learningRate() {
            return lr;
        }
    }

    /**
     * What Adam and {@link LazyAdam} share: the two moments of every element, and the step's
     * coefficients, computed once per step from the updater's configuration.
     */
    abstract static class AdamFamilyRule extends Parameter {
        private final IUpdater config;
        private final float beta1;
        private final float beta2;
        private final float epsilon;
        final float[][] m;
        final float[][] v;
        float b1;
        float c1;
        float b2;
        float c2;
        float eps;
        float alpha;
        double lr;

        AdamFamilyRule(int layer, String key, float[][] values, IUpdater config, double beta1, double beta2,
                double epsilon) {
            super(layer, key, values);
            this.config = config;
            this.beta1 = (float) beta1;
            this.beta2 = (float) beta2;
            this.epsilon = (float) epsilon;
            this.m = like(values);
            this.v = like(values);
        }

        AdamFamilyRule(int layer, String key, float[][] values, Adam config) {
            this(layer, key, values, config, config.getBeta1(), config.getBeta2(), config.getEpsilon());
        }

        AdamFamilyRule(int layer, String key, float[][] values, LazyAdam config) {
            this(layer, key, values, config, config.getBeta1(), config.getBeta2(), config.getEpsilon());
        }

        @Override
        final void beginStep(int iteration, int epoch) {
            lr = config.getLearningRate(iteration, epoch);
            b1 = beta1;
            b2 = beta2;
            c1 = 1f - b1;
            c2 = 1f - b2;
            eps = epsilon;
            alpha = AdamStep.alpha(lr, b1, b2, eps, iteration);
        }

        @Override
        final float[][][] state() {
            return new float[][][] {m, v};
        }

        @Override
        final double learningRate() {
            return lr;
        }
    }

    /**
     * {@link LazyAdam}: where the gradient is larger than {@link LazyAdam#SMALLEST_GRADIENT},
     * Adam's step; elsewhere nothing moves, and no arithmetic makes a denormal number (which costs
     * x86 CPUs tens of times more). The choice is a factor {@code mu} in {0, 1} rather than a
     * branch, so that the loop vectorizes; {@code m (1 - mu) + m' mu} is exactly
     * {@code m} or {@code m'}, as in {@link org.deephtm.learning.LazyAdamUpdater}.
     */
    static final class LazyAdamRule extends AdamFamilyRule {
        static final float SMALLEST = LazyAdam.SMALLEST_GRADIENT;
        /** A row's gradient with the entries up to SMALLEST set to zero. */
        private final float[] counted;

        LazyAdamRule(int layer, String key, float[][] values, LazyAdam config) {
            super(layer, key, values, config);
            this.counted = new float[values.length == 0 ? 0 : values[0].length];
        }

        @Override
        void updateRow(int r, float[] gradient) {
            float[] g = counted;
            for (int c = 0; c < g.length; c++) {
                g[c] = gradient[c] * above(gradient[c], SMALLEST);
            }
            update(r, g);
        }

        @Override
        void updateRowScaled(int r, float[] x, float scale) {
            float[] g = counted;
            for (int c = 0; c < g.length; c++) {
                float gc = x[c] * scale;
                g[c] = gc * above(gc, SMALLEST);
            }
            update(r, g);
        }

        /** Adam's step where {@code g} is not zero; {@code g} holds no entry as small as SMALLEST but 0. */
        private void update(int r, float[] g) {
            float[] w = values[r];
            float[] mr = m[r];
            float[] vr = v[r];
            float b1 = this.b1;
            float c1 = this.c1;
            float b2 = this.b2;
            float c2 = this.c2;
            float alpha = this.alpha;
            float eps = this.eps;
            for (int c = 0; c < w.length; c++) {
                float gc = g[c];
                float moved = Math.min(1f, Math.abs(gc) * 0x1p100f * 0x1p49f);
                float kept = 1f - moved;
                float mNew = mr[c] * kept + (b1 * mr[c] + gc * c1) * moved;
                float vNew = vr[c] * kept + (b2 * vr[c] + gc * gc * c2) * moved;
                mr[c] = mNew;
                vr[c] = vNew;
                w[c] -= mNew * alpha / ((float) Math.sqrt(vNew) + eps) * moved;
            }
        }

        @Override
        void updateElement(int r, int c, float g) {
            if (Math.abs(g) <= SMALLEST) {
                return;
            }
            float mNew = b1 * m[r][c] + g * c1;
            float vNew = b2 * v[r][c] + g * g * c2;
            m[r][c] = mNew;
            v[r][c] = vNew;
            values[r][c] -= mNew * alpha / ((float) Math.sqrt(vNew) + eps);
        }

    }

    /**
     * Exact Adam: every element moves at every step, those without a gradient by their momentum,
     * as ND4J's {@code adam_updater} does, except that nothing computes with denormals: gradients
     * up to {@link LazyAdam#SMALLEST_GRADIENT} and moments below {@link #SMALLEST_M} and
     * {@link #SMALLEST_V} count as zero (each changes a step by less than 1e-11 of the learning
     * rate). The step's gradients are collected, then one sweep over the whole tensor applies
     * them: a pass over all weights and both moments, which is what makes exact Adam memory-bound.
     */
    static final class AdamRule extends AdamFamilyRule {
        /**
         * Moments below these are zero. Without a gradient, Adam decays m by beta1 at every step,
         * and after some 800 steps it would be a denormal float, which x86 CPUs compute tens of
         * times slower (the seed network's exact-Adam rows ran 5 times slower on an AVX-512
         * machine). A step of m below 2^-64 moves a weight by less than {@code alpha 2^-64 /
         * epsilon}, 5e-12 of the learning rate; v below 2^-100 is nothing beside epsilon squared.
         */
        static final float SMALLEST_M = 0x1p-64f;
        static final float SMALLEST_V = 0x1p-100f;

        private final float[][] gradients;

        AdamRule(int layer, String key, float[][] values, Adam config) {
            super(layer, key, values, config);
            this.gradients = like(values);
        }

        @Override
        void updateRow(int r, float[] gradient) {
            System.arraycopy(gradient, 0, gradients[r], 0, gradient.length);
        }

        @Override
        void updateRowScaled(int r, float[] x, float scale) {
            float[] g = gradients[r];
            for (int c = 0; c < g.length; c++) {
                g[c] = x[c] * scale;
            }
        }

        @Override
        void updateElement(int r, int c, float gradient) {
            gradients[r][c] = gradient;
        }

        @Override
        void endStep() {
            float b1 = this.b1;
            float c1 = this.c1;
            float b2 = this.b2;
            float c2 = this.c2;
            float alpha = this.alpha;
            float eps = this.eps;
            for (int r = 0; r < values.length; r++) {
                float[] w = values[r];
                float[] mr = m[r];
                float[] vr = v[r];
                float[] gr = gradients[r];
                // Three simple loops rather than one: each vectorizes, the fused one did not.
                for (int c = 0; c < gr.length; c++) {
                    gr[c] *= above(gr[c], LazyAdamRule.SMALLEST);
                }
                for (int c = 0; c < w.length; c++) {
                    float g = gr[c];
                    float mNew = b1 * mr[c] + g * c1;
                    float vNew = b2 * vr[c] + g * g * c2;
                    mr[c] = mNew;
                    vr[c] = vNew;
                    w[c] -= mNew * alpha / ((float) Math.sqrt(vNew) + eps);
                    gr[c] = 0;
                }
                for (int c = 0; c < mr.length; c++) {
                    mr[c] *= above(mr[c], SMALLEST_M);
                    vr[c] *= above(vr[c], SMALLEST_V);
                }
            }
        }

    }
}
