package org.communitygis.terrain.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;
import org.communitygis.rasterio.GeoTiffWriter;
import org.communitygis.terrain.CellMetrics;
import org.communitygis.terrain.D8FlowDirection;
import org.communitygis.terrain.FlowAccumulation;
import org.communitygis.terrain.HornSlope;
import org.communitygis.terrain.PriorityFloodFill;

/**
 * The terrain benchmark behind {@code bench/terrain-bench.sh}.
 *
 * <p>Usage: {@code generate COLS ROWS SEED OUT.tif} writes the benchmark DEM as a float32 GeoTIFF;
 * {@code drainage COLS ROWS SEED} and {@code slope COLS ROWS SEED} build the same DEM in memory (not
 * timed) and time plain Priority-Flood filling in place, D8 with flat resolution and flow accumulation,
 * or Horn slope in degrees. Each prints {@code key=value} lines: wall and process CPU times in ms, the heap peak in
 * bytes and bytes per cell.
 *
 * <p>Heap peak: the sum over heap memory pools of their peak use since the DEM was built, so it includes
 * the 4-byte-per-cell DEM, the JVM's and Apache SIS's own objects (printed as {@code baseline_heap_bytes},
 * the heap in use after a collection before the DEM is built) and garbage not yet collected. Pools
 * peak at different moments, so the sum is an upper bound of the true peak; the script checks the live
 * peak by running again with {@code -Xmx} set to the baseline plus 16 bytes per cell.
 */
public final class TerrainBench {
    private static final int OCTAVES = 6;

    private static long baseline;

    private TerrainBench() {
    }

    public static void main(String[] args) {
        if (args.length < 4) {
            System.err.println("usage: generate|drainage|slope COLS ROWS SEED [OUT.tif]");
            System.exit(2);
        }
        int cols = Integer.parseInt(args[1]);
        int rows = Integer.parseInt(args[2]);
        long seed = Long.parseLong(args[3]);
        if (!args[0].equals("generate")) {
            // Apache SIS loads its EPSG database on the first CRS lookup, once per JVM; time it apart.
            long started = System.nanoTime();
            CellMetrics.isGeographic("EPSG:32648");
            print("crs_lookup_ms", millis(started, System.nanoTime()));
            System.gc();
            Runtime runtime = Runtime.getRuntime();
            baseline = runtime.totalMemory() - runtime.freeMemory();
            print("baseline_heap_bytes", baseline);
        }
        switch (args[0]) {
            case "generate" -> GeoTiffWriter.write(dem(cols, rows, seed), Path.of(args[4]));
            case "drainage" -> drainage(dem(cols, rows, seed));
            case "slope" -> slope(dem(cols, rows, seed));
            default -> {
                System.err.println("unknown mode " + args[0]);
                System.exit(2);
            }
        }
    }

    private static void drainage(Raster dem) {
        long cells = dem.grid().size();
        resetPeaks();
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        Raster filled = new PriorityFloodFill().fillInPlace(dem);
        long t1 = System.nanoTime();
        long cpu1 = processCpuNanos();
        D8FlowDirection directions = D8FlowDirection.compute(filled);
        long t2 = System.nanoTime();
        long cpu2 = processCpuNanos();
        FlowAccumulation accumulation = FlowAccumulation.compute(directions);
        long t3 = System.nanoTime();
        long cpu3 = processCpuNanos();
        long peak = heapPeak();
        print("fill_ms", millis(t0, t1));
        print("fill_cpu_ms", millis(cpu0, cpu1));
        print("d8_flats_ms", millis(t1, t2));
        print("d8_flats_cpu_ms", millis(cpu1, cpu2));
        print("accumulation_ms", millis(t2, t3));
        print("accumulation_cpu_ms", millis(cpu2, cpu3));
        print("drainage_ms", millis(t0, t3));
        print("drainage_cpu_ms", millis(cpu0, cpu3));
        print("undrained_cells", directions.undrainedCells());
        print("max_accumulation", (long) accumulation.max());
        print("heap_peak_bytes", peak);
        System.out.printf(Locale.ROOT, "heap_bytes_per_cell=%.1f%n", (peak - baseline) / (double) cells);
    }

    private static void slope(Raster dem) {
        long cells = dem.grid().size();
        resetPeaks();
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        Raster slope = HornSlope.degrees(dem, false);
        long t1 = System.nanoTime();
        long cpu1 = processCpuNanos();
        long peak = heapPeak();
        print("slope_ms", millis(t0, t1));
        print("slope_cpu_ms", millis(cpu0, cpu1));
        print("slope_centre", String.valueOf(slope.get(dem.grid().cols() / 2, dem.grid().rows() / 2)));
        print("heap_peak_bytes", peak);
        System.out.printf(Locale.ROOT, "heap_bytes_per_cell=%.1f%n", (peak - baseline) / (double) cells);
    }

    /**
     * Builds the benchmark DEM: 10 m cells in EPSG:32648 (UTM 48N, Sichuan), elevation in m =
     * 800 + a tilt of 2 m per 100 cells eastwards and 1 m per 100 cells southwards + six octaves of value
     * noise (lattice spacing 1,024 cells halving to 32, amplitude 160 m halving, smoothstep
     * interpolation of lattice values drawn uniformly in [−1, 1) by {@code SplittableRandom(seed)}) +
     * uniform noise in [−1, 1) m per cell, rounded to 0.1 m. The per-cell noise makes many small pits and
     * the rounding makes flats, as in real DEMs.
     */
    public static Raster dem(int cols, int rows, long seed) {
        // All lattices are drawn first, then the cells, so the DEM needs no buffer besides its own 4 bytes per cell.
        SplittableRandom random = new SplittableRandom(seed);
        double[][] lattices = new double[OCTAVES][];
        int[] spacings = new int[OCTAVES];
        double[] amplitudes = new double[OCTAVES];
        for (int octave = 0; octave < OCTAVES; octave++) {
            spacings[octave] = 1024 >> octave;
            amplitudes[octave] = 160.0 / (1 << octave);
            int latticeCols = cols / spacings[octave] + 2;
            int latticeRows = rows / spacings[octave] + 2;
            lattices[octave] = new double[latticeCols * latticeRows];
            for (int i = 0; i < lattices[octave].length; i++) {
                lattices[octave][i] = 2 * random.nextDouble() - 1;
            }
        }
        float[] z = new float[Math.multiplyExact(cols, rows)];
        for (int row = 0; row < rows; row++) {
            for (int col = 0; col < cols; col++) {
                double height = 0;
                for (int octave = 0; octave < OCTAVES; octave++) {
                    int spacing = spacings[octave];
                    int latticeCols = cols / spacing + 2;
                    double[] lattice = lattices[octave];
                    int lr = row / spacing;
                    int lc = col / spacing;
                    double fy = smoothstep((row % spacing) / (double) spacing);
                    double fx = smoothstep((col % spacing) / (double) spacing);
                    double top = lerp(lattice[lr * latticeCols + lc], lattice[lr * latticeCols + lc + 1], fx);
                    double bottom = lerp(lattice[(lr + 1) * latticeCols + lc], lattice[(lr + 1) * latticeCols + lc + 1], fx);
                    height += amplitudes[octave] * lerp(top, bottom, fy);
                }
                double value = 800 + 0.02 * col + 0.01 * row + height + (2 * random.nextDouble() - 1);
                z[row * cols + col] = Math.round(value * 10) / 10f;
            }
        }
        GridGeometry grid = new GridGeometry(cols, rows, 400_000, 3_400_000 + rows * 10.0, 10, 10, "EPSG:32648");
        return new Raster(grid, z, -9999f, "m");
    }

    private static double smoothstep(double t) {
        return t * t * (3 - 2 * t);
    }

    private static double lerp(double a, double b, double t) {
        return a + (b - a) * t;
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long heapPeak() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    /** Returns the CPU time of the whole JVM (all threads, JIT and GC included), ns. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long millis(long from, long to) {
        return (to - from) / 1_000_000;
    }

    private static void print(String key, Object value) {
        System.out.println(key + "=" + value);
    }
}
