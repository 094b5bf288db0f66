"""Prints a botocore service model's operations and their flattened input parameter names as JSON.

Usage: python3 botocore_model.py SERVICE API_VERSION
Output: {"service", "apiVersion", "protocol", "operations": {"OperationName": ["Name", "Tags.Tag.Key", ...]}}

Names are flattened the way botocore's query serializer sends them, without list indices:
RDS Tags.Tag.N.Key -> "Tags.Tag.Key", Filters.Filter.N.Values.Value.M -> "Filters.Filter.Values.Value";
CloudWatch Dimensions.member.N.Name -> "Dimensions.member.Name". Top-level member names are listed too.
"""
import json
import sys

import botocore.session


def flatten(shape, prefix, out, depth=0):
    if depth > 8:
        return
    kind = shape.type_name
    if kind == "structure":
        for name, member in shape.members.items():
            key = member.serialization.get("name", name)
            flatten(member, f"{prefix}.{key}" if prefix else key, out, depth + 1)
    elif kind == "list":
        member = shape.member
        if shape.serialization.get("flattened"):
            path = prefix
        else:
            path = f"{prefix}.{member.serialization.get('name', 'member')}"
        out.add(prefix)
        flatten(member, path, out, depth + 1)
    elif kind == "map":
        out.add(prefix)
        entry = prefix if shape.serialization.get("flattened") else f"{prefix}.entry"
        flatten(shape.key, f"{entry}.{shape.key.serialization.get('name', 'key')}", out, depth + 1)
        flatten(shape.value, f"{entry}.{shape.value.serialization.get('name', 'value')}", out, depth + 1)
    else:
        out.add(prefix)


def main():
    service, version = sys.argv[1], sys.argv[2]
    model = botocore.session.get_session().get_service_model(service, version)
    operations = {}
    for name in model.operation_names:
        op = model.operation_model(name)
        names = set()
        if op.input_shape is not None:
            names.update(op.input_shape.members)
            flatten(op.input_shape, "", names)
        operations[name] = sorted(n for n in names if n)
    json.dump({"service": service, "apiVersion": model.api_version, "protocol": model.protocol,
               "operations": operations}, sys.stdout)


if __name__ == "__main__":
    main()
