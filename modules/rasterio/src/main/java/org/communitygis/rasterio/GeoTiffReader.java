package org.communitygis.rasterio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import mil.nga.tiff.FieldTagType;
import mil.nga.tiff.FileDirectory;
import mil.nga.tiff.Rasters;
import mil.nga.tiff.TIFFImage;
import mil.nga.tiff.TiffReader;
import mil.nga.tiff.util.TiffConstants;
import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.crs.Crs;
import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the first band of a single-image GeoTIFF into a {@link Raster}.
 *
 * <p>Supported: strips or tiles, uncompressed, Deflate, LZW or PackBits, with or without predictor
 * (whatever NGA tiff-java 3.0.0 decodes); samples of 8, 16 or 32-bit signed or unsigned integers and
 * 32 or 64-bit floats. A file with several bands is read as its first band, with a
 * {@code tiff.multiband} warning. Only the first image (IFD) is read, so overviews are ignored.
 *
 * <p>Placement comes from ModelPixelScale with the first ModelTiepoint, or from ModelTransformation.
 * A transformation with rotation or shear terms is rejected (warp such files with gdalwarp first), and
 * so are files georeferenced by several tie points without a pixel scale (ground control points). A
 * grid whose rows run south to north is flipped so that row 0 is north. GTRasterTypeGeoKey =
 * PixelIsPoint means the tie point is a cell centre, so the grid's corner moves half a cell up and
 * left, as GDAL does by default.
 *
 * <p>The CRS is {@code EPSG:n} from ProjectedCSTypeGeoKey (3072) for projected files or
 * GeographicTypeGeoKey (2048) for geographic ones. A user-defined CRS (32767) or missing GeoKeys is an
 * error unless the caller passes the CRS; a passed CRS replaces the file's, with a warning when they
 * differ.
 *
 * <p>Cells equal to GDAL_NODATA (tag 42113, compared as float32) become NaN, and so do NaN cells of
 * float files. {@link Raster#noDataValue()} is the tag's value, or {@value #DEFAULT_NO_DATA} without a
 * tag. Cells holding a typical NoData sentinel that the tag does not declare are kept and reported (see
 * {@link NoDataCheck}). Integer values above 2^24 lose precision in float32. The unit is {@code m} when
 * VerticalUnitsGeoKey is 9001 (metre), otherwise empty.
 */
public final class GeoTiffReader {
    /** The NoData value given to rasters read from files without a GDAL_NODATA tag. */
    public static final float DEFAULT_NO_DATA = -9999f;

    private static final Logger LOG = LoggerFactory.getLogger(GeoTiffReader.class);
    /** Relative size of a rotation term, compared to the cell size, treated as zero. */
    private static final double ROTATION_TOLERANCE = 1e-10;

    private GeoTiffReader() {
    }

    /**
     * Reads {@code path}, logging warnings.
     *
     * @param crsOverride the file's CRS when the file does not state it or states it wrongly
     * @throws CgisException on a missing, empty, truncated or unsupported file, a rotated grid, or a
     *     file without a usable CRS and no override
     */
    public static Raster read(Path path, Optional<String> crsOverride) {
        return read(path, crsOverride, new Diagnostics(message -> LOG.warn("{}", message.english())));
    }

    /**
     * Reads {@code path}, adding warnings (several bands, overridden CRS, suspect NoData values, no
     * valid cell) to {@code diagnostics}.
     *
     * @see #read(Path, Optional)
     */
    public static Raster read(Path path, Optional<String> crsOverride, Diagnostics diagnostics) {
        FileDirectory directory = readDirectory(path);
        try {
            int width = directory.getImageWidth().intValue();
            int height = directory.getImageHeight().intValue();
            checkSampleType(directory, path);
            int bands = directory.getSamplesPerPixel();
            if (bands > 1) {
                diagnostics.warn(RasterioMessages.BUNDLE, "tiff.multiband", path, bands);
            }

            GeoKeys keys = GeoKeys.parse(directory.getIntegerListEntryValue(FieldTagType.GeoKeyDirectory));
            boolean pixelIsPoint = keys.get(GeoKeys.RASTER_TYPE, GeoKeys.RASTER_PIXEL_IS_AREA)
                    == GeoKeys.RASTER_PIXEL_IS_POINT;
            Placement placement = placement(directory, width, height, pixelIsPoint, path);
            String crs = resolveCrs(keys, crsOverride, path, diagnostics);
            Float noData = noDataTag(directory, path, diagnostics);

            float[] data = readFirstBand(directory, width, height, placement.flipRows());
            NoDataCheck.apply(data, noData, path, diagnostics);

            GridGeometry grid = new GridGeometry(width, height, placement.originX(), placement.originY(),
                    placement.cellWidth(), placement.cellHeight(), crs);
            String unit = keys.get(GeoKeys.VERTICAL_UNITS, 0) == GeoKeys.UNIT_METRE ? "m" : "";
            return new Raster(grid, data, noData == null ? DEFAULT_NO_DATA : noData, unit);
        } catch (CgisException e) {
            throw e;
        } catch (RuntimeException e) {
            // tiff-java reports damaged files with TiffException, buffer underflows or index errors.
            throw new CgisException(e, RasterioMessages.BUNDLE, "tiff.unreadable", path, describe(e));
        }
    }

    private static FileDirectory readDirectory(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new CgisException(RasterioMessages.BUNDLE, "file.notFound", path);
        }
        try {
            if (Files.size(path) == 0) {
                throw new CgisException(RasterioMessages.BUNDLE, "file.empty", path);
            }
            TIFFImage image = TiffReader.readTiff(path.toFile());
            return image.getFileDirectory();
        } catch (IOException e) {
            throw new CgisException(e, RasterioMessages.BUNDLE, "file.readFailed", path, e.getMessage());
        } catch (CgisException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CgisException(e, RasterioMessages.BUNDLE, "tiff.unreadable", path, describe(e));
        }
    }

    private static String describe(RuntimeException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void checkSampleType(FileDirectory directory, Path path) {
        List<Integer> formats = directory.getSampleFormat();
        int format = formats == null || formats.isEmpty() ? TiffConstants.SAMPLE_FORMAT_UNSIGNED_INT : formats.get(0);
        int bits = directory.getBitsPerSample().get(0);
        boolean integer = format == TiffConstants.SAMPLE_FORMAT_UNSIGNED_INT
                || format == TiffConstants.SAMPLE_FORMAT_SIGNED_INT;
        boolean supported = integer ? bits == 8 || bits == 16 || bits == 32
                : format == TiffConstants.SAMPLE_FORMAT_FLOAT && (bits == 32 || bits == 64);
        if (!supported) {
            throw new CgisException(RasterioMessages.BUNDLE, "tiff.unsupportedSampleFormat", path,
                    sampleFormatName(format), bits);
        }
    }

    private static String sampleFormatName(int format) {
        return switch (format) {
            case TiffConstants.SAMPLE_FORMAT_UNSIGNED_INT -> "unsigned integer";
            case TiffConstants.SAMPLE_FORMAT_SIGNED_INT -> "signed integer";
            case TiffConstants.SAMPLE_FORMAT_FLOAT -> "floating point";
            default -> "code " + format;
        };
    }

    /**
     * The grid placement: upper-left corner, positive cell size, and whether the file's rows run south
     * to north.
     */
    record Placement(double originX, double originY, double cellWidth, double cellHeight, boolean flipRows) {
    }

    /**
     * Computes the placement from the affine map x = a·col + c, y = e·row + f of raster coordinates
     * (0, 0 at the upper-left corner of the first cell) to model coordinates.
     */
    static Placement placement(FileDirectory directory, int width, int height, boolean pixelIsPoint, Path path) {
        List<Double> transformation = directory.getDoubleListEntryValue(FieldTagType.ModelTransformation);
        List<Double> scale = directory.getModelPixelScale();
        List<Double> tiepoints = directory.getModelTiepoint();
        double a;
        double c;
        double e;
        double f;

        if (scale != null && scale.size() >= 2 && tiepoints != null && tiepoints.size() >= 6) {
            a = scale.get(0);
            e = -scale.get(1);
            c = tiepoints.get(3) - tiepoints.get(0) * a;
            f = tiepoints.get(4) - tiepoints.get(1) * e;
        } else if (transformation != null && transformation.size() >= 8) {
            a = transformation.get(0);
            double b = transformation.get(1);
            c = transformation.get(3);
            double d = transformation.get(4);
            e = transformation.get(5);
            f = transformation.get(7);
            double size = Math.max(Math.abs(a), Math.abs(e));
            if (Math.abs(b) > ROTATION_TOLERANCE * size || Math.abs(d) > ROTATION_TOLERANCE * size) {
                String matrix = String.format(Locale.ROOT, "[%s %s %s; %s %s %s]", a, b, c, d, e, f);
                throw new CgisException(RasterioMessages.BUNDLE, "tiff.rotated", path, matrix);
            }
        } else if (tiepoints != null && tiepoints.size() >= 12) {
            throw new CgisException(RasterioMessages.BUNDLE, "tiff.controlPoints", path, tiepoints.size() / 6);
        } else {
            throw new CgisException(RasterioMessages.BUNDLE, "tiff.noGeoreference", path);
        }

        if (!(a > 0) || !(Math.abs(e) > 0) || !Double.isFinite(a) || !Double.isFinite(e)) {
            throw new CgisException(RasterioMessages.BUNDLE, "tiff.badScale", path, a, -e);
        }

        if (pixelIsPoint) {
            // The tie point names the centre of a cell: the corner of cell (0, 0) is at raster (−½, −½).
            c -= 0.5 * a;
            f -= 0.5 * e;
        }

        if (e < 0) {
            return new Placement(c, f, a, -e, false);
        }
        return new Placement(c, f + e * height, a, e, true);
    }

    private static String resolveCrs(GeoKeys keys, Optional<String> override, Path path, Diagnostics diagnostics) {
        int modelType = keys.get(GeoKeys.MODEL_TYPE, 0);
        int code = 0;
        if (modelType == GeoKeys.MODEL_TYPE_PROJECTED || (modelType == 0 && keys.has(GeoKeys.PROJECTED_CS_TYPE))) {
            code = keys.get(GeoKeys.PROJECTED_CS_TYPE, 0);
        } else if (modelType == GeoKeys.MODEL_TYPE_GEOGRAPHIC || keys.has(GeoKeys.GEOGRAPHIC_TYPE)) {
            code = keys.get(GeoKeys.GEOGRAPHIC_TYPE, 0);
        }
        String fileCrs = code > 0 && code != GeoKeys.USER_DEFINED ? "EPSG:" + code : null;

        if (override.isPresent()) {
            String chosen = Crs.normalizeCode(override.get());
            Crs.forCode(chosen);
            if (fileCrs != null && !DemBuilder.sameCrs(fileCrs, chosen)) {
                diagnostics.warn(RasterioMessages.BUNDLE, "tiff.crsOverridden", path, fileCrs, chosen);
            }
            return chosen;
        }
        if (fileCrs == null) {
            String key = code == GeoKeys.USER_DEFINED ? "tiff.userDefinedCrs" : "tiff.missingCrs";
            throw new CgisException(RasterioMessages.BUNDLE, key, path);
        }
        try {
            Crs.forCode(fileCrs);
        } catch (CgisException unknown) {
            throw new CgisException(unknown, RasterioMessages.BUNDLE, "tiff.unknownCrs", path, fileCrs);
        }
        return fileCrs;
    }

    private static Float noDataTag(FileDirectory directory, Path path, Diagnostics diagnostics) {
        String text = directory.getStringEntryValue(FieldTagType.GDAL_NODATA);
        if (text == null || text.isBlank()) {
            return null;
        }
        String trimmed = text.trim();
        if (trimmed.equalsIgnoreCase("nan")) {
            return Float.NaN;
        }
        try {
            return (float) Double.parseDouble(trimmed);
        } catch (NumberFormatException e) {
            diagnostics.warn(RasterioMessages.BUNDLE, "tiff.badNoData", path, trimmed);
            return null;
        }
    }

    private static float[] readFirstBand(FileDirectory directory, int width, int height, boolean flipRows) {
        Rasters rasters = directory.readRasters(new int[] {0}, true, false);
        float[] data = new float[width * height];
        for (int fileRow = 0; fileRow < height; fileRow++) {
            int row = flipRows ? height - 1 - fileRow : fileRow;
            int offset = row * width;
            for (int col = 0; col < width; col++) {
                data[offset + col] = rasters.getPixelSample(0, col, fileRow).floatValue();
            }
        }
        return data;
    }
}
