package org.deephtm.examples.csv;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The timestamps of time-series CSV files: ISO-8601 dates and date-times with a {@code T} or a
 * space, with or without seconds, a fraction, an offset or {@code Z} ({@code 2014-07-01 00:00:00},
 * NAB's labels' {@code 2014-04-10 07:15:00.000000}, {@code 2014-07-01T00:00:00.5+02:00},
 * {@code 2014-07-01}); slashes for dashes in the date ({@code 2014/07/01 00:00}); and Unix time as
 * a number (seconds, or milliseconds above 10^11, read as UTC). The clock time is taken as written,
 * ignoring the offset: a series' daily rhythm follows its local time, and NAB compares timestamps
 * as written.
 */
public final class Timestamps {

    private static final DateTimeFormatter OUTPUT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private Timestamps() {
    }

    /**
     * Reads a timestamp in one of the formats above.
     *
     * @throws IllegalArgumentException naming the text when no format fits
     */
    public static LocalDateTime parse(String text) {
        String s = text.strip();
        try {
            if (!s.isEmpty() && s.chars().allMatch(Character::isDigit) && s.length() <= 15) {
                long number = Long.parseLong(s);
                Instant instant = number > 100_000_000_000L ? Instant.ofEpochMilli(number)
                        : Instant.ofEpochSecond(number);
                return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
            }
            if (s.length() >= 10 && s.charAt(4) == '/' && s.charAt(7) == '/') {
                s = s.substring(0, 4) + '-' + s.substring(5, 7) + '-' + s.substring(8);
            }
            if (s.length() == 10) {
                return LocalDate.parse(s).atStartOfDay();
            }
            if (s.length() > 10 && s.charAt(10) == ' ') {
                s = s.substring(0, 10) + 'T' + s.substring(11).strip();
            }
            return LocalDateTime.from(DateTimeFormatter.ISO_DATE_TIME.parse(s));
        } catch (DateTimeException | ArithmeticException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("'" + text + "' is not a timestamp like 2014-07-01 00:00:00 or "
                    + "2014-07-01T00:00:00Z");
        }
    }

    /** As NAB's data files write them: {@code 2014-04-10 07:15:00}. */
    public static String format(LocalDateTime time) {
        return OUTPUT.format(time);
    }
}
