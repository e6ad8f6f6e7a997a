package org.communitygis.rasterio;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import mil.nga.tiff.FieldTagType;
import mil.nga.tiff.FieldType;
import mil.nga.tiff.FileDirectory;
import mil.nga.tiff.Rasters;
import mil.nga.tiff.TIFFImage;
import mil.nga.tiff.TiffWriter;
import mil.nga.tiff.util.TiffConstants;

/** Builds small TIFF files with chosen tags, for cases no real file covers. */
final class TestTiffs {
    int width = 4;
    int height = 3;
    int bands = 1;
    FieldType type = FieldType.FLOAT;
    /** Cell values of band 1, row-major; other bands hold value + 1000·band. */
    double[] values = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    List<Double> pixelScale = List.of(10.0, 10.0, 0.0);
    List<Double> tiepoint = List.of(0.0, 0.0, 0.0, 500_000.0, 3_000_000.0, 0.0);
    List<Double> transformation;
    List<Integer> geoKeys = GeoKeys.directoryFor(32648, true);
    String noData;

    Path write(Path file) throws IOException {
        Rasters rasters = new Rasters(width, height, bands, type);
        for (int row = 0; row < height; row++) {
            for (int col = 0; col < width; col++) {
                for (int band = 0; band < bands; band++) {
                    double value = values[row * width + col] + 1000.0 * band;
                    rasters.setPixelSample(band, col, row, number(value));
                }
            }
        }
        FileDirectory directory = new FileDirectory();
        directory.setImageWidth(width);
        directory.setImageHeight(height);
        List<Integer> bits = new ArrayList<>();
        for (int band = 0; band < bands; band++) {
            bits.add(type.getBits());
        }
        directory.setBitsPerSample(bits);
        directory.setSampleFormat(FieldType.getSampleFormat(type));
        directory.setSamplesPerPixel(bands);
        directory.setCompression(TiffConstants.COMPRESSION_NO);
        directory.setPhotometricInterpretation(TiffConstants.PHOTOMETRIC_INTERPRETATION_BLACK_IS_ZERO);
        directory.setPlanarConfiguration(TiffConstants.PLANAR_CONFIGURATION_CHUNKY);
        directory.setRowsPerStrip(rasters.calculateRowsPerStrip(TiffConstants.PLANAR_CONFIGURATION_CHUNKY));
        if (pixelScale != null) {
            directory.setModelPixelScale(pixelScale);
        }
        if (tiepoint != null) {
            directory.setModelTiepoint(tiepoint);
        }
        if (transformation != null) {
            directory.setDoubleListEntryValue(FieldTagType.ModelTransformation, transformation);
        }
        if (geoKeys != null) {
            directory.setUnsignedIntegerListEntryValue(FieldTagType.GeoKeyDirectory, geoKeys);
        }
        if (noData != null) {
            directory.setStringEntryValue(FieldTagType.GDAL_NODATA, noData);
        }
        directory.setWriteRasters(rasters);
        TiffWriter.writeTiff(file.toFile(), new TIFFImage(directory));
        return file;
    }

    private Number number(double value) {
        return switch (type) {
            case BYTE, SBYTE -> (short) value;
            case SHORT -> (int) value;
            case SSHORT -> (short) value;
            case LONG -> (long) value;
            case SLONG -> (int) value;
            case FLOAT -> (float) value;
            default -> value;
        };
    }
}
