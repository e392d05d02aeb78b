package org.deephtm.examples.predict;

import java.util.Locale;

/**
 * What the forecasting network learns to predict, and how its output becomes a forecast:
 * <pre>
 *   VALUE:   target at row t  z(x_t) / 5                      forecast x^_{t+H} = m_t + s_t * 5 y_t
 *   CHANGE:  target at row t  z'(x_t - x_{t-H}) / 5           forecast x^_{t+H} = x_t + m'_t + s'_t * 5 y_t
 *   z, m, s:    OnlineScaling of the value            z', m', s': OnlineScaling of the change over H rows
 * </pre>
 * (the target given at row t is the one of the prediction made at row t - H; y_t is the network's
 * output at row t, made from the latest weights).
 *
 * <p>CHANGE is a residual path: the current value reaches the forecast exactly, and the network,
 * which sees the level only through a few active columns of the spatial pooler, has only the change
 * to learn. The change gets its own online standardisation: on a smooth series it is a small share
 * of the value's spread, and in the value's units the network would have to learn targets a few
 * hundredths wide. Until a change has been seen (the first H rows of a stream) the forecast is the
 * current value.
 */
public final class ForecastTarget {

    /** The quantity the network predicts. */
    public enum Kind {
        /** The value H rows ahead. */
        VALUE,
        /** The change from the current value to the value H rows ahead. */
        CHANGE;

        /** "value" or "change", in any case; the message names the choices. */
        public static Kind parse(String text) {
            for (Kind kind : values()) {
                if (kind.name().equalsIgnoreCase(text.trim())) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("--predict must be change or value, got '" + text + "'");
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Kind kind;
    private final double[] values;
    private final OnlineScaling valueScaling;
    private final OnlineScaling changeScaling; // of the changes from row `firstChange` on
    private final int firstChange;

    private ForecastTarget(Kind kind, double[] values, OnlineScaling valueScaling, OnlineScaling changeScaling,
            int firstChange) {
        this.kind = kind;
        this.values = values;
        this.valueScaling = valueScaling;
        this.changeScaling = changeScaling;
        this.firstChange = firstChange;
    }

    /**
     * @param kind         what the network predicts
     * @param values       the series, in its units
     * @param earlier      per row, the value {@code horizon} rows earlier; NaN where the stream has none yet
     *                     (only at its start)
     * @param valueScaling the value's online standardisation, as the network reads it
     * @param changeStart  the change's statistics before these rows (a resumed stream's), or
     *                     {@link OnlineScaling.State#START}
     */
    public static ForecastTarget of(Kind kind, double[] values, double[] earlier, OnlineScaling valueScaling,
            OnlineScaling.State changeStart) {
        if (kind == null) {
            throw new IllegalArgumentException("--predict must be change or value, got null");
        }
        if (earlier.length != values.length) {
            throw new IllegalArgumentException("earlier must hold one value per row (" + values.length + "), got "
                    + earlier.length);
        }
        int first = 0;
        while (first < values.length && Double.isNaN(earlier[first])) {
            first++;
        }
        double[] changes = new double[values.length - first];
        for (int t = first; t < values.length; t++) {
            changes[t - first] = values[t] - earlier[t];
        }
        return new ForecastTarget(kind, values.clone(), valueScaling, OnlineScaling.of(changes, changeStart), first);
    }

    public Kind kind() {
        return kind;
    }

    /** The training target that arrives at row t, in the network's units ([-1, 1]); 0 before any change. */
    public double target(int t) {
        if (kind == Kind.VALUE) {
            return valueScaling.scaled(t) / OnlineScaling.LIMIT;
        }
        return t < firstChange ? 0 : changeScaling.scaled(t - firstChange) / OnlineScaling.LIMIT;
    }

    /** The forecast for row t + H, in the series' units, from the network's output y at row t. */
    public double forecast(int t, double y) {
        if (kind == Kind.VALUE) {
            return valueScaling.unscale(t, OnlineScaling.LIMIT * y);
        }
        return t < firstChange ? values[t] : values[t] + changeScaling.unscale(t - firstChange, OnlineScaling.LIMIT * y);
    }

    /** The change's statistics after row t, for a resumed stream to continue from. */
    public OnlineScaling.State changeState(int t) {
        return t < firstChange ? OnlineScaling.State.START : changeScaling.state(t - firstChange);
    }
}
