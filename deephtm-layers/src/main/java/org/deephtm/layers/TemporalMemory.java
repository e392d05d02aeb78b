package org.deephtm.layers;

import org.deephtm.layers.runtime.HtmLayerRuntime;
import org.deephtm.layers.runtime.TemporalMemoryRuntime;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.InputTypeUtil;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;
import java.util.Set;

/**
 * HTM's temporal memory as a recurrent DL4J layer: columns of cells that learn sequence context,
 * burst when surprised, and give an anomaly score.
 *
 * <p>{@link Connectivity#DENSE} (the default, for small memories) connects every cell to every cell
 * through one matrix whose weights are learned by backpropagation:
 * <pre>
 *   pi_t = sigmoid(a_{t-1} . D + e)                          predictive cells   [b, C*K]
 *   p_t  = max_k pi_t[:, c, k]                               column prediction  [b, C]
 *   a_t  = s_t[:, :, None] * (pi_t + (1 - p_t)[:, :, None])   active cells: predicted, or burst
 *   A_t  = 1 - sum_c [s_t != 0] p_t / sum_c [s_t != 0]        anomaly score      [b]
 *   y_t  = sigmoid(a_t . D + e)  (PREDICTIVE)  or  a_t  (ACTIVE)
 * </pre>
 * {@link Connectivity#SEGMENTS} predicts a cell through HTM's dendritic segments, at HTM's scale
 * (2048 columns x 32 cells): HTM's rule ({@code layers.math.Dendrites}) grows and prunes the
 * synapses, the gradient learns their weights; {@code docs/temporal-memory.md} gives its math.
 *
 * <p>Input: the spatial pooler's columns over time {@code [minibatch, columns, time]}; output: cells
 * over time {@code [minibatch, columns*cellsPerColumn, time]} (one more row, the anomaly score,
 * with {@code anomalyOutput}). The state {@code a_{t-1}} is carried across calls like DL4J's
 * recurrent layers: {@code rnnTimeStep} continues from it, {@code rnnClearPreviousState} zeroes it,
 * truncated BPTT carries it between segments. The anomaly scores of the last
 * forward pass are read from {@link TemporalMemoryRuntime#anomalyScores()}. The math, forward beside
 * backward, is {@code TemporalMemoryMath}; the runtime steps it over time.
 *
 * <p>With {@code columnPredictionLoss > 0} the layer adds an activity regulariser,
 * {@code lambda * mean_t BCE(p_t, [s_t != 0])} per example (see {@link ColumnPredictionLoss}):
 * HTM's objective that the predicted cells lie in the next active columns. It enters the
 * network's score and gradients as a regularisation term.
 *
 * <p>Cost per step and example, DENSE: two products of the [1, N] cell state with the [N, N]
 * distal matrix (2 N^2 multiply-adds for N = C*K); N^2 parameters, so the cost grows with the
 * square of columns times cells. SEGMENTS: the synapses of the active cells only; memory
 * {@code N * segmentsPerCell * synapsesPerSegment} synapse slots.
 *
 * <p>Options (builder method: default, valid range):
 * <ul>
 * <li>{@code columns} (C): inferred from {@code setInputType}, else required; &gt;= 2, equal to the input's</li>
 * <li>{@code cellsPerColumn} (K): 4, &gt;= 1 (1 makes a first-order memory)</li>
 * <li>{@code output}: PREDICTIVE; {@code cells}: DECIMAL</li>
 * <li>{@code connectivity}: DENSE</li>
 * <li>{@code predictionThreshold}: 0.5 (BINARY cells), 0.2 (SEGMENTS), in (0, 1)</li>
 * <li>{@code columnPredictionLoss} (lambda): 1.0, &gt;= 0</li>
 * <li>{@code anomalyOutput}: false</li>
 * <li>DENSE: {@code biasInit} (initial e): -2.0, finite; {@code weightInit}: XAVIER</li>
 * <li>SEGMENTS: {@code segmentsPerCell} 8, &gt;= 1; {@code synapsesPerSegment} 32, in [1, N];
 * {@code newSynapses} 20, in [1, synapsesPerSegment]; {@code matchFraction} 0.5, in (0, 1];
 * {@code burstMatchFraction} 0 (the same as matchFraction), in [0, matchFraction];
 * {@code initialWeight} 0.2, &gt; 0; {@code synapseDecay} 0.02, &gt;= 0;
 * {@code minHitRate} 0 (off), in [0, 1); {@code hitRateWindow} 100, &gt;= 1;
 * {@code structureLearning} true</li>
 * </ul>
 *
 * <pre>{@code
 * .layer(new SpatialPooler.Builder().columns(256).activeColumns(5).build())
 * .layer(new TemporalMemory.Builder().cellsPerColumn(5).output(TemporalMemory.Output.PREDICTIVE).build())
 * .layer(new DenseLayer.Builder().nOut(256).activation(Activation.RELU).build())
 * .layer(new RnnOutputLayer.Builder(LossFunction.MSE).nOut(1).activation(Activation.IDENTITY).build())
 * .setInputType(InputType.recurrent(1))
 * }</pre>
 */
public class TemporalMemory extends HtmLayer {

    /** What the layer emits at each step. */
    public enum Output {
        /** The cells predicted for the next step, pi_{t+1}: what a decoder of the next input reads. */
        PREDICTIVE,
        /** The active cells a_t. */
        ACTIVE
    }

    /** How cells connect to the cells that predict them. */
    public enum Connectivity {
        /** One weight from every cell to every cell: the {@code N x N} matrix D. For small memories. */
        DENSE,
        /**
         * HTM's dendritic segments: each cell owns up to {@code segmentsPerCell} segments of up to
         * {@code synapsesPerSegment} synapses, grown onto the cells that were winners the step before,
         * their weights learned by gradient. Scales to HTM's 2048 columns x 32 cells.
         */
        SEGMENTS
    }

    /** How cells are predicted. */
    public enum Cells {
        /** Predictions are sigmoid values in (0, 1). */
        DECIMAL,
        /** Predictions are thresholded to 0/1 in the forward pass, straight-through in the backward. */
        BINARY
    }

    /**
     * SEGMENTS' default prediction threshold: a cell is predicted from a context that gives it at
     * least this probability. Below 0.5, so that one of two equally likely continuations keeps its
     * context (the second symbol of HTM's sequence task); above the likelihood of the elements that
     * follow noise, which therefore burst and start a fresh context (docs/temporal-memory.md).
     */
    public static final double SEGMENTS_THRESHOLD = 0.2;

    public static final String DISTAL_KEY = "D";
    public static final String BIAS_KEY = "e";
    /** SEGMENTS: the synapses' weights G [N*S, M], one row per segment. */
    public static final String SEGMENT_WEIGHTS_KEY = "G";
    /** SEGMENTS: the segments' biases h [1, N*S]. */
    public static final String SEGMENT_BIAS_KEY = "h";
    /** SEGMENTS, layer state: each synapse's presynaptic cell [N*S, M], -1 where there is no synapse. */
    public static final String PRESYNAPTIC_KEY = "presynaptic";
    /** SEGMENTS, layer state: each segment's recency rank within its cell [1, N*S], 1 the most recent, 0 empty. */
    public static final String RECENCY_KEY = "recency";
    /** SEGMENTS, layer state: how often each segment's column followed it, over its recent visits [1, N*S]. */
    public static final String HITS_KEY = "hits";
    /** SEGMENTS, layer state: each segment's recent visits, at most {@code hitRateWindow} [1, N*S]. */
    public static final String VISITS_KEY = "visits";

    private long columns;
    private int cellsPerColumn = 4;
    private Output output = Output.PREDICTIVE;
    private Cells cells = Cells.DECIMAL;
    private double predictionThreshold = Double.NaN;
    private double columnPredictionLoss = 1.0;
    private boolean anomalyOutput;
    private double biasInit = -2.0;
    private Connectivity connectivity = Connectivity.DENSE;
    private int segmentsPerCell = 8;
    private int synapsesPerSegment = 32;
    private int newSynapses = 20;
    private double matchFraction = 0.5;
    private double burstMatchFraction = 0;
    private double initialWeight = 0.2;
    private double synapseDecay = 0.02;
    private double minHitRate = 0;
    private int hitRateWindow = 100;
    private boolean structureLearning = true;

    protected TemporalMemory() {
        // for JSON
    }

    protected TemporalMemory(Builder b) {
        super(b);
    }

    @Override
    protected HtmLayerRuntime<?> runtime(NeuralNetConfiguration conf, DataType dataType) {
        return new TemporalMemoryRuntime(conf, dataType);
    }

    /** N = columns * cellsPerColumn. */
    public long cellCount() {
        return columns * cellsPerColumn;
    }

    /** Rows of the output: the cells, plus one for the anomaly score with {@code anomalyOutput}. */
    public long outputSize() {
        return cellCount() + (anomalyOutput ? 1 : 0);
    }

    /** SEGMENTS: N * segmentsPerCell segment slots. */
    public long segmentCount() {
        return cellCount() * segmentsPerCell;
    }

    @Override
    public Set<String> stateParams() {
        return connectivity == Connectivity.SEGMENTS ? Set.of(PRESYNAPTIC_KEY, RECENCY_KEY, HITS_KEY, VISITS_KEY)
                : Set.of();
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        if (columns <= 0) {
            throw new IllegalStateException(describe() + " columns is not set: give .columns(n) on the builder, or "
                    + "call setInputType(...) on the network configuration so that it can be inferred");
        }
        if (columns < 2) {
            throw new IllegalStateException(describe() + " needs at least 2 columns, got " + columns);
        }
        params.clear();
        if (connectivity == Connectivity.SEGMENTS) {
            if (synapsesPerSegment > cellCount()) {
                throw new IllegalStateException(describe() + ": synapsesPerSegment (" + synapsesPerSegment
                        + ") must not exceed the cells a synapse can reach (" + cellCount() + " = " + columns
                        + " columns x " + cellsPerColumn + " cells)");
            }
            params.addWeightParam(SEGMENT_WEIGHTS_KEY, segmentCount(), synapsesPerSegment);
            params.addWeightParam(PRESYNAPTIC_KEY, segmentCount(), synapsesPerSegment);
            params.addBiasParam(SEGMENT_BIAS_KEY, 1, segmentCount());
            params.addBiasParam(RECENCY_KEY, 1, segmentCount());
            params.addBiasParam(HITS_KEY, 1, segmentCount());
            params.addBiasParam(VISITS_KEY, 1, segmentCount());
        } else {
            params.addWeightParam(DISTAL_KEY, cellCount(), cellCount());
            params.addBiasParam(BIAS_KEY, 1, columns);
        }
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        if (connectivity == Connectivity.SEGMENTS) {
            // No segments yet: they grow as the memory meets contexts (Dendrites).
            params.get(SEGMENT_WEIGHTS_KEY).assign(0);
            params.get(PRESYNAPTIC_KEY).assign(-1);
            params.get(SEGMENT_BIAS_KEY).assign(0);
            params.get(RECENCY_KEY).assign(0);
            params.get(HITS_KEY).assign(0);
            params.get(VISITS_KEY).assign(0);
        } else {
            initWeights((int) cellCount(), (int) cellCount(), weightInit, params.get(DISTAL_KEY));
            params.get(BIAS_KEY).assign(biasInit);
        }
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        long length = inputType instanceof InputType.InputTypeRecurrent r ? r.getTimeSeriesLength() : -1;
        return InputType.recurrent(outputSize(), length);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        long inputColumns = switch (inputType.getType()) {
            case RNN -> ((InputType.InputTypeRecurrent) inputType).getSize();
            case FF -> ((InputType.InputTypeFeedForward) inputType).getSize();
            default -> throw new IllegalArgumentException(describe() + " takes columns over time "
                    + "[minibatch, columns, time], got input type " + inputType);
        };
        // DL4J overrides a size that was given; a memory that contradicts its input is a mistake to report.
        if (columns > 0 && columns != inputColumns) {
            throw new IllegalArgumentException(describe() + " was given columns(" + columns + "), but its input has "
                    + inputColumns + " columns: give columns(" + inputColumns + "), or leave columns unset to take "
                    + "them from the input");
        }
        columns = inputColumns;
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return InputTypeUtil.getPreprocessorForInputTypeRnnLayers(inputType, RNNFormat.NCW, getLayerName());
    }

    // ------------------------------------------------------------------ accessors (JSON contract)

    public long getColumns() {
        return columns;
    }

    public int getCellsPerColumn() {
        return cellsPerColumn;
    }

    public Output getOutput() {
        return output;
    }

    public Cells getCells() {
        return cells;
    }

    public double getPredictionThreshold() {
        return predictionThreshold;
    }

    public double getColumnPredictionLoss() {
        return columnPredictionLoss;
    }

    public boolean isAnomalyOutput() {
        return anomalyOutput;
    }

    public double getBiasInit() {
        return biasInit;
    }

    public Connectivity getConnectivity() {
        return connectivity;
    }

    public int getSegmentsPerCell() {
        return segmentsPerCell;
    }

    public int getSynapsesPerSegment() {
        return synapsesPerSegment;
    }

    public int getNewSynapses() {
        return newSynapses;
    }

    public double getMatchFraction() {
        return matchFraction;
    }

    public double getBurstMatchFraction() {
        return burstMatchFraction;
    }

    public double getInitialWeight() {
        return initialWeight;
    }

    public double getSynapseDecay() {
        return synapseDecay;
    }

    public double getMinHitRate() {
        return minHitRate;
    }

    public int getHitRateWindow() {
        return hitRateWindow;
    }

    public boolean isStructureLearning() {
        return structureLearning;
    }

    /** Builds a {@link TemporalMemory}; {@link #build()} rejects impossible settings. */
    public static class Builder extends HtmLayer.Builder<TemporalMemory, Builder> {

        public Builder() {
            super(new TemporalMemory());
        }

        /** Number of columns C (the input size); leave unset to infer it from {@code setInputType}. */
        public Builder columns(long columns) {
            if (columns < 2) {
                throw new IllegalArgumentException("columns must be >= 2, got " + columns + " (leave it unset to "
                        + "infer it from setInputType)");
            }
            options.columns = columns;
            return this;
        }

        /** Cells per column K; 1 gives a first-order memory. */
        public Builder cellsPerColumn(int cellsPerColumn) {
            options.cellsPerColumn = cellsPerColumn;
            return this;
        }

        public Builder output(Output output) {
            options.output = output;
            return this;
        }

        public Builder cells(Cells cells) {
            options.cells = cells;
            return this;
        }

        /**
         * A cell is predicted when its prediction reaches this: BINARY cells (DENSE) threshold their
         * sigmoid here; SEGMENTS predict a cell when one of its matching segments' sigmoid reaches it.
         * Default 0.5 for DENSE, {@value #SEGMENTS_THRESHOLD} for SEGMENTS.
         */
        public Builder predictionThreshold(double predictionThreshold) {
            options.predictionThreshold = predictionThreshold;
            return this;
        }

        /** Weight lambda of the column prediction loss (HTM's objective); 0 disables it. */
        public Builder columnPredictionLoss(double columnPredictionLoss) {
            options.columnPredictionLoss = columnPredictionLoss;
            return this;
        }

        /** Appends the anomaly score as one more output row, for use inside a graph. */
        public Builder anomalyOutput(boolean anomalyOutput) {
            options.anomalyOutput = anomalyOutput;
            return this;
        }

        /** Initial value of the predictive bias e: negative values start with few predictions. */
        public Builder biasInit(double biasInit) {
            options.biasInit = biasInit;
            return this;
        }

        /** How cells connect: DENSE (the default) or HTM's dendritic SEGMENTS. */
        public Builder connectivity(Connectivity connectivity) {
            options.connectivity = connectivity;
            return this;
        }

        /** SEGMENTS: the most segments a cell owns (S); a new one evicts the least recently used. */
        public Builder segmentsPerCell(int segmentsPerCell) {
            options.segmentsPerCell = segmentsPerCell;
            return this;
        }

        /** SEGMENTS: the most synapses a segment holds (M); growth beyond removes the weakest. */
        public Builder synapsesPerSegment(int synapsesPerSegment) {
            options.synapsesPerSegment = synapsesPerSegment;
            return this;
        }

        /** SEGMENTS: HTM's maxNewSynapseCount, how many of the previous winners a learning segment connects to. */
        public Builder newSynapses(int newSynapses) {
            options.newSynapses = newSynapses;
            return this;
        }

        /** SEGMENTS: the share of a segment's synapses that must see an active cell for the segment to match. */
        public Builder matchFraction(double matchFraction) {
            options.matchFraction = matchFraction;
            return this;
        }

        /**
         * SEGMENTS: in a column that bursts, the share of a segment's synapses that must see an active
         * cell for it to learn (and its cell to win) instead of a new segment growing: HTM's
         * {@code minThreshold}, below the threshold to predict. Under noise it keeps a context on the
         * cell that holds it. 0, the default, uses {@code matchFraction}.
         */
        public Builder burstMatchFraction(double burstMatchFraction) {
            options.burstMatchFraction = burstMatchFraction;
            return this;
        }

        /** SEGMENTS: the weight of a new synapse. */
        public Builder initialWeight(double initialWeight) {
            options.initialWeight = initialWeight;
            return this;
        }

        /**
         * SEGMENTS: HTM's permanence decrement, what a synapse of a learning segment loses when its
         * cell was not active (it is pruned at 0); 0 keeps unused synapses.
         */
        public Builder synapseDecay(double synapseDecay) {
            options.synapseDecay = synapseDecay;
            return this;
        }

        /**
         * SEGMENTS: the share of its recent visits at which a segment's column must have been active
         * for the segment to predict; 0 (the default) predicts from every matching segment.
         * A visit is a training step at which the segment matched with an excitation above the
         * threshold. The rule counts them; the rate is {@code (hits + 1) / (visits + 1)}, so a new
         * segment predicts at once. A context that is followed by one of many symbols (noise drawn
         * from a small set) then stops predicting them, and its columns burst: HTM's reset of
         * context where the stream is not predictable (docs/sequences.md).
         */
        public Builder minHitRate(double minHitRate) {
            options.minHitRate = minHitRate;
            return this;
        }

        /** SEGMENTS: how many recent visits the hit rate of {@link #minHitRate} remembers. */
        public Builder hitRateWindow(int hitRateWindow) {
            options.hitRateWindow = hitRateWindow;
            return this;
        }

        /**
         * SEGMENTS: whether training passes grow, prune and evict segments and synapses (the
         * default); false keeps the structure as it is and trains only its weights (fine-tuning,
         * gradient checks).
         */
        public Builder structureLearning(boolean structureLearning) {
            options.structureLearning = structureLearning;
            return this;
        }

        @Override
        protected TemporalMemory create() {
            return new TemporalMemory(this);
        }

        @Override
        public TemporalMemory build() {
            TemporalMemory layer = super.build();
            if (Double.isNaN(layer.predictionThreshold)) {
                layer.predictionThreshold = defaultThreshold(layer.connectivity);
            }
            return layer;
        }

        private static double defaultThreshold(Connectivity connectivity) {
            return connectivity == Connectivity.SEGMENTS ? SEGMENTS_THRESHOLD : 0.5;
        }

        @Override
        protected void validate() {
            TemporalMemory o = options;
            require(o.columns == 0 || o.columns >= 2,
                    "columns must be >= 2 (or unset, to infer it from setInputType), got " + o.columns);
            require(o.cellsPerColumn >= 1, "cellsPerColumn must be >= 1, got " + o.cellsPerColumn);
            require(o.output != null, "output must be PREDICTIVE or ACTIVE, got null");
            require(o.cells != null, "cells must be DECIMAL or BINARY, got null");
            require(Double.isNaN(o.predictionThreshold) || (o.predictionThreshold > 0 && o.predictionThreshold < 1),
                    "predictionThreshold must be in (0, 1), got " + o.predictionThreshold);
            require(Double.isFinite(o.columnPredictionLoss) && o.columnPredictionLoss >= 0,
                    "columnPredictionLoss must be >= 0 (0 disables it), got " + o.columnPredictionLoss);
            require(Double.isFinite(o.biasInit), "biasInit must be finite, got " + o.biasInit);
            require(o.connectivity != null, "connectivity must be DENSE or SEGMENTS, got null");
            require(o.segmentsPerCell >= 1, "segmentsPerCell must be >= 1, got " + o.segmentsPerCell);
            require(o.synapsesPerSegment >= 1, "synapsesPerSegment must be >= 1, got " + o.synapsesPerSegment);
            require(o.newSynapses >= 1 && o.newSynapses <= o.synapsesPerSegment, "newSynapses must be in [1, "
                    + "synapsesPerSegment (" + o.synapsesPerSegment + ")], got " + o.newSynapses);
            require(o.matchFraction > 0 && o.matchFraction <= 1, "matchFraction must be in (0, 1], got "
                    + o.matchFraction);
            require(o.burstMatchFraction >= 0 && o.burstMatchFraction <= o.matchFraction, "burstMatchFraction must "
                    + "be in [0, matchFraction (" + o.matchFraction + ")] (0: the same as matchFraction), got "
                    + o.burstMatchFraction);
            require(Double.isFinite(o.initialWeight) && o.initialWeight > 0, "initialWeight must be > 0, got "
                    + o.initialWeight);
            require(Double.isFinite(o.synapseDecay) && o.synapseDecay >= 0, "synapseDecay must be >= 0, got "
                    + o.synapseDecay);
            require(o.minHitRate >= 0 && o.minHitRate < 1, "minHitRate must be in [0, 1) (0 turns it off), got "
                    + o.minHitRate);
            require(o.hitRateWindow >= 1, "hitRateWindow must be >= 1, got " + o.hitRateWindow);
            require(o.minHitRate == 0 || o.connectivity == Connectivity.SEGMENTS,
                    "minHitRate needs connectivity SEGMENTS: a DENSE memory has no segments to count, got minHitRate "
                            + o.minHitRate + " with " + o.connectivity);
            long cells = o.columns * o.cellsPerColumn;
            require(o.connectivity != Connectivity.SEGMENTS || o.columns == 0 || o.synapsesPerSegment <= cells,
                    "synapsesPerSegment (" + o.synapsesPerSegment + ") must not exceed the cells a synapse can reach ("
                            + cells + " = " + o.columns + " columns x " + o.cellsPerColumn + " cells)");
        }
    }
}
