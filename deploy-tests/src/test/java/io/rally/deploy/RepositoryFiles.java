package io.rally.deploy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The repository's deployment files and the Maven facts they depend on, read from the working
 * tree: the tests run from {@code deploy-tests/}, whose parent is the repository root.
 */
final class RepositoryFiles {

	private RepositoryFiles() {
	}

	/** The repository root: the nearest ancestor of the working directory holding the root pom and docker-compose.yml. */
	static Path root() {
		Path dir = Paths.get("").toAbsolutePath();
		while (dir != null) {
			if (Files.isRegularFile(dir.resolve("docker-compose.yml")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
				return dir;
			}
			dir = dir.getParent();
		}
		throw new IllegalStateException("No repository root above " + Paths.get("").toAbsolutePath());
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> yaml(Path file) throws IOException {
		try (Reader reader = Files.newBufferedReader(file)) {
			return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
		}
	}

	/**
	 * What a module's Spring Boot plugin writes: {@code <module>/target/<finalName>-<classifier>.jar}
	 * and the main class it launches, once per repackage execution that configures its own
	 * jar, else once for the plugin's configuration.
	 */
	static List<BootJar> bootJars(String module) throws Exception {
		Document pom = DocumentBuilderFactory.newInstance()
			.newDocumentBuilder()
			.parse(root().resolve(module).resolve("pom.xml").toFile());
		Element build = child(pom.getDocumentElement(), "build");
		String finalName = text(child(build, "finalName"));
		for (Element plugin : children(child(build, "plugins"), "plugin")) {
			if ("spring-boot-maven-plugin".equals(text(child(plugin, "artifactId")))) {
				Element shared = child(plugin, "configuration");
				List<BootJar> jars = new ArrayList<>();
				for (Element execution : children(child(plugin, "executions"), "execution")) {
					Element own = child(execution, "configuration");
					if (own != null) {
						jars.add(bootJar(module, finalName, own, shared));
					}
				}
				if (jars.isEmpty()) {
					jars.add(bootJar(module, finalName, shared, null));
				}
				return jars;
			}
		}
		throw new IllegalStateException(module + " does not build a Spring Boot jar");
	}

	// An execution's own setting wins over the plugin's.
	private static BootJar bootJar(String module, String finalName, Element configuration, Element shared) {
		String classifier = setting("classifier", configuration, shared);
		String jar = (classifier != null) ? finalName + "-" + classifier + ".jar" : finalName + ".jar";
		return new BootJar(module, module + "/target/" + jar, setting("mainClass", configuration, shared));
	}

	private static String setting(String name, Element configuration, Element shared) {
		String own = text(child(configuration, name));
		return (own != null) ? own : text(child(shared, name));
	}

	/** The modules the root pom builds. */
	static List<String> modules() throws Exception {
		Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(root().resolve("pom.xml").toFile());
		List<String> modules = new ArrayList<>();
		for (Element module : children(child(pom.getDocumentElement(), "modules"), "module")) {
			modules.add(text(module));
		}
		return modules;
	}

	private static Element child(Element parent, String name) {
		List<Element> found = children(parent, name);
		return found.isEmpty() ? null : found.get(0);
	}

	private static List<Element> children(Element parent, String name) {
		List<Element> found = new ArrayList<>();
		if (parent == null) {
			return found;
		}
		NodeList nodes = parent.getChildNodes();
		for (int i = 0; i < nodes.getLength(); i++) {
			Node node = nodes.item(i);
			if (node instanceof Element element && name.equals(element.getTagName())) {
				found.add(element);
			}
		}
		return found;
	}

	private static String text(Element element) {
		return (element != null) ? element.getTextContent().trim() : null;
	}

	/**
	 * A runnable jar of the build.
	 * @param module the Maven module that builds it
	 * @param path its path from the repository root
	 * @param mainClass the application class it launches
	 */
	record BootJar(String module, String path, String mainClass) {
	}

}
