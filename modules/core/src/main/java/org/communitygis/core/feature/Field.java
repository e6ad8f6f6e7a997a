package org.communitygis.core.feature;

/** A layer column: its name (English, lower snake case) and type. */
public record Field(String name, FieldType type) {
}
