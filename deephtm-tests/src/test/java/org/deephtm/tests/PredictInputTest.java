package org.deephtm.tests;

import org.deephtm.examples.csv.CsvTable;
import org.deephtm.examples.csv.Timestamps;
import org.deephtm.examples.predict.OnlineScaling;
import org.deephtm.networks.TimeFeatures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@code predict} makes of its input: CSV fields, timestamps, time features, online scaling. */
class PredictInputTest {

    private static final LocalDateTime MIDNIGHT = LocalDateTime.of(2014, 7, 1, 0, 0);

    @TempDir
    Path dir;

    @Test
    void readsQuotedFieldsAndSkipsEmptyLines() throws IOException {
        Path csv = Files.writeString(dir.resolve("q.csv"), "\"name\",value\n\"a,b\",1.5\n\nc,\"2\"\n");
        CsvTable table = CsvTable.read(csv);
        assertEquals(List.of("name", "value"), table.header());
        assertArrayEquals(new String[] {"a,b", "c"}, table.texts("name"));
        assertArrayEquals(new double[] {1.5, 2}, table.numbers("value"));
        assertEquals(csv + " line 4", table.where(1));
    }

    @Test
    void aLowerCaseNanIsReportedAsNaN() throws IOException {
        CsvTable table = CsvTable.read(Files.writeString(dir.resolve("n.csv"), "value\n1\nnan\n"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> table.numbers("value"));
        assertTrue(e.getMessage().endsWith("line 3: NaN in column value; fill or drop missing values first"),
                e.getMessage());
    }

    @Test
    void parsesCommonTimestampFormats() {
        for (String text : List.of("2014-07-01 00:00:00", "2014-07-01T00:00:00", "2014-07-01 00:00",
                "2014-07-01T00:00:00Z", "2014-07-01T00:00:00.000+02:00", "2014-07-01", "2014/07/01 00:00:00",
                "1404172800", "1404172800000")) {
            assertEquals(MIDNIGHT, Timestamps.parse(text), text);
        }
    }

    @Test
    void rejectsTextThatIsNoTimestamp() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Timestamps.parse("01.07.2014"));
        assertTrue(e.getMessage().startsWith("'01.07.2014' is not a timestamp"), e.getMessage());
    }

    @Test
    void timeFeaturesPutMidnightNextToTheMinuteBefore() {
        double[] before = TimeFeatures.of(MIDNIGHT.minusMinutes(1));
        double[] at = TimeFeatures.of(MIDNIGHT);
        assertEquals(at[0], before[0], 0.01);
        assertEquals(at[1], before[1], 0.01);
        assertArrayEquals(new double[] {0, 1}, new double[] {at[0], at[1]}, 1e-12);
    }

    @Test
    void dayOfWeekRunsOnceAroundAWeek() {
        LocalDateTime monday = LocalDateTime.of(2014, 6, 30, 0, 0);
        assertArrayEquals(TimeFeatures.of(monday), TimeFeatures.of(monday.plusWeeks(1)), 1e-12);
        assertEquals(1.0, TimeFeatures.of(monday.plusHours(84))[3] * -1, 1e-12); // half a week: cos = -1
    }

    @Test
    void scalingAtARowDoesNotDependOnLaterRows() {
        OnlineScaling a = OnlineScaling.of(new double[] {1, 2, 3, 4, 100});
        OnlineScaling b = OnlineScaling.of(new double[] {1, 2, 3, 4, -50});
        for (int t = 0; t < 4; t++) {
            assertEquals(a.scaled(t), b.scaled(t), 0, "row " + t);
            assertEquals(a.unscale(t, 0.5), b.unscale(t, 0.5), 0, "row " + t);
        }
    }

    @Test
    void scalingStandardisesWithTheRowsSeenSoFar() {
        OnlineScaling s = OnlineScaling.of(new double[] {2, 4, 6});
        // rows 0..2: mean 4, population standard deviation sqrt(8/3)
        assertEquals((6 - 4) / Math.sqrt(8.0 / 3), s.scaled(2), 1e-12);
        assertEquals(4 + Math.sqrt(8.0 / 3), s.unscale(2, 1), 1e-12);
    }

    @Test
    void aFlatStartScalesToZeroAndPredictsTheLevel() {
        OnlineScaling s = OnlineScaling.of(new double[] {7, 7, 7});
        assertEquals(0, s.scaled(2), 0);
        assertEquals(7, s.unscale(2, 3.5), 0);
    }

    @Test
    void oneSpikeIsClippedAtFiveDeviations() {
        double[] values = new double[101];
        for (int t = 0; t < 100; t++) {
            values[t] = t % 2;
        }
        values[100] = 1e6;
        assertEquals(OnlineScaling.LIMIT, OnlineScaling.of(values).scaled(100), 0);
    }
}
