package org.deephtm.examples.cli;

import org.deephtm.examples.sequences.SequencesExperiment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Option(names = "--elements", paramLabel = "N",
            description = "Stream length in symbols (default: ${DEFAULT-VALUE}).")
    int elements = DEFAULTS.elements();

    @Option(names = "--change-at", paramLabel = "N",
            description = "Element at which the endings swap (default: half the stream).")
    Integer changeAt;

    @Option(names = "--noise-symbols", paramLabel = "N",
            description = "How many symbols the noise after each sequence is drawn from; with few, the noise becomes "
                    + "predictable and context runs on from one sequence into the next (default: ${DEFAULT-VALUE}, "
                    + "as Cui et al.).")
    int noiseSymbols = DEFAULTS.noiseSymbols();

    @Mixin
    MemoryOptions network = new MemoryOptions(DEFAULTS.network());

    @Option(names = "--lstm", paramLabel = "N", description = "LSTM units; 0 runs no LSTM (default: ${DEFAULT-VALUE}).")
    int lstm = DEFAULTS.lstmUnits();

    @Option(names = "--lstm-window", paramLabel = "W",
            description = "The LSTM's training window (default: ${DEFAULT-VALUE}).")
    int lstmWindow = DEFAULTS.lstmWindow();

    @Mixin
    SeedOption seed = new SeedOption(DEFAULTS.seed());

    @Mixin
    OutputFolderOption output = new OutputFolderOption("out/sequences");

    @Mixin
    QuietOption quiet;

    @Override
    public Integer call() throws Exception {
        Path folder = output.folder();
        SequencesExperiment.Options o = new SequencesExperiment.Options(elements,
                changeAt == null ? elements / 2 : changeAt, noiseSymbols, network.applyTo(DEFAULTS.network()), lstm,
                lstmWindow, seed.seed, folder);
        SequencesExperiment.Result r;
        try (Progress progress = quiet.progress("sequences", o.elements())) {
            r = SequencesExperiment.run(o, progress);
        }
        System.out.printf("%d elements, endings swap at %d; accuracy on the last 100 endings:%n", o.elements(),
                o.changeAt());
        int width = r.models().stream().mapToInt(m -> m.name().length()).max().orElse(5);
        String row = "%-" + width + "s %8s %8s %14s %14s %10s%n";
        System.out.printf(row, "model", "before", "end", "95 % at", "relearned in", "steps/s");
        for (SequencesExperiment.ModelResult m : r.models()) {
            System.out.printf("%-" + width + "s %8.3f %8.3f %14s %14s %10.0f%n", m.name(), m.accuracyBefore(), m.accuracyEnd(),
                    m.firstLearned() < 0 ? "never" : m.firstLearned() + "",
                    m.relearnElements() < 0 ? "never" : m.relearnElements() + "", m.stepsPerSecond());
        }
        System.out.println("speed: " + Environment.describe());
        System.out.println("plot: " + r.plot().toAbsolutePath());
        System.out.println("endings: " + r.csv().toAbsolutePath());
        return 0;
    }
}
