package org.communitygis.terrain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import mil.nga.tiff.FileDirectory;
import mil.nga.tiff.Rasters;
import mil.nga.tiff.TIFFImage;
import mil.nga.tiff.TiffReader;
import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;
import org.communitygis.core.testing.SharedData;

/** Test-side readers for the shared oracles and builders of small hand-made grids. */
final class TestGrids {
    private TestGrids() {
    }

    /** Reads a shared ESRI ASCII grid with the made-up volcano placement EPSG:32760. */
    static Raster volcano() {
        return AsciiGridReader.read(SharedData.file("real/dem/volcano_10m.asc"), "EPSG:32760");
    }

    /** Reads a whitespace-separated table of numbers (one grid row per line). */
    static double[][] readTable(Path file) throws IOException {
        List<double[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String trimmed = line.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            String[] parts = trimmed.split("\\s+");
            double[] row = new double[parts.length];
            for (int i = 0; i < parts.length; i++) {
                row[i] = Double.parseDouble(parts[i]);
            }
            rows.add(row);
        }
        return rows.toArray(new double[0][]);
    }

    /** Reads band 1 of a single-band GeoTIFF as doubles, row-major, [row][col]. */
    static double[][] readTiff(Path file) throws IOException {
        TIFFImage image = TiffReader.readTiff(file.toFile());
        FileDirectory directory = image.getFileDirectories().get(0);
        Rasters rasters = directory.readRasters();
        double[][] values = new double[rasters.getHeight()][rasters.getWidth()];
        for (int row = 0; row < rasters.getHeight(); row++) {
            for (int col = 0; col < rasters.getWidth(); col++) {
                values[row][col] = rasters.getPixelSample(0, col, row).doubleValue();
            }
        }
        return values;
    }

    /** Builds a metric raster from rows of values (NaN allowed), cells dx × dy m. */
    static Raster raster(double dx, double dy, double[][] rows) {
        int height = rows.length;
        int width = rows[0].length;
        float[] data = new float[width * height];
        for (int row = 0; row < height; row++) {
            for (int col = 0; col < width; col++) {
                data[row * width + col] = (float) rows[row][col];
            }
        }
        return new Raster(new GridGeometry(width, height, 0, height * dy, dx, dy, "EPSG:32648"), data, -9999f, "m");
    }

    /** Converts a RichDEM D8 code (0 none, 1 W, 2 NW, 3 N, 4 NE, 5 E, 6 SE, 7 S, 8 SW) to ESRI's. */
    static int richDemToEsri(int code) {
        int[] esri = {0, 16, 32, 64, 128, 1, 2, 4, 8};
        return esri[code];
    }

    /**
     * Generates a synthetic DEM of cols × rows 10 m cells: a valley system from sines plus uniform noise
     * of ±2 m from {@code new Random(seed)}, which makes many small depressions and some flats after
     * rounding to 0.1 m.
     */
    static Raster synthetic(int cols, int rows, long seed) {
        Random random = new Random(seed);
        float[] data = new float[cols * rows];
        for (int row = 0; row < rows; row++) {
            for (int col = 0; col < cols; col++) {
                double x = col / (double) cols;
                double y = row / (double) rows;
                double z = 500 + 200 * x + 100 * y
                        + 40 * Math.sin(6 * Math.PI * x) * Math.cos(4 * Math.PI * y)
                        + 15 * Math.sin(25 * Math.PI * x + 3 * y)
                        + 4 * (random.nextDouble() - 0.5);
                data[row * cols + col] = Math.round(z * 10) / 10f;
            }
        }
        return new Raster(new GridGeometry(cols, rows, 400_000, 3_400_000, 10, 10, "EPSG:4544"), data, -9999f, "m");
    }

    /** Follows D8 codes from (col, row); returns the number of steps until flow leaves, or -1 on a cycle or code 0 inside. */
    static int stepsToExit(D8FlowDirection directions, int index) {
        int current = index;
        for (int steps = 0; steps <= directions.codes().length; steps++) {
            int code = directions.code(current);
            if (code == 0) {
                return -1;
            }
            int next = directions.downstream(current);
            if (next < 0) {
                return steps;
            }
            current = next;
        }
        return -1;
    }

    /** Follows D8 codes from {@code index}; returns the last cell before flow leaves the grid, or -1 on a cycle or code 0. */
    static int exitCell(D8FlowDirection directions, int index) {
        int current = index;
        for (int steps = 0; steps <= directions.codes().length; steps++) {
            if (directions.code(current) == 0) {
                return -1;
            }
            int next = directions.downstream(current);
            if (next < 0) {
                return current;
            }
            current = next;
        }
        return -1;
    }
}
