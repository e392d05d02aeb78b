package org.deephtm.tests.live;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.deephtm.examples.live.LiveView;
import org.deephtm.examples.network.Training;
import org.deephtm.examples.sine.SineExperiment;
import org.deephtm.examples.watch.PictureSource;
import org.deephtm.examples.watch.RunLayout;
import org.deephtm.examples.watch.RunWatch;
import org.deephtm.layers.TemporalMemory;
import org.deephtm.networks.SeedNetwork;
import org.deephtm.online.StepListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The live view in a real browser: Debian's headless Chromium, driven by Selenium, loads the page
 * while the sine experiment streams (the seed network with HTM's dendritic segments, 100 steps a
 * second), and the test looks at what it drew. The charts' and the grid's pixels change as the run
 * goes; the grid's colours are the memory's classes; a column clicked shows its cells, a cell
 * clicked its segments; Pause holds the run, Resume lets it go on, Faster raises the pace.
 *
 * <p>It needs {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver} (Debian's {@code chromium}
 * and {@code chromium-driver}, which {@code .ci/run} installs); without them it is skipped and says so.
 */
class LiveViewBrowserTest {

    private static final File CHROMIUM = new File(System.getenv().getOrDefault("DEEPHTM_CHROMIUM",
            "/usr/bin/chromium"));
    private static final File CHROMEDRIVER = new File(System.getenv().getOrDefault("DEEPHTM_CHROMEDRIVER",
            "/usr/bin/chromedriver"));
    /** Waits for what the page eventually shows: a guard against a hang, not a measure. */
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    /** Each column's square: its class by colour (0 idle, 1 correct, 2 bursting, 3 wrong) and centre (CSS px). */
    private static final String GRID_SQUARES = """
            const canvas = document.getElementById('grid');
            const columns = Number(canvas.dataset.columns);
            const across = Math.ceil(Math.sqrt(columns * 2));
            const size = canvas.width / across;
            const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
            const colours = {'230,230,230': 0, '46,158,68': 1, '228,87,46': 2, '138,108,209': 3};
            const box = canvas.getBoundingClientRect();
            const squares = [];
            for (let c = 0; c < columns; c++) {
              const x = Math.floor((c % across) * size + 1), y = Math.floor(Math.floor(c / across) * size + 1);
              const i = 4 * (y * canvas.width + x);
              const kind = colours[pixels[i] + ',' + pixels[i + 1] + ',' + pixels[i + 2]];
              squares.push([kind === undefined ? -1 : kind,
                ((c % across) + 0.5) * size * box.width / canvas.width - box.width / 2,
                (Math.floor(c / across) + 0.5) * size * box.height / canvas.height - box.height / 2]);
            }
            return squares;""";

    /** A sum over the pixels of every chart canvas and of the grid: it changes when they are redrawn differently. */
    private static final String PIXEL_SUMS = """
            const sums = [];
            for (const canvas of document.querySelectorAll('.uplot canvas, #grid')) {
              const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
              let sum = 0;
              for (let i = 0; i < data.length; i += 4) {
                sum += (data[i] * 7 + data[i + 1] * 3 + data[i + 2]) * (i % 997);
              }
              sums.push(sum);
            }
            return sums;""";

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private WebDriver browser;
    private LiveView live;
    private volatile boolean stop;
    private Thread run;

    @BeforeEach
    void startBrowser(@TempDir Path profile) {
        if (!CHROMIUM.canExecute() || !CHROMEDRIVER.canExecute()) {
            String why = "the live view's browser test needs Chromium and its driver (" + CHROMIUM + ", "
                    + CHROMEDRIVER + "): apt-get install -y chromium chromium-driver, as .ci/run does";
            System.err.println("SKIPPED: " + why);
            Assumptions.abort(why);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1400,1000");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    /** The browser first: with its page gone, a paused run resumes, meets the stop, and ends. */
    @AfterEach
    void stopEverything() throws InterruptedException {
        stop = true;
        if (browser != null) {
            browser.quit();
        }
        if (run != null) {
            run.join();
        }
        if (live != null) {
            live.close();
        }
    }

    /** The sine experiment on the segment memory, streaming into the live view until the test stops it. */
    private void startRun(Path output) throws Exception {
        live = LiveView.start(InetAddress.getLoopbackAddress(), 0, 100);
        HttpResponse<String> paused = HTTP.send(HttpRequest.newBuilder(live.address().resolve("/control?action=pause"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(204, paused.statusCode(), "the run starts paused, held after its first step");
        RunWatch stoppable = new RunWatch() {
            public void begin(RunLayout layout) {
                live.begin(layout);
            }

            public Optional<StepListener> memoryListener() {
                return live.memoryListener();
            }

            public void pictures(PictureSource source) {
                live.pictures(source);
            }

            public void stepped(long step, double[] values) {
                if (stop) {
                    throw new CancellationException("the test is over");
                }
                live.stepped(step, values);
            }
        };
        SineExperiment.Options options = new SineExperiment.Options(200_000, 20, SeedNetwork.builder()
                .connectivity(TemporalMemory.Connectivity.SEGMENTS).cellsPerColumn(4), Training.defaults(), output);
        run = new Thread(() -> {
            try {
                SineExperiment.run(options, done -> { }, stoppable);
            } catch (CancellationException | java.io.IOException e) {
                // stopped by the test
            }
        });
        run.start();
    }

    private Object script(String js, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(js, args);
    }

    private <T> T await(Function<WebDriver, T> condition) {
        return new WebDriverWait(browser, PATIENCE).until(condition);
    }

    private long step() {
        return Long.parseLong(browser.findElement(By.tagName("body")).getAttribute("data-step"));
    }

    @SuppressWarnings("unchecked")
    private List<List<Number>> squares() {
        return (List<List<Number>>) script(GRID_SQUARES);
    }

    /**
     * The memory the event stream carries now (a second page reads it), and the grid's colours,
     * column by column: each square is drawn in its column's class. Returns the squares.
     */
    private List<List<Number>> gridShowsTheStreamsClasses(long step) throws Exception {
        HttpResponse<InputStream> events = HTTP.send(HttpRequest.newBuilder(live.address().resolve("/events")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        JsonObject memory = null;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(events.body(), StandardCharsets.UTF_8))) {
            String line;
            while (memory == null && (line = lines.readLine()) != null) {
                if (line.startsWith("data: ") && line.contains("\"memory\"")) {
                    JsonObject update = new JsonParser().parse(line.substring(6)).getAsJsonObject();
                    assertEquals(step, update.get("sampleStep").getAsLong());
                    memory = update.getAsJsonObject("memory");
                }
            }
        }
        int[] expected = new int[memory.get("columns").getAsInt()];
        String[] classes = {"correct", "bursting", "wrong"};
        for (int k = 0; k < classes.length; k++) {
            for (var c : memory.getAsJsonArray(classes[k])) {
                expected[c.getAsInt()] = k + 1;
            }
        }
        await(d -> d.findElement(By.id("memory-step")).getText().equals("at step "
                + String.format(Locale.ROOT, "%,d", step)));
        List<List<Number>> squares = squares();
        for (int c = 0; c < expected.length; c++) {
            assertEquals(expected[c], squares.get(c).get(0).intValue(), "column " + c + "'s colour at step " + step);
        }
        return squares;
    }

    private static int count(List<List<Number>> squares, int kind) {
        return (int) squares.stream().filter(s -> s.get(0).intValue() == kind).count();
    }

    @Test
    void thePageDrawsTheRunAsItLearnsAndItsControlsWork(@TempDir Path output) throws Exception {
        startRun(output);
        browser.get(live.address().toString());
        WebElement grid = browser.findElement(By.id("grid"));
        await(d -> "256".equals(grid.getAttribute("data-columns")));
        assertEquals("sine: the seed network learns a sine wave of period 20",
                browser.findElement(By.id("title")).getText());
        assertEquals(3, browser.findElements(By.cssSelector(".uplot")).size(), "three charts");

        // 1. Held at its first step, the memory bursts in every active column, and the grid shows it.
        await(d -> d.findElement(By.id("pace")).getText().startsWith("paused"));
        List<List<Number>> squares = gridShowsTheStreamsClasses(0);
        assertTrue(count(squares, 2) > 0 && count(squares, 1) == 0, "nothing is predicted at the first step");

        // 2. Going on, the charts and the grid are redrawn with what changes.
        browser.findElement(By.id("resume")).click();
        await(d -> step() > 200);
        @SuppressWarnings("unchecked")
        List<Number> before = (List<Number>) script(PIXEL_SUMS);
        assertEquals(4, before.size(), "three charts and the grid");
        long firstStep = step();
        await(d -> step() > firstStep + 50);
        // Once the wave is learned, the grid repeats with its period of 20 steps, so a later sample
        // can match the first; wait until every canvas has shown something else.
        new WebDriverWait(browser, PATIENCE).withMessage("each canvas is redrawn with other values").until(d -> {
            @SuppressWarnings("unchecked")
            List<Number> after = (List<Number>) script(PIXEL_SUMS);
            for (int i = 0; i < after.size(); i++) {
                if (after.get(i).equals(before.get(i))) {
                    return false;
                }
            }
            return true;
        });
        for (WebElement chart : browser.findElements(By.cssSelector("#charts .chart"))) {
            assertTrue(Integer.parseInt(chart.getAttribute("data-points")) > 50, "points drawn");
        }

        // 3. Paused again, the page shows the step the run holds at, the learned wave's predicted columns among it.
        browser.findElement(By.id("pause")).click();
        await(d -> d.findElement(By.id("pace")).getText().startsWith("paused"));
        await(d -> d.findElement(By.id("memory-step")).getText().equals("at step "
                + String.format(Locale.ROOT, "%,d", step())));
        long held = step();
        squares = gridShowsTheStreamsClasses(held);
        int chosen = -1;
        for (int c = 0; c < squares.size() && chosen < 0; c++) {
            chosen = squares.get(c).get(0).intValue() == 1 ? c : -1;
        }
        assertTrue(chosen >= 0, "the learned wave has correctly predicted columns");

        // 4. A correctly predicted column, clicked: its cells; its predicted cell, clicked: its segments.
        List<Number> square = squares.get(chosen);
        new Actions(browser).moveToElement(grid, (int) Math.round(square.get(1).doubleValue()),
                (int) Math.round(square.get(2).doubleValue())).click().perform();
        String heading = "Column " + chosen + " (kept";
        await(d -> d.findElement(By.id("details")).getText().startsWith(heading));
        List<WebElement> rows = browser.findElements(By.cssSelector("#details tr.clickable"));
        assertEquals(4, rows.size(), "the column's four cells");
        WebElement predicted = null;
        for (WebElement row : rows) {
            double strength = Double.parseDouble(row.findElements(By.tagName("td")).get(2).getText().trim());
            if (strength > 0 && predicted == null) {
                predicted = row;
            }
        }
        assertTrue(predicted != null, "a correctly predicted column has a predicted cell");
        String cell = predicted.getAttribute("data-cell");
        predicted.click();
        await(d -> d.findElement(By.id("details")).getText().contains("Cell " + cell + ": "));
        String details = browser.findElement(By.id("details")).getText();
        assertTrue(details.matches("(?s).*Cell " + cell + ": [1-9][0-9]* segment\\(s\\).*"), details);
        assertTrue(!browser.findElements(By.cssSelector("#details .synapse")).isEmpty(), "the cells it listens to");
        assertEquals(held, step(), "the run held still while paused");

        // 5. Resume lets it go on; Faster raises the pace.
        browser.findElement(By.id("resume")).click();
        await(d -> step() > held);
        browser.findElement(By.id("faster")).click();
        await(d -> d.findElement(By.id("pace")).getText().equals("200 steps/s"));
    }
}
