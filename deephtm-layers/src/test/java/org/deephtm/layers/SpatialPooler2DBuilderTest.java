package org.deephtm.layers;

import org.deephtm.layers.SpatialPooler2D.Inhibition;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;

import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpatialPooler2DBuilderTest {

    private static SpatialPooler2D.Builder valid() {
        return new SpatialPooler2D.Builder().activeColumns(2);
    }

    private static void assertRejected(UnaryOperator<SpatialPooler2D.Builder> change, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> change.apply(valid()).build());
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "message \"" + e.getMessage() + "\" should mention " + fragment);
        }
    }

    @Test
    void rejectsNoWinners() {
        assertRejected(b -> b.activeColumns(0), "activeColumns", "0", ">= 1");
    }

    @Test
    void rejectsARadiusBelowOne() {
        assertRejected(b -> b.inhibition(Inhibition.NEIGHBOURHOOD).inhibitionRadius(0), "inhibitionRadius", "0",
                ">= 1");
    }

    @Test
    void rejectsAsManyWinnersAsChannelsPerPosition() {
        assertRejected(b -> b.channels(2).height(4).width(4), "activeColumns (2)", "2 channels");
    }

    @Test
    void countsEveryPositionOfTheWindowInANeighbourhood() {
        SpatialPooler2D sp = valid().inhibition(Inhibition.NEIGHBOURHOOD).activeColumns(17)
                .channels(2).height(4).width(4).build();
        assertEquals(18, sp.areaSize());
        assertRejected(b -> b.inhibition(Inhibition.NEIGHBOURHOOD).activeColumns(18).channels(2)
                .height(4).width(4), "activeColumns (18)", "18 = 2 channels x 3^2 positions");
    }

    @Test
    void rejectsAPartialShape() {
        assertRejected(b -> b.channels(4), "channels, height and width together");
    }

    @Test
    void rejectsOneChannel() {
        assertRejected(b -> b.activeColumns(1).channels(1).height(2).width(2), "channels", "> 1", "1");
    }

    @Test
    void rejectsNegativeBoostStrength() {
        assertRejected(b -> b.boostStrength(-1), "boostStrength", "-1.0", ">= 0");
    }

    @Test
    void rejectsADutyCyclePeriodBelowOne() {
        assertRejected(b -> b.dutyCyclePeriod(0), "dutyCyclePeriod", "0", ">= 1");
    }

    @Test
    void rejectsANonPositiveSoftTemperature() {
        assertRejected(b -> b.softTemperature(-0.1), "softTemperature", "-0.1", "> 0");
    }

    @Test
    void rejectsAnActivationSameDiffCannotExpress() {
        assertRejected(b -> b.activation(Activation.SWISH), "activation", "SWISH");
    }

    @Test
    void rejectsNhwcMaps() {
        SpatialPooler2D sp = valid().build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sp.setNIn(InputType.convolutional(4, 4, 3, CNN2DFormat.NHWC), false));
        assertTrue(e.getMessage().contains("NCHW"), e.getMessage());
    }

    @Test
    void infersTheShapeFromTheInputType() {
        SpatialPooler2D sp = valid().build();
        sp.setNIn(InputType.convolutional(5, 6, 7), false);
        assertEquals(7, sp.getChannels());
        assertEquals(5, sp.getHeight());
        assertEquals(6, sp.getWidth());
    }

    @Test
    void targetDensityIsWinnersPerAreaUnit() {
        SpatialPooler2D sp = valid().channels(8).height(3).width(3).build();
        assertEquals(0.25, sp.targetDensity(), 0.0);
    }

    @Test
    void missingShapeIsReportedWhenTheLayerIsInitialised() {
        SpatialPooler2D sp = valid().build();
        IllegalStateException e = assertThrows(IllegalStateException.class, sp::getLayerParams);
        assertTrue(e.getMessage().contains("input shape is not set") && e.getMessage().contains("setInputType"),
                e.getMessage());
    }

    @Test
    void toStringListsTheHyperparameters() {
        SpatialPooler2D sp = valid().inhibition(Inhibition.NEIGHBOURHOOD).inhibitionRadius(2).channels(4).height(8)
                .width(8).build();
        assertEquals("SpatialPooler2D(channels=4, height=8, width=8, inhibition=NEIGHBOURHOOD, inhibitionRadius=2, "
                + "activeColumns=2, output=DECIMAL, activation=SIGMOID, boostStrength=1.0, dutyCyclePeriod=1000, "
                + "softTemperature=0.1, maskedStraightThrough=true, weightInit=XAVIER)", sp.toString());
    }

    @Test
    void htmsNameForKSetsTheSameOption() {
        assertEquals(valid().activeColumns(3).build(), valid().numActiveColumnsPerInhArea(3).build());
    }

    @Test
    void buildsTheSameLayerTwice() {
        SpatialPooler2D.Builder builder = valid().channels(4).height(2).width(2).boostStrength(0.5);
        assertEquals(builder.build(), builder.build());
    }
}
