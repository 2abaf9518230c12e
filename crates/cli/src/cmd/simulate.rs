//! `jingjian simulate`: a synthetic organisation's chat export with ground truth, for demos, tests and benchmarks.

use crate::common::print_json;
use crate::error::{CliError, Result};
use crate::lang::t;
use jingjian_sim::{Format, Preset, SimConfig, simulate};
use std::path::PathBuf;

/// Write a synthetic organisation's chats in a real export format, with the truth beside them (truth/*.tsv)
#[derive(clap::Args)]
pub struct Args {
    /// district (Chinese, ~2,000 members, 1,000+ groups, a year), company (English, Slack) or small (tests)
    #[arg(long, default_value = "small")]
    preset: String,
    /// The same seed always gives byte-identical output
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The folder to write into
    #[arg(long)]
    out: PathBuf,
    /// jsonl (canonical), wecom (message archive + room details + roster), slack (export folder), telegram
    /// (a Telegram Desktop result.json per group under chats/) or whatsapp (an Android "WhatsApp Chat with
    /// <group>.txt" per group; import with --tz Asia/Shanghai)
    #[arg(long, default_value = "wecom")]
    format: String,
    /// About how many messages to write [default: the preset's]
    #[arg(long)]
    messages: Option<u64>,
    /// Print the summary as one JSON document
    #[arg(long)]
    json: bool,
}

pub async fn run(a: Args) -> Result<()> {
    let preset = Preset::parse(&a.preset)
        .ok_or_else(|| CliError::Usage(format!("no preset `{}`; use district, company or small", a.preset)))?;
    let format = Format::parse(&a.format).ok_or_else(|| {
        CliError::Usage(format!("no output format `{}`; use jsonl, wecom, slack, telegram or whatsapp", a.format))
    })?;
    let cfg = SimConfig { preset, seed: a.seed, messages: a.messages };
    let out = a.out.clone();
    let summary = tokio::task::spawn_blocking(move || simulate(&cfg, &out, format))
        .await
        .map_err(|e| CliError::Other(e.to_string()))?
        .map_err(|e| CliError::Other(e.to_string()))?;
    if a.json {
        return print_json(&summary);
    }
    println!(
        "{} {}: {} {}, {} {}, {} {} → {}",
        t("已模拟", "simulated"),
        summary.preset,
        summary.members,
        t("名成员", "members"),
        summary.groups,
        t("个群", "groups"),
        summary.messages,
        t("条消息", "messages"),
        a.out.display()
    );
    Ok(())
}
