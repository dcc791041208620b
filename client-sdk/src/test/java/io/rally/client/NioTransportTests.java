package io.rally.client;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract tests run on epoll where it loads; this covers the NIO fallback for both transports.
 */
class NioTransportTests {

	@ParameterizedTest
	@EnumSource(value = ClientTransport.class, names = { "TCP", "WEBSOCKET" })
	void requestsWorkOnNio(ClientTransport transport) {
		try (EchoGate gate = new EchoGate(transport);
				ClientResources resources = ClientResources.builder().threads(1).preferNativeTransport(false).build();
				RallyClient client = gate.client().resources(resources).build()) {
			assertThat(resources.isNativeTransport()).isFalse();
			client.connect().orTimeout(10, TimeUnit.SECONDS).join();
			byte[] response = client.request(3, "nio".getBytes(StandardCharsets.UTF_8))
				.orTimeout(10, TimeUnit.SECONDS)
				.join()
				.payload();
			assertThat(new String(response, StandardCharsets.UTF_8)).isEqualTo("nio");
		}
	}

}
