package org.deephtm.examples.live;

import org.deephtm.examples.watch.PictureSource;
import org.deephtm.examples.watch.RunLayout;
import org.deephtm.examples.watch.RunWatch;
import org.deephtm.online.LearnerStep;
import org.deephtm.online.StepListener;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The run's side of the live view: what the run reports, kept for the pages. At each step the
 * run's thread computes the charts' lines into the {@link History}, and, when a page is open and
 * the last picture is older than {@link #SAMPLE_INTERVAL_NANOS}, copies a {@link Sample} of the
 * memory for the pages; then it waits for its {@link Pace}. The server's threads read the newest
 * sample and the history whenever they can send: a slow page gets fewer pictures, never a slower
 * run, and with no page open the run copies no picture.
 */
final class LiveRun implements RunWatch {

    /** At most 20 pictures a second: more than a page shows, little for the run. */
    static final long SAMPLE_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /** Steps of history a page opened late still gets, and that a page keeps. */
    static final int HISTORY = 20_000;

    private final Pace pace;
    /** {@link #publish}, made once: a method reference made at every step would cost the run an object a step. */
    private final Runnable publisher = this::publish;
    private final int maxPages;
    private volatile RunLayout layout;
    private Lines lines;
    private double[] lineValues;
    private volatile History history;

    // the run's thread only
    private LearnerStep lastStep;
    private String noMemory;
    private PictureSource pictures;
    private long lastSampleAt;
    private long step = -1;
    private Focus sampledFocus = Focus.NONE;

    // shared with the server's threads
    private volatile Focus focus = Focus.NONE;
    private volatile Sample latest;
    private volatile String summary;
    private final Object board = new Object();
    private long news;
    /** Written under {@link #board}, read by the run's thread at every step without a lock. */
    private volatile int pages;

    /**
     * @param stepsPerSecond the pace to start at ({@link Pace#FULL_SPEED} for none)
     * @param maxPages       pages that may be open at once
     */
    LiveRun(double stepsPerSecond, int maxPages) {
        this.pace = new Pace(stepsPerSecond, this::post);
        this.maxPages = maxPages;
    }

    // ------------------------------------------------------------------ the run's side

    @Override
    public void begin(RunLayout runLayout) {
        if (layout != null) {
            throw new IllegalStateException("the run began already, as " + layout.title());
        }
        lines = new Lines(runLayout);
        lineValues = new double[lines.count()];
        history = new History(HISTORY, lines.count());
        layout = runLayout;
        post();
    }

    @Override
    public Optional<StepListener> memoryListener() {
        return Optional.of(s -> lastStep = s);
    }

    @Override
    public void pictures(PictureSource source) {
        pictures = source;
    }

    @Override
    public void stepped(long stepIndex, double[] values) {
        if (layout == null) {
            throw new IllegalStateException("begin(layout) names the run's values before its first step");
        }
        if (values.length != layout.fields().size()) {
            throw new IllegalArgumentException("the run reports " + layout.fields() + ", got " + values.length
                    + " values");
        }
        step = stepIndex;
        lines.compute(values, lineValues);
        history.append(stepIndex, lineValues);
        if (pagesOpen() > 0 && (System.nanoTime() - lastSampleAt >= SAMPLE_INTERVAL_NANOS || focus != sampledFocus)) {
            publish();
        }
        pace.await(publisher);
    }

    @Override
    public void end(String runSummary) {
        summary = runSummary;
        post();
    }

    /** Copies a picture of the run now for the pages (on the run's thread). */
    private void publish() {
        Focus f = focus;
        PictureSource.Picture picture = pictures != null ? pictures.picture() : learnerPicture();
        latest = Sample.of(step, picture.memory(), picture.memory() == null ? noMemory() : null, picture.frame(), f);
        sampledFocus = f;
        lastSampleAt = System.nanoTime();
        post();
    }

    private PictureSource.Picture learnerPicture() {
        if (lastStep == null || !lastStep.hasMemory()) {
            return new PictureSource.Picture(null, null);
        }
        return new PictureSource.Picture(new LearnerPicture(lastStep.memory()), null);
    }

    /** Why the run shows no memory. */
    private String noMemory() {
        if (noMemory == null) {
            if (lastStep == null) {
                noMemory = "this run shows no memory";
            } else {
                try {
                    lastStep.memory();
                } catch (IllegalStateException e) {
                    noMemory = e.getMessage();
                }
            }
        }
        return noMemory;
    }

    // ------------------------------------------------------------------ the pages' side

    RunLayout layout() {
        return layout;
    }

    History history() {
        return history;
    }

    Sample latest() {
        return latest;
    }

    Pace pace() {
        return pace;
    }

    /** One line on how the run went, once it is over; null while it runs. */
    String summary() {
        return summary;
    }

    /** Looks closely at {@code next}, from the next picture on (at once, when the run is held). */
    void focus(Focus next) {
        Sample s = latest;
        if (s == null || s.memory() == null) {
            throw new IllegalStateException("there is no memory to look at yet");
        }
        Sample.Memory m = s.memory();
        if (next.column() >= m.columns()) {
            throw new IllegalArgumentException("column " + next.column() + " of a memory of " + m.columns()
                    + " columns");
        }
        if (next.hasCell() && (!next.hasColumn() || next.cell() / m.cellsPerColumn() != next.column())) {
            throw new IllegalArgumentException("cell " + next.cell() + " is not in column " + next.column() + " ("
                    + m.cellsPerColumn() + " cells per column)");
        }
        focus = next;
        pace.refresh();
    }

    /**
     * Counts a page in, unless {@code maxPages} are open (false then), and has a held run (paused,
     * or between paced steps) draw a picture for it at once.
     */
    boolean pageOpened() {
        synchronized (board) {
            if (pages >= maxPages) {
                return false;
            }
            pages++;
        }
        pace.refresh();
        return true;
    }

    /** Counts a page out; when the last closes, a paused run resumes (nobody is left to resume it). */
    void pageClosed() {
        boolean last;
        synchronized (board) {
            pages--;
            last = pages == 0;
        }
        if (last) {
            pace.resume();
        }
    }

    int pagesOpen() {
        return pages;
    }

    /**
     * Waits until something new is posted after {@code seen} (a picture, a pace, the end), at most
     * {@code millis}; returns the latest news' number.
     */
    long awaitNews(long seen, long millis) throws InterruptedException {
        long until = System.currentTimeMillis() + millis;
        synchronized (board) {
            while (news == seen) {
                long left = until - System.currentTimeMillis();
                if (left <= 0) {
                    break;
                }
                board.wait(left);
            }
            return news;
        }
    }

    private void post() {
        synchronized (board) {
            news++;
            board.notifyAll();
        }
    }
}
