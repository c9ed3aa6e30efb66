"""Judges a Schemathesis run of the emulator against Xsolla's spec.

Reads the run's NDJSON events and the committed baseline, prints every finding, and exits 1
when Schemathesis stopped or exercised fewer than 100 of the 105 operations, or when the run
found:
- any server error (5xx), which no baseline entry can excuse;
- a response-schema or content-type violation, or an undocumented status code, that no
  baseline entry accepts. An undocumented 401, 403, 404 or 422 is accepted without an entry:
  Xsolla's error catalogue (shared/reference/liveops-api.md, section 10) documents these
  answers across the LiveOps operations (401/1501 and 401/1020 on every call with bad
  credentials, 404 for unknown ids, 422/1102 for any invalid parameter or body), while the
  spec lists them for some operations only.

A baseline entry is {"operation", "check", "signature", "reason"}: the signature is the status
code of an undocumented-status finding, the schema location of a schema violation ("Schema at
…"), or the first line of any other finding's message. Every entry needs a one-line reason.
With CONFORMANCE_UPDATE=1, unlisted findings are appended with an empty reason to fill in.
"""

import json
import os
import re
import sys
from collections import Counter, defaultdict

CATALOGUE_STATUSES = {"401", "403", "404", "422"}
# The spec has 105 LiveOps operations; a run that reaches far fewer did not really run.
MIN_OPERATIONS = 100


def findings(path):
    """(operation, check, signature) -> (count, example message), and tool errors."""
    found = {}
    errors = []
    operations = set()
    with open(path, encoding="utf-8") as events:
        for line in events:
            event = json.loads(line)
            finished = event.get("ScenarioFinished")
            if finished is None:
                for name in ("NonFatalError", "FatalError"):
                    if name in event:
                        errors.append(f"{name}: {str(event[name])[:300]}")
                continue
            recorder = finished.get("recorder") or {}
            if recorder.get("label"):
                operations.add(recorder["label"].split(" -> ")[0])
            for checks in recorder.get("checks", {}).values():
                for check in checks:
                    if check.get("status") != "failure":
                        continue
                    failure = check["failure_info"]["failure"]
                    key = (failure["operation"], check["name"], signature(failure))
                    count, message = found.get(key, (0, failure["message"]))
                    found[key] = (count + 1, message)
    return found, errors, operations


def signature(failure):
    message = failure.get("message", "")
    if failure["type"] == "UndefinedStatusCode":
        match = re.search(r"Received: (\d+)", message)
        return match.group(1) if match else message.split("\n")[0]
    if failure["type"] == "JsonSchemaError":
        match = re.search(r"Schema at (\S+?):", message)
        return f"schema {match.group(1)}" if match else "schema"
    return message.split("\n")[0][:120]


def main(run_path, baseline_path):
    with open(baseline_path, encoding="utf-8") as f:
        baseline = json.load(f)
    entries = baseline["entries"]
    problems = []
    for e in entries:
        if not str(e.get("reason", "")).strip():
            problems.append(f"baseline entry without a reason: {e}")
        if e.get("check") == "not_a_server_error":
            problems.append(f"a server error cannot be accepted: {e}")
    accepted = {(e["operation"], e["check"], e["signature"]): e for e in entries}

    found, errors, operations = findings(run_path)
    print(f"{len(operations)} operations exercised")
    if len(operations) < MIN_OPERATIONS:
        problems.append(f"only {len(operations)} operations were exercised (at least {MIN_OPERATIONS})")
    seen = set()
    by_rule = Counter()
    new = []
    for (operation, check, sig), (count, message) in sorted(found.items()):
        key = (operation, check, sig)
        if check == "not_a_server_error":
            problems.append(f"SERVER ERROR {operation}: {message.splitlines()[0]} (x{count})")
        elif key in accepted:
            seen.add(key)
            print(f"accepted  {operation} {check} {sig}: {accepted[key]['reason']}")
        elif check == "status_code_conformance" and sig in CATALOGUE_STATUSES:
            by_rule[sig] += 1
        else:
            new.append(key)
            problems.append(f"NEW       {operation} {check} {sig} (x{count})\n    {message[:600]}")
    for status, n in sorted(by_rule.items()):
        print(f"catalogue {n} operations answered an undocumented {status} (liveops-api.md §10)")
    for key in sorted(set(accepted) - seen):
        print(f"not seen  {' '.join(key)} (this run did not reach it)")
    for error in errors:
        if error.startswith("FatalError"):
            problems.append(f"Schemathesis stopped: {error}")
        else:
            print(f"tool error (not judged) {error}")
    per_check = defaultdict(int)
    for (_, check, _), (count, _) in found.items():
        per_check[check] += count
    print(f"findings by check: {dict(per_check)}")

    if new and os.environ.get("CONFORMANCE_UPDATE") == "1":
        for operation, check, sig in new:
            entries.append({"operation": operation, "check": check, "signature": sig, "reason": ""})
        entries.sort(key=lambda e: (e["operation"], e["check"], e["signature"]))
        with open(baseline_path, "w", encoding="utf-8") as f:
            json.dump(baseline, f, indent=2, ensure_ascii=False)
            f.write("\n")
        print(f"{len(new)} entries appended to {baseline_path}: write their reasons")
    for p in problems:
        print(p, file=sys.stderr)
    print(f"{len(problems)} problems, {len(accepted)} baseline entries, {len(seen)} seen")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
