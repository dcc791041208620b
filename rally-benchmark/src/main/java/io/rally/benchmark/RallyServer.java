package io.rally.benchmark;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.rally.benchmark.BenchmarkOptions.Transport;
import io.rally.gate.api.GateServer;
import io.rally.standalone.RallyStandaloneApplication;

/**
 * The Rally standalone app (gate, node and mesh in one JVM) started inside the benchmark's JVM,
 * its gates bound to free ports. Startup and shutdown are outside the measured time.
 */
final class RallyServer implements RallyTarget {

	private final ConfigurableApplicationContext context;

	private RallyServer(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/**
	 * Free loopback ports, quiet logs, and gate limits that fit the load asked for; a
	 * {@code --rally-property} replaces the value of the same key.
	 */
	static List<String> properties(BenchmarkOptions options) {
		return withOverrides(gateProperties(options), options.rallyProperties());
	}

	/** The gate settings every Rally app of the benchmark runs with: ports 0 and quiet logs. */
	static Map<String, String> gateProperties(BenchmarkOptions options) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("rally.gate.tcp.port", "0");
		properties.put("rally.gate.ws.port", "0");
		properties.put("rally.gate.tcp.host", "127.0.0.1");
		properties.put("rally.gate.ws.host", "127.0.0.1");
		properties.put("rally.gate.ws.path", options.wsPath());
		if (options.kcpEnabled()) {
			properties.put("rally.gate.kcp.enabled", "true");
			properties.put("rally.gate.kcp.port", "0");
			properties.put("rally.gate.kcp.host", "127.0.0.1");
		}
		properties.put("rally.gate.max-connections", Integer.toString(Math.max(5000, options.connections())));
		if (options.target() != BenchmarkOptions.Target.ABUSE) {
			// Every load connection comes from 127.0.0.1 and never logs in: the guards against
			// abusive clients would refuse or close them. The abuse target keeps every guard at
			// its default: its good clients log in, and its abusers come from other addresses.
			properties.put("rally.gate.authorize-timeout", "0");
			properties.put("rally.gate.per-ip.max-connections", "0");
			properties.put("rally.gate.per-ip.connection-rate", "0");
		}
		properties.put("rally.gate.protocol.max-payload", Math.max(5000, options.payload()) + "B");
		properties.put("server.port", "0");
		properties.put("logging.level.root", "WARN");
		properties.put("spring.main.banner-mode", "off");
		if (options.tls()) {
			properties.putAll(BenchmarkTls.shared().gateProperties(options.transport()));
		}
		return properties;
	}

	/**
	 * {@code key=value} lines of {@code properties}, each of {@code overrides} replacing the value
	 * of its key and coming last. A key given twice on a command line binds as "a,b", hence one
	 * value per key.
	 */
	static List<String> withOverrides(Map<String, String> properties, List<String> overrides) {
		Map<String, String> merged = new LinkedHashMap<>(properties);
		for (String property : overrides) {
			int equals = property.indexOf('=');
			// Removed first so that the user's value also comes last.
			merged.remove(property.substring(0, equals));
			merged.put(property.substring(0, equals), property.substring(equals + 1));
		}
		List<String> list = new ArrayList<>(merged.size());
		merged.forEach((key, value) -> list.add(key + "=" + value));
		return list;
	}

	static RallyServer start(BenchmarkOptions options) {
		// As command-line arguments, not builder properties: those are defaults, and the app's own
		// application.yml (fixed ports 3553 and 3554) would win over them.
		String[] args = properties(options).stream().map((property) -> "--" + property).toArray(String[]::new);
		ConfigurableApplicationContext context = new SpringApplicationBuilder(RallyStandaloneApplication.class)
			.registerShutdownHook(false)
			.run(args);
		return new RallyServer(context);
	}

	@Override
	public int port(Transport transport) {
		List<String> found = new ArrayList<>();
		for (GateServer gate : this.context.getBeansOfType(GateServer.class).values()) {
			if (transport.id().equals(gate.transport())) {
				return gate.port();
			}
			found.add(gate.transport());
		}
		throw new IllegalStateException("the standalone app runs no " + transport.id() + " gate (gates found: " + found
				+ "); is rally.gate." + transport.id() + ".enabled false?");
	}

	/** The actuator's, on the port the app picked. */
	@Override
	public URI metricsUri() {
		String port = this.context.getEnvironment().getProperty("local.server.port");
		return (port != null) ? URI.create("http://127.0.0.1:" + port + "/actuator/prometheus") : null;
	}

	@Override
	public void close() {
		this.context.close();
	}

}
