#!/usr/bin/env python3
"""Scores found cross-post clusters against the simulator's truth.

Usage: recall.py FOUND TRUTH.tsv [--workspace WORKSPACE.jsonl]

FOUND is either `cluster<TAB>message-id` lines (datasketch_xp.py) or the CSV of
`jingjian export --table cross_posts --format csv` (header key,group_id,id,cluster). TRUTH.tsv is the simulator's
truth/cross_posts.tsv (`cluster<TAB>message-id`). Messages are matched by message id.

Figures:
- truth clusters found: a truth cluster counts when at least two of its copies, in different groups, stand in one
  found cluster. Groups come from --workspace (message id -> group) or from FOUND's group_id column; with neither,
  two different copies count as being in different groups (true of the simulator's truth, whose copies of one
  cluster are all in different groups).
- pair recall: unordered pairs of copies of one truth cluster that share a found cluster / all such truth pairs.
- pair precision: unordered pairs of messages sharing a found cluster that are copies of one truth cluster /
  all such found pairs.
- found clusters: clusters in FOUND.
"""

from __future__ import annotations

import argparse
import csv
import json
from collections import Counter, defaultdict
from dataclasses import dataclass


@dataclass
class Score:
    """The figures recall.py reports."""

    truth_clusters: int
    truth_clusters_found: int
    truth_pairs: int
    found_pairs: int
    true_pairs: int
    found_clusters: int
    found_copies: int

    @property
    def cluster_recall(self) -> float:
        return self.truth_clusters_found / self.truth_clusters if self.truth_clusters else 0.0

    @property
    def pair_recall(self) -> float:
        return self.true_pairs / self.truth_pairs if self.truth_pairs else 0.0

    @property
    def pair_precision(self) -> float:
        return self.true_pairs / self.found_pairs if self.found_pairs else 0.0


def read_found(path: str) -> tuple[dict[str, str], dict[str, str]]:
    """Message id -> found cluster, and message id -> group where the file names groups (jingjian's CSV)."""
    with open(path, encoding="utf-8", newline="") as f:
        head = f.readline()
        f.seek(0)
        cluster: dict[str, str] = {}
        group: dict[str, str] = {}
        if "\t" not in head and "cluster" in head.strip().split(","):
            for row in csv.DictReader(f):
                cluster[row["id"]] = row["cluster"]
                if row.get("group_id"):
                    group[row["id"]] = row["group_id"]
        else:
            cluster = read_tsv(path, f)
    return cluster, group


def read_tsv(path: str, f) -> dict[str, str]:
    """Message id -> cluster, from `cluster<TAB>message-id` lines of the open file `f` (named `path`)."""
    out: dict[str, str] = {}
    for n, line in enumerate(f, 1):
        line = line.rstrip("\r\n")
        if not line:
            continue
        parts = line.split("\t")
        if len(parts) != 2:
            raise SystemExit(f"{path}:{n}: expected cluster<TAB>message-id, got {len(parts)} fields")
        out[parts[1]] = parts[0]
    return out


def read_truth(path: str) -> dict[str, str]:
    """Message id -> truth cluster."""
    with open(path, encoding="utf-8") as f:
        return read_tsv(path, f)


def read_groups(path: str, ids: set[str]) -> dict[str, str]:
    """Message id -> group for the given ids, from canonical JSON Lines."""
    out: dict[str, str] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if '"message"' not in line:
                continue
            r = json.loads(line)
            if r.get("type") == "message" and r.get("id") in ids:
                out[r["id"]] = r["group"]
    return out


def pairs(n: int) -> int:
    return n * (n - 1) // 2


def score(found: dict[str, str], truth: dict[str, str], groups: dict[str, str] | None = None) -> Score:
    """Scores `found` (message id -> cluster) against `truth` (message id -> cluster); `groups` maps message ids
    to groups (a missing id is taken to be in a group of its own)."""
    groups = groups or {}
    truth_sizes = Counter(truth.values())
    found_sizes = Counter(found.values())
    # Copies of each truth cluster that stand in each found cluster.
    overlap: dict[tuple[str, str], list[str]] = defaultdict(list)
    for mid, t in truth.items():
        f = found.get(mid)
        if f is not None:
            overlap[(t, f)].append(mid)
    found_truth: set[str] = set()
    for (t, _f), mids in overlap.items():
        if len({groups.get(m, m) for m in mids}) >= 2:
            found_truth.add(t)
    return Score(
        truth_clusters=len(truth_sizes),
        truth_clusters_found=len(found_truth),
        truth_pairs=sum(pairs(n) for n in truth_sizes.values()),
        found_pairs=sum(pairs(n) for n in found_sizes.values()),
        true_pairs=sum(pairs(len(m)) for m in overlap.values()),
        found_clusters=len(found_sizes),
        found_copies=len(found),
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("found")
    ap.add_argument("truth")
    ap.add_argument("--workspace", help="canonical JSON Lines to read each truth copy's group from")
    args = ap.parse_args()
    found, groups = read_found(args.found)
    truth = read_truth(args.truth)
    if args.workspace:
        groups = read_groups(args.workspace, set(truth))
    s = score(found, truth, groups)
    print(f"truth clusters found  {s.truth_clusters_found} / {s.truth_clusters} ({100 * s.cluster_recall:.1f} %)")
    print(f"pair recall           {s.true_pairs} / {s.truth_pairs} ({100 * s.pair_recall:.1f} %)")
    print(f"pair precision        {s.true_pairs} / {s.found_pairs} ({100 * s.pair_precision:.1f} %)")
    print(f"found clusters        {s.found_clusters} ({s.found_copies} copies)")


if __name__ == "__main__":
    main()
