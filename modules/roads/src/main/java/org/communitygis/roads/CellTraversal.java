package org.communitygis.roads;

import org.communitygis.core.raster.GridGeometry;

/**
 * Visits every raster cell a straight segment passes through (a "supercover" of the segment), after
 * Amanatides and Woo, "A Fast Voxel Traversal Algorithm for Ray Tracing", Eurographics 1987.
 *
 * <p>Where the segment passes exactly through a cell corner, the two other cells sharing that corner are
 * visited too. A D8 stream running diagonally links its cells only at corners, so a road crossing it
 * through such a corner still meets the stream cells. A segment lying exactly on a grid line visits the
 * cells on one side of it only. Cells outside the grid are not visited. The work is proportional to the
 * number of cells crossed.
 */
final class CellTraversal {
    /** Relative tolerance, in segment parameter units, under which two boundary crossings count as a corner. */
    private static final double CORNER_TOLERANCE = 1e-9;

    /**
     * Receives one visited cell and the segment parameters t ∈ [0, 1] where the segment enters and leaves
     * it. A cell touched only at a corner has tEnter = tExit.
     */
    interface CellVisitor {
        void visit(int col, int row, double tEnter, double tExit);
    }

    private CellTraversal() {
    }

    /** Visits the cells of {@code grid} that the segment (x0, y0)–(x1, y1), in CRS units, passes through. */
    static void traverse(GridGeometry grid, double x0, double y0, double x1, double y1, CellVisitor visitor) {
        double gx0 = (x0 - grid.originX()) / grid.cellWidth();
        double gy0 = (grid.originY() - y0) / grid.cellHeight();
        double gx1 = (x1 - grid.originX()) / grid.cellWidth();
        double gy1 = (grid.originY() - y1) / grid.cellHeight();
        double dx = gx1 - gx0;
        double dy = gy1 - gy0;
        int col = (int) Math.floor(gx0);
        int row = (int) Math.floor(gy0);
        int endCol = (int) Math.floor(gx1);
        int endRow = (int) Math.floor(gy1);
        if (dx == 0 && dy == 0) {
            visitInside(grid, col, row, 0, 0, visitor);
            return;
        }

        int stepX = (int) Math.signum(dx);
        int stepY = (int) Math.signum(dy);
        // tDelta: parameter span of one whole cell; tMax: parameter of the next column or row boundary.
        double tDeltaX = stepX != 0 ? 1 / Math.abs(dx) : Double.POSITIVE_INFINITY;
        double tDeltaY = stepY != 0 ? 1 / Math.abs(dy) : Double.POSITIVE_INFINITY;
        double tMaxX = firstBoundary(gx0, dx, col, stepX);
        double tMaxY = firstBoundary(gy0, dy, row, stepY);

        // Each step moves at least one column or row, so this bounds the loop even with rounding noise.
        long maxSteps = (long) Math.abs(endCol - col) + Math.abs(endRow - row) + 2;
        double tEnter = 0;
        for (long step = 0; step <= maxSteps; step++) {
            double tExit = Math.min(1, Math.min(tMaxX, tMaxY));
            visitInside(grid, col, row, tEnter, tExit, visitor);
            if (tExit >= 1 || (col == endCol && row == endRow)) {
                return;
            }
            if (Math.abs(tMaxX - tMaxY) <= CORNER_TOLERANCE) {
                visitInside(grid, col + stepX, row, tExit, tExit, visitor);
                visitInside(grid, col, row + stepY, tExit, tExit, visitor);
                col += stepX;
                row += stepY;
                tMaxX += tDeltaX;
                tMaxY += tDeltaY;
            } else if (tMaxX < tMaxY) {
                col += stepX;
                tMaxX += tDeltaX;
            } else {
                row += stepY;
                tMaxY += tDeltaY;
            }
            tEnter = tExit;
        }
    }

    /** Returns the segment parameter where it first crosses a boundary of its start cell along one axis. */
    private static double firstBoundary(double start, double delta, int cell, int step) {
        if (step > 0) {
            return (cell + 1 - start) / delta;
        }
        if (step < 0) {
            return (cell - start) / delta;
        }
        return Double.POSITIVE_INFINITY;
    }

    private static void visitInside(GridGeometry grid, int col, int row, double tEnter, double tExit,
            CellVisitor visitor) {
        if (grid.contains(col, row)) {
            visitor.visit(col, row, tEnter, tExit);
        }
    }
}
