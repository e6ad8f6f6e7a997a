package org.communitygis.roads;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.communitygis.core.raster.GridGeometry;
import org.junit.jupiter.api.Test;

class CellTraversalTest {
    /** 10 × 10 cells of 10 m, origin (0, 100): cell (col, row) spans x 10·col…, y 100 − 10·row…. */
    private final GridGeometry grid = Fixtures.grid(10, 10, 10, 0);

    private List<String> cells(double x0, double y0, double x1, double y1) {
        List<String> visited = new ArrayList<>();
        CellTraversal.traverse(grid, x0, y0, x1, y1, (col, row, tEnter, tExit) -> visited.add(col + "," + row));
        return visited;
    }

    @Test
    void horizontalSegment() {
        assertThat(cells(5, 55, 35, 55)).containsExactly("0,4", "1,4", "2,4", "3,4");
    }

    @Test
    void shallowDiagonalVisitsEveryCrossedCell() {
        // From (5, 95) to (25, 85): crosses x = 10 at y 92.5 and x = 20 at y 87.5, y = 90 at x 15.
        assertThat(cells(5, 95, 25, 85)).containsExactly("0,0", "1,0", "1,1", "2,1");
    }

    @Test
    void cornerCrossingVisitsBothSideCells() {
        // Through the corner (20, 80): the two cells sharing it with the path are (1,2) and (2,1).
        assertThat(cells(15, 75, 25, 85)).containsExactly("1,2", "2,2", "1,1", "2,1");
    }

    @Test
    void cellsOutsideGridSkipped() {
        assertThat(cells(-15, 55, 15, 55)).containsExactly("0,4", "1,4");
    }

    @Test
    void entryAndExitParameters() {
        List<Double> ts = new ArrayList<>();
        CellTraversal.traverse(grid, 0, 55, 20, 55, (col, row, tEnter, tExit) -> {
            ts.add(tEnter);
            ts.add(tExit);
        });
        assertThat(ts).containsExactly(0.0, 0.5, 0.5, 1.0);
    }
}
