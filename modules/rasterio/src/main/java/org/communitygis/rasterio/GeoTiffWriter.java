package org.communitygis.rasterio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import mil.nga.tiff.FieldTagType;
import mil.nga.tiff.FieldType;
import mil.nga.tiff.FileDirectory;
import mil.nga.tiff.Rasters;
import mil.nga.tiff.TIFFImage;
import mil.nga.tiff.TiffWriter;
import mil.nga.tiff.util.TiffConstants;
import org.communitygis.core.CgisException;
import org.communitygis.core.io.TempFiles;
import org.communitygis.core.crs.Crs;
import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;

/**
 * Writes a {@link Raster} as a single-band float32 GeoTIFF that GDAL, QGIS and {@link GeoTiffReader}
 * read back with the same grid, CRS and NoData.
 *
 * <p>Layout: Deflate-compressed strips of about 8 KiB uncompressed each (tiff-java 3.0.0 writes strips
 * only, no tiles), no predictor, little-endian. Georeferencing: ModelPixelScale and one ModelTiepoint
 * at the grid's upper-left corner, GeoKeys with GTModelTypeGeoKey, GTRasterTypeGeoKey = PixelIsArea and
 * ProjectedCSTypeGeoKey or GeographicTypeGeoKey with the EPSG number ({@code CRS:84} is written as
 * EPSG:4326, whose GeoTIFF axis order is also longitude first). GDAL_NODATA contains
 * {@link Raster#noDataValue()} and NaN cells are written as that value; a NoData value of NaN is
 * written as {@code nan}.
 *
 * <p>The file is written beside the target under a temporary name and then moved over it, atomically
 * where the file system allows, so a failed write leaves an existing file unchanged. The whole file
 * is built in memory first: about 4 bytes per cell plus the compressed size.
 */
public final class GeoTiffWriter {
    private GeoTiffWriter() {
    }

    /**
     * Writes {@code raster} to {@code path}, replacing an existing file.
     *
     * @throws CgisException when the CRS has no EPSG number or is neither projected nor geographic, or
     *     the file cannot be written
     */
    public static void write(Raster raster, Path path) {
        TIFFImage image = new TIFFImage(directory(raster));
        Path target = path.toAbsolutePath();
        Path temporary = null;
        try {
            Path folder = target.getParent();
            Files.createDirectories(folder);
            temporary = TempFiles.createBeside(target, ".tmp-");
            Files.write(temporary, TiffWriter.writeTiffToBytes(image));
            moveIntoPlace(temporary, target);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temporary);
            throw new CgisException(e, RasterioMessages.BUNDLE, "tiff.writeFailed", path, e.getMessage());
        }
    }

    private static FileDirectory directory(Raster raster) {
        GridGeometry grid = raster.grid();
        int epsg;
        boolean projected;
        boolean geographic;
        try {
            epsg = Crs.epsg(grid.crs());
            projected = Crs.isProjected(grid.crs());
            geographic = Crs.isGeographic(grid.crs());
        } catch (CgisException e) {
            throw new CgisException(e, RasterioMessages.BUNDLE, "tiff.unsupportedCrs", grid.crs());
        }
        if (!projected && !geographic) {
            throw new CgisException(RasterioMessages.BUNDLE, "tiff.unsupportedCrs", grid.crs());
        }

        int width = grid.cols();
        int height = grid.rows();
        ByteBuffer values = ByteBuffer.allocate(4 * width * height).order(ByteOrder.nativeOrder());
        float noData = raster.noDataValue();
        for (float value : raster.data()) {
            values.putFloat(Float.isNaN(value) ? noData : value);
        }
        values.flip();
        Rasters rasters = new Rasters(width, height, new FieldType[] {FieldType.FLOAT}, new ByteBuffer[] {values});

        FileDirectory directory = new FileDirectory();
        directory.setImageWidth(width);
        directory.setImageHeight(height);
        directory.setBitsPerSample(32);
        directory.setSampleFormat(TiffConstants.SAMPLE_FORMAT_FLOAT);
        directory.setSamplesPerPixel(1);
        directory.setCompression(TiffConstants.COMPRESSION_DEFLATE);
        directory.setPhotometricInterpretation(TiffConstants.PHOTOMETRIC_INTERPRETATION_BLACK_IS_ZERO);
        directory.setPlanarConfiguration(TiffConstants.PLANAR_CONFIGURATION_CHUNKY);
        directory.setRowsPerStrip(rasters.calculateRowsPerStrip(TiffConstants.PLANAR_CONFIGURATION_CHUNKY));
        directory.setModelPixelScale(List.of(grid.cellWidth(), grid.cellHeight(), 0.0));
        directory.setModelTiepoint(List.of(0.0, 0.0, 0.0, grid.originX(), grid.originY(), 0.0));
        directory.setUnsignedIntegerListEntryValue(FieldTagType.GeoKeyDirectory, GeoKeys.directoryFor(epsg, projected));
        directory.setStringEntryValue(FieldTagType.GDAL_NODATA, NoDataCheck.format(noData));
        directory.setWriteRasters(rasters);
        return directory;
    }

    private static void moveIntoPlace(Path temporary, Path target) throws IOException {
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // The original error matters more; a stray temporary file is harmless.
        }
    }
}
