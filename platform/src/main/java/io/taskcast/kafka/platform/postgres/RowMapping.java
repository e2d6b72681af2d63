package io.taskcast.kafka.platform.postgres;

import io.r2dbc.spi.Row;
import io.r2dbc.spi.Statement;
import io.taskcast.kafka.schemas.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * How one record type maps to the columns of its table. Both directions go through the record's
 * JSON tree, so a record read back from Postgres is built by the same Jackson rules as one read from
 * Redis. An absent field is SQL NULL; a present JSON null is the json value {@code null}, so the
 * two read back differently, as they do from Redis.
 */
final class RowMapping<T> {

    enum Kind { TEXT, JSON, BIGINT, INT }

    record Column(String name, String field, Kind kind) {
    }

    private final Class<T> type;
    private final String table;
    private final List<Column> columns;

    RowMapping(Class<T> type, String table, List<Column> columns) {
        this.type = type;
        this.table = table;
        this.columns = List.copyOf(columns);
    }

    /** {@code SELECT <every column> FROM <table>}, JSON columns as text. */
    String select() {
        return "SELECT " + columns.stream()
                .map(c -> c.kind() == Kind.JSON ? c.name() + "::text AS " + c.name() : c.name())
                .collect(Collectors.joining(", ")) + " FROM " + table;
    }

    /** {@code INSERT INTO <table> (<columns>) VALUES ($1, ...)}, JSON parameters cast to json. */
    String insert() {
        return "INSERT INTO " + table + " (" + columns.stream().map(Column::name).collect(Collectors.joining(", "))
                + ") VALUES (" + IntStream.range(0, columns.size())
                .mapToObj(i -> "$" + (i + 1) + (columns.get(i).kind() == Kind.JSON ? "::json" : ""))
                .collect(Collectors.joining(", ")) + ")";
    }

    /** {@code col = EXCLUDED.col, ...} for every column but the first (the key). */
    String updateFromExcluded() {
        return columns.stream().skip(1).map(c -> c.name() + " = EXCLUDED." + c.name())
                .collect(Collectors.joining(", "));
    }

    void bind(Statement statement, T value) {
        JsonNode tree = Json.mapper().valueToTree(value);
        for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            JsonNode field = tree.get(column.field());
            if (field == null || (field.isNull() && column.kind() != Kind.JSON)) {
                statement.bindNull(i, column.kind() == Kind.BIGINT ? Long.class
                        : column.kind() == Kind.INT ? Integer.class : String.class);
            } else {
                switch (column.kind()) {
                    case TEXT -> statement.bind(i, field.asString());
                    case JSON -> statement.bind(i, Json.toString(field));
                    case BIGINT -> statement.bind(i, field.longValue());
                    case INT -> statement.bind(i, field.intValue());
                }
            }
        }
    }

    T read(Row row) {
        ObjectNode tree = Json.mapper().createObjectNode();
        for (Column column : columns) {
            switch (column.kind()) {
                case TEXT -> put(tree, column, row.get(column.name(), String.class));
                case JSON -> {
                    String json = row.get(column.name(), String.class);
                    if (json != null) {
                        tree.set(column.field(), Json.mapper().readTree(json));
                    }
                }
                case BIGINT -> {
                    Long value = row.get(column.name(), Long.class);
                    if (value != null) {
                        tree.put(column.field(), value);
                    }
                }
                case INT -> {
                    Integer value = row.get(column.name(), Integer.class);
                    if (value != null) {
                        tree.put(column.field(), value);
                    }
                }
            }
        }
        return Json.mapper().treeToValue(tree, type);
    }

    private static void put(ObjectNode tree, Column column, String value) {
        if (value != null) {
            tree.put(column.field(), value);
        }
    }
}
