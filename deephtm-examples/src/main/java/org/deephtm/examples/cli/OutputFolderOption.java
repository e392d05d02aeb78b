package org.deephtm.examples.cli;

import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/** {@code -o/--output DIR}, starting at the command's own folder. */
final class OutputFolderOption {

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path output;

    OutputFolderOption(String preset) {
        output = Path.of(preset);
    }

    /** The folder, created and proven writable before the work. */
    Path folder() throws IOException {
        return OutputPaths.folder(output, "--output");
    }
}
