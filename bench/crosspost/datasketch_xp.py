#!/usr/bin/env python3
"""Cross-post detection with datasketch (MinHash + MinHashLSH), by jingjian's rules, for the side-by-side benchmark.

Usage: datasketch_xp.py WORKSPACE.jsonl LABELS.tsv OUT.tsv [--limit N] [--hash sha1|builtin] [--no-t2s]

Reads jingjian's canonical JSON Lines (message records only), takes the labels from the simulator's truth
(LABELS.tsv: message-id<TAB>label), picks the same candidates as jingjian's audit (crates/engine/src/crosspost.rs),
finds near-duplicates with datasketch and writes the clusters that span two or more groups to OUT.tsv as
`cluster<TAB>message-id` lines. Prints the time and peak RSS of each phase to stderr; never prints message text.

Phases:
  read          parse the JSON Lines and the labels (jingjian does this in `import`, not in the cross-post step)
  canonicalise  candidate selection + canonical text (jingjian: the jj_fp_chars UDF and the candidate query)
  minhash       2-gram shingles and MinHash signatures, 128 permutations (jingjian: the jj_fp_hashes UDF)
  lsh           MinHashLSH insert + query, 25 bands x 5 rows, and exact buckets for texts of <= 20 characters
                (jingjian: unnest + GROUP BY hash)
  verify        exact verification of candidate pairs, 72 h window, union-find, clusters in >= 2 groups
The sum of canonicalise..verify is the work that corresponds to jingjian's cross-post detection.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections import defaultdict
from datetime import datetime

from datasketch import MinHash, MinHashLSH

from xpcanon import Canonicaliser, same_notice, shingles

# crates/engine/src/config.rs AuditConfig defaults and crates/text/src/fingerprint/mod.rs constants.
MIN_CHARS = 30
MIN_CHARS_IMPORTANT = 12
EXACT_MAX_CHARS = 20
NUM_PERM = 128
BANDS, ROWS = 25, 5
JACCARD = 0.6
CONTAINMENT = 0.8
WINDOW_MS = 72 * 3_600_000

NOT_HUMAN = {"system", "recall", "bot"}
NOT_CANDIDATE = {"ack", "greeting", "flattery", "system"}


def peak_rss_mib() -> float:
    """Peak resident set size of this process so far (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def to_ms(t) -> int:
    """A canonical-format time (RFC 3339 string or integer milliseconds) as Unix milliseconds."""
    if isinstance(t, int):
        return t
    return round(datetime.fromisoformat(t).timestamp() * 1000)


class Phases:
    """Times each phase (wall: perf_counter; CPU: process_time, user + system of this process) and records the
    peak RSS after it."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, float, float, float]] = []  # name, wall s, CPU s, peak RSS MiB
        self._t, self._c = time.perf_counter(), time.process_time()

    def done(self, name: str, note: str = "") -> None:
        wall, cpu = time.perf_counter() - self._t, time.process_time() - self._c
        self.rows.append((name, wall, cpu, peak_rss_mib()))
        print(f"{name:13s} wall {wall:7.2f} s  CPU {cpu:7.2f} s  peak RSS {peak_rss_mib():7.1f} MiB  {note}",
              file=sys.stderr)
        self._t, self._c = time.perf_counter(), time.process_time()


def read(path: str, labels_path: str, limit: int | None):
    """Message records (group, id, time in ms, kind, text) in file order, and the labels by message id."""
    msgs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if '"message"' not in line:
                continue
            r = json.loads(line)
            if r.get("type") != "message":
                continue
            msgs.append((r["group"], r["id"], to_ms(r["time"]), r.get("kind", "text"), r.get("text")))
            if limit is not None and len(msgs) >= limit:
                break
    labels = {}
    with open(labels_path, encoding="utf-8") as f:
        for line in f:
            mid, _, label = line.rstrip("\n").partition("\t")
            labels[mid] = label
    return msgs, labels


class UnionFind:
    """Union-find over candidates (crosspost/join.rs UnionFind)."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        p = self.parent
        r = x
        while p[r] != r:
            r = p[r]
        while p[x] != r:
            p[x], x = r, p[x]
        return r

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            keep, gone = min(ra, rb), max(ra, rb)
            self.parent[gone] = keep


def segments(t: list[int], window: int) -> list[int]:
    """crosspost/join.rs `segments`: copies in time order cut into runs within the window, the gaps between
    neighbours closed from the shortest up; returns each run's end (exclusive)."""
    n = len(t)
    if n == 0:
        return []
    if t[-1] - t[0] <= window:
        return [n]
    end_of, start_of = list(range(n)), list(range(n))
    for i in sorted(range(n - 1), key=lambda i: (t[i + 1] - t[i], i)):
        start, end = start_of[i], end_of[i + 1]
        if t[end] - t[start] <= window:
            end_of[start], start_of[end] = end, start
    ends, start = [], 0
    while start < n:
        start = end_of[start] + 1
        ends.append(start)
    return ends


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("workspace")
    ap.add_argument("labels")
    ap.add_argument("out")
    ap.add_argument("--limit", type=int, help="read only the first N message records")
    ap.add_argument(
        "--hash",
        choices=["sha1", "builtin"],
        default="sha1",
        help="MinHash input hash: datasketch's default sha1_hash32 over UTF-8 bytes, or Python's built-in str hash "
        "(truncated to 32 bits; faster, varies with PYTHONHASHSEED)",
    )
    ap.add_argument("--no-t2s", action="store_true", help="skip Traditional->Simplified (OpenCC t2s)")
    args = ap.parse_args()

    ph = Phases()
    msgs, labels = read(args.workspace, args.labels, args.limit)
    ph.done("read", f"{len(msgs)} messages")

    # Candidates: human messages, not ack/greeting/flattery/system, >= 30 canonical characters (>= 12 important).
    canon = Canonicaliser(t2s=not args.no_t2s)
    cand: list[int] = []  # indexes into msgs
    texts: list[str] = []  # canonical texts, parallel to cand
    for i, (_g, mid, _t, kind, text) in enumerate(msgs):
        if not text or kind in NOT_HUMAN:
            continue
        label = labels.get(mid)
        if label is None or label in NOT_CANDIDATE:
            continue
        c = canon.canonical(text)
        if len(c) >= (MIN_CHARS_IMPORTANT if label == "important" else MIN_CHARS):
            cand.append(i)
            texts.append(c)
    n = len(cand)
    # Time order: each candidate is later compared with its earlier neighbours only.
    times = [msgs[i][2] for i in cand]
    order = sorted(range(n), key=lambda k: (times[k], k))
    rank = [0] * n
    for r, k in enumerate(order):
        rank[k] = r
    ph.done("canonicalise", f"{n} candidates")

    sh = [shingles(c) for c in texts]
    long_ = [k for k in range(n) if len(texts[k]) > EXACT_MAX_CHARS]
    if args.hash == "sha1":
        mh_kwargs = {"num_perm": NUM_PERM}
        batches = ([s.encode("utf-8") for s in sh[k]] for k in long_)
    else:
        mh_kwargs = {"num_perm": NUM_PERM, "hashfunc": lambda s: hash(s) & 0xFFFFFFFF}
        batches = (sh[k] for k in long_)
    sigs = MinHash.bulk(batches, **mh_kwargs)
    ph.done("minhash", f"{len(long_)} signatures")

    lsh = MinHashLSH(num_perm=NUM_PERM, params=(BANDS, ROWS))
    with lsh.insertion_session() as session:
        for k, m in zip(long_, sigs):
            session.insert(k, m, check_duplication=False)
    # Earlier neighbours of each candidate (LSH collisions in any band).
    neighbours: list[list[int]] = [[] for _ in range(n)]
    for k, m in zip(long_, sigs):
        rk = rank[k]
        neighbours[k] = [j for j in lsh.query(m) if rank[j] < rk]
    exact: dict[str, list[int]] = defaultdict(list)
    for k in range(n):
        if len(texts[k]) <= EXACT_MAX_CHARS:
            exact[texts[k]].append(k)
    for bucket in exact.values():
        if len(bucket) > 1:
            for k in bucket:
                neighbours[k] = [j for j in bucket if rank[j] < rank[k]]
    del sigs
    pairs = sum(len(x) for x in neighbours)
    ph.done("lsh", f"{pairs} candidate pairs")

    # Verify in time order: each candidate against its earlier neighbours within 72 hours; union-find; each
    # group of copies cut into runs within 72 hours (crosspost/join.rs); keep runs that span two or more groups.
    uf = UnionFind(n)
    verified = 0
    for k in order:
        for j in neighbours[k]:
            if abs(times[k] - times[j]) > WINDOW_MS or uf.find(j) == uf.find(k):
                continue
            verified += 1
            if same_notice(texts[k], texts[j], sh[k], sh[j], JACCARD, CONTAINMENT):
                uf.union(k, j)
    groups: dict[int, list[int]] = defaultdict(list)
    for k in range(n):
        groups[uf.find(k)].append(k)
    out = []
    found = 0
    for members in groups.values():
        if len(members) < 2:
            continue
        members.sort(key=lambda k: (times[k], k))
        start = 0
        for end in segments([times[k] for k in members], WINDOW_MS):
            run, start = members[start:end], end
            if len(run) < 2 or len({msgs[cand[k]][0] for k in run}) < 2:
                continue
            found += 1
            cid = "xp-" + msgs[cand[run[0]]][1]
            out.extend(f"{cid}\t{msgs[cand[k]][1]}\n" for k in run)
    ph.done("verify", f"{verified} pairs verified, {found} clusters")

    with open(args.out, "w", encoding="utf-8") as f:
        f.writelines(out)

    work = [r for r in ph.rows if r[0] != "read"]
    print(f"cross-post work (canonicalise..verify): wall {sum(r[1] for r in work):.2f} s, "
          f"CPU {sum(r[2] for r in work):.2f} s; with read: wall {sum(r[1] for r in ph.rows):.2f} s, "
          f"CPU {sum(r[2] for r in ph.rows):.2f} s; peak RSS {peak_rss_mib():.1f} MiB", file=sys.stderr)

if __name__ == "__main__":
    main()
