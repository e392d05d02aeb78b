package org.deephtm.examples.cli;

import org.deephtm.networks.SeedNetwork;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The seed network of the commands that read values ({@code sine}, {@code predict}, {@code anomaly},
 * {@code nab}): which network ({@code --forum-thread}), its sizes and its {@code --seed}, each
 * starting at the command's preset, a {@link SeedNetwork.Builder} (what {@code --help} shows).
 */
public final class NetworkOptions {

    private final SeedNetwork.Builder preset;

    @Mixin
    MemoryOptions memory;

    @Mixin
    SeedOption seed;

    @Option(names = "--forum-thread", description = "The forum thread's network instead of the defaults: a Dense "
            + "encoder, a spatial pooler that learns and boosts, the predicted cells to the decoder.")
    boolean forumThread;

    @Option(names = "--buckets", paramLabel = "N",
            description = "Scalar encoder buckets per input (default: ${DEFAULT-VALUE}).")
    int buckets;

    @Option(names = "--encoder-size", paramLabel = "N",
            description = "Units of each Dense encoder layer (--forum-thread; default: ${DEFAULT-VALUE}).")
    int encoderSize;

    @Option(names = "--decoder-size", paramLabel = "N",
            description = "Units of the Dense decoder layer (default: ${DEFAULT-VALUE}).")
    int decoderSize;

    public NetworkOptions(SeedNetwork.Builder preset) {
        this.preset = preset.copy();
        memory = new MemoryOptions(preset);
        seed = new SeedOption(preset.seed());
        buckets = preset.buckets();
        encoderSize = preset.encoderSize();
        decoderSize = preset.decoderSize();
    }

    /** The preset (or the forum thread's network) with the sizes and seed given. */
    public SeedNetwork.Builder resolve() {
        SeedNetwork.Builder network = forumThread ? SeedNetwork.forumThread() : preset.copy();
        return memory.applyTo(network.buckets(buckets).encoderSize(encoderSize).decoderSize(decoderSize)
                .seed(seed.seed));
    }
}
