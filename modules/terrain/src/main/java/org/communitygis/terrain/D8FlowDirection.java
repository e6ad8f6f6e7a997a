package org.communitygis.terrain;

import java.util.stream.IntStream;
import org.communitygis.core.CgisException;
import org.communitygis.core.progress.Progress;
import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;

/**
 * D8 flow directions (O'Callaghan and Mark 1984): each cell drains to the one of its eight neighbours
 * with the steepest descent, (z − z_n) / distance, with distances dx, dy and √(dx² + dy²) in metres
 * from {@link CellMetrics}, so non-square cells and geographic grids work.
 *
 * <p>Codes are ESRI's: 1 = E, 2 = SE, 4 = S, 8 = SW, 16 = W, 32 = NW, 64 = N, 128 = NE, and 0 where the
 * cell has no downslope neighbour. Rules at the border:
 * <ul>
 * <li>NoData cells are never flow targets; they get {@link #NO_DATA} in {@link #codes()} and NaN in
 * {@link #raster()}.</li>
 * <li>A cell on the grid edge, or (with {@code noDataIsOutlet}) next to NoData, that has no strictly
 * lower neighbour flows out of the grid: its code points to an outside or NoData neighbour, cardinal
 * directions first in the order E, S, W, N, then SE, SW, NW, NE. A cell with a lower neighbour always
 * drains to it, even on the edge.</li>
 * <li>Equal steepest descents go to the first neighbour in ESRI order (E, SE, S, … NE).</li>
 * <li>With flat resolution on, cells of a flat that has an outlet follow {@link FlatResolver}'s
 * increments. Cells of pits and of flats without an outlet keep code 0.</li>
 * </ul>
 *
 * <p>Steepest descent, flat resolution and the codes of flat cells run in parallel bands of rows on the
 * common fork-join pool. Memory: 1 byte per cell for the codes, plus 4 bytes per cell while flats are resolved and
 * 4 bytes for {@link #raster()} when requested. In {@link #codes()} the code 128 reads as the Java byte −128;
 * use {@link #code(int)} for the unsigned value.
 */
public final class D8FlowDirection {
    /** The code byte of NoData cells (255 is no ESRI code). */
    public static final byte NO_DATA = (byte) 0xFF;

    private static final int PROGRESS_ROWS = 64;
    private static final int BAND_ROWS = 16;

    private final GridGeometry grid;
    private final byte[] codes;
    private final long undrainedCells;

    private D8FlowDirection(GridGeometry grid, byte[] codes, long undrainedCells) {
        this.grid = grid;
        this.codes = codes;
        this.undrainedCells = undrainedCells;
    }

    /** Computes directions of {@code dem} with flat resolution and NoData as outlet. */
    public static D8FlowDirection compute(Raster dem) {
        return compute(dem, true, true, Progress.NONE);
    }

    /**
     * Computes D8 directions of {@code dem}.
     *
     * @param dem elevations in m (normally depression-filled)
     * @param resolveFlats whether flats with an outlet get directions from {@link FlatResolver}
     * @param noDataIsOutlet whether a cell next to NoData without a lower neighbour flows into the NoData
     * @param progress receives {@link Progress#worked} in rows done; the caller calls begin and end
     */
    public static D8FlowDirection compute(Raster dem, boolean resolveFlats, boolean noDataIsOutlet, Progress progress) {
        GridGeometry grid = dem.grid();
        CellMetrics metrics = CellMetrics.of(grid);
        float[] z = dem.data();
        byte[] codes = steepestDescent(z, grid, metrics, noDataIsOutlet, progress);
        long undrained;
        if (resolveFlats) {
            FlatResolver flats = FlatResolver.resolve(z, grid, codes);
            flats.direct(codes, z, grid, metrics);
            undrained = flats.undrainedCells();
        } else {
            undrained = countNoFlow(codes);
        }
        return new D8FlowDirection(grid, codes, undrained);
    }

    static byte[] steepestDescent(float[] z, GridGeometry grid, CellMetrics metrics, boolean noDataIsOutlet,
            Progress progress) {
        int cols = grid.cols();
        int rows = grid.rows();
        byte[] codes = new byte[z.length];
        // Bands of rows run in parallel; progress is reported from the calling thread between blocks.
        int bands = (rows + BAND_ROWS - 1) / BAND_ROWS;
        int bandsPerBlock = Math.max(1, PROGRESS_ROWS / BAND_ROWS) * Runtime.getRuntime().availableProcessors();
        for (int firstBand = 0; firstBand < bands; firstBand += bandsPerBlock) {
            int lastBand = Math.min(bands, firstBand + bandsPerBlock);
            IntStream.range(firstBand, lastBand).parallel().forEach(band -> {
                int from = band * BAND_ROWS;
                int to = Math.min(rows, from + BAND_ROWS);
                for (int row = from; row < to; row++) {
                    directRow(z, cols, rows, row, metrics, noDataIsOutlet, codes);
                }
            });
            progress.worked(Math.min(rows, (long) lastBand * BAND_ROWS));
        }
        return codes;
    }

    private static void directRow(float[] z, int cols, int rows, int row, CellMetrics metrics, boolean noDataIsOutlet,
            byte[] codes) {
        double[] inverseDistance = new double[8];
        int[] offset = new int[8];
        for (int k = 0; k < 8; k++) {
            inverseDistance[k] = 1 / metrics.step(row, k);
            offset[k] = D8.DROW[k] * cols + D8.DCOL[k];
        }
        boolean interiorRow = row > 0 && row < rows - 1;
        int rowStart = row * cols;
        for (int col = 0; col < cols; col++) {
            int c = rowStart + col;
            float zc = z[c];
            if (Float.isNaN(zc)) {
                codes[c] = NO_DATA;
                continue;
            }
            if (interiorRow && col > 0 && col < cols - 1) {
                // Interior cell: all eight neighbours exist; NaN neighbours fail the comparison.
                int bestK = -1;
                double best = 0;
                for (int k = 0; k < 8; k++) {
                    // Higher and equal neighbours give a slope ≤ 0 and NaN ones NaN: neither beats best.
                    double slope = (zc - z[c + offset[k]]) * inverseDistance[k];
                    if (slope > best) {
                        best = slope;
                        bestK = k;
                    }
                }
                if (bestK >= 0) {
                    codes[c] = (byte) (1 << bestK);
                    continue;
                }
            }
            codes[c] = borderCode(z, cols, rows, col, row, inverseDistance, noDataIsOutlet);
        }
    }

    /** Returns the code of a cell on the grid edge, or of any cell without a lower neighbour. */
    private static byte borderCode(float[] z, int cols, int rows, int col, int row, double[] inverseDistance,
            boolean noDataIsOutlet) {
        float zc = z[row * cols + col];
        int bestK = -1;
        double best = 0;
        int outward = 0;
        for (int k = 0; k < 8; k++) {
            int nc = col + D8.DCOL[k];
            int nr = row + D8.DROW[k];
            if (nc < 0 || nr < 0 || nc >= cols || nr >= rows) {
                outward |= 1 << k;
                continue;
            }
            float zn = z[nr * cols + nc];
            if (Float.isNaN(zn)) {
                if (noDataIsOutlet) {
                    outward |= 1 << k;
                }
                continue;
            }
            if (zn < zc) {
                double slope = (zc - zn) * inverseDistance[k];
                if (slope > best) {
                    best = slope;
                    bestK = k;
                }
            }
        }
        if (bestK < 0 && outward != 0) {
            for (int k : D8.OUTLET_PREFERENCE) {
                if ((outward & (1 << k)) != 0) {
                    bestK = k;
                    break;
                }
            }
        }
        return bestK < 0 ? 0 : (byte) (1 << bestK);
    }

    private static long countNoFlow(byte[] codes) {
        long count = 0;
        for (byte code : codes) {
            if (code == 0) {
                count++;
            }
        }
        return count;
    }

    /**
     * Wraps an existing grid of ESRI D8 codes (for instance read from another tool's output).
     *
     * @param esriCodes codes 0, 1, 2, 4 … 128, NaN for NoData
     * @throws CgisException naming the first cell whose value is no ESRI code
     */
    public static D8FlowDirection fromRaster(Raster esriCodes) {
        GridGeometry grid = esriCodes.grid();
        float[] data = esriCodes.data();
        byte[] codes = new byte[data.length];
        long noFlow = 0;
        for (int i = 0; i < data.length; i++) {
            float value = data[i];
            if (Float.isNaN(value)) {
                codes[i] = NO_DATA;
                continue;
            }
            int code = (int) value;
            if (code != value || (code != 0 && D8.indexOf(code) < 0)) {
                throw new CgisException(TerrainMessages.BUNDLE, "flowdir.badCode", i % grid.cols(), i / grid.cols(), value);
            }
            codes[i] = (byte) code;
            if (code == 0) {
                noFlow++;
            }
        }
        return new D8FlowDirection(grid, codes, noFlow);
    }

    /** Returns the grid. */
    public GridGeometry grid() {
        return grid;
    }

    /** Returns the codes, row-major (backing array, not a copy): ESRI code as a byte, 0 outlet, {@link #NO_DATA}. */
    public byte[] codes() {
        return codes;
    }

    /** Returns the ESRI code of cell {@code index} (0 … 128), or −1 for NoData. */
    public int code(int index) {
        byte code = codes[index];
        return code == NO_DATA ? -1 : code & 0xFF;
    }

    /** Returns the ESRI code at (col, row), or −1 for NoData. */
    public int code(int col, int row) {
        return code(grid.index(col, row));
    }

    /**
     * Returns the index of the cell that {@code index} drains to, or −1 when the cell is NoData, has code 0,
     * or drains out of the grid or into NoData.
     */
    public int downstream(int index) {
        return downstream(codes, grid.cols(), grid.rows(), index);
    }

    static int downstream(byte[] codes, int cols, int rows, int index) {
        byte code = codes[index];
        if (code == 0 || code == NO_DATA) {
            return -1;
        }
        int k = Integer.numberOfTrailingZeros(code & 0xFF);
        int nc = index % cols + D8.DCOL[k];
        int nr = index / cols + D8.DROW[k];
        if (nc < 0 || nr < 0 || nc >= cols || nr >= rows) {
            return -1;
        }
        int n = nr * cols + nc;
        return codes[n] == NO_DATA ? -1 : n;
    }

    /** Returns the number of valid cells with code 0: pits and flats without an outlet, or interior outlets. */
    public long undrainedCells() {
        return undrainedCells;
    }

    /** Returns the codes as a float32 raster (NaN for NoData, unit empty) for storage as {@code flow_dir}. */
    public Raster raster() {
        float[] data = new float[codes.length];
        for (int i = 0; i < codes.length; i++) {
            data[i] = codes[i] == NO_DATA ? Float.NaN : codes[i] & 0xFF;
        }
        return new Raster(grid, data, 255f, "");
    }

    /**
     * Converts an ESRI code to GRASS r.watershed's: 1 = NE, 2 = N, 3 = NW, 4 = W, 5 = SW, 6 = S, 7 = SE,
     * 8 = E, negated when the flow leaves the region; 0 stays 0.
     */
    public static int toGrassCode(int esriCode, boolean leavesRegion) {
        if (esriCode == 0) {
            return 0;
        }
        int k = D8.indexOf(esriCode);
        if (k < 0) {
            throw new IllegalArgumentException("Not an ESRI D8 code: " + esriCode);
        }
        // ESRI order E, SE, S, SW, W, NW, N, NE runs clockwise; GRASS numbers counter-clockwise from NE.
        int grass = (8 - k) % 8;
        grass = grass == 0 ? 8 : grass;
        return leavesRegion ? -grass : grass;
    }

    /** Converts an ESRI code to TauDEM's: 1 = E, 2 = NE, 3 = N, 4 = NW, 5 = W, 6 = SW, 7 = S, 8 = SE; 0 stays 0. */
    public static int toTauDemCode(int esriCode) {
        if (esriCode == 0) {
            return 0;
        }
        int k = D8.indexOf(esriCode);
        if (k < 0) {
            throw new IllegalArgumentException("Not an ESRI D8 code: " + esriCode);
        }
        return (8 - k) % 8 + 1;
    }

    /** Returns the directions in GRASS r.watershed codes (negative where flow leaves the grid or enters NoData). */
    public Raster toGrassRaster() {
        float[] data = new float[codes.length];
        for (int i = 0; i < codes.length; i++) {
            int code = code(i);
            data[i] = code < 0 ? Float.NaN : toGrassCode(code, code != 0 && downstream(i) < 0);
        }
        return new Raster(grid, data, 0f, "");
    }

    /** Returns the directions in TauDEM codes. */
    public Raster toTauDemRaster() {
        float[] data = new float[codes.length];
        for (int i = 0; i < codes.length; i++) {
            int code = code(i);
            data[i] = code < 0 ? Float.NaN : toTauDemCode(code);
        }
        return new Raster(grid, data, -32768f, "");
    }
}
