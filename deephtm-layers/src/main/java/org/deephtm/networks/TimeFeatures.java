package org.deephtm.networks;

import java.time.LocalDateTime;

/**
 * Time of day and day of week from a timestamp, as points on circles, so that 23:59 sits next to
 * 00:00 and Sunday next to Monday: inputs a network can take beside a series' values.
 * <pre>
 *   d = seconds since midnight / 86400                       in [0, 1)
 *   w = (days since Monday + d) / 7                          in [0, 1)
 *   features = [sin 2 pi d, cos 2 pi d, sin 2 pi w, cos 2 pi w]
 * </pre>
 */
public final class TimeFeatures {

    /** The features' names, in the order {@link #of} returns them. */
    public static final String[] NAMES = {"time_of_day_sin", "time_of_day_cos", "day_of_week_sin",
            "day_of_week_cos"};

    private TimeFeatures() {
    }

    /** The four features of one timestamp. */
    public static double[] of(LocalDateTime time) {
        double day = dayFraction(time);
        double week = (time.getDayOfWeek().getValue() - 1 + day) / 7;
        return new double[] {Math.sin(2 * Math.PI * day), Math.cos(2 * Math.PI * day),
                Math.sin(2 * Math.PI * week), Math.cos(2 * Math.PI * week)};
    }

    /** d: the time since midnight as a share of the day, in [0, 1). */
    public static double dayFraction(LocalDateTime time) {
        return time.toLocalTime().toNanoOfDay() / 86_400e9;
    }
}
