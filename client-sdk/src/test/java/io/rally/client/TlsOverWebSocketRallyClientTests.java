package io.rally.client;

import io.rally.testsupport.TestCertificates;

/** The client contract over TLS on WEBSOCKET, against a gate with a certificate made for the test. */
class TlsOverWebSocketRallyClientTests extends RallyClientContractTests {

	private static final TestCertificates CERTIFICATES = TestCertificates.create("client-contract");

	@Override
	ClientTransport transport() {
		return ClientTransport.WEBSOCKET;
	}

	@Override
	TestCertificates tls() {
		return CERTIFICATES;
	}

}
