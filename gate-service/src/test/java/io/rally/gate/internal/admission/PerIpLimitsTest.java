package io.rally.gate.internal.admission;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.rally.gate.internal.metrics.CloseReason;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-address limits on a clock of the test's own, so that refills are exact.
 */
class PerIpLimitsTest {

	private final AtomicLong now = new AtomicLong(1_000_000_000L);

	@Test
	void capsOpenConnectionsPerAddress() throws Exception {
		PerIpLimits limits = limits(2, 0, 1, 100);
		InetAddress a = ip("192.0.2.1");
		assertThat(limits.tryAcquire(a)).isNull();
		assertThat(limits.tryAcquire(a)).isNull();
		assertThat(limits.tryAcquire(a)).isEqualTo(CloseReason.PER_IP_LIMIT);
		assertThat(limits.tryAcquire(ip("192.0.2.2"))).isNull();
		limits.release(a);
		assertThat(limits.tryAcquire(a)).isNull();
	}

	@Test
	void refillsTheBucketAtTheRate() throws Exception {
		PerIpLimits limits = limits(0, 2, 3, 100);
		InetAddress a = ip("192.0.2.1");
		for (int i = 0; i < 3; i++) {
			assertThat(limits.tryAcquire(a)).isNull();
			limits.release(a);
		}
		assertThat(limits.tryAcquire(a)).isEqualTo(CloseReason.CONNECTION_RATE);
		this.now.addAndGet(Duration.ofMillis(500).toNanos());
		assertThat(limits.tryAcquire(a)).isNull();
		assertThat(limits.tryAcquire(a)).isEqualTo(CloseReason.CONNECTION_RATE);
	}

	@Test
	void countsAnIpv6NetworkAsOneAddress() throws Exception {
		PerIpLimits limits = limits(1, 0, 1, 100);
		assertThat(limits.tryAcquire(ip("2001:db8:1:2::1"))).isNull();
		assertThat(limits.tryAcquire(ip("2001:db8:1:2:ffff::9"))).isEqualTo(CloseReason.PER_IP_LIMIT);
		assertThat(limits.tryAcquire(ip("2001:db8:1:3::1"))).isNull();
		// An IPv4-mapped address is the IPv4 address.
		assertThat(limits.tryAcquire(ip("198.51.100.1"))).isNull();
		assertThat(limits.tryAcquire(ip("::ffff:198.51.100.1"))).isEqualTo(CloseReason.PER_IP_LIMIT);
	}

	@Test
	void staysBoundedUnderAFloodOfAddresses() throws Exception {
		int maxTracked = 1000;
		PerIpLimits limits = limits(2, 20, 64, maxTracked);
		InetAddress busy = ip("192.0.2.1");
		assertThat(limits.tryAcquire(busy)).isNull();
		assertThat(limits.tryAcquire(busy)).isNull();
		int refusedByRate = 0;
		for (int i = 0; i < 100_000; i++) {
			InetAddress address = InetAddress.getByAddress(
					new byte[] { 10, (byte) (i >>> 16), (byte) (i >>> 8), (byte) i });
			// Every address opens one connection that ends at once, as in a SYN flood of many sources.
			if (limits.tryAcquire(address) == null) {
				limits.release(address);
			}
			else {
				refusedByRate++;
			}
			assertThat(limits.tracked()).isLessThanOrEqualTo(maxTracked);
			this.now.addAndGet(1_000);
		}
		assertThat(refusedByRate).isZero();
		// The address with connections open was never forgotten: its cap still holds.
		assertThat(limits.open(busy)).isEqualTo(2);
		assertThat(limits.tryAcquire(busy)).isEqualTo(CloseReason.PER_IP_LIMIT);
		// Once the buckets have refilled, the flood's addresses are forgotten.
		this.now.addAndGet(Duration.ofMinutes(1).toNanos());
		assertThat(limits.tryAcquire(ip("192.0.2.99"))).isNull();
		assertThat(limits.tracked()).isEqualTo(2);
	}

	@Test
	void isOffWithBothLimitsOff() throws Exception {
		PerIpLimits limits = limits(0, 0, 1, 1);
		assertThat(limits.isOff()).isTrue();
		for (int i = 0; i < 10; i++) {
			assertThat(limits.tryAcquire(ip("192.0.2.1"))).isNull();
		}
		assertThat(limits.tracked()).isZero();
	}

	private PerIpLimits limits(int maxConnections, double rate, int burst, int maxTracked) {
		return new PerIpLimits(maxConnections, rate, burst, maxTracked, 64, Duration.ofMinutes(1), this.now::get);
	}

	private static InetAddress ip(String literal) throws Exception {
		return InetAddress.getByName(literal);
	}

}
