package org.deephtm.tests.tutorial;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/tutorial.md shows exactly the code {@link TutorialTest} runs: every {@code java} block on the
 * page follows a {@code <!-- tutorial:NAME -->} marker and equals the source's
 * {@code // tutorial:begin NAME} ... {@code // tutorial:end NAME} region (indentation removed), and
 * every region is on the page, in the same order.
 */
class TutorialPageTest {

    private static final Pattern BEGIN = Pattern.compile("^\\s*// tutorial:begin (\\S+)\\s*$");
    private static final Pattern END = Pattern.compile("^\\s*// tutorial:end (\\S+)\\s*$");
    private static final Pattern MARKER = Pattern.compile("^<!-- tutorial:(\\S+) -->\\s*$");

    @Test
    void everyCodeBlockOfThePageIsTheCodeTheTestRuns() throws IOException {
        Path root = projectRoot();
        Map<String, String> regions = regions(Files.readAllLines(
                root.resolve("deephtm-tests/src/test/java/org/deephtm/tests/tutorial/TutorialTest.java")));
        Map<String, String> blocks = blocks(Files.readAllLines(root.resolve("docs/tutorial.md")));
        assertTrue(regions.size() >= 5, "regions found: " + regions.keySet());
        assertEquals(List.copyOf(regions.keySet()), List.copyOf(blocks.keySet()),
                "docs/tutorial.md shows every region of TutorialTest, in order");
        regions.forEach((name, code) -> assertEquals(code, blocks.get(name),
                "docs/tutorial.md, block \"" + name + "\" differs from TutorialTest's region"));
    }

    @Test
    void aChangedLineOrAMissingMarkerIsNoticed() {
        Map<String, String> regions = regions(List.of("class A {", "    // tutorial:begin first", "    int x = 1;",
                "", "        x++;", "    // tutorial:end first", "}"));
        assertEquals(Map.of("first", "int x = 1;\n\n    x++;"), regions);
        Map<String, String> same = blocks(List.of("Text.", "<!-- tutorial:first -->", "```java", "int x = 1;", "",
                "    x++;", "```"));
        assertEquals(regions, same);
        Map<String, String> changed = blocks(List.of("<!-- tutorial:first -->", "```java", "int x = 2;", "",
                "    x++;", "```"));
        assertNotEquals(regions, changed);
        assertThrowsIllegalState(() -> blocks(List.of("```java", "int x = 1;", "```")));
    }

    private static void assertThrowsIllegalState(Runnable r) {
        try {
            r.run();
        } catch (IllegalStateException expected) {
            return;
        }
        throw new AssertionError("a java block without a marker is rejected");
    }

    /** The source's regions, by name, in order, without their common indentation. */
    static Map<String, String> regions(List<String> lines) {
        Map<String, String> regions = new LinkedHashMap<>();
        String open = null;
        List<String> body = new ArrayList<>();
        for (String line : lines) {
            Matcher begin = BEGIN.matcher(line);
            Matcher end = END.matcher(line);
            if (begin.matches()) {
                open = begin.group(1);
                body.clear();
            } else if (end.matches()) {
                if (!end.group(1).equals(open)) {
                    throw new IllegalStateException("tutorial:end " + end.group(1) + " closes " + open);
                }
                regions.put(open, dedent(body));
                open = null;
            } else if (open != null) {
                body.add(line);
            }
        }
        return regions;
    }

    /** The page's java blocks, by the name of the marker before each. */
    static Map<String, String> blocks(List<String> lines) {
        Map<String, String> blocks = new LinkedHashMap<>();
        String marked = null;
        for (int i = 0; i < lines.size(); i++) {
            Matcher marker = MARKER.matcher(lines.get(i));
            if (marker.matches()) {
                marked = marker.group(1);
            } else if (lines.get(i).startsWith("```java")) {
                if (marked == null) {
                    throw new IllegalStateException("line " + (i + 1) + ": a java block without a tutorial marker");
                }
                List<String> body = new ArrayList<>();
                while (!lines.get(++i).startsWith("```")) {
                    body.add(lines.get(i));
                }
                blocks.put(marked, dedent(body));
                marked = null;
            }
        }
        return blocks;
    }

    private static String dedent(List<String> lines) {
        int indent = lines.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length())
                .min().orElse(0);
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            out.add(line.isBlank() ? "" : line.substring(indent).stripTrailing());
        }
        while (!out.isEmpty() && out.get(0).isEmpty()) {
            out.remove(0);
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return String.join("\n", out);
    }

    /** The project's root: the directory above this module that holds docs/. */
    private static Path projectRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("docs")) && Files.isDirectory(p.resolve("deephtm-tests"))) {
                return p;
            }
        }
        throw new IllegalStateException("no project root with docs/ above " + Path.of("").toAbsolutePath());
    }
}
