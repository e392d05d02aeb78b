package org.deephtm.tests.support;

import org.deephtm.examples.cli.DeepHtm;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** Runs the {@code deephtm} command line in this JVM and keeps what it printed. */
public final class Commands {

    /**
     * @param exitCode the command's exit code
     * @param out      its standard output
     * @param err      its error stream (picocli's)
     */
    public record Outcome(int exitCode, String out, String err) {
    }

    private Commands() {
    }

    public static Outcome run(String... args) {
        CommandLine cli = DeepHtm.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        PrintStream stdout = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = cli.execute(args);
        } finally {
            System.setOut(stdout);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        System.out.print(printed);
        return new Outcome(code, printed, err.toString());
    }
}
