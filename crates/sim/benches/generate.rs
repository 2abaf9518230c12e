//! Throughput benchmark: generates the district preset (or `SIM_BENCH_PRESET`) with `SIM_BENCH_MESSAGES`
//! messages (default 2,000,000) in each fast format and prints messages per second. Run with
//! `cargo bench -p jingjian-sim` (the bench profile: release, LTO). Output goes to a temporary folder
//! (`SIM_BENCH_DIR` to choose one, e.g. a tmpfs, to take the disk out of the figure).

use jingjian_sim::{Format, Preset, SimConfig, simulate};
use std::time::Instant;

fn main() {
    let preset = std::env::var("SIM_BENCH_PRESET").ok().and_then(|p| Preset::parse(&p)).unwrap_or(Preset::District);
    let messages = std::env::var("SIM_BENCH_MESSAGES").ok().and_then(|m| m.parse().ok()).unwrap_or(2_000_000);
    let base = std::env::var("SIM_BENCH_DIR").map(std::path::PathBuf::from).unwrap_or_else(|_| std::env::temp_dir());
    for format in [Format::Jsonl, Format::Wecom] {
        let dir = base.join(format!("jingjian-sim-bench-{}", format.as_str()));
        let _ = std::fs::remove_dir_all(&dir);
        let cfg = SimConfig { preset, seed: 1, messages: Some(messages) };
        let t = Instant::now();
        let s = simulate(&cfg, &dir, format).expect("simulation runs");
        let secs = t.elapsed().as_secs_f64();
        println!(
            "{} {}: {} messages in {secs:.2} s = {:.0} messages/s",
            preset.as_str(),
            format.as_str(),
            s.messages,
            s.messages as f64 / secs
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
