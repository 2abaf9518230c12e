//! Runs a simulation from the command line without the full CLI:
//! `cargo run -p jingjian-sim --release --example simulate -- PRESET SEED OUT_DIR [FORMAT] [MESSAGES]`.
//! Prints the summary as JSON.

use jingjian_sim::{Format, Preset, SimConfig, simulate};

fn main() {
    let a: Vec<String> = std::env::args().collect();
    if a.len() < 4 {
        eprintln!("usage: simulate PRESET SEED OUT_DIR [jsonl|wecom|slack|telegram|whatsapp] [MESSAGES]");
        std::process::exit(2);
    }
    let preset = Preset::parse(&a[1]).expect("preset: small, district or company");
    let seed = a[2].parse().expect("seed: an integer");
    let format = a
        .get(4)
        .map(|f| Format::parse(f).expect("format: jsonl, wecom, slack, telegram or whatsapp"))
        .unwrap_or(Format::Jsonl);
    let messages = a.get(5).map(|m| m.parse().expect("messages: an integer"));
    let t = std::time::Instant::now();
    match simulate(&SimConfig { preset, seed, messages }, std::path::Path::new(&a[3]), format) {
        Ok(s) => {
            println!("{}", serde_json::to_string_pretty(&s).expect("summary serialises"));
            eprintln!(
                "{:.2} s, {:.0} messages/s",
                t.elapsed().as_secs_f64(),
                s.messages as f64 / t.elapsed().as_secs_f64()
            );
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
