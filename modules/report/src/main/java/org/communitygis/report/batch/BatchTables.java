package org.communitygis.report.batch;

import static org.communitygis.report.batch.Table.Column.bool;
import static org.communitygis.report.batch.Table.Column.integer;
import static org.communitygis.report.batch.Table.Column.real;
import static org.communitygis.report.batch.Table.Column.text;

import java.util.List;

/**
 * The tables of a batch report, each written as {@code <name>.csv}, a sheet of {@code tables.xlsx} and
 * (with geometry) a layer of {@code results.gpkg}. Distances and lengths are in m with 2 decimals, shares
 * in % with 1 decimal. Rows are ordered by community id, then as each table documents.
 */
final class BatchTables {
    /** One row per community that succeeded. */
    static final String COMMUNITIES = "communities";
    /** One row per zone (village group) per community, in the order of the {@code zones} layer, "" last. */
    static final String ZONES = "zones";
    /** Unserved buildings with households, by zone, then distance to the nearest pipe, then building id. */
    static final String UNSERVED = "unserved";
    /** Pipe length per {@code kind}, kinds in alphabetical order. */
    static final String NETWORK = "network_length";
    /** Facility loads, in the order of the {@code facilities} layer. */
    static final String FACILITIES = "facilities";
    /**
     * Road damage zone length per PCI grade and severity. A zone without a PCI has the grade
     * {@link #GRADE_NO_SURVEY} or {@link #GRADE_NOT_SURVEYED}, so an unknown grade is never an empty cell.
     */
    static final String ROAD_CONDITION = "road_condition";
    /** {@code pci_grade} of a zone in a community without a distress survey: its grade is unknown. */
    static final String GRADE_NO_SURVEY = "no_survey";
    /** {@code pci_grade} of a zone on roads the community's distress survey did not cover. */
    static final String GRADE_NOT_SURVEYED = "not_surveyed";
    /** Pipe links flagged by the gradient check, in the order of {@code pipe_gradients}. */
    static final String DRAINAGE = "drainage_findings";

    /** Communities that failed, with the reason; written as {@code failures.csv} only. */
    static final String FAILURES = "failures";

    /** All table names in the order of the XLSX sheets. */
    static final List<String> NAMES = List.of(COMMUNITIES, ZONES, UNSERVED, NETWORK, FACILITIES, ROAD_CONDITION,
            DRAINAGE);

    private BatchTables() {
    }

    /** Returns an empty table {@code name}. */
    static Table create(String name) {
        return switch (name) {
            case COMMUNITIES -> new Table(name, List.of(text("community_id"), text("community"), integer("zones"),
                    integer("buildings"), integer("households"), integer("residents"),
                    integer("served_households"), real("served_share_pct", 1),
                    real("served_buffer_share_pct", 1), real("served_road_share_pct", 1),
                    real("served_gravity_share_pct", 1), integer("unserved_households"), real("sewer_length_m", 2),
                    real("max_facility_load_pct", 1), integer("damage_zones"), bool("pci_surveyed"),
                    integer("reverse_links"),
                    integer("too_flat_links")));
            case ZONES -> new Table(name, List.of(text("community_id"), text("community"), text("zone"),
                    integer("buildings"), integer("households"), integer("residents"),
                    integer("served_buffer_households"), integer("served_road_households"),
                    integer("served_gravity_households"), integer("served_households"), real("served_share_pct", 1),
                    integer("unserved_households")));
            case UNSERVED -> new Table(name, List.of(text("community_id"), text("zone"), integer("building_id"),
                    integer("households"), integer("residents"), real("pipe_distance_m", 2),
                    real("road_distance_m", 2), integer("nearest_pipe_id"), bool("served_gravity")));
            case NETWORK -> new Table(name, List.of(text("community_id"), text("kind"), integer("links"),
                    real("length_m", 2)));
            case FACILITIES -> new Table(name, List.of(text("community_id"), text("facility"), text("kind"),
                    text("network"), integer("connected_households"), integer("connected_residents"),
                    real("design_flow_m3_per_day", 1), integer("capacity_households"),
                    real("capacity_m3_per_day", 1), real("load_pct", 1), text("flag")));
            case ROAD_CONDITION -> new Table(name, List.of(text("community_id"), text("pci_grade"),
                    integer("severity"), integer("zones"), real("length_m", 2)));
            case DRAINAGE -> new Table(name, List.of(text("community_id"), integer("pipe_id"), text("name"),
                    text("kind"), text("flag"), real("gradient_permille", 2), real("min_gradient_permille", 2),
                    real("length_m", 2), text("message")));
            case FAILURES -> new Table(name, List.of(text("community_id"), text("source"), text("message")));
            default -> throw new IllegalArgumentException("Unknown table " + name);
        };
    }
}
