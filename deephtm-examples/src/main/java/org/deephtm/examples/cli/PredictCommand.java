package org.deephtm.examples.cli;

import org.deephtm.examples.metrics.Errors;
import org.deephtm.examples.network.Checkpoints;
import org.deephtm.examples.predict.ForecastBlend;
import org.deephtm.examples.predict.ForecastTarget;
import org.deephtm.examples.predict.PredictExperiment;
import org.deephtm.networks.SeedNetwork;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code deephtm predict}: forecasts of a user's time series. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Streams a CSV column through the seed network (learning online, one row at a time) and "
                + "predicts the value --horizon rows ahead. Writes a CSV (timestamp or index, value, prediction "
                + "for that row made --horizon rows earlier, anomaly_score) and a PNG, and prints NRMSE "
                + "(RMSE / std of the truth) and MAPE (sum |error| / sum |truth|) from row --score-from on.",
                "Values are standardised online, from the rows seen so far (no look-ahead).",
                "The network is SeedNetwork's default (the size options change it), learning every row on the "
                        + "online engine."})
final class PredictCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "CSV file with a header line.")
    Path input;

    @Option(names = "--column", required = true, paramLabel = "NAME", description = "Column to predict.")
    String column;

    @Mixin
    TimestampOptions timestamp;

    @Option(names = "--features", split = ",", paramLabel = "NAME",
            description = "Extra input columns, comma-separated (e.g. --features a,b).")
    List<String> features = List.of();

    @Option(names = "--time-features",
            description = "Add time of day and day of week (sin/cos pairs) from the timestamps as inputs.")
    boolean timeFeatures;

    @Option(names = "--horizon", defaultValue = "1", paramLabel = "H",
            description = "Rows ahead to predict (default: ${DEFAULT-VALUE}).")
    int horizon;

    @Option(names = "--score-from", defaultValue = "0", paramLabel = "N",
            description = "First row (0-based) of NRMSE and MAPE (default: ${DEFAULT-VALUE}).")
    int scoreFrom;

    @Option(names = "--predict", paramLabel = "value|change|blend", converter = PredictConverter.class,
            description = "What the network predicts: the value --horizon rows ahead; or its change from the current "
                    + "value, added to the current value for the forecast; or both, blended online with the current "
                    + "value, moving averages and an autoregression on the last changes (default: blend; with "
                    + "--resume, what the save predicts).")
    ForecastTarget.Kind predict;

    @Mixin
    NetworkOptions network = new NetworkOptions(SeedNetwork.builder());

    @Mixin
    TrainingOptions training = new TrainingOptions(SeedNetwork.builder());

    @Mixin
    CheckpointOptions checkpoints;

    @Option(names = "--lstm", paramLabel = "W", defaultValue = "0",
            description = "Also run an online DL4J LSTM network with as many parameters (Dense x 2, LSTM, Dense, "
                    + "as wide as the decoder), Adam 1e-3, trained in windows of W rows, on the same rows, and print "
                    + "its NRMSE and MAPE beside DeepHTM's (0: no LSTM; default: ${DEFAULT-VALUE}).")
    int lstmWindow;

    @Mixin
    OutputFolderOption output = new OutputFolderOption("out/predict");

    @Mixin
    LiveOptions live = new LiveOptions(30);

    @Mixin
    QuietOption quiet;

    @Override
    public Integer call() throws Exception {
        Path folder = output.folder();
        Checkpoints resolved = checkpoints.resolve();
        if (predict == null) { // a resumed stream goes on as saved (--lstm with --resume is refused below)
            predict = resolved.resume() != null && lstmWindow == 0
                    ? PredictExperiment.savedPrediction(resolved.resume()) : ForecastTarget.Kind.BLEND;
        }
        PredictExperiment.Options options = new PredictExperiment.Options(input, column, timestamp.resolve(), features,
                timeFeatures, horizon, scoreFrom, network.resolve(), training.resolve(), folder, resolved, lstmWindow,
                predict);
        PredictExperiment.Input in = PredictExperiment.load(options);
        in.warnings().forEach(w -> spec.commandLine().getErr().println("predict: warning: " + w));
        if (in.resumed() != null) {
            System.out.println("continuing the stream saved in " + checkpoints.resume + " after its "
                    + in.resumed().describe() + ": the first row of " + input.getFileName() + " is row "
                    + (in.resumed().rows() + 1) + " of the stream");
        }
        try (LiveOptions.Watching watching = live.start("predict", System.out, System.err)) {
            PredictExperiment.Result r;
            try (Progress progress = quiet.progress("predict", (lstmWindow > 0 ? 2L : 1L) * in.rows())) {
                r = PredictExperiment.run(options, in, progress, watching.watch(), Interruption::requested);
            }
            report(options, in, r);
            watching.end(String.format(Locale.ROOT, "NRMSE %s, MAPE %s from row %d", Errors.format(r.nrmse()),
                    Errors.format(r.mape()), r.rows() - r.scoredRows()));
        }
        return 0;
    }

    private void report(PredictExperiment.Options options, PredictExperiment.Input in, PredictExperiment.Result r) {
        System.out.printf("%d rows of %s in %s, predicted %d row(s) ahead (%s); inputs: %s; "
                + "%d parameters, window %d%n", r.rows(), column, input.getFileName(), horizon, describe(predict),
                String.join(", ", in.inputNames()), r.parameters(), options.network().window());
        System.out.printf(Locale.ROOT, "from row %d (%d rows scored): NRMSE %s, MAPE %s%n",
                r.rows() - r.scoredRows(), r.scoredRows(), Errors.format(r.nrmse()), Errors.format(r.mape()));
        System.out.printf(Locale.ROOT, "  the value %d row(s) earlier: NRMSE %s, MAPE %s%n", horizon,
                Errors.format(r.baselineNrmse()), Errors.format(r.baselineMape()));
        if (r.blendWeights() != null) {
            StringBuilder weights = new StringBuilder();
            for (int i = 0; i < r.blendWeights().length; i++) {
                weights.append(i == 0 ? "" : ", ").append(ForecastBlend.EXPERTS.get(i))
                        .append(String.format(Locale.ROOT, " %.2f", r.blendWeights()[i]));
            }
            System.out.println("  the blend's weights at the end: " + weights);
        }
        if (r.lstm() != null) {
            System.out.printf(Locale.ROOT, "  an online LSTM (%d units, %d parameters, window %d): NRMSE %s, MAPE %s "
                    + "(%.1f rows/s on DL4J)%n", r.lstm().units(), r.lstm().parameters(), r.lstm().window(),
                    Errors.format(r.lstm().nrmse()), Errors.format(r.lstm().mape()), r.lstm().rowsPerSecond());
        }
        if (Double.isNaN(r.nrmse()) || Double.isNaN(r.mape())) {
            System.out.println("  (n/a: NRMSE divides by the scored values' spread and MAPE by their size; the "
                    + "scored rows are constant or all zero)");
        }
        System.out.printf(Locale.ROOT, "speed: %.1f rows/s (%s, %s)%n", r.rowsPerSecond(),
                options.training().describe(), Environment.describe());
        System.out.println("rows ran on: " + r.path());
        System.out.println("wrote:");
        System.out.println("  " + r.csv().toAbsolutePath());
        r.plots().forEach(p -> System.out.println("  " + p.toAbsolutePath()));
        if (options.checkpoints().save() != null) {
            System.out.println("  " + options.checkpoints().save().toAbsolutePath() + " (the stream, for --resume)");
        }
    }

    /** What the forecast is made of, for the summary's first line. */
    static String describe(ForecastTarget.Kind predict) {
        return switch (predict) {
            case VALUE -> "the network predicts the value";
            case CHANGE -> "the network predicts the change";
            case BLEND -> "a blend of the network's value and change heads, the current value, moving averages "
                    + "and an autoregression on the last changes";
        };
    }

    /** "value", "change" or "blend", in any case; picocli prints the message after the option's name. */
    static final class PredictConverter implements ITypeConverter<ForecastTarget.Kind> {
        @Override
        public ForecastTarget.Kind convert(String value) {
            try {
                return ForecastTarget.Kind.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
