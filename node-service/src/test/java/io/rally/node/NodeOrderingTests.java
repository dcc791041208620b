package io.rally.node;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.rally.node.test.TestGate;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Many connections sending at once from several threads: each connection's messages must be
 * handled in the order its gate delivered them, also across its login.
 */
@SpringBootTest(classes = TestNodeApplication.class)
class NodeOrderingTests {

	private static final int SENDERS = 4;

	private static final int CONNECTIONS_PER_SENDER = 8;

	private static final int MESSAGES = 200;

	private static final long FIRST_CONNECTION = 500_000;

	@Autowired
	private TestGate gate;

	@Autowired
	private GameController controller;

	@Test
	void keepsEachConnectionsOrderUnderConcurrency() throws Exception {
		ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
		try {
			List<Future<?>> sent = new ArrayList<>();
			for (int s = 0; s < SENDERS; s++) {
				long first = FIRST_CONNECTION + (long) s * CONNECTIONS_PER_SENDER;
				sent.add(senders.submit(() -> send(first)));
			}
			for (Future<?> future : sent) {
				future.get();
			}
		}
		finally {
			senders.shutdownNow();
		}
		List<Integer> expected = IntStream.range(0, MESSAGES).boxed().toList();
		int connections = SENDERS * CONNECTIONS_PER_SENDER;
		await().atMost(Duration.ofSeconds(30))
			.until(() -> IntStream.range(0, connections)
				.allMatch((i) -> received(FIRST_CONNECTION + i).size() == MESSAGES));
		for (int i = 0; i < connections; i++) {
			assertThat(received(FIRST_CONNECTION + i)).as("connection %d", FIRST_CONNECTION + i)
				.containsExactlyElementsOf(expected);
		}
	}

	private void send(long firstConnection) {
		for (int n = 0; n < MESSAGES; n++) {
			for (long connection = firstConnection; connection < firstConnection + CONNECTIONS_PER_SENDER; connection++) {
				// Half way through, the connection logs in: the user id changes, the order must not.
				long userId = (n < MESSAGES / 2) ? 0 : connection * 10;
				this.gate.send(connection, userId, 50, 0, ByteBuffer.allocate(4).putInt(n).array());
			}
		}
	}

	private List<Integer> received(long connection) {
		return this.controller.sequences.getOrDefault(connection, List.of());
	}

}
