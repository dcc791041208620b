package io.rally.standalone;

import io.rally.node.api.RallyController;
import io.rally.node.api.RallyException;
import io.rally.node.api.Route;

/**
 * A route whose handler always fails with {@link #MESSAGE}, text that needs every kind of care
 * on its way to the client: quotes and a backslash to escape, and non-ASCII text of one, two
 * and four UTF-8 bytes a character. It sits in {@code io.rally.standalone}, which the standalone
 * application scans, so every test context of this module serves it and none is started for it
 * alone.
 */
@RallyController
public class FailingController {

	/** The route that fails. */
	public static final int FAIL = 900;

	/** What the failure says. */
	public static final String MESSAGE = "say \"quotes\", a backslash \\ and Grüße, 玩家 🎮";

	/** The code of the failure: a {@link RallyException}'s code and message reach the client. */
	public static final int CODE = 422;

	@Route(FAIL)
	public byte[] fail(byte[] payload) {
		throw new RallyException(CODE, MESSAGE);
	}

}
