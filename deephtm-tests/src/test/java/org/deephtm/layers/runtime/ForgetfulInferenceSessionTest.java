package org.deephtm.layers.runtime;

import org.deephtm.layers.SpatialPooler;
import org.deephtm.layers.TemporalMemory;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The layers' graphs forget the arrays their sessions released. In the tests module, in the
 * layers' package: it trains a network, and the resident-memory measurements of the layers
 * module's KWinnersMemoryTest are disturbed by native memory that an earlier test in the same JVM
 * allocated and freed.
 */
class ForgetfulInferenceSessionTest {

    @Test
    void layerGraphsRememberNoReleasedArraysBetweenCalls() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1)
                .dataType(DataType.FLOAT).updater(new Sgd(0.1)).list()
                .layer(new SpatialPooler.Builder().columns(6).activeColumns(2).build())
                .layer(new TemporalMemory.Builder().cellsPerColumn(2).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(1)
                        .activation(Activation.IDENTITY).build())
                .setInputType(InputType.recurrent(3)).build());
        net.init();
        for (int i = 0; i < 3; i++) {
            net.fit(Nd4j.rand(DataType.FLOAT, 2, 3, 4), Nd4j.rand(DataType.FLOAT, 2, 1, 4));
            net.rnnTimeStep(Nd4j.rand(DataType.FLOAT, 2, 3, 1));
        }

        List<InferenceSession> sessions = new ArrayList<>();
        for (Layer layer : net.getLayers()) {
            if (layer instanceof HtmLayerRuntime<?> htm) {
                assertTrue(!htm.builtGraphs().isEmpty(), "the layer ran its graphs");
                for (LayerGraph graph : htm.builtGraphs()) {
                    SameDiff sd = graph.sameDiff();
                    assertTrue(!sd.getSessions().isEmpty(), "every graph ran in this thread");
                    sessions.addAll(sd.getSessions().values());
                    SameDiff gradient = sd.getFunction("grad");
                    if (gradient != null) {
                        sessions.addAll(gradient.getSessions().values());
                    }
                }
            }
        }
        for (InferenceSession session : sessions) {
            ForgetfulInferenceSession forgetful = assertInstanceOf(ForgetfulInferenceSession.class, session);
            assertEquals(0, forgetful.releasedArraysRemembered());
        }
    }

    @Test
    void aRunReleasesArraysThatTheSessionThenForgets() {
        SameDiff sd = SameDiff.create();
        var x = sd.placeHolder("x", DataType.FLOAT, -1, 3);
        var y = x.mul(2).add(1).sum(1);
        ForgetfulInferenceSession session = new ForgetfulInferenceSession(sd);
        sd.getSessions().put(Thread.currentThread().getId(), session);
        sd.output(java.util.Map.of("x", Nd4j.rand(DataType.FLOAT, 2, 3)), y.name());
        assertTrue(session.releasedArraysRemembered() > 0, "the intermediate products were released");
        session.forgetReleasedArrays();
        assertEquals(0, session.releasedArraysRemembered());
    }
}
