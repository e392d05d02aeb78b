package org.deephtm.layers;

import org.nd4j.linalg.activations.Activation;
import org.nd4j.shade.jackson.annotation.JsonAlias;

import java.util.EnumSet;
import java.util.Set;

/**
 * What {@link SpatialPooler} (global inhibition over a vector of columns) and
 * {@link SpatialPooler2D} (local inhibition over feature maps) share: the inhibition core. Units
 * compete in areas (a row of columns, or the channels around a position) and the {@code k}
 * largest boosted overlaps of each area win; the winners emit a function of their overlap;
 * boosting favours the units that win less often than {@link #targetDensity()}. The math is one
 * class for both, {@code org.deephtm.layers.math.SpatialPoolerMath}, and so is the duty-cycle
 * bookkeeping of the runtime.
 *
 * <p>Shared options (builder method: default, valid range):
 * <ul>
 * <li>{@code activeColumns} (k, HTM's {@code numActiveColumnsPerInhArea}): winners per area,
 *     1 &lt;= k &lt; the area's size</li>
 * <li>{@code output}: DECIMAL; {@code activation} (f, DECIMAL only): SIGMOID</li>
 * <li>{@code boostStrength}: 1.0, &gt;= 0 (0 disables boosting); {@code dutyCyclePeriod}: 1000, &gt;= 1</li>
 * <li>{@code softTemperature} (tau, SOFT only): 0.1, &gt; 0</li>
 * <li>{@code maskedStraightThrough} (BINARY only): true, backward {@code d o = m * dy}; false gives
 *     {@code d o = dy}</li>
 * </ul>
 */
public abstract class AbstractSpatialPooler extends HtmLayer {

    /** What the winning columns emit. */
    public enum Output {
        /** Winners keep f(overlap); only winners pass gradient. */
        DECIMAL,
        /** Winners emit 1; the backward pass is straight-through. */
        BINARY,
        /** Winners emit sigmoid((boosted overlap - theta) / tau); the margin is trained. */
        SOFT
    }

    public static final String DUTY_CYCLE_KEY = "dutyCycle";

    /** Activations with a graph form ({@link Activation#asSameDiff}) and a derivative ({@code ColumnActivity}). */
    public static final Set<Activation> SUPPORTED_ACTIVATIONS = EnumSet.of(Activation.IDENTITY, Activation.RELU,
            Activation.SIGMOID, Activation.TANH, Activation.ELU, Activation.SOFTPLUS, Activation.SOFTSIGN,
            Activation.HARDTANH, Activation.CUBE);

    @JsonAlias("numActiveColumnsPerInhArea") // SpatialPooler2D's name for k until 0.1
    protected int activeColumns;
    protected Output output = Output.DECIMAL;
    protected Activation activation = Activation.SIGMOID;
    protected double boostStrength = 1.0;
    protected int dutyCyclePeriod = 1000;
    protected double softTemperature = 0.1;
    protected boolean maskedStraightThrough = true;

    protected AbstractSpatialPooler() {
        // for JSON
    }

    protected AbstractSpatialPooler(Builder<?, ?> builder) {
        super(builder);
    }

    /** Units in one inhibition area: the columns, or the channels of a neighbourhood. */
    public abstract long areaSize();

    /** The share of an area's units that win, k / areaSize(): the duty cycle every unit aims for. */
    public double targetDensity() {
        return (double) activeColumns / areaSize();
    }

    @Override
    public Set<String> stateParams() {
        return Set.of(DUTY_CYCLE_KEY);
    }

    /** k, the winners per inhibition area. */
    public int getActiveColumns() {
        return activeColumns;
    }

    public Output getOutput() {
        return output;
    }

    public Activation getActivation() {
        return activation;
    }

    public double getBoostStrength() {
        return boostStrength;
    }

    public int getDutyCyclePeriod() {
        return dutyCyclePeriod;
    }

    public double getSoftTemperature() {
        return softTemperature;
    }

    public boolean isMaskedStraightThrough() {
        return maskedStraightThrough;
    }

    /** The builder options of the inhibition core. */
    @SuppressWarnings("unchecked")
    public abstract static class Builder<L extends AbstractSpatialPooler, B extends Builder<L, B>>
            extends HtmLayer.Builder<L, B> {

        protected Builder(L options) {
            super(options);
        }

        /** Winners per inhibition area k (HTM's numActiveColumnsPerInhArea), 1 &lt;= k &lt; the area's size. */
        public B activeColumns(int activeColumns) {
            options.activeColumns = activeColumns;
            return (B) this;
        }

        public B output(Output output) {
            options.output = output;
            return (B) this;
        }

        /** f in DECIMAL mode, y = m * f(overlap). */
        public B activation(Activation activation) {
            options.activation = activation;
            return (B) this;
        }

        /** How strongly rarely-winning columns are favoured; 0 disables boosting. */
        public B boostStrength(double boostStrength) {
            options.boostStrength = boostStrength;
            return (B) this;
        }

        /** Length, in examples, of the duty cycles' moving average. */
        public B dutyCyclePeriod(int dutyCyclePeriod) {
            options.dutyCyclePeriod = dutyCyclePeriod;
            return (B) this;
        }

        /** Temperature tau of SOFT mode; small values approach the binary mask. */
        public B softTemperature(double softTemperature) {
            options.softTemperature = softTemperature;
            return (B) this;
        }

        /** BINARY mode's backward pass: true passes gradient to winners only, false to every column. */
        public B maskedStraightThrough(boolean maskedStraightThrough) {
            options.maskedStraightThrough = maskedStraightThrough;
            return (B) this;
        }

        /** Checks the shared options; k is checked against the area by each layer, which knows its area. */
        protected void validateInhibition() {
            AbstractSpatialPooler o = options;
            require(o.output != null, "output must be one of DECIMAL, BINARY, SOFT, got null");
            require(o.activation != null && SUPPORTED_ACTIVATIONS.contains(o.activation),
                    "activation must be one of " + SUPPORTED_ACTIVATIONS + ", got " + o.activation);
            require(Double.isFinite(o.boostStrength) && o.boostStrength >= 0,
                    "boostStrength must be >= 0 (0 disables boosting), got " + o.boostStrength);
            require(o.dutyCyclePeriod >= 1, "dutyCyclePeriod must be >= 1, got " + o.dutyCyclePeriod);
            require(Double.isFinite(o.softTemperature) && o.softTemperature > 0,
                    "softTemperature must be > 0, got " + o.softTemperature);
        }
    }
}
