package org.deephtm.examples.predict;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * An online convex combination of forecasts, learned while the stream runs (exponentiated
 * gradient on a Huber loss): the forecast of {@code --predict blend}.
 * <pre>
 *   experts at row t, each a forecast of x_{t+H}:
 *     e_0  the network's value head              e_1  the network's change head (x_t + change)
 *     e_2  the current value x_t                  e_3..e_5  moving averages of x at rates 0.01, 0.1, 0.5
 *     e_6  a least-squares autoregression on the last 30 changes ({@link ChangeAutoregression})
 *   forecast            x^_{t+H} = sum_i w_i e_i,        w_i >= 0, sum_i w_i = 1
 *   when x_t arrives:   r = (x^_t - x_t) / s_t           s_t: the value's running deviation (OnlineScaling)
 *                       g_i = 2 clip(r, -1, 1) (e_i - x^_t) / s_t       (the forecasts made H rows back)
 *                       w_i <- w_i exp(-(RATE / H) g_i) / normaliser
 * </pre>
 * Why: which forecast wins depends on the series and the horizon. The change head wins one row
 * ahead and on smooth series, the value head on noisy series five rows ahead, where the value five
 * rows back is worse than the mean. A moving average wins where the level is noisy, the
 * autoregression where changes carry on (momentum, short cycles) in steps finer than the network's
 * buckets. The weights
 * follow whichever is ahead on the stream so far. They stay convex, so the blend never
 * extrapolates beyond its experts, and the Huber loss keeps one spike from moving them far. The
 * step is divided by the horizon: H rows ahead, neighbouring rows' errors overlap in H - 1 rows, so
 * each row's step would otherwise count about H times. Weights learned at row t are used from row t
 * on, for the forecast made there, so nothing looks ahead.
 */
public final class ForecastBlend {

    /** The experts' names, in order. */
    public static final List<String> EXPERTS = List.of("value head", "change head", "current value",
            "average 0.01", "average 0.1", "average 0.5", "autoregression");

    /** The moving averages' rates: a_t = a_{t-1} + rate (x_t - a_{t-1}). */
    static final double[] AVERAGE_RATES = {0.01, 0.1, 0.5};

    /** The exponentiated gradient's step one row ahead; H rows ahead it is RATE / H. */
    static final double RATE = 0.1;

    /** Errors beyond this many deviations count linearly (Huber), so a spike moves the weights little. */
    static final double HUBER = 1;

    /** The largest step of a log-weight, in units of RATE: one row never decides alone. */
    static final double LARGEST_GRADIENT = 50;

    /**
     * Where the blend stands after some rows: what a resumed stream continues from.
     *
     * @param rows     rows seen
     * @param weights  the experts' weights
     * @param averages the moving averages after the last row
     * @param pending  the experts' forecasts made at the last H rows, row r's at {@code r % H}
     * @param autoregression the autoregression's state; null in a state saved before it joined the
     *                 experts, which it then joins as a fresh one
     */
    public record State(long rows, double[] weights, double[] averages, double[][] pending,
                        ChangeAutoregression.State autoregression) implements Serializable {
        public State {
            pending = Arrays.stream(pending).map(double[]::clone).toArray(double[][]::new);
            if (autoregression == null) { // a fresh autoregression forecasts the current value, e_2
                autoregression = ChangeAutoregression.State.start(pending.length);
                int joining = EXPERTS.size() - weights.length;
                double share = (double) weights.length / EXPERTS.size();
                weights = Arrays.copyOf(Arrays.stream(weights).map(w -> w * share).toArray(), EXPERTS.size());
                Arrays.fill(weights, EXPERTS.size() - joining, EXPERTS.size(), 1.0 / EXPERTS.size());
                for (int r = 0; r < pending.length; r++) {
                    double[] made = pending[r];
                    if (made.length > 0) {
                        pending[r] = Arrays.copyOf(made, EXPERTS.size());
                        Arrays.fill(pending[r], made.length, EXPERTS.size(), made[2]);
                    }
                }
            } else {
                weights = weights.clone();
            }
            averages = averages.clone();
        }

        /** No rows seen, every expert weighted alike. */
        public static State start(int horizon) {
            double[] weights = new double[EXPERTS.size()];
            Arrays.fill(weights, 1.0 / weights.length);
            return new State(0, weights, new double[AVERAGE_RATES.length], new double[horizon][0],
                    ChangeAutoregression.State.start(horizon));
        }
    }

    private final int horizon;
    private long rows;
    private final double[] weights;
    private final double[] averages;
    private final double[][] pending;
    private final ChangeAutoregression autoregression;
    private final double[] logs = new double[EXPERTS.size()]; // scratch of learn

    /** A blend for forecasts {@code horizon} rows ahead, continuing {@code start}. */
    public ForecastBlend(int horizon, State start) {
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon must be >= 1, got " + horizon);
        }
        if (start.pending().length != horizon) {
            throw new IllegalArgumentException("the blend was saved " + start.pending().length
                    + " row(s) ahead, not " + horizon);
        }
        this.horizon = horizon;
        this.rows = start.rows();
        this.weights = start.weights().clone();
        this.averages = start.averages().clone();
        this.pending = Arrays.stream(start.pending()).map(double[]::clone).toArray(double[][]::new);
        this.autoregression = new ChangeAutoregression(horizon, start.autoregression());
    }

    /**
     * Row t's value arrives: learns from the forecasts made for it, then blends the forecasts for row t + H.
     *
     * @param value          x_t
     * @param deviation      s_t, the value's running standard deviation (0 while it has been flat: no learning)
     * @param valueForecast  the network's value head's forecast of x_{t+H}
     * @param changeForecast the network's change head's forecast of x_{t+H}
     * @return the blended forecast of x_{t+H}
     */
    public double next(double value, double deviation, double valueForecast, double changeForecast) {
        int slot = (int) (rows % horizon);
        double[] made = pending[slot];
        if (made.length > 0 && deviation > 0) {
            learn(made, value, deviation);
        }
        for (int i = 0; i < averages.length; i++) {
            averages[i] = rows == 0 ? value : averages[i] + AVERAGE_RATES[i] * (value - averages[i]);
        }
        // the slot's forecasts are scored: it takes this row's (allocated once, at the stream's first rows)
        double[] experts = made.length > 0 ? made : (pending[slot] = new double[EXPERTS.size()]);
        experts[0] = valueForecast;
        experts[1] = changeForecast;
        experts[2] = value;
        System.arraycopy(averages, 0, experts, 3, averages.length);
        experts[3 + averages.length] = autoregression.next(rows, value, deviation);
        rows++;
        return mix(experts);
    }

    /** The weights now, in the order of {@link #EXPERTS}. */
    public double[] weights() {
        return weights.clone();
    }

    /** Where the blend stands, for a resumed stream to continue from. */
    public State state() {
        return new State(rows, weights, averages, pending, autoregression.state());
    }

    private void learn(double[] experts, double value, double deviation) {
        double mixed = mix(experts);
        double loss = 2 * Math.max(-HUBER, Math.min(HUBER, (mixed - value) / deviation)); // d Huber / d r
        double largest = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < weights.length; i++) {
            double g = loss * (experts[i] - mixed) / deviation;
            g = Math.max(-LARGEST_GRADIENT, Math.min(LARGEST_GRADIENT, g));
            logs[i] = Math.log(weights[i]) - RATE / horizon * g;
            largest = Math.max(largest, logs[i]);
        }
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            weights[i] = Math.exp(logs[i] - largest); // the largest is 1: no underflow of them all
            sum += weights[i];
        }
        for (int i = 0; i < weights.length; i++) {
            weights[i] = Math.max(weights[i] / sum, Double.MIN_NORMAL); // log stays finite
        }
    }

    private double mix(double[] experts) {
        double sum = 0;
        for (int i = 0; i < experts.length; i++) {
            sum += weights[i] * experts[i];
        }
        return sum;
    }
}
