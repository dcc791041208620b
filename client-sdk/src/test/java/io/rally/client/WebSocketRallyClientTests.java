package io.rally.client;

class WebSocketRallyClientTests extends RallyClientContractTests {

	@Override
	ClientTransport transport() {
		return ClientTransport.WEBSOCKET;
	}

}
