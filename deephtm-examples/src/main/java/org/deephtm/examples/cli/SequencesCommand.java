package org.deephtm.examples.cli;

import org.deephtm.examples.sequences.SequencesExperiment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code deephtm sequences}: HTM's continuous high-order sequence task, DeepHTM beside an LSTM. */
@Command(name = "sequences", mixinStandardHelpOptions = true,
        description = {"HTM's continuous sequence task (Cui, Ahmad and Hawkins 2016): eight sequences over 10 symbols, "
                + "in pairs sharing their middles, one symbol at a time with a noise symbol between sequences and "
                + "no resets; halfway, the endings swap.",
                "DeepHTM and a DL4J LSTM learn online side by side; prints each one's accuracy on the endings "
                        + "before the change and at the end, and the elements it took to reach 95 %% again after "
                        + "the change; plots accuracy over time."})
final class SequencesCommand implements Callable<Integer> {

    private static final SequencesExperiment.Options DEFAULTS = SequencesExperiment.Options.defaults(Path.of("."));

    @Option(names = "--elements", paramLabel = "N", description = "Stream length in symbols (default: 20000).")
    Integer elements;

    @Option(names = "--change-at", paramLabel = "N",
            description = "Element at which the endings swap (default: half the stream).")
    Integer changeAt;

    @Option(names = "--columns", paramLabel = "C", description = "Spatial pooler columns (default: 256).")
    Integer columns;

    @Option(names = "--active-columns", paramLabel = "K", description = "Active columns (default: 8).")
    Integer activeColumns;

    @Option(names = "--cells", paramLabel = "N", description = "Cells per column (default: 8).")
    Integer cells;

    @Option(names = "--window", paramLabel = "W", description = "DeepHTM's training window (default: 8).")
    Integer window;

    @Option(names = "--lstm", paramLabel = "N", description = "LSTM units; 0 runs no LSTM (default: 64).")
    Integer lstm;

    @Option(names = "--lstm-window", paramLabel = "W", description = "The LSTM's training window (default: 16).")
    Integer lstmWindow;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-o", "--output"}, defaultValue = "out/sequences", paramLabel = "DIR",
            description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        OutputPaths.folder(output, "--output");
        SequencesExperiment.Options d = DEFAULTS;
        int n = elements == null ? d.elements() : elements;
        SequencesExperiment.Options o = new SequencesExperiment.Options(n, changeAt == null ? n / 2 : changeAt,
                or(columns, d.columns()), or(activeColumns, d.activeColumns()), or(cells, d.cellsPerColumn()),
                or(window, d.window()), or(lstm, d.lstmUnits()), or(lstmWindow, d.lstmWindow()), seed, output);
        SequencesExperiment.Result r;
        try (Progress progress = Progress.start("sequences", o.elements(), quiet)) {
            r = SequencesExperiment.run(o, progress);
        }
        System.out.printf("%d elements, endings swap at %d; accuracy on the last 100 endings:%n", o.elements(),
                o.changeAt());
        System.out.printf("%-58s %8s %8s %14s %14s %10s%n", "model", "before", "end", "95 % at", "relearned in",
                "steps/s");
        for (SequencesExperiment.ModelResult m : r.models()) {
            System.out.printf("%-58s %8.3f %8.3f %14s %14s %10.0f%n", m.name(), m.accuracyBefore(), m.accuracyEnd(),
                    m.firstLearned() < 0 ? "never" : m.firstLearned() + "",
                    m.relearnElements() < 0 ? "never" : m.relearnElements() + "", m.stepsPerSecond());
        }
        System.out.println("speed: " + Environment.describe());
        System.out.println("plot: " + r.plot().toAbsolutePath());
        System.out.println("endings: " + r.csv().toAbsolutePath());
        return 0;
    }

    private static int or(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
