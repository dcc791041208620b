package io.rally.client;

/**
 * Handle of a registered listener; closing it removes the listener. Closing twice is harmless.
 */
@FunctionalInterface
public interface Registration extends AutoCloseable {

	@Override
	void close();

}
