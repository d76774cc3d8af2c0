package io.hookflow.testsupport;

import java.util.HashMap;
import java.util.Map;

import static io.restassured.RestAssured.given;

/**
 * One scrape of {@code /q/metrics} of the application under test, read as Prometheus text: sample values by name and
 * labels. For the tests of the business metrics (docs/metrics.md).
 */
public final class PrometheusScrape {

    private final String text;

    private PrometheusScrape(String text) {
        this.text = text;
    }

    public static PrometheusScrape now() {
        return new PrometheusScrape(given().when().get("/q/metrics").then().statusCode(200).extract().asString());
    }

    public String text() {
        return text;
    }

    /** The sum of the samples named {@code name} whose labels include {@code labels} (0 when there is none). */
    public double value(String name, String... labels) {
        Map<String, String> wanted = new HashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            wanted.put(labels[i], labels[i + 1]);
        }
        double sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || !line.startsWith(name)) {
                continue;
            }
            int brace = line.indexOf('{');
            int end = brace < 0 ? line.indexOf(' ') : line.indexOf("} ", brace) + 1;
            String sampleName = line.substring(0, brace < 0 ? end : brace);
            if (!sampleName.equals(name) || !labelsOf(brace < 0 ? "" : line.substring(brace + 1, end - 1))
                    .entrySet().containsAll(wanted.entrySet())) {
                continue;
            }
            sum += Double.parseDouble(line.substring(end).trim().split(" ")[0]);
        }
        return sum;
    }

    /** Whether a sample named {@code name} with these labels (among others) exists. */
    public boolean has(String name, String... labels) {
        Map<String, String> wanted = new HashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            wanted.put(labels[i], labels[i + 1]);
        }
        for (String line : text.split("\n")) {
            int brace = line.indexOf('{');
            if (!line.startsWith("#") && brace > 0 && line.substring(0, brace).equals(name)
                    && labelsOf(line.substring(brace + 1, line.indexOf("} ", brace))).entrySet()
                    .containsAll(wanted.entrySet())) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, String> labelsOf(String block) {
        Map<String, String> labels = new HashMap<>();
        int i = 0;
        while (i < block.length()) {
            int eq = block.indexOf("=\"", i);
            if (eq < 0) {
                break;
            }
            String key = block.substring(i, eq).trim();
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            while (j < block.length() && block.charAt(j) != '"') {
                if (block.charAt(j) == '\\' && j + 1 < block.length()) {
                    j++;
                }
                value.append(block.charAt(j++));
            }
            labels.put(key, value.toString());
            i = j + 1;
            if (i < block.length() && block.charAt(i) == ',') {
                i++;
            }
        }
        return labels;
    }
}
