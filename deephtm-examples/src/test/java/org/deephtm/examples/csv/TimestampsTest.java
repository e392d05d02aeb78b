package org.deephtm.examples.csv;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The timestamp columns of the files users bring: the form is read from the column, or given. */
class TimestampsTest {

    @TempDir
    Path dir;

    private CsvTable table(String... timestamps) throws IOException {
        StringBuilder csv = new StringBuilder("timestamp,value\n");
        for (String t : timestamps) {
            csv.append(t).append(",1\n");
        }
        return CsvTable.read(Files.writeString(dir.resolve("series.csv"), csv));
    }

    @Test
    void readsNumentasHotGymDatesMonthFirstWithTwoDigitYears() throws IOException {
        CsvTable table = table("7/2/10 0:00", "7/2/10 1:00", "7/13/10 23:15");
        assertArrayEquals(new LocalDateTime[] {LocalDateTime.of(2010, 7, 2, 0, 0), LocalDateTime.of(2010, 7, 2, 1, 0),
                LocalDateTime.of(2010, 7, 13, 23, 15)}, table.timestamps("timestamp"));
    }

    @Test
    void readsTheDayFirstWhenAFirstFieldAbove12ShowsIt() throws IOException {
        CsvTable table = table("13/7/2010 00:00:30", "1/8/2010 12:00:00");
        assertArrayEquals(new LocalDateTime[] {LocalDateTime.of(2010, 7, 13, 0, 0, 30),
                LocalDateTime.of(2010, 8, 1, 12, 0)}, table.timestamps("timestamp"));
    }

    @Test
    void readsFourDigitYearsWithSecondsMonthFirst() throws IOException {
        assertEquals(LocalDateTime.of(2010, 12, 31, 13, 45, 30),
                table("12/31/2010 13:45:30", "1/1/2011 0:00:00").timestamps("timestamp")[0]);
    }

    @Test
    void twoDigitYearsFrom69AreTheTwentiethCentury() {
        assertEquals(1999, Timestamps.parse("12/31/99 0:00").getYear());
        assertEquals(2068, Timestamps.parse("12/31/68 0:00").getYear());
    }

    @Test
    void aColumnThatCouldBeEitherOrderIsAnErrorNamingTheOption() throws IOException {
        CsvTable table = table("7/2/10 0:00", "7/3/10 0:00");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> table.timestamps("timestamp"));
        assertTrue(e.getMessage().contains("series.csv: column timestamp: its dates, like '7/2/10 0:00', could be "
                + "month/day or day/month (no field is above 12): give the order with --timestamp-format "
                + "M/d/yy H:mm (month first) or --timestamp-format d/M/yy H:mm (day first)"), e.getMessage());
    }

    @Test
    void aColumnWithBothOrdersIsAnError() throws IOException {
        CsvTable table = table("13/7/10 0:00", "7/14/10 0:00");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> table.timestamps("timestamp"));
        assertTrue(e.getMessage().contains("give one form with --timestamp-format"), e.getMessage());
    }

    @Test
    void aPatternGivenReadsItsFormAndNamesItWhenAFieldDoesNotFit() throws IOException {
        assertEquals(LocalDateTime.of(2014, 7, 1, 0, 30),
                table("01.07.2014 00:00", "01.07.2014 00:30").timestamps("timestamp", "dd.MM.yyyy HH:mm")[1]);
        CsvTable table = table("01.07.2014 00:00", "01.07.2014 00:30", "yesterday");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> table.timestamps("timestamp", "dd.MM.yyyy HH:mm"));
        assertTrue(e.getMessage().contains("series.csv line 4 column timestamp: 'yesterday' does not fit --timestamp-format "
                + "'dd.MM.yyyy HH:mm'"), e.getMessage());
        assertEquals(LocalDateTime.of(2014, 7, 2, 0, 0), table("2.7.2014").timestamps("timestamp", "d.M.yyyy")[0]);
    }

    @Test
    void aPatternThatIsNoPatternIsNamed() throws IOException {
        CsvTable table = table("2014-07-01");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> table.timestamps("timestamp", "yyyy-MM-dd {"));
        assertTrue(e.getMessage().contains("--timestamp-format 'yyyy-MM-dd {' is not a date-time pattern"),
                e.getMessage());
    }

    @Test
    void isoAndUnixTimesReadAsBefore() throws IOException {
        LocalDateTime midnight = LocalDateTime.of(2014, 7, 1, 0, 0);
        assertArrayEquals(new LocalDateTime[] {midnight, midnight, midnight, midnight, midnight},
                table("2014-07-01 00:00:00", "2014-07-01T00:00", "2014-07-01T00:00:00+02:00", "1404172800",
                        "1404172800000").timestamps("timestamp"));
    }

    @Test
    void noneReadsNoTimestampsUnlessAColumnIsCalledSo() throws IOException {
        CsvTable table = table("yesterday");
        assertNull(table.timestampColumn(CsvTable.NO_TIMESTAMPS));
        CsvTable named = CsvTable.read(Files.writeString(dir.resolve("named.csv"), "none,value\n2014-07-01,1\n"));
        assertEquals("none", named.timestampColumn(CsvTable.NO_TIMESTAMPS));
    }
}
