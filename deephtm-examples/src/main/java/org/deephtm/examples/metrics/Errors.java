package org.deephtm.examples.metrics;

/** Forecast error measures over a series, ignoring steps without a prediction (NaN). */
public final class Errors {

    private Errors() {
    }

    /** Root mean squared error divided by the standard deviation of the truth, from index {@code from} on; NaN for a constant truth. */
    public static double nrmse(double[] truth, double[] prediction, int from) {
        double squared = 0;
        double sum = 0;
        double sumSquares = 0;
        int n = 0;
        for (int i = from; i < truth.length; i++) {
            if (Double.isNaN(prediction[i])) {
                continue;
            }
            double e = prediction[i] - truth[i];
            squared += e * e;
            sum += truth[i];
            sumSquares += truth[i] * truth[i];
            n++;
        }
        if (n == 0) {
            return Double.NaN;
        }
        double variance = sumSquares / n - (sum / n) * (sum / n);
        if (!(variance > 1e-24 * Math.max(1, sumSquares / n))) {
            return Double.NaN; // a constant truth has no spread to divide by
        }
        return Math.sqrt(squared / n) / Math.sqrt(variance);
    }

    /** Sum of absolute errors divided by the sum of absolute truths, from index {@code from} on; NaN when the truths are all 0. */
    public static double mape(double[] truth, double[] prediction, int from) {
        double errors = 0;
        double magnitude = 0;
        for (int i = from; i < truth.length; i++) {
            if (Double.isNaN(prediction[i])) {
                continue;
            }
            errors += Math.abs(prediction[i] - truth[i]);
            magnitude += Math.abs(truth[i]);
        }
        return magnitude > 0 ? errors / magnitude : Double.NaN;
    }

    /** The forecast "same as the previous value": {@code result[t] = truth[t-1]}, NaN at 0. */
    public static double[] lastValue(double[] truth) {
        double[] result = new double[truth.length];
        result[0] = Double.NaN;
        System.arraycopy(truth, 0, result, 1, truth.length - 1);
        return result;
    }

    /** Trailing moving average over {@code width} values (fewer at the start). */
    public static double[] movingAverage(double[] values, int width) {
        double[] result = new double[values.length];
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            sum += values[i];
            if (i >= width) {
                sum -= values[i - width];
            }
            result[i] = sum / Math.min(i + 1, width);
        }
        return result;
    }

    /** A score to four decimals, or "n/a" where it is undefined (NaN: a constant or all-zero truth). */
    public static String format(double score) {
        return Double.isFinite(score) ? String.format(java.util.Locale.ROOT, "%.4f", score) : "n/a";
    }
}
