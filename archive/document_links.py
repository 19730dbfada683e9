"""Links from rich text to documents, kept only for documents the public may open.

A public story may link a document that must stay private (a narrator's consent form,
linked by mistake). The link would show the document's id and file name, which can carry
the narrator's real name. Such a link keeps its words and loses its target wherever a
story's text goes out: the page (`PublicDocumentLinkHandler`, registered in
memoria/wagtail_hooks.py), the API in every rich text format and the BagIt export (both
rewrite the stored text first). "Public" is archive.visibility.public_documents().
"""

from wagtail.documents.rich_text import DocumentLinkHandler
from wagtail.rich_text.rewriters import FIND_A_TAG, extract_attrs

UNLINKED = "<a>"


def public_document_ids(ids):
    """The ids among `ids` (ints or the strings rich text holds) of public documents."""
    from archive.visibility import public_documents

    wanted = {int(value) for value in ids if str(value).isdigit()}
    if not wanted:
        return set()
    return set(public_documents().filter(pk__in=wanted).values_list("pk", flat=True))


def document_ids_in(html):
    return {
        attrs.get("id", "")
        for attrs in (extract_attrs(match.group(1)) for match in FIND_A_TAG.finditer(html))
        if attrs.get("linktype") == "document"
    }


def unlink(html, linktype, public_ids):
    """`html` (rich text as stored) with each link of `linktype` ("document", "page") to
    an id not in `public_ids` reduced to a plain <a>: its words stay, its target goes."""

    def replace(match):
        attrs = extract_attrs(match.group(1))
        if attrs.get("linktype") != linktype or _is_public(attrs.get("id"), public_ids):
            return match.group(0)
        return UNLINKED

    return FIND_A_TAG.sub(replace, html)


def _is_public(value, public_ids):
    return str(value or "").isdigit() and int(value) in public_ids


def stream_without_private_document_links(stream):
    """A StreamField value whose rich text, at any depth, links only public documents:
    the value itself when it already does (one query at most)."""
    stored = stream.get_prep_value()
    ids = set().union(*(document_ids_in(text) for text in _strings(stored)))
    if not ids:
        return stream
    public_ids = public_document_ids(ids)
    if all(_is_public(value, public_ids) for value in ids):
        return stream
    return stream.stream_block.to_python(_rewritten(stored, public_ids))


def _strings(data):
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)


def _rewritten(data, public_ids):
    if isinstance(data, str):
        return unlink(data, "document", public_ids)
    if isinstance(data, dict):
        return {key: _rewritten(value, public_ids) for key, value in data.items()}
    if isinstance(data, list):
        return [_rewritten(value, public_ids) for value in data]
    return data


class PublicDocumentLinkHandler(DocumentLinkHandler):
    """Wagtail's document links, rendered only for public documents."""

    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        public_ids = public_document_ids(attrs.get("id") for attrs in attrs_list)
        shown = [attrs for attrs in attrs_list if _is_public(attrs.get("id"), public_ids)]
        expanded = iter(super().expand_db_attributes_many(shown) if shown else [])
        return [
            next(expanded) if _is_public(attrs.get("id"), public_ids) else UNLINKED
            for attrs in attrs_list
        ]
