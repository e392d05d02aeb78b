package org.deephtm.examples.predict;

import java.util.Locale;

/**
 * What the forecasting network learns to predict, and how its output becomes a forecast:
 * <pre>
 *   VALUE:   target at row t  z(x_t) / 5                      forecast x^_{t+H} = m_t + s_t * 5 y_t
 *   CHANGE:  target at row t  z'(x_t - x_{t-H}) / 5           forecast x^_{t+H} = x_t + m'_t + s'_t * 5 y_t
 *   BLEND:   both targets, two outputs (y_0 the value's, y_1 the change's); the forecast is
 *            ForecastBlend's of the two heads' forecasts and of simple ones from the values seen
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
        CHANGE,
        /** Both, each from an output of its own, blended online with simple forecasts ({@link ForecastBlend}). */
        BLEND;

        /** The network's outputs for this kind. */
        public int outputs() {
            return this == BLEND ? 2 : 1;
        }

        /** "value", "change" or "blend", in any case; the message names the choices. */
        public static Kind parse(String text) {
            for (Kind kind : values()) {
                if (kind.name().equalsIgnoreCase(text.trim())) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("--predict must be value, change or blend, got '" + text + "'");
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
    private final ForecastBlend blend; // BLEND only

    private ForecastTarget(Kind kind, double[] values, OnlineScaling valueScaling, OnlineScaling changeScaling,
            int firstChange, ForecastBlend blend) {
        this.kind = kind;
        this.values = values;
        this.valueScaling = valueScaling;
        this.changeScaling = changeScaling;
        this.firstChange = firstChange;
        this.blend = blend;
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
        return of(kind, values, earlier, valueScaling, changeStart, null);
    }

    /**
     * As {@link #of(Kind, double[], double[], OnlineScaling, OnlineScaling.State)}, with the blend's
     * state before these rows for BLEND ({@link ForecastBlend.State#start} for a fresh stream, which
     * null also means).
     */
    public static ForecastTarget of(Kind kind, double[] values, double[] earlier, OnlineScaling valueScaling,
            OnlineScaling.State changeStart, ForecastBlend.State blendStart) {
        if (kind == null) {
            throw new IllegalArgumentException("--predict must be value, change or blend, got null");
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
        ForecastBlend blend = null;
        if (kind == Kind.BLEND) { // a fresh stream's first rows have no earlier value: as many as the horizon
            ForecastBlend.State start = blendStart != null ? blendStart : ForecastBlend.State.start(Math.max(1, first));
            blend = new ForecastBlend(start.pending().length, start);
        }
        return new ForecastTarget(kind, values.clone(), valueScaling, OnlineScaling.of(changes, changeStart), first,
                blend);
    }

    public Kind kind() {
        return kind;
    }

    /** The training targets that arrive at row t, in the network's units ([-1, 1]), one per output. */
    public void targets(int t, float[] y) {
        switch (kind) {
            case VALUE -> y[0] = (float) valueTarget(t);
            case CHANGE -> y[0] = (float) changeTarget(t);
            case BLEND -> {
                y[0] = (float) valueTarget(t);
                y[1] = (float) changeTarget(t);
            }
        }
    }

    /**
     * The forecast for row t + H, in the series' units, from the network's outputs at row t. With
     * BLEND the blend learns from row t's value here: call it once per row, in order.
     */
    public double forecast(int t, float[] y) {
        return switch (kind) {
            case VALUE -> valueForecast(t, y[0]);
            case CHANGE -> changeForecast(t, y[0]);
            case BLEND -> blend.next(values[t], valueScaling.deviation(t), valueForecast(t, y[0]),
                    changeForecast(t, y[1]));
        };
    }

    /** The value's target at row t: its scaled value. */
    double valueTarget(int t) {
        return valueScaling.scaled(t) / OnlineScaling.LIMIT;
    }

    /** The change's target at row t; 0 before any change. */
    double changeTarget(int t) {
        return t < firstChange ? 0 : changeScaling.scaled(t - firstChange) / OnlineScaling.LIMIT;
    }

    /** The value head's forecast for row t + H from its output y at row t. */
    double valueForecast(int t, double y) {
        return valueScaling.unscale(t, OnlineScaling.LIMIT * y);
    }

    /** The change head's forecast for row t + H from its output y at row t: the current value before any change. */
    double changeForecast(int t, double y) {
        return t < firstChange ? values[t] : values[t] + changeScaling.unscale(t - firstChange, OnlineScaling.LIMIT * y);
    }

    /** The blend's state after the last row forecast; null unless BLEND. */
    public ForecastBlend.State blendState() {
        return blend == null ? null : blend.state();
    }

    /** The blend's weights now, in the order of {@link ForecastBlend#EXPERTS}; null unless BLEND. */
    public double[] blendWeights() {
        return blend == null ? null : blend.weights();
    }

    /** The change's statistics after row t, for a resumed stream to continue from. */
    public OnlineScaling.State changeState(int t) {
        return t < firstChange ? OnlineScaling.State.START : changeScaling.state(t - firstChange);
    }
}
