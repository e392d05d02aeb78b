package org.deephtm.examples.frames;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameSequencesTest {

    private static FrameSequences.Builder clean() {
        return FrameSequences.builder().repertoire(Repertoire.STANDARD).size(32, 32).seed(3);
    }

    private static INDArray frame(INDArray frames, int t) {
        return frames.get(NDArrayIndex.point(t));
    }

    @Test
    void theSameSeedGivesTheSameEpisodes() {
        List<FrameSequences.Episode> a = clean().noise(0.1).jitter(2).build().next(6);
        List<FrameSequences.Episode> b = clean().noise(0.1).jitter(2).build().next(6);
        assertEquals(FrameSequences.timeSeries(a), FrameSequences.timeSeries(b));
    }

    @Test
    void anotherSeedGivesAnotherStreamOfTheSameClips() {
        List<FrameSequences.Episode> a = clean().build().next(10);
        List<FrameSequences.Episode> b = clean().seed(4).build().next(10);
        assertNotEquals(a.stream().map(FrameSequences.Episode::clip).toList(),
                b.stream().map(FrameSequences.Episode::clip).toList());
        FrameSequences.Episode fromB = b.get(0);
        FrameSequences.Episode fromA = a.stream().filter(e -> e.clip() == fromB.clip()).findFirst().orElseThrow();
        assertEquals(fromA.frames(), fromB.frames(), "without noise or jitter a clip always looks the same");
    }

    @Test
    void framesAreGreyLevelsInTheUnitInterval() {
        INDArray frames = clean().noise(0.3).build().next().frames();
        assertArrayEquals(new long[] {10, 1, 32, 32}, frames.shape());
        assertEquals(DataType.FLOAT, frames.dataType());
        assertTrue(frames.minNumber().doubleValue() >= 0 && frames.maxNumber().doubleValue() <= 1);
    }

    @Test
    void theTwoSevensShareTheirTurnAndPartAfterIt() {
        FrameSequences frames = FrameSequences.builder().repertoire(Repertoire.HIGH_ORDER).size(24, 24).build();
        INDArray across = frames.episode(0).frames();
        INDArray down = frames.episode(1).frames();
        for (int t = 3; t < Repertoire.SEVENS_PART_WAYS; t++) {
            assertEquals(frame(across, t), frame(down, t), "frame " + t);
        }
        for (int t : new int[] {0, 1, 2, Repertoire.SEVENS_PART_WAYS, 9}) {
            assertNotEquals(frame(across, t), frame(down, t), "frame " + t);
        }
    }

    @Test
    void noiseHasTheRequestedStandardDeviation() {
        INDArray cleanFrames = clean().build().episode(3).frames();
        INDArray noisy = clean().noise(0.05).build().episode(3).frames();
        // Away from the clipped extremes the difference is the Gaussian noise itself.
        INDArray difference = noisy.sub(cleanFrames);
        double std = difference.stdNumber().doubleValue();
        assertTrue(std > 0.03 && std < 0.05, "std " + std);
    }

    @Test
    void jitterShiftsWholeEpisodes() {
        FrameSequences frames = clean().jitter(3).build();
        Set<INDArray> firstFrames = new HashSet<>();
        for (int i = 0; i < 8; i++) {
            INDArray episode = frames.episode(2).frames();
            firstFrames.add(frame(episode, 0));
            assertEquals(frame(episode, 0).sumNumber().doubleValue(), frame(episode, 5).sumNumber().doubleValue(),
                    1.0, "the ball keeps its size");
        }
        assertTrue(firstFrames.size() > 1, "all 8 episodes started at the same place");
    }

    @Test
    void aTimeSeriesHoldsOneFlattenedFramePerStep() {
        List<FrameSequences.Episode> episodes = clean().build().next(3);
        INDArray series = FrameSequences.timeSeries(episodes);
        assertArrayEquals(new long[] {3, 32 * 32, 10}, series.shape());
        INDArray frames = episodes.get(1).frames();
        assertEquals(frame(frames, 4).reshape(32 * 32),
                series.get(NDArrayIndex.point(1), NDArrayIndex.all(), NDArrayIndex.point(4)));
        assertEquals(frames, FrameSequences.framesOf(series, 1, 32, 32));
    }

    @Test
    void everyGlyphLeavesInk() {
        FrameRenderer renderer = new FrameRenderer(16, 16);
        for (Glyph glyph : Glyph.values()) {
            INDArray frame = renderer.render(List.of(new Pose(glyph, 0.5, 0.5, 0, 0.8)));
            assertTrue(frame.sumNumber().doubleValue() > 5, glyph + " is nearly blank");
        }
    }

    @Test
    void aBouncingGlyphStaysInTheFrame() {
        Clip ball = Clip.start("ball", Glyph.CIRCLE, 0.2, 0.5, 0.5).bounce(0.23, -0.17, 40);
        for (Pose p : ball.poses()) {
            assertTrue(p.x() >= 0.1 && p.x() <= 0.9 && p.y() >= 0.1 && p.y() <= 0.9, p.toString());
        }
        assertEquals(41, ball.length());
    }

    @Test
    void motionsChainWithoutRepeatingAFrame() {
        Clip clip = Clip.start("c", Glyph.SQUARE, 0.3, 0.2, 0.5).moveTo(0.5, 0.5, 3).turn(90, 2);
        assertEquals(6, clip.length());
        assertEquals(new Pose(Glyph.SQUARE, 0.5, 0.5, 0, 0.3), clip.poses().get(3));
        assertEquals(new Pose(Glyph.SQUARE, 0.5, 0.5, 45, 0.3), clip.poses().get(4));
    }

    private static void assertRejected(UnaryOperator<FrameSequences.Builder> change, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> change.apply(clean()).build());
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "message \"" + e.getMessage() + "\" should mention " + fragment);
        }
    }

    @Test
    void rejectsClipsOfDifferentLengths() {
        assertRejected(b -> b.clips(List.of(Repertoire.BALL, Clip.start("short", Glyph.ONE, 0.5, 0.5, 0.5)
                .turn(90, 2))), "same length", "ball", "10", "short", "3");
    }

    @Test
    void rejectsNoiseOutsideTheUnitInterval() {
        assertRejected(b -> b.noise(1.5), "noise", "1.5", "[0, 1)");
    }

    @Test
    void rejectsJitterThatCanPushAGlyphOut() {
        assertRejected(b -> b.size(8, 8).jitter(4), "jitter", "[0, 3]", "4");
    }

    @Test
    void rejectsTinyFrames() {
        assertRejected(b -> b.size(2, 32), "height", "[4, 1024]", "2");
    }

    @Test
    void rejectsADigitAboveNine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Glyph.digit(10));
        assertTrue(e.getMessage().contains("[0, 9]"), e.getMessage());
    }
}
