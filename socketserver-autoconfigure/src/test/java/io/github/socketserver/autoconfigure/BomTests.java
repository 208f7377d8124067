package io.github.socketserver.autoconfigure;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The BOM keeps up with the modules: every published module of the build, at the build's
 * version, and nothing else.
 */
class BomTests {

	@Test
	void listsEveryPublishedModuleAtTheBuildsVersion() throws Exception {
		Document parent = read(Path.of("..", "pom.xml"));
		List<String> published = new ArrayList<>();
		NodeList modules = parent.getElementsByTagName("module");
		for (int i = 0; i < modules.getLength(); i++) {
			String module = modules.item(i).getTextContent().trim();
			Element profile = (Element) modules.item(i).getParentNode().getParentNode();
			boolean inProfile = profile.getTagName().equals("profile");
			if (!inProfile && !module.equals("sample-app") && !module.equals("socketserver-bom")) {
				published.add(module);
			}
		}
		Document bom = read(Path.of("..", "socketserver-bom", "pom.xml"));
		Element managed = (Element) bom.getElementsByTagName("dependencyManagement").item(0);
		NodeList artifacts = managed.getElementsByTagName("artifactId");
		List<String> listed = new ArrayList<>();
		for (int i = 0; i < artifacts.getLength(); i++) {
			listed.add(artifacts.item(i).getTextContent().trim());
		}
		assertThat(published).contains("socketserver-core", "socketserver-test-client");
		assertThat(listed).containsExactlyInAnyOrderElementsOf(published);
		assertThat(text(bom, "version")).isEqualTo(text(parent, "version"));
	}

	private static Document read(Path pom) throws Exception {
		return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
	}

	/**
	 * The first element of that name that is a child of the project.
	 */
	private static String text(Document pom, String name) {
		NodeList children = pom.getDocumentElement().getChildNodes();
		for (int i = 0; i < children.getLength(); i++) {
			if (children.item(i) instanceof Element element && element.getTagName().equals(name)) {
				return element.getTextContent().trim();
			}
		}
		throw new AssertionError("No <" + name + "> in the pom");
	}

}
