package org.deephtm.examples.live;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.deephtm.examples.watch.DenseMemoryPicture;
import org.deephtm.examples.watch.PictureSource;
import org.deephtm.examples.watch.RunLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The live view's server and event stream, with a run made up in the test: what the events
 * carry (docs/live-view.md), what a bad request gets, and what an open or closed page costs the run.
 */
class LiveViewTest {

    /** Fields a and b; charts of a, of the RMSE of a - b over 2 steps, of the mean of b over 3 values. */
    private static final RunLayout LAYOUT = new RunLayout("a test run", List.of("a", "b"),
            List.of(RunLayout.Chart.of("A", RunLayout.Line.value("a")),
                    RunLayout.Chart.of("Statistics", RunLayout.Line.movingRmse("rmse", "a", "b", 2),
                            RunLayout.Line.movingMean("mean of b", "b", 3))));

    private LiveView live;

    @AfterEach
    void stop() {
        if (live != null) {
            live.close();
        }
    }

    /**
     * A memory of 4 columns of 2 cells: columns 0 and 1 active; cells 0 (column 0) and 4 (column 2)
     * predicted for this step; cells 2 (column 1) and 7 (column 3) for the next. So column 0 was
     * predicted and is active, column 1 bursts, column 2 was predicted and stayed inactive. The
     * picture counts how often it was asked for.
     */
    private static final class Pictures implements PictureSource {
        final AtomicInteger asked = new AtomicInteger();

        @Override
        public Picture picture() {
            asked.incrementAndGet();
            return new Picture(new DenseMemoryPicture(2, 0.5, new float[] {1, 0.5f, 0, 0},
                    new float[] {0.9f, 0.1f, 0.2f, 0.3f, 0.7f, 0, 0, 0}, new float[] {0, 0, 0.6f, 0, 0, 0, 0, 0.8f}),
                    new FramePair("frame 1", 2, 2, new float[] {0, 0.25f, 1, 0.5f}, new float[] {0.1f, 0.2f, 0.3f,
                            1.5f}));
        }
    }

    private LiveView start() throws IOException {
        live = LiveView.start(InetAddress.getLoopbackAddress(), 0, Pace.FULL_SPEED);
        return live;
    }

    private static int[] ints(JsonElement array) {
        JsonArray a = array.getAsJsonArray();
        int[] values = new int[a.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = a.get(i).getAsInt();
        }
        return values;
    }

    private static double number(JsonElement e) {
        return e.isJsonNull() ? Double.NaN : e.getAsDouble();
    }

    @Test
    void theEventsCarryTheChartsPointsMemoryFrameAndEnd() throws Exception {
        start();
        Pictures pictures = new Pictures();
        live.begin(LAYOUT);
        live.pictures(pictures);
        try (PageClient page = new PageClient(live.address()).open()) {
            JsonObject run = page.next("run").data();
            assertEquals("a test run", run.get("title").getAsString());
            JsonArray charts = run.getAsJsonArray("charts");
            assertEquals(2, charts.size());
            JsonObject rmse = charts.get(1).getAsJsonObject().getAsJsonArray("lines").get(0).getAsJsonObject();
            assertEquals("MOVING_RMSE", rmse.get("kind").getAsString());
            assertEquals(2, rmse.get("window").getAsInt());

            double[][] steps = {{1, 0}, {2, Double.NaN}, {3, 1}, {5, 2}};
            for (int t = 0; t < steps.length; t++) {
                live.stepped(t, steps[t]);
            }
            live.end("over");
            List<double[]> points = new ArrayList<>();
            JsonObject sampled = null;
            PageClient.Event e;
            while (!(e = page.next()).name().equals("end")) {
                for (JsonElement p : e.data().getAsJsonArray("points")) {
                    JsonArray a = p.getAsJsonArray();
                    points.add(new double[] {a.get(0).getAsDouble(), number(a.get(1)), number(a.get(2)),
                            number(a.get(3))});
                }
                if (e.data().has("memory")) {
                    sampled = e.data();
                }
            }
            assertEquals("over", e.data().get("summary").getAsString());
            assertEquals(3, e.data().get("step").getAsLong());
            // step, a, RMSE of a - b over the last 2 steps where both exist, mean of the last 3 b
            double[][] expected = {{0, 1, 1, 0}, {1, 2, 1, 0}, {2, 3, Math.sqrt((1 + 4) / 2.0), 0.5},
                    {3, 5, Math.sqrt((4 + 9) / 2.0), 1}};
            assertEquals(expected.length, points.size());
            for (int i = 0; i < expected.length; i++) {
                for (int j = 0; j < 4; j++) {
                    assertEquals(expected[i][j], points.get(i)[j], 1e-12, "point " + i + ", value " + j);
                }
            }

            assertTrue(sampled != null, "a picture reached the open page");
            JsonObject memory = sampled.getAsJsonObject("memory");
            assertEquals(4, memory.get("columns").getAsInt());
            assertEquals(2, memory.get("cellsPerColumn").getAsInt());
            assertEquals(List.of(0), List.of(ints(memory.get("correct"))[0]));
            assertEquals(1, ints(memory.get("correct")).length);
            assertEquals(1, ints(memory.get("bursting"))[0]);
            assertEquals(2, ints(memory.get("wrong"))[0]);
            assertEquals("[1, 3]", java.util.Arrays.toString(ints(memory.get("next"))));
            JsonObject frame = sampled.getAsJsonObject("frame");
            assertEquals("[0.0,0.25,1.0,0.5]", frame.get("truth").toString());
            assertEquals("[0.1,0.2,0.3,1.0]", frame.get("predicted").toString(), "grey levels within [0, 1]");
        }
    }

    @Test
    void aFocusedColumnBringsItsCellsInTheNextPicture() throws Exception {
        start();
        live.begin(LAYOUT);
        live.pictures(new Pictures());
        try (PageClient page = new PageClient(live.address()).open()) {
            page.next("run");
            live.stepped(0, new double[] {1, 1});
            while (!page.next("update").data().has("memory")) {
                live.stepped(0, new double[] {1, 1});
            }
            assertEquals(204, page.send("POST", "/focus?column=2").status());
            live.stepped(1, new double[] {1, 1});
            JsonObject focus;
            do {
                JsonObject update = page.next("update").data();
                focus = update.has("memory") ? update.getAsJsonObject("memory").getAsJsonObject("focus") : null;
            } while (focus == null);
            assertEquals(2, focus.get("column").getAsInt());
            JsonArray cells = focus.getAsJsonArray("cells");
            assertEquals(4, cells.get(0).getAsJsonObject().get("cell").getAsInt());
            assertEquals(0.7, cells.get(0).getAsJsonObject().get("strength").getAsDouble(), 1e-9);
            assertEquals(0.0, cells.get(1).getAsJsonObject().get("next").getAsDouble());
            assertTrue(cells.get(0).getAsJsonObject().get("activity").isJsonNull(), "this memory shows no activity");
        }
    }

    @Test
    void badRequestsGetA4xxThatSaysWhyAndLeaveTheRunAsItWas() throws Exception {
        start();
        live.begin(LAYOUT);
        live.pictures(new Pictures());
        PageClient client = new PageClient(live.address());
        assertEquals(409, client.send("POST", "/focus?column=1").status(), "no memory has been drawn yet");
        try (PageClient page = new PageClient(live.address()).open()) {
            page.next("run");
            live.stepped(0, new double[] {1, 1});
            while (!page.next("update").data().has("memory")) {
                live.stepped(0, new double[] {1, 1});
            }
            String[][] requests = {
                    {"GET", "/nothing", "404", "no such page: /nothing"},
                    {"GET", "/../pom.xml", "404", "no such page"},
                    {"GET", "/%2e%2e/pom.xml", "404", "no such page"},
                    {"DELETE", "/", "405", "/ answers GET, not DELETE"},
                    {"GET", "/control?action=pause", "405", "/control answers POST, not GET"},
                    {"GET", "/live.js?x=1", "400", "/live.js takes no parameters"},
                    {"POST", "/control?action=jump", "400", "takes action=pause, resume, slower or faster"},
                    {"POST", "/control?action=pause&action=pause", "400", "parameter action given twice"},
                    {"POST", "/focus?column=4", "400", "column 4 of a memory of 4 columns"},
                    {"POST", "/focus?column=-1", "400", "column must be a whole number >= 0, got '-1'"},
                    {"POST", "/focus?column=1&cell=4", "400", "cell 4 is not in column 1 (2 cells per column)"},
                    {"POST", "/focus?cell=3", "400", "/focus needs the column of cell 3"},
                    {"POST", "/focus?row=3", "400", "/focus takes column and cell, got row"},
                    {"POST", "/focus?column=1.5", "400", "column must be a whole number >= 0, got '1.5'"}};
            for (String[] r : requests) {
                PageClient.Answer a = client.send(r[0], r[1]);
                assertEquals(Integer.parseInt(r[2]), a.status(), r[0] + " " + r[1] + ": " + a.body());
                assertTrue(a.body().contains(r[3]), r[0] + " " + r[1] + ": " + a.body());
            }
            assertEquals(Pace.FULL_SPEED, live.pace().stepsPerSecond());
            assertFalse(live.pace().paused());
            live.stepped(1, new double[] {2, 2});
            live.end("over");
            assertEquals(1, page.next("end").data().get("step").getAsInt(), "the run went on");
        }
        assertEquals(200, client.send("GET", "/uplot.js").status(), "the chart library comes from its WebJar");
    }

    @Test
    void aClosedPageCostsTheRunNoMorePictures() throws Exception {
        start();
        Pictures pictures = new Pictures();
        live.begin(LAYOUT);
        live.pictures(pictures);
        for (int t = 0; t < 100; t++) {
            live.stepped(t, new double[] {t, t});
        }
        assertEquals(0, pictures.asked.get(), "no page, no picture");
        PageClient page = new PageClient(live.address()).open();
        page.next("run");
        int t = 100;
        while (pictures.asked.get() == 0) {
            live.stepped(t++, new double[] {t, t});
        }
        page.close();
        while (live.pagesOpen() > 0) { // the server finds the page gone at its next write
            live.stepped(t++, new double[] {t, t});
            Thread.sleep(10);
        }
        int asked = pictures.asked.get();
        for (int i = 0; i < 1000; i++) {
            live.stepped(t++, new double[] {t, t});
        }
        assertEquals(asked, pictures.asked.get());
    }

    @Test
    void theLastPageToCloseResumesAPausedRun() throws Exception {
        start();
        live.begin(LAYOUT);
        PageClient page = new PageClient(live.address()).open();
        page.next("run");
        assertEquals(204, page.send("POST", "/control?action=pause").status());
        assertTrue(live.pace().paused());
        page.close();
        Thread run = new Thread(() -> live.stepped(0, new double[] {0, 0}));
        run.start();
        run.join(120_000); // a guard against a hang, not a measure: the server finds the page gone within a second
        assertFalse(run.isAlive(), "the paused run resumed when its last page closed");
        assertFalse(live.pace().paused());
    }
}
