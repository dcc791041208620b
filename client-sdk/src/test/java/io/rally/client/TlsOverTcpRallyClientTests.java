package io.rally.client;

import io.rally.testsupport.TestCertificates;

/** The client contract over TLS on TCP, against a gate with a certificate made for the test. */
class TlsOverTcpRallyClientTests extends RallyClientContractTests {

	private static final TestCertificates CERTIFICATES = TestCertificates.create("client-contract");

	@Override
	ClientTransport transport() {
		return ClientTransport.TCP;
	}

	@Override
	TestCertificates tls() {
		return CERTIFICATES;
	}

}
