package org.communitygis.roads;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.linearref.LengthIndexedLine;

/**
 * Linear referencing along road lines: chainage (distance along the line in the digitized direction, m),
 * points and sub-lines by chainage, locating a point, evaluation units and Chinese stationing.
 *
 * <p>Works on a {@code LineString} or {@code MultiLineString} in a projected CRS whose unit is the metre.
 * A MultiLineString is measured part after part in stored order, so chainage keeps increasing across
 * the gaps between parts, as in JTS {@link LengthIndexedLine}. Unlike {@code LengthIndexedLine}, which
 * reads a negative index as a distance from the end, every chainage here is clamped to [0, length]. A
 * closed ring road is measured from its first vertex once round, so its start point has chainage 0 and
 * also chainage = length; {@link #locate} returns 0 for it. Repeated vertices (zero-length segments) are
 * allowed and add nothing to the length.
 */
public final class Chainage {
    private Chainage() {
    }

    /** A position on a line: chainage of the nearest point (m) and distance from the line to the point (m). */
    public record Station(double chainageM, double offsetM) {
    }

    /** A chainage interval [fromM, toM] along a line, fromM ≤ toM, in metres. */
    public record Range(double fromM, double toM) {
        /** Returns toM − fromM, m. */
        public double lengthM() {
            return toM - fromM;
        }

        /** Returns the chainage of the middle of the interval, m. */
        public double midM() {
            return (fromM + toM) / 2;
        }

        /** Returns whether {@code chainageM} lies in [fromM, toM]. */
        public boolean contains(double chainageM) {
            return chainageM >= fromM && chainageM <= toM;
        }
    }

    /** Returns the length of a line, m (0 for an empty or zero-length line). */
    public static double length(Geometry line) {
        return line.getLength();
    }

    /** Returns the point at {@code chainageM} along {@code line}, clamped to the line's ends. */
    public static Coordinate pointAt(Geometry line, double chainageM) {
        return new LengthIndexedLine(line).extractPoint(clamp(line, chainageM));
    }

    /**
     * Returns the part of {@code line} between two chainages, clamped to the line's ends. With
     * {@code fromM > toM} the result runs against the digitized direction. A range spanning a gap
     * between the parts of a MultiLineString gives a MultiLineString.
     */
    public static Geometry subLine(Geometry line, double fromM, double toM) {
        return new LengthIndexedLine(line).extractLine(clamp(line, fromM), clamp(line, toM));
    }

    /** Locates the point of {@code line} nearest to {@code point}; ties go to the smallest chainage. */
    public static Station locate(Geometry line, Coordinate point) {
        double chainage = new LengthIndexedLine(line).project(point);
        Coordinate nearest = new LengthIndexedLine(line).extractPoint(chainage);
        return new Station(chainage, nearest.distance(point));
    }

    /**
     * Splits a line of {@code lengthM} into evaluation units of {@code unitLengthM}, from chainage 0.
     *
     * <p>All units are {@code unitLengthM} long except the last: a remainder shorter than half a unit is
     * added to the unit before it (so the last unit is at most 1.5 units long) and a longer remainder
     * becomes a unit of its own. A line shorter than one unit is a single unit. A zero or negative
     * length gives no unit.
     *
     * @throws IllegalArgumentException when {@code unitLengthM} is not positive and finite
     */
    public static List<Range> units(double lengthM, double unitLengthM) {
        if (!(unitLengthM > 0) || Double.isInfinite(unitLengthM)) {
            throw new IllegalArgumentException("Unit length must be positive and finite, got " + unitLengthM);
        }
        List<Range> units = new ArrayList<>();
        if (!(lengthM > 0)) {
            return units;
        }
        long whole = (long) Math.floor(lengthM / unitLengthM);
        double remainder = lengthM - whole * unitLengthM;
        if (whole == 0) {
            units.add(new Range(0, lengthM));
            return units;
        }
        long count = remainder >= unitLengthM / 2 ? whole + 1 : whole;
        for (long i = 0; i < count; i++) {
            double from = i * unitLengthM;
            double to = i == count - 1 ? lengthM : (i + 1) * unitLengthM;
            units.add(new Range(from, to));
        }
        return units;
    }

    /**
     * Formats a chainage as Chinese road stationing {@code K<km>+<mmm>}, rounded to the metre: 180 m is
     * {@code K0+180}, 1234.4 m is {@code K1+234} and 999.6 m is {@code K1+000}. Negative chainages are
     * written with a leading minus sign ({@code -K0+005}).
     */
    public static String station(double chainageM) {
        long metres = Math.round(Math.abs(chainageM));
        String sign = chainageM < 0 && metres > 0 ? "-" : "";
        return String.format(Locale.ROOT, "%sK%d+%03d", sign, metres / 1000, metres % 1000);
    }

    private static double clamp(Geometry line, double chainageM) {
        double length = line.getLength();
        if (Double.isNaN(chainageM)) {
            throw new IllegalArgumentException("Chainage is NaN");
        }
        return Math.max(0, Math.min(length, chainageM));
    }
}
