package io.rally.gate.support;

import io.rally.gate.api.GateServer;

import org.springframework.context.ApplicationContext;

/**
 * Finds the gate servers of a test's application context, which bind to port 0.
 */
public final class GateServers {

	private GateServers() {
	}

	/** The port the context's server of {@code transport} ({@code tcp}, {@code ws}, {@code kcp}) is bound to. */
	public static int port(ApplicationContext context, String transport) {
		return context.getBeansOfType(GateServer.class)
			.values()
			.stream()
			.filter((server) -> server.transport().equals(transport))
			.findFirst()
			.orElseThrow()
			.port();
	}

}
