"""Dumps what BotocoreShapes checks requests and answers against, from the botocore service models on this machine.

Usage: python3 botocore_shapes.py SERVICE [SAMPLE_SHAPE ...]
Prints JSON: {"service", "apiVersion", "protocol",
  "operations": {Op: {"method", "uri", "root", "input": NODE or null}},
  "samples": {Shape: "<Shape>...</Shape>"}}
NODE: {"t": type, "min", "max", "pattern", "enum", "req": [wire names], "m": {wire name: NODE}, "item": NODE,
       "itemName", "flat", "loc" (uri/querystring/header), "locName", "doc": member documentation as plain text}
Wire names are the serialized names (the "name" trait), as the query and rest-xml serializers send them.
A sample is an XML answer element for SHAPE with every member present (one entry per list), for checking that
every field our readers parse exists in the model.
"""
import html
import json
import re
import sys

import botocore.session


def node(shape, depth=0):
    n = {"t": shape.type_name}
    meta = shape.metadata
    for key in ("min", "max", "pattern"):
        if key in meta:
            n[key] = meta[key]
    if getattr(shape, "enum", None):
        n["enum"] = list(shape.enum)
    if depth > 10:
        return n
    if shape.type_name == "structure":
        n["req"] = [shape.members[r].serialization.get("name", r) for r in shape.required_members]
        n["m"] = {}
        for name, member in shape.members.items():
            child = node(member, depth + 1)
            if member.documentation:
                child["doc"] = text(member.documentation)
            if member.serialization.get("location"):
                child["loc"] = member.serialization["location"]
                child["locName"] = member.serialization.get("name", name)
            n["m"][member.serialization.get("name", name)] = child
    elif shape.type_name == "list":
        n["item"] = node(shape.member, depth + 1)
        n["itemName"] = shape.member.serialization.get("name", "member")
        n["flat"] = bool(shape.serialization.get("flattened"))
    elif shape.type_name == "map":
        n["key"] = node(shape.key, depth + 1)
        n["value"] = node(shape.value, depth + 1)
    return n


def text(doc):
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", doc or ""))).strip()


def sample(name, shape, depth=0):
    """An XML element for shape with every member filled; values are typed so our readers can parse them."""
    if depth > 6:
        return f"<{name}/>"
    kind = shape.type_name
    if kind == "structure":
        inner = "".join(sample(m.serialization.get("name", k), m, depth + 1) for k, m in shape.members.items()
                        if not m.serialization.get("location"))
        return f"<{name}>{inner}</{name}>"
    if kind == "list":
        item = sample(shape.member.serialization.get("name", "member"), shape.member, depth + 1)
        return item if shape.serialization.get("flattened") else f"<{name}>{item}</{name}>"
    if kind == "map":
        return f"<{name}><entry>{sample('key', shape.key, depth + 1)}{sample('value', shape.value, depth + 1)}</entry></{name}>"
    if kind == "boolean":
        value = "true"
    elif kind in ("integer", "long"):
        value = "7"
    elif kind in ("double", "float"):
        value = "7.5"
    elif kind == "timestamp":
        value = "2026-01-02T03:04:05Z"
    elif getattr(shape, "enum", None):
        value = shape.enum[0]
    else:
        value = "x-" + name
    return f"<{name}>{html.escape(value)}</{name}>"


def main():
    service = sys.argv[1]
    model = botocore.session.get_session().get_service_model(service)
    operations = {}
    for name in model.operation_names:
        op = model.operation_model(name)
        shape = op.input_shape
        operations[name] = {
            "method": op.http.get("method"),
            "uri": op.http.get("requestUri"),
            "root": shape.serialization.get("name") if shape is not None else None,
            "input": node(shape) if shape is not None else None,
        }
    samples = {s: sample(s, model.shape_for(s)) for s in sys.argv[2:]}
    json.dump({"service": service, "apiVersion": model.api_version, "protocol": model.protocol,
               "operations": operations, "samples": samples}, sys.stdout)


if __name__ == "__main__":
    main()
