package org.deephtm.examples.predict;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ForecastTargetTest {

    private static final double NAN = Double.NaN;

    // Changes over one row, from row 1 on: 2, -1, 4.
    private static final double[] VALUES = {10, 12, 11, 15};
    private static final double[] EARLIER = {NAN, 10, 12, 11};

    private static ForecastTarget of(ForecastTarget.Kind kind) {
        return ForecastTarget.of(kind, VALUES, EARLIER, OnlineScaling.of(VALUES), OnlineScaling.State.START);
    }

    @Test
    void aChangeForecastIsTheCurrentValuePlusTheDecodedChange() {
        // At row 2 the changes seen are 2 and -1: mean 0.5, deviation 1.5; y = 0.2 decodes to 0.5 + 1.5 * 5 * 0.2.
        assertEquals(11 + 0.5 + 1.5, of(ForecastTarget.Kind.CHANGE).changeForecast(2, 0.2), 1e-12);
    }

    @Test
    void theChangeTargetIsTheChangeStandardisedByTheChangesSeen() {
        // Row 2's change -1 is (-1 - 0.5) / 1.5 = -1 deviation, divided by the clip of 5.
        assertEquals(-0.2, of(ForecastTarget.Kind.CHANGE).changeTarget(2), 1e-12);
    }

    @Test
    void beforeAnyChangeTheForecastIsTheCurrentValueAndTheTargetZero() {
        ForecastTarget target = of(ForecastTarget.Kind.CHANGE);
        assertEquals(10, target.changeForecast(0, 0.7));
        assertEquals(0, target.changeTarget(0));
    }

    @Test
    void aValueForecastUndoesTheValuesScaling() {
        OnlineScaling scaling = OnlineScaling.of(VALUES);
        ForecastTarget target = of(ForecastTarget.Kind.VALUE);
        assertEquals(scaling.unscale(3, 5 * 0.3), target.valueForecast(3, 0.3), 1e-12);
        assertEquals(scaling.scaled(3) / 5, target.valueTarget(3), 1e-12);
    }

    @Test
    void aResumedStreamContinuesTheChangesStatistics() {
        ForecastTarget whole = of(ForecastTarget.Kind.CHANGE);
        OnlineScaling.State afterRow1 = whole.changeState(1);
        double[] rest = Arrays.copyOfRange(VALUES, 2, 4);
        OnlineScaling restScaling = OnlineScaling.of(rest, OnlineScaling.of(VALUES).state(1));
        ForecastTarget resumed = ForecastTarget.of(ForecastTarget.Kind.CHANGE, rest, new double[] {12, 11},
                restScaling, afterRow1);
        assertEquals(whole.changeForecast(3, -0.1), resumed.changeForecast(1, -0.1), 1e-12);
        assertEquals(whole.changeTarget(3), resumed.changeTarget(1), 1e-12);
    }

    @Test
    void aBlendTrainsBothHeadsAndBlendsTheirForecasts() {
        ForecastTarget blend = of(ForecastTarget.Kind.BLEND);
        ForecastTarget value = of(ForecastTarget.Kind.VALUE);
        ForecastTarget change = of(ForecastTarget.Kind.CHANGE);
        assertEquals(2, ForecastTarget.Kind.BLEND.outputs());
        float[] y = new float[2];
        blend.targets(2, y);
        assertEquals((float) value.valueTarget(2), y[0]);
        assertEquals((float) change.changeTarget(2), y[1]);
        float[] single = new float[1];
        change.targets(2, single);
        assertEquals(y[1], single[0]);
        // Row 0, before any weight has moved: the mean of the seven experts (the averages start at x_0 = 10,
        // and the autoregression, which has seen no change, forecasts it).
        float[] heads = {0.1f, 0.3f};
        double expected = (value.valueForecast(0, heads[0]) + change.changeForecast(0, heads[1]) + 10 + 3 * 10 + 10) / 7;
        assertEquals(expected, blend.forecast(0, heads), 1e-9);
        assertEquals(ForecastBlend.EXPERTS.size(), blend.blendWeights().length);
    }

    @Test
    void parsesEachKindInAnyCase() {
        assertEquals(ForecastTarget.Kind.CHANGE, ForecastTarget.Kind.parse("Change"));
        assertEquals(ForecastTarget.Kind.VALUE, ForecastTarget.Kind.parse("value"));
        assertEquals(ForecastTarget.Kind.BLEND, ForecastTarget.Kind.parse("BLEND"));
    }

    @Test
    void rejectsAnUnknownKindByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ForecastTarget.Kind.parse("level"));
        assertEquals("--predict must be value, change or blend, got 'level'", e.getMessage());
    }

    @Test
    void rejectsEarlierValuesOfAnotherLength() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ForecastTarget.of(
                ForecastTarget.Kind.CHANGE, VALUES, new double[] {NAN, 10}, OnlineScaling.of(VALUES),
                OnlineScaling.State.START));
        assertEquals("earlier must hold one value per row (4), got 2", e.getMessage());
    }
}
