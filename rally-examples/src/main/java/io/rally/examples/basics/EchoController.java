package io.rally.examples.basics;

import io.rally.node.api.RallyController;
import io.rally.node.api.Route;

/**
 * Route 1 sends the payload back untouched: the smallest controller there is, and the route
 * the benchmark measures.
 */
@RallyController
public class EchoController {

	/** The echo route. */
	public static final int ECHO = 1;

	@Route(ECHO)
	public byte[] echo(byte[] payload) {
		return payload;
	}

}
