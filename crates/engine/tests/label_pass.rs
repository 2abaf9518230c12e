//! The label pass gives the same labels, candidates and health tallies however it gets the messages in order:
//! read as imported (each chat oldest first), sorted, or sorted under a small budget that spills to disk.

mod common;

use datafusion::arrow::array::{AsArray, RecordBatch};
use datafusion::arrow::compute::concat_batches;
use datafusion::prelude::SessionContext;
use jingjian_engine::labels::{self, CandidateRule, Labelled};
use jingjian_engine::{Config, audit, calendar::WorkCalendar, tally::Recent};
use jingjian_sim::{Preset, SimConfig};
use jingjian_store::Workspace;

/// Every row of `batches` as text, sorted (partitions finish in any order).
fn rows(batches: &[RecordBatch]) -> Vec<String> {
    let all = concat_batches(&batches[0].schema(), batches).unwrap();
    let cols: Vec<_> = all
        .columns()
        .iter()
        .map(|c| datafusion::arrow::compute::cast(c, &datafusion::arrow::datatypes::DataType::Utf8).unwrap())
        .collect();
    let mut out: Vec<String> = (0..all.num_rows())
        .map(|i| cols.iter().map(|c| c.as_string::<i32>().value(i).to_owned()).collect::<Vec<_>>().join("\t"))
        .collect();
    out.sort();
    out
}

/// The default configuration's calendar, lexicon and candidate rule, over all of the data's time.
struct Setup {
    calendar: WorkCalendar,
    lexicon: jingjian_text::Lexicon,
}

impl Setup {
    fn new() -> Setup {
        let config = Config::default();
        let calendar = WorkCalendar::new(config.zone(), &config.work).unwrap();
        Setup { calendar, lexicon: jingjian_engine::lexicon(&config).unwrap() }
    }

    async fn session(&self, ws: &Workspace) -> SessionContext {
        audit::session(ws, &self.calendar).await.unwrap()
    }

    async fn label(&self, ctx: &SessionContext, route: labels::Route<'_>) -> Labelled {
        let rule = CandidateRule { min_chars: 30, min_important: 12 };
        labels::label_all(
            ctx,
            &self.lexicon,
            jingjian_text::Classifier::new(&self.lexicon),
            &self.calendar,
            rule,
            Recent::ending(i64::MAX / 2),
            route,
        )
        .await
        .unwrap()
    }
}

/// The route that reads `ws`'s messages files as written (the in-order pass), without a sort budget.
async fn as_written(ws: &Workspace) -> labels::Route<'static> {
    let files = ws.table_files("messages", None).await.unwrap();
    assert!(files.as_ref().is_some_and(|f| !f.is_empty()));
    labels::Route { files, ..Default::default() }
}

/// Both passes gave the same labels, candidates and tallies.
fn assert_same(a: &Labelled, b: &Labelled) {
    assert_eq!(rows(&a.labels), rows(&b.labels));
    assert_eq!(rows(&a.candidates), rows(&b.candidates));
    assert_eq!(a.tallies.groups, b.tallies.groups);
    assert_eq!(a.tallies.heatmap, b.tallies.heatmap);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_spilling_sort_gives_the_same_labels() {
    let dir = tempfile::tempdir().unwrap();
    let ws =
        common::simulated_workspace(dir.path(), &SimConfig { preset: Preset::Small, seed: 5, messages: Some(40_000) })
            .await;
    let setup = Setup::new();
    let ctx = setup.session(&ws).await;
    let run = |budget| setup.label(&ctx, labels::Route { sort_memory: budget, ..Default::default() });
    let free: Labelled = run(None).await;
    let tight: Labelled = run(Some(96 << 20)).await;

    assert!(!tight.unbounded, "the pass stayed within its budget");
    assert!(tight.spills > 0, "a 96 MiB budget makes the sort of 40,000 messages spill");
    assert_eq!(free.spills, 0);
    assert_same(&tight, &free);
}

/// The simulated export's lines with the messages chat by chat, each chat oldest first (as Telegram, WhatsApp and
/// Slack export them). The simulator writes them day by day across all chats, as a WeCom archive lists them.
fn chat_by_chat(jsonl: &std::path::Path) -> String {
    let text = std::fs::read_to_string(jsonl).unwrap();
    let (mut messages, rest): (Vec<&str>, Vec<&str>) = text.lines().partition(|l| l.contains(r#""type":"message""#));
    let group = |l: &str| serde_json::from_str::<serde_json::Value>(l).unwrap()["group"].as_str().unwrap().to_owned();
    messages.sort_by_cached_key(|l| group(l));
    rest.into_iter().chain(messages).map(|l| format!("{l}\n")).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn messages_read_as_imported_or_sorted_get_the_same_labels() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = SimConfig { preset: Preset::Small, seed: 9, messages: Some(30_000) };
    let mixed = common::simulated_workspace(dir.path(), &cfg).await;
    let ordered = dir.path().join("chat-by-chat.jsonl");
    std::fs::write(&ordered, chat_by_chat(&dir.path().join("sim/workspace.jsonl"))).unwrap();
    let ordered = common::imported(&dir.path().join("ws-chat-by-chat"), &ordered).await;

    let setup = Setup::new();
    let mut runs = Vec::new();
    for ws in [&ordered, &mixed] {
        let ctx = setup.session(ws).await;
        // Five slices of 30,000 messages in ~100 chats: chats straddle the slices' boundaries, so the cores hand
        // their leading runs back.
        ctx.state_ref().write().config_mut().options_mut().execution.target_partitions = 5;
        runs.push(setup.label(&ctx, as_written(ws).await).await);
        // Twenty slices of at least 1,000 rows for the five cores: each core takes several in turn, carrying its
        // memo from one to the next.
        let small = labels::Route { slice_rows: Some(1_000), ..as_written(ws).await };
        runs.push(setup.label(&ctx, small).await);
        // The same workspace, sorted.
        runs.push(setup.label(&ctx, Default::default()).await);
    }
    let in_order: Vec<bool> = runs.iter().map(|r| r.in_order).collect();
    assert_eq!(
        in_order,
        [true, true, false, false, false, false],
        "only the chat-by-chat import is read without a sort"
    );
    runs[1..].iter().for_each(|other| assert_same(other, &runs[0]));
    assert!(rows(&runs[0].labels).len() >= 30_000);
}

/// `chat_by_chat`'s lines with a system record opening each chat, stamped with the chat's last time: later than
/// the messages after it, as a WhatsApp export's encryption notice is (stamped when the exporter joined).
fn notice_first(text: &str) -> String {
    let value = |l: &str| serde_json::from_str::<serde_json::Value>(l).unwrap();
    let mut out = String::new();
    let lines: Vec<&str> = text.lines().collect();
    let mut start = 0;
    while start < lines.len() {
        let first = value(lines[start]);
        let end = (start..lines.len()).find(|&i| value(lines[i])["group"] != first["group"]).unwrap_or(lines.len());
        if first["type"] == "message" {
            let last = lines[start..end].iter().map(|l| value(l)["time"].as_str().unwrap().to_owned()).max().unwrap();
            let notice = serde_json::json!({"type": "message", "source": first["source"], "group": first["group"],
                "id": format!("notice-{start}"), "time": last, "kind": "system",
                "text": "Messages and calls are end-to-end encrypted."});
            out.push_str(&format!("{notice}\n"));
        }
        lines[start..end].iter().for_each(|l| out.push_str(&format!("{l}\n")));
        start = end;
    }
    out
}

/// System records change no conversation state, so chats that open with one stamped later than what follows are
/// still read in order, with the labels, candidates and tallies that the sort gives.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn system_records_out_of_time_order_keep_the_import_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = SimConfig { preset: Preset::Small, seed: 4, messages: Some(20_000) };
    jingjian_sim::simulate(&cfg, &dir.path().join("sim"), jingjian_sim::Format::Jsonl).unwrap();
    let shifted = dir.path().join("shifted.jsonl");
    std::fs::write(&shifted, notice_first(&chat_by_chat(&dir.path().join("sim/workspace.jsonl")))).unwrap();
    let ws = common::imported(&dir.path().join("ws"), &shifted).await;

    let setup = Setup::new();
    let ctx = setup.session(&ws).await;
    let read = setup.label(&ctx, as_written(&ws).await).await;
    let sorted = setup.label(&ctx, Default::default()).await;
    assert!(read.in_order, "the import is read without a sort");
    assert!(rows(&read.labels).iter().filter(|r| r.contains("kind system")).count() > 20, "notices were added");
    assert_same(&read, &sorted);
}

/// A simulated WhatsApp export of the district (chats opening with the encryption notice, later than the messages
/// after it) is labelled without a sort; it was sorted before this was allowed (6 spills at 1M).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_whatsapp_export_is_read_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = SimConfig { preset: Preset::District, seed: 4, messages: Some(20_000) };
    jingjian_sim::simulate(&cfg, &dir.path().join("wa"), jingjian_sim::Format::Whatsapp).unwrap();
    let ws = common::imported(&dir.path().join("ws"), &dir.path().join("wa")).await;
    let setup = Setup::new();
    let read = setup.label(&setup.session(&ws).await, as_written(&ws).await).await;
    assert!(read.in_order);
}
