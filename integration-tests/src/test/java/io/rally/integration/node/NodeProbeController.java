package io.rally.integration.node;

import java.util.concurrent.CompletableFuture;

import io.rally.node.api.NodeControl;
import io.rally.node.api.RallyController;
import io.rally.node.api.RequestContext;
import io.rally.node.api.Route;

/**
 * Routes that answer the id of the node that handled them, so that tests can see where the
 * gates sent each request: one stateless, one that binds the user to this node, and one
 * stateful that gates send to the node the user is bound to.
 */
@RallyController
public class NodeProbeController {

	/** Stateless: which node handled this. */
	public static final int WHO = 40;

	/** Binds the logged-in user to the node that handles it. */
	public static final int BIND_HERE = 41;

	/** Stateful: the node the user is bound to. */
	public static final int STATEFUL_WHO = 42;

	private final NodeControl node;

	public NodeProbeController(NodeControl node) {
		this.node = node;
	}

	@Route(WHO)
	public Served who() {
		return new Served(this.node.nodeId());
	}

	@Route(value = BIND_HERE, authorized = true)
	public CompletableFuture<Served> bindHere(RequestContext context) {
		return context.bindNode().thenApply((ignored) -> new Served(this.node.nodeId()));
	}

	@Route(value = STATEFUL_WHO, stateful = true, authorized = true)
	public Served statefulWho() {
		return new Served(this.node.nodeId());
	}

	/** The node that served a request. */
	public record Served(String node) {
	}

}
