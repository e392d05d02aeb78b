package org.deephtm.examples.live;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** What a page does, from a test: reads the server-sent events one by one, and sends requests. */
final class PageClient implements AutoCloseable {

    /** One server-sent event: its name and its JSON data. */
    record Event(String name, JsonObject data) {
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final URI address;
    private InputStream stream;
    private BufferedReader events;

    PageClient(URI address) {
        this.address = address;
    }

    /** Opens the event stream. */
    PageClient open() throws IOException, InterruptedException {
        HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(address.resolve("/events")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new IOException("/events answered " + response.statusCode());
        }
        stream = response.body();
        events = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
        return this;
    }

    /** The next event, skipping comment lines; null when the stream ended. */
    Event next() throws IOException {
        String name = null;
        String line;
        while ((line = events.readLine()) != null) {
            if (line.startsWith("event: ")) {
                name = line.substring("event: ".length());
            } else if (line.startsWith("data: ")) {
                return new Event(name, new JsonParser().parse(line.substring("data: ".length())).getAsJsonObject());
            }
        }
        return null;
    }

    /** The next event named {@code name}, skipping others. */
    Event next(String name) throws IOException {
        Event e;
        do {
            e = next();
        } while (e != null && !e.name().equals(name));
        if (e == null) {
            throw new IOException("the stream ended before a " + name + " event");
        }
        return e;
    }

    /** A request's status and body. */
    record Answer(int status, String body) {
    }

    Answer send(String method, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(address.toString().replaceAll("/$", "")
                + path)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body());
    }

    @Override
    public void close() throws IOException {
        if (stream != null) {
            stream.close();
        }
    }
}
