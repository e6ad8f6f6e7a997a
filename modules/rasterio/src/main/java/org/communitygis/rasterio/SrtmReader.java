package org.communitygis.rasterio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.communitygis.core.CgisException;
import org.communitygis.core.crs.Crs;
import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;

/**
 * Reads SRTM height tiles ({@code .hgt}, or a zip file containing one) into a {@link Raster} in
 * {@link Crs#CRS84} (longitude first).
 *
 * <p>A tile is a square of big-endian signed 16-bit heights in metres, row 0 north: 1201×1201 samples
 * at 3 arc-seconds or 3601×3601 at 1 arc-second. The value −32768 marks a void and becomes NaN. The
 * file name (N49E011, S13W077, …) gives the integer latitude and longitude of the tile's lower-left
 * sample: samples sit on whole arc-seconds, so the first and last rows and columns lie on the integer
 * degrees and neighbouring tiles share one row or column. Each sample is read as the centre of a cell,
 * which puts the grid's upper-left corner half a cell north-west of the integer degree: a 3″ tile
 * N49E011 covers 10.999583° to 12.000417° E and 48.999583° to 50.000417° N.
 *
 * <p>In a zip file the first entry whose name ends in {@code .hgt} is read. The placement comes from
 * the file name, or from that entry's name when the zip's own name is not a tile name (NASA's
 * {@code N49E011.SRTMGL1.hgt.zip} matches either way).
 */
public final class SrtmReader {
    /** The SRTM void value. */
    public static final short VOID = Short.MIN_VALUE;

    private static final Pattern TILE_NAME =
            Pattern.compile("^([NS])(\\d{1,2})([EW])(\\d{1,3})(?:\\..*)?$", Pattern.CASE_INSENSITIVE);
    private static final int SIZE_3_ARC_SECONDS = 1201;
    private static final int SIZE_1_ARC_SECOND = 3601;

    private SrtmReader() {
    }

    /**
     * Reads one tile.
     *
     * @param path a {@code .hgt} file or a zip file containing one
     * @return heights in metres, NaN for voids, noDataValue −32768, CRS {@code CRS:84}
     * @throws CgisException when the file is missing, empty, not named like a tile, has a size other
     *     than 1201² or 3601² samples, or the zip contains no {@code .hgt} entry
     */
    public static Raster read(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new CgisException(RasterioMessages.BUNDLE, "file.notFound", path);
        }
        String fileName = path.getFileName().toString();
        byte[] bytes;
        String tileName = fileName;
        try {
            if (fileName.toLowerCase(Locale.ROOT).endsWith(".zip")) {
                ZipContent content = readFirstHgtEntry(path);
                bytes = content.bytes();
                if (!TILE_NAME.matcher(fileName).matches()) {
                    tileName = content.entryName();
                }
            } else {
                bytes = readLimited(Files.newInputStream(path), path);
            }
        } catch (IOException e) {
            throw new CgisException(e, RasterioMessages.BUNDLE, "file.readFailed", path, e.getMessage());
        }
        double[] lowerLeft = parseTileName(tileName, path);
        int size = sampleCount(bytes.length, path);
        return toRaster(bytes, size, lowerLeft[0], lowerLeft[1]);
    }

    private record ZipContent(String entryName, byte[] bytes) {
    }

    private static ZipContent readFirstHgtEntry(Path path) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(path))) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                if (!entry.isDirectory() && entry.getName().toLowerCase(Locale.ROOT).endsWith(".hgt")) {
                    String name = Path.of(entry.getName()).getFileName().toString();
                    return new ZipContent(name, readLimited(zip, path));
                }
            }
        } catch (java.util.zip.ZipException e) {
            throw new CgisException(e, RasterioMessages.BUNDLE, "file.readFailed", path, e.getMessage());
        }
        throw new CgisException(RasterioMessages.BUNDLE, "srtm.noHgtInZip", path);
    }

    /** Reads at most one byte more than the largest tile, so a huge wrong file fails fast. */
    private static byte[] readLimited(InputStream in, Path path) throws IOException {
        int limit = 2 * SIZE_1_ARC_SECOND * SIZE_1_ARC_SECOND + 1;
        try (InputStream stream = in) {
            byte[] bytes = stream.readNBytes(limit);
            if (bytes.length == 0) {
                throw new CgisException(RasterioMessages.BUNDLE, "file.empty", path);
            }
            return bytes;
        }
    }

    /** Returns {lon, lat} of the lower-left sample named by {@code name}. */
    static double[] parseTileName(String name, Path path) {
        Matcher matcher = TILE_NAME.matcher(name);
        if (!matcher.matches()) {
            throw new CgisException(RasterioMessages.BUNDLE, "srtm.badName", path);
        }
        int lat = Integer.parseInt(matcher.group(2));
        int lon = Integer.parseInt(matcher.group(4));
        if (lat > 89 || lon > 180) {
            throw new CgisException(RasterioMessages.BUNDLE, "srtm.badName", path);
        }
        if (matcher.group(1).equalsIgnoreCase("S")) {
            lat = -lat;
        }
        if (matcher.group(3).equalsIgnoreCase("W")) {
            lon = -lon;
        }
        return new double[] {lon, lat};
    }

    private static int sampleCount(int byteCount, Path path) {
        for (int size : new int[] {SIZE_3_ARC_SECONDS, SIZE_1_ARC_SECOND}) {
            if (byteCount == 2 * size * size) {
                return size;
            }
        }
        throw new CgisException(RasterioMessages.BUNDLE, "srtm.badSize", path, byteCount);
    }

    private static Raster toRaster(byte[] bytes, int size, double lon, double lat) {
        double cell = 1.0 / (size - 1);
        GridGeometry grid = new GridGeometry(size, size, lon - cell / 2, lat + 1 + cell / 2, cell, cell, Crs.CRS84);
        float[] data = new float[size * size];
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < data.length; i++) {
            short value = buffer.getShort();
            data[i] = value == VOID ? Float.NaN : value;
        }
        return new Raster(grid, data, VOID, "m");
    }
}
