#!/usr/bin/env python3
"""Copy deploy/iam/drservice-task-policy.json into the task role of deploy/cloudformation/drservice.yaml.

The template embeds the policy as JSON (YAML reads JSON as it is) between the BEGIN/END marker comments, so that the
file stays the one source; tests/DrService.Tests/Deploy/CloudFormationTemplateTests.cs checks the two are the same.
"""
import json
import pathlib
import re

root = pathlib.Path(__file__).resolve().parents[2]
template = root / "deploy" / "cloudformation" / "drservice.yaml"
policy = json.loads((root / "deploy" / "iam" / "drservice-task-policy.json").read_text())

text = template.read_text()
pattern = re.compile(r"(?P<indent>[ ]*)# BEGIN deploy/iam/drservice-task-policy.json\n(?P<note>(?P=indent)#[^\n]*\n)?.*?(?P=indent)# END deploy/iam/drservice-task-policy.json\n", re.S)
match = pattern.search(text)
if not match:
    raise SystemExit("markers not found in " + str(template))
indent = match.group("indent")
body = "\n".join(indent + line for line in json.dumps(policy, indent=2).splitlines())
block = (f"{indent}# BEGIN deploy/iam/drservice-task-policy.json\n"
         + (match.group("note") or "")
         + body + "\n"
         + f"{indent}# END deploy/iam/drservice-task-policy.json\n")
template.write_text(text[:match.start()] + block + text[match.end():])
print("updated", template.relative_to(root))
