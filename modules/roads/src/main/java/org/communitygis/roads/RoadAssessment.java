package org.communitygis.roads;

import java.util.List;
import org.communitygis.core.feature.Feature;
import org.locationtech.jts.geom.LineString;

/**
 * One evaluated road: its traffic weight, drawing width, line parts and units in chainage order.
 *
 * @param road the input feature
 * @param traffic the road's traffic weight
 * @param widthM the carriageway width used for zone polygons, m
 * @param parts the road's line parts with their start chainages, zero-length parts included
 * @param units the evaluation units of all parts, in chainage order
 */
public record RoadAssessment(Feature road, RoadTraffic traffic, double widthM, List<Part> parts,
        List<UnitHazard> units) {

    /**
     * One line part of a road.
     *
     * @param line the part's geometry
     * @param offsetM chainage of the part's first vertex along the whole road, m
     */
    public record Part(LineString line, double offsetM) {
    }

    /** Returns the road's name, else its {@code ref}, else null. */
    public String name() {
        String name = road.getString("name");
        if (name != null && !name.isBlank()) {
            return name;
        }
        String ref = road.getString("ref");
        return ref != null && !ref.isBlank() ? ref : null;
    }
}
