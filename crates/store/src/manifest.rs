//! The workspace's version list: which Delta version of every table makes up each workspace version, when it was
//! made and by what. Written whole to a temporary file and renamed over the old one, so it is always complete.

use crate::StoreError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Delta version of each table, by table name.
pub type TableVersions = BTreeMap<String, u64>;

/// One workspace version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VersionInfo {
    pub version: u64,
    /// RFC 3339 time the version was committed.
    pub time: String,
    /// What made it: `create`, `import`, `audit`, …
    pub operation: String,
    /// Operation details (files imported, row counts, …).
    #[serde(default)]
    pub detail: serde_json::Value,
    pub tables: TableVersions,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Manifest {
    pub format: u32,
    pub versions: Vec<VersionInfo>,
}

impl Manifest {
    pub fn path(root: &Path) -> PathBuf {
        root.join("_jingjian").join("versions.json")
    }

    pub fn load(root: &Path) -> Result<Option<Manifest>, StoreError> {
        let path = Manifest::path(root);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(StoreError::io(path, e)),
        };
        serde_json::from_str(&text).map(Some).map_err(|e| StoreError::BadManifest { path, message: e.to_string() })
    }

    /// Replaces the file atomically: write a sibling, flush it to disk, rename it over the old one.
    pub fn save(&self, root: &Path) -> Result<(), StoreError> {
        let path = Manifest::path(root);
        let dir = path.parent().expect("manifest has a folder");
        std::fs::create_dir_all(dir).map_err(|e| StoreError::io(dir, e))?;
        let tmp = dir.join("versions.json.tmp");
        let mut f = std::fs::File::create(&tmp).map_err(|e| StoreError::io(&tmp, e))?;
        let text = serde_json::to_vec_pretty(self).expect("manifest serialises");
        f.write_all(&text).and_then(|_| f.sync_all()).map_err(|e| StoreError::io(&tmp, e))?;
        std::fs::rename(&tmp, &path).map_err(|e| StoreError::io(&path, e))?;
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    }

    pub fn latest(&self) -> Option<&VersionInfo> {
        self.versions.last()
    }
}
