package org.deephtm.tests;

import org.deephtm.examples.sequences.HighOrderSweep;
import org.deephtm.layers.TemporalMemory;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The high-order task online with the sequences back to back, no reset and nothing between them
 * (the {@code sweep high-order} online mode), at HTM's size: 2048 columns, 40 active, 8 cells per
 * column, three pairs of sequences sharing middles of five. Every first symbol follows every last
 * one, so with every matching segment predicting, a first symbol is predicted in the context of
 * all that came before it, contexts chain from one sequence into the next and the endings stay
 * near chance. With a minimum hit rate the segments that guess a first symbol fall silent, it
 * bursts, each sequence starts afresh, and the endings are learned.
 */
class BackToBackSequencesTest {

    private static double endingsRight(double minHitRate) {
        return HighOrderSweep.run(new HighOrderSweep.Task(HighOrderSweep.Training.ONLINE,
                TemporalMemory.Connectivity.SEGMENTS, 2048, 40, 8, 3, 5, 1, 300, minHitRate, 1));
    }

    @Test
    void aMinimumHitRateLearnsSequencesBackToBack() {
        double silenced = endingsRight(0.33);
        double everySegment = endingsRight(0);
        System.out.printf("back to back, middle of 5, 2048 x 40 x 8: endings right %.3f with a minimum hit rate of "
                + "0.33, %.3f without%n", silenced, everySegment);
        assertTrue(silenced >= 0.95, "with a minimum hit rate every sequence starts afresh: " + silenced);
        assertTrue(everySegment <= 0.75, "without one, contexts chain and the endings stay near chance: "
                + everySegment);
    }
}
