package org.deephtm.examples.cli;

import org.deephtm.examples.csv.Timestamps;
import org.deephtm.examples.nab.AnomalyExperiment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code deephtm anomaly}: anomaly scores of one series. */
@Command(name = "anomaly", mixinStandardHelpOptions = true,
        description = "Streams a CSV column through the DeepHTM detector (learning online) and writes, per row, "
                + "the raw anomaly score, the anomaly likelihood and the final score, with a PNG of the series, "
                + "the score and the label windows.")
final class AnomalyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "CSV file with a header line.")
    Path input;

    @Option(names = "--column", required = true, paramLabel = "NAME", description = "Column of the values.")
    String column;

    @Mixin
    TimestampOptions timestamp;

    @Option(names = "--windows", paramLabel = "FILE",
            description = "Label windows to draw: NAB's labels/combined_windows.json (the entry for this file) "
                    + "or a JSON list of [start, end] pairs.")
    Path windows;

    @Mixin
    DetectorOptions detector;

    @Mixin
    CheckpointOptions checkpoints;

    @Option(names = "--probation", paramLabel = "N",
            description = "Rows of the probationary period, while the likelihood learns the raw scores (default: "
                    + "NAB's rule, 15 %% of the file, at most 750 rows and 2 at least; a stream continued with --resume keeps "
                    + "the period it started with).")
    Integer probation;

    @Mixin
    OutputFolderOption output = new OutputFolderOption("out/anomaly");

    @Mixin
    LiveOptions live = new LiveOptions(30);

    @Mixin
    QuietOption quiet;

    @Override
    public Integer call() throws Exception {
        Path folder = output.folder();
        AnomalyExperiment.Options options = new AnomalyExperiment.Options(input, column, timestamp.resolve(), windows, folder,
                detector.settings(), checkpoints.resolve(), probation);
        AnomalyExperiment.Input in = AnomalyExperiment.load(options);
        in.warnings().forEach(w -> spec.commandLine().getErr().println("anomaly: warning: " + w));
        if (in.resumed() != null) {
            System.out.println("continuing the stream saved in " + checkpoints.resume + " after its "
                    + in.resumed().describe() + ": the first row of " + input.getFileName() + " is row "
                    + (in.resumed().rows() + 1) + " of the stream");
        }
        try (LiveOptions.Watching watching = live.start("anomaly", System.out, System.err)) {
            AnomalyExperiment.Result r;
            try (Progress progress = quiet.progress("anomaly", in.values().length)) {
                r = AnomalyExperiment.run(options, in, progress, watching.watch(), Interruption::requested);
            }
            report(in, r);
            watching.end(r.peakRow() < 0 ? "the probationary period covers the file"
                    : String.format(java.util.Locale.ROOT, "highest final score %.3f at row %d", r.peakScore(),
                    r.peakRow()));
        }
        return 0;
    }

    private void report(AnomalyExperiment.Input in, AnomalyExperiment.Result r) {
        System.out.printf("%d rows of %s in %s; %s%n", r.rows(), column, input.getFileName(), probation(r));
        if (r.peakRow() >= 0) {
            String when = in.timestamps() == null ? "" : " (" + Timestamps.format(in.timestamps()[r.peakRow()]) + ")";
            System.out.printf("highest final score after it: %.3f at row %d%s%n", r.peakScore(), r.peakRow(), when);
        } else {
            System.out.println("no final score after it: its scores are the likelihood's 0.5 (0.030) and the spatial "
                    + "rule's 1.000, not detections; give more rows, or a smaller --probation");
        }
        System.out.printf("speed: %.1f rows/s (%.2f ms/row; %s; %s)%n", r.rowsPerSecond(), 1000 / r.rowsPerSecond(),
                detector.training().describe(), Environment.describe());
        System.out.println("wrote:");
        System.out.println("  " + r.csv().toAbsolutePath());
        System.out.println("  " + r.plot().toAbsolutePath());
    }

    /** The probationary period's rows in this file, in words. */
    private static String probation(AnomalyExperiment.Result r) {
        if (r.probation() == 0) {
            return "the probationary period ended before this file";
        }
        if (r.probation() >= r.rows()) {
            return "the probationary period covers " + (r.rows() == 1 ? "its only row" : "all " + r.rows() + " rows");
        }
        return "probationary period: " + (r.probation() == 1 ? "the first row" : "the first " + r.probation()
                + " rows");
    }
}
