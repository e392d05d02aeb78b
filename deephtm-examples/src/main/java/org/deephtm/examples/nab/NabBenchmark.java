package org.deephtm.examples.nab;

import org.deephtm.anomaly.AnomalyDetector;
import org.deephtm.examples.csv.AtomicFiles;
import org.deephtm.examples.csv.CsvTable;
import org.deephtm.examples.csv.Timestamps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The Numenta Anomaly Benchmark for the DeepHTM detector: run it over every labelled file of NAB's
 * corpus, write its outputs the way NAB lays out results, and score them with NAB's rules
 * ({@link NabScorer}) under each application profile.
 *
 * <p>What you will see: one results CSV per data file under {@code <output>/deephtm/<category>/},
 * columns {@code timestamp,value,anomaly_score,raw_score,likelihood,error_likelihood,label} (so that
 * {@code deephtm nab --scores <output>/deephtm} rescores them), one
 * {@code deephtm_<profile>_scores.csv} per profile with NAB's per-file columns, and the three
 * normalised scores. Each file gets a fresh network: NAB's detectors see each file once, from the
 * start, learning as they go.
 */
public final class NabBenchmark {

    /** The detector's name in the results folder and its file names. */
    public static final String DETECTOR = "deephtm";

    /**
     * @param dataDir   NAB's data folder (category subfolders of {@code timestamp,value} CSVs)
     * @param labels    NAB's labels/combined_windows.json
     * @param profiles  the application profiles
     * @param only      run only the files whose key contains one of these texts (all when empty)
     * @param outputDir where the results folder and score files go
     * @param resume    keep results files already in the output folder instead of running them again
     * @param settings  the detector (each file gets NAB's probationary period of its length)
     */
    public record Options(Path dataDir, Path labels, List<Profile> profiles, List<String> only, Path outputDir,
                          boolean resume, AnomalyDetector.Settings settings) {
    }

    /**
     * @param scores        one per profile
     * @param rows          rows in the scored files
     * @param detectedRows  rows the detector ran on (fewer than {@code rows} when resuming)
     * @param seconds       wall-clock seconds of detection
     * @param resultsDir    the results folder written
     */
    public record Result(List<ProfileScore> scores, long rows, long detectedRows, double seconds, Path resultsDir) {
    }

    /**
     * The labelled files to run.
     *
     * @param labels the windows of every labelled file
     * @param series the files to run, in the labels' order
     */
    public record Corpus(Map<String, List<Window>> labels, List<Series> series) {

        public long rows() {
            return series.stream().mapToLong(s -> s.values().length).sum();
        }
    }

    private NabBenchmark() {
    }

    /**
     * Reads the labels and the files they name (those matching {@code only}), and checks that every
     * window starts and ends at a timestamp of its file, before hours of detection.
     */
    public static Corpus load(Options o) throws IOException {
        Map<String, List<Window>> labels = Labels.read(o.labels());
        List<Series> series = Series.readCorpus(o.dataDir(), labels, o.only());
        for (Series s : series) {
            new FileSweep(new DetectorOutput(s.key(), s.timestamps(), new double[s.values().length],
                    labels.get(s.key())));
        }
        return new Corpus(labels, series);
    }

    /**
     * Runs the detector over {@code corpus} (from {@link #load}), writes the results and scores them.
     *
     * @param progress told the number of rows done, over all files
     * @param status   told the file being run
     */
    public static Result run(Options o, Corpus corpus, LongConsumer progress, Consumer<String> status)
            throws IOException {
        // 1. The corpus (see load): the files the labels name, with their windows.
        Map<String, List<Window>> labels = corpus.labels();
        Path resultsDir = o.outputDir().resolve(DETECTOR);

        // 2. Detection, file by file, each with a fresh network.
        List<DetectorOutput> outputs = new ArrayList<>();
        long rows = 0;
        long detectedRows = 0;
        long start = System.nanoTime();
        for (Series series : corpus.series()) {
            Path file = resultsFile(resultsDir, series.key());
            List<Window> windows = labels.get(series.key());
            CsvTable kept = o.resume() && Files.isRegularFile(file) ? CsvTable.read(file) : null;
            DetectorOutput output;
            if (kept != null && kept.rowCount() == series.values().length) {
                status.accept(series.key() + " (kept)");
                output = new DetectorOutput(series.key(), series.timestamps(), kept.numbers("anomaly_score"), windows);
            } else {
                status.accept(series.key());
                long done = rows;
                AnomalyScores scores = AnomalyScores.detect(series.values(), series.timestamps(), o.settings(),
                        steps -> progress.accept(done + steps));
                output = new DetectorOutput(series.key(), series.timestamps(), scores.finalScore(), windows);
                write(file, series, scores, windows);
                detectedRows += series.values().length;
            }
            outputs.add(output);
            rows += series.values().length;
            progress.accept(rows);
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        // 3. NAB's scores, one threshold per profile, and NAB's per-file score files.
        List<ProfileScore> scores = NabScorer.score(outputs, o.profiles());
        for (ProfileScore score : scores) {
            writeScores(o.outputDir().resolve(DETECTOR + "_" + score.profile().name() + "_scores.csv"), score);
        }
        return new Result(scores, rows, detectedRows, seconds, resultsDir);
    }

    /** {@code <results>/<category>/deephtm_<file>.csv}, as NAB names results. */
    static Path resultsFile(Path resultsDir, String key) {
        int slash = key.lastIndexOf('/');
        String category = slash < 0 ? "" : key.substring(0, slash);
        return resultsDir.resolve(category).resolve(DETECTOR + "_" + key.substring(slash + 1));
    }

    private static void write(Path file, Series series, AnomalyScores scores, List<Window> windows)
            throws IOException {
        // Whole or not at all: --resume keeps the result files it finds.
        AtomicFiles.write(file, out -> {
            out.println("timestamp,value,anomaly_score,raw_score,likelihood,error_likelihood,label");
            for (int t = 0; t < series.values().length; t++) {
                int label = 0;
                for (Window w : windows) {
                    if (!series.timestamps()[t].isBefore(w.start()) && !series.timestamps()[t].isAfter(w.end())) {
                        label = 1;
                    }
                }
                out.println(Timestamps.format(series.timestamps()[t]) + "," + series.values()[t] + ","
                        + number(scores.finalScore()[t]) + "," + number(scores.raw()[t]) + ","
                        + number(scores.likelihood()[t]) + "," + number(scores.errorLikelihood()[t]) + "," + label);
            }
        });
    }

    /** NAB's {@code <detector>_<profile>_scores.csv}: one row per file, then the totals. */
    private static void writeScores(Path file, ProfileScore score) throws IOException {
        AtomicFiles.write(file, out -> {
            out.println("Detector,Profile,File,Threshold,Score,TP,TN,FP,FN,Total_Count");
            int tp = 0;
            int tn = 0;
            int fp = 0;
            int fn = 0;
            for (FileScore f : score.files()) {
                out.println(String.join(",", DETECTOR, score.profile().name(), f.key(), number(score.threshold()),
                        number(f.score()), "" + f.tp(), "" + f.tn(), "" + f.fp(), "" + f.fn(),
                        "" + (f.tp() + f.tn() + f.fp() + f.fn())));
                tp += f.tp();
                tn += f.tn();
                fp += f.fp();
                fn += f.fn();
            }
            out.println(String.join(",", "Totals", "", "", "", number(score.score()), "" + tp, "" + tn, "" + fp,
                    "" + fn, "" + (tp + tn + fp + fn)));
        });
    }

    /** Full precision: rescoring the files must find the same thresholds. Empty for a score not computed (NaN). */
    private static String number(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }
}
