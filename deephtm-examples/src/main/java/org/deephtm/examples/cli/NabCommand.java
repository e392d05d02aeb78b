package org.deephtm.examples.cli;

import org.deephtm.examples.nab.FileScore;
import org.deephtm.examples.nab.Labels;
import org.deephtm.examples.nab.NabBenchmark;
import org.deephtm.examples.nab.NabScorer;
import org.deephtm.examples.nab.Profile;
import org.deephtm.examples.nab.ProfileScore;
import org.deephtm.examples.nab.Profiles;
import org.deephtm.examples.nab.ResultsFolder;
import org.deephtm.examples.nab.Thresholds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code deephtm nab}: the Numenta Anomaly Benchmark, run or rescored. */
@Command(name = "nab", mixinStandardHelpOptions = true,
        description = {"Scores anomaly detection with the Numenta Anomaly Benchmark's rules and prints the "
                + "normalised score of each profile (null detector 0, perfect 100) and a per-file table.",
                "With --data DIR --labels FILE: runs the DeepHTM detector over NAB's corpus, writes its results "
                        + "like NAB's results folder (in --output), and scores them; the detector's options apply.",
                "With --scores DIR: rescores a detector's existing results (DIR/<category>/<detector>_<file>.csv "
                        + "with the columns timestamp and anomaly_score, and label unless --labels is given)."})
final class NabCommand implements Callable<Integer> {

    @Option(names = "--scores", paramLabel = "DIR", description = "A detector's results folder, laid out like NAB's.")
    Path scores;

    @Option(names = "--data", paramLabel = "DIR", description = "NAB's data folder: run the DeepHTM detector on it.")
    Path data;

    @Option(names = "--labels", paramLabel = "FILE", description = "NAB's labels/combined_windows.json.")
    Path labels;

    @Option(names = "--profiles", paramLabel = "FILE",
            description = "NAB's config/profiles.json (default: NAB's three profiles, built in).")
    Path profiles;

    @Option(names = "--thresholds", paramLabel = "FILE",
            description = "With --scores: score at the thresholds NAB's config/thresholds.json gives for the "
                    + "detector instead of optimising them (reproduces NAB's published scores).")
    Path thresholds;

    @Option(names = "--only", paramLabel = "TEXT",
            description = "With --data: run only the files whose path contains TEXT (repeatable), e.g. "
                    + "--only art_daily_jumpsup.")
    List<String> only = List.of();

    @Option(names = "--resume", description = "With --data: keep the results already in the output folder.")
    boolean resume;

    @Mixin
    DetectorOptions detector;

    @Mixin
    OutputFolderOption output = new OutputFolderOption("out/nab");

    @Mixin
    QuietOption quiet;

    @Override
    public Integer call() throws Exception {
        if ((scores == null) == (data == null)) {
            throw new IllegalArgumentException("give either --scores DIR (existing results) or --data DIR "
                    + "--labels FILE (run the detector)");
        }
        if (thresholds != null && scores == null) {
            throw new IllegalArgumentException("--thresholds goes with --scores");
        }
        if (data != null) {
            output.folder();
        }
        List<Profile> profileList = profiles == null ? Profiles.nab() : Profiles.read(profiles);
        List<ProfileScore> results = scores != null ? rescore(profileList) : runDetector(profileList);
        printFiles(results);
        printScores(results);
        return 0;
    }

    private List<ProfileScore> rescore(List<Profile> profileList) throws IOException {
        ResultsFolder folder = ResultsFolder.read(scores, labels == null ? null : Labels.read(labels));
        long rows = folder.files().stream().mapToLong(f -> f.scores().length).sum();
        System.out.printf("detector %s: %d files, %d rows, windows from %s%n", folder.detector(),
                folder.files().size(), rows, labels == null ? "the label columns" : labels);
        if (thresholds == null) {
            return NabScorer.score(folder.files(), profileList);
        }
        Map<String, Double> given = Thresholds.read(thresholds, folder.detector());
        List<ProfileScore> results = new ArrayList<>();
        for (Profile profile : profileList) {
            Double threshold = given.get(profile.name());
            if (threshold == null) {
                throw new IllegalArgumentException(thresholds + " has no threshold for " + folder.detector() + "."
                        + profile.name());
            }
            results.add(NabScorer.scoreAtThreshold(folder.files(), profile, threshold));
        }
        return results;
    }

    private List<ProfileScore> runDetector(List<Profile> profileList) throws IOException {
        if (labels == null) {
            throw new IllegalArgumentException("--data needs --labels FILE (NAB's labels/combined_windows.json)");
        }
        NabBenchmark.Options options = new NabBenchmark.Options(data, labels, profileList, only, output.output,
                resume, detector.settings());
        NabBenchmark.Corpus corpus = NabBenchmark.load(options);
        NabBenchmark.Result r;
        try (Progress progress = quiet.progress("nab", corpus.rows())) {
            r = NabBenchmark.run(options, corpus, progress, progress::note);
        }
        System.out.printf("detector %s: %d files, %d rows; ran on %d rows in %.0f s", NabBenchmark.DETECTOR,
                corpus.series().size(), r.rows(), r.detectedRows(), r.seconds());
        if (r.detectedRows() > 0) {
            System.out.printf(" (%.1f ms/row)", 1000 * r.seconds() / r.detectedRows());
        }
        System.out.printf("; %s; %s%nresults: %s%n", detector.training.resolve().describe(), Environment.describe(),
                r.resultsDir().toAbsolutePath());
        return r.scores();
    }

    /**
     * Per file: rows after the probationary period, windows detected and false-positive rows at the
     * first profile's threshold, and each profile's score.
     */
    private static void printFiles(List<ProfileScore> results) {
        ProfileScore first = results.get(0);
        System.out.printf("%nper file (detections at the %s threshold %.4f):%n", first.profile().name(),
                first.threshold());
        StringBuilder header = new StringBuilder(String.format("%-58s %7s %8s %6s", "file", "scored", "windows", "FP"));
        for (ProfileScore p : results) {
            header.append(String.format(" %19s", p.profile().name()));
        }
        System.out.println(header);
        for (int f = 0; f < first.files().size(); f++) {
            FileScore s = first.files().get(f);
            StringBuilder line = new StringBuilder(String.format("%-58s %7d %8s %6d", s.key(),
                    s.tp() + s.fp() + s.fn() + s.tn(), s.detectedWindows() + "/" + s.windows(), s.fp()));
            for (ProfileScore p : results) {
                line.append(String.format(" %19.3f", p.files().get(f).score()));
            }
            System.out.println(line);
        }
    }

    private static void printScores(List<ProfileScore> results) {
        System.out.printf("%nNAB scores (normalised: null detector 0, perfect detector 100):%n");
        System.out.printf("%-20s %10s %10s %10s %10s %11s%n", "profile", "threshold", "raw", "null", "perfect",
                "normalised");
        for (ProfileScore p : results) {
            System.out.printf("%-20s %10.4f %10.3f %10.3f %10.3f %11.2f%n", p.profile().name(), p.threshold(),
                    p.score(), p.nullScore(), p.perfect(), p.normalized());
        }
    }
}
