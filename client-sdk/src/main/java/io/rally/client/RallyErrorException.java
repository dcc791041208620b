package io.rally.client;

import io.rally.protocol.ErrorPacket;

/**
 * The gate answered a request with an error packet (extension code
 * {@link io.rally.protocol.Packet#EXT_ERROR}): its code and message, as {@link ErrorPacket}
 * reads them. Only clients built with {@code errorPackets(true)} receive them.
 */
public class RallyErrorException extends RallyClientException {

	/** Code used when the error payload could not be read as {@code {"code":..,"message":..}}. */
	public static final int UNKNOWN_CODE = ErrorPacket.UNKNOWN_CODE;

	private final int code;

	private final String errorMessage;

	public RallyErrorException(int code, String message) {
		super("error " + code + ": " + message, null, false);
		this.code = code;
		this.errorMessage = message;
	}

	/** The error code, for example 404 when no node serves the route. */
	public int code() {
		return this.code;
	}

	/** The gate's message, without the code. */
	public String errorMessage() {
		return this.errorMessage;
	}

}
