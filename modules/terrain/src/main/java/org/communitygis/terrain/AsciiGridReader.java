package org.communitygis.terrain;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.communitygis.core.CgisException;
import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;

/**
 * Reads an ESRI ASCII grid ({@code .asc}, or gzip-compressed {@code .asc.gz}) into a {@link Raster}.
 *
 * <p>The header contains {@code ncols}, {@code nrows}, {@code xllcorner} or {@code xllcenter},
 * {@code yllcorner} or {@code yllcenter}, {@code cellsize} (or {@code dx} and {@code dy}) and optionally
 * {@code NODATA_value}, in any order and case. Values follow row by row, north row first, separated by
 * any whitespace. Cells equal to the NoData value become NaN. The format carries no CRS, so the caller
 * passes it (a {@code .prj} file beside the grid is not read). The whole grid is held in memory as
 * float32 (4 bytes per cell).
 */
public final class AsciiGridReader {
    private AsciiGridReader() {
    }

    /**
     * Reads {@code file}.
     *
     * @param file the grid file; a name ending in {@code .gz} is decompressed
     * @param crs the CRS code of the grid, e.g. {@code EPSG:32760}; may be null when unknown
     * @return the raster, NoData as NaN, unit {@code m}
     * @throws CgisException when the file cannot be read, the header is incomplete or a value is invalid
     */
    public static Raster read(Path file, String crs) {
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz")
                        ? new GZIPInputStream(raw, 1 << 16) : raw;
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII), 1 << 16)) {
            return parse(reader, file.toString(), crs);
        } catch (IOException e) {
            throw new CgisException(e, TerrainMessages.BUNDLE, "ascii.readFailed", file, e.getMessage());
        }
    }

    private static Raster parse(BufferedReader reader, String name, String crs) throws IOException {
        Map<String, String> header = new HashMap<>();
        String line;
        int lineNumber = 0;
        String firstDataLine = null;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            String trimmed = line.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            char first = trimmed.charAt(0);
            if (Character.isLetter(first)) {
                String[] parts = trimmed.split("\\s+");
                if (parts.length < 2) {
                    throw new CgisException(TerrainMessages.BUNDLE, "ascii.badHeader", name, lineNumber, trimmed);
                }
                header.put(parts[0].toLowerCase(Locale.ROOT), parts[1]);
            } else {
                firstDataLine = trimmed;
                break;
            }
        }
        int cols = (int) headerNumber(header, name, "ncols");
        int rows = (int) headerNumber(header, name, "nrows");
        double dx;
        double dy;
        if (header.containsKey("cellsize")) {
            dx = headerNumber(header, name, "cellsize");
            dy = dx;
        } else {
            dx = headerNumber(header, name, "dx");
            dy = headerNumber(header, name, "dy");
        }
        double x0 = header.containsKey("xllcenter") ? headerNumber(header, name, "xllcenter") - dx / 2
                : headerNumber(header, name, "xllcorner");
        double yLow = header.containsKey("yllcenter") ? headerNumber(header, name, "yllcenter") - dy / 2
                : headerNumber(header, name, "yllcorner");
        boolean hasNoData = header.containsKey("nodata_value");
        double noData = hasNoData ? headerNumber(header, name, "nodata_value") : -9999;
        GridGeometry grid;
        try {
            grid = new GridGeometry(cols, rows, x0, yLow + rows * dy, dx, dy, crs);
        } catch (IllegalArgumentException e) {
            throw new CgisException(e, TerrainMessages.BUNDLE, "ascii.badGrid", name, cols, rows, dx, dy);
        }

        float[] data = new float[grid.size()];
        int count = 0;
        String current = firstDataLine;
        while (current != null) {
            count = parseLine(current, data, count, noData, hasNoData, name, lineNumber);
            current = reader.readLine();
            lineNumber++;
        }
        if (count != data.length) {
            throw new CgisException(TerrainMessages.BUNDLE, "ascii.valueCount", name, cols, rows, data.length, count);
        }
        return new Raster(grid, data, (float) noData, "m");
    }

    private static int parseLine(String line, float[] data, int start, double noData, boolean hasNoData,
            String name, int lineNumber) {
        int count = start;
        int length = line.length();
        int i = 0;
        while (i < length) {
            while (i < length && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i >= length) {
                break;
            }
            int begin = i;
            while (i < length && !Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            String token = line.substring(begin, i);
            double value;
            try {
                value = Double.parseDouble(token);
            } catch (NumberFormatException e) {
                throw new CgisException(TerrainMessages.BUNDLE, "ascii.badValue", name, lineNumber, token);
            }
            if (count >= data.length) {
                throw new CgisException(TerrainMessages.BUNDLE, "ascii.tooManyValues", name, lineNumber, data.length);
            }
            data[count++] = (hasNoData && value == noData) || Double.isNaN(value) ? Float.NaN : (float) value;
        }
        return count;
    }

    private static double headerNumber(Map<String, String> header, String name, String key) {
        String text = header.get(key);
        if (text == null) {
            throw new CgisException(TerrainMessages.BUNDLE, "ascii.missingKey", name, key);
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new CgisException(TerrainMessages.BUNDLE, "ascii.badHeaderValue", name, key, text);
        }
    }
}
