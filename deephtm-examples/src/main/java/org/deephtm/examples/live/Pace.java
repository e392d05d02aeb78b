package org.deephtm.examples.live;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How fast the watched run goes: a number of steps per second from a ladder of paces, or full
 * speed, and paused or not. The run's thread waits in {@link #await} after each step; the page's
 * controls change the pace from the server's threads. Only a person holds a run: the pace, or a
 * pause; never a browser, whose updates are dropped when it is slow.
 */
final class Pace {

    /** The paces "slower" and "faster" step through, in steps per second; above the last: full speed. */
    static final double[] LADDER = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000};

    /** Steps per second of full speed: no waiting. */
    static final double FULL_SPEED = 0;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private double stepsPerSecond;
    private boolean paused;
    private boolean refresh;
    private long released = System.nanoTime();
    private final Runnable onChange;

    /**
     * @param stepsPerSecond the pace to start at, &gt; 0, or {@link #FULL_SPEED}
     * @param onChange       told of every change (on the thread that made it)
     */
    Pace(double stepsPerSecond, Runnable onChange) {
        if (!(stepsPerSecond >= 0) || Double.isInfinite(stepsPerSecond)) {
            throw new IllegalArgumentException("the pace must be a number of steps per second > 0, or 0 for full "
                    + "speed, got " + stepsPerSecond);
        }
        this.stepsPerSecond = stepsPerSecond;
        this.onChange = onChange;
    }

    /**
     * Holds the run's thread until its next step is due, and while the run is paused; each time
     * it is asked to (see {@link #refresh()}) while it holds, it runs {@code whileHeld} on this thread.
     */
    void await(Runnable whileHeld) {
        lock.lock();
        try {
            while (true) {
                if (refresh) {
                    refresh = false;
                    lock.unlock();
                    try {
                        whileHeld.run();
                    } finally {
                        lock.lock();
                    }
                    continue;
                }
                long now = System.nanoTime();
                if (!paused) {
                    if (stepsPerSecond == FULL_SPEED) {
                        released = now;
                        return;
                    }
                    long due = released + (long) (1e9 / stepsPerSecond);
                    if (now >= due) {
                        released = now;
                        return;
                    }
                    changed.awaitNanos(due - now);
                } else {
                    changed.await(1, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** Runs the {@code whileHeld} of a held {@link #await} once more (the page asked for another picture). */
    void refresh() {
        change(() -> refresh = true);
    }

    void pause() {
        change(() -> paused = true);
    }

    void resume() {
        change(() -> paused = false);
    }

    /** One rung down the ladder (from full speed, its top rung). */
    void slower() {
        change(() -> {
            double next = LADDER[0];
            for (double rung : LADDER) {
                if (stepsPerSecond == FULL_SPEED || rung < stepsPerSecond) {
                    next = rung;
                }
            }
            stepsPerSecond = next;
        });
    }

    /** One rung up the ladder; above its top, full speed. */
    void faster() {
        change(() -> {
            if (stepsPerSecond == FULL_SPEED) {
                return;
            }
            for (double rung : LADDER) {
                if (rung > stepsPerSecond) {
                    stepsPerSecond = rung;
                    return;
                }
            }
            stepsPerSecond = FULL_SPEED;
        });
    }

    double stepsPerSecond() {
        lock.lock();
        try {
            return stepsPerSecond;
        } finally {
            lock.unlock();
        }
    }

    boolean paused() {
        lock.lock();
        try {
            return paused;
        } finally {
            lock.unlock();
        }
    }

    /** "30 steps/s", "full speed". */
    static String describe(double stepsPerSecond) {
        return stepsPerSecond == FULL_SPEED ? "full speed"
                : String.format(Locale.ROOT, "%s steps/s", stepsPerSecond == Math.rint(stepsPerSecond)
                        ? Long.toString((long) stepsPerSecond) : Double.toString(stepsPerSecond));
    }

    private void change(Runnable edit) {
        lock.lock();
        try {
            edit.run();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        onChange.run();
    }
}
