package org.deephtm.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Output locations checked before a command starts its work, so a long run never ends in "cannot write". */
final class OutputPaths {

    private OutputPaths() {
    }

    /** Creates {@code folder} if needed and proves it writable; the message names the option and the fix. */
    static Path folder(Path folder, String option) throws IOException {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new IllegalArgumentException(option + " " + folder + " is a file, not a folder: give a folder "
                    + "path");
        }
        for (Path up = folder.toAbsolutePath().getParent(); up != null; up = up.getParent()) {
            if (Files.exists(up)) {
                if (!Files.isDirectory(up)) {
                    throw new IllegalArgumentException(option + " " + folder + ": a parent of it is a file (" + up
                            + "): give a folder path");
                }
                break;
            }
        }
        try {
            Files.createDirectories(folder);
            Files.delete(Files.createTempFile(folder, ".deephtm-write-check", ".tmp"));
        } catch (IOException | UnsupportedOperationException e) {
            throw new IllegalArgumentException(option + " " + folder + " cannot be written (" + e + "): give a "
                    + "folder you can write to", e);
        }
        return folder;
    }

    /** Proves {@code file}'s folder writable (creating it) and that {@code file} is not a folder. */
    static Path file(Path file, String option) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(option + " " + file + " is a folder: give a file path");
        }
        Path parent = file.toAbsolutePath().getParent();
        folder(parent, option + " (its folder)");
        return file;
    }
}
