package org.deephtm.examples.cli;

import org.deephtm.online.AtomicFile;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * SIGINT (Ctrl-C) and SIGTERM for the {@code deephtm} process. The JVM runs its shutdown hooks on
 * both; this one asks a streaming run to stop at its next row ({@link #requested}) and waits until
 * the command has finished the save under way, saved the rows done and said where that save is.
 * Any other command stops at once; either way a save still being written is removed rather than
 * left as a partial file, and its destination keeps its last whole version.
 */
final class Interruption {

    /** How long a stopping run may take to save and report before the process ends anyway. */
    private static final long GRACE_SECONDS = 60;

    private static final AtomicBoolean REQUESTED = new AtomicBoolean();
    private static final AtomicBoolean STREAMING = new AtomicBoolean();
    private static final CountDownLatch FINISHED = new CountDownLatch(1);

    private Interruption() {
    }

    /** Installs the shutdown hook; {@link DeepHtm#main} calls it once, before the command runs. */
    static void install() {
        Runtime.getRuntime().addShutdownHook(new Thread(Interruption::stop, "deephtm-stop"));
    }

    /** Tells the hook that the command has returned, so the process may end. */
    static void finished() {
        FINISHED.countDown();
    }

    /**
     * Whether the process was asked to stop; a streaming run checks it before each row. A run that
     * asks is one that stops at its next row, so from then on the hook waits for it.
     */
    static boolean requested() {
        STREAMING.set(true);
        return REQUESTED.get();
    }

    private static void stop() {
        if (FINISHED.getCount() == 0) {
            return; // the command ended normally: System.exit runs the hooks too
        }
        REQUESTED.set(true);
        boolean done = false;
        if (STREAMING.get()) {
            try {
                done = FINISHED.await(GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!done) {
            Progress.closeOpen();
        }
        PrintStream err = System.err;
        for (var partial : AtomicFile.abandonWritesUnderWay()) {
            err.println("deephtm: stopped while writing " + partial.getFileName() + "; removed it (the file it was "
                    + "to replace keeps its last whole version)");
        }
        OutputPaths.removeEmptyFoldersCreated();
        err.flush();
    }
}
