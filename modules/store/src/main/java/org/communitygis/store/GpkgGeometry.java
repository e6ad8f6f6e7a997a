package org.communitygis.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.ByteOrderValues;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKBWriter;

/**
 * Encodes and decodes the GeoPackage binary geometry format (OGC 12-128, clause 2.1.3): an 8-byte
 * header ({@code "GP"}, version 0, flags, srs_id), an optional envelope and a standard WKB geometry.
 *
 * <p>Written blobs are little-endian, 2D, with an xy envelope for everything except points (which the
 * standard lets writers omit). Reading accepts either byte order, every envelope kind (xy, xyz, xym,
 * xyzm) and ISO WKB with Z or M, which JTS reads; Z and M values are kept in the JTS coordinates but
 * are dropped again by {@link #encode}. Blobs with the empty flag decode to null, and so do blobs using
 * the extended geometry types (flag bit 5), which no standard WKB reader understands. Instances are
 * not thread-safe.
 */
final class GpkgGeometry {
    private static final int HEADER_BYTES = 8;
    private static final int FLAG_LITTLE_ENDIAN = 0x01;
    private static final int FLAG_EMPTY = 0x10;
    private static final int FLAG_EXTENDED = 0x20;
    private static final int ENVELOPE_XY = 1;

    private final WKBWriter writer = new WKBWriter(2, ByteOrderValues.LITTLE_ENDIAN);
    private final WKBReader reader = new WKBReader(new GeometryFactory());

    /** Encodes {@code geometry} with {@code srsId}. An empty geometry gets the empty flag and no envelope. */
    byte[] encode(Geometry geometry, int srsId) {
        byte[] wkb = writer.write(geometry);
        boolean empty = geometry.isEmpty();
        boolean withEnvelope = !empty && geometry.getNumPoints() > 1;
        int flags = FLAG_LITTLE_ENDIAN | (withEnvelope ? ENVELOPE_XY << 1 : 0) | (empty ? FLAG_EMPTY : 0);
        ByteBuffer buffer = ByteBuffer.allocate(HEADER_BYTES + (withEnvelope ? 32 : 0) + wkb.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        buffer.put((byte) 'G').put((byte) 'P').put((byte) 0).put((byte) flags).putInt(srsId);
        if (withEnvelope) {
            Envelope envelope = geometry.getEnvelopeInternal();
            buffer.putDouble(envelope.getMinX()).putDouble(envelope.getMaxX())
                    .putDouble(envelope.getMinY()).putDouble(envelope.getMaxY());
        }
        buffer.put(wkb);
        return buffer.array();
    }

    /**
     * Decodes a GeoPackage geometry blob.
     *
     * @return the geometry, or null when the blob is flagged empty or uses an extended geometry type
     * @throws ParseException when the blob is not a GeoPackage geometry or its WKB is invalid
     */
    Geometry decode(byte[] blob) throws ParseException {
        if (blob.length < HEADER_BYTES || blob[0] != 'G' || blob[1] != 'P') {
            throw new ParseException("not a GeoPackage geometry blob (no GP magic)");
        }
        int flags = blob[3] & 0xFF;
        if ((flags & FLAG_EMPTY) != 0 || (flags & FLAG_EXTENDED) != 0) {
            return null;
        }
        int envelopeBytes = envelopeBytes((flags >> 1) & 0x07);
        int start = HEADER_BYTES + envelopeBytes;
        if (start >= blob.length) {
            throw new ParseException("GeoPackage geometry blob of " + blob.length + " bytes has no WKB");
        }
        Geometry geometry = reader.read(Arrays.copyOfRange(blob, start, blob.length));
        return geometry.isEmpty() ? null : geometry;
    }

    private static int envelopeBytes(int indicator) throws ParseException {
        switch (indicator) {
            case 0:
                return 0;
            case 1:
                return 32;
            case 2:
            case 3:
                return 48;
            case 4:
                return 64;
            default:
                throw new ParseException("invalid envelope indicator " + indicator + " in GeoPackage geometry");
        }
    }
}
