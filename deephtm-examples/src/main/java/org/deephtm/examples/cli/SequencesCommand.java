package org.deephtm.examples.cli;

import org.deephtm.examples.sequences.SequencesExperiment;
import org.deephtm.networks.SeedNetwork;
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

    @Option(names = "--memory-learning-rate", paramLabel = "RATE",
            description = "LazyAdam's rate for the memory's weights; 0 leaves them as HTM's rule grows them "
                    + "(default: ${DEFAULT-VALUE}).")
    double memoryLearningRate = DEFAULTS.network().learningRate() * DEFAULTS.network().memoryRateFactor();

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
    LiveOptions live = new LiveOptions(30);

    @Mixin
    QuietOption quiet;

    /** DeepHTM's network: the preset with the sizes and the memory's rate given. */
    SeedNetwork.Builder network() {
        if (!(memoryLearningRate >= 0) || Double.isInfinite(memoryLearningRate)) {
            throw new IllegalArgumentException("--memory-learning-rate must be a number >= 0, got "
                    + memoryLearningRate);
        }
        return network.applyTo(DEFAULTS.network())
                .memoryRateFactor(memoryLearningRate / DEFAULTS.network().learningRate());
    }

    @Override
    public Integer call() throws Exception {
        Path folder = output.folder();
        SequencesExperiment.Options o = new SequencesExperiment.Options(elements,
                changeAt == null ? elements / 2 : changeAt, noiseSymbols, network(), lstm,
                lstmWindow, seed.seed, folder);
        try (LiveOptions.Watching watching = live.start("sequences", System.out, System.err)) {
            SequencesExperiment.Result r;
            try (Progress progress = quiet.progress("sequences", o.elements())) {
                r = SequencesExperiment.run(o, progress, watching.watch());
            }
            report(o, r);
            SequencesExperiment.ModelResult htm = r.models().get(0);
            watching.end(String.format(java.util.Locale.ROOT, "DeepHTM's accuracy on the last 100 endings: %.3f "
                    + "before the change, %.3f at the end", htm.accuracyBefore(), htm.accuracyEnd()));
        }
        return 0;
    }

    private static void report(SequencesExperiment.Options o, SequencesExperiment.Result r) {
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
    }
}
