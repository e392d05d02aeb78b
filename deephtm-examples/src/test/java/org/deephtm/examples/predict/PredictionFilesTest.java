package org.deephtm.examples.predict;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.series.Series;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code predict}'s plot: the anomaly score apart from the series, over the file's own x. */
class PredictionFilesTest {

    private static final double[] VALUES = {1, 2, 3, 4};
    private static final double[] PREDICTION = {Double.NaN, 1.5, 2.5, 3.5};
    private static final double[] ANOMALY = {1, 0, 1, 0};

    @Test
    void theAnomalyScoreHasAPanelOfItsOwnBelowTheSeries() {
        List<XYChart> panels = PredictionFiles.panels("t", null, VALUES, PREDICTION, ANOMALY, 1, 4);
        assertEquals(2, panels.size());
        assertEquals(Set.of("value", "prediction"), panels.get(0).getSeriesMap().keySet());
        assertEquals(Set.of("anomaly score"), panels.get(1).getSeriesMap().keySet());
        assertEquals("row", panels.get(0).getXAxisTitle());
        XYSeries value = panels.get(0).getSeriesMap().get("value");
        assertEquals(Series.DataType.Number, value.getxAxisDataType());
        assertEquals(1.0, value.getXMin(), "rows 1 to 3 of a zoom keep their row numbers");
    }

    @Test
    void timestampsAreTheXAxisWhenTheFileHasThem() {
        LocalDateTime start = LocalDateTime.of(2010, 7, 2, 0, 0);
        LocalDateTime[] times = {start, start.plusHours(1), start.plusHours(2), start.plusHours(3)};
        List<XYChart> panels = PredictionFiles.panels("t", times, VALUES, PREDICTION, ANOMALY, 1, 4);
        for (XYChart panel : panels) {
            assertEquals("time", panel.getXAxisTitle());
            for (XYSeries series : panel.getSeriesMap().values()) {
                assertEquals(Series.DataType.Date, series.getxAxisDataType(), series.getName());
                assertEquals(times[1].toInstant(ZoneOffset.UTC).toEpochMilli(), series.getXMin(), series.getName());
            }
        }
    }
}
