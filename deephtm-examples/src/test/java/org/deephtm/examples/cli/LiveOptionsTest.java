package org.deephtm.examples.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --live [PORT]}, {@code --bind} and {@code --pace} on the commands that stream. */
class LiveOptionsTest {

    private static LiveOptions parsed(String... args) {
        CommandLine cli = DeepHtm.commandLine();
        cli.parseArgs(args);
        return ((SineCommand) cli.getSubcommands().get("sine").getCommand()).live;
    }

    @Test
    void theCommandsThatStreamHaveTheLiveView() {
        CommandLine cli = DeepHtm.commandLine();
        for (String command : List.of("sine", "predict", "anomaly", "sequences", "frames")) {
            for (String option : List.of("--live", "--bind", "--pace")) {
                assertNotNull(cli.getSubcommands().get(command).getCommandSpec().findOption(option),
                        command + " " + option);
            }
        }
    }

    @Test
    void liveWithoutAPortTakesTheDefaultAndZeroAFreeOne() {
        assertNull(parsed("sine").port, "no live view unless asked");
        assertEquals(LiveOptions.DEFAULT_PORT, parsed("sine", "--live").port);
        assertEquals(0, parsed("sine", "--live", "0").port);
        assertEquals(9123, parsed("sine", "--live", "9123", "--steps", "100").port);
    }

    @Test
    void bindOrPaceWithoutLiveIsAnErrorThatSaysSo() {
        for (String option : List.of("--bind", "--pace")) {
            CommandLine cli = DeepHtm.commandLine();
            StringWriter err = new StringWriter();
            cli.setErr(new PrintWriter(err, true));
            int exit = cli.execute("sine", option, option.equals("--bind") ? "127.0.0.1" : "5", "--steps", "100",
                    "--quiet", "-o", System.getProperty("java.io.tmpdir"));
            assertEquals(DeepHtm.BAD_INPUT, exit);
            assertTrue(err.toString().contains(option + " sets the live view: give it with --live"), err.toString());
        }
    }
}
