package archiver.web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text format 0.0.4
 * (https://prometheus.io/docs/instrumenting/exposition_formats/): every line is a HELP, a TYPE or a
 * sample of a family whose TYPE came first, and anything else fails the test that reads it.
 */
final class PrometheusText {

  record Sample(String name, Map<String, String> labels, double value) {}

  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern SAMPLE =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})? (\\S+)( -?\\d+)?");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\",?");
  private static final List<String> TYPES =
      List.of("counter", "gauge", "histogram", "summary", "untyped");

  final Map<String, String> types = new HashMap<>();
  final List<Sample> samples = new ArrayList<>();

  static PrometheusText parse(String text) {
    PrometheusText p = new PrometheusText();
    for (String line : text.split("\n", -1)) {
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("# HELP ")) {
        requireName(line.split(" ", 4)[2], line);
      } else if (line.startsWith("# TYPE ")) {
        String[] parts = line.split(" ");
        if (parts.length != 4 || !TYPES.contains(parts[3])) {
          throw new IllegalArgumentException("bad TYPE line: " + line);
        }
        requireName(parts[2], line);
        if (p.types.put(parts[2], parts[3]) != null) {
          throw new IllegalArgumentException("TYPE twice: " + line);
        }
      } else if (line.startsWith("#")) {
        continue;
      } else {
        p.samples.add(p.sample(line));
      }
    }
    return p;
  }

  private Sample sample(String line) {
    Matcher m = SAMPLE.matcher(line);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a sample: " + line);
    }
    String name = m.group(1);
    if (family(name) == null) {
      throw new IllegalArgumentException("sample of a family with no TYPE: " + line);
    }
    Map<String, String> labels = new LinkedHashMap<>();
    if (m.group(3) != null && !m.group(3).isEmpty()) {
      Matcher l = LABEL.matcher(m.group(3));
      int end = 0;
      while (l.find() && l.start() == end) {
        labels.put(l.group(1), l.group(2));
        end = l.end();
      }
      if (end != m.group(3).length()) {
        throw new IllegalArgumentException("bad labels: " + line);
      }
    }
    String v = m.group(4);
    double value =
        switch (v) {
          case "+Inf" -> Double.POSITIVE_INFINITY;
          case "-Inf" -> Double.NEGATIVE_INFINITY;
          case "NaN" -> Double.NaN;
          default -> Double.parseDouble(v);
        };
    return new Sample(name, labels, value);
  }

  /** The family a sample belongs to: its own name, or a histogram's or summary's suffixed one. */
  String family(String name) {
    if (types.containsKey(name)) {
      return name;
    }
    for (String suffix : List.of("_bucket", "_sum", "_count", "_total", "_created")) {
      if (name.endsWith(suffix)
          && types.containsKey(name.substring(0, name.length() - suffix.length()))) {
        return name.substring(0, name.length() - suffix.length());
      }
    }
    return null;
  }

  List<Sample> named(String name) {
    return samples.stream().filter(s -> s.name().equals(name)).toList();
  }

  double value(String name, Map<String, String> labels) {
    return samples.stream()
        .filter(s -> s.name().equals(name) && s.labels().equals(labels))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no sample " + name + labels))
        .value();
  }

  private static void requireName(String name, String line) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("bad metric name: " + line);
    }
  }
}
