//! `jingjian inspect PATH`: reads an export without writing anything and reports what is in it.

use crate::common::{print_json, zone};
use crate::error::Result;
use crate::lang::t;
use jingjian_import::{Options, Tally, open_inputs};
use jingjian_model::time::to_rfc3339;
use std::path::PathBuf;

/// Read an export (file, folder or zip) and report its format and figures, writing nothing
#[derive(clap::Args)]
pub struct Args {
    /// The export to read
    path: PathBuf,
    /// Read it as this format instead of detecting it (see `jingjian import --help` for the list)
    #[arg(long)]
    format: Option<String>,
    /// Time zone for formats that store local times [default: TZ, else the machine's zone]
    #[arg(long)]
    tz: Option<String>,
    /// Print one JSON document instead of a table
    #[arg(long)]
    json: bool,
}

pub async fn run(a: Args) -> Result<()> {
    let opts = Options { tz: zone(a.tz.as_deref())?, groups: None };
    let mut tally = Tally::default();
    let mut formats: Vec<&str> = Vec::new();
    for mut input in open_inputs(&a.path, a.format.as_deref())? {
        input.format.read(&mut input.bundle, &opts, &mut tally)?;
        if !formats.contains(&input.format.name()) {
            formats.push(input.format.name());
        }
    }
    let format = formats.join("+");
    let first = tally.first.map(to_rfc3339);
    let last = tally.last.map(to_rfc3339);
    if a.json {
        return print_json(&serde_json::json!({
            "format": format,
            "groups": tally.groups(),
            "members": tally.members(),
            "messages": tally.messages,
            "human_messages": tally.human_messages,
            "bot_messages": tally.bot_messages,
            "system_messages": tally.system_messages,
            "senders": tally.senders(),
            "first": first,
            "last": last,
        }));
    }
    let rows = [
        (t("格式", "format"), format),
        (t("群组", "groups"), tally.groups().to_string()),
        (t("成员", "members"), tally.members().to_string()),
        (t("消息", "messages"), tally.messages.to_string()),
        (t("人发的消息", "human messages"), tally.human_messages.to_string()),
        (t("机器人消息", "bot messages"), tally.bot_messages.to_string()),
        (t("系统消息", "system messages"), tally.system_messages.to_string()),
        (t("发言人", "senders"), tally.senders().to_string()),
        (t("最早", "first"), first.unwrap_or_else(|| "-".into())),
        (t("最晚", "last"), last.unwrap_or_else(|| "-".into())),
    ];
    for (k, v) in rows {
        println!("{k:>16}  {v}");
    }
    Ok(())
}
