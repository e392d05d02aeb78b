package org.deephtm.layers;

import org.deephtm.layers.ops.Anomaly;
import org.deephtm.layers.ops.CellActivity;
import org.deephtm.layers.ops.CellActivityBackward;
import org.deephtm.layers.ops.ColumnPredictionLoss;
import org.deephtm.layers.runtime.TemporalMemoryRuntime;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.InputTypeUtil;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * HTM's temporal memory as a recurrent DL4J layer: columns of cells that learn sequence context by
 * backpropagation, burst when surprised, and give an anomaly score.
 *
 * <pre>
 *   pi_t = sigmoid(a_{t-1} . D + e)                          predictive cells   [b, C*K]
 *   p_t  = max_k pi_t[:, c, k]                               column prediction  [b, C]
 *   a_t  = s_t[:, :, None] * (pi_t + (1 - p_t)[:, :, None])   active cells: predicted, or burst
 *   A_t  = 1 - sum_c [s_t != 0] p_t / sum_c [s_t != 0]        anomaly score      [b]
 *   y_t  = sigmoid(a_t . D + e)  (PREDICTIVE)  or  a_t  (ACTIVE)
 * </pre>
 *
 * Input: the spatial pooler's columns over time {@code [minibatch, columns, time]}; output: cells
 * over time {@code [minibatch, columns*cellsPerColumn, time]} (one more row, the anomaly score,
 * with {@code anomalyOutput}). The state {@code a_{t-1}} is carried across calls like DL4J's
 * recurrent layers: {@code rnnTimeStep} continues from it, {@code rnnClearPreviousState} zeroes it,
 * truncated BPTT carries it between segments. The anomaly scores of the last
 * forward pass are read from {@link TemporalMemoryRuntime#anomalyScores()}.
 *
 * <p>With {@code columnPredictionLoss > 0} the layer adds an activity regulariser,
 * {@code lambda * mean_t BCE(p_t, [s_t != 0])} per example (see {@link ColumnPredictionLoss}):
 * HTM's objective that the predicted cells lie in the next active columns. It enters the
 * network's score and gradients as a regularisation term.
 *
 * <p>Cost per step and example: two products of the [1, N] cell state with the [N, N] distal
 * matrix (2 N^2 multiply-adds for N = C*K) and O(N) elementwise work; the backward pass costs about
 * twice that, plus accumulating the N^2 gradient of D. Memory: N^2 parameters, so the cost grows
 * with the square of columns times cells.
 *
 * <p>Options (builder method: default, valid range):
 * <ul>
 * <li>{@code columns} (C): inferred from {@code setInputType}, else required; &gt; 0</li>
 * <li>{@code cellsPerColumn} (K): 4, &gt;= 1 (1 makes a first-order memory)</li>
 * <li>{@code output}: PREDICTIVE; {@code cells}: DECIMAL</li>
 * <li>{@code predictionThreshold} (BINARY cells): 0.5, in (0, 1)</li>
 * <li>{@code columnPredictionLoss} (lambda): 1.0, &gt;= 0</li>
 * <li>{@code anomalyOutput}: false</li>
 * <li>{@code biasInit} (initial e): -2.0, finite; {@code weightInit}: XAVIER</li>
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

    /** How cells are predicted. */
    public enum Cells {
        /** Predictions are sigmoid values in (0, 1). */
        DECIMAL,
        /** Predictions are thresholded to 0/1 in the forward pass, straight-through in the backward. */
        BINARY
    }

    public static final String DISTAL_KEY = "D";
    public static final String BIAS_KEY = "e";

    private long columns;
    private int cellsPerColumn = 4;
    private Output output = Output.PREDICTIVE;
    private Cells cells = Cells.DECIMAL;
    private double predictionThreshold = 0.5;
    private double columnPredictionLoss = 1.0;
    private boolean anomalyOutput;
    private double biasInit = -2.0;

    protected TemporalMemory() {
        // for JSON
    }

    protected TemporalMemory(Builder b) {
        super(b);
        this.columns = b.columns;
        this.cellsPerColumn = b.cellsPerColumn;
        this.output = b.output;
        this.cells = b.cells;
        this.predictionThreshold = b.predictionThreshold;
        this.columnPredictionLoss = b.columnPredictionLoss;
        this.anomalyOutput = b.anomalyOutput;
        this.biasInit = b.biasInit;
    }

    /**
     * One step's results: the emitted values, the active cells (the next step's state), the anomaly
     * score [b], and the column prediction loss per example [b] (null when disabled).
     */
    public record Step(SDVariable output, SDVariable activeCells, SDVariable anomaly, SDVariable columnLoss) {
    }

    /**
     * The gradients of one step: with respect to its columns s_t [b, C], its starting state
     * a_{t-1} [b, N], and the parameters D [N, N] and e [1, C].
     */
    public record StepGradients(SDVariable columns, SDVariable prevCells, SDVariable distal, SDVariable bias) {
    }

    /** A step's forward quantities, shared by {@link #defineStep} and {@link #defineStepGradients}. */
    private record Quantities(SDVariable logits, SDVariable soft, SDVariable predictive, SDVariable columnPrediction,
                              SDVariable activeColumns, SDVariable active, SDVariable nextSoft, SDVariable emitted,
                              SDVariable anomaly) {
    }

    private Quantities quantities(SameDiff sd, SDVariable columns, SDVariable prevCells, Map<String, SDVariable> p) {
        boolean binary = cells == Cells.BINARY;
        SDVariable logits = CellActivity.predictionLogits(prevCells, p.get(DISTAL_KEY), p.get(BIAS_KEY));
        SDVariable soft = sd.nn.sigmoid(logits);
        SDVariable predictive = CellActivity.predictive(sd, soft, binary, predictionThreshold);
        SDVariable columnPrediction = CellActivity.columnMax(predictive, this.columns, cellsPerColumn);
        SDVariable activeColumns = CellActivity.activeColumns(sd, columns);
        SDVariable active = CellActivity.active(columns, predictive, columnPrediction, this.columns, cellsPerColumn);
        SDVariable anomaly = Anomaly.score(activeColumns, columnPrediction);
        SDVariable nextSoft = null;
        SDVariable emitted = active;
        if (output == Output.PREDICTIVE) {
            nextSoft = sd.nn.sigmoid(CellActivity.predictionLogits(active, p.get(DISTAL_KEY), p.get(BIAS_KEY)));
            emitted = CellActivity.predictive(sd, nextSoft, binary, predictionThreshold);
        }
        if (anomalyOutput) {
            emitted = sd.concat(1, emitted, anomaly.reshape(-1, 1));
        }
        return new Quantities(logits, soft, predictive, columnPrediction, activeColumns, active, nextSoft, emitted,
                anomaly);
    }

    /**
     * The graph of one time step.
     *
     * @param columns   s_t, [b, C]
     * @param prevCells a_{t-1}, [b, C*K]
     */
    public Step defineStep(SameDiff sd, SDVariable columns, SDVariable prevCells, Map<String, SDVariable> params) {
        Quantities q = quantities(sd, columns, prevCells, params);
        SDVariable columnLoss = columnPredictionLoss == 0 ? null
                : ColumnPredictionLoss.perExample(sd, q.logits(), q.activeColumns(), this.columns, cellsPerColumn)
                        .mul(columnPredictionLoss);
        return new Step(q.emitted(), q.active(), q.anomaly(), columnLoss);
    }

    /**
     * The graph of one step's backward pass: the gradients of
     * {@code L = sum(y_t * dOutput) + sum(a_t * dCells) + sum(A_t * dAnomaly) + sum_b weight_b L_col}
     * (L_col the column prediction loss per example). BINARY cells are straight-through: their
     * thresholds pass the sigmoid's gradient.
     *
     * @param dOutput    dL/dy_t for the cell rows, [b, N]
     * @param dAnomaly   dL/dA_t, [b]; null unless {@code anomalyOutput}
     * @param dCells     dL/da_t from the following steps, [b, N]
     * @param stepWeight the column loss weight of each example, [b]; null when the loss is disabled
     */
    public StepGradients defineStepGradients(SameDiff sd, SDVariable columns, SDVariable prevCells,
            SDVariable dOutput, SDVariable dAnomaly, SDVariable dCells, SDVariable stepWeight,
            Map<String, SDVariable> params) {
        Quantities q = quantities(sd, columns, prevCells, params);
        SDVariable distal = params.get(DISTAL_KEY);
        SDVariable ones = sd.onesLike(columns).mean(1).reshape(1, -1); // [1, b] without a length-1 reduction

        SDVariable dActive = dCells;
        SDVariable dDistal = null;
        SDVariable dBias = null;
        if (output == Output.PREDICTIVE) {
            SDVariable dNextLogits = CellActivityBackward.sigmoid(dOutput, q.nextSoft());
            CellActivityBackward.LogitGradients next = CellActivityBackward.predictionLogits(sd, dNextLogits,
                    q.active(), distal, ones, this.columns, cellsPerColumn);
            dActive = dActive.add(next.cells());
            dDistal = next.distal();
            dBias = next.bias();
        } else {
            dActive = dActive.add(dOutput);
        }
        CellActivityBackward.ActiveGradients active = CellActivityBackward.active(dActive, columns, q.predictive(),
                q.columnPrediction(), this.columns, cellsPerColumn);
        SDVariable dColumnPrediction = active.columnPrediction();
        if (anomalyOutput) {
            dColumnPrediction = dColumnPrediction.add(Anomaly.columnPredictionGradient(dAnomaly, q.activeColumns()));
        }
        SDVariable dPredictive = active.predictive().add(CellActivityBackward.columnMax(sd, dColumnPrediction,
                q.predictive(), this.columns, cellsPerColumn));
        SDVariable dLogits = CellActivityBackward.sigmoid(dPredictive, q.soft());
        if (columnPredictionLoss > 0) {
            dLogits = dLogits.add(ColumnPredictionLoss.logitGradient(sd, q.logits(), q.soft(), q.activeColumns(),
                    this.columns, cellsPerColumn).mul(stepWeight.reshape(-1, 1).mul(columnPredictionLoss)));
        }
        CellActivityBackward.LogitGradients first = CellActivityBackward.predictionLogits(sd, dLogits, prevCells,
                distal, ones, this.columns, cellsPerColumn);
        dDistal = dDistal == null ? first.distal() : dDistal.add(first.distal());
        dBias = dBias == null ? first.bias() : dBias.add(first.bias());
        return new StepGradients(active.columns(), first.cells(), dDistal, dBias);
    }

    /** N = columns * cellsPerColumn. */
    public long cellCount() {
        return columns * cellsPerColumn;
    }

    /** Rows of the output: the cells, plus one for the anomaly score with {@code anomalyOutput}. */
    public long outputSize() {
        return cellCount() + (anomalyOutput ? 1 : 0);
    }

    @Override
    public Set<String> stateParams() {
        return Set.of();
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        if (columns <= 0) {
            throw new IllegalStateException("TemporalMemory columns is not set: give .columns(n) on the builder, or "
                    + "call setInputType(...) on the network configuration so that it can be inferred");
        }
        if (columns < 2) {
            throw new IllegalStateException("TemporalMemory needs at least 2 columns, got " + columns);
        }
        params.clear();
        params.addWeightParam(DISTAL_KEY, cellCount(), cellCount());
        params.addBiasParam(BIAS_KEY, 1, columns);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        initWeights((int) cellCount(), (int) cellCount(), weightInit, params.get(DISTAL_KEY));
        params.get(BIAS_KEY).assign(biasInit);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
            INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        TemporalMemoryRuntime layer = new TemporalMemoryRuntime(conf, networkDataType);
        layer.setIndex(layerIndex);
        layer.setListeners(listeners);
        layer.setParamsViewArray(layerParamsView);
        layer.setParamTable(initializer().init(conf, layerParamsView, initializeParams));
        layer.setConf(conf);
        return layer;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        long length = inputType instanceof InputType.InputTypeRecurrent r ? r.getTimeSeriesLength() : -1;
        return InputType.recurrent(outputSize(), length);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (columns <= 0 || override) {
            columns = switch (inputType.getType()) {
                case RNN -> ((InputType.InputTypeRecurrent) inputType).getSize();
                case FF -> ((InputType.InputTypeFeedForward) inputType).getSize();
                default -> throw new IllegalArgumentException("TemporalMemory takes columns over time "
                        + "[minibatch, columns, time], got input type " + inputType);
            };
        }
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return InputTypeUtil.getPreprocessorForInputTypeRnnLayers(inputType, RNNFormat.NCW, getLayerName());
    }

    // ------------------------------------------------------------------ accessors (JSON contract)

    public long getColumns() {
        return columns;
    }

    public void setColumns(long columns) {
        this.columns = columns;
    }

    public int getCellsPerColumn() {
        return cellsPerColumn;
    }

    public void setCellsPerColumn(int cellsPerColumn) {
        this.cellsPerColumn = cellsPerColumn;
    }

    public Output getOutput() {
        return output;
    }

    public void setOutput(Output output) {
        this.output = output;
    }

    public Cells getCells() {
        return cells;
    }

    public void setCells(Cells cells) {
        this.cells = cells;
    }

    public double getPredictionThreshold() {
        return predictionThreshold;
    }

    public void setPredictionThreshold(double predictionThreshold) {
        this.predictionThreshold = predictionThreshold;
    }

    public double getColumnPredictionLoss() {
        return columnPredictionLoss;
    }

    public void setColumnPredictionLoss(double columnPredictionLoss) {
        this.columnPredictionLoss = columnPredictionLoss;
    }

    public boolean isAnomalyOutput() {
        return anomalyOutput;
    }

    public void setAnomalyOutput(boolean anomalyOutput) {
        this.anomalyOutput = anomalyOutput;
    }

    public double getBiasInit() {
        return biasInit;
    }

    public void setBiasInit(double biasInit) {
        this.biasInit = biasInit;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TemporalMemory that) || !super.equals(o)) {
            return false;
        }
        return columns == that.columns && cellsPerColumn == that.cellsPerColumn && output == that.output
                && cells == that.cells && Double.compare(predictionThreshold, that.predictionThreshold) == 0
                && Double.compare(columnPredictionLoss, that.columnPredictionLoss) == 0
                && anomalyOutput == that.anomalyOutput
                && Double.compare(biasInit, that.biasInit) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), columns, cellsPerColumn, output, cells, predictionThreshold,
                columnPredictionLoss, anomalyOutput, biasInit);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("TemporalMemory(");
        if (getLayerName() != null) {
            s.append("name=").append(getLayerName()).append(", ");
        }
        s.append("columns=").append(columns).append(", cellsPerColumn=").append(cellsPerColumn)
                .append(", output=").append(output).append(", cells=").append(cells);
        if (cells == Cells.BINARY) {
            s.append(", predictionThreshold=").append(predictionThreshold);
        }
        s.append(", columnPredictionLoss=").append(columnPredictionLoss).append(", anomalyOutput=")
                .append(anomalyOutput).append(", biasInit=")
                .append(biasInit).append(')');
        return s.toString();
    }

    /** Builds a {@link TemporalMemory}; {@link #build()} rejects impossible settings. */
    public static class Builder extends HtmLayer.Builder<Builder> {

        private long columns;
        private int cellsPerColumn = 4;
        private Output output = Output.PREDICTIVE;
        private Cells cells = Cells.DECIMAL;
        private double predictionThreshold = 0.5;
        private double columnPredictionLoss = 1.0;
        private boolean anomalyOutput;
        private double biasInit = -2.0;

        /** Number of columns C (the input size); leave unset to infer it from {@code setInputType}. */
        public Builder columns(long columns) {
            this.columns = columns;
            return this;
        }

        /** Cells per column K; 1 gives a first-order memory. */
        public Builder cellsPerColumn(int cellsPerColumn) {
            this.cellsPerColumn = cellsPerColumn;
            return this;
        }

        public Builder output(Output output) {
            this.output = output;
            return this;
        }

        public Builder cells(Cells cells) {
            this.cells = cells;
            return this;
        }

        /** BINARY cells: a cell is predicted when sigmoid(logit) &gt;= this threshold. */
        public Builder predictionThreshold(double predictionThreshold) {
            this.predictionThreshold = predictionThreshold;
            return this;
        }

        /** Weight lambda of the column prediction loss (HTM's objective); 0 disables it. */
        public Builder columnPredictionLoss(double columnPredictionLoss) {
            this.columnPredictionLoss = columnPredictionLoss;
            return this;
        }

        /** Appends the anomaly score as one more output row, for use inside a graph. */
        public Builder anomalyOutput(boolean anomalyOutput) {
            this.anomalyOutput = anomalyOutput;
            return this;
        }

        /** Initial value of the predictive bias e: negative values start with few predictions. */
        public Builder biasInit(double biasInit) {
            this.biasInit = biasInit;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public TemporalMemory build() {
            require(columns == 0 || columns >= 2,
                    "columns must be >= 2 (or unset, to infer it from setInputType), got " + columns);
            require(cellsPerColumn >= 1, "cellsPerColumn must be >= 1, got " + cellsPerColumn);
            require(output != null, "output must be PREDICTIVE or ACTIVE, got null");
            require(cells != null, "cells must be DECIMAL or BINARY, got null");
            require(predictionThreshold > 0 && predictionThreshold < 1,
                    "predictionThreshold must be in (0, 1), got " + predictionThreshold);
            require(Double.isFinite(columnPredictionLoss) && columnPredictionLoss >= 0,
                    "columnPredictionLoss must be >= 0 (0 disables it), got " + columnPredictionLoss);
            require(Double.isFinite(biasInit), "biasInit must be finite, got " + biasInit);
            return new TemporalMemory(this);
        }
    }
}
