"""The XML namespaces OAI-PMH and the bag's Dublin Core share, and their customary prefixes."""

import xml.etree.ElementTree as ET

OAI = "http://www.openarchives.org/OAI/2.0/"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SCHEMA_LOCATION = f"{{{XSI}}}schemaLocation"


def register_prefixes():
    """Write oai_dc:dc and dc:title (what harvesters and people expect to read) rather than
    ns0:dc. ElementTree keeps this in a global table, so it is done once, at app loading."""
    for prefix, uri in (("oai_dc", OAI_DC), ("dc", DC), ("xsi", XSI)):
        ET.register_namespace(prefix, uri)
