package org.deephtm.examples.cli;

import org.deephtm.anomaly.AnomalyDetector;
import org.deephtm.examples.frames.FramesExperiment;
import org.deephtm.examples.sequences.HighOrderSweep;
import org.deephtm.examples.sequences.SequencesExperiment;
import org.deephtm.layers.TemporalMemory;
import org.deephtm.networks.SeedNetwork;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The options the commands share: one name each, one description, defaults from the command's preset. */
class SharedOptionsTest {

    /** Every command and subcommand that runs something, by its full name ("sweep sine"). */
    private static List<CommandSpec> commands(CommandLine cli) {
        List<CommandSpec> all = new ArrayList<>();
        for (CommandLine sub : cli.getSubcommands().values()) {
            if (sub.getCommand() instanceof Callable && !(sub.getCommand() instanceof CommandLine.HelpCommand)) {
                all.add(sub.getCommandSpec());
            }
            all.addAll(commands(sub));
        }
        return all;
    }

    private static CommandSpec command(String... path) {
        CommandLine cli = DeepHtm.commandLine();
        for (String name : path) {
            cli = cli.getSubcommands().get(name);
        }
        return cli.getCommandSpec();
    }

    private static String defaultOf(String option, String... command) {
        OptionSpec spec = command(command).findOption(option);
        assertNotNull(spec, option + " of " + String.join(" ", command));
        return spec.defaultValueString();
    }

    @Test
    void theSharedOptionsHaveOneNameAndOneDescriptionInEveryCommand() {
        List<CommandSpec> commands = commands(DeepHtm.commandLine());
        assertTrue(commands.size() >= 12, "commands found: " + commands.size());
        Map<String, String> descriptions = new HashMap<>();
        for (CommandSpec c : commands) {
            for (OptionSpec o : c.options()) {
                if (o.hidden()) {
                    continue;
                }
                for (String old : List.of("--cells", "--active")) {
                    assertFalse(List.of(o.names()).contains(old), c.qualifiedName() + " shows " + old);
                }
            }
            assertNotNull(c.findOption("--quiet"), c.qualifiedName() + " has --quiet");
            assertNotNull(c.findOption("-o"), c.qualifiedName() + " has -o");
            for (String shared : List.of("--quiet", "--seed", "--columns", "--active-columns", "--cells-per-column",
                    "--window", "--engine", "--updater")) {
                OptionSpec o = c.findOption(shared);
                if (o != null && !(c.qualifiedName().endsWith("frames") || c.qualifiedName().endsWith("high-order"))) {
                    String description = String.join(" ", o.description()).replaceAll("default: .*$", "");
                    String first = descriptions.putIfAbsent(shared, description);
                    assertEquals(first == null ? description : first, description, shared + " in "
                            + c.qualifiedName());
                }
            }
        }
    }

    @Test
    void eachDefaultComesFromTheCommandsPresetAndHelpShowsIt() {
        SeedNetwork.Builder seed = SeedNetwork.builder();
        assertEquals("" + seed.cellsPerColumn(), defaultOf("--cells-per-column", "sine"));
        assertEquals("" + seed.cellsPerColumn(), defaultOf("--cells-per-column", "predict"));
        assertEquals("" + seed.learningRate(), defaultOf("--learning-rate", "sine"));
        assertEquals("" + seed.seed(), defaultOf("--seed", "predict"));
        SeedNetwork.Builder symbols = SequencesExperiment.network();
        assertEquals("" + symbols.cellsPerColumn(), defaultOf("--cells-per-column", "sequences"));
        assertEquals("" + symbols.activeColumns(), defaultOf("--active-columns", "sequences"));
        assertEquals("" + symbols.window(), defaultOf("--window", "sequences"));
        SeedNetwork.Builder detector = AnomalyDetector.Settings.defaults().network();
        assertEquals("" + detector.learningRate(), defaultOf("--learning-rate", "anomaly"));
        assertEquals("" + detector.learningRate(), defaultOf("--learning-rate", "nab"));
        assertEquals("" + detector.cellsPerColumn(), defaultOf("--cells-per-column", "nab"));
        assertEquals("" + detector.encoderSize(), defaultOf("--encoder-size", "anomaly"));
        assertEquals(SeedNetwork.Encoder.DENSE, detector.encoder(), "what --help says of anomaly and nab");
        assertEquals(SeedNetwork.Encoder.SCALAR, seed.encoder(), "what --help says of the others");
        FramesExperiment.Options frames = FramesExperiment.Options.defaults(null);
        assertEquals("" + frames.cellsPerColumn(), defaultOf("--cells-per-column", "frames"));
        assertEquals("" + frames.seed(), defaultOf("--seed", "frames"));
        assertFalse(frames.representationLearning(), "frames' encoder keeps its weights unless asked");
        assertEquals("out/sine", defaultOf("-o", "sine"));
        assertEquals("out/sweep/high-order.md", defaultOf("-o", "sweep", "high-order"));

        String help = command("sequences").commandLine().getUsageMessage();
        assertTrue(help.contains("Temporal memory cells per column (default: " + symbols.cellsPerColumn() + ")"),
                help);
    }

    @Test
    void theSizesGivenReachTheNetworkAndTheOthersKeepThePresets() {
        CommandLine cli = DeepHtm.commandLine();
        cli.parseArgs("sine", "--columns", "64", "--cells-per-column", "3", "--seed", "9", "--window", "4");
        SeedNetwork.Builder network = ((SineCommand) cli.getSubcommands().get("sine").getCommand()).network.resolve();
        assertEquals(64, network.columns());
        assertEquals(3, network.cellsPerColumn());
        assertEquals(9, network.seed());
        assertEquals(4, network.window());
        assertEquals(SeedNetwork.builder().activeColumns(), network.activeColumns());
        assertEquals(SeedNetwork.Encoder.SCALAR, network.encoder());

        cli.parseArgs("sine", "--encoder", "dense", "--encoder-size", "32");
        network = ((SineCommand) cli.getSubcommands().get("sine").getCommand()).network.resolve();
        assertTrue(network.describe().startsWith("Dense 1-32-32, SpatialPooler 256 columns/5 active (fixed)"),
                network.describe());
        cli.parseArgs("sine", "--representation-learning");
        network = ((SineCommand) cli.getSubcommands().get("sine").getCommand()).network.resolve();
        assertTrue(network.describe().startsWith("ScalarEncoder 1x64, SpatialPooler 256 columns/5 active, "),
                "the pooler learns: " + network.describe());
        cli.parseArgs("sine", "--forum-thread", "--encoder", "scalar");
        assertEquals(SeedNetwork.Encoder.SCALAR, ((SineCommand) cli.getSubcommands().get("sine").getCommand())
                .network.resolve().encoder(), "--encoder over the forum thread's");
        cli.parseArgs("sine", "--forum-thread");
        network = ((SineCommand) cli.getSubcommands().get("sine").getCommand()).network.resolve();
        assertEquals(SeedNetwork.Encoder.DENSE, network.encoder());
        assertEquals(SeedNetwork.builder().cellsPerColumn(), network.cellsPerColumn(), "the earlier run's sizes "
                + "are gone");
    }

    @Test
    void sequencesTakesTheMemorysRateAndTheSweepItsConnectivity() {
        CommandLine cli = DeepHtm.commandLine();
        cli.parseArgs("sequences");
        SeedNetwork.Builder preset = SequencesExperiment.network();
        SeedNetwork.Builder network = ((SequencesCommand) cli.getSubcommands().get("sequences").getCommand()).network();
        assertEquals(preset.memoryRateFactor(), network.memoryRateFactor(), 1e-12);
        assertEquals(TemporalMemory.Connectivity.SEGMENTS, network.connectivity(), "what --help says of sequences");
        cli.parseArgs("sine");
        assertEquals(TemporalMemory.Connectivity.DENSE, ((SineCommand) cli.getSubcommands().get("sine").getCommand())
                .network.resolve().connectivity(), "what --help says of the other commands");
        cli.parseArgs("sequences");
        cli.parseArgs("sequences", "--memory-learning-rate", "0.02");
        network = ((SequencesCommand) cli.getSubcommands().get("sequences").getCommand()).network();
        assertEquals(0.02, network.learningRate() * network.memoryRateFactor(), 1e-12);
        assertEquals(preset.learningRate(), network.learningRate(), "the softmax keeps its rate");
        assertEquals(0, network.minHitRate(), "no minimum hit rate unless asked");
        cli.parseArgs("sequences", "--min-hit-rate", "0.33");
        network = ((SequencesCommand) cli.getSubcommands().get("sequences").getCommand()).network();
        assertEquals(0.33, network.minHitRate());
        assertTrue(network.describe().contains("min hit rate 0.33"), network.describe());

        cli.parseArgs("sweep", "high-order");
        HighOrderSweep.Grid grid = ((SweepCommand.HighOrder) cli.getSubcommands().get("sweep").getSubcommands()
                .get("high-order").getCommand()).grid();
        assertEquals(TemporalMemory.Connectivity.DENSE, grid.connectivity());
        assertEquals(8, grid.window());
        cli.parseArgs("sweep", "high-order", "--connectivity", "segments", "--middles", "4");
        grid = ((SweepCommand.HighOrder) cli.getSubcommands().get("sweep").getSubcommands().get("high-order")
                .getCommand()).grid();
        assertEquals(TemporalMemory.Connectivity.SEGMENTS, grid.connectivity());
        assertEquals(1, grid.window(), "segments learn every step online");
        assertTrue(grid.tasks().stream().allMatch(t -> t.connectivity() == TemporalMemory.Connectivity.SEGMENTS
                && t.middle() == 4));
        assertTrue(grid.tasks().stream().allMatch(t -> t.columns() == 2048 && t.activeColumns() == 40
                && t.minHitRate() == 0.33), "segments sweep at HTM's size with a minimum hit rate");
        cli.parseArgs("sweep", "high-order", "--connectivity", "segments", "--sizes", "128/5,256/8",
                "--min-hit-rate", "0");
        grid = ((SweepCommand.HighOrder) cli.getSubcommands().get("sweep").getSubcommands().get("high-order")
                .getCommand()).grid();
        assertEquals(List.of("128/5", "256/8"), grid.sizes().stream().map(z -> z[0] + "/" + z[1]).toList());
        assertEquals(0, grid.minHitRate());
        cli.parseArgs("sweep", "high-order");
        grid = ((SweepCommand.HighOrder) cli.getSubcommands().get("sweep").getSubcommands().get("high-order")
                .getCommand()).grid();
        assertEquals(0, grid.minHitRate(), "the dense memory counts no hits");
        assertEquals(3, grid.sizes().size(), "the dense sweep keeps its three sizes");
    }

    @Test
    void highOrderSweepRefusesWhatItCannotRun() {
        CommandLine cli = DeepHtm.commandLine();
        cli.parseArgs("sweep", "high-order", "--min-hit-rate", "0.3");
        SweepCommand.HighOrder highOrder = (SweepCommand.HighOrder) cli.getSubcommands().get("sweep")
                .getSubcommands().get("high-order").getCommand();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, highOrder::grid);
        assertTrue(e.getMessage().contains("--min-hit-rate needs --connectivity segments"), e.getMessage());
        CommandLine.ParameterException bad = assertThrows(CommandLine.ParameterException.class,
                () -> cli.parseArgs("sweep", "high-order", "--sizes", "2048x40"));
        assertTrue(bad.getMessage().contains("COLUMNS/ACTIVE"), bad.getMessage());
    }

    @Test
    void framesLearnsItsEncoderOnlyWhenAsked() {
        CommandLine cli = DeepHtm.commandLine();
        FramesCommand frames = (FramesCommand) cli.getSubcommands().get("frames").getCommand();
        cli.parseArgs("frames");
        assertFalse(frames.representationLearning);
        cli.parseArgs("frames", "--representation-learning");
        assertTrue(frames.representationLearning);
        cli.parseArgs("frames", "--no-representation-learning");
        assertFalse(frames.representationLearning);
    }

    @Test
    void theOldNamesStillWork() {
        CommandLine cli = DeepHtm.commandLine();
        cli.parseArgs("sequences", "--cells", "3");
        assertEquals(3, ((SequencesCommand) cli.getSubcommands().get("sequences").getCommand()).network
                .applyTo(SequencesExperiment.network()).cellsPerColumn());
        cli.parseArgs("frames", "--cells", "2", "--active", "3");
        FramesCommand frames = (FramesCommand) cli.getSubcommands().get("frames").getCommand();
        assertEquals(2, frames.cellsPerColumn);
        assertEquals(3, frames.activeColumns);
        cli.parseArgs("sweep", "high-order", "--cells", "2,5");
        SweepCommand.HighOrder sweep = (SweepCommand.HighOrder) cli.getSubcommands().get("sweep").getSubcommands()
                .get("high-order").getCommand();
        assertEquals(List.of(2, 5), sweep.cells);
    }
}
