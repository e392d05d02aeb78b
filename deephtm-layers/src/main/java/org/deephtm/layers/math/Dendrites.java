package org.deephtm.layers.math;

import org.deephtm.layers.TemporalMemory;

import java.util.Arrays;

/**
 * HTM's dendritic segments as one structure, driven by the active cells, and the rule that grows
 * it: htm.core's {@code Connections} and the learning cases of its {@code TemporalMemory}
 * ({@code activatePredictedColumn}, {@code burstColumn}, {@code punishPredictedColumn}), for the
 * temporal memory's SEGMENTS connectivity. Both the SameDiff layer and the online engine use this
 * class, so the structure they grow is the same.
 *
 * <p>Cell {@code n} owns the segment slots {@code n S .. n S + S - 1} ({@code S} segments per
 * cell); slot {@code s} holds up to {@code M} synapses, {@code presynaptic[s][j]} the cell synapse
 * {@code j} listens to ({@value #NO_CELL} for none). A segment's excitation is
 * {@code z_s = h_s + sum_j G[s][j] a[presynaptic[s][j]]}; it <b>matches</b> when at least
 * {@code ceil(matchFraction * synapses)} of its synapses see an active cell, and is <b>active</b>
 * when it matches and {@code sigmoid(z_s) >= predictionThreshold}: a cell is predicted when one of
 * its segments is active, with the largest such sigmoid as its prediction.
 *
 * <p>What the rule owns (this class) and what the gradient owns (the weights {@code G}, {@code h}):
 * the rule decides which synapses exist, HTM's way, at each training step: in an active column
 * whose cells were predicted, the predicted cells win and their active segments learn; in an
 * active column nobody predicted (a burst), the cell of the best matching segment wins (matching at
 * {@code burstMatchFraction}, HTM's minThreshold, which may be lower than the match to predict), or else
 * the cell with the fewest segments, and a new segment grows on it; a learning segment grows
 * synapses to the previous step's winner cells (up to {@code newSynapses} that see an active
 * cell). Each new context gets its own cell at once, so context deepens by an element per
 * presentation, however long the sequence. The gradient then learns how much each segment's
 * context predicts its cell: the column prediction loss targets 1 for the learning segments of
 * active columns and 0 for the matching segments of inactive columns, so {@code sigmoid(z)}
 * becomes the probability that the cell's column follows the segment's context, and the
 * threshold turns unlikely predictions off. A column that is active but was not confidently
 * predicted bursts, which is HTM's reset of context where the sequence is not predictable.
 *
 * <p>The same probability, counted by the rule: with {@code minHitRate > 0} each segment keeps
 * its hits and visits (a visit: a training step at which it matched with {@code z} at the gate; a
 * hit: its column was active then), the visits capped at {@code hitRateWindow} with the hits scaled
 * alike. A segment is active only while {@code (hits + 1) / (visits + 1) >= minHitRate}, so a new
 * segment predicts at once, and one whose column follows it rarely (a noise symbol drawn from a
 * small set) stops predicting within a few visits, where the gradient needs hundreds of steps.
 *
 * <p>Dead synapses (weight at or below 0 on a segment that learns) are pruned, a segment left
 * without synapses is destroyed, a full segment makes room by dropping its weakest synapses, and a
 * full cell evicts its least recently used segment. Ties are broken by a hash of the layer's
 * seed, so the structure is a function of the seed and the stream. Structural changes are planned
 * during a training pass ({@link #decide}) and applied after its gradient ({@link #apply}): the
 * gradient is always that of the structure the forward pass used. The streams of a minibatch are
 * decided one after another at each step, each seeing the new segments the ones before it asked
 * for ({@link #forgetClaims} starts a step): a context new to the step takes a cell nobody took,
 * and a context another stream already brought takes that stream's cell, as if the streams had
 * run one after another.
 */
public final class Dendrites {

    public static final int NO_CELL = -1;

    private final int cellsPerColumn;
    private final int cells;
    private final int perCell;
    private final int perSegment;
    private final int newSynapses;
    private final double matchFraction;
    private final double burstMatchFraction; // HTM's minThreshold, as a share: a bursting column's candidates
    private final float initialWeight;
    private final float synapseDecay;
    /** {@code logit(predictionThreshold)}: a segment is active when {@code z >= gateLogit}. */
    private final float gateLogit;
    /** A segment is active only while its hit rate reaches this; 0: always. */
    private final float minHitRate;
    private final float hitRateWindow;
    private final long seed;

    /** Each synapse's presynaptic cell as a float (the layer's state parameter), one row per segment. */
    private final float[][] presynaptic;
    /** Each segment's recency rank in its cell (the layer's state parameter): 1 the most recent, 0 an empty slot. */
    private final float[] recency;
    /** Each segment's hits and visits (the layer's state parameters), for {@code minHitRate}. */
    private final float[] hits;
    private final float[] visits;

    private final int[] synapseCount;
    private final int[] segmentCount;
    /** For each cell, the synapses it feeds, as {@code segment * M + j}. */
    private final int[][] outgoing;
    private final int[] outgoingCount;

    // scratch for decide(), per column, reset by stamping
    private final int[] columnStamp;
    private final boolean[] columnPredicted;
    private final int[] bestSegment;
    private final int[] bestCount;
    private final int[] bestIndex;
    private int stamp;
    private final boolean[] isWinner;
    /** Scratch: cells marked by the apply step (the previous active cells, or a segment's presynaptic cells). */
    private final boolean[] marked;
    /** Scratch of {@link #grow}: the candidates' keys. */
    private long[] candidates = new long[64];

    // The new segments decided at this step for the streams decided so far (forgotten by
    // forgetClaims, at each step): claim k asked for a segment on claimCell[k] towards the winners
    // claimContext[claimFrom[k] .. claimFrom[k + 1]); the claims of column c chain from claimHead[c].
    // The buffers grow to the largest step's needs and are reused: nothing is allocated per step.
    private int claimCount;
    private int[] claimCell = new int[16];
    private int[] claimNext = new int[16];
    private int[] claimFrom = new int[17];
    private int[] claimContext = new int[256];
    private final int[] claimHead;
    /** New segments decided at this step per cell, which the least used cell counts as if grown. */
    private final int[] claimed;

    public Dendrites(TemporalMemory tm, long seed, float[][] presynaptic, float[] recency, float[] hits,
            float[] visits) {
        this.cellsPerColumn = tm.getCellsPerColumn();
        this.cells = (int) tm.cellCount();
        this.perCell = tm.getSegmentsPerCell();
        this.perSegment = tm.getSynapsesPerSegment();
        this.newSynapses = tm.getNewSynapses();
        this.matchFraction = tm.getMatchFraction();
        this.burstMatchFraction = tm.getBurstMatchFraction() > 0 ? tm.getBurstMatchFraction() : matchFraction;
        this.initialWeight = (float) tm.getInitialWeight();
        this.synapseDecay = (float) tm.getSynapseDecay();
        double p = tm.getPredictionThreshold();
        this.gateLogit = (float) Math.log(p / (1 - p));
        this.minHitRate = (float) tm.getMinHitRate();
        this.hitRateWindow = tm.getHitRateWindow();
        this.seed = seed;
        int segments = cells * perCell;
        if (presynaptic.length != segments || recency.length != segments || hits.length != segments
                || visits.length != segments) {
            throw new IllegalArgumentException("the structure of " + tm.describe() + " needs " + segments
                    + " segments, got " + presynaptic.length + ", " + recency.length + ", " + hits.length + " and "
                    + visits.length);
        }
        this.presynaptic = presynaptic;
        this.recency = recency;
        this.hits = hits;
        this.visits = visits;
        this.synapseCount = new int[segments];
        this.segmentCount = new int[cells];
        this.outgoing = new int[cells][];
        this.outgoingCount = new int[cells];
        int columns = (int) tm.getColumns();
        this.columnStamp = new int[columns];
        this.columnPredicted = new boolean[columns];
        this.bestSegment = new int[columns];
        this.bestCount = new int[columns];
        this.bestIndex = new int[columns];
        this.isWinner = new boolean[cells];
        this.marked = new boolean[cells];
        this.claimHead = new int[columns];
        Arrays.fill(claimHead, -1);
        this.claimed = new int[cells];
        index();
    }

    /** Rebuilds what is derived from the structure: synapse and segment counts, the presynaptic index. */
    public void index() {
        Arrays.fill(segmentCount, 0);
        Arrays.fill(outgoingCount, 0);
        for (int s = 0; s < presynaptic.length; s++) {
            int n = 0;
            for (int j = 0; j < perSegment; j++) {
                int cell = (int) presynaptic[s][j];
                if (cell != NO_CELL) {
                    addOutgoing(cell, s * perSegment + j);
                    n++;
                }
            }
            synapseCount[s] = n;
            if (recency[s] != 0) {
                segmentCount[s / perCell]++;
            }
        }
    }

    public int segmentsPerCell() {
        return perCell;
    }

    public int synapsesPerSegment() {
        return perSegment;
    }

    /** The presynaptic cell of synapse {@code j} of segment {@code s}, or {@value #NO_CELL}. */
    public int presynapticCell(int s, int j) {
        return (int) presynaptic[s][j];
    }

    public int synapses(int s) {
        return synapseCount[s];
    }

    /** Segments cell {@code cell} owns. */
    public int segments(int cell) {
        return segmentCount[cell];
    }

    /** All segments of the memory. */
    public long segmentTotal() {
        long n = 0;
        for (int c : segmentCount) {
            n += c;
        }
        return n;
    }

    /** All synapses of the memory. */
    public long synapseTotal() {
        long n = 0;
        for (int c : synapseCount) {
            n += c;
        }
        return n;
    }

    /** The active synapses segment {@code s} needs to match: {@code ceil(matchFraction * synapses)}, at least 1. */
    public int threshold(int s) {
        return threshold(s, matchFraction);
    }

    public boolean matches(int s, int activeSynapses) {
        return synapseCount[s] > 0 && activeSynapses >= threshold(s);
    }

    /** Whether segment {@code s} may learn in a bursting column: {@code ceil(burstMatchFraction * synapses)}. */
    private boolean matchesInBurst(int s, int activeSynapses) {
        return synapseCount[s] > 0 && activeSynapses >= threshold(s, burstMatchFraction);
    }

    /** {@code ceil(fraction * synapses of s)}, at least 1 (the tolerance keeps 0.3 * 10 at 3, not 4). */
    private int threshold(int s, double fraction) {
        return Math.max(1, (int) Math.ceil(fraction * synapseCount[s] - 1e-9));
    }

    /** The excitation a segment needs to be active (given that it matches): {@code logit(predictionThreshold)}. */
    public float gateLogit() {
        return gateLogit;
    }

    // ------------------------------------------------------------------ activity

    /**
     * The segments the active cells reach, each with the count of its synapses that see an active
     * cell and its excitation {@code z = h + sum G a}, in the order the active cells reach them.
     */
    public static final class Activity {
        private final int[] position;
        int[] segment = new int[256];
        int[] count = new int[256];
        float[] excitation = new float[256];
        int size;

        public Activity(int segments) {
            position = new int[segments];
            Arrays.fill(position, -1);
        }

        public int size() {
            return size;
        }

        public int segment(int i) {
            return segment[i];
        }

        public int count(int i) {
            return count[i];
        }

        public float excitation(int i) {
            return excitation[i];
        }

        /** Sets the excitation of every listed segment from a dense row of excitations (the SameDiff graph's). */
        public void excitationsFrom(float[] dense) {
            for (int i = 0; i < size; i++) {
                excitation[i] = dense[segment[i]];
            }
        }

        void clear() {
            for (int i = 0; i < size; i++) {
                position[segment[i]] = -1;
            }
            size = 0;
        }

        private int slot(int s, float bias) {
            int i = position[s];
            if (i < 0) {
                if (size == segment.length) {
                    int n = 2 * size;
                    segment = Arrays.copyOf(segment, n);
                    count = Arrays.copyOf(count, n);
                    excitation = Arrays.copyOf(excitation, n);
                }
                i = size++;
                position[s] = i;
                segment[i] = s;
                count[i] = 0;
                excitation[i] = bias;
            }
            return i;
        }
    }

    /**
     * The activity the {@code count} active cells (ascending, with their values) cause, into
     * {@code out}. With {@code weights} null only the counts are computed (the SameDiff graph
     * computes the excitations).
     *
     * @param weights G, one row per segment; or null
     * @param bias    h, one entry per segment; or null
     */
    public void activate(int[] activeCells, float[] values, int count, float[][] weights, float[] bias, Activity out) {
        out.clear();
        for (int a = 0; a < count; a++) {
            int cell = activeCells[a];
            float value = values[a];
            int[] feeds = outgoing[cell];
            for (int k = 0; k < outgoingCount[cell]; k++) {
                int position = feeds[k];
                int s = position / perSegment;
                int i = out.slot(s, bias == null ? 0f : bias[s]);
                out.count[i]++;
                if (weights != null) {
                    out.excitation[i] += weights[s][position % perSegment] * value;
                }
            }
        }
    }

    /** Whether entry {@code i} of {@code activity} is an active segment. */
    public boolean active(Activity activity, int i) {
        int s = activity.segment[i];
        return matches(s, activity.count[i]) && fires(s, activity.excitation[i]);
    }

    /** Whether a matching segment with excitation {@code z} is active: z at the gate, its hit rate at the minimum. */
    private boolean fires(int s, float z) {
        return z >= gateLogit && (minHitRate == 0 || hitRate(s) >= minHitRate);
    }

    /** {@code (hits + 1) / (visits + 1)}: 1 for a new segment. In float, as the SameDiff graph computes it. */
    private float hitRate(int s) {
        return (hits[s] + 1f) / (visits[s] + 1f);
    }

    // ------------------------------------------------------------------ the learning rule

    /**
     * What one step of one stream decided: its winner cells (ascending), the segments whose
     * column prediction loss counts with their targets, and the structure to grow once the
     * gradient is taken.
     */
    public static final class Step {
        int[] winners = new int[64];
        int winnerCount;
        int[] targetSegment = new int[64];
        float[] target = new float[64];
        float[] targetExcitation = new float[64];
        int targetCount;
        int[] growSegment = new int[64];
        int[] growWanted = new int[64];
        int growCount;
        int[] newSegmentCell = new int[64];
        int newCount;
        int[] previousWinners = new int[64];
        int previousWinnerCount;
        /** Segments whose dead synapses are pruned: those that learned. */
        int[] learned = new int[64];
        int learnedCount;
        /** Segments that learned towards their cell (target 1): their synapses to cells that were not active decay. */
        int[] reinforced = new int[64];
        int reinforcedCount;
        /** The cells active at the step before, ascending. */
        int[] previousActive = new int[64];
        int previousActiveCount;
        /** Segments visited (for minHitRate), and whether their column was active: 1 a hit, 0 a miss. */
        int[] visitSegment = new int[64];
        float[] visitHit = new float[64];
        int visitCount;

        public int winnerCount() {
            return winnerCount;
        }

        public int winner(int i) {
            return winners[i];
        }

        public int[] winners() {
            return winners;
        }

        public int targetCount() {
            return targetCount;
        }

        public int targetSegment(int i) {
            return targetSegment[i];
        }

        public float target(int i) {
            return target[i];
        }

        /** The excitation z of target {@code i}'s segment at this step. */
        public float targetExcitation(int i) {
            return targetExcitation[i];
        }

        /** Decides nothing: no winners, targets or growth (a padded step). */
        public void clear() {
            winnerCount = targetCount = growCount = newCount = previousWinnerCount = learnedCount = 0;
            reinforcedCount = previousActiveCount = visitCount = 0;
        }

        private void addWinner(int cell) {
            winners = grown(winners, winnerCount);
            winners[winnerCount++] = cell;
        }

        private void addTarget(int s, float t, float z) {
            targetSegment = grown(targetSegment, targetCount);
            target = grown(target, targetCount);
            targetExcitation = grown(targetExcitation, targetCount);
            targetSegment[targetCount] = s;
            targetExcitation[targetCount] = z;
            target[targetCount++] = t;
            learned = grown(learned, learnedCount);
            learned[learnedCount++] = s;
            if (t == 1f) {
                reinforced = grown(reinforced, reinforcedCount);
                reinforced[reinforcedCount++] = s;
            }
        }

        private void addGrowth(int s, int wanted) {
            growSegment = grown(growSegment, growCount);
            growWanted = grown(growWanted, growCount);
            growSegment[growCount] = s;
            growWanted[growCount++] = wanted;
        }

        private void addVisit(int s, boolean hit) {
            visitSegment = grown(visitSegment, visitCount);
            visitHit = grown(visitHit, visitCount);
            visitSegment[visitCount] = s;
            visitHit[visitCount++] = hit ? 1f : 0f;
        }

        private void addNewSegment(int cell) {
            newSegmentCell = grown(newSegmentCell, newCount);
            newSegmentCell[newCount++] = cell;
        }
    }

    /**
     * HTM's learning cases for one step of one stream. {@code activity} is the step's activity,
     * from the previous step's active cells.
     *
     * @param columnActivity  the spatial pooler's row: a column is active where it is not 0
     * @param previousActive  the previous step's active cells, ascending, {@code previousActiveCount} of them
     * @param previousWinners the previous step's winner cells, {@code previousWinnerCount} of them
     */
    public void decide(float[] columnActivity, Activity activity, int[] previousActive, int previousActiveCount,
            int[] previousWinners, int previousWinnerCount, Step out) {
        out.clear();
        out.previousActive = grownTo(out.previousActive, previousActiveCount);
        System.arraycopy(previousActive, 0, out.previousActive, 0, previousActiveCount);
        out.previousActiveCount = previousActiveCount;
        out.previousWinners = grownTo(out.previousWinners, previousWinnerCount);
        System.arraycopy(previousWinners, 0, out.previousWinners, 0, previousWinnerCount);
        out.previousWinnerCount = previousWinnerCount;
        int mark = ++stamp;
        int[] bestIndex = this.bestIndex;
        int perColumn = cellsPerColumn * perCell;
        for (int i = 0; i < activity.size; i++) {
            int s = activity.segment[i];
            int c = s / perColumn;
            if (columnStamp[c] != mark) {
                columnStamp[c] = mark;
                columnPredicted[c] = false;
                bestSegment[c] = -1;
                bestCount[c] = 0;
            }
            int n = activity.count[i];
            boolean matches = matches(s, n);
            if (!matches && !matchesInBurst(s, n)) {
                continue;
            }
            columnPredicted[c] |= matches && fires(s, activity.excitation[i]);
            if (n > bestCount[c] || (n == bestCount[c] && s < bestSegment[c])) {
                bestCount[c] = n;
                bestSegment[c] = s;
                bestIndex[c] = i;
            }
        }
        // predicted active columns: their active segments learn and their cells win; elsewhere matching segments are punished
        for (int i = 0; i < activity.size; i++) {
            int s = activity.segment[i];
            int c = s / perColumn;
            if (!matches(s, activity.count[i])) {
                continue;
            }
            boolean columnActive = columnActivity[c] != 0;
            if (minHitRate > 0 && activity.excitation[i] >= gateLogit) {
                out.addVisit(s, columnActive);
            }
            if (!columnActive) {
                out.addTarget(s, 0f, activity.excitation[i]);
            } else if (columnPredicted[c] && fires(s, activity.excitation[i])) {
                out.addTarget(s, 1f, activity.excitation[i]);
                int cell = s / perCell;
                if (!isWinner[cell]) {
                    isWinner[cell] = true;
                    out.addWinner(cell);
                }
                out.addGrowth(s, newSynapses - activity.count[i]);
            }
        }
        // bursting columns: the best matching segment's cell wins and learns, or the least used cell grows a segment
        for (int c = 0; c < columnActivity.length; c++) {
            if (columnActivity[c] == 0 || (columnStamp[c] == mark && columnPredicted[c])) {
                continue;
            }
            int best = columnStamp[c] == mark ? bestSegment[c] : -1;
            int cell;
            if (best >= 0) {
                cell = best / perCell;
                out.addTarget(best, 1f, activity.excitation[bestIndex[c]]);
                out.addGrowth(best, newSynapses - bestCount[c]);
            } else {
                // The streams of a minibatch are decided against the structure before the pass. A stream
                // that asks for a new segment here after another did at this step in the same context gets
                // the other's cell, and in another context a cell of its own, as if the streams had run
                // one after another.
                cell = claimedInContext(c, previousActive, previousActiveCount);
                if (cell < 0) {
                    cell = leastUsedCell(c);
                }
                if (previousWinnerCount > 0) {
                    out.addNewSegment(cell);
                    claim(c, cell, previousWinners, previousWinnerCount);
                }
            }
            if (!isWinner[cell]) {
                isWinner[cell] = true;
                out.addWinner(cell);
            }
        }
        for (int w = 0; w < out.winnerCount; w++) {
            isWinner[out.winners[w]] = false;
        }
        Arrays.sort(out.winners, 0, out.winnerCount);
    }

    /**
     * The cell of a new segment decided earlier at this step in column {@code c} whose context the
     * previous active cells match as a segment must in a burst ({@code burstMatchFraction} of the
     * winners it grows towards), the best matching one; -1 if none.
     */
    private int claimedInContext(int c, int[] previousActive, int previousActiveCount) {
        int best = -1;
        double bestShare = 0;
        if (claimHead[c] < 0) {
            return best;
        }
        mark(previousActive, previousActiveCount, true);
        for (int k = claimHead[c]; k >= 0; k = claimNext[k]) {
            int n = 0;
            for (int i = claimFrom[k]; i < claimFrom[k + 1]; i++) {
                if (marked[claimContext[i]]) {
                    n++;
                }
            }
            double share = (double) n / (claimFrom[k + 1] - claimFrom[k]);
            if (share >= burstMatchFraction - 1e-9 && share > bestShare) {
                best = claimCell[k];
                bestShare = share;
            }
        }
        mark(previousActive, previousActiveCount, false);
        return best;
    }

    private void claim(int c, int cell, int[] previousWinners, int previousWinnerCount) {
        if (claimCount == claimCell.length) {
            claimCell = Arrays.copyOf(claimCell, 2 * claimCount);
            claimNext = Arrays.copyOf(claimNext, 2 * claimCount);
            claimFrom = Arrays.copyOf(claimFrom, 2 * claimCount + 1);
        }
        int from = claimFrom[claimCount];
        if (from + previousWinnerCount > claimContext.length) {
            claimContext = Arrays.copyOf(claimContext, 2 * (from + previousWinnerCount));
        }
        System.arraycopy(previousWinners, 0, claimContext, from, previousWinnerCount);
        claimFrom[claimCount + 1] = from + previousWinnerCount;
        claimCell[claimCount] = cell;
        claimNext[claimCount] = claimHead[c];
        claimHead[c] = claimCount++;
        claimed[cell]++;
    }

    /**
     * Forgets the new segments decided so far: callers start each step with this, before deciding
     * its streams. Only the streams of one step see each other's, since a prediction decides one
     * step at a time and must decide as the training pass does.
     */
    public void forgetClaims() {
        for (int k = 0; k < claimCount; k++) {
            claimed[claimCell[k]] = 0;
            claimHead[claimCell[k] / cellsPerColumn] = -1;
        }
        claimCount = 0;
    }

    /**
     * The cell of column {@code c} with the fewest segments, counting those decided at this step;
     * ties by the seed's hash of the column and its segments.
     */
    private int leastUsedCell(int c) {
        int first = c * cellsPerColumn;
        int fewest = Integer.MAX_VALUE;
        int ties = 0;
        int inColumn = 0;
        for (int k = 0; k < cellsPerColumn; k++) {
            int n = segmentCount[first + k] + claimed[first + k];
            inColumn += n;
            if (n < fewest) {
                fewest = n;
                ties = 1;
            } else if (n == fewest) {
                ties++;
            }
        }
        int pick = (int) Long.remainderUnsigned(mix(seed, c, inColumn), ties);
        for (int k = 0; k < cellsPerColumn; k++) {
            if (segmentCount[first + k] + claimed[first + k] == fewest && pick-- == 0) {
                return first + k;
            }
        }
        throw new IllegalStateException("no least used cell in column " + c);
    }

    // ------------------------------------------------------------------ growth, after the gradient

    /** How a structural change reaches the weights and the gradient waiting to be applied to them. */
    public interface Weights {
        float weight(int segment, int synapse);

        /** A synapse was created or destroyed: its weight becomes {@code weight}, its pending gradient 0. */
        void synapseChanged(int segment, int synapse, float weight);

        /** A segment was created or destroyed: its bias becomes 0, its pending gradient 0. */
        void segmentReset(int segment);
    }

    /**
     * Applies what {@code steps} decided, in order (the steps of a training pass, stream by stream
     * within a step): counts the segments' visits, prunes dead synapses of the segments that
     * learned, grows synapses on learning segments and new segments on bursting winners, and
     * updates the segments' recency.
     */
    public void apply(Step[] steps, int from, int to, Weights weights) {
        for (int r = from; r < to; r++) {
            Step step = steps[r];
            countVisits(step);
            decay(step, weights);
            for (int i = 0; i < step.learnedCount; i++) {
                prune(step.learned[i], weights);
            }
            for (int i = 0; i < step.growCount; i++) {
                int s = step.growSegment[i];
                if (recency[s] != 0) { // an earlier step of this pass may have destroyed it
                    grow(s, step, step.growWanted[i], weights);
                    touch(s);
                }
            }
            for (int i = 0; i < step.newCount; i++) {
                int cell = step.newSegmentCell[i];
                if (!growMatching(cell, step, weights)) {
                    grow(newSegment(cell, weights), step, Math.min(newSynapses, step.previousWinnerCount), weights);
                }
            }
        }
    }

    /**
     * Grows the segment of {@code cell} that already matches the step's previous active cells (as a
     * segment must to learn in a burst), if one does, and says whether it did. The rule decides
     * every stream of a pass against the structure as it was before the pass, so streams that burst
     * the same column in the same context (episodes of one clip in a minibatch) all ask for a new
     * segment on the same cell ({@link #claimedInContext}): the first grows it and the others
     * reinforce it, as they would have had they run one after another, instead of filling the cell
     * with copies that evict the segments it had. Online, where each step is applied before the
     * next is decided, no such segment exists.
     */
    private boolean growMatching(int cell, Step step, Weights weights) {
        mark(step.previousActive, step.previousActiveCount, true);
        int best = -1;
        int bestCount = 0;
        for (int s = cell * perCell; s < (cell + 1) * perCell; s++) {
            if (recency[s] == 0) {
                continue;
            }
            int n = 0;
            for (int j = 0; j < perSegment; j++) {
                int presynapticCell = (int) presynaptic[s][j];
                if (presynapticCell != NO_CELL && marked[presynapticCell]) {
                    n++;
                }
            }
            if (matchesInBurst(s, n) && n > bestCount) {
                best = s;
                bestCount = n;
            }
        }
        mark(step.previousActive, step.previousActiveCount, false);
        if (best < 0) {
            return false;
        }
        grow(best, step, newSynapses - bestCount, weights);
        touch(best);
        return true;
    }

    /** Adds a step's visits to the segments' counts, scaling both down to keep at most {@code hitRateWindow} visits. */
    private void countVisits(Step step) {
        for (int i = 0; i < step.visitCount; i++) {
            int s = step.visitSegment[i];
            if (recency[s] == 0) { // an earlier step of this pass may have destroyed it
                continue;
            }
            hits[s] += step.visitHit[i];
            visits[s] += 1;
            if (visits[s] > hitRateWindow) {
                hits[s] *= hitRateWindow / visits[s];
                visits[s] = hitRateWindow;
            }
        }
    }

    /**
     * HTM's permanence decrement, as the rule's share of a weight: the synapses of a reinforced
     * segment whose cells were not active lose {@code synapseDecay}. The gradient cannot do this:
     * a synapse that sees no activity gets no gradient, so a synapse grown towards a context the
     * segment does not need would otherwise stay, and let the segment match where it should not.
     */
    private void decay(Step step, Weights weights) {
        if (synapseDecay == 0 || step.reinforcedCount == 0) {
            return;
        }
        mark(step.previousActive, step.previousActiveCount, true);
        for (int i = 0; i < step.reinforcedCount; i++) {
            int s = step.reinforced[i];
            for (int j = 0; j < perSegment && recency[s] != 0; j++) {
                int cell = (int) presynaptic[s][j];
                if (cell != NO_CELL && !marked[cell]) {
                    weights.synapseChanged(s, j, weights.weight(s, j) - synapseDecay);
                }
            }
        }
        mark(step.previousActive, step.previousActiveCount, false);
    }

    private void mark(int[] cellList, int count, boolean value) {
        for (int i = 0; i < count; i++) {
            marked[cellList[i]] = value;
        }
    }

    private void prune(int s, Weights weights) {
        if (recency[s] == 0) {
            return;
        }
        for (int j = 0; j < perSegment; j++) {
            if (presynaptic[s][j] != NO_CELL && weights.weight(s, j) <= 0) {
                removeSynapse(s, j, weights);
            }
        }
        if (synapseCount[s] == 0) {
            destroySegment(s, weights);
        }
    }

    /** Grows up to {@code wanted} synapses on {@code s} to the step's previous winners it does not yet listen to. */
    private void grow(int s, Step step, int wanted, Weights weights) {
        if (wanted <= 0) { // a segment with enough matching synapses grows none
            return;
        }
        markPresynaptic(s, true);
        if (candidates.length < step.previousWinnerCount) {
            candidates = new long[Math.max(step.previousWinnerCount, 2 * candidates.length)];
        }
        long[] order = candidates;
        int n = 0;
        for (int w = 0; w < step.previousWinnerCount; w++) {
            int cell = step.previousWinners[w];
            if (!marked[cell]) {
                // the candidates in the order of the seed's hash (HTM samples the previous winners at random):
                // 43 bits of the hash above the winner's index, a non-negative key
                order[n++] = (mix(seed, s, cell) >>> 21) << 20 | w;
            }
        }
        markPresynaptic(s, false);
        int grow = Math.min(wanted, n);
        if (grow <= 0) {
            return;
        }
        int overrun = synapseCount[s] + grow - perSegment;
        if (overrun > 0) {
            removeWeakest(s, overrun, weights);
        }
        grow = Math.min(grow, perSegment - synapseCount[s]);
        smallestFirst(order, n, grow);
        int j = 0;
        for (int i = 0; i < grow; i++) {
            while (presynaptic[s][j] != NO_CELL) {
                j++;
            }
            int cell = step.previousWinners[(int) (order[i] & 0xFFFFF)];
            presynaptic[s][j] = cell;
            synapseCount[s]++;
            addOutgoing(cell, s * perSegment + j);
            weights.synapseChanged(s, j, initialWeight);
        }
    }

    /**
     * Moves the {@code k} smallest of the distinct {@code keys[0, n)} to {@code keys[0, k)}, in
     * increasing order: the first {@code k} of a sort, at about the cost of one pass when {@code k}
     * is small (a segment grows a few synapses, and a blurred context can have a thousand winners).
     */
    static void smallestFirst(long[] keys, int n, int k) {
        if (k <= 0) {
            return;
        }
        for (int i = 1; i < k; i++) { // the first k, sorted by insertion
            insert(keys, i, keys[i]);
        }
        for (int i = k; i < n; i++) {
            if (keys[i] < keys[k - 1]) {
                long key = keys[i];
                keys[i] = keys[k - 1];
                insert(keys, k - 1, key);
            }
        }
    }

    /** Places {@code key} into the sorted {@code keys[0, end)}, shifting the larger ones up to {@code end}. */
    private static void insert(long[] keys, int end, long key) {
        int i = end;
        while (i > 0 && keys[i - 1] > key) {
            keys[i] = keys[i - 1];
            i--;
        }
        keys[i] = key;
    }

    private void markPresynaptic(int s, boolean value) {
        for (int j = 0; j < perSegment; j++) {
            if (presynaptic[s][j] != NO_CELL) {
                marked[(int) presynaptic[s][j]] = value;
            }
        }
    }

    /** Removes the {@code count} synapses of {@code s} with the smallest weights (ties: the first). */
    private void removeWeakest(int s, int count, Weights weights) {
        for (int k = 0; k < count && synapseCount[s] > 0; k++) {
            int weakest = -1;
            float smallest = Float.POSITIVE_INFINITY;
            for (int j = 0; j < perSegment; j++) {
                if (presynaptic[s][j] != NO_CELL && weights.weight(s, j) < smallest) {
                    smallest = weights.weight(s, j);
                    weakest = j;
                }
            }
            removeSynapse(s, weakest, weights);
        }
    }

    /** A new segment on {@code cell}: an empty slot, or the slot of its least recently used segment. */
    private int newSegment(int cell, Weights weights) {
        int first = cell * perCell;
        int slot = -1;
        for (int k = 0; k < perCell && slot < 0; k++) {
            if (recency[first + k] == 0) {
                slot = first + k;
            }
        }
        if (slot < 0) {
            for (int k = 0; k < perCell; k++) {
                if (recency[first + k] == perCell) {
                    slot = first + k;
                }
            }
            destroySegment(slot, weights);
        }
        for (int k = 0; k < perCell; k++) {
            if (recency[first + k] != 0) {
                recency[first + k]++;
            }
        }
        recency[slot] = 1;
        hits[slot] = 0;
        visits[slot] = 0;
        segmentCount[cell]++;
        weights.segmentReset(slot);
        return slot;
    }

    /** Makes {@code s} its cell's most recently used segment. */
    private void touch(int s) {
        float rank = recency[s];
        int first = s / perCell * perCell;
        for (int k = 0; k < perCell; k++) {
            float r = recency[first + k];
            if (r != 0 && r < rank) {
                recency[first + k] = r + 1;
            }
        }
        recency[s] = 1;
    }

    private void destroySegment(int s, Weights weights) {
        for (int j = 0; j < perSegment; j++) {
            if (presynaptic[s][j] != NO_CELL) {
                removeSynapse(s, j, weights);
            }
        }
        float rank = recency[s];
        int first = s / perCell * perCell;
        for (int k = 0; k < perCell; k++) {
            if (recency[first + k] > rank) {
                recency[first + k]--;
            }
        }
        recency[s] = 0;
        segmentCount[s / perCell]--;
        weights.segmentReset(s);
    }

    private void removeSynapse(int s, int j, Weights weights) {
        int cell = (int) presynaptic[s][j];
        int position = s * perSegment + j;
        int[] feeds = outgoing[cell];
        int at = Arrays.binarySearch(feeds, 0, outgoingCount[cell], position);
        System.arraycopy(feeds, at + 1, feeds, at, outgoingCount[cell] - at - 1);
        outgoingCount[cell]--;
        presynaptic[s][j] = NO_CELL;
        synapseCount[s]--;
        weights.synapseChanged(s, j, 0f);
    }

    /**
     * Adds a synapse to the list of those {@code cell} feeds, kept in ascending order: the order in
     * which {@link #activate} sums a segment's inputs is then a function of the structure alone, the
     * same after a save and restore (which rebuilds the lists) as in the run that grew them.
     */
    private void addOutgoing(int cell, int position) {
        int[] feeds = outgoing[cell];
        int n = outgoingCount[cell];
        if (feeds == null) {
            feeds = new int[4];
        } else if (n == feeds.length) {
            feeds = Arrays.copyOf(feeds, 2 * feeds.length);
        }
        int at = -Arrays.binarySearch(feeds, 0, n, position) - 1;
        System.arraycopy(feeds, at, feeds, at + 1, n - at);
        feeds[at] = position;
        outgoingCount[cell] = n + 1;
        outgoing[cell] = feeds;
    }

    /** A 64-bit hash of the seed and two numbers (splitmix64's finaliser): the rule's dice. */
    static long mix(long seed, long a, long b) {
        long z = seed + 0x9E3779B97F4A7C15L * (a + 1) + 0xC2B2AE3D27D4EB4FL * (b + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static int[] grown(int[] a, int size) {
        return size < a.length ? a : Arrays.copyOf(a, 2 * a.length);
    }

    private static float[] grown(float[] a, int size) {
        return size < a.length ? a : Arrays.copyOf(a, 2 * a.length);
    }

    private static int[] grownTo(int[] a, int size) {
        return size <= a.length ? a : Arrays.copyOf(a, Math.max(size, 2 * a.length));
    }
}
