package io.rally.standalone;

import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.rally.client.ClientTransport;
import io.rally.client.RallyClient;
import io.rally.examples.basics.EchoController;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A gate holds at most {@code rally.gate.max-connections}, across transports; one over the
 * limit is closed on arrival and the others keep working.
 */
@SpringBootTest(properties = { "rally.gate.tcp.port=0", "rally.gate.ws.port=0", "rally.gate.max-connections=3" })
class MaxConnectionsTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	MeterRegistry meters;

	GateClients clients;

	@AfterEach
	void closeClients() {
		this.clients.close();
	}

	@Test
	void connectionOverTheLimitIsClosedAndTheOthersKeepWorking() throws IOException {
		this.clients = new GateClients(this.context);
		RallyClient first = this.clients.connect(ClientTransport.TCP);
		this.clients.connect(ClientTransport.WEBSOCKET);
		this.clients.connect(ClientTransport.TCP);
		// A client sees its connect complete before the gate's event loop has counted it: wait
		// until all three are counted, or the fourth could take the third's place.
		await().until(() -> this.meters.find("rally.gate.connections")
			.gauges()
			.stream()
			.mapToDouble(Gauge::value)
			.sum() == 3);

		try (Socket fourth = RawConnections.tcp(this.clients.port("tcp"))) {
			RawConnections.awaitClosedByPeer(fourth);
		}

		byte[] payload = { 3 };
		assertThat(first.request(EchoController.ECHO, payload).orTimeout(10, TimeUnit.SECONDS).join().payload())
			.isEqualTo(payload);
		first.close();
		await().untilAsserted(() -> {
			try (GateClients retry = new GateClients(this.context)) {
				RallyClient replacement = retry.connect(ClientTransport.TCP);
				assertThat(replacement.request(EchoController.ECHO, payload).orTimeout(10, TimeUnit.SECONDS).join().payload())
					.isEqualTo(payload);
			}
		});
	}

}
