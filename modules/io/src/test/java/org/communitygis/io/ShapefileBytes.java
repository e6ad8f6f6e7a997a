package org.communitygis.io;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds Shapefile and dBASE bytes field by field, as the format specifications lay them out, so that tests
 * can make files no writer of this project produces: GBK field names, Z shapes, null shapes, deleted
 * records and damaged files.
 */
public final class ShapefileBytes {
    private final int shapeType;
    private final List<byte[]> records = new ArrayList<>();

    ShapefileBytes(int shapeType) {
        this.shapeType = shapeType;
    }

    /** Adds a null shape record. */
    ShapefileBytes nullShape() {
        records.add(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0).array());
        return this;
    }

    /** Adds a Point (1) or PointZ (11, with z and m) record. */
    ShapefileBytes point(double x, double y, double z) {
        boolean withZ = shapeType == 11;
        ByteBuffer content = ByteBuffer.allocate(withZ ? 36 : 20).order(ByteOrder.LITTLE_ENDIAN);
        content.putInt(shapeType).putDouble(x).putDouble(y);
        if (withZ) {
            content.putDouble(z).putDouble(0);
        }
        records.add(content.array());
        return this;
    }

    /** Adds a PolyLine or Polygon record (plain, Z or M) with the given parts as x,y pairs. */
    ShapefileBytes parts(double[]... parts) {
        int points = 0;
        for (double[] part : parts) {
            points += part.length / 2;
        }
        boolean withZ = shapeType == 13 || shapeType == 15;
        boolean withM = withZ || shapeType == 23 || shapeType == 25;
        int size = 44 + 4 * parts.length + 16 * points + (withZ ? 16 + 8 * points : 0) + (withM ? 16 + 8 * points : 0);
        ByteBuffer content = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        content.putInt(shapeType);
        double minX = Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (double[] part : parts) {
            for (int i = 0; i < part.length; i += 2) {
                minX = Math.min(minX, part[i]);
                maxX = Math.max(maxX, part[i]);
                minY = Math.min(minY, part[i + 1]);
                maxY = Math.max(maxY, part[i + 1]);
            }
        }
        content.putDouble(minX).putDouble(minY).putDouble(maxX).putDouble(maxY);
        content.putInt(parts.length).putInt(points);
        int start = 0;
        for (double[] part : parts) {
            content.putInt(start);
            start += part.length / 2;
        }
        for (double[] part : parts) {
            for (double value : part) {
                content.putDouble(value);
            }
        }
        for (int block = 0; block < (withZ ? 1 : 0) + (withM ? 1 : 0); block++) {
            content.putDouble(0).putDouble(points);
            for (int i = 0; i < points; i++) {
                content.putDouble(i);
            }
        }
        records.add(content.array());
        return this;
    }

    /** Returns the {@code .shp} bytes. */
    byte[] shp() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int words = 50;
        for (byte[] record : records) {
            words += 4 + record.length / 2;
        }
        out.writeBytes(header(words));
        int number = 1;
        for (byte[] record : records) {
            out.writeBytes(ByteBuffer.allocate(8).putInt(number++).putInt(record.length / 2).array());
            out.writeBytes(record);
        }
        return out.toByteArray();
    }

    /** Returns the {@code .shx} bytes. */
    byte[] shx() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header(50 + 4 * records.size()));
        int offset = 50;
        for (byte[] record : records) {
            out.writeBytes(ByteBuffer.allocate(8).putInt(offset).putInt(record.length / 2).array());
            offset += 4 + record.length / 2;
        }
        return out.toByteArray();
    }

    private byte[] header(int words) {
        ByteBuffer header = ByteBuffer.allocate(100);
        header.putInt(9994).position(24);
        header.putInt(words);
        header.order(ByteOrder.LITTLE_ENDIAN).putInt(1000).putInt(shapeType);
        return header.array();
    }

    /** A dBASE column: name, type letter, width and decimals. */
    public record Column(String name, char type, int width, int decimals) {
    }

    /**
     * Returns {@code .dbf} bytes: values are written left-aligned (C, L, D) or right-aligned (N, F) in
     * {@code charset}; a record whose first value is "*DELETED*" is marked deleted and its values blank.
     */
    public static byte[] dbf(Charset charset, int languageDriver, List<Column> columns, List<List<String>> rows) {
        int recordLength = 1;
        for (Column column : columns) {
            recordLength += column.width();
        }
        int headerLength = 32 + 32 * columns.size() + 1;
        ByteBuffer out = ByteBuffer.allocate(headerLength + recordLength * rows.size() + 1).order(ByteOrder.LITTLE_ENDIAN);
        out.put((byte) 3).put((byte) 124).put((byte) 1).put((byte) 1).putInt(rows.size());
        out.putShort((short) headerLength).putShort((short) recordLength);
        out.position(29);
        out.put((byte) languageDriver);
        out.position(32);
        for (Column column : columns) {
            byte[] name = column.name().getBytes(charset);
            byte[] field = new byte[32];
            System.arraycopy(name, 0, field, 0, Math.min(11, name.length));
            field[11] = (byte) column.type();
            field[16] = (byte) column.width();
            field[17] = (byte) column.decimals();
            out.put(field);
        }
        out.put((byte) 0x0D);
        for (List<String> row : rows) {
            boolean deleted = "*DELETED*".equals(row.get(0));
            out.put((byte) (deleted ? '*' : ' '));
            for (int c = 0; c < columns.size(); c++) {
                Column column = columns.get(c);
                byte[] cell = new byte[column.width()];
                java.util.Arrays.fill(cell, (byte) ' ');
                byte[] value = deleted || row.get(c) == null ? new byte[0] : row.get(c).getBytes(charset);
                int at = column.type() == 'N' || column.type() == 'F' ? column.width() - value.length : 0;
                System.arraycopy(value, 0, cell, at, value.length);
                out.put(cell);
            }
        }
        out.put((byte) 0x1A);
        return out.array();
    }
}
