#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""Validate a SARIF log against the SARIF 2.1.0 schema kept beside this
script, then check what vigie must put in it: validate.py LOG [CHECKS.json]

CHECKS.json maps a rule id to what its result must look like:
{"RULE": {"level": "warning", "uri": "CONTRIBUTING.md", "suppressed": false}}
"rules" to the number of rule descriptors expected, and "notifications" to
the number of tool notifications (rule errors, waivers not applied)."""
import json
import os
import sys

try:
    import jsonschema
except ImportError:
    sys.exit("validate.py: python3-jsonschema is missing (apt-get install python3-jsonschema)")

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "sarif-schema-2.1.0.json"), encoding="utf-8") as f:
    schema = json.load(f)
with open(sys.argv[1], encoding="utf-8") as f:
    log = json.load(f)

validator = jsonschema.Draft4Validator(schema)
errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
for e in errors[:10]:
    print("schema: %s: %s" % ("/".join(str(p) for p in e.path), e.message))
if errors:
    sys.exit(1)

if len(sys.argv) < 3:
    sys.exit(0)
with open(sys.argv[2], encoding="utf-8") as f:
    want = json.load(f)
run = log["runs"][0]
rules = run["tool"]["driver"]["rules"]
results = {r["ruleId"]: r for r in run["results"]}
failed = []
if "rules" in want and len(rules) != want["rules"]:
    failed.append("%d rule descriptors, expected %d" % (len(rules), want["rules"]))
notes = run["invocations"][0].get("toolExecutionNotifications", [])
if "notifications" in want and len(notes) != want["notifications"]:
    failed.append("%d notifications, expected %d" % (len(notes), want["notifications"]))
for rule in rules:
    for key in ("shortDescription", "fullDescription", "help", "defaultConfiguration"):
        if key not in rule:
            failed.append("rule %s lacks %s" % (rule["id"], key))
    if "guide" not in rule.get("properties", {}):
        failed.append("rule %s lacks its guide reference" % rule["id"])
for rid, w in want.items():
    if rid in ("rules", "notifications"):
        continue
    r = results.get(rid)
    if w is None:
        if r is not None:
            failed.append("%s has a result, expected none" % rid)
        continue
    if r is None:
        failed.append("%s has no result" % rid)
        continue
    if rules[r["ruleIndex"]]["id"] != rid:
        failed.append("%s: ruleIndex points at the wrong rule" % rid)
    if "level" in w and r["level"] != w["level"]:
        failed.append("%s: level %s, expected %s" % (rid, r["level"], w["level"]))
    uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    if "uri" in w and uri != w["uri"]:
        failed.append("%s: location %s, expected %s" % (rid, uri, w["uri"]))
    if "suppressed" in w and bool(r.get("suppressions")) != w["suppressed"]:
        failed.append("%s: suppressed is %s" % (rid, bool(r.get("suppressions"))))
for f in failed:
    print("sarif: " + f)
sys.exit(1 if failed else 0)
