package io.rally.testsupport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The samples of a Prometheus text exposition ({@code /actuator/prometheus}), for tests that
 * check meters the way a scraper sees them: by name and labels.
 */
public final class PrometheusText {

	private final List<Sample> samples;

	private PrometheusText(List<Sample> samples) {
		this.samples = samples;
	}

	/** Reads every sample line; comments and blank lines are skipped. */
	public static PrometheusText parse(String text) {
		List<Sample> samples = new ArrayList<>();
		for (String line : text.split("\n")) {
			if (line.isBlank() || line.startsWith("#")) {
				continue;
			}
			int labelsStart = line.indexOf('{');
			int valueStart = line.lastIndexOf(' ');
			String name;
			Map<String, String> labels = new LinkedHashMap<>();
			if (labelsStart >= 0 && labelsStart < valueStart) {
				name = line.substring(0, labelsStart);
				int labelsEnd = line.lastIndexOf('}', valueStart);
				for (String pair : splitLabels(line.substring(labelsStart + 1, labelsEnd))) {
					int eq = pair.indexOf('=');
					labels.put(pair.substring(0, eq).trim(), unquote(pair.substring(eq + 1).trim()));
				}
			}
			else {
				name = line.substring(0, valueStart).trim();
			}
			samples.add(new Sample(name, labels, Double.parseDouble(line.substring(valueStart + 1).trim())));
		}
		return new PrometheusText(samples);
	}

	/**
	 * The sum of the samples named {@code name} whose labels include {@code labels}.
	 * @throws AssertionError if there is no such sample
	 */
	public double value(String name, Map<String, String> labels) {
		List<Sample> matching = this.samples.stream()
			.filter((sample) -> sample.name().equals(name))
			.filter((sample) -> sample.labels().entrySet().containsAll(labels.entrySet()))
			.toList();
		if (matching.isEmpty()) {
			throw new AssertionError("No sample " + name + labels + " among " + names());
		}
		return matching.stream().mapToDouble(Sample::value).sum();
	}

	/** How many samples are named {@code name}. */
	public long count(String name) {
		return this.samples.stream().filter((sample) -> sample.name().equals(name)).count();
	}

	/** The distinct sample names, in order of appearance. */
	public List<String> names() {
		return this.samples.stream().map(Sample::name).distinct().toList();
	}

	private static List<String> splitLabels(String labels) {
		List<String> pairs = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		boolean quoted = false;
		for (int i = 0; i < labels.length(); i++) {
			char c = labels.charAt(i);
			if (c == '\\' && quoted && i + 1 < labels.length()) {
				current.append(c).append(labels.charAt(++i));
				continue;
			}
			if (c == '"') {
				quoted = !quoted;
			}
			if (c == ',' && !quoted) {
				pairs.add(current.toString());
				current.setLength(0);
				continue;
			}
			current.append(c);
		}
		if (!current.isEmpty()) {
			pairs.add(current.toString());
		}
		return pairs;
	}

	private static String unquote(String value) {
		String inner = (value.startsWith("\"") && value.endsWith("\"")) ? value.substring(1, value.length() - 1) : value;
		return inner.replace("\\\"", "\"").replace("\\\\", "\\");
	}

	/** One sample line. */
	public record Sample(String name, Map<String, String> labels, double value) {
	}

}
