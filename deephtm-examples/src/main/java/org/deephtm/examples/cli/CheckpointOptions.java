package org.deephtm.examples.cli;

import org.deephtm.examples.network.Checkpoints;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code --save}, {@code --save-every} and {@code --resume} of the streaming commands. */
final class CheckpointOptions {

    @Option(names = "--save", paramLabel = "FILE",
            description = "Save the learner and the stream's state to FILE at the end (and every --save-every "
                    + "rows), each save written whole before it replaces the last.")
    Path save;

    @Option(names = "--save-every", defaultValue = "0", paramLabel = "N",
            description = "With --save: also save every N rows (default: ${DEFAULT-VALUE}, at the end only).")
    int saveEvery;

    @Option(names = "--resume", paramLabel = "FILE",
            description = "Continue the stream a --save wrote: --input holds the rows that follow; the network "
                    + "is the saved one (the size and training options are not used).")
    Path resume;

    /** The checkpoints, with the save path proven writable and the resume file present. */
    Checkpoints resolve() throws IOException {
        if (save != null) {
            OutputPaths.file(save, "--save");
        }
        if (resume != null && !Files.isRegularFile(resume)) {
            throw new IllegalArgumentException("--resume " + resume + (Files.isDirectory(resume) ? " is a folder"
                    : " does not exist") + ": give a file that --save wrote");
        }
        return new Checkpoints(save, saveEvery, resume);
    }
}
