#!/usr/bin/env python3
"""Static checks of k8s/monitoring, runnable without Prometheus or a cluster (python3 with PyYAML).

  python3 k8s/monitoring/check.py          check; exit 1 on any finding
  python3 k8s/monitoring/check.py --write  write alerts.yaml from rules/hookflow.rules.yaml, then check

What it checks:
- alerts.yaml is exactly the PrometheusRule made from rules/hookflow.rules.yaml (the one source of the rules);
- every alert has a unit test in alerts-test.yaml that fires it and one that expects it quiet, and each expected
  alert carries the rule's labels and its annotations as Prometheus renders them ($labels only);
- every metric a rule or a dashboard panel queries is one docs/metrics.md lists as exported now (not one listed as
  "still to be added"); every dashboard has uid = file name, a ${datasource} variable, no flow-id label.
promtool (`promtool check rules`, `promtool test rules`) still has the last word on the PromQL itself.
"""
import json
import pathlib
import re
import sys

import yaml

HERE = pathlib.Path(__file__).resolve().parent
RULES = HERE / "rules" / "hookflow.rules.yaml"
PROMETHEUS_RULE = HERE / "alerts.yaml"
TESTS = HERE / "alerts-test.yaml"
DASHBOARDS = HERE / "dashboards"
METRICS_DOC = HERE.parent.parent / "docs" / "metrics.md"

HEADER = """\
# GENERATED from rules/hookflow.rules.yaml by `python3 k8s/monitoring/check.py --write`; do not edit here.
# The same rule groups as a PrometheusRule for prometheus-operator (monitoring.coreos.com/v1, written against
# v0.93.0). The plain file is what promtool checks and tests; check.py fails when this copy differs from it.
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: hookflow
  labels:
    app.kubernetes.io/name: hookflow-alerts
    app.kubernetes.io/component: monitoring
spec:
"""

findings = []


def prometheus_rule_text():
    lines = RULES.read_text().splitlines()
    body = [l for l in lines if not l.startswith("#")]  # the plain file's header comment speaks of itself
    while body and not body[0].strip():
        body.pop(0)
    return HEADER + "".join(("  " + l).rstrip() + "\n" for l in body)


def render(template, labels):
    def one(m):
        if m.group(1) not in labels:
            findings.append(f"annotation uses $labels.{m.group(1)}, which the expected alert has not: {template!r}")
        return labels.get(m.group(1), "")
    out = re.sub(r"\{\{ \$labels\.(\w+) \}\}", one, template)
    if "{{" in out:
        findings.append(f"annotation uses a template other than {{{{ $labels.x }}}}: {template!r}")
    return out


def check_tests(rules):
    tests = yaml.safe_load(TESTS.read_text())
    for f in tests.get("rule_files", []):
        if not (TESTS.parent / f).is_file():
            findings.append(f"alerts-test.yaml: rule file {f} does not exist")
    fired, quiet = set(), set()
    for group in tests["tests"]:
        for case in group.get("alert_rule_test", []):
            name = case["alertname"]
            if name not in rules:
                findings.append(f"alerts-test.yaml tests an unknown alert {name}")
                continue
            rule = rules[name]
            exp = case.get("exp_alerts") or []
            (fired if exp else quiet).add(name)
            for alert in exp:
                labels = alert.get("exp_labels", {})
                for k, v in rule.get("labels", {}).items():
                    if labels.get(k) != v:
                        findings.append(f"{name} at {case['eval_time']}: expected label {k}={v!r}, test says {labels.get(k)!r}")
                want = {k: render(v, labels) for k, v in rule.get("annotations", {}).items()}
                if alert.get("exp_annotations", {}) != want:
                    findings.append(f"{name} at {case['eval_time']} {labels}: exp_annotations differ from the rule's:\n"
                                    f"  test: {alert.get('exp_annotations')}\n  rule: {want}")
    for name in rules:
        if name not in fired:
            findings.append(f"no test fires {name}")
        if name not in quiet:
            findings.append(f"no test expects {name} to stay quiet")


def exported_metrics():
    text = METRICS_DOC.read_text()
    # planned metrics, if a section lists any, follow "Still to be added" up to the next section.
    text = re.sub(r"Still to be added.*?(?=\n## )", "", text, flags=re.S)
    text = text.split("## Dashboards and alerts")[0]
    names = set()
    for row in re.findall(r"^\|([^\n]*)\|", text, flags=re.M):
        for code in re.findall(r"`([^`]+)`", row.split("|")[0] if row.split("|")[0].strip() else row):
            m = re.match(r"^([a-z_:][a-z0-9_:]*)(\{.*\})?$", code)
            if m:
                names.add(m.group(1))
    return names


PROMQL_WORDS = {"by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "bool",
                "offset", "inf", "nan", "le"}


def metric_names(expr):
    e = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)
    e = re.sub(r"\{[^}]*\}", "", e)
    e = re.sub(r"\[[^\]]*\]", "", e)
    e = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", "", e)
    e = re.sub(r"\$\{?\w+\}?", "", e)
    names = set()
    for m in re.finditer(r"\b([a-zA-Z_:][a-zA-Z0-9_:]*)\b(\s*\()?", e):
        if m.group(2) or m.group(1).lower() in PROMQL_WORDS or re.match(r"^\d", m.group(1)):
            continue
        names.add(m.group(1))
    return names


def check_metric(name, where, exported):
    if name in exported:
        return
    base = re.sub(r"_(bucket|count|sum|max)$", "", name)
    if base != name and base in exported:
        return
    findings.append(f"{where} queries {name}, which docs/metrics.md does not list as exported")


def check_expr(expr, where, exported):
    for name in metric_names(expr):
        check_metric(name, where, exported)
    if re.search(r"\bflow(_id|Id)?\s*=", expr):
        findings.append(f"{where} filters on a flow id label")


def panels(dashboard):
    for p in dashboard.get("panels", []):
        yield p
        yield from p.get("panels", [])


def check_dashboards(exported):
    files = sorted(DASHBOARDS.glob("*.json"))
    if not files:
        findings.append("no dashboards")
    for f in files:
        d = json.loads(f.read_text())
        if d.get("uid") != f.stem:
            findings.append(f"{f.name}: uid {d.get('uid')!r} is not the file name")
        variables = {v["name"]: v for v in d.get("templating", {}).get("list", [])}
        ds = variables.get("datasource")
        if not ds or ds.get("type") != "datasource" or ds.get("query") != "prometheus":
            findings.append(f"{f.name}: no datasource variable of type prometheus")
        for v in variables.values():
            q = v.get("query")
            if v.get("type") == "query":
                q = q["query"] if isinstance(q, dict) else q
                q = re.sub(r"^label_values\((.*),\s*\w+\)$", r"\1", q)  # the label name is not a metric
                check_expr(q, f"{f.name} variable {v['name']}", exported)
        ids = set()
        for p in panels(d):
            if p.get("id") in ids:
                findings.append(f"{f.name}: panel id {p.get('id')} twice")
            ids.add(p.get("id"))
            if p.get("type") == "row":
                continue
            if p.get("datasource", {}).get("uid") != "${datasource}":
                findings.append(f"{f.name}: panel {p.get('title')!r} does not use ${{datasource}}")
            if not p.get("targets"):
                findings.append(f"{f.name}: panel {p.get('title')!r} has no query")
            for t in p.get("targets", []):
                check_expr(t["expr"], f"{f.name} panel {p.get('title')!r}", exported)


def main():
    if "--write" in sys.argv[1:]:
        PROMETHEUS_RULE.write_text(prometheus_rule_text())
    if PROMETHEUS_RULE.read_text() != prometheus_rule_text():
        findings.append("alerts.yaml differs from rules/hookflow.rules.yaml: run `python3 k8s/monitoring/check.py --write`")
    plain = yaml.safe_load(RULES.read_text())
    wrapped = yaml.safe_load(PROMETHEUS_RULE.read_text())
    if wrapped["spec"] != plain:
        findings.append("alerts.yaml's spec is not the plain rule file")
    rules = {}
    exported = exported_metrics()
    for g in plain["groups"]:
        for r in g["rules"]:
            if "alert" not in r:
                continue
            if r["alert"] in rules:
                findings.append(f"alert {r['alert']} twice")
            rules[r["alert"]] = r
            if not {"summary", "description", "runbook"} <= set(r.get("annotations", {})):
                findings.append(f"{r['alert']}: summary, description and runbook annotations are required")
            if r.get("labels", {}).get("severity") not in ("critical", "warning", "info"):
                findings.append(f"{r['alert']}: severity must be critical, warning or info")
            check_expr(r["expr"], f"alert {r['alert']}", exported)
    check_tests(rules)
    check_dashboards(exported)
    for f in findings:
        print(f, file=sys.stderr)
    print(f"{len(rules)} alerts, {len(list(DASHBOARDS.glob('*.json')))} dashboards, {len(findings)} finding(s)")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
