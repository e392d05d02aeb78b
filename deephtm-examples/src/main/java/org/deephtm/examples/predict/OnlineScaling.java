package org.deephtm.examples.predict;

import java.io.Serializable;

/**
 * Standardises a series online, from the rows seen so far only, so that no row is scaled with
 * knowledge of later ones (a stream has no future to look at):
 * <pre>
 *   m_t, s_t = mean and standard deviation of x_0 .. x_t          (Welford's running update)
 *   z_t      = clip((x_t - m_t) / s_t, -LIMIT, LIMIT)              0 while s_t = 0 (flat so far)
 *   x^_t     = m_t + s_t * y_t                                     back to the series' units
 * </pre>
 * The network reads and predicts z; a prediction made at row t goes back to the series' units with
 * {@code m_t} and {@code s_t}, the statistics known when it was made. Early rows are scaled with
 * few samples and their scale moves as rows arrive; on a stationary series it settles within a
 * few periods. Values beyond {@link #LIMIT} standard deviations are clipped, so that one spike
 * does not swamp the inputs.
 */
public final class OnlineScaling {

    /** The largest |z| passed to the network. */
    public static final double LIMIT = 5;

    /**
     * The running statistics after some rows: what a stream resumed later continues from.
     *
     * @param rows    rows seen
     * @param mean    their mean
     * @param squares the sum of their squared deviations from the mean
     */
    public record State(long rows, double mean, double squares) implements Serializable {
        /** No rows seen. */
        public static final State START = new State(0, 0, 0);
    }

    private final double[] scaled;
    private final double[] means;
    private final double[] deviations;
    private final State[] states;

    private OnlineScaling(double[] scaled, double[] means, double[] deviations, State[] states) {
        this.scaled = scaled;
        this.means = means;
        this.deviations = deviations;
        this.states = states;
    }

    /** Scales {@code values} row by row. */
    public static OnlineScaling of(double[] values) {
        return of(values, State.START);
    }

    /** Scales {@code values} row by row, continuing from the statistics of rows seen before them. */
    public static OnlineScaling of(double[] values, State start) {
        double[] scaled = new double[values.length];
        double[] means = new double[values.length];
        double[] deviations = new double[values.length];
        State[] states = new State[values.length];
        long n = start.rows();
        double mean = start.mean();
        double squares = start.squares(); // sum of squared deviations from the running mean
        for (int t = 0; t < values.length; t++) {
            n++;
            double delta = values[t] - mean;
            mean += delta / n;
            squares += delta * (values[t] - mean);
            double deviation = Math.sqrt(Math.max(squares, 0) / n);
            boolean flat = deviation <= 1e-12 * Math.max(1, Math.abs(mean));
            means[t] = mean;
            deviations[t] = flat ? 0 : deviation;
            scaled[t] = flat ? 0 : Math.max(-LIMIT, Math.min(LIMIT, (values[t] - mean) / deviation));
            states[t] = new State(n, mean, squares);
        }
        return new OnlineScaling(scaled, means, deviations, states);
    }

    /** The statistics after row t, for {@link #of(double[], State)} to continue from. */
    public State state(int t) {
        return states[t];
    }

    /** z_t, the value of row t as the network sees it. */
    public double scaled(int t) {
        return scaled[t];
    }

    /** s_t, the standard deviation of rows 0..t (0 while they are flat). */
    public double deviation(int t) {
        return deviations[t];
    }

    /** x^ = m_t + s_t * y: a network output produced at row t, in the series' units. */
    public double unscale(int t, double y) {
        return means[t] + deviations[t] * y;
    }
}
