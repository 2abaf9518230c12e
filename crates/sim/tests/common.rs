//! Helpers shared by the integration tests: run a simulation into a temporary folder and read its files.

#![allow(dead_code)]

use jingjian_sim::{Format, Preset, SimConfig, Summary, simulate};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Runs `preset` with `seed` in `format` into a fresh temporary folder.
pub fn run(preset: Preset, seed: u64, format: Format, messages: Option<u64>) -> (tempfile::TempDir, Summary) {
    let dir = tempfile::tempdir().expect("temp dir");
    let s = simulate(&SimConfig { preset, seed, messages }, dir.path(), format).expect("simulation runs");
    (dir, s)
}

/// Every file under `dir` with its bytes, keyed by relative path.
pub fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("readable dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(p.strip_prefix(dir).expect("inside").to_path_buf(), std::fs::read(&p).expect("readable"));
            }
        }
    }
    out
}

/// `truth/labels.tsv` as (id, label) pairs in file order.
pub fn labels(dir: &Path) -> Vec<(String, String)> {
    std::fs::read_to_string(dir.join("truth/labels.tsv"))
        .expect("labels.tsv")
        .lines()
        .map(|l| {
            let (a, b) = l.split_once('\t').expect("two columns");
            (a.to_string(), b.to_string())
        })
        .collect()
}

/// `truth/cross_posts.tsv` as cluster → ids.
pub fn clusters(dir: &Path) -> BTreeMap<String, Vec<String>> {
    let mut m: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for l in std::fs::read_to_string(dir.join("truth/cross_posts.tsv")).expect("cross_posts.tsv").lines() {
        let (c, id) = l.split_once('\t').expect("two columns");
        m.entry(c.to_string()).or_default().push(id.to_string());
    }
    m
}

/// `truth/verdicts.tsv` rows: (group, verdict, merge_into, reason).
pub fn verdicts(dir: &Path) -> Vec<[String; 4]> {
    std::fs::read_to_string(dir.join("truth/verdicts.tsv"))
        .expect("verdicts.tsv")
        .lines()
        .map(|l| {
            let v: Vec<&str> = l.split('\t').collect();
            assert_eq!(v.len(), 4, "four columns: {l}");
            [v[0].to_string(), v[1].to_string(), v[2].to_string(), v[3].to_string()]
        })
        .collect()
}
