package io.rally.mesh.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of this JVM's mesh instance, under {@code rally.mesh}.
 */
@ConfigurationProperties("rally.mesh")
public class MeshProperties {

	/** Whether this JVM hosts mesh services and registers them as a MESH instance. */
	private boolean enabled = false;

	/** The mesh's instance id, unique in the cluster. */
	private String id = "mesh-" + UUID.randomUUID().toString().substring(0, 8);

	/** Optional group of the instance, for meshes that split a service by tenant or region. */
	private String group;

	/** Relative share of calls for weighted callers, at least 1. */
	private int weight = 1;

	/** Host callers use to reach the gRPC server; empty means the bound address if specific, else this machine's address in cluster mode and 127.0.0.1 otherwise. */
	private String advertisedHost;

	/** Service names never registered: prefixes of gRPC's own services (health, reflection). */
	private List<String> excludedServicePrefixes = new ArrayList<>(List.of("grpc."));

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getId() {
		return this.id;
	}

	public void setId(String id) {
		this.id = id;
	}

	public String getGroup() {
		return this.group;
	}

	public void setGroup(String group) {
		this.group = group;
	}

	public int getWeight() {
		return this.weight;
	}

	public void setWeight(int weight) {
		this.weight = weight;
	}

	public String getAdvertisedHost() {
		return this.advertisedHost;
	}

	public void setAdvertisedHost(String advertisedHost) {
		this.advertisedHost = advertisedHost;
	}

	public List<String> getExcludedServicePrefixes() {
		return this.excludedServicePrefixes;
	}

	public void setExcludedServicePrefixes(List<String> excludedServicePrefixes) {
		this.excludedServicePrefixes = excludedServicePrefixes;
	}

}
