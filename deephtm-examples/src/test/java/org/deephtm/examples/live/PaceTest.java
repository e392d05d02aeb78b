package org.deephtm.examples.live;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The run's pace: the ladder that Slower and Faster climb, and a pause that holds the run until resumed. */
class PaceTest {

    @Test
    void fasterClimbsTheLadderToFullSpeedAndSlowerComesBackDown() {
        Pace pace = new Pace(30, () -> { });
        List<Double> seen = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            pace.faster();
            seen.add(pace.stepsPerSecond());
        }
        assertEquals(List.of(50.0, 100.0, 200.0, 500.0, 1000.0, 2000.0, 5000.0, Pace.FULL_SPEED, Pace.FULL_SPEED,
                Pace.FULL_SPEED), seen);
        seen.clear();
        for (int i = 0; i < 14; i++) {
            pace.slower();
            seen.add(pace.stepsPerSecond());
        }
        assertEquals(List.of(5000.0, 2000.0, 1000.0, 500.0, 200.0, 100.0, 50.0, 20.0, 10.0, 5.0, 2.0, 1.0, 1.0, 1.0),
                seen);
    }

    @Test
    void aPausedRunWaitsUntilItIsResumedAndRefreshesWhileItWaits() throws InterruptedException {
        int[] changes = new int[1];
        Pace pace = new Pace(Pace.FULL_SPEED, () -> changes[0]++);
        pace.pause();
        int[] refreshed = new int[1];
        Thread run = new Thread(() -> pace.await(() -> refreshed[0]++));
        run.start();
        while (run.getState() != Thread.State.TIMED_WAITING && run.getState() != Thread.State.WAITING) {
            Thread.onSpinWait();
        }
        assertTrue(run.isAlive(), "held by the pause");
        pace.refresh();
        while (refreshed[0] == 0) {
            Thread.onSpinWait();
        }
        assertTrue(run.isAlive(), "a refresh draws, and the run stays held");
        pace.resume();
        run.join(120_000); // a guard against a hang, not a measure
        assertFalse(run.isAlive());
        assertEquals(1, refreshed[0]);
        assertEquals(3, changes[0], "pause, refresh, resume were each told");
    }

    @Test
    void rejectsAPaceThatIsNotASpeed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Pace(-1, () -> { }));
        assertEquals("the pace must be a number of steps per second > 0, or 0 for full speed, got -1.0",
                e.getMessage());
    }
}
