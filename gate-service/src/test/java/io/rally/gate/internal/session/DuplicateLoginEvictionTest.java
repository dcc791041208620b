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

	private final InMemoryLocator locator = new InMemoryLocator();

	private final Queue<Runnable> retries = new ArrayDeque<>();

	private final DuplicateLoginEviction eviction = new DuplicateLoginEviction(this.registry, this.transport,
			this.retries::add);

	private final EmbeddedChannel onB = new EmbeddedChannel();

	private SessionManager gateB;

	@BeforeEach
	void gateB() {
		this.gateB = new SessionManager("gate-b", this.registry, this.locator, this.transport,
				new GateMetrics(new SimpleMeterRegistry()), 5000);
		assertThat(this.gateB.bindUser(this.gateB.open(this.onB, "tcp").id(), 7).join()).isTrue();
	}

	/** The epoch of the login on another gate that evicts the user from gate B. */
	private long loginElsewhere() {
		return this.locator.bindGate(7, "gate-a").join().epoch();
	}

	@AfterEach
	void release() {
		this.onB.finishAndReleaseAll();
	}

	@Test
	void closesTheConnectionOnAListedGateAtOnce() {
		list();
		this.transport.exportGate("gate-b", this.gateB);
		this.eviction.evict("gate-b", 7, loginElsewhere());
		assertThat(this.onB.isOpen()).isFalse();
		assertThat(CloseReason.of(this.onB)).isEqualTo(CloseReason.DUPLICATE_LOGIN);
		assertThat(this.retries).isEmpty();
	}

	@Test
	void triesAgainUntilTheGateIsListedAndReachable() {
		this.eviction.evict("gate-b", 7, loginElsewhere());
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
		this.eviction.evict("gate-b", 7, loginElsewhere());
		int retried = 0;
		while (!this.retries.isEmpty()) {
			runRetry();
			retried++;
		}
		assertThat(retried).isEqualTo(DuplicateLoginEviction.ATTEMPTS - 1);
		assertThat(this.onB.isOpen()).isTrue();
	}

	@Test
	void closesNothingForALoginThatIsNotNewer() {
		list();
		this.transport.exportGate("gate-b", this.gateB);
		// The connection on gate B is the user's login of epoch 1.
		this.eviction.evict("gate-b", 7, 1);
		this.eviction.evict("gate-b", 7, 0);
		assertThat(this.onB.isOpen()).isTrue();
		assertThat(this.gateB.isOnline(7).join()).isTrue();
		// An answer of false ends the attempts: nothing is tried again.
		assertThat(this.retries).isEmpty();
	}

	@Test
	void aLateRetryLeavesALoginThatCameAfterItAlone() {
		list();
		// The user logs in on gate A (epoch 2) while gate B cannot be reached.
		long epochOnA = loginElsewhere();
		this.eviction.evict("gate-b", 7, epochOnA);
		assertThat(this.onB.isOpen()).isTrue();
		// Then on gate B again (epoch 3), which closes its own older connection.
		EmbeddedChannel again = new EmbeddedChannel();
		try {
			assertThat(this.gateB.bindUser(this.gateB.open(again, "tcp").id(), 7).join()).isTrue();
			assertThat(this.onB.isOpen()).isFalse();
			assertThat(CloseReason.of(this.onB)).isEqualTo(CloseReason.DUPLICATE_LOGIN);
			// Gate B is reachable now: A's eviction is tried again, late, and closes nothing.
			this.transport.exportGate("gate-b", this.gateB);
			runRetry();
			assertThat(again.isOpen()).isTrue();
			assertThat(this.gateB.isOnline(7).join()).isTrue();
			assertThat(this.locator.gateOf(7).join()).contains("gate-b");
			assertThat(this.retries).isEmpty();
		}
		finally {
			again.finishAndReleaseAll();
		}
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
