//! Ground truth beside the data, in `DIR/truth/`: `labels.tsv` (`message-id<TAB>label` for every message
//! written), `cross_posts.tsv` (`cluster-id<TAB>message-id`, one line per copy), `verdicts.tsv`
//! (`group-id<TAB>verdict<TAB>merge-into<TAB>reason`). No header lines; columns are documented in
//! `docs/simulator.md`.

use super::{Out, mkdir};
use crate::error::SimError;
use jingjian_model::Label;
use std::path::Path;

/// The three truth files.
pub struct Truth {
    labels: Out,
    clusters: Out,
    verdicts: Out,
    line: Vec<u8>,
}

impl Truth {
    /// Creates `dir/truth/` and its files.
    pub fn new(dir: &Path) -> Result<Truth, SimError> {
        let t = dir.join("truth");
        mkdir(&t)?;
        Ok(Truth {
            labels: Out::create(&t.join("labels.tsv"))?,
            clusters: Out::create(&t.join("cross_posts.tsv"))?,
            verdicts: Out::create(&t.join("verdicts.tsv"))?,
            line: Vec::with_capacity(256),
        })
    }

    /// Records a message's label.
    pub fn label(&mut self, id: &str, label: Label) -> Result<(), SimError> {
        self.line.clear();
        self.line.extend_from_slice(id.as_bytes());
        self.line.push(b'\t');
        self.line.extend_from_slice(label.as_str().as_bytes());
        self.line.push(b'\n');
        self.labels.write(&self.line)
    }

    /// Records one copy of a cross-post cluster.
    pub fn cluster(&mut self, cluster: &str, id: &str) -> Result<(), SimError> {
        self.line.clear();
        self.line.extend_from_slice(cluster.as_bytes());
        self.line.push(b'\t');
        self.line.extend_from_slice(id.as_bytes());
        self.line.push(b'\n');
        self.clusters.write(&self.line)
    }

    /// Records a group's verdict.
    pub fn verdict(&mut self, group: &str, verdict: &str, merge_into: &str, reason: &str) -> Result<(), SimError> {
        let line = format!("{group}\t{verdict}\t{merge_into}\t{}\n", reason.replace(['\t', '\n'], " "));
        self.verdicts.write(line.as_bytes())
    }

    /// Flushes the files.
    pub fn finish(&mut self) -> Result<(), SimError> {
        self.labels.flush()?;
        self.clusters.flush()?;
        self.verdicts.flush()
    }
}
