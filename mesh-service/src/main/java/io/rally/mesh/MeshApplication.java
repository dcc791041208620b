package io.rally.mesh;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Hosts stateless services that nodes call (wallet, mail, rank). Until the mesh issue lands it
 * only starts, so that standalone mode already has its place in the layout.
 */
@SpringBootApplication
public class MeshApplication {

	public static void main(String[] args) {
		SpringApplication.run(MeshApplication.class, args);
	}

}
