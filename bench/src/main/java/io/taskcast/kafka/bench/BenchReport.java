package io.taskcast.kafka.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The result of a bench: some lines of context, then one row per replay, as a table whose columns
 * line up in a terminal and which is also valid Markdown, so it can be pasted into docs as it is.
 */
final class BenchReport {

    private static final List<String> HEADER = List.of("target", "events", "tasks", "seconds", "events/s",
            "load 1m", "check");

    /** One replay; {@code problems} empty means its check passed. */
    record Row(String target, long events, long tasks, double seconds, double load, List<String> problems) {

        boolean ok() {
            return problems.isEmpty();
        }

        double eventsPerSecond() {
            return events / Math.max(seconds, 0.001);
        }

        List<String> cells() {
            return List.of(target, String.format(Locale.ROOT, "%,d", events), String.format(Locale.ROOT, "%,d", tasks),
                    String.format(Locale.ROOT, "%.1f", seconds), String.format(Locale.ROOT, "%,.0f", eventsPerSecond()),
                    load < 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", load), ok() ? "ok" : "FAILED");
        }
    }

    private final List<String> context;
    private final List<Row> rows;

    BenchReport(List<String> context, List<Row> rows) {
        this.context = List.copyOf(context);
        this.rows = List.copyOf(rows);
    }

    boolean ok() {
        return rows.stream().allMatch(Row::ok);
    }

    String text() {
        StringBuilder out = new StringBuilder();
        context.forEach(line -> out.append(line).append('\n'));
        out.append('\n').append(table());
        rows.stream().filter(row -> !row.ok()).forEach(row ->
                row.problems().forEach(problem -> out.append(row.target()).append(": ").append(problem).append('\n')));
        return out.toString();
    }

    private String table() {
        List<List<String>> lines = new ArrayList<>();
        lines.add(HEADER);
        rows.forEach(row -> lines.add(row.cells()));
        int[] widths = new int[HEADER.size()];
        lines.forEach(cells -> {
            for (int i = 0; i < cells.size(); i++) {
                widths[i] = Math.max(widths[i], cells.get(i).length());
            }
        });
        StringBuilder out = new StringBuilder();
        for (int line = 0; line < lines.size(); line++) {
            out.append(line(lines.get(line), widths));
            if (line == 0) {
                List<String> rule = new ArrayList<>();
                for (int width : widths) {
                    rule.add("-".repeat(width));
                }
                out.append(line(rule, widths));
            }
        }
        return out.toString();
    }

    /** Text columns left-aligned, numbers right-aligned. */
    private static String line(List<String> cells, int[] widths) {
        StringBuilder out = new StringBuilder("|");
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            boolean left = i == 0 || i == cells.size() - 1;
            String padding = " ".repeat(widths[i] - cell.length());
            out.append(' ').append(left ? cell + padding : padding + cell).append(" |");
        }
        return out.append('\n').toString();
    }
}
