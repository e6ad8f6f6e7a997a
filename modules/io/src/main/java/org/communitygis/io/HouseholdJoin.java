package org.communitygis.io;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.communitygis.core.CgisException;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.Field;
import org.communitygis.core.feature.FieldType;

/**
 * Joins a household table without coordinates onto the {@code buildings} layer by a key, filling the
 * {@code households} and {@code residents} attributes that the coverage analysis reads.
 *
 * <p>The key is {@code TABLECOL=BUILDINGATTR}: a table column and a building attribute, or {@code id} for
 * the feature id when the layer has no attribute of that name. Keys are compared as trimmed text, with
 * whole numbers written without decimals (an Excel cell 12 matches a text attribute "12").
 *
 * <p>Per building: {@code households} is the sum of a households column (户数, households) when the table
 * has one, otherwise the number of matching rows, each row one household (a 户籍 list with 户主). {@code
 * residents} is the sum of a residents column (人口, 人数, 常住人口, 户籍人口, residents, population) when
 * there is one, else left as it was. A row with a blank key, or one no building has, is unmatched. Buildings
 * that no row matches keep their values.
 */
public final class HouseholdJoin {
    /** Unmatched keys and buildings listed by value in the result, before the rest are only counted. */
    public static final int MAX_LISTED = 20;
    private static final Set<String> HOUSEHOLDS = Set.of("户数", "households", "household_count", "户");
    private static final Set<String> RESIDENTS = Set.of("人口", "人数", "常住人口", "户籍人口", "家庭人口", "residents",
            "population", "persons");

    private HouseholdJoin() {
    }

    /**
     * The outcome of a join.
     *
     * @param matchedRows table rows whose key a building has
     * @param matchedBuildings buildings that received values
     * @param unmatchedRows rows whose key no building has (row numbers, with the key)
     * @param unmatchedBuildings ids of the buildings no row matched
     * @param invalidCells non-blank households or residents cells of matched rows that are not numbers; they
     *     add nothing to the sums
     */
    public record Result(int matchedRows, int matchedBuildings, List<String> unmatchedRows, List<Long> unmatchedBuildings,
            List<InvalidCell> invalidCells) {
    }

    /**
     * A table cell that should hold a number but does not.
     *
     * @param row the row number as {@link TableReader.TableRow#number()} counts it
     * @param column the column name from the header
     * @param value the cell text
     */
    public record InvalidCell(int row, String column, String value) {
        @Override
        public String toString() {
            return row + ":" + column + "=\"" + value + "\"";
        }
    }

    /** A parsed {@code --join-key}: the table column and the building attribute. */
    public record Key(String column, String attribute) {
        /**
         * Parses {@code TABLECOL=BUILDINGATTR}.
         *
         * @throws CgisException when the text has no {@code =} or an empty side
         */
        public static Key parse(String text) {
            int equals = text.indexOf('=');
            if (equals <= 0 || equals == text.length() - 1) {
                throw new CgisException(IoMessages.BUNDLE, "join.badKey", text);
            }
            return new Key(text.substring(0, equals).trim(), text.substring(equals + 1).trim());
        }
    }

    /**
     * Joins {@code table} onto {@code buildings}, changing the features in place and adding the
     * {@code households} and {@code residents} fields when missing.
     *
     * @throws CgisException when the key column is not in the table, or the attribute not in the layer
     */
    public static Result join(TableReader.Table table, Key key, FeatureLayer buildings) {
        int keyColumn = table.column(key.column());
        if (keyColumn < 0) {
            throw new CgisException(IoMessages.BUNDLE, "table.columnMissing", table.file(), key.column(),
                    String.join(", ", table.header()));
        }
        boolean byId = !buildings.hasField(key.attribute()) && key.attribute().equalsIgnoreCase("id");
        if (!byId && !buildings.hasField(key.attribute())) {
            List<String> names = new ArrayList<>();
            buildings.fields().forEach(field -> names.add(field.name()));
            throw new CgisException(IoMessages.BUNDLE, "join.attributeMissing", key.attribute(), buildings.name(),
                    String.join(", ", names));
        }
        int householdsColumn = PointTable.find(table, Optional.empty(), HOUSEHOLDS);
        int residentsColumn = PointTable.find(table, Optional.empty(), RESIDENTS);

        Map<String, List<Feature>> byKey = new HashMap<>();
        for (Feature feature : buildings.features()) {
            Object value = byId ? (Object) feature.id() : feature.get(key.attribute());
            String text = keyText(value);
            if (text != null) {
                byKey.computeIfAbsent(text, k -> new ArrayList<>()).add(feature);
            }
        }
        Map<Feature, long[]> totals = new LinkedHashMap<>();
        List<String> unmatchedRows = new ArrayList<>();
        List<InvalidCell> invalidCells = new ArrayList<>();
        int matchedRows = 0;
        for (TableReader.TableRow row : table.rows()) {
            String text = keyText(row.cell(keyColumn));
            List<Feature> targets = text == null ? null : byKey.get(text);
            if (targets == null) {
                unmatchedRows.add(row.number() + ":" + (text == null ? "" : text));
                continue;
            }
            matchedRows++;
            double households = householdsColumn >= 0 ? number(table, row, householdsColumn, invalidCells) : 1;
            double residents = residentsColumn >= 0 ? number(table, row, residentsColumn, invalidCells) : Double.NaN;
            // A key shared by several buildings (one house number, two buildings) credits the first.
            long[] sum = totals.computeIfAbsent(targets.get(0), f -> new long[] {0, 0, 0});
            sum[0] += Double.isFinite(households) ? Math.round(households) : 0;
            if (Double.isFinite(residents)) {
                sum[1] += Math.round(residents);
                sum[2] = 1;
            }
        }
        buildings.addField(new Field("households", FieldType.INTEGER));
        buildings.addField(new Field("residents", FieldType.INTEGER));
        List<Long> unmatchedBuildings = new ArrayList<>();
        for (Feature feature : buildings.features()) {
            long[] sum = totals.get(feature);
            if (sum == null) {
                unmatchedBuildings.add(feature.id());
                continue;
            }
            feature.set("households", sum[0]);
            if (sum[2] == 1) {
                feature.set("residents", sum[1]);
            }
        }
        return new Result(matchedRows, totals.size(), unmatchedRows, unmatchedBuildings, invalidCells);
    }

    /** Returns the number in a cell, NaN when blank; adds a non-blank cell that is not a number to {@code invalid}. */
    private static double number(TableReader.Table table, TableReader.TableRow row, int column, List<InvalidCell> invalid) {
        Object cell = row.cell(column);
        double value = PointTable.number(cell);
        if (Double.isNaN(value) && cell != null && !cell.toString().isBlank()) {
            invalid.add(new InvalidCell(row.number(), table.header().get(column), cell.toString().trim()));
        }
        return value;
    }

    /** Returns a key value as text: whole numbers without decimals, text trimmed, blank as null. */
    static String keyText(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number number) {
            double real = number.doubleValue();
            if (real == Math.rint(real) && Math.abs(real) < 1e15) {
                return Long.toString((long) real);
            }
            return Double.toString(real);
        }
        String text = value.toString().trim();
        if (text.matches("[+-]?\\d+\\.0+")) {
            text = text.substring(0, text.indexOf('.'));
        }
        return text.isEmpty() ? null : text;
    }
}
