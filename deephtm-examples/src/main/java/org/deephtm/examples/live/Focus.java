package org.deephtm.examples.live;

/**
 * What the page looks at closely: a column (its cells' activity and predictions) and, with the
 * SEGMENTS memory, a cell of it (its segments); -1 for none.
 */
record Focus(int column, int cell) {

    static final Focus NONE = new Focus(-1, -1);

    boolean hasColumn() {
        return column >= 0;
    }

    boolean hasCell() {
        return cell >= 0;
    }
}
