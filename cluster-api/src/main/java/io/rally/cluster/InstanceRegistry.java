package io.rally.cluster;

import java.util.List;
import java.util.function.Consumer;

/**
 * Which Rally instances exist. Thread-safe.
 */
public interface InstanceRegistry {

	/** Adds or replaces (same id) an instance. */
	void register(InstanceInfo instance);

	/** Removes an instance; unknown ids are ignored. */
	void deregister(String instanceId);

	/** The instances of one kind known now. */
	List<InstanceInfo> instances(InstanceKind kind);

	/**
	 * Calls {@code listener} with the instances of {@code kind} now and after every change,
	 * until the returned handle is closed. Calls for one watch do not overlap.
	 */
	AutoCloseable watch(InstanceKind kind, Consumer<List<InstanceInfo>> listener);

}
