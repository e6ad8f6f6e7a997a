package org.communitygis.roads;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.crs.Crs;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.linearref.LengthIndexedLine;

/**
 * Evaluates the damage hazards of each evaluation unit of a road from the {@code flow_acc} raster, the
 * DEM ({@code dem_filled} or {@code dem}) and the road's attributes.
 *
 * <p>Contract: both rasters, when given, share one grid, and the roads share its CRS, which must be
 * projected in metres. Either raster may be null (its hazards are then not evaluated), but not both. A
 * road is cut into units by {@link Chainage#units} per line part. A unit never spans two parts, and the
 * first and last unit of an open part have one neighbour only, so they are never low points. On a closed
 * ring the first and last units are neighbours. Roads outside both rasters, zero-length roads and
 * non-line geometries are skipped with a {@link Diagnostics} warning naming the road id.
 *
 * <p>Hazards and points per unit:
 * <table>
 * <caption>Scoring</caption>
 * <tr><th>hazard</th><th>rule</th><th>points</th></tr>
 * <tr><td>runoff</td><td>max flow_acc among the cells the unit passes through ({@link CellTraversal}) ×
 *     cell width × cell height ≥ {@code runoffAreaM2} (1 ha); ≥ {@code majorRunoffFactor} × that (10 ha)</td>
 *     <td>2; 3</td></tr>
 * <tr><td>grade</td><td>|z(end) − z(start)| / unit length, bilinear DEM, ≥ {@code steepGradePermille} (80 ‰);
 *     ≥ {@code verySteepGradePermille} (120 ‰)</td><td>1; 2</td></tr>
 * <tr><td>low point</td><td>the unit contains the sag of the profile (DEM sampled every half cell) and the mean
 *     elevation of both neighbouring units is ≥ its minimum + {@code lowPointDepthM} (0.2 m)</td><td>1</td></tr>
 * <tr><td>traffic</td><td>the road's {@link RoadTraffic} weight: equivalent standard axles, else counted heavy
 *     vehicles, on a weak surface 2, on a strong surface 1; inferred from class and surface 1; minus 1 under a
 *     weight limit except for axle loads</td><td>0–2</td></tr>
 * <tr><td>load on wet or steep subgrade</td><td>traffic points ≥ 2 and any runoff, grade or low-point
 *     points</td><td>+1</td></tr>
 * </table>
 * The score is the sum. Severity: score 0 none, 1–2 low (1), 3–4 medium (2), ≥ 5 high (3). A unit whose
 * only points are traffic points has severity 0 unless {@link RoadZoneOptions#trafficOnlyZones()} is set.
 * So runoff crossing a weak road with counted heavy traffic is at least 2 + 2 + 1 = 5, high. Runoff alone
 * is low, major runoff alone or runoff at a low point medium.
 */
public final class RoadHazards {
    private final Raster flowAcc;
    private final Raster dem;
    private final RoadZoneOptions options;
    private final Envelope coverage;
    private final double standardAxleKn;

    /**
     * Checks the inputs and prepares the evaluation.
     *
     * @param flowAcc the {@code flow_acc} raster (cells draining through a cell, itself included), or null
     * @param dem the {@code dem_filled} or {@code dem} raster, m, or null
     * @param roadsCrs the CRS code of the roads layer, or null when unknown
     * @param options the thresholds
     * @throws CgisException when both rasters are missing, their grids or CRSs differ, the CRS is
     *     geographic, or an option is out of range
     */
    public RoadHazards(Raster flowAcc, Raster dem, String roadsCrs, RoadZoneOptions options) {
        this(flowAcc, dem, roadsCrs, options, AxleLoads.BZZ_100_KN);
    }

    /**
     * Creates the evaluator as {@link #RoadHazards(Raster, Raster, String, RoadZoneOptions)} with equivalent
     * axles counted against a standard axle of {@code standardAxleKn}, kN.
     */
    public RoadHazards(Raster flowAcc, Raster dem, String roadsCrs, RoadZoneOptions options, double standardAxleKn) {
        options.validate();
        if (!(standardAxleKn > 0) || Double.isInfinite(standardAxleKn)) {
            throw new CgisException(RoadsMessages.BUNDLE, "options.invalid", "standardAxleKn",
                    Double.toString(standardAxleKn), "1", "1000");
        }
        this.standardAxleKn = standardAxleKn;
        if (flowAcc == null && dem == null) {
            throw new CgisException(RoadsMessages.BUNDLE, "roads.noRasters");
        }
        if (flowAcc != null && dem != null && !sameGrid(flowAcc.grid(), dem.grid())) {
            throw new CgisException(RoadsMessages.BUNDLE, "roads.gridMismatch", describe(flowAcc.grid()),
                    describe(dem.grid()));
        }
        GridGeometry grid = (dem != null ? dem : flowAcc).grid();
        if (roadsCrs != null && grid.crs() != null && !sameCrs(roadsCrs, grid.crs())) {
            throw new CgisException(RoadsMessages.BUNDLE, "roads.crsMismatch", roadsCrs, grid.crs());
        }
        String crs = grid.crs() != null ? grid.crs() : roadsCrs;
        if (crs != null && Crs.isGeographic(crs)) {
            throw new CgisException(RoadsMessages.BUNDLE, "roads.geographicCrs", crs);
        }
        this.flowAcc = flowAcc;
        this.dem = dem;
        this.options = options;
        this.coverage = grid.envelope();
    }

    /** Returns the options. */
    public RoadZoneOptions options() {
        return options;
    }

    /**
     * Evaluates every unit of {@code road}.
     *
     * <p>A road with no raster value in any unit is skipped as outside the rasters. A road with some
     * such units is kept, and a warning gives the length of those units, so a unit partly inside counts
     * as evaluated.
     *
     * @return the assessment, or empty when the road was skipped (a warning gives the reason)
     */
    public Optional<RoadAssessment> evaluate(Feature road, Diagnostics diagnostics) {
        String roadId = Long.toString(road.id());
        Geometry geometry = road.geometry();
        if (geometry == null || geometry.isEmpty()) {
            diagnostics.warn(RoadsMessages.BUNDLE, "roads.emptyGeometry", roadId);
            return Optional.empty();
        }
        if (!(geometry instanceof LineString) && !Geometry.TYPENAME_MULTILINESTRING.equals(geometry.getGeometryType())) {
            diagnostics.warn(RoadsMessages.BUNDLE, "roads.notLine", roadId, geometry.getGeometryType());
            return Optional.empty();
        }
        if (!(geometry.getLength() > 0)) {
            diagnostics.warn(RoadsMessages.BUNDLE, "roads.zeroLength", roadId);
            return Optional.empty();
        }
        if (!coverage.intersects(geometry.getEnvelopeInternal())) {
            diagnostics.warn(RoadsMessages.BUNDLE, "roads.outsideRasters", roadId);
            return Optional.empty();
        }

        List<RoadAssessment.Part> parts = new ArrayList<>();
        double offset = 0;
        for (int i = 0; i < geometry.getNumGeometries(); i++) {
            LineString line = (LineString) geometry.getGeometryN(i);
            parts.add(new RoadAssessment.Part(line, offset));
            if (!(line.getLength() > 0)) {
                diagnostics.warn(RoadsMessages.BUNDLE, "roads.zeroLengthPart", roadId, Integer.toString(i + 1));
            }
            offset += line.getLength();
        }

        RoadTraffic traffic = RoadTraffic.of(road, options, standardAxleKn, diagnostics);
        double width = RoadWidths.of(road.getDouble("width_m", Double.NaN), road.getLong("lanes", 0),
                road.getString("highway"));
        List<UnitHazard> units = new ArrayList<>();
        double uncoveredM = 0;
        for (int p = 0; p < parts.size(); p++) {
            List<Sample> samples = sample(parts.get(p));
            markLowPoints(samples, parts.get(p).line().isClosed());
            for (int i = 0; i < samples.size(); i++) {
                Sample sample = samples.get(i);
                if (!sample.covered()) {
                    uncoveredM += sample.range.lengthM();
                }
                units.add(score(p, i, sample, traffic));
            }
        }

        double totalM = geometry.getLength();
        if (uncoveredM >= totalM - 1e-6) {
            diagnostics.warn(RoadsMessages.BUNDLE, "roads.outsideRasters", roadId);
            return Optional.empty();
        }
        if (uncoveredM > 1e-6) {
            diagnostics.warn(RoadsMessages.BUNDLE, "roads.partlyOutside", roadId, formatMetres(uncoveredM),
                    formatMetres(totalM));
        }
        return Optional.of(new RoadAssessment(road, traffic, width, List.copyOf(parts), List.copyOf(units)));
    }

    /** Raster values of one unit before scoring. */
    private static final class Sample {
        final Chainage.Range range;
        double runoffAreaM2 = Double.NaN;
        double runoffAtM = Double.NaN;
        double gradePermille = Double.NaN;
        double minElevationM = Double.NaN;
        double lowestAtM = Double.NaN;
        double meanElevationM = Double.NaN;
        boolean lowPoint;

        Sample(Chainage.Range range) {
            this.range = range;
        }

        boolean covered() {
            return !Double.isNaN(runoffAreaM2) || !Double.isNaN(gradePermille) || !Double.isNaN(minElevationM);
        }
    }

    private List<Sample> sample(RoadAssessment.Part part) {
        LineString line = part.line();
        List<Sample> samples = new ArrayList<>();
        if (!(line.getLength() > 0)) {
            return samples;
        }
        LengthIndexedLine indexed = new LengthIndexedLine(line);
        List<double[]> crossings = flowAcc != null ? crossings(line) : List.of();
        int[] cursor = {0};
        for (Chainage.Range local : Chainage.units(line.getLength(), options.unitLengthM())) {
            Sample sample = new Sample(new Chainage.Range(part.offsetM() + local.fromM(), part.offsetM() + local.toM()));
            if (flowAcc != null) {
                maxRunoff(crossings, cursor, local, part.offsetM(), sample);
            }
            if (dem != null) {
                profile(indexed, local, part.offsetM(), sample);
            }
            samples.add(sample);
        }
        return samples;
    }

    /**
     * Stores the unit's gradient from the DEM at its two ends, and the minimum (with its chainage) and mean
     * of the DEM profile sampled along the unit at least every half cell.
     */
    private void profile(LengthIndexedLine indexed, Chainage.Range local, double offsetM, Sample sample) {
        GridGeometry grid = dem.grid();
        double spacing = Math.min(grid.cellWidth(), grid.cellHeight()) / 2;
        int intervals = Math.max(1, (int) Math.ceil(local.lengthM() / spacing));
        double sum = 0;
        int valid = 0;
        double first = Double.NaN;
        double last = Double.NaN;
        for (int k = 0; k <= intervals; k++) {
            double chainage = local.fromM() + local.lengthM() * k / intervals;
            Coordinate point = indexed.extractPoint(chainage);
            double z = dem.interpolate(point.x, point.y);
            if (k == 0) {
                first = z;
            }
            if (k == intervals) {
                last = z;
            }
            if (Double.isNaN(z)) {
                continue;
            }
            sum += z;
            valid++;
            if (Double.isNaN(sample.minElevationM) || z < sample.minElevationM) {
                sample.minElevationM = z;
                sample.lowestAtM = offsetM + chainage;
            }
        }
        sample.gradePermille = Math.abs(last - first) / local.lengthM() * 1000;
        sample.meanElevationM = valid > 0 ? sum / valid : Double.NaN;
    }

    /**
     * Returns the flow_acc cells the part's line passes through, in chainage order, as rows of
     * {cells, entry chainage, exit chainage} with part-local chainages in metres. Consecutive visits of one
     * cell (a vertex inside it) are merged into one crossing, and NoData cells are left out.
     */
    private List<double[]> crossings(LineString line) {
        GridGeometry grid = flowAcc.grid();
        Coordinate[] coordinates = line.getCoordinates();
        List<double[]> crossings = new ArrayList<>();
        int[] lastCell = {-1};
        double along = 0;
        for (int i = 0; i + 1 < coordinates.length; i++) {
            Coordinate a = coordinates[i];
            Coordinate b = coordinates[i + 1];
            double segmentLength = a.distance(b);
            double segmentStart = along;
            CellTraversal.traverse(grid, a.x, a.y, b.x, b.y, (col, row, tEnter, tExit) -> {
                float cells = flowAcc.get(col, row);
                if (Float.isNaN(cells)) {
                    return;
                }
                int index = grid.index(col, row);
                double from = segmentStart + tEnter * segmentLength;
                double to = segmentStart + tExit * segmentLength;
                if (index == lastCell[0]) {
                    double[] last = crossings.get(crossings.size() - 1);
                    last[2] = Math.max(last[2], to);
                } else {
                    crossings.add(new double[] {cells, from, to});
                    lastCell[0] = index;
                }
            });
            along += segmentLength;
        }
        return crossings;
    }

    /**
     * Stores the largest contributing area among the crossings that overlap the unit, and the chainage of
     * the middle of that crossing, which may lie in a neighbouring unit. A cell touched only at the unit's
     * end does not count, but a cell touched only at a corner inside the unit does. Crossings are ordered
     * along the line with non-decreasing exit chainages, so {@code cursor[0]}, the first crossing that can
     * still overlap, only moves forward as the units advance.
     */
    private void maxRunoff(List<double[]> crossings, int[] cursor, Chainage.Range local, double offsetM,
            Sample sample) {
        GridGeometry grid = flowAcc.grid();
        double best = Double.NaN;
        double at = Double.NaN;
        while (cursor[0] < crossings.size() && crossings.get(cursor[0])[2] < local.fromM()) {
            cursor[0]++;
        }
        for (int i = cursor[0]; i < crossings.size(); i++) {
            double[] crossing = crossings.get(i);
            double from = crossing[1];
            double to = crossing[2];
            if (from > local.toM()) {
                break;
            }
            boolean overlaps = to > from ? from < local.toM() && to > local.fromM() : local.contains(from);
            if (overlaps && (Double.isNaN(best) || crossing[0] > best)) {
                best = crossing[0];
                at = (from + to) / 2;
            }
        }
        if (!Double.isNaN(best)) {
            sample.runoffAreaM2 = best * grid.cellWidth() * grid.cellHeight();
            sample.runoffAtM = offsetM + at;
        }
    }

    /**
     * Marks units that contain the sag of the road profile: the unit's minimum is below the previous unit's
     * minimum and not above the next one's (so a sag exactly on a unit boundary marks one unit), and the
     * mean elevation of both neighbouring units lies at least {@code lowPointDepthM} above it.
     */
    private void markLowPoints(List<Sample> samples, boolean closed) {
        int n = samples.size();
        boolean wrap = closed && n >= 3;
        double depth = options.lowPointDepthM();
        for (int i = 0; i < n; i++) {
            boolean hasBoth = wrap || (i > 0 && i < n - 1);
            if (!hasBoth) {
                continue;
            }
            Sample here = samples.get(i);
            Sample before = samples.get((i - 1 + n) % n);
            Sample after = samples.get((i + 1) % n);
            // NaN compares false, so a unit next to NoData is never a low point.
            boolean sag = here.minElevationM < before.minElevationM && here.minElevationM <= after.minElevationM;
            here.lowPoint = sag && before.meanElevationM - here.minElevationM >= depth
                    && after.meanElevationM - here.minElevationM >= depth;
        }
    }

    private UnitHazard score(int part, int index, Sample sample, RoadTraffic traffic) {
        int runoff = 0;
        if (sample.runoffAreaM2 >= options.runoffAreaM2() * options.majorRunoffFactor()) {
            runoff = 3;
        } else if (sample.runoffAreaM2 >= options.runoffAreaM2()) {
            runoff = 2;
        }
        int grade = 0;
        if (sample.gradePermille >= options.verySteepGradePermille()) {
            grade = 2;
        } else if (sample.gradePermille >= options.steepGradePermille()) {
            grade = 1;
        }
        int lowPoint = sample.lowPoint ? 1 : 0;
        boolean terrain = runoff + grade + lowPoint > 0;
        int bonus = traffic.points() >= 2 && terrain ? 1 : 0;
        int score = runoff + grade + lowPoint + traffic.points() + bonus;
        int severity = terrain || options.trafficOnlyZones() ? severity(score) : 0;
        return new UnitHazard(part, index, sample.range.fromM(), sample.range.toM(), sample.runoffAreaM2,
                sample.runoffAtM, sample.gradePermille, sample.minElevationM, sample.lowestAtM, sample.lowPoint, runoff, grade, lowPoint,
                traffic.points(), bonus, severity);
    }

    /** Returns the severity of a score: 0 none, 1–2 low (1), 3–4 medium (2), ≥ 5 high (3). */
    static int severity(int score) {
        if (score >= 5) {
            return 3;
        }
        if (score >= 3) {
            return 2;
        }
        return score >= 1 ? 1 : 0;
    }

    private static boolean sameGrid(GridGeometry a, GridGeometry b) {
        double tolerance = 1e-6 * Math.min(a.cellWidth(), a.cellHeight());
        return a.cols() == b.cols() && a.rows() == b.rows()
                && Math.abs(a.originX() - b.originX()) <= tolerance
                && Math.abs(a.originY() - b.originY()) <= tolerance
                && Math.abs(a.cellWidth() - b.cellWidth()) <= tolerance
                && Math.abs(a.cellHeight() - b.cellHeight()) <= tolerance
                && (a.crs() == null || b.crs() == null || sameCrs(a.crs(), b.crs()));
    }

    private static boolean sameCrs(String a, String b) {
        try {
            return Crs.normalizeCode(a).equals(Crs.normalizeCode(b));
        } catch (CgisException e) {
            return a.trim().equalsIgnoreCase(b.trim());
        }
    }

    private static String describe(GridGeometry grid) {
        return String.format(Locale.ROOT, "%d×%d cells of %s×%s at (%s, %s), %s", grid.cols(), grid.rows(),
                grid.cellWidth(), grid.cellHeight(), grid.originX(), grid.originY(), grid.crs());
    }

    private static String formatMetres(double metres) {
        return String.format(Locale.ROOT, "%.0f", metres);
    }
}
