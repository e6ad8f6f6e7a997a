package org.communitygis.store;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.List;
import javax.imageio.ImageIO;
import mil.nga.tiff.FileDirectory;
import mil.nga.tiff.Rasters;
import mil.nga.tiff.TIFFImage;
import mil.nga.tiff.TiffReader;
import mil.nga.tiff.TiffWriter;
import mil.nga.tiff.util.TiffConstants;

/**
 * Encodes and decodes the tiles of a GeoPackage 2D gridded coverage (OGC 17-066r1): single-band
 * 32-bit float TIFF for datatype {@code float}, 16-bit grayscale PNG for datatype {@code integer}.
 *
 * <p>TIFF tiles are written the way NGA's {@code CoverageDataTiff} writes them (uncompressed, one
 * strip layout from {@link Rasters#calculateRowsPerStrip}, sample format IEEE float) with NGA's TIFF
 * library, which also decodes the LZW and Deflate tiles other writers may produce.
 */
final class TileCodec {
    private TileCodec() {
    }

    /** Encodes {@code values} (width × height, row-major) as a float32 TIFF. */
    static byte[] encodeTiff(float[] values, int width, int height) throws IOException {
        Rasters rasters = new Rasters(width, height, 1, 32, TiffConstants.SAMPLE_FORMAT_FLOAT);
        floats(rasters).put(values);
        FileDirectory directory = new FileDirectory();
        directory.setImageWidth(width);
        directory.setImageHeight(height);
        directory.setBitsPerSample(32);
        directory.setCompression(TiffConstants.COMPRESSION_NO);
        directory.setPhotometricInterpretation(TiffConstants.PHOTOMETRIC_INTERPRETATION_BLACK_IS_ZERO);
        directory.setSamplesPerPixel(1);
        directory.setRowsPerStrip(rasters.calculateRowsPerStrip(TiffConstants.PLANAR_CONFIGURATION_CHUNKY));
        directory.setPlanarConfiguration(TiffConstants.PLANAR_CONFIGURATION_CHUNKY);
        directory.setSampleFormat(TiffConstants.SAMPLE_FORMAT_FLOAT);
        directory.setWriteRasters(rasters);
        TIFFImage image = new TIFFImage();
        image.add(directory);
        return TiffWriter.writeTiffToBytes(image);
    }

    /** Returns the first band of {@code rasters} as floats from its start, in the band's byte order. */
    private static FloatBuffer floats(Rasters rasters) {
        ByteBuffer band = rasters.getSampleValues()[0];
        // duplicate() resets the byte order to big-endian, so it is set again.
        return band.duplicate().order(band.order()).clear().asFloatBuffer();
    }

    /** A decoded tile: its size and raw pixel values, row-major. */
    record Tile(int width, int height, float[] values) {
    }

    /**
     * Decodes a float32 single-band TIFF tile.
     *
     * @throws IOException when the bytes are not such a TIFF
     */
    static Tile decodeTiff(byte[] bytes) throws IOException {
        FileDirectory directory;
        try {
            TIFFImage image = TiffReader.readTiff(bytes);
            directory = image.getFileDirectory();
        } catch (RuntimeException e) {
            throw new IOException("invalid TIFF tile: " + e.getMessage(), e);
        }
        List<Integer> formats = directory.getSampleFormat();
        boolean isFloat = formats != null && !formats.isEmpty() && formats.get(0) == TiffConstants.SAMPLE_FORMAT_FLOAT;
        if (directory.getSamplesPerPixel() != 1 || directory.getMaxBitsPerSample() != 32 || !isFloat) {
            throw new IOException("TIFF tile is not single-band float32 (samples " + directory.getSamplesPerPixel()
                    + ", bits " + directory.getBitsPerSample() + ", sample format " + formats + ")");
        }
        Rasters rasters;
        try {
            rasters = directory.readRasters();
        } catch (RuntimeException e) {
            throw new IOException("cannot decode TIFF tile: " + e.getMessage(), e);
        }
        float[] values = new float[rasters.getWidth() * rasters.getHeight()];
        floats(rasters).get(values);
        return new Tile(rasters.getWidth(), rasters.getHeight(), values);
    }

    /**
     * Decodes a PNG tile of an integer coverage; the values are the unsigned 16-bit pixel values.
     *
     * @throws IOException when the bytes are not a readable PNG
     */
    static Tile decodePng(byte[] bytes) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
        if (image == null) {
            throw new IOException("PNG tile cannot be decoded");
        }
        int width = image.getWidth();
        int height = image.getHeight();
        int[] samples = image.getRaster().getSamples(0, 0, width, height, 0, (int[]) null);
        float[] values = new float[samples.length];
        for (int i = 0; i < samples.length; i++) {
            values[i] = samples[i];
        }
        return new Tile(width, height, values);
    }
}
