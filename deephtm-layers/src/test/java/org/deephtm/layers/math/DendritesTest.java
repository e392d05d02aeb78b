package org.deephtm.layers.math;

import org.deephtm.layers.TemporalMemory;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HTM's structural rule on hand-made cases: which cell wins a burst, what grows, what is
 * predicted the next time, what is evicted and what decays.
 */
class DendritesTest {

    private static final int COLUMNS = 4;
    private static final int CELLS = 3;

    /** A memory of 4 columns x 3 cells, its weights and biases in plain arrays. */
    private static final class Memory implements Dendrites.Weights {
        final TemporalMemory tm;
        final float[][] presynaptic;
        final float[] recency;
        final float[][] weights;
        final float[] bias;
        final Dendrites dendrites;

        Memory(int segmentsPerCell, int synapsesPerSegment, int newSynapses, double decay) {
            this(new TemporalMemory.Builder().segmentsPerCell(segmentsPerCell).synapsesPerSegment(synapsesPerSegment)
                    .newSynapses(newSynapses).synapseDecay(decay));
        }

        /** Hit rates over {@code window} visits; a segment predicts while its rate reaches {@code minHitRate}. */
        static Memory withHitRate(double minHitRate, int window) {
            return new Memory(new TemporalMemory.Builder().segmentsPerCell(2).synapsesPerSegment(4).newSynapses(3)
                    .synapseDecay(0).minHitRate(minHitRate).hitRateWindow(window));
        }

        /** A bursting column's segment learns when this share of its synapses see an active cell. */
        static Memory withBurstMatch(double burstMatchFraction) {
            return new Memory(new TemporalMemory.Builder().segmentsPerCell(2).synapsesPerSegment(4).newSynapses(4)
                    .synapseDecay(0).burstMatchFraction(burstMatchFraction));
        }

        private Memory(TemporalMemory.Builder options) {
            tm = options.columns(COLUMNS).cellsPerColumn(CELLS).connectivity(TemporalMemory.Connectivity.SEGMENTS)
                    .initialWeight(0.5).predictionThreshold(0.5).build();
            int segmentsPerCell = tm.getSegmentsPerCell();
            int synapsesPerSegment = tm.getSynapsesPerSegment();
            int segments = (int) tm.cellCount() * segmentsPerCell;
            presynaptic = new float[segments][synapsesPerSegment];
            for (float[] row : presynaptic) {
                Arrays.fill(row, Dendrites.NO_CELL);
            }
            recency = new float[segments];
            weights = new float[segments][synapsesPerSegment];
            bias = new float[segments];
            dendrites = new Dendrites(tm, 5, presynaptic, recency, new float[segments], new float[segments]);
        }

        /** One training step: the rule decides from the previous active cells (all at 1) and applies its growth. */
        Dendrites.Step step(int[] previousActive, int[] previousWinners, int... activeColumns) {
            Dendrites.Activity activity = new Dendrites.Activity(presynaptic.length);
            float[] ones = new float[previousActive.length];
            Arrays.fill(ones, 1f);
            dendrites.activate(previousActive, ones, previousActive.length, weights, bias, activity);
            float[] columns = new float[COLUMNS];
            for (int c : activeColumns) {
                columns[c] = 1f;
            }
            Dendrites.Step step = new Dendrites.Step();
            dendrites.decide(columns, activity, previousActive, previousActive.length, previousWinners,
                    previousWinners.length, step);
            dendrites.apply(new Dendrites.Step[] {step}, 0, 1, this);
            return step;
        }

        /** The cells predicted from the previous active cells. */
        int[] predicted(int... previousActive) {
            Dendrites.Activity activity = new Dendrites.Activity(presynaptic.length);
            float[] ones = new float[previousActive.length];
            Arrays.fill(ones, 1f);
            dendrites.activate(previousActive, ones, previousActive.length, weights, bias, activity);
            return java.util.stream.IntStream.range(0, activity.size()).filter(i -> dendrites.active(activity, i))
                    .map(i -> activity.segment(i) / tm.getSegmentsPerCell()).distinct().sorted().toArray();
        }

        int[] synapsesOf(int segment) {
            return java.util.stream.IntStream.range(0, presynaptic[segment].length)
                    .map(j -> (int) presynaptic[segment][j]).filter(c -> c != Dendrites.NO_CELL).sorted().toArray();
        }

        @Override
        public float weight(int segment, int synapse) {
            return weights[segment][synapse];
        }

        @Override
        public void synapseChanged(int segment, int synapse, float weight) {
            weights[segment][synapse] = weight;
        }

        @Override
        public void segmentReset(int segment) {
            bias[segment] = 0;
        }
    }

    private static int[] winnersOf(Dendrites.Step step) {
        return Arrays.copyOf(step.winners(), step.winnerCount());
    }

    @Test
    void aBurstWithoutPreviousWinnersGrowsNothing() {
        Memory m = new Memory(2, 4, 3, 0);
        Dendrites.Step step = m.step(new int[0], new int[0], 0, 1);
        assertEquals(2, step.winnerCount(), "one winner per bursting column");
        assertEquals(0, m.dendrites.segmentTotal());
    }

    @Test
    void aBurstGrowsExactlyOneSegmentOnTheLeastUsedCellTowardsThePreviousWinners() {
        Memory m = new Memory(2, 4, 3, 0);
        // cells 6 and 8 of column 2 already own a segment each (listening to cell 11): cell 7 is the least used
        m.presynaptic[6 * 2][0] = 11;
        m.presynaptic[8 * 2][0] = 11;
        m.recency[6 * 2] = 1;
        m.recency[8 * 2] = 1;
        m.dendrites.index();
        int[] previousWinners = {0, 4};
        Dendrites.Step step = m.step(new int[] {0, 1, 2, 3, 4, 5}, previousWinners, 2);
        assertArrayEquals(new int[] {7}, winnersOf(step), "the least used cell of the bursting column wins");
        assertEquals(3, m.dendrites.segmentTotal(), "exactly one new segment");
        assertEquals(1, m.dendrites.segments(7));
        assertArrayEquals(previousWinners, m.synapsesOf(7 * 2), "the new segment listens to the previous winners");
    }

    @Test
    void streamsOfOnePassThatBurstInTheSameContextGrowOneSegmentNotCopies() {
        // Two streams of a minibatch (two episodes of one clip) see the same step: both are decided against the
        // structure before the pass, so both ask for a new segment on the same least used cell.
        Memory m = new Memory(2, 4, 3, 0);
        int[] previousActive = {0, 1, 2, 3, 4, 5};
        int[] previousWinners = {0, 4};
        Dendrites.Step[] pass = new Dendrites.Step[2];
        for (int stream = 0; stream < 2; stream++) {
            Dendrites.Activity activity = new Dendrites.Activity(m.presynaptic.length);
            float[] ones = new float[previousActive.length];
            Arrays.fill(ones, 1f);
            m.dendrites.activate(previousActive, ones, previousActive.length, m.weights, m.bias, activity);
            pass[stream] = new Dendrites.Step();
            m.dendrites.decide(new float[] {0, 0, 1, 0}, activity, previousActive, previousActive.length,
                    previousWinners, previousWinners.length, pass[stream]);
        }
        assertArrayEquals(winnersOf(pass[0]), winnersOf(pass[1]), "both streams pick the same cell");
        m.dendrites.apply(pass, 0, 2, m);
        assertEquals(1, m.dendrites.segmentTotal(), "the second stream reinforces the first one's segment");
        assertArrayEquals(previousWinners, m.synapsesOf(winnersOf(pass[0])[0] * 2));
        assertArrayEquals(winnersOf(pass[0]), m.predicted(previousActive), "and the context predicts the cell");
    }

    @Test
    void streamsOfOneStepThatBurstInOtherContextsTakeCellsOfTheirOwn() {
        // Two episodes of different clips burst column 2 at the same step of a minibatch. Decided one after
        // another, the second would find the first one's new segment on the least used cell and take another
        // cell; so it must in one pass, or the two contexts would share a cell and merge from the next step on.
        Memory m = new Memory(2, 4, 3, 0);
        int[][] previousActive = {{0, 4}, {1, 5}};
        Dendrites.Step[] pass = new Dendrites.Step[2];
        m.dendrites.forgetClaims();
        for (int stream = 0; stream < 2; stream++) {
            Dendrites.Activity activity = new Dendrites.Activity(m.presynaptic.length);
            float[] ones = {1f, 1f};
            m.dendrites.activate(previousActive[stream], ones, 2, m.weights, m.bias, activity);
            pass[stream] = new Dendrites.Step();
            m.dendrites.decide(new float[] {0, 0, 1, 0}, activity, previousActive[stream], 2, previousActive[stream],
                    2, pass[stream]);
        }
        int first = winnersOf(pass[0])[0];
        int second = winnersOf(pass[1])[0];
        assertNotEquals(first, second, "each context gets a cell of its own");
        m.dendrites.apply(pass, 0, 2, m);
        assertArrayEquals(previousActive[0], m.synapsesOf(first * 2));
        assertArrayEquals(previousActive[1], m.synapsesOf(second * 2));
        assertArrayEquals(new int[] {first}, m.predicted(previousActive[0]));
        assertArrayEquals(new int[] {second}, m.predicted(previousActive[1]));
    }

    @Test
    void underTheBurstMatchASegmentWithFewActiveSynapsesLearnsInPlaceOfANewOne() {
        for (double burstMatch : new double[] {0, 0.25}) {
            Memory m = Memory.withBurstMatch(burstMatch);
            // cell 7 (column 2) holds a context of four cells; only one of them is active now (noise took the rest)
            float[] context = {0, 1, 3, 4};
            System.arraycopy(context, 0, m.presynaptic[7 * 2], 0, 4);
            Arrays.fill(m.weights[7 * 2], 0.5f);
            m.recency[7 * 2] = 1;
            m.dendrites.index();
            Dendrites.Step step = m.step(new int[] {0, 9}, new int[] {0, 9}, 2);
            if (burstMatch == 0) {
                // 1 of 4 is under the match fraction (2 of 4): HTM's rule grows a new segment on the least used cell
                assertEquals(2, m.dendrites.segmentTotal());
                assertNotEquals(7, winnersOf(step)[0]);
            } else {
                // 1 of 4 reaches a quarter: the cell keeps its context, and the segment learns the winners it missed
                assertArrayEquals(new int[] {7}, winnersOf(step));
                assertEquals(1, m.dendrites.segmentTotal());
                int[] synapses = m.synapsesOf(7 * 2);
                assertEquals(4, synapses.length, "a full segment makes room");
                assertTrue(Arrays.stream(synapses).anyMatch(c -> c == 9), "it grew to the winner it missed: "
                        + Arrays.toString(synapses));
            }
        }
    }

    @Test
    void aTransitionSeenOnceIsPredictedTheNextTime() {
        Memory m = new Memory(2, 4, 3, 0);
        Dendrites.Step first = m.step(new int[0], new int[0], 0);            // column 0 bursts, a winner in it
        int[] active0 = {0, 1, 2};                                          // its cells, bursting
        assertEquals(0, m.predicted(active0).length, "nothing predicted before the transition was seen");
        Dendrites.Step second = m.step(active0, winnersOf(first), 3);        // column 3 follows: a segment grows
        assertArrayEquals(winnersOf(second), m.predicted(active0), "the winner of column 3 is predicted from column 0");
        Dendrites.Step third = m.step(active0, winnersOf(first), 3);         // the second time, column 3 is predicted
        assertArrayEquals(winnersOf(second), winnersOf(third), "the predicted cell wins again");
        assertEquals(1, m.dendrites.segmentTotal(), "and nothing new grows");
    }

    @Test
    void aFullCellEvictsItsLeastRecentlyUsedSegment() {
        Memory m = new Memory(1, 4, 2, 0);
        // every cell of column 1 owns one segment, listening to column 3's cell 9
        for (int cell = 3; cell < 6; cell++) {
            m.presynaptic[cell][0] = 9;
            m.recency[cell] = 1;
        }
        m.dendrites.index();
        Dendrites.Step step = m.step(new int[] {0}, new int[] {0}, 1); // column 1 bursts from cell 0: no segment matches
        int winner = step.winner(0);
        assertTrue(winner >= 3 && winner < 6, "a cell of column 1 wins");
        assertArrayEquals(new int[] {0}, m.synapsesOf(winner), "its one segment slot now listens to cell 0");
        assertEquals(3, m.dendrites.segmentTotal(), "the cell still owns one segment");
    }

    @Test
    void aFullSegmentDropsItsWeakestSynapseToGrow() {
        Memory m = new Memory(1, 2, 2, 0);
        // cell 3 (column 1) listens to cells 0 and 6, 6 the weaker
        m.presynaptic[3][0] = 0;
        m.presynaptic[3][1] = 6;
        m.weights[3][0] = 2;
        m.weights[3][1] = 0.1f;
        m.recency[3] = 1;
        m.dendrites.index();
        m.step(new int[] {0}, new int[] {0, 9}, 1); // matches through cell 0; wants to grow towards 9
        assertArrayEquals(new int[] {0, 9}, m.synapsesOf(3), "the synapse to 6 made room for 9");
    }

    @Test
    void aReinforcedSegmentsUnusedSynapsesDecayAndArePruned() {
        Memory m = new Memory(1, 3, 3, 0.3);
        m.presynaptic[3][0] = 0;
        m.presynaptic[3][1] = 1;
        m.presynaptic[3][2] = 9;
        m.weights[3][0] = 1;
        m.weights[3][1] = 1;
        m.weights[3][2] = 0.5f;
        m.recency[3] = 1;
        m.dendrites.index();
        m.step(new int[] {0, 1}, new int[0], 1);
        assertEquals(0.2f, m.weights[3][2], 1e-6, "the synapse to the inactive cell 9 decays");
        assertEquals(1f, m.weights[3][0], "the synapses that saw activity keep their weight");
        m.step(new int[] {0, 1}, new int[0], 1);
        assertArrayEquals(new int[] {0, 1}, m.synapsesOf(3), "at 0 it is pruned");
    }

    /** How many cells of column 3 the active cells predict. */
    private static int threes(Memory m, int... active) {
        return (int) Arrays.stream(m.predicted(active)).filter(cell -> cell / CELLS == 3).count();
    }

    /** Column 0 bursts, then column 3 follows it: the segment that grows predicts column 3 from column 0's cells. */
    private static int[] learnZeroThenThree(Memory m, int[] zero) {
        Dendrites.Step first = m.step(new int[0], new int[0], 0);
        m.step(zero, winnersOf(first), 3);
        assertEquals(1, threes(m, zero), "the transition is predicted after one presentation");
        return winnersOf(first);
    }

    @Test
    void aSegmentWhoseColumnRarelyFollowsStopsPredictingUntilItFollowsAgain() {
        int[] zero = {0, 1, 2};
        Memory gated = Memory.withHitRate(0.4, 100);
        Memory plain = new Memory(2, 4, 3, 0);
        int[] gatedWinners = learnZeroThenThree(gated, zero);
        int[] plainWinners = learnZeroThenThree(plain, zero);
        gated.step(zero, gatedWinners, 2); // column 2 follows instead: a miss, hit rate 1/2
        plain.step(zero, plainWinners, 2);
        assertEquals(1, threes(gated, zero), "one miss in two visits keeps the prediction");
        gated.step(zero, gatedWinners, 1); // another miss: 1/3
        plain.step(zero, plainWinners, 1);
        assertEquals(0, threes(gated, zero), "below the minimum hit rate the segment stops predicting");
        assertEquals(1, threes(plain, zero), "without a minimum the segment predicts however often it missed");
        long segments = gated.dendrites.segmentTotal();
        gated.step(zero, gatedWinners, 3); // column 3 follows again: it bursts, a hit (2/4)
        assertEquals(segments, gated.dendrites.segmentTotal(),
                "the bursting column's best matching segment learns, none grows");
        assertEquals(1, threes(gated, zero), "the hit brings the prediction back");
    }

    @Test
    void theHitRateRemembersOnlyTheWindowsRecentVisits() {
        int[] zero = {0, 1, 2};
        Memory shortWindow = Memory.withHitRate(0.4, 4);
        Memory longWindow = Memory.withHitRate(0.4, 100);
        for (Memory m : new Memory[] {shortWindow, longWindow}) {
            int[] winners = learnZeroThenThree(m, zero);
            for (int i = 0; i < 20; i++) {
                m.step(zero, winners, 3);
            }
            for (int i = 0; i < 7; i++) {
                m.step(zero, winners, 1);
            }
        }
        assertEquals(0, threes(shortWindow, zero), "over 4 visits, 7 misses outweigh 20 hits");
        assertEquals(1, threes(longWindow, zero), "over 100 visits they do not");
    }

    @Test
    void theCandidatesGrownToAreTheFirstOfASort() {
        java.util.Random random = new java.util.Random(3);
        for (int n : new int[] {0, 1, 5, 20, 40, 1280}) {
            for (int k : new int[] {0, 1, 7, 20, 40}) {
                long[] keys = random.longs(n, 0, Long.MAX_VALUE).distinct().toArray();
                long[] sorted = keys.clone();
                Arrays.sort(sorted);
                int take = Math.min(k, keys.length);
                Dendrites.smallestFirst(keys, keys.length, take);
                assertArrayEquals(Arrays.copyOf(sorted, take), Arrays.copyOf(keys, take), n + " keys, " + k);
            }
        }
    }
}
