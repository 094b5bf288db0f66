"""Dumps what Route53CloudWatchModelTests checks our requests against, from the botocore service models.

route53: per operation the HTTP method, the request URI template, the query-string names, the body's root element
and, for each element path of the body, its allowed child elements in schema order.
monitoring: per operation the flattened Query parameter names, with list indexes written as N.
Run with the pyenv python (botocore installed there); prints JSON on stdout.
"""
import json
import botocore.session


def route53(model):
    operations = {}
    for name in model.operation_names:
        op = model.operation_model(name)
        entry = {"method": op.http["method"], "uri": op.http["requestUri"], "query": [], "root": None, "elements": {}}
        shape = op.input_shape
        if shape is not None:
            for member_name, member in shape.members.items():
                location = member.serialization.get("location")
                if location == "querystring":
                    entry["query"].append(member.serialization.get("name", member_name))
            body = {k: v for k, v in shape.members.items() if not v.serialization.get("location")}
            if body:
                root = shape.serialization.get("name", name + "Request")
                entry["root"] = root
                walk_xml(root, shape, entry["elements"], 0)
        operations[name] = entry
    return operations


def walk_xml(path, shape, elements, depth):
    if depth > 10:
        return
    if shape.type_name == "structure":
        children = []
        for member_name, member in shape.members.items():
            if member.serialization.get("location"):
                continue
            child = member.serialization.get("name", member_name)
            children.append(child)
            walk_xml(path + "/" + child, member, elements, depth + 1)
        elements[path] = children
    elif shape.type_name == "list":
        item = shape.member.serialization.get("name", "member")
        elements[path] = [item]
        walk_xml(path + "/" + item, shape.member, elements, depth + 1)


def monitoring(model):
    operations = {}
    for name in model.operation_names:
        op = model.operation_model(name)
        names = []
        if op.input_shape is not None:
            for member_name, member in op.input_shape.members.items():
                walk_query(member_name, member, names, 0)
        operations[name] = sorted(set(names))
    return operations


def walk_query(prefix, shape, names, depth):
    if depth > 10:
        return
    if shape.type_name == "structure":
        for member_name, member in shape.members.items():
            walk_query(prefix + "." + member_name, member, names, depth + 1)
    elif shape.type_name == "list":
        walk_query(prefix + ".member.N", shape.member, names, depth + 1)
    elif shape.type_name == "map":
        names.append(prefix + ".entry.N.key")
        walk_query(prefix + ".entry.N.value", shape.value, names, depth + 1)
    else:
        names.append(prefix)


session = botocore.session.get_session()
print(json.dumps({
    "route53": route53(session.get_service_model("route53")),
    "monitoring": monitoring(session.get_service_model("cloudwatch")),
}))
