package org.deephtm.examples.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.time.Duration;
import java.util.Locale;
import java.util.function.LongConsumer;

/**
 * A progress bar on standard error for long runs, or nothing when {@code quiet}. The bar appears
 * with the first count the work reports (an experiment reports 0 as its timed loop starts) and
 * stops at the last, so the speed it ends on is the loop's, as the command's summary gives it,
 * not diluted by building the network before or writing plots after. It computes that speed
 * itself, to the nanosecond: the library's divides by whole elapsed seconds (6,000 steps in 3.9 s
 * show as 2,000/s).
 */
final class Progress implements AutoCloseable, LongConsumer {

    /** The bar on the terminal now, for a process that stops before its command closes it. */
    private static volatile ProgressBar open;

    private final String task;
    private final long total;
    private final boolean quiet;
    private ProgressBar bar;
    private boolean closed;
    private String note = "";
    private long startNanos;
    private long startCount;

    private Progress(String task, long total, boolean quiet) {
        this.task = task;
        this.total = total;
        this.quiet = quiet;
    }

    static Progress start(String task, long total, boolean quiet) {
        return new Progress(task, total, quiet);
    }

    /** Sets how many units are done; the bar ends its line when all {@code total} are. */
    @Override
    public void accept(long done) {
        if (quiet || closed) {
            return;
        }
        if (bar == null) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).startsFrom(done, Duration.ZERO)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
            startNanos = System.nanoTime();
            startCount = done;
            open = bar;
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        String speed = done > startCount && seconds > 0
                ? String.format(Locale.ROOT, "%,.1f/s", (done - startCount) / seconds) : "";
        bar.setExtraMessage(note.isEmpty() ? speed : speed + " " + note);
        bar.stepTo(done);
        if (done >= total) {
            close();
        }
    }

    /** A short note shown after the bar (the current error, say). */
    void note(String text) {
        note = text;
    }

    @Override
    public void close() {
        if (bar != null && !closed) {
            bar.close();
            open = null;
        }
        closed = true;
    }

    /** Closes the bar still on the terminal, if any, ending its line. */
    static void closeOpen() {
        ProgressBar bar = open;
        if (bar != null) {
            bar.close();
            open = null;
        }
    }
}
