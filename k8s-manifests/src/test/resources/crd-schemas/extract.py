#!/usr/bin/env python3
"""Writes <group>/<Kind>.json: the openAPIV3Schema of one served version of a CustomResourceDefinition.

Usage: extract.py CRD.yaml VERSION   (run from this folder; needs PyYAML). See README.md for the sources.
"""
import json
import os
import sys

import yaml

crd_file, version = sys.argv[1], sys.argv[2]
with open(crd_file) as f:
    crd = next(d for d in yaml.safe_load_all(f) if d and d.get("kind") == "CustomResourceDefinition")
spec = crd["spec"]
schema = next(v["schema"]["openAPIV3Schema"] for v in spec["versions"] if v["name"] == version)
# Status is written by the operator, never by these manifests; leaving it out keeps the files smaller.
schema.get("properties", {}).pop("status", None)
os.makedirs(spec["group"], exist_ok=True)
out = os.path.join(spec["group"], spec["names"]["kind"] + ".json")
with open(out, "w") as f:
    json.dump({"apiVersion": spec["group"] + "/" + version, "kind": spec["names"]["kind"], "schema": schema},
              f, indent=1, sort_keys=True)
    f.write("\n")
print(out, os.path.getsize(out))
