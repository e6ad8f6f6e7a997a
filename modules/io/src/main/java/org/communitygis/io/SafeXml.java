package org.communitygis.io;

import java.io.InputStream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Creates StAX readers for untrusted XML (KML, GPX): DTDs and external entities are off, so a file cannot
 * make the reader fetch URLs or local files (XXE) or expand entity bombs. A file with a DOCTYPE that
 * declares entities fails with an XML error instead.
 */
final class SafeXml {
    private SafeXml() {
    }

    static XMLStreamReader open(InputStream in) throws XMLStreamException {
        XMLInputFactory xml = XMLInputFactory.newFactory();
        xml.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        xml.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        xml.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        xml.setProperty(XMLInputFactory.IS_COALESCING, true);
        return xml.createXMLStreamReader(in);
    }
}
