package io.rally.client;

class TcpRallyClientTests extends RallyClientContractTests {

	@Override
	ClientTransport transport() {
		return ClientTransport.TCP;
	}

}
