//! A workspace of a simulated organisation, for the engine's integration tests.

use jingjian_sim::{Format, SimConfig, simulate};
use jingjian_store::Workspace;
use std::path::Path;

/// Simulates `cfg` as canonical JSON Lines under `dir` and imports it into a new workspace there.
pub async fn simulated_workspace(dir: &Path, cfg: &SimConfig) -> Workspace {
    let (sim, wsdir) = (dir.join("sim"), dir.join("ws"));
    simulate(cfg, &sim, Format::Jsonl).unwrap();
    imported(&wsdir, &sim.join("workspace.jsonl")).await
}

/// A new workspace at `dir` with the canonical JSON Lines file `path` imported.
pub async fn imported(dir: &Path, path: &Path) -> Workspace {
    let mut ws = Workspace::open_for_write(dir).await.unwrap();
    let path = path.to_owned();
    ws.import(serde_json::json!({}), (), move |sink| {
        jingjian_import::read_path(&path, None, &Default::default(), sink).map(|_| ())
    })
    .await
    .unwrap();
    ws
}
