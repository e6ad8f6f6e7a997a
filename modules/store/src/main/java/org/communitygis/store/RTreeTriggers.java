package org.communitygis.store;

import java.util.List;

/**
 * The triggers that keep a GeoPackage RTree index in step with its feature table, as GeoPackage 1.3
 * (OGC 12-128, Annex F.3) defines them: insert, update1 to update4 and delete. GeoPackage 1.4
 * replaced update1 and update3 by update5 to update7; the project files declare version 1.3, so
 * they carry the 1.3 set.
 */
final class RTreeTriggers {
    private static final String INSERT = "CREATE TRIGGER \"rtree_<t>_<c>_insert\" AFTER INSERT ON \"<t>\""
            + " WHEN (new.\"<c>\" NOT NULL AND NOT ST_IsEmpty(NEW.\"<c>\"))"
            + " BEGIN INSERT OR REPLACE INTO \"rtree_<t>_<c>\" VALUES (NEW.\"<i>\","
            + " ST_MinX(NEW.\"<c>\"), ST_MaxX(NEW.\"<c>\"), ST_MinY(NEW.\"<c>\"), ST_MaxY(NEW.\"<c>\")); END";
    private static final String UPDATE1 = "CREATE TRIGGER \"rtree_<t>_<c>_update1\" AFTER UPDATE OF \"<c>\" ON \"<t>\""
            + " WHEN OLD.\"<i>\" = NEW.\"<i>\" AND (NEW.\"<c>\" NOTNULL AND NOT ST_IsEmpty(NEW.\"<c>\"))"
            + " BEGIN INSERT OR REPLACE INTO \"rtree_<t>_<c>\" VALUES (NEW.\"<i>\","
            + " ST_MinX(NEW.\"<c>\"), ST_MaxX(NEW.\"<c>\"), ST_MinY(NEW.\"<c>\"), ST_MaxY(NEW.\"<c>\")); END";
    private static final String UPDATE2 = "CREATE TRIGGER \"rtree_<t>_<c>_update2\" AFTER UPDATE OF \"<c>\" ON \"<t>\""
            + " WHEN OLD.\"<i>\" = NEW.\"<i>\" AND (NEW.\"<c>\" ISNULL OR ST_IsEmpty(NEW.\"<c>\"))"
            + " BEGIN DELETE FROM \"rtree_<t>_<c>\" WHERE id = OLD.\"<i>\"; END";
    private static final String UPDATE3 = "CREATE TRIGGER \"rtree_<t>_<c>_update3\" AFTER UPDATE ON \"<t>\""
            + " WHEN OLD.\"<i>\" != NEW.\"<i>\" AND (NEW.\"<c>\" NOTNULL AND NOT ST_IsEmpty(NEW.\"<c>\"))"
            + " BEGIN DELETE FROM \"rtree_<t>_<c>\" WHERE id = OLD.\"<i>\";"
            + " INSERT OR REPLACE INTO \"rtree_<t>_<c>\" VALUES (NEW.\"<i>\","
            + " ST_MinX(NEW.\"<c>\"), ST_MaxX(NEW.\"<c>\"), ST_MinY(NEW.\"<c>\"), ST_MaxY(NEW.\"<c>\")); END";
    private static final String UPDATE4 = "CREATE TRIGGER \"rtree_<t>_<c>_update4\" AFTER UPDATE ON \"<t>\""
            + " WHEN OLD.\"<i>\" != NEW.\"<i>\" AND (NEW.\"<c>\" ISNULL OR ST_IsEmpty(NEW.\"<c>\"))"
            + " BEGIN DELETE FROM \"rtree_<t>_<c>\" WHERE id IN (OLD.\"<i>\", NEW.\"<i>\"); END";
    private static final String DELETE = "CREATE TRIGGER \"rtree_<t>_<c>_delete\" AFTER DELETE ON \"<t>\""
            + " WHEN old.\"<c>\" NOT NULL BEGIN DELETE FROM \"rtree_<t>_<c>\" WHERE id = OLD.\"<i>\"; END";

    private RTreeTriggers() {
    }

    /**
     * Returns the CREATE TRIGGER statements for {@code table}. The names must be valid layer names or
     * column names without double quotes, since they are substituted into quoted identifiers as they are.
     */
    static List<String> sql(String table, String geometryColumn, String idColumn) {
        return List.of(INSERT, UPDATE1, UPDATE2, UPDATE3, UPDATE4, DELETE).stream()
                .map(template -> template.replace("<t>", table).replace("<c>", geometryColumn).replace("<i>", idColumn))
                .toList();
    }
}
