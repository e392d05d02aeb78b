package org.deephtm.examples.predict;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Time of day and day of week from a timestamp, as points on circles, so that 23:59 sits next to
 * 00:00 and Sunday next to Monday:
 * <pre>
 *   d = seconds since midnight / 86400                       in [0, 1)
 *   w = (days since Monday + d) / 7                          in [0, 1)
 *   features = [sin 2 pi d, cos 2 pi d, sin 2 pi w, cos 2 pi w]
 * </pre>
 *
 * Timestamps ({@link #parse}): ISO-8601 dates and date-times with or without a {@code T}, seconds,
 * a fraction, an offset or {@code Z} ({@code 2014-07-01 00:00:00}, {@code 2014-07-01T00:00:00.5+02:00},
 * {@code 2014-07-01}); slashes for dashes in the date ({@code 2014/07/01 00:00}); and Unix time as a
 * number (seconds, or milliseconds above 10^11, read as UTC). The clock time is taken as written,
 * ignoring the offset: a series' daily rhythm follows its local time.
 */
public final class TimeFeatures {

    /** The features' names, in the order {@link #of} returns them. */
    public static final String[] NAMES = {"time_of_day_sin", "time_of_day_cos", "day_of_week_sin",
            "day_of_week_cos"};

    private TimeFeatures() {
    }

    /** The four features of one timestamp. */
    public static double[] of(LocalDateTime time) {
        double day = time.toLocalTime().toNanoOfDay() / 86_400e9;
        double week = (time.getDayOfWeek().getValue() - 1 + day) / 7;
        return new double[] {Math.sin(2 * Math.PI * day), Math.cos(2 * Math.PI * day),
                Math.sin(2 * Math.PI * week), Math.cos(2 * Math.PI * week)};
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
        } catch (DateTimeException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is not a timestamp like 2014-07-01 00:00:00 or "
                    + "2014-07-01T00:00:00Z");
        }
    }
}
