//! The label pass gives the same labels, candidates and health tallies however it gets the messages in order:
//! read as imported (each chat oldest first), sorted, or sorted under a small budget that spills to disk.

mod common;

use datafusion::arrow::array::{AsArray, RecordBatch};
use datafusion::arrow::compute::concat_batches;
use jingjian_engine::labels::{self, CandidateRule, Labelled};
use jingjian_engine::{Config, audit, calendar::WorkCalendar, tally::Recent};
use jingjian_sim::{Preset, SimConfig};

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_spilling_sort_gives_the_same_labels() {
    let dir = tempfile::tempdir().unwrap();
    let ws =
        common::simulated_workspace(dir.path(), &SimConfig { preset: Preset::Small, seed: 5, messages: Some(40_000) })
            .await;
    let config = Config::default();
    let calendar = WorkCalendar::new(config.zone(), &config.work).unwrap();
    let lexicon = jingjian_engine::lexicon(&config).unwrap();
    let ctx = audit::session(&ws, &calendar).await.unwrap();
    let rule = CandidateRule { min_chars: 30, min_important: 12 };
    let recent = Recent::ending(i64::MAX / 2);
    let run = |budget| {
        let route = labels::Route { sort_memory: budget, ..Default::default() };
        labels::label_all(&ctx, &lexicon, &calendar, rule, recent, route)
    };
    let free: Labelled = run(None).await.unwrap();
    let tight: Labelled = run(Some(96 << 20)).await.unwrap();

    assert!(!tight.unbounded, "the pass stayed within its budget");
    assert!(tight.spills > 0, "a 96 MiB budget makes the sort of 40,000 messages spill");
    assert_eq!(free.spills, 0);
    assert_eq!(rows(&tight.labels), rows(&free.labels));
    assert_eq!(rows(&tight.candidates), rows(&free.candidates));
    assert_eq!(tight.tallies.groups, free.tallies.groups);
    assert_eq!(tight.tallies.heatmap, free.tallies.heatmap);
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

    let config = Config::default();
    let calendar = WorkCalendar::new(config.zone(), &config.work).unwrap();
    let lexicon = jingjian_engine::lexicon(&config).unwrap();
    let rule = CandidateRule { min_chars: 30, min_important: 12 };
    let recent = Recent::ending(i64::MAX / 2);
    let mut runs = Vec::new();
    for ws in [&ordered, &mixed] {
        let ctx = audit::session(ws, &calendar).await.unwrap();
        // Five slices of 30,000 messages in ~100 chats: chats straddle the slices' boundaries, so the cores hand
        // their leading runs back.
        ctx.state_ref().write().config_mut().options_mut().execution.target_partitions = 5;
        let files = ws.table_files("messages", None).await.unwrap();
        assert!(files.as_ref().is_some_and(|f| !f.is_empty()));
        let route = labels::Route { files, ..Default::default() };
        runs.push(labels::label_all(&ctx, &lexicon, &calendar, rule, recent, route).await.unwrap());
        // The same workspace, sorted.
        runs.push(labels::label_all(&ctx, &lexicon, &calendar, rule, recent, Default::default()).await.unwrap());
    }
    let in_order: Vec<bool> = runs.iter().map(|r| r.in_order).collect();
    assert_eq!(in_order, [true, false, false, false], "only the chat-by-chat import is read without a sort");
    for other in &runs[1..] {
        assert_eq!(rows(&other.labels), rows(&runs[0].labels));
        assert_eq!(rows(&other.candidates), rows(&runs[0].candidates));
        assert_eq!(other.tallies.groups, runs[0].tallies.groups);
        assert_eq!(other.tallies.heatmap, runs[0].tallies.heatmap);
    }
    assert!(rows(&runs[0].labels).len() >= 30_000);
}
