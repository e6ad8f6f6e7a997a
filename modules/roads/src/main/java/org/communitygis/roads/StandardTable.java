package org.communitygis.roads;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One versioned coefficient file of a standard ({@code standards/*.csv} on the class path): rows of key,
 * value, clause and confidence, with {@code #} comment lines. The files are the place a user audits every
 * coefficient, table and grade bound the PCI and RQI calculations use.
 */
final class StandardTable {
    /** One value with where it comes from. */
    record Entry(String key, String value, String clause, String confidence) {
        double number() {
            return Double.parseDouble(value.trim());
        }

        double[] numbers() {
            String[] tokens = value.trim().split("\\s+");
            double[] numbers = new double[tokens.length];
            for (int i = 0; i < tokens.length; i++) {
                numbers[i] = "-".equals(tokens[i]) ? Double.NaN : Double.parseDouble(tokens[i]);
            }
            return numbers;
        }

        String[] words() {
            return value.trim().split("\\s+");
        }
    }

    private final String resource;
    private final Map<String, Entry> entries;

    private StandardTable(String resource, Map<String, Entry> entries) {
        this.resource = resource;
        this.entries = entries;
    }

    /** Loads {@code standards/<file>} next to this class; a malformed file is a build error, so it throws. */
    static StandardTable load(String file) {
        String resource = "standards/" + file;
        Map<String, Entry> entries = new LinkedHashMap<>();
        try (InputStream in = StandardTable.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + resource);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            boolean header = true;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (header) {
                    header = false;
                    continue;
                }
                String[] cells = line.split(",", -1);
                if (cells.length != 4) {
                    throw new IllegalStateException(resource + " line " + number + ": expected 4 cells, got "
                            + cells.length);
                }
                entries.put(cells[0].trim(), new Entry(cells[0].trim(), cells[1].trim(), cells[2].trim(),
                        cells[3].trim()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new StandardTable(resource, Collections.unmodifiableMap(entries));
    }

    /** Returns the entry for {@code key}; a missing key is an error in the data file. */
    Entry get(String key) {
        Entry entry = entries.get(key);
        if (entry == null) {
            throw new IllegalStateException(resource + " has no key " + key);
        }
        return entry;
    }

    /** Returns the entry for {@code key}, or null. */
    Entry find(String key) {
        return entries.get(key);
    }

    /** Returns the entries whose key starts with {@code prefix}, in file order. */
    List<Entry> withPrefix(String prefix) {
        List<Entry> found = new ArrayList<>();
        for (Entry entry : entries.values()) {
            if (entry.key().startsWith(prefix)) {
                found.add(entry);
            }
        }
        return found;
    }
}
