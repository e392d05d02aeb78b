package org.deephtm.examples.nab;

import org.deephtm.examples.network.Training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.function.UnaryOperator;

/**
 * The NAB corpus under the detector's defaults and under one change at a time: one configuration
 * for the whole corpus per row, NAB's rules (no look-ahead, no per-file tuning), each row's
 * thresholds optimised as NAB does.
 */
public final class NabSweep {

    /** A named change of the detector's settings. */
    public record Variant(String name, UnaryOperator<DeepHtmDetector.Settings> change) {
    }

    /** A variant's normalised scores per profile, and its time. */
    public record Row(Variant variant, List<ProfileScore> scores, double seconds) {
    }

    private NabSweep() {
    }

    /** The defaults, and the changes the sweep tries. */
    public static List<Variant> variants() {
        return List.of(
                new Variant("defaults", s -> s),
                new Variant("time of day as input", s -> s.withTimeOfDay(true)),
                new Variant("512 columns, 10 active", s -> s.withMemory(512, 10, s.cellsPerColumn())),
                new Variant("8 cells per column", s -> s.withMemory(s.columns(), s.activeColumns(), 8)),
                new Variant("learning rate 1e-3 (memory 3e-2, the seed network's)", s -> withRate(s, 1e-3)),
                new Variant("learning rate 3e-4 (memory 9e-3)", s -> withRate(s, 3e-4)),
                new Variant("learning rate 1e-2 (memory 0.3)", s -> withRate(s, 1e-2)),
                new Variant("no spatial rule", s -> s.withSpatialTolerance(0)));
    }

    private static DeepHtmDetector.Settings withRate(DeepHtmDetector.Settings s, double learningRate) {
        return s.with(new Training(s.training().engine(), s.training().updater(), learningRate));
    }

    /**
     * Runs every variant over the corpus.
     *
     * @param corpus    the corpus of {@code data} and {@code labels}, read once ({@link NabBenchmark#load})
     * @param outputDir each variant's results go in a folder of its own below it
     * @param progress  told the rows done over all variants
     */
    public static List<Row> run(Path data, Path labels, NabBenchmark.Corpus corpus, List<Variant> variants,
            Path outputDir, LongConsumer progress) throws IOException {
        List<Row> rows = new ArrayList<>();
        long done = 0;
        for (int i = 0; i < variants.size(); i++) {
            Variant v = variants.get(i);
            NabBenchmark.Options o = new NabBenchmark.Options(data, labels, Profiles.nab(), List.of(),
                    outputDir.resolve("variant-" + (i + 1)), false,
                    v.change().apply(DeepHtmDetector.Settings.defaults()));
            long before = done;
            NabBenchmark.Result r = NabBenchmark.run(o, corpus, n -> progress.accept(before + n), note -> { });
            done += corpus.rows();
            rows.add(new Row(v, r.scores(), r.seconds()));
        }
        return rows;
    }
}
