package io.rally.cluster.grpc;

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceState;

/** One "JVM" of a test cluster: links, a started exporter on port 0 and a transport. */
final class Peer implements AutoCloseable {

	final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	final GrpcLinks links;

	final GrpcEndpointExporter exporter;

	final GrpcClusterTransport transport;

	Peer(GrpcClusterProperties properties, GrpcLinkServerCustomizer... customizers) {
		this(properties, null, customizers);
	}

	/** A peer whose links use mutual TLS, or plaintext when {@code tls} is {@code null}. */
	Peer(GrpcClusterProperties properties, LinkTls tls, GrpcLinkServerCustomizer... customizers) {
		this.links = new GrpcLinks(properties, this.meters, tls);
		this.exporter = new GrpcEndpointExporter(this.links, List.of(customizers));
		this.transport = new GrpcClusterTransport(this.links);
		this.exporter.start();
	}

	static GrpcClusterProperties properties() {
		GrpcClusterProperties properties = new GrpcClusterProperties();
		properties.setHost("127.0.0.1");
		properties.setMaxQueuedMessages(100_000);
		properties.setReconnectInitialBackoff(Duration.ofMillis(20));
		properties.setReconnectMaxBackoff(Duration.ofMillis(200));
		properties.setShutdownTimeout(Duration.ofSeconds(1));
		return properties;
	}

	InstanceInfo info(String id, InstanceKind kind) {
		return info(id, kind, this.exporter.advertisedEndpoint());
	}

	static InstanceInfo info(String id, InstanceKind kind, String endpoint) {
		return new InstanceInfo(id, kind, "lobby", InstanceState.WORK, 1, endpoint, List.of());
	}

	double counter(String name, String tag, String value) {
		Counter counter = this.meters.find(name).tag(tag, value).counter();
		return (counter != null) ? counter.count() : 0;
	}

	double gauge(String name, String tag, String value) {
		Gauge gauge = this.meters.find(name).tag(tag, value).gauge();
		return (gauge != null) ? gauge.value() : Double.NaN;
	}

	@Override
	public void close() {
		this.exporter.stop();
		this.transport.close();
		this.links.close();
	}

}
