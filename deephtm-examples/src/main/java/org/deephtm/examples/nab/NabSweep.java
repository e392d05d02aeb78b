package org.deephtm.examples.nab;

import org.deephtm.anomaly.AnomalyDetector;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongConsumer;
import java.util.function.UnaryOperator;

/**
 * The NAB corpus under the detector's defaults and under one change at a time: one configuration
 * for the whole corpus per row, NAB's rules (no look-ahead, no per-file tuning), each row's
 * thresholds optimised as NAB does.
 */
public final class NabSweep {

    /** A named change of the detector's settings. */
    public record Variant(String name, UnaryOperator<AnomalyDetector.Settings> change) {
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
                new Variant("512 columns, 10 active", s -> s.withNetwork(s.network().columns(512).activeColumns(10))),
                new Variant("8 cells per column", s -> s.withNetwork(s.network().cellsPerColumn(8))),
                new Variant("learning rate 1e-3 (memory 3e-2, the seed network's)", s -> withRate(s, 1e-3)),
                new Variant("learning rate 3e-4 (memory 9e-3)", s -> withRate(s, 3e-4)),
                new Variant("learning rate 1e-2 (memory 0.3)", s -> withRate(s, 1e-2)),
                new Variant("no spatial rule", s -> s.withSpatialTolerance(0)),
                new Variant("the memory's score alone, no prediction error", s -> s.withPredictionError(false)));
    }

    private static AnomalyDetector.Settings withRate(AnomalyDetector.Settings s, double learningRate) {
        return s.withNetwork(s.network().learningRate(learningRate));
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
                    v.change().apply(AnomalyDetector.Settings.defaults()));
            long before = done;
            NabBenchmark.Result r = NabBenchmark.run(o, corpus, n -> progress.accept(before + n), note -> { });
            done += corpus.rows();
            rows.add(new Row(v, r.scores(), r.seconds()));
        }
        return rows;
    }

    /** The rows as a markdown table: each variant's normalised score per profile and its seconds. */
    public static String table(List<Row> rows, String environment) {
        StringBuilder t = new StringBuilder();
        t.append(String.format("NAB, the whole corpus per row, normalised scores (%s)%n%n", environment));
        t.append("| detector | standard | reward low FP | reward low FN | seconds |\n|---|---|---|---|---|\n");
        for (Row r : rows) {
            t.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.0f |%n", r.variant().name(),
                    r.scores().get(0).normalized(), r.scores().get(1).normalized(), r.scores().get(2).normalized(),
                    r.seconds()));
        }
        return t.toString();
    }
}
