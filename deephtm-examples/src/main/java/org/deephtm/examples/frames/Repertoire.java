package org.deephtm.examples.frames;

import java.util.List;

/**
 * Ready-made sets of clips, all ten frames long, in units of the frame (they render at any size).
 *
 * <pre>
 *   SEVEN_ACROSS  7 enters from the left, turns once at the centre, leaves to the right
 *   SEVEN_DOWN    7 enters from the top,  turns once at the centre, leaves downwards
 *                 frames 3 to 7 (the turn) are the same in both: only the memory of the entry
 *                 tells where the 7 goes next
 *   BALL          a ball bounces off the walls
 *   TWO_TURNING   a 2 turns anticlockwise in place, 36 degrees a frame
 *   FOUR_GLIDING  a 4 glides along the diagonal, turning a quarter turn
 * </pre>
 */
public enum Repertoire {

    /** All five clips: motions of every kind, two of them sharing their middle. */
    STANDARD,
    /** The two sevens only: the high-order test, A B C D E against F B C D G. */
    HIGH_ORDER;

    /** 7 from the left, one turn at the centre, out to the right. */
    public static final Clip SEVEN_ACROSS = Clip.start("7 across", Glyph.SEVEN, 0.45, 0.1, 0.5)
            .moveTo(0.5, 0.5, 3).turn(360, 4).moveTo(0.9, 0.5, 2);
    /** 7 from the top, the same turn at the centre, out at the bottom. */
    public static final Clip SEVEN_DOWN = Clip.start("7 down", Glyph.SEVEN, 0.45, 0.5, 0.1)
            .moveTo(0.5, 0.5, 3).turn(360, 4).moveTo(0.5, 0.9, 2);
    /** A ball bouncing off the walls. */
    public static final Clip BALL = Clip.start("ball", Glyph.CIRCLE, 0.3, 0.3, 0.25).bounce(0.14, 0.19, 9);
    /** A 2 turning anticlockwise in place. */
    public static final Clip TWO_TURNING = Clip.start("2 turning", Glyph.TWO, 0.6, 0.5, 0.5).turn(-324, 9);
    /** A 4 gliding down the diagonal while turning a quarter turn. */
    public static final Clip FOUR_GLIDING = Clip.start("4 gliding", Glyph.FOUR, 0.4, 0.22, 0.22)
            .moveTo(0.78, 0.78, 90, 9);

    /** Index of the first frame both sevens show alike: frames 3 to 7 are the same in both. */
    public static final int SEVENS_MEET = 3;

    /** Index, in {@link #clips()} of both repertoires, of the first frame after the shared turn. */
    public static final int SEVENS_PART_WAYS = 8;

    public List<Clip> clips() {
        return switch (this) {
            case STANDARD -> List.of(SEVEN_ACROSS, SEVEN_DOWN, BALL, TWO_TURNING, FOUR_GLIDING);
            case HIGH_ORDER -> List.of(SEVEN_ACROSS, SEVEN_DOWN);
        };
    }
}
