#!/usr/bin/env python3
"""Tests for recall.py on a tiny hand-made case (plain asserts; run with `python3 test_recall.py`)."""

import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from recall import read_found, score  # noqa: E402

# Truth: notice A copied into 4 groups (a1..a4, 6 pairs), notice B into 2 (b1, b2, 1 pair), C into 2 (1 pair).
TRUTH = "A\ta1\nA\ta2\nA\ta3\nA\ta4\nB\tb1\nB\tb2\nC\tc1\nC\tc2\n"
GROUPS = {"a1": "g1", "a2": "g2", "a3": "g3", "a4": "g4", "b1": "g1", "b2": "g2", "c1": "g1", "c2": "g3",
          "x1": "g5", "x2": "g6"}  # fmt: skip
# Found: A split in two ({a1, a2, a3} and {a4, b1}: a4 wrongly with b1), C found whole, B missed,
# and one false cluster of two unrelated messages.
FOUND_TSV = "F1\ta1\nF1\ta2\nF1\ta3\nF2\ta4\nF2\tb1\nF3\tc1\nF3\tc2\nF4\tx1\nF4\tx2\n"
FOUND_CSV = "key,group_id,id,cluster\n" + "".join(
    f"k-{mid},{GROUPS[mid]},{mid},{c}\n" for c, mid in (line.split("\t") for line in FOUND_TSV.splitlines())
)


def write(tmp: str, name: str, text: str) -> str:
    path = os.path.join(tmp, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def check(s) -> None:
    assert s.truth_clusters == 3
    assert s.truth_clusters_found == 2, "A (3 copies in F1) and C are found; B's copies are apart"
    assert s.truth_pairs == 6 + 1 + 1
    assert s.true_pairs == 3 + 1, "a1-a2, a1-a3, a2-a3 and c1-c2"
    assert s.found_pairs == 3 + 1 + 1 + 1
    assert s.found_clusters == 4 and s.found_copies == 9
    assert abs(s.pair_recall - 4 / 8) < 1e-12
    assert abs(s.pair_precision - 4 / 6) < 1e-12


def test_tsv_and_csv_give_the_same_score() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        truth = write(tmp, "truth.tsv", TRUTH)
        from recall import read_truth

        for name, text in (("found.tsv", FOUND_TSV), ("found.csv", FOUND_CSV)):
            found, groups = read_found(write(tmp, name, text))
            assert found["a4"] == "F2" and found["x2"] == "F4"
            assert bool(groups) == name.endswith(".csv"), "only jingjian's CSV names groups"
            check(score(found, read_truth(truth), groups))


def test_copies_in_one_group_do_not_make_a_cluster_found() -> None:
    truth = {"a1": "A", "a2": "A", "a3": "A"}
    found = {"a1": "F", "a2": "F"}
    assert score(found, truth, {"a1": "g1", "a2": "g1", "a3": "g2"}).truth_clusters_found == 0
    assert score(found, truth, {"a1": "g1", "a2": "g2", "a3": "g2"}).truth_clusters_found == 1
    assert score(found, truth).truth_clusters_found == 1, "without groups, two copies count as two groups"


def test_nothing_found() -> None:
    s = score({}, {"a1": "A", "a2": "A"})
    assert (s.truth_clusters_found, s.pair_recall, s.pair_precision, s.found_clusters) == (0, 0.0, 0.0, 0)


def test_command_line_prints_the_figures() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(
            [sys.executable, os.path.join(HERE, "recall.py"), write(tmp, "f.csv", FOUND_CSV),
             write(tmp, "t.tsv", TRUTH)],
            check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
        assert "truth clusters found  2 / 3" in out
        assert "pair recall           4 / 8 (50.0 %)" in out
        assert "pair precision        4 / 6 (66.7 %)" in out
        assert "found clusters        4 (9 copies)" in out
        bad = write(tmp, "bad.tsv", "F1\ta1\textra\n")
        r = subprocess.run([sys.executable, os.path.join(HERE, "recall.py"), bad, os.path.join(tmp, "t.tsv")],
                           capture_output=True, text=True)  # fmt: skip
        assert r.returncode != 0 and "bad.tsv:1: expected cluster<TAB>message-id, got 3 fields" in r.stderr


if __name__ == "__main__":
    tests = [v for k, v in sorted(globals().items()) if k.startswith("test_")]
    for t in tests:
        t()
    print(f"{len(tests)} passed, 0 failed")
