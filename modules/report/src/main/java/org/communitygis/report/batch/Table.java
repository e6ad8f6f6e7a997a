package org.communitygis.report.batch;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.communitygis.report.ReportMessages;
import org.locationtech.jts.geom.Geometry;

/**
 * One output table of the batch: typed columns and rows, optionally with a geometry per row for the
 * results GeoPackage. Cells are {@link String}, {@link Long}, {@link Double} or {@link Boolean}; null is a
 * missing value. Every writer formats a REAL cell with its column's decimals, so equal rows give equal
 * files.
 */
final class Table implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Cell types; the XLSX writer and the GeoPackage writer map them to their own types. */
    enum Type { TEXT, INTEGER, REAL, BOOLEAN }

    /**
     * A column.
     *
     * @param key the English header of the CSV and field name of the GeoPackage, stable for scripts
     * @param type the cell type
     * @param decimals decimals of a REAL column in CSV and XLSX
     */
    record Column(String key, Type type, int decimals) implements Serializable {
        static Column text(String key) {
            return new Column(key, Type.TEXT, 0);
        }

        static Column integer(String key) {
            return new Column(key, Type.INTEGER, 0);
        }

        static Column real(String key, int decimals) {
            return new Column(key, Type.REAL, decimals);
        }

        static Column bool(String key) {
            return new Column(key, Type.BOOLEAN, 0);
        }
    }

    final String name;
    final List<Column> columns;
    final List<Object[]> rows = new ArrayList<>();
    /** Row geometries, in the project CRS, parallel to {@link #rows}; empty for tables without geometry. */
    final List<Geometry> geometries = new ArrayList<>();

    Table(String name, List<Column> columns) {
        this.name = name;
        this.columns = List.copyOf(columns);
    }

    /** Appends a row; {@code values} must match the columns in number and type. */
    void add(Object... values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException(name + ": " + values.length + " values for " + columns.size() + " columns");
        }
        rows.add(values);
    }

    /** Appends a row with its geometry. */
    void add(Geometry geometry, Object... values) {
        add(values);
        geometries.add(geometry);
    }

    /** Appends the rows (and geometries) of {@code other}, which must have the same columns. */
    void addAll(Table other) {
        rows.addAll(other.rows);
        geometries.addAll(other.geometries);
    }

    /** Returns a new empty table with the same name and columns. */
    Table emptyCopy() {
        return new Table(name, columns);
    }

    /** Formats a cell for CSV: REAL with the column's decimals, missing values empty. */
    String text(int row, int column) {
        Object value = rows.get(row)[column];
        if (value == null) {
            return "";
        }
        if (value instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? "" : String.format(Locale.ROOT, "%." + columns.get(column).decimals() + "f", d);
        }
        return value.toString();
    }

    /**
     * Formats a cell for readers of the HTML and PDF report: like {@link #text} (which CSV keeps, so it stays
     * machine-readable), but a BOOLEAN cell is 是/否 or Yes/No in {@code locale}.
     */
    String label(int row, int column, Locale locale) {
        if (rows.get(row)[column] instanceof Boolean b) {
            return ReportMessages.BUNDLE.format(locale, b ? "batch.yes" : "batch.no");
        }
        return text(row, column);
    }

    /** Returns the index of the column {@code key}. */
    int column(String key) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).key().equals(key)) {
                return i;
            }
        }
        throw new IllegalArgumentException(name + " has no column " + key);
    }
}
