package io.rally.standalone;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import io.rally.client.ClientTransport;
import io.rally.client.RallyClient;
import io.rally.client.RallyErrorException;
import io.rally.protocol.Packet;
import io.rally.examples.basics.EchoController;
import io.rally.examples.basics.LoginController;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Java client against the standalone gate over TCP, WebSocket and KCP: requests on several
 * routes, many concurrent requests on one connection each matched to its response, and a
 * handler's error message carried from the node through the gate to the client.
 */
@SpringBootTest(properties = { "rally.gate.tcp.port=0", "rally.gate.ws.port=0", "rally.gate.kcp.enabled=true",
		"rally.gate.kcp.port=0" })
class ClientRoundTripTests {

	@Autowired
	ApplicationContext context;

	GateClients clients;

	@BeforeEach
	void openClients() {
		this.clients = new GateClients(this.context);
	}

	@AfterEach
	void closeClients() {
		this.clients.close();
	}

	@ParameterizedTest
	@EnumSource(ClientTransport.class)
	void answersSeveralRoutes(ClientTransport transport) {
		RallyClient client = this.clients.connect(transport);
		byte[] payload = GateClients.utf8("{\"hello\":\"rally\"}");

		Packet echoed = client.request(EchoController.ECHO, payload).orTimeout(10, TimeUnit.SECONDS).join();
		assertThat(echoed.route()).isEqualTo(EchoController.ECHO);
		assertThat(echoed.payload()).isEqualTo(payload);

		GateClients.login(client, 4242);
		assertThat(GateClients.call(client, LoginController.ONLINE, "{}").get("online").asLong()).isPositive();
	}

	@ParameterizedTest
	@EnumSource(ClientTransport.class)
	void matchesConcurrentRequestsBySeq(ClientTransport transport) {
		RallyClient client = this.clients.connect(transport);
		Random random = new Random(7);
		List<byte[]> payloads = new ArrayList<>();
		List<CompletableFuture<Packet>> replies = new ArrayList<>();
		for (int i = 0; i < 500; i++) {
			byte[] payload = new byte[1 + random.nextInt(512)];
			random.nextBytes(payload);
			payloads.add(payload);
			replies.add(client.request(EchoController.ECHO, payload));
		}
		for (int i = 0; i < replies.size(); i++) {
			assertThat(replies.get(i).orTimeout(20, TimeUnit.SECONDS).join().payload()).isEqualTo(payloads.get(i));
		}
	}

	@ParameterizedTest
	@EnumSource(ClientTransport.class)
	void handlerErrorMessagesReachTheClientUnchanged(ClientTransport transport) {
		RallyClient client = this.clients.connect(transport, true);

		assertThatThrownBy(() -> client.request(FailingController.FAIL, new byte[0]).orTimeout(10, TimeUnit.SECONDS).join())
			.isInstanceOf(CompletionException.class)
			.cause()
			.isInstanceOfSatisfying(RallyErrorException.class, (error) -> {
				assertThat(error.code()).isEqualTo(FailingController.CODE);
				assertThat(error.errorMessage()).isEqualTo(FailingController.MESSAGE);
			});
		assertThat(client.isConnected()).isTrue();
	}

}
