package io.rally.gate.internal.relay;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import io.rally.gate.api.relay.Backend;
import io.rally.gate.api.relay.BackendRedirects;
import io.rally.gate.internal.metrics.GateMetrics;
import io.rally.gate.support.Meters;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Draining a backend: a redirect closes the relays open to it and sends new clients that name
 * it to the target, as long as the target is allowed; clearing it sends them back.
 */
class TransparentRedirectTest {

	@Test
	void redirectDrainsTheBackendAndClearRestoresIt() throws Exception {
		try (TestBackend a = TestBackend.echo(); TestBackend b = TestBackend.echo();
				TestBackend outside = TestBackend.echo()) {
			RelayGates.gate("rally.gate.relay.allowed-backends=" + a.address() + "," + b.address()).run((context) -> {
				BackendRedirects redirects = context.getBean(BackendRedirects.class);
				int port = RelayGates.tcpPort(context);
				try (Socket first = RelayGates.open(port, a.address())) {
					relayed(first, "to a");
					assertThat(a.accepted()).isEqualTo(1);

					assertThat(redirects.redirect(a.address(), b.address())).isEqualTo(1);
					assertThat(first.getInputStream().read()).as("the drained client's stream").isEqualTo(-1);
				}
				assertThat(drained(context)).isEqualTo(1);
				await().untilAsserted(() -> assertThat(closed(context)).isEqualTo(1));

				try (Socket second = RelayGates.open(port, a.address())) {
					relayed(second, "to b");
				}
				assertThat(b.accepted()).isEqualTo(1);
				assertThat(a.accepted()).isEqualTo(1);

				redirects.redirect(a.address(), outside.address());
				try (Socket refused = RelayGates.open(port, a.address())) {
					assertThat(refused.getInputStream().read()).isEqualTo(-1);
				}
				assertThat(RelayGates.refused(context, "not_allowed")).isEqualTo(1);
				assertThat(outside.accepted()).isZero();

				redirects.clearRedirect(a.address());
				assertThat(redirects.redirects()).isEmpty();
				try (Socket third = RelayGates.open(port, a.address())) {
					relayed(third, "to a again");
				}
				assertThat(a.accepted()).isEqualTo(2);
				assertThat(b.accepted()).isEqualTo(1);
				assertThat(a.failures()).isEmpty();
				assertThat(b.failures()).isEmpty();
			});
		}
	}

	@Test
	void drainsOnlyTheRedirectedBackend() throws Exception {
		try (TestBackend a = TestBackend.echo(); TestBackend b = TestBackend.echo()) {
			RelayGates.gate("rally.gate.relay.allowed-backends=" + a.address() + "," + b.address()).run((context) -> {
				int port = RelayGates.tcpPort(context);
				try (Socket onA = RelayGates.open(port, a.address()); Socket onB = RelayGates.open(port, b.address())) {
					relayed(onA, "a");
					relayed(onB, "b");
					assertThat(context.getBean(BackendRedirects.class).redirect(b.address(), a.address())).isEqualTo(1);
					assertThat(onB.getInputStream().read()).isEqualTo(-1);
					roundTrip(onA, "a still");
				}
			});
		}
	}

	@Test
	void refusesMalformedOrCircularRedirects() {
		BackendRedirects redirects = new BackendRedirects();
		assertThatIllegalArgumentException().isThrownBy(() -> redirects.redirect(" ", "10.0.0.1:7000"));
		assertThatIllegalArgumentException().isThrownBy(() -> redirects.redirect("10.0.0.1:x", "10.0.0.2:7000"));
		assertThatIllegalArgumentException().isThrownBy(() -> redirects.redirect("[::1]:7000", "[::1]:7000"));
		assertThat(redirects.redirects()).isEmpty();
	}

	@Test
	void findsARedirectByInstanceIdOrAddress() {
		BackendRedirects redirects = new BackendRedirects();
		redirects.redirect("shard-1", "shard-2");
		redirects.redirect("[::1]:7000", "10.0.0.2:7000");
		assertThat(redirects.targetOf(new Backend("10.0.0.9", 7000, "shard-1"))).isEqualTo("shard-2");
		assertThat(redirects.targetOf(new Backend("::1", 7000, "shard-9"))).isEqualTo("10.0.0.2:7000");
		assertThat(redirects.targetOf(new Backend("10.0.0.9", 7000, null))).isNull();
	}

	/** Reads the gate's success message, then echoes {@code text} through the relay. */
	private static void relayed(Socket client, String text) throws IOException {
		assertThat(RelayGates.read(client, RelayGates.OK.length)).isEqualTo(RelayGates.OK);
		roundTrip(client, text);
	}

	private static void roundTrip(Socket client, String text) throws IOException {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		client.getOutputStream().write(bytes);
		client.getOutputStream().flush();
		assertThat(RelayGates.read(client, bytes.length)).isEqualTo(bytes);
	}

	private static double drained(AssertableApplicationContext context) {
		return Meters.count(context.getBean(GateMetrics.class).registry(), GateMetrics.RELAYS_DRAINED, "transport",
				"tcp");
	}

	private static double closed(AssertableApplicationContext context) {
		return Meters.count(context.getBean(GateMetrics.class).registry(), GateMetrics.CONNECTIONS_CLOSED, "reason",
				"drained");
	}

}
