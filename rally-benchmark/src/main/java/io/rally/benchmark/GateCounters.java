package io.rally.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the gate counted of the abuse, read from its Prometheus endpoint: every Rally counter
 * with a {@code reason} tag (connections closed, messages dropped, decode errors, and whatever
 * limits count the same way), every counter of something rejected or failed, and the open
 * connections per transport. Read over HTTP so that the standalone app and the cluster's gate,
 * in a JVM of its own, are read alike; and the kernel's UDP drops ({@link #withKernelUdpDrops}).
 * Immutable.
 *
 * @param samples values by series, e.g. {@code rally_gate_connections_closed_total{reason="slow_consumer",transport="tcp"}}
 */
record GateCounters(Map<String, Double> samples) {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	/** The kernel's count, named like a Prometheus counter so that {@link #since} takes the increase. */
	static final String KERNEL_UDP_DROPS = "kernel_udp_receive_buffer_errors_total";

	private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

	GateCounters {
		samples = new TreeMap<>(samples);
	}

	/**
	 * Scrapes {@code uri}, an actuator's {@code /actuator/prometheus}.
	 * @throws IOException if the endpoint does not answer with the metrics
	 */
	static GateCounters scrape(URI uri) throws IOException {
		HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build();
		try {
			HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IOException(uri + " answered " + response.statusCode());
			}
			return parse(response.body());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted while reading " + uri, ex);
		}
	}

	/** The series of interest in a Prometheus text exposition; the rest is left out. */
	static GateCounters parse(String exposition) {
		Map<String, Double> samples = new TreeMap<>();
		for (String line : exposition.split("\n")) {
			int space = line.lastIndexOf(' ');
			if (line.startsWith("#") || space < 0 || !isOfInterest(line.substring(0, space))) {
				continue;
			}
			try {
				samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
			}
			catch (NumberFormatException ex) {
				// a sample with a timestamp or an odd value: not one of ours
			}
		}
		return new GateCounters(samples);
	}

	private static boolean isOfInterest(String series) {
		int brace = series.indexOf('{');
		String name = (brace < 0) ? series : series.substring(0, brace);
		if (!name.startsWith("rally_")) {
			return false;
		}
		return name.equals("rally_gate_connections") || series.contains("reason=\"")
				|| name.contains("rejected") || name.contains("failed");
	}

	/**
	 * These samples and the kernel's count of UDP datagrams dropped for a full receive buffer
	 * (Linux, {@code /proc/net/snmp}, the whole host): where a flooded UDP socket loses what it
	 * cannot read in time, which no gate meter sees. As they are if the count cannot be read.
	 */
	GateCounters withKernelUdpDrops() {
		Path snmp = Path.of("/proc/net/snmp");
		try {
			List<String> udp = Files.readAllLines(snmp).stream().filter((line) -> line.startsWith("Udp:")).toList();
			if (udp.size() < 2) {
				return this;
			}
			List<String> names = List.of(udp.get(0).split("\\s+"));
			String[] values = udp.get(1).split("\\s+");
			int index = names.indexOf("RcvbufErrors");
			if (index < 0 || index >= values.length) {
				return this;
			}
			Map<String, Double> samples = new TreeMap<>(this.samples);
			samples.put(KERNEL_UDP_DROPS, Double.parseDouble(values[index]));
			return new GateCounters(samples);
		}
		catch (IOException | RuntimeException ex) {
			// not Linux, or a layout not known: the report goes without
			return this;
		}
	}

	/** Counters as increases since {@code before}, the rest (gauges) as they are now. */
	GateCounters since(GateCounters before) {
		Map<String, Double> changed = new TreeMap<>();
		this.samples.forEach((series, value) -> {
			boolean counter = series.contains("_total");
			changed.put(series, counter ? value - before.samples.getOrDefault(series, 0.0) : value);
		});
		return new GateCounters(changed);
	}

	/** The series that are not zero, one per line with {@code indent} before it. */
	String text(String indent) {
		StringBuilder text = new StringBuilder();
		this.samples.forEach((series, value) -> {
			if (value != 0) {
				text.append(indent).append(series).append(' ').append(String.format(Locale.ROOT, "%,.0f", value)).append('\n');
			}
		});
		return (text.length() > 0) ? text.toString() : indent + "(nothing counted)\n";
	}

}
