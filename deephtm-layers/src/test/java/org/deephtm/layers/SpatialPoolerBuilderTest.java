package org.deephtm.layers;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;

import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpatialPoolerBuilderTest {

    private static SpatialPooler.Builder valid() {
        return new SpatialPooler.Builder().nIn(16).columns(32).activeColumns(4);
    }

    private static void assertRejected(UnaryOperator<SpatialPooler.Builder> change, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> change.apply(valid()).build());
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "message \"" + e.getMessage() + "\" should mention " + fragment);
        }
    }

    @Test
    void rejectsActiveColumnsBelowOne() {
        assertRejected(b -> b.activeColumns(-2), "activeColumns", "-2", ">= 1");
    }

    @Test
    void rejectsActiveColumnsNotSmallerThanColumns() {
        assertRejected(b -> b.activeColumns(32), "activeColumns (32)", "columns (32)");
    }

    @Test
    void rejectsBothActiveColumnsAndSparsity() {
        assertRejected(b -> b.sparsity(0.1), "activeColumns", "sparsity", "not both");
    }

    @Test
    void rejectsSparsityOutsideTheUnitInterval() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SpatialPooler.Builder().nIn(16).columns(32).sparsity(1.5).build());
        assertTrue(e.getMessage().contains("sparsity") && e.getMessage().contains("1.5")
                && e.getMessage().contains("(0, 1)"), e.getMessage());
    }

    @Test
    void rejectsASparsityOfZeroRatherThanTakingTheDefault() {
        for (double sparsity : new double[] {0, -0.1, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new SpatialPooler.Builder().nIn(16).columns(32).sparsity(sparsity));
            assertTrue(e.getMessage().contains("sparsity must be in (0, 1)") && e.getMessage().contains("got "
                    + sparsity), e.getMessage());
        }
    }

    @Test
    void rejectsPotentialPctOutsideZeroOne() {
        assertRejected(b -> b.potentialPct(0), "potentialPct", "0.0", "(0, 1]");
        assertRejected(b -> b.potentialPct(1.2), "potentialPct", "1.2", "(0, 1]");
    }

    @Test
    void rejectsNegativeBoostStrength() {
        assertRejected(b -> b.boostStrength(-0.5), "boostStrength", "-0.5", ">= 0");
    }

    @Test
    void rejectsADutyCyclePeriodBelowOne() {
        assertRejected(b -> b.dutyCyclePeriod(0), "dutyCyclePeriod", "0", ">= 1");
    }

    @Test
    void rejectsANonPositiveSoftTemperature() {
        assertRejected(b -> b.softTemperature(0), "softTemperature", "> 0");
    }

    @Test
    void rejectsTooFewColumns() {
        assertRejected(b -> b.columns(1).activeColumns(1), "columns", "1", ">= 2");
    }

    @Test
    void rejectsAnActivationSameDiffCannotExpress() {
        assertRejected(b -> b.activation(Activation.SWISH), "activation", "SWISH");
    }

    @Test
    void rejectsNegativeNIn() {
        assertRejected(b -> b.nIn(-1), "nIn", "-1");
    }

    @Test
    void sparsityBecomesAWinnerCount() {
        SpatialPooler sp = new SpatialPooler.Builder().nIn(8).columns(200).sparsity(0.05).build();
        assertEquals(10, sp.getActiveColumns());
    }

    @Test
    void defaultsToTwoPercentWinners() {
        assertEquals(5, new SpatialPooler.Builder().columns(256).build().getActiveColumns());
        assertEquals(1, new SpatialPooler.Builder().columns(10).build().getActiveColumns());
    }

    @Test
    void missingNInIsReportedWhenTheLayerIsInitialised() {
        SpatialPooler sp = new SpatialPooler.Builder().columns(8).activeColumns(2).build();
        IllegalStateException e = assertThrows(IllegalStateException.class, sp::getLayerParams);
        assertTrue(e.getMessage().contains("nIn is not set"), e.getMessage());
        assertTrue(e.getMessage().contains("setInputType"), e.getMessage());
    }

    @Test
    void toStringListsTheHyperparameters() {
        assertEquals("SpatialPooler(nIn=16, columns=32, sparsity=0.0, potentialPct=1.0, hasBias=true, activeColumns=4, "
                + "output=DECIMAL, activation=SIGMOID, boostStrength=1.0, dutyCyclePeriod=1000, softTemperature=0.1, "
                + "maskedStraightThrough=true, weightInit=XAVIER)", valid().build().toString());
    }

    @Test
    void buildsTheSameLayerTwiceFromASparsity() {
        SpatialPooler.Builder builder = new SpatialPooler.Builder().nIn(16).columns(100).sparsity(0.05);
        SpatialPooler first = builder.build();
        assertEquals(5, first.getActiveColumns());
        assertEquals(first, builder.build());
    }
}
