package org.communitygis.terrain;

/**
 * The eight D8 neighbours in ESRI code order: index k has ESRI code {@code 1 << k}.
 *
 * <p>k = 0 E, 1 SE, 2 S, 3 SW, 4 W, 5 NW, 6 N, 7 NE. Rows grow southwards, so "S" is row + 1.
 */
final class D8 {
    /** Column offset of neighbour k. */
    static final int[] DCOL = {1, 1, 0, -1, -1, -1, 0, 1};
    /** Row offset of neighbour k. */
    static final int[] DROW = {0, 1, 1, 1, 0, -1, -1, -1};
    /**
     * Order in which a cell without a lower neighbour picks its way out of the grid: cardinal
     * directions first (E, S, W, N), then the diagonals (SE, SW, NW, NE).
     */
    static final int[] OUTLET_PREFERENCE = {0, 2, 4, 6, 1, 3, 5, 7};

    private D8() {
    }

    /** Returns k for an ESRI code, or -1 when the code is not one of 1, 2, 4 … 128. */
    static int indexOf(int esriCode) {
        if (esriCode <= 0 || esriCode > 128 || Integer.bitCount(esriCode) != 1) {
            return -1;
        }
        return Integer.numberOfTrailingZeros(esriCode);
    }

    /** Returns whether neighbour k is a diagonal. */
    static boolean diagonal(int k) {
        return (k & 1) == 1;
    }

    /** Returns the distance in metres to neighbour k of a cell with metric sizes dx, dy. */
    static double distance(int k, double dx, double dy) {
        if (diagonal(k)) {
            return Math.sqrt(dx * dx + dy * dy);
        }
        return (k == 0 || k == 4) ? dx : dy;
    }
}
