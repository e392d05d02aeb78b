package org.deephtm.examples.csv;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The timestamps of time-series CSV files, in the forms they come in:
 * <ul>
 * <li>ISO-8601 dates and date-times with a {@code T} or a space, with or without seconds, a
 *     fraction, an offset or {@code Z} ({@code 2014-07-01 00:00:00}, NAB's labels'
 *     {@code 2014-04-10 07:15:00.000000}, {@code 2014-07-01T00:00:00.5+02:00}, {@code 2014-07-01});
 *     slashes for dashes in the date ({@code 2014/07/01 00:00});</li>
 * <li>dates with the year last, as spreadsheets write them: {@code M/d/yy H:mm} (Numenta's hot gym
 *     files, {@code 7/2/10 0:00}), {@code M/d/yyyy H:mm[:ss]}, and the same day first. Which comes
 *     first, the month or the day, is read from the whole column (a field above 12 is a day); a
 *     column where neither field goes above 12 is ambiguous, an error that names
 *     {@code --timestamp-format}. Two-digit years are 1969 to 2068, as POSIX reads them;</li>
 * <li>Unix time as a number (seconds, or milliseconds above 10^11, read as UTC);</li>
 * <li>any other form through a {@link DateTimeFormatter} pattern ({@link #ofPattern}).</li>
 * </ul>
 * The clock time is taken as written, ignoring an offset: a series' daily rhythm follows its local
 * time, and NAB compares timestamps as written.
 */
public final class Timestamps {

    /** How a column writes its timestamps. */
    @FunctionalInterface
    public interface Format {
        /** The text as a time; an {@link IllegalArgumentException} naming the text when it is not one. */
        LocalDateTime parse(String text);
    }

    private static final DateTimeFormatter OUTPUT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** month or day / day or month / year, then optionally hours:minutes[:seconds[.fraction]]. */
    private static final Pattern YEAR_LAST = Pattern.compile(
            "(\\d{1,2})/(\\d{1,2})/(\\d{4}|\\d{2})(?:[ T](\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?)?");

    private static final String FORMS = "2014-07-01 00:00:00, 2014-07-01T00:00:00Z, 7/2/10 0:00 or 1404172800";

    private Timestamps() {
    }

    /**
     * Reads a timestamp in one of the forms above; a date with the year last must say by itself
     * which field is the day (one above 12), else {@link #detect} a whole column.
     *
     * @throws IllegalArgumentException naming the text when no form fits
     */
    public static LocalDateTime parse(String text) {
        Matcher m = YEAR_LAST.matcher(text.strip());
        if (m.matches()) {
            int first = Integer.parseInt(m.group(1));
            int second = Integer.parseInt(m.group(2));
            if (first <= 12 && second <= 12 && first != second) {
                throw new IllegalArgumentException("'" + text + "' could be month/day or day/month; give the order "
                        + "with --timestamp-format " + suggestedPattern(m, true));
            }
            return yearLast(text, m, first <= 12 && second > 12 || first == second);
        }
        return isoOrEpoch(text);
    }

    /**
     * The form of a column's timestamps: dates with the year last are read month first or day
     * first as the column shows (some field above 12); everything else as {@link #parse} reads it.
     *
     * @throws IllegalArgumentException when the column shows neither order, or both
     */
    public static Format detect(String[] texts) {
        String monthFirst = null;
        String dayFirst = null;
        String sample = null;
        for (String text : texts) {
            Matcher m = YEAR_LAST.matcher(text.strip());
            if (!m.matches()) {
                continue;
            }
            sample = sample == null ? text : sample;
            if (Integer.parseInt(m.group(1)) > 12) {
                dayFirst = dayFirst == null ? text : dayFirst;
            }
            if (Integer.parseInt(m.group(2)) > 12) {
                monthFirst = monthFirst == null ? text : monthFirst;
            }
        }
        if (sample == null) {
            return Timestamps::isoOrEpoch;
        }
        if (monthFirst != null && dayFirst != null) {
            throw new IllegalArgumentException("its dates put the day first in '" + dayFirst + "' and the month first "
                    + "in '" + monthFirst + "': give one form with --timestamp-format");
        }
        if (monthFirst == null && dayFirst == null) {
            Matcher m = YEAR_LAST.matcher(sample.strip());
            m.matches();
            throw new IllegalArgumentException("its dates, like '" + sample + "', could be month/day or day/month "
                    + "(no field is above 12): give the order with --timestamp-format " + suggestedPattern(m, true)
                    + " (month first) or --timestamp-format " + suggestedPattern(m, false) + " (day first)");
        }
        boolean isMonthFirst = monthFirst != null;
        return text -> {
            Matcher m = YEAR_LAST.matcher(text.strip());
            return m.matches() ? yearLast(text, m, isMonthFirst) : isoOrEpoch(text);
        };
    }

    /**
     * The form a {@link DateTimeFormatter} pattern gives ({@code --timestamp-format}); a pattern
     * without a time reads dates at midnight.
     *
     * @throws IllegalArgumentException naming the pattern when it is not one
     */
    public static Format ofPattern(String pattern) {
        DateTimeFormatter formatter;
        try {
            formatter = DateTimeFormatter.ofPattern(pattern);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--timestamp-format '" + pattern + "' is not a date-time pattern ("
                    + e.getMessage() + "); write it as java.time.format.DateTimeFormatter does, e.g. "
                    + "'M/d/yy H:mm' or 'dd.MM.yyyy HH:mm:ss'");
        }
        return text -> {
            try {
                TemporalAccessor t = formatter.parse(text.strip());
                LocalDate date = t.query(TemporalQueries.localDate());
                LocalTime time = t.query(TemporalQueries.localTime());
                if (date == null) {
                    throw new DateTimeException("no date");
                }
                return time == null ? date.atStartOfDay() : date.atTime(time);
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("'" + text + "' does not fit --timestamp-format '" + pattern
                        + "' (" + e.getMessage() + ")");
            }
        };
    }

    /** As NAB's data files write them: {@code 2014-04-10 07:15:00}. */
    public static String format(LocalDateTime time) {
        return OUTPUT.format(time);
    }

    private static LocalDateTime yearLast(String text, Matcher m, boolean monthFirst) {
        int month = Integer.parseInt(m.group(monthFirst ? 1 : 2));
        int day = Integer.parseInt(m.group(monthFirst ? 2 : 1));
        int year = Integer.parseInt(m.group(3));
        if (m.group(3).length() == 2) {
            year += year >= 69 ? 1900 : 2000;
        }
        try {
            LocalDate date = LocalDate.of(year, month, day);
            if (m.group(4) == null) {
                return date.atStartOfDay();
            }
            String fraction = m.group(7) == null ? "0" : (m.group(7) + "00000000").substring(0, 9);
            return date.atTime(Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                    m.group(6) == null ? 0 : Integer.parseInt(m.group(6)), Integer.parseInt(fraction));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not a date read " + (monthFirst ? "month" : "day")
                    + " first (" + e.getMessage() + ")");
        }
    }

    private static LocalDateTime isoOrEpoch(String text) {
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
            throw new IllegalArgumentException("'" + text + "' is not a timestamp like " + FORMS + "; give its form "
                    + "with --timestamp-format (e.g. 'dd.MM.yyyy HH:mm'), or read no timestamps with --timestamp none");
        }
    }

    /** The pattern of a date with the year last like {@code m}'s, month or day first. */
    private static String suggestedPattern(Matcher m, boolean monthFirst) {
        String date = (monthFirst ? "M/d/" : "d/M/") + (m.group(3).length() == 2 ? "yy" : "yyyy");
        if (m.group(4) == null) {
            return date;
        }
        return date + " H:mm" + (m.group(6) == null ? "" : ":ss") + (m.group(7) == null ? "" : ".SSS");
    }
}
