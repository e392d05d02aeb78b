package org.deephtm.layers;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.junit.jupiter.api.Test;

import java.util.List;

import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TemporalMemoryBuilderTest {

    private static TemporalMemory.Builder valid() {
        return new TemporalMemory.Builder().columns(16).cellsPerColumn(4);
    }

    private static void assertRejected(UnaryOperator<TemporalMemory.Builder> change, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> change.apply(valid()).build());
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "message \"" + e.getMessage() + "\" should mention " + fragment);
        }
    }

    @Test
    void rejectsAMinimumHitRateOutsideZeroOneOrWithoutSegments() {
        UnaryOperator<TemporalMemory.Builder> segments = b -> b.connectivity(TemporalMemory.Connectivity.SEGMENTS);
        assertRejected(b -> segments.apply(b).minHitRate(1), "minHitRate must be in [0, 1)", "got 1.0");
        assertRejected(b -> segments.apply(b).minHitRate(-0.1), "minHitRate must be in [0, 1)", "got -0.1");
        assertRejected(b -> segments.apply(b).minHitRate(Double.NaN), "minHitRate must be in [0, 1)", "NaN");
        assertRejected(b -> segments.apply(b).hitRateWindow(0), "hitRateWindow must be >= 1", "got 0");
        assertRejected(b -> b.minHitRate(0.3), "minHitRate needs connectivity SEGMENTS", "DENSE");
        assertEquals(0.3, segments.apply(valid()).minHitRate(0.3).build().getMinHitRate());
    }

    @Test
    void rejectsABurstMatchFractionOutsideZeroToTheMatchFraction() {
        UnaryOperator<TemporalMemory.Builder> segments = b -> b.connectivity(TemporalMemory.Connectivity.SEGMENTS);
        assertRejected(b -> segments.apply(b).burstMatchFraction(0.6), "burstMatchFraction must be in [0, "
                + "matchFraction (0.5)]", "got 0.6");
        assertRejected(b -> segments.apply(b).matchFraction(0.2).burstMatchFraction(0.25), "matchFraction (0.2)",
                "got 0.25");
        assertRejected(b -> segments.apply(b).burstMatchFraction(-0.1), "burstMatchFraction", "got -0.1");
        assertRejected(b -> segments.apply(b).burstMatchFraction(Double.NaN), "burstMatchFraction", "NaN");
        assertEquals(0.25, segments.apply(valid()).burstMatchFraction(0.25).build().getBurstMatchFraction());
    }

    @Test
    void rejectsCellsPerColumnBelowOne() {
        assertRejected(b -> b.cellsPerColumn(0), "cellsPerColumn", "0", ">= 1");
    }

    @Test
    void rejectsASingleColumn() {
        assertRejected(b -> b.columns(1), "columns", "1", ">= 2");
    }

    @Test
    void rejectsZeroColumnsGivenRatherThanInferringThem() {
        for (long columns : new long[] {0, -3}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new TemporalMemory.Builder().columns(columns));
            assertTrue(e.getMessage().contains("columns must be >= 2, got " + columns)
                    && e.getMessage().contains("leave it unset to infer it from setInputType"), e.getMessage());
        }
    }

    @Test
    void rejectsColumnsThatContradictThePoolersColumns() {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().list()
                .layer(new SpatialPooler.Builder().columns(128).activeColumns(3).build())
                .layer(new TemporalMemory.Builder().name("tm").columns(64).build())
                .setInputType(InputType.recurrent(8));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, list::build);
        assertTrue(e.getMessage().contains("TemporalMemory \"tm\" was given columns(64), but its input has 128 "
                + "columns"), e.getMessage());
    }

    @Test
    void takesTheColumnsFromItsInputWhenTheyAgreeOrAreUnset() {
        for (TemporalMemory.Builder tm : List.of(new TemporalMemory.Builder(),
                new TemporalMemory.Builder().columns(128))) {
            MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().list()
                    .layer(new SpatialPooler.Builder().columns(128).activeColumns(3).build())
                    .layer(tm.build())
                    .setInputType(InputType.recurrent(8))
                    .build();
            assertEquals(128, ((TemporalMemory) conf.getConf(1).getLayer()).getColumns());
        }
    }

    @Test
    void rejectsAPredictionThresholdOutsideZeroOne() {
        assertRejected(b -> b.predictionThreshold(1.0), "predictionThreshold", "1.0", "(0, 1)");
    }

    @Test
    void rejectsANegativeColumnPredictionLoss() {
        assertRejected(b -> b.columnPredictionLoss(-1), "columnPredictionLoss", "-1.0", ">= 0");
    }

    @Test
    void rejectsANonFiniteBiasInit() {
        assertRejected(b -> b.biasInit(Double.NaN), "biasInit", "NaN");
    }

    @Test
    void missingColumnsAreReportedWhenTheLayerIsInitialised() {
        TemporalMemory tm = new TemporalMemory.Builder().build();
        IllegalStateException e = assertThrows(IllegalStateException.class, tm::getLayerParams);
        assertTrue(e.getMessage().contains("columns is not set"), e.getMessage());
    }

    @Test
    void outputHasOneRowPerCellPlusTheAnomalyWhenAsked() {
        assertEquals(64, valid().build().outputSize());
        assertEquals(65, valid().anomalyOutput(true).build().outputSize());
    }
}
