package org.deephtm.examples.cli;

import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code -o/--output FILE} of the commands that write a table, starting at the command's own file. */
final class OutputFileOption {

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Output file (default: ${DEFAULT-VALUE}); "
            + "the other files the command writes go beside it.")
    Path output;

    OutputFileOption(String preset) {
        output = Path.of(preset);
    }

    /** The file, its folder created and proven writable before the work. */
    Path file() throws IOException {
        return OutputPaths.file(output, "--output");
    }

    /** The file checked, and a folder beside it of its name without the extension, for the runs' files. */
    Path runsFolder() throws IOException {
        file();
        String stem = output.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        return OutputPaths.folder(output.resolveSibling(stem), "the runs' folder");
    }

    /** Prints {@code table} and writes it to the file. */
    int print(String table) throws IOException {
        System.out.print(table);
        Files.writeString(output, table);
        System.out.println("\ntable: " + output.toAbsolutePath());
        return 0;
    }
}
