"""Answers in the two formats of GeoReport v2: JSON arrays, and XML with the specification's
element names (<services><service>, <service_requests><request>, <errors><error>)."""

from __future__ import annotations

import json
from datetime import datetime
from xml.etree.ElementTree import Element, SubElement, tostring

from flask import Response

from portal.calendar import BEIJING

#: The XML root and item element of each kind of answer.
ELEMENTS = {
    "services": ("services", "service"),
    "requests": ("service_requests", "request"),
    "errors": ("errors", "error"),
}


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 with the Beijing offset, as the specification's examples (w3 format)."""
    return moment.astimezone(BEIJING).isoformat(timespec="seconds") if moment else None


def _text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _fill(parent: Element, data: dict) -> None:
    for key, value in data.items():
        child = SubElement(parent, key)
        if isinstance(value, list):
            names = {"keywords": "keyword", "attributes": "attribute", "values": "value"}
            names |= {"endpoints": "endpoint", "formats": "format"}
            item_name = names.get(key, "item")
            for item in value:
                if isinstance(item, dict):
                    _fill(SubElement(child, item_name), item)
                else:
                    SubElement(child, item_name).text = _text(item)
        elif isinstance(value, dict):
            _fill(child, value)
        else:
            child.text = _text(value)


def answer(kind: str, items: list[dict], fmt: str, status: int = 200) -> Response:
    """A list of items as JSON or XML."""
    if fmt == "xml":
        root_name, item_name = ELEMENTS[kind]
        root = Element(root_name)
        for item in items:
            _fill(SubElement(root, item_name), item)
        body = b'<?xml version="1.0" encoding="utf-8"?>\n' + tostring(
            root, encoding="utf-8", xml_declaration=False
        )
        return Response(body, status=status, content_type="text/xml; charset=utf-8")
    body = json.dumps(items, ensure_ascii=False)
    return Response(body, status=status, content_type="application/json; charset=utf-8")


def definition(data: dict, fmt: str, element: str = "service_definition") -> Response:
    """One object: a service definition (<service_definition> in XML) or the discovery."""
    if fmt == "xml":
        root = Element(element)
        _fill(root, data)
        body = b'<?xml version="1.0" encoding="utf-8"?>\n' + tostring(root, encoding="utf-8")
        return Response(body, content_type="text/xml; charset=utf-8")
    return Response(json.dumps(data, ensure_ascii=False), content_type="application/json; charset=utf-8")


def errors(status: int, description: str, fmt: str) -> Response:
    """The specification's error answer: an array of {code, description}."""
    return answer("errors", [{"code": status, "description": description}], fmt, status)
