package org.deephtm.tests;

import org.deephtm.examples.sequences.SequencesExperiment;
import org.deephtm.examples.watch.RunWatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HTM's sequence task with the noise after each sequence drawn from 10 symbols, so that it can be
 * predicted: with every matching segment predicting, context runs on from one sequence into the
 * next and the endings stay at chance; with a minimum hit rate the noise's segments fall silent,
 * the noise bursts, each sequence starts afresh and the endings are learned. A smaller memory
 * than the command's (512 columns, 20 active, 16 cells) over 4,000 elements, to stay short.
 */
class PredictableNoiseTest {

    @TempDir
    Path dir;

    private double endingsRight(double minHitRate) throws IOException {
        int elements = 4000;
        SequencesExperiment.Options o = new SequencesExperiment.Options(elements, elements + 1, 10,
                SequencesExperiment.network().columns(512).activeColumns(20).cellsPerColumn(16).minHitRate(minHitRate),
                0, 16, 0, dir.resolve("rate-" + minHitRate));
        return SequencesExperiment.run(o, done -> { }, RunWatch.NONE).models().get(0).accuracyEnd();
    }

    @Test
    void aMinimumHitRateLearnsTheEndingsThatPredictableNoiseOtherwiseHides() throws IOException {
        double silenced = endingsRight(0.33);
        double everySegment = endingsRight(0);
        System.out.printf("ten noise symbols, 4,000 elements: endings right %.2f with a minimum hit rate of 0.33, "
                + "%.2f without%n", silenced, everySegment);
        assertTrue(silenced >= 0.75, "with a minimum hit rate the endings are learned: " + silenced);
        assertTrue(everySegment <= 0.6, "without one, context runs on and the endings stay near chance: "
                + everySegment);
    }
}
