package org.deephtm.examples.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.util.function.LongConsumer;

/** A progress bar on standard error for long runs, or nothing when {@code quiet}. */
final class Progress implements AutoCloseable, LongConsumer {

    /** The bar on the terminal now, for a process that stops before its command closes it. */
    private static volatile ProgressBar open;

    private final ProgressBar bar;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    static Progress start(String task, long total, boolean quiet) {
        if (quiet) {
            return new Progress(null);
        }
        ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).showSpeed()
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
        open = bar;
        return new Progress(bar);
    }

    /** Sets how many units are done. */
    @Override
    public void accept(long done) {
        if (bar != null) {
            bar.stepTo(done);
        }
    }

    /** A short note shown after the bar (the current error, say). */
    void note(String text) {
        if (bar != null) {
            bar.setExtraMessage(text);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            open = null;
        }
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
