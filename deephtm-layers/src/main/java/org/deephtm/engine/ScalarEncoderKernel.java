package org.deephtm.engine;

import org.deephtm.layers.ScalarEncoder;

import java.util.Arrays;

/**
 * {@link ScalarEncoder} over float rows: each value becomes {@code buckets} Gaussian receptive
 * fields, {@code y = exp(-((clamp(x) - c_j) / s)^2)}; backward
 * {@code dx = sum_j dy y (-2 (clamp(x) - c_j) / s^2)}, 0 where the value was clamped. No parameters.
 */
final class ScalarEncoderKernel extends Kernel {

    private final int nIn;
    private final int buckets;
    private final float minValue;
    private final float maxValue;
    private final float scale;
    private final float[] centres;

    ScalarEncoderKernel(int layer, ScalarEncoder encoder, int maxRows) {
        super(layer, (int) encoder.getNIn(), (int) encoder.outputSize(), maxRows);
        this.nIn = (int) encoder.getNIn();
        this.buckets = encoder.getBuckets();
        this.minValue = (float) encoder.getMinValue();
        this.maxValue = (float) encoder.getMaxValue();
        this.scale = (float) encoder.scale();
        this.centres = new float[buckets];
        for (int j = 0; j < buckets; j++) {
            centres[j] = (float) encoder.centre(j);
        }
    }


    private float clamp(float x) {
        return Math.min(Math.max(x, minValue), maxValue);
    }

    @Override
    void forward(int from, int steps, int streams, CellState state) {
        for (int r = from; r < from + steps * streams; r++) {
            float[] y = out[r];
            for (int i = 0; i < nIn; i++) {
                float x = clamp(in[r][i]);
                for (int j = 0; j < buckets; j++) {
                    float z = (x - centres[j]) / scale;
                    y[i * buckets + j] = (float) Math.exp(-(z * z));
                }
            }
        }
    }

    @Override
    void backward(float[][] dOut, float[][] dIn, int from, int steps, int streams) {
        if (dIn == null) {
            return;
        }
        for (int r = from; r < from + steps * streams; r++) {
            Arrays.fill(dIn[r], 0, nIn, 0f);
            for (int i = 0; i < nIn; i++) {
                float raw = in[r][i];
                if (raw < minValue || raw > maxValue) {
                    continue;
                }
                float sum = 0;
                for (int j = 0; j < buckets; j++) {
                    float z = (raw - centres[j]) / scale;
                    sum += dOut[r][i * buckets + j] * out[r][i * buckets + j] * z;
                }
                dIn[r][i] = sum * (-2f / scale);
            }
        }
    }

    @Override
    float gradientBound(int from, int to) {
        return 0;
    }

    @Override
    void applyUpdates(int from, int to, int streams) {
        // no parameters
    }
}
