package org.deephtm.examples.live;

import com.google.gson.stream.JsonWriter;
import org.deephtm.engine.MemoryView;
import org.deephtm.examples.watch.PictureSource;
import org.deephtm.examples.watch.RunLayout;

import java.io.IOException;
import java.io.StringWriter;
import java.util.List;

/**
 * The live view's events as JSON, the format docs/live-view.md describes: {@code run} (what the
 * run is and its charts), {@code update} (the pace, the points since the last update, the newest
 * picture) and {@code end}.
 */
final class Events {

    private Events() {
    }

    /** {@code {"title", "fields", "charts": [{"title", "span", "lines": [{"label", "kind", "fields", "window"}]}]}}. */
    static String run(RunLayout layout) throws IOException {
        StringWriter text = new StringWriter();
        JsonWriter json = new JsonWriter(text);
        json.beginObject();
        json.name("title").value(layout.title());
        json.name("fields");
        strings(json, layout.fields());
        json.name("charts").beginArray();
        for (RunLayout.Chart chart : layout.charts()) {
            json.beginObject().name("title").value(chart.title()).name("span").value(chart.span());
            json.name("lines").beginArray();
            for (RunLayout.Line line : chart.lines()) {
                json.beginObject().name("label").value(line.label()).name("kind").value(line.kind().name());
                json.name("fields");
                strings(json, line.fields());
                json.name("window").value(line.window()).endObject();
            }
            json.endArray().endObject();
        }
        json.endArray();
        json.endObject();
        return text.toString();
    }

    /**
     * {@code {"step", "pace", "paused", "points": [[step, line values...]...], "memory", "frame"}};
     * {@code memory} and {@code frame} only when {@code sample} is new to the page.
     */
    static String update(long step, double pace, boolean paused, List<double[]> points, Sample sample)
            throws IOException {
        StringWriter text = new StringWriter();
        JsonWriter json = new JsonWriter(text);
        json.beginObject();
        json.name("step").value(step);
        json.name("pace").value(pace);
        json.name("paused").value(paused);
        json.name("points").beginArray();
        for (double[] point : points) {
            json.beginArray();
            json.value((long) point[0]);
            for (int i = 1; i < point.length; i++) {
                number(json, point[i]);
            }
            json.endArray();
        }
        json.endArray();
        if (sample != null) {
            json.name("sampleStep").value(sample.step());
            if (sample.memory() != null) {
                json.name("memory");
                memory(json, sample.memory());
            } else {
                json.name("noMemory").value(sample.unavailable());
            }
            if (sample.frame() != null) {
                json.name("frame");
                frame(json, sample.frame());
            }
        }
        json.endObject();
        return text.toString();
    }

    /** {@code {"step", "summary"}}. */
    static String end(long step, String summary) throws IOException {
        StringWriter text = new StringWriter();
        JsonWriter json = new JsonWriter(text);
        json.beginObject().name("step").value(step).name("summary").value(summary).endObject();
        return text.toString();
    }

    private static void memory(JsonWriter json, Sample.Memory m) throws IOException {
        json.beginObject();
        json.name("columns").value(m.columns());
        json.name("cellsPerColumn").value(m.cellsPerColumn());
        json.name("threshold");
        number(json, m.threshold());
        json.name("segments").value(m.segments());
        json.name("correct");
        ints(json, m.correct());
        json.name("bursting");
        ints(json, m.bursting());
        json.name("wrong");
        ints(json, m.wrong());
        json.name("next");
        ints(json, m.next());
        json.name("activeCells");
        ints(json, m.activeCells());
        if (m.focus() != null) {
            Sample.Cells f = m.focus();
            json.name("focus").beginObject().name("column").value(f.column()).name("cells").beginArray();
            for (int i = 0; i < f.cells().length; i++) {
                json.beginObject().name("cell").value(f.cells()[i]);
                json.name("activity");
                number(json, f.activity()[i]);
                json.name("strength");
                number(json, f.strength()[i]);
                json.name("next");
                number(json, f.next()[i]);
                json.endObject();
            }
            json.endArray().endObject();
        }
        if (m.cell() != null) {
            json.name("cell").beginObject().name("cell").value(m.cell().cell()).name("segments").beginArray();
            for (MemoryView.Segment s : m.cell().segments()) {
                json.beginObject().name("index").value(s.index());
                json.name("bias");
                number(json, s.bias());
                json.name("synapses").beginArray();
                for (int j = 0; j < s.presynapticCells().length; j++) {
                    json.beginArray().value(s.presynapticCells()[j]);
                    number(json, s.weights()[j]);
                    json.endArray();
                }
                json.endArray().endObject();
            }
            json.endArray().endObject();
        }
        json.endObject();
    }

    private static void frame(JsonWriter json, PictureSource.FramePair f) throws IOException {
        json.beginObject().name("caption").value(f.caption()).name("width").value(f.width()).name("height")
                .value(f.height());
        json.name("truth");
        pixels(json, f.truth());
        json.name("predicted");
        pixels(json, f.predicted());
        json.endObject();
    }

    /** Grey levels to two decimals: what a screen shows, a third of the text. */
    private static void pixels(JsonWriter json, float[] values) throws IOException {
        json.beginArray();
        for (float v : values) {
            json.value(Math.round(Math.max(0, Math.min(1, v)) * 100) / 100.0);
        }
        json.endArray();
    }

    /** A number, or null for NaN and infinities (which JSON has not). */
    private static void number(JsonWriter json, double v) throws IOException {
        if (Double.isFinite(v)) {
            json.value(v);
        } else {
            json.nullValue();
        }
    }

    /** A float as its shortest decimal (0.72, not 0.7200000286102295), or null when not finite. */
    private static void number(JsonWriter json, float v) throws IOException {
        if (Float.isFinite(v)) {
            json.value(Double.parseDouble(Float.toString(v)));
        } else {
            json.nullValue();
        }
    }

    private static void ints(JsonWriter json, int[] values) throws IOException {
        json.beginArray();
        for (int v : values) {
            json.value(v);
        }
        json.endArray();
    }

    private static void strings(JsonWriter json, List<String> values) throws IOException {
        json.beginArray();
        for (String v : values) {
            json.value(v);
        }
        json.endArray();
    }
}
