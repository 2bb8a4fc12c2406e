#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""scripts/eval.py OUT K...: score `ashiato triage` against truth.json.

For each variant K, OUT/vK/ holds truth.json (from demo-data), findings.jsonl
(triage --format json), triage.rc, triage.seconds and ingest.txt (written by
scripts/eval.sh).  Prints a table per kind and per variant, writes
OUT/results.json and exits 1 when a target fails (see TARGETS), 2 on bad
arguments.  Standard library only.

Matching (docs/EVALUATION.md):
  dos_source, unknown_asset, periodic_transfer: a truth host is found when a
    finding of that kind lists it in `hosts`;
  reflector: a truth (host, service) is found when a reflector finding lists
    the host and its evidence filter names no port or names the service's;
  infected_cluster: the one finding whose `peers` hold the controller and
    whose `hosts` cover the most infected hosts; recall is per host;
  beacon (no target): an infected host with a beacon finding to the
    controller;
  precision is per host: of the own hosts named by findings of a kind, the
    share that the truth has in that role;
  benign: a finding with verdict malicious naming a host of truth's benign
    set is a failure, whatever its kind.
"""
import ipaddress
import json
import os
import re
import sys

KINDS = ["traffic_spike", "dos_source", "reflector", "scan_source", "beacon",
         "infected_cluster", "unknown_asset", "periodic_transfer",
         "policy_violation", "ioc_match"]
VERDICTS = ["malicious", "suspicious", "benign"]
KEYS = ["id", "kind", "verdict", "site", "hosts", "peers", "start", "end",
        "score", "summary", "why", "evidence"]
EVIDENCE = ["filter", "records", "packets", "bytes"]
SCORED = ["dos_source", "reflector", "infected_cluster", "unknown_asset",
          "periodic_transfer", "beacon"]
TARGETS = [("dos_source", 1.0), ("reflector", 1.0), ("infected_cluster", 1.0),
           ("unknown_asset", 1.0), ("periodic_transfer", 1.0)]
ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
PORT = re.compile(r"\bport\s+(\d+)\b")


def addr(s):
    """Canonical text of an address (IPv4-mapped IPv6 as IPv4), or None."""
    try:
        a = ipaddress.ip_address(str(s).strip())
    except ValueError:
        return None
    if a.version == 6 and a.ipv4_mapped:
        a = a.ipv4_mapped
    return str(a)


def contract_errors(f):
    """Reasons a finding breaks the JSON Lines contract (DESIGN 6)."""
    errs = []
    if not isinstance(f, dict):
        return ["not an object"]
    for k in KEYS:
        if k not in f:
            errs.append("no '%s'" % k)
    if f.get("kind") not in KINDS:
        errs.append("kind %r" % f.get("kind"))
    if f.get("verdict") not in VERDICTS:
        errs.append("verdict %r" % f.get("verdict"))
    for k in ("hosts", "peers"):
        v = f.get(k)
        if not isinstance(v, list) or any(addr(x) is None for x in v):
            errs.append("%s: not a list of addresses" % k)
    for k in ("start", "end"):
        if not isinstance(f.get(k), str) or not ISO.match(f.get(k, "")):
            errs.append("%s: not an ISO time" % k)
    s = f.get("score")
    if not isinstance(s, (int, float)) or isinstance(s, bool) or not 0 <= s <= 1:
        errs.append("score %r" % s)
    for k in ("id", "summary", "why"):
        if k in f and not isinstance(f[k], str):
            errs.append("%s: not a string" % k)
    ev = f.get("evidence")
    if not isinstance(ev, dict):
        errs.append("evidence: not an object")
    else:
        for k in EVIDENCE:
            if k not in ev:
                errs.append("evidence: no '%s'" % k)
            elif k == "filter":
                if not isinstance(ev[k], str):
                    errs.append("evidence.filter: not a string")
            elif not isinstance(ev[k], int) or isinstance(ev[k], bool) or ev[k] < 0:
                errs.append("evidence.%s %r" % (k, ev[k]))
    return errs


def read_text(path, default=""):
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return fh.read()
    except OSError:
        return default


def load_findings(path):
    """(findings, contract errors as (line, reason))."""
    out, errs = [], []
    for n, line in enumerate(read_text(path).splitlines(), 1):
        if not line.strip():
            continue
        try:
            f = json.loads(line)
        except ValueError as e:
            errs.append((n, "not JSON: %s" % e))
            continue
        bad = contract_errors(f)
        if bad:
            errs.append((n, "; ".join(bad)))
            if not isinstance(f, dict):
                continue
        f["_hosts"] = {a for a in (addr(x) for x in f.get("hosts") or []
                                   if isinstance(f.get("hosts"), list)) if a}
        f["_peers"] = {a for a in (addr(x) for x in f.get("peers") or []
                                   if isinstance(f.get("peers"), list)) if a}
        filt = (f.get("evidence") or {}).get("filter") if isinstance(
            f.get("evidence"), dict) else ""
        f["_ports"] = {int(p) for p in PORT.findall(filt if isinstance(filt, str) else "")}
        out.append(f)
    return out, errs


def hosts_of(items):
    return {addr(x["host"]) for x in items}


def names_of(truth):
    return {addr(h["host"]): h.get("name", "") for h in truth.get("hosts", [])}


def score_variant(k, truth, findings):
    """Per kind: truth items, found items, hosts named, hosts named wrongly,
    misses; and the benign hosts given a malicious verdict."""
    by = {kind: [f for f in findings if f.get("kind") == kind] for kind in KINDS}
    named = {kind: set().union(*[f["_hosts"] for f in by[kind]]) if by[kind] else set()
             for kind in KINDS}
    res, names = {}, names_of(truth)
    ctrl = addr(truth.get("controller", ""))

    def simple(kind, items):
        want = hosts_of(items)
        found = {h for h in want if h in named[kind]}
        res[kind] = dict(truth=len(want), found=len(found), hosts=len(named[kind]),
                         fp_hosts=len(named[kind] - want),
                         missed=sorted(want - found))

    simple("dos_source", truth.get("dos_source", []))
    simple("unknown_asset", truth.get("not_in_inventory", []))
    simple("periodic_transfer", truth.get("backup", []))
    # reflector: per (host, service)
    refl = truth.get("reflectors", [])
    found, missed = 0, []
    for r in refl:
        h, port = addr(r["host"]), r.get("port")
        ok = any(h in f["_hosts"] and (not f["_ports"] or port in f["_ports"])
                 for f in by["reflector"])
        found += ok
        if not ok:
            missed.append("%s/%s" % (h, r.get("service")))
    rh = hosts_of(refl)
    res["reflector"] = dict(truth=len(refl), found=found, hosts=len(named["reflector"]),
                            fp_hosts=len(named["reflector"] - rh), missed=missed)
    # infected_cluster: the best single finding with the controller
    inf = hosts_of(truth.get("infected", []))
    best = set()
    for f in by["infected_cluster"]:
        if ctrl in f["_peers"] and len(f["_hosts"] & inf) > len(best):
            best = f["_hosts"] & inf
    res["infected_cluster"] = dict(truth=len(inf), found=len(best),
                                   hosts=len(named["infected_cluster"]),
                                   fp_hosts=len(named["infected_cluster"] - inf),
                                   missed=sorted(inf - best))
    bfound = {h for h in inf if any(h in f["_hosts"] and ctrl in f["_peers"]
                                    for f in by["beacon"])}
    res["beacon"] = dict(truth=len(inf), found=len(bfound), hosts=len(named["beacon"]),
                         fp_hosts=len(named["beacon"] - inf), missed=sorted(inf - bfound))
    for kind in KINDS:
        if kind not in res:
            res[kind] = dict(truth=0, found=0, hosts=len(named[kind]), fp_hosts=None,
                             missed=[])
        res[kind]["findings"] = len(by[kind])
    benign = hosts_of(truth.get("benign", []))
    bad = []
    for f in findings:
        if f.get("verdict") == "malicious":
            for h in sorted(f["_hosts"] & benign):
                bad.append(dict(host=h, name=names.get(h, ""), kind=f.get("kind"),
                                id=f.get("id"), summary=f.get("summary", "")))
    hard = []
    rank = {v: i for i, v in enumerate(["none"] + VERDICTS[::-1])}
    for x in truth.get("hard_benign", []):
        h = addr(x["host"])
        worst = "none"
        for f in findings:
            if h in f["_hosts"] and rank.get(f.get("verdict"), 0) > rank[worst]:
                worst = f.get("verdict")
        hard.append(dict(case=x.get("case"), host=h, name=x.get("name", ""),
                         worst_verdict=worst))
    for kind in res:
        for key in ("missed",):
            res[kind][key] = ["%s (%s)" % (m, names.get(m.split("/")[0], "?"))
                              for m in res[kind][key]]
    return res, bad, hard


def ratio(a, b):
    return None if b == 0 else a / b


def fmt(x):
    return "  -  " if x is None else "%.2f" % x


def ingest_counts(text):
    stored = sum(int(m) for m in re.findall(r"= stored (\d+)", text))
    rejected = sum(int(m) for m in re.findall(r"\+ rejected (\d+)", text))
    return stored, rejected


def main(argv):
    if len(argv) < 3:
        print("usage: eval.py OUT K...", file=sys.stderr)
        return 2
    out, ks = argv[1], argv[2:]
    variants, totals, failures = [], {k: dict(truth=0, found=0, hosts=0, fp_hosts=0,
                                              findings=0) for k in KINDS}, []
    all_bad, all_hard, contract = [], [], []
    for k in ks:
        d = os.path.join(out, "v%s" % k)
        try:
            with open(os.path.join(d, "truth.json")) as fh:
                truth = json.load(fh)
        except (OSError, ValueError) as e:
            failures.append("variant %s: no truth.json (%s)" % (k, e))
            continue
        rc = read_text(os.path.join(d, "triage.rc"), "?").strip()
        secs = read_text(os.path.join(d, "triage.seconds"), "0").strip()
        findings, errs = load_findings(os.path.join(d, "findings.jsonl"))
        if rc not in ("0", "1"):
            failures.append("variant %s: triage exit %s: %s" % (
                k, rc, read_text(os.path.join(d, "triage.err")).strip()[-300:]))
        for n, why in errs:
            contract.append(dict(variant=int(k), line=n, error=why))
        res, bad, hard = score_variant(k, truth, findings)
        stored, rejected = ingest_counts(read_text(os.path.join(d, "ingest.txt")))
        for kind in KINDS:
            for key in ("truth", "found", "hosts", "findings"):
                totals[kind][key] += res[kind][key]
            if res[kind]["fp_hosts"] is not None:
                totals[kind]["fp_hosts"] += res[kind]["fp_hosts"]
        for b in bad:
            all_bad.append(dict(variant=int(k), **b))
        for h in hard:
            all_hard.append(dict(variant=int(k), **h))
        variants.append(dict(
            variant=int(k), site=truth["site"]["name"], timezone=truth["site"]["timezone"],
            days=truth.get("days"), records=stored, rejected=rejected,
            triage_rc=rc, triage_seconds=float(secs or 0), findings=len(findings),
            contract_errors=len(errs), kinds=res, benign_malicious=bad, hard_benign=hard))

    # per kind
    print("\nper kind (all variants): truth items found by a finding of the kind;"
          " precision over the own hosts the kind names")
    print("%-18s %6s %6s %7s %6s %9s %10s %7s  %s" % (
        "kind", "truth", "found", "missed", "hosts", "wrong", "precision", "recall",
        "target"))
    kinds_out, targets = {}, []
    for kind in KINDS:
        t = totals[kind]
        scored = kind in SCORED
        prec = ratio(t["hosts"] - t["fp_hosts"], t["hosts"]) if scored else None
        rec = ratio(t["found"], t["truth"]) if scored else None
        want = dict(TARGETS).get(kind)
        ok = None if want is None else (rec is None or rec >= want)
        kinds_out[kind] = dict(truth=t["truth"], found=t["found"],
                               missed=t["truth"] - t["found"], findings=t["findings"],
                               hosts=t["hosts"],
                               wrong_hosts=t["fp_hosts"] if scored else None,
                               precision=prec, recall=rec)
        print("%-18s %6s %6s %7s %6d %9s %10s %7s  %s" % (
            kind, t["truth"] if scored else "-", t["found"] if scored else "-",
            t["truth"] - t["found"] if scored else "-", t["hosts"],
            t["fp_hosts"] if scored else "-", fmt(prec), fmt(rec),
            "" if want is None else "recall %.1f %s" % (want, "ok" if ok else "FAIL")))
        if want is not None:
            targets.append(dict(name="%s recall" % kind, value=rec, want=want, ok=ok))

    # per variant
    print("\nper variant: found/truth (infected_cluster: hosts in the best cluster"
          " finding with the controller)")
    print("%3s %-16s %-20s %5s %6s %6s %6s %6s %6s %6s %5s %5s %7s" % (
        "K", "site", "zone", "days", "dos", "refl", "clust", "beac", "unk", "bkup",
        "b-mal", "finds", "triage"))
    for v in variants:
        r = v["kinds"]
        cell = lambda kind: "%d/%d" % (r[kind]["found"], r[kind]["truth"])
        print("%3d %-16s %-20s %5s %6s %6s %6s %6s %6s %6s %5d %5d %6.1fs" % (
            v["variant"], v["site"][:16], v["timezone"][:20], v["days"],
            cell("dos_source"), cell("reflector"), cell("infected_cluster"),
            cell("beacon"), cell("unknown_asset"), cell("periodic_transfer"),
            len(v["benign_malicious"]), v["findings"], v["triage_seconds"]))

    targets.append(dict(name="benign hosts with a malicious verdict", value=len(all_bad),
                        want=0, ok=not all_bad))
    targets.append(dict(name="findings breaking the JSON contract", value=len(contract),
                        want=0, ok=not contract))
    targets.append(dict(name="variants where triage failed", value=len(failures),
                        want=0, ok=not failures))
    if all_hard:
        print("\nhard benign cases (worst verdict any finding gave the host):")
        for h in all_hard:
            print("  v%-3d %-13s %-15s %-16s %s" % (h["variant"], h["case"], h["host"],
                                                  h["name"], h["worst_verdict"]))
    misses = [(v["variant"], kind, m) for v in variants for kind in
              ("dos_source", "reflector", "infected_cluster", "unknown_asset",
               "periodic_transfer") for m in v["kinds"][kind]["missed"]]
    if misses:
        print("\nmissed:")
        for k, kind, m in misses:
            print("  v%-3d %-18s %s" % (k, kind, m))
    if all_bad:
        print("\nbenign hosts given a malicious verdict:")
        for b in all_bad:
            print("  v%-3d %-15s %-16s %-18s %s %s" % (b["variant"], b["host"], b["name"],
                                                     b["kind"], b["id"], b["summary"][:60]))
    if contract:
        print("\nfindings breaking the contract (first 10):")
        for c in contract[:10]:
            print("  v%-3d line %d: %s" % (c["variant"], c["line"], c["error"]))
    for f in failures:
        print("  " + f)
    ok = all(t["ok"] is not False for t in targets)
    print("\ntargets:")
    for t in targets:
        print("  %-40s %-6s %s" % (t["name"], "-" if t["value"] is None else
                                  (round(t["value"], 3) if isinstance(t["value"], float)
                                   else t["value"]), "ok" if t["ok"] is not False else "FAIL"))
    total_s = sum(v["triage_seconds"] for v in variants)
    total_r = sum(v["records"] for v in variants)
    print("\n%d variants, %d records, triage %.1f s in all; eval %s" % (
        len(variants), total_r, total_s, "PASSED" if ok else "FAILED"))
    result = dict(generator="ashiato demo-data --variant K",
                  scale=float(os.environ.get("EVAL_SCALE", "0") or 0),
                  seed=int(os.environ.get("EVAL_SEED", "1") or 1),
                  ok=ok, targets=targets, kinds=kinds_out, variants=variants,
                  benign_malicious=all_bad, hard_benign=all_hard,
                  contract_errors=contract, failures=failures)
    with open(os.path.join(out, "results.json"), "w") as fh:
        json.dump(result, fh, indent=1, sort_keys=False)
        fh.write("\n")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
