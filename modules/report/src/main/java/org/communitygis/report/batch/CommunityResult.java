package org.communitygis.report.batch;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The derived tables of one community, cached between runs so that an up-to-date community is not read
 * again (see {@link BatchReport}).
 *
 * @param id the community id
 * @param name the display name
 * @param tables this community's rows of each {@link BatchTables} table, by name
 * @param hasDem whether the project has a DEM, so {@code served_gravity} is known
 * @param roadResultsStored whether road damage zones came from the project, else from memory
 * @param crs the CRS code of the community's geometries
 */
record CommunityResult(String id, String name, Map<String, Table> tables, boolean hasDem, boolean roadResultsStored,
        String crs)
        implements Serializable {

    CommunityResult {
        tables = new LinkedHashMap<>(tables);
    }

    Table table(String name) {
        return tables.get(name);
    }
}
