package io.rally.gate.api.dispatch;

import io.rally.cluster.InstanceInfo;

/**
 * Chooses the node for a stateless packet among the candidates of one route and state.
 * Called on network event loops for every packet: implementations must not block and
 * should not allocate. Thread-safe.
 */
@FunctionalInterface
public interface NodeSelector {

	/** Chooses one of {@code candidates}, which is never empty. */
	InstanceInfo select(Candidates candidates);

}
