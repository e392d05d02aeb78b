package org.deephtm.tests;

import org.deephtm.layers.SpatialPooler;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Boosting keeps every column in use. On a skewed input distribution (nine examples in ten are
 * close to one prototype) the same few columns would keep winning; boosting raises the columns
 * that rarely win until they do.
 */
class BoostingTest {

    private static final int INPUTS = 16;
    private static final int COLUMNS = 64;
    private static final int ITERATIONS = 600;
    private static final int BATCH = 16;
    /** Lifts a column that never wins by up to 100 * k/C = 3.1 standard deviations of a row's overlaps. */
    private static final double BOOST_STRENGTH = 100;

    /** Share of the columns that never won during a training run. */
    private static double neverWinning(double boostStrength) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(21).updater(new Adam(1e-2)).list()
                .layer(new SpatialPooler.Builder().columns(COLUMNS).activeColumns(2).boostStrength(boostStrength)
                        .dutyCyclePeriod(1000).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(4).activation(Activation.IDENTITY)
                        .build())
                .setInputType(InputType.feedForward(INPUTS)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        Nd4j.getRandom().setSeed(5);
        INDArray prototype = Nd4j.rand(DataType.FLOAT, 1, INPUTS);
        INDArray projection = Nd4j.randn(DataType.FLOAT, INPUTS, 4);
        INDArray everWon = Nd4j.zeros(DataType.FLOAT, 1, COLUMNS);
        for (int i = 0; i < ITERATIONS; i++) {
            INDArray x = skewedBatch(prototype);
            INDArray winners = net.getLayer(0).activate(x, false, LayerWorkspaceMgr.noWorkspaces()).neq(0)
                    .castTo(DataType.FLOAT);
            everWon.addi(winners.sum(true, 0));
            net.fit(x, x.mmul(projection));
        }
        return everWon.eq(0).castTo(DataType.FLOAT).sumNumber().doubleValue() / COLUMNS;
    }

    private static INDArray skewedBatch(INDArray prototype) {
        INDArray x = Nd4j.rand(DataType.FLOAT, BATCH, INPUTS);
        for (int r = 0; r < BATCH; r++) {
            if (Nd4j.getRandom().nextDouble() < 0.9) {
                x.getRow(r).muli(0.1).addi(prototype.reshape(INPUTS));
            }
        }
        return x;
    }

    @Test
    void boostingRevivesSilentColumns() {
        double withoutBoosting = neverWinning(0);
        double withBoosting = neverWinning(BOOST_STRENGTH);
        System.out.printf("columns that never won in %d training iterations: without boosting %.3f, "
                + "with boostStrength %.0f %.3f%n", ITERATIONS, withoutBoosting, BOOST_STRENGTH, withBoosting);
        assertEquals(0.0, withBoosting, 0.0, "with boosting every column wins at least once");
        assertTrue(withoutBoosting >= 0.25, "without boosting a good share of the columns never wins: "
                + withoutBoosting);
    }
}
