package io.rally.gate.internal.session;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceState;
import io.rally.cluster.local.InMemoryLocator;
import io.rally.cluster.local.InMemoryRegistry;
import io.rally.cluster.local.LocalTransport;
import io.rally.gate.internal.metrics.CloseReason;
import io.rally.gate.internal.metrics.GateMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The eviction of a user's connection on another gate: at once when that gate can be reached,
 * after retries when it is not listed or not reachable yet, and a bounded number of tries.
 * Retries run when the test says, from a queue, so nothing waits on a clock.
 */
class DuplicateLoginEvictionTest {

	private final InMemoryRegistry registry = new InMemoryRegistry();

	private final LocalTransport transport = new LocalTransport();

	private final Queue<Runnable> retries = new ArrayDeque<>();

	private final DuplicateLoginEviction eviction = new DuplicateLoginEviction(this.registry, this.transport,
			this.retries::add);

	private final EmbeddedChannel onB = new EmbeddedChannel();

	private SessionManager gateB;

	@BeforeEach
	void gateB() {
		this.gateB = new SessionManager("gate-b", this.registry, new InMemoryLocator(), this.transport,
				new GateMetrics(new SimpleMeterRegistry()), 5000);
		this.gateB.bindUser(this.gateB.open(this.onB, "tcp").id(), 7).join();
	}

	@AfterEach
	void release() {
		this.onB.finishAndReleaseAll();
	}

	@Test
	void closesTheConnectionOnAListedGateAtOnce() {
		list();
		this.transport.exportGate("gate-b", this.gateB);
		this.eviction.evict("gate-b", 7);
		assertThat(this.onB.isOpen()).isFalse();
		assertThat(CloseReason.of(this.onB)).isEqualTo(CloseReason.DUPLICATE_LOGIN);
		assertThat(this.retries).isEmpty();
	}

	@Test
	void triesAgainUntilTheGateIsListedAndReachable() {
		this.eviction.evict("gate-b", 7);
		runRetry();
		list();
		runRetry();
		assertThat(this.onB.isOpen()).isTrue();
		this.transport.exportGate("gate-b", this.gateB);
		runRetry();
		assertThat(this.onB.isOpen()).isFalse();
		assertThat(this.retries).isEmpty();
	}

	@Test
	void givesUpAfterItsAttempts() {
		this.eviction.evict("gate-b", 7);
		int retried = 0;
		while (!this.retries.isEmpty()) {
			runRetry();
			retried++;
		}
		assertThat(retried).isEqualTo(DuplicateLoginEviction.ATTEMPTS - 1);
		assertThat(this.onB.isOpen()).isTrue();
	}

	private void list() {
		this.registry.register(new InstanceInfo("gate-b", InstanceKind.GATE, "gate", InstanceState.WORK, 1, "local",
				List.of()));
	}

	private void runRetry() {
		assertThat(this.retries).hasSize(1);
		this.retries.poll().run();
	}

}
