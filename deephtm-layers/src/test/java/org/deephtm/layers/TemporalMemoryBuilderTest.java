package org.deephtm.layers;

import org.junit.jupiter.api.Test;

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
    void rejectsCellsPerColumnBelowOne() {
        assertRejected(b -> b.cellsPerColumn(0), "cellsPerColumn", "0", ">= 1");
    }

    @Test
    void rejectsASingleColumn() {
        assertRejected(b -> b.columns(1), "columns", "1", ">= 2");
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
