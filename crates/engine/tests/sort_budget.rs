//! The label pass under a small sort budget spills sorted runs to disk and still gives exactly the labels,
//! candidates and health tallies of the unbounded pass.

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
    let run = |budget| labels::label_all(&ctx, &lexicon, &calendar, rule, recent, budget);
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
