package org.deephtm.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleSupplier;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * BINARY cells backpropagate straight through their thresholds, over several steps. A numerical
 * gradient check cannot see that (the thresholded network is flat almost everywhere), so the
 * gradient is checked against its definition: it is the exact gradient of the network in which
 * every discrete choice is frozen at the point of evaluation. Each threshold keeps its output and
 * passes the change of its sigmoid, {@code pi = hard + sigmoid(l) - sigmoid(l_0)}; each column's
 * max keeps the cells that held it, tied cells sharing equally (the layer's rule); the 0/1
 * indicator of the active columns (for the anomaly row) is a constant. The test runs that network
 * in plain Java, differentiates it by central differences, and compares with the layer's backward
 * pass through time: distal weights, biases, and the columns of every step.
 */
class BinaryCellsThroughTimeTest {

    private static final int COLUMNS = 3;
    private static final int CELLS_PER_COLUMN = 2;
    private static final int N = COLUMNS * CELLS_PER_COLUMN;
    private static final int STEPS = 4;
    private static final int BATCH = 2;
    private static final double THRESHOLD = 0.5;
    private static final double H = 1e-6;

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @Test
    void backwardThroughTimeIsTheGradientOfTheFrozenChoicesNetwork() {
        Random random = new Random(4);
        double[][][] upstream = new double[BATCH][N + 1][STEPS];
        for (double[][] example : upstream) {
            for (double[] row : example) {
                for (int t = 0; t < STEPS; t++) {
                    row[t] = random.nextGaussian();
                }
            }
        }
        assertLayerGradientIsStraightThrough(upstream);
    }

    @Test
    void theLastStepsLossReachesTheFirstStepThroughTheCells() {
        Random random = new Random(5);
        double[][][] upstream = new double[BATCH][N + 1][STEPS];
        for (double[][] example : upstream) {
            for (double[] row : example) {
                row[STEPS - 1] = random.nextGaussian();
            }
        }
        double[][][] columnGradient = assertLayerGradientIsStraightThrough(upstream);
        // Well above the comparison's tolerance (1e-6), so that the path through time was compared.
        assertTrue(Math.abs(columnGradient[0][0][0]) > 1e-4 && Math.abs(columnGradient[0][2][0]) > 1e-4,
                "the first step's active columns get a gradient: " + columnGradient[0][0][0] + ", "
                        + columnGradient[0][2][0]);
    }

    /**
     * Runs the layer forward and backward with {@code upstream} as the output's gradient, and
     * compares its gradients with the frozen-choices network's; returns the columns' gradient.
     */
    private static double[][][] assertLayerGradientIsStraightThrough(double[][][] upstream) {
        Layer tm = layer();
        double[][] distal = tm.getParam(TemporalMemory.DISTAL_KEY).toDoubleMatrix();
        double[] bias = tm.getParam(TemporalMemory.BIAS_KEY).toDoubleVector();
        double[][][] columns = columns();
        INDArray output = tm.activate(Nd4j.createFromArray(columns), true, LayerWorkspaceMgr.noWorkspaces());
        Pair<Gradient, INDArray> backward = tm.backpropGradient(Nd4j.createFromArray(upstream),
                LayerWorkspaceMgr.noWorkspaces());

        FrozenChoices frozen = new FrozenChoices(distal, bias, columns);
        assertTrue(Nd4j.createFromArray(frozen.output(distal, bias, columns)).equalsWithEps(output, 1e-12),
                "the plain-Java network computes what the layer computes");
        assertTrue(frozen.tiedColumns > 0 && frozen.predictedCells > 0 && frozen.burstingColumns > 0,
                "ties, predictions and bursts all occur: " + frozen.tiedColumns + " ties, " + frozen.predictedCells
                        + " predicted cells, " + frozen.burstingColumns + " bursts");
        DoubleSupplier loss = () -> dot(frozen.output(distal, bias, columns), upstream);
        Gradient g = backward.getFirst();
        assertClose(numerical(distal, loss), g.getGradientFor(TemporalMemory.DISTAL_KEY).toDoubleMatrix(),
                "distal weights");
        assertClose(new double[][] {numerical(bias, loss)}, g.getGradientFor(TemporalMemory.BIAS_KEY).toDoubleMatrix(),
                "biases");
        double[][][] columnGradient = new double[BATCH][][];
        for (int b = 0; b < BATCH; b++) {
            columnGradient[b] = numerical(columns[b], loss);
            assertClose(columnGradient[b], backward.getSecond().slice(b).toDoubleMatrix(), "columns of example " + b);
        }
        return columnGradient;
    }

    /** Binary cells whose predictions fall on both sides of the threshold. */
    private static Layer layer() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.DOUBLE)
                .updater(new Sgd(0.1)).list()
                .layer(new TemporalMemory.Builder().cellsPerColumn(CELLS_PER_COLUMN).cells(TemporalMemory.Cells.BINARY)
                        .predictionThreshold(THRESHOLD).columnPredictionLoss(0).anomalyOutput(true).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(1)
                        .activation(Activation.IDENTITY).build())
                .setInputType(InputType.recurrent(COLUMNS)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.initGradientsView();
        Layer tm = net.getLayer(0);
        Random random = new Random(3);
        double[][] distal = new double[N][N];
        for (double[] row : distal) {
            for (int j = 0; j < N; j++) {
                row[j] = 1.5 * random.nextGaussian();
            }
        }
        tm.getParam(TemporalMemory.DISTAL_KEY).assign(Nd4j.createFromArray(distal));
        tm.getParam(TemporalMemory.BIAS_KEY).assign(Nd4j.createFromArray(new double[][] {{-1, 0.5, 2}}));
        return tm;
    }

    /** Columns over time, [b][C][T]: decimal strengths, and columns that are off. */
    private static double[][][] columns() {
        return new double[][][] {
                {{0.7, 0, 1.2, 0.4}, {0, 1.3, 0.8, 0}, {1.1, 0.9, 0, 1.5}},
                {{0, 0.6, 1.4, 1.0}, {0.9, 0, 0.5, 1.2}, {1.3, 1.1, 0, 0}}};
    }

    /** Central differences of {@code loss} in every entry of {@code values}, which it reads. */
    private static double[][] numerical(double[][] values, DoubleSupplier loss) {
        double[][] gradient = new double[values.length][];
        for (int i = 0; i < values.length; i++) {
            gradient[i] = numerical(values[i], loss);
        }
        return gradient;
    }

    private static double[] numerical(double[] values, DoubleSupplier loss) {
        double[] gradient = new double[values.length];
        for (int j = 0; j < values.length; j++) {
            double v = values[j];
            values[j] = v + H;
            double up = loss.getAsDouble();
            values[j] = v - H;
            double down = loss.getAsDouble();
            values[j] = v;
            gradient[j] = (up - down) / (2 * H);
        }
        return gradient;
    }

    private static double dot(double[][][] a, double[][][] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                for (int k = 0; k < a[i][j].length; k++) {
                    sum += a[i][j][k] * b[i][j][k];
                }
            }
        }
        return sum;
    }

    private static void assertClose(double[][] expected, double[][] actual, String what) {
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected[i].length; j++) {
                double e = expected[i][j];
                if (!(Math.abs(e - actual[i][j]) <= 1e-6 * (1 + Math.abs(e)))) {
                    differences.add("[" + i + ", " + j + "]: straight-through " + e + ", the layer's " + actual[i][j]);
                }
            }
        }
        assertTrue(differences.isEmpty(), what + ":\n" + String.join("\n", differences));
    }

    /**
     * The temporal memory with BINARY cells, in plain Java: built at the point of evaluation, it
     * records each discrete choice there (thresholds, the cells holding each column's max, the
     * active columns); evaluated elsewhere, it keeps them and lets the rest change.
     */
    private static final class FrozenChoices {

        private final List<double[]> hard = new ArrayList<>();
        private final List<double[]> softAtBase = new ArrayList<>();
        private final Map<Integer, double[]> maxShares = new HashMap<>();
        private final boolean[][][] activeAtBase = new boolean[BATCH][COLUMNS][STEPS];
        private boolean recording = true;
        int tiedColumns;
        int predictedCells;
        int burstingColumns;

        FrozenChoices(double[][] distal, double[] bias, double[][][] columns) {
            for (int b = 0; b < BATCH; b++) {
                for (int c = 0; c < COLUMNS; c++) {
                    for (int t = 0; t < STEPS; t++) {
                        activeAtBase[b][c][t] = columns[b][c][t] != 0;
                    }
                }
            }
            output(distal, bias, columns);
            recording = false;
        }

        /** [b][N + 1][T]: the PREDICTIVE cells of every step, then the anomaly score. */
        double[][][] output(double[][] distal, double[] bias, double[][][] columns) {
            double[][][] out = new double[BATCH][N + 1][STEPS];
            int threshold = 0;
            for (int b = 0; b < BATCH; b++) {
                double[] cells = new double[N];
                for (int t = 0; t < STEPS; t++) {
                    double[] predictive = threshold(threshold++, b, logits(cells, distal, bias));
                    double[] active = new double[N];
                    double activeColumns = 0;
                    double predictedColumns = 0;
                    for (int c = 0; c < COLUMNS; c++) {
                        double strength = columns[b][c][t];
                        double first = predictive[c * CELLS_PER_COLUMN];
                        double second = predictive[c * CELLS_PER_COLUMN + 1];
                        double columnPrediction = columnMax(threshold - 1, c, first, second);
                        boolean on = activeAtBase[b][c][t]; // a 0/1 indicator, without gradient
                        if (recording && on) {
                            tiedColumns += first == second ? 1 : 0;
                            burstingColumns += columnPrediction == 0 ? 1 : 0;
                            predictedCells += (int) (first + second);
                        }
                        for (int k = 0; k < CELLS_PER_COLUMN; k++) {
                            int i = c * CELLS_PER_COLUMN + k;
                            active[i] = strength * (predictive[i] + 1 - columnPrediction);
                        }
                        if (on) {
                            activeColumns++;
                            predictedColumns += columnPrediction;
                        }
                    }
                    double[] next = threshold(threshold++, b, logits(active, distal, bias));
                    for (int i = 0; i < N; i++) {
                        out[b][i][t] = next[i];
                    }
                    out[b][N][t] = (activeColumns - predictedColumns) / (activeColumns + 1e-12);
                    cells = active;
                }
            }
            return out;
        }

        /** A column's max: at the base point the max, elsewhere the change of the cells that held it there. */
        private double columnMax(int id, int column, double first, double second) {
            if (recording) {
                double[] shares = first == second ? new double[] {0.5, 0.5}
                        : first > second ? new double[] {1, 0} : new double[] {0, 1};
                maxShares.put(id * COLUMNS + column, shares);
                return Math.max(first, second);
            }
            double[] shares = maxShares.get(id * COLUMNS + column);
            return shares[0] * first + shares[1] * second;
        }

        /** The threshold with index {@code id}: recorded at the base point, frozen elsewhere. */
        private double[] threshold(int id, int b, double[] logits) {
            double[] soft = new double[N];
            for (int i = 0; i < N; i++) {
                soft[i] = 1 / (1 + Math.exp(-logits[i]));
            }
            if (recording) {
                double[] h = new double[N];
                for (int i = 0; i < N; i++) {
                    h[i] = soft[i] >= THRESHOLD ? 1 : 0;
                }
                hard.add(h);
                softAtBase.add(soft);
                return h;
            }
            double[] h = hard.get(id);
            double[] s0 = softAtBase.get(id);
            double[] y = new double[N];
            for (int i = 0; i < N; i++) {
                y[i] = h[i] + (soft[i] - s0[i]);
            }
            return y;
        }

        private static double[] logits(double[] cells, double[][] distal, double[] bias) {
            double[] l = new double[N];
            for (int j = 0; j < N; j++) {
                double sum = bias[j / CELLS_PER_COLUMN];
                for (int i = 0; i < N; i++) {
                    sum += cells[i] * distal[i][j];
                }
                l[j] = sum;
            }
            return l;
        }
    }
}
