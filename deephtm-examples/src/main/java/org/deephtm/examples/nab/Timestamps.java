package org.deephtm.examples.nab;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/**
 * NAB's timestamps: {@code 2014-04-10 07:15:00} in the data files, {@code 2014-04-10 07:15:00.000000}
 * in the label files; an ISO {@code T} between date and time is accepted too. No time zone: NAB
 * compares them as written.
 */
public final class Timestamps {

    private static final DateTimeFormatter FORMAT = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm[:ss]")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter();

    private static final DateTimeFormatter OUTPUT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private Timestamps() {
    }

    public static LocalDateTime parse(String text) {
        try {
            return LocalDateTime.parse(text.strip().replace('T', ' '), FORMAT);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a timestamp like 2014-04-10 07:15:00");
        }
    }

    /** As NAB's data files write them: {@code 2014-04-10 07:15:00}. */
    public static String format(LocalDateTime time) {
        return OUTPUT.format(time);
    }
}
