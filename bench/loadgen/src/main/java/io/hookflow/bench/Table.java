package io.hookflow.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A result table, printed aligned on the terminal and as Markdown in the results file. */
final class Table {

    private final String title;
    private final List<String> columns;
    private final List<List<String>> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    Table(String title, String... columns) {
        this.title = title;
        this.columns = List.of(columns);
    }

    Table row(Object... cells) {
        List<String> row = new ArrayList<>();
        for (Object cell : cells) {
            row.add(cell == null ? "-" : cell.toString());
        }
        while (row.size() < columns.size()) {
            row.add("");
        }
        rows.add(row);
        return this;
    }

    Table note(String note) {
        notes.add(note);
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    String text() {
        int[] widths = new int[columns.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = columns.get(c).length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder("\n== ").append(title).append(" ==\n");
        appendLine(out, columns, widths);
        StringBuilder rule = new StringBuilder();
        for (int w : widths) {
            rule.append("-".repeat(w)).append("  ");
        }
        out.append(rule.toString().stripTrailing()).append('\n');
        for (List<String> row : rows) {
            appendLine(out, row, widths);
        }
        for (String note : notes) {
            out.append("  ").append(note).append('\n');
        }
        return out.toString();
    }

    private static void appendLine(StringBuilder out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < widths.length; c++) {
            String cell = cells.get(c);
            line.append(c == 0 ? pad(cell, widths[c]) : padLeft(cell, widths[c])).append("  ");
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    String markdown() {
        StringBuilder out = new StringBuilder("### ").append(title).append("\n\n| ");
        out.append(String.join(" | ", columns)).append(" |\n|");
        for (int c = 0; c < columns.size(); c++) {
            out.append(c == 0 ? "---|" : "---:|");
        }
        out.append('\n');
        for (List<String> row : rows) {
            out.append("| ").append(String.join(" | ", row).replace("\n", " ")).append(" |\n");
        }
        if (!notes.isEmpty()) {
            out.append('\n');
            for (String note : notes) {
                out.append(note).append("  \n");
            }
        }
        return out.append('\n').toString();
    }

    private static String pad(String s, int w) {
        return s + " ".repeat(Math.max(0, w - s.length()));
    }

    private static String padLeft(String s, int w) {
        return " ".repeat(Math.max(0, w - s.length())) + s;
    }

    static String f0(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    static String f1(double v) {
        return String.format(Locale.ROOT, "%,.1f", v);
    }

    static String f2(double v) {
        return String.format(Locale.ROOT, "%,.2f", v);
    }

    /** Milliseconds with a sensible number of digits. */
    static String ms(double v) {
        return v < 10 ? String.format(Locale.ROOT, "%.2f", v) : v < 100 ? String.format(Locale.ROOT, "%.1f", v)
                : String.format(Locale.ROOT, "%,.0f", v);
    }
}
