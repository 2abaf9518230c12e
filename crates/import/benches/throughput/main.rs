//! Import throughput benchmark (issue 3): generates a large export per format (JSON, JSON Lines, and WhatsApp text), then times the importer alone
//! reading it into a sink that only counts, single-threaded, and reports MB/s of wall and of CPU time, messages per
//! second and the peak resident memory of the process that read it.
//!
//! Each format is read in a child process of its own so that its peak RSS (`VmHWM`) is its own.
//!
//! Settings (environment):
//! - `JJ_BENCH_DIR`: where the generated files go (default: the system temp dir + `/jingjian-bench`).
//! - `JJ_BENCH_SIZE`: target size of each file, in bytes or with a `K`/`M`/`G` suffix (binary; default `1G`).
//! - `JJ_BENCH_RUNS`: timed runs per format (default 3).
//! - `JJ_BENCH_FORMATS`: comma-separated formats (default `wecom,telegram,discord,mattermost,jsonl,whatsapp`).
//!   `whatsapp` is a folder of chat files, as a user who exported every chat has.
//! - `JJ_BENCH_KEEP=1`: keep the generated files (and reuse files already there) instead of deleting them.
//!
//! Run: `cargo bench -p jingjian-import --bench throughput`.

mod exports;
mod measure;
mod text;

use jingjian_import::{Bundle, Options, Sink};
use jingjian_model::Record;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const DEFAULT_FORMATS: &str = "wecom,telegram,discord,mattermost,jsonl,whatsapp";

/// Counts records and messages, nothing else: the importer's cost alone.
#[derive(Default)]
struct Count {
    records: u64,
    messages: u64,
}

impl Sink for Count {
    fn record(&mut self, record: Record) -> Result<(), String> {
        self.records += 1;
        if matches!(record, Record::Message(_)) {
            self.messages += 1;
        }
        Ok(())
    }
}

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_owned())
}

fn parse_size(s: &str) -> u64 {
    let s = s.trim();
    let (num, mult) = match s.chars().last() {
        Some('K' | 'k') => (&s[..s.len() - 1], 1u64 << 10),
        Some('M' | 'm') => (&s[..s.len() - 1], 1 << 20),
        Some('G' | 'g') => (&s[..s.len() - 1], 1 << 30),
        _ => (s, 1),
    };
    num.parse::<u64>().unwrap_or_else(|_| panic!("JJ_BENCH_SIZE: cannot read {s:?} as a size")) * mult
}

fn file_for(dir: &Path, format: &str, size: u64) -> PathBuf {
    let ext = match format {
        "telegram" | "discord" => ".json",
        "whatsapp" => "",
        _ => ".jsonl",
    };
    dir.join(format!("{format}-{size}{ext}"))
}

/// The bytes of a file, or of the files in a folder (one level deep).
fn size_of(path: &Path) -> Option<u64> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_dir() {
        return Some(meta.len());
    }
    let files = std::fs::read_dir(path).ok()?.filter_map(|e| e.ok()?.metadata().ok());
    Some(files.filter(|m| m.is_file()).map(|m| m.len()).sum())
}

/// Removes a generated file or folder.
fn remove(path: &Path) {
    let _ = if path.is_dir() { std::fs::remove_dir_all(path) } else { std::fs::remove_file(path) };
}

/// Writes the file for `format` unless it is already there; returns its size and message count (None if reused).
fn generate(format: &str, path: &Path, size: u64) -> (u64, Option<u64>) {
    if let Some(len) = size_of(path)
        && len >= size
    {
        return (len, None);
    }
    let started = Instant::now();
    let mut rng = text::Rng::new(0x6a6a_6265_6e63_6821);
    if format == "whatsapp" {
        remove(path);
        std::fs::create_dir_all(path).unwrap_or_else(|e| panic!("cannot create {}: {e}", path.display()));
        let (bytes, n) = exports::whatsapp(path, &mut rng, size)
            .unwrap_or_else(|e| panic!("cannot write in {}: {e}", path.display()));
        eprintln!(
            "generated {} ({bytes} bytes, {n} messages) in {:.1} s",
            path.display(),
            started.elapsed().as_secs_f64()
        );
        return (bytes, Some(n));
    }
    let f = std::fs::File::create(path).unwrap_or_else(|e| panic!("cannot create {}: {e}", path.display()));
    let mut out = exports::Out::new(BufWriter::with_capacity(1 << 20, f));
    let n = match format {
        "wecom" => exports::wecom(&mut out, &mut rng, size),
        "telegram" => exports::telegram(&mut out, &mut rng, size),
        "discord" => exports::discord(&mut out, &mut rng, size),
        "mattermost" => exports::mattermost(&mut out, &mut rng, size),
        "jsonl" => exports::jsonl(&mut out, &mut rng, size),
        other => panic!("no generator for {other}"),
    }
    .and_then(|n| std::io::Write::flush(&mut out).map(|()| n))
    .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    eprintln!(
        "generated {} ({} bytes, {n} messages) in {:.1} s",
        path.display(),
        out.n,
        started.elapsed().as_secs_f64()
    );
    (out.n, Some(n))
}

/// In the child: reads `path` as `format` `runs` times and prints one result line per run and the peak RSS.
fn child(format: &str, path: &Path, runs: u32) {
    let f = jingjian_import::format_named(format).expect("a known format");
    let bytes = size_of(path).expect("the file exists");
    for _ in 0..runs {
        let mut bundle = Bundle::open(path).expect("the file opens");
        let mut sink = Count::default();
        let cpu0 = measure::cpu_seconds();
        let t0 = Instant::now();
        f.read(&mut bundle, &Options::default(), &mut sink).unwrap_or_else(|e| panic!("import failed: {e}"));
        let wall = t0.elapsed().as_secs_f64();
        let cpu = measure::cpu_seconds() - cpu0;
        println!("run {bytes} {} {} {wall:.4} {cpu:.4}", sink.records, sink.messages);
    }
    println!("peak_rss_kib {}", measure::peak_rss_kib());
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let runs: u32 = env_or("JJ_BENCH_RUNS", "3").parse().expect("JJ_BENCH_RUNS is a number");
    if let Ok(spec) = std::env::var("JJ_BENCH_CHILD") {
        let (format, path) = spec.split_once(':').expect("format:path");
        child(format, Path::new(path), runs);
        return;
    }
    let dir = PathBuf::from(env_or("JJ_BENCH_DIR", &std::env::temp_dir().join("jingjian-bench").display().to_string()));
    let size = parse_size(&env_or("JJ_BENCH_SIZE", "1G"));
    let keep = std::env::var("JJ_BENCH_KEEP").is_ok_and(|v| v == "1");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    println!("load average before: {}", measure::loadavg());
    println!(
        "{:<11} {:>10} {:>11} {:>9} {:>9} {:>10} {:>10}",
        "format", "bytes", "messages", "MB/s wall", "MB/s CPU", "msg/s CPU", "peak RSS"
    );
    for format in env_or("JJ_BENCH_FORMATS", DEFAULT_FORMATS).split(',').map(str::trim) {
        let path = file_for(&dir, format, size);
        if !keep {
            remove(&path);
        }
        generate(format, &path, size);
        let out = Command::new(std::env::current_exe().expect("own path"))
            .env("JJ_BENCH_CHILD", format!("{format}:{}", path.display()))
            .env("JJ_BENCH_RUNS", runs.to_string())
            .output()
            .expect("the child runs");
        if !keep {
            remove(&path);
        }
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{format}: {}\n{stdout}", String::from_utf8_lossy(&out.stderr));
        let (mut walls, mut cpus, mut bytes, mut msgs, mut rss) = (Vec::new(), Vec::new(), 0u64, 0u64, 0u64);
        for l in stdout.lines() {
            let f: Vec<&str> = l.split_whitespace().collect();
            match f.as_slice() {
                ["run", b, _, m, wall, cpu] => {
                    bytes = b.parse().expect("bytes");
                    msgs = m.parse().expect("messages");
                    walls.push(wall.parse::<f64>().expect("wall"));
                    cpus.push(cpu.parse::<f64>().expect("cpu"));
                    eprintln!("  {format}: wall {wall} s, cpu {cpu} s");
                }
                ["peak_rss_kib", k] => rss = k.parse().expect("kib"),
                _ => {}
            }
        }
        let (wall, cpu) = (median(walls), median(cpus));
        println!(
            "{:<11} {:>10} {:>11} {:>9.1} {:>9.1} {:>10.0} {:>7.1} MiB",
            format,
            bytes,
            msgs,
            bytes as f64 / 1e6 / wall,
            bytes as f64 / 1e6 / cpu,
            msgs as f64 / cpu,
            rss as f64 / 1024.0
        );
    }
    println!("load average after: {}", measure::loadavg());
    println!("(median of {runs} runs; MB = 10^6 bytes; CPU = user + system time of the reading process)");
}
