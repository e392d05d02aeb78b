package org.deephtm.examples.predict;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A linear autoregression on the series' last changes, fitted online by recursive least squares:
 * one of {@link ForecastBlend}'s experts, and alone a baseline of {@code sweep forecast}.
 * <pre>
 *   changes             d_t = x_t - x_{t-1}                    (0 before the stream's first row)
 *   features at row t   f_t = (d_t, d_{t-1}, ..., d_{t-LAGS+1}) / s_t      s_t: the value's running deviation
 *   forecast            x^_{t+H} = x_t + s_t (c . f_t)
 *   when x_t arrives    c learns the pair (f_{t-H}, (x_t - x_{t-H}) / s_{t-H}):
 *                       k = P f / (FORGETTING + f.P f),  c <- c + k (y - c.f),  P <- (P - k f.P) / FORGETTING
 * </pre>
 * Why: the network reads the value through an encoder's buckets, so a change smaller than a bucket
 * never reaches it, and it learns by small gradient steps. Least squares on the raw changes sees
 * every change and solves for its coefficients exactly, so momentum and short cycles are caught
 * from the first hundred rows. The forgetting (an effective memory of 10,000 rows) lets the
 * coefficients follow a series that changes its habits; P is not inflated beyond its prior, so a flat
 * stretch cannot wind it up. The features are scaled by s_t so that one prior fits every series.
 */
public final class ChangeAutoregression {

    /** Changes the forecast reads. */
    static final int LAGS = 30;

    /** Weight of a pair one row older: an effective memory of 1 / (1 - 0.9999) = 10,000 rows. */
    static final double FORGETTING = 0.9999;

    /** P's start, PRIOR times the identity: a weak prior of coefficients near 0. */
    static final double PRIOR = 100;

    /**
     * Where the autoregression stands after some rows.
     *
     * @param coefficients c
     * @param covariance   P, row-major
     * @param changes      the last LAGS changes, the newest first
     * @param last         the last row's value (NaN before the first row)
     * @param pending      the features of the last H rows, row r's at {@code r % H} (empty before it came)
     * @param origins      x_r of those rows
     * @param deviations   s_r of those rows
     */
    public record State(double[] coefficients, double[] covariance, double[] changes, double last, double[][] pending,
                 double[] origins, double[] deviations) implements Serializable {
        public State {
            coefficients = coefficients.clone();
            covariance = covariance.clone();
            changes = changes.clone();
            pending = Arrays.stream(pending).map(double[]::clone).toArray(double[][]::new);
            origins = origins.clone();
            deviations = deviations.clone();
        }

        /** Nothing seen: coefficients 0, which forecasts the current value. */
        public static State start(int horizon) {
            double[] covariance = new double[LAGS * LAGS];
            for (int i = 0; i < LAGS; i++) {
                covariance[i * LAGS + i] = PRIOR;
            }
            return new State(new double[LAGS], covariance, new double[LAGS], Double.NaN, new double[horizon][0],
                    new double[horizon], new double[horizon]);
        }
    }

    private final int horizon;
    private final double[] coefficients;
    private final double[] covariance;
    private final double[] changes;
    private double last;
    private final double[][] pending;
    private final double[] origins;
    private final double[] deviations;
    private final double[] pf = new double[LAGS]; // scratch of learn: P f

    ChangeAutoregression(int horizon, State start) {
        this.horizon = horizon;
        this.coefficients = start.coefficients().clone();
        this.covariance = start.covariance().clone();
        this.changes = start.changes().clone();
        this.last = start.last();
        this.pending = Arrays.stream(start.pending()).map(double[]::clone).toArray(double[][]::new);
        this.origins = start.origins().clone();
        this.deviations = start.deviations().clone();
    }

    /**
     * Row t's value arrives, row number {@code row}: learns from the features of row t - H, then
     * forecasts x_{t+H}.
     */
    double next(long row, double value, double deviation) {
        int slot = (int) (row % horizon);
        double[] features = pending[slot];
        if (features.length > 0 && deviations[slot] > 0) {
            learn(features, (value - origins[slot]) / deviations[slot]);
        }
        if (!Double.isNaN(last)) {
            System.arraycopy(changes, 0, changes, 1, LAGS - 1);
            changes[0] = value - last;
        }
        last = value;
        if (features.length == 0) {
            features = pending[slot] = new double[LAGS];
        }
        double forecast = 0;
        for (int i = 0; i < LAGS; i++) {
            features[i] = deviation > 0 ? changes[i] / deviation : 0;
            forecast += coefficients[i] * features[i];
        }
        origins[slot] = value;
        deviations[slot] = deviation;
        return value + deviation * forecast;
    }

    /**
     * The autoregression alone over a whole series, as a baseline: at row t the forecast made for
     * it {@code horizon} rows earlier (NaN for the first {@code horizon} rows), with {@code s_t}
     * from the series' own running deviation, as the blend gets it.
     */
    public static double[] forecasts(double[] values, int horizon) {
        OnlineScaling scaling = OnlineScaling.of(values);
        ChangeAutoregression autoregression = new ChangeAutoregression(horizon, State.start(horizon));
        double[] forecasts = new double[values.length];
        Arrays.fill(forecasts, Double.NaN);
        for (int t = 0; t < values.length; t++) {
            double forecast = autoregression.next(t, values[t], scaling.deviation(t));
            if (t + horizon < values.length) {
                forecasts[t + horizon] = forecast;
            }
        }
        return forecasts;
    }

    State state() {
        return new State(coefficients, covariance, changes, last, pending, origins, deviations);
    }

    private void learn(double[] f, double target) {
        double[] p = covariance;
        double denominator = FORGETTING;
        double predicted = 0;
        for (int i = 0; i < LAGS; i++) {
            double sum = 0;
            for (int j = 0; j < LAGS; j++) {
                sum += p[i * LAGS + j] * f[j];
            }
            pf[i] = sum; // P is symmetric: also f.P
            denominator += f[i] * sum;
            predicted += coefficients[i] * f[i];
        }
        double error = target - predicted;
        double trace = 0;
        for (int i = 0; i < LAGS; i++) {
            coefficients[i] += pf[i] / denominator * error; // the gain k = P f / denominator
        }
        for (int i = 0; i < LAGS; i++) {
            for (int j = 0; j < LAGS; j++) {
                p[i * LAGS + j] -= pf[i] * pf[j] / denominator;
            }
            trace += p[i * LAGS + i];
        }
        if (trace / FORGETTING <= LAGS * PRIOR) { // forget only while P stays within its prior
            for (int i = 0; i < p.length; i++) {
                p[i] /= FORGETTING;
            }
        }
    }
}
