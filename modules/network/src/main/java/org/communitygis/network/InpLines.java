package org.communitygis.network;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.communitygis.core.CgisException;

/**
 * The data lines of an EPA SWMM or EPANET input file: sections in square brackets, ';' comments,
 * whitespace-separated tokens, double-quoted tokens for names with spaces (SWMM 5.2).
 */
final class InpLines {
    /** One data line: its section (upper case, without brackets), 1-based line number and tokens. */
    record Line(String section, int number, List<String> tokens) {
        String token(int i) {
            return i < tokens.size() ? tokens.get(i) : "";
        }
    }

    private InpLines() {
    }

    static List<Line> read(Path file) {
        List<Line> lines = new ArrayList<>();
        // SWMM and EPANET write the file in the system code page; ISO-8859-1 reads any byte without failing.
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            String section = "";
            String text;
            int number = 0;
            while ((text = reader.readLine()) != null) {
                number++;
                String trimmed = text.strip();
                if (trimmed.startsWith("[")) {
                    int close = trimmed.indexOf(']');
                    section = trimmed.substring(1, close < 0 ? trimmed.length() : close).trim().toUpperCase(Locale.ROOT);
                    continue;
                }
                List<String> tokens = tokens(text);
                if (!tokens.isEmpty()) {
                    lines.add(new Line(section, number, tokens));
                }
            }
        } catch (IOException e) {
            throw new CgisException(e, NetworkMessages.BUNDLE, "inp.unreadable", file, e.getMessage());
        }
        return lines;
    }

    /** Splits a line into tokens, dropping a ';' comment; a ';' inside double quotes is kept. */
    static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        StringBuilder current = null;
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    quoted = false;
                    tokens.add(current.toString());
                    current = null;
                } else {
                    current.append(c);
                }
            } else if (c == ';') {
                break;
            } else if (c == '"') {
                quoted = true;
                current = new StringBuilder();
            } else if (Character.isWhitespace(c)) {
                if (current != null) {
                    tokens.add(current.toString());
                    current = null;
                }
            } else {
                if (current == null) {
                    current = new StringBuilder();
                }
                current.append(c);
            }
        }
        if (current != null) {
            tokens.add(current.toString());
        }
        return tokens;
    }

    /** Returns a token for writing: quoted when it contains whitespace. */
    static String quote(String name) {
        return name.chars().anyMatch(Character::isWhitespace) ? '"' + name + '"' : name;
    }
}
