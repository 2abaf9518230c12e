//! Fingerprint throughput: MinHash signatures and LSH bands of notice-length texts (texts per second, one core).
//!
//! Run with `cargo bench -p jingjian-text --bench fingerprint`. The cross-post search fingerprints every distinct
//! candidate text of an audit (349k at 10M simulated messages); the signature is most of that work.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use jingjian_text::fingerprint::{Fingerprinter, canonical, is_copy, shingles};
use std::hint::black_box;

const NOTICES: &[&str] = &[
    "【通知】请各村（社区）于6月5日17:00前报送防汛隐患排查台账，联系人：王敏，电话0592-1234567，逾期未报的将通报。",
    "关于开展2025年度安全生产大检查的通知：各单位要高度重视，成立工作专班，认真对照清单逐项排查，10月20日前将自查报告报区应急局。",
    "转发：市里明天上午9点召开视频会议，请各部门主要负责人准时参加，会议号另行通知，收到请回复。",
    "Reminder: the quarterly report template has changed, please use the new version in the shared drive and submit by Friday EOD.",
];

fn bench(c: &mut Criterion) {
    let fp = Fingerprinter::default();
    let texts: Vec<String> =
        (0..1_000).map(|i| canonical(&format!("{}（第{i}期）", NOTICES[i % NOTICES.len()]))).collect();
    let mut g = c.benchmark_group("fingerprint");
    g.throughput(Throughput::Elements(texts.len() as u64));
    g.bench_function("notices", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(fp.of_canonical(black_box(t)));
            }
        })
    });
    // Verification: every text against the next, exact 2-gram Jaccard and containment (most differ in a
    // number only, so most fail as templates or pass as copies after the set comparison).
    let sets: Vec<Vec<u64>> = texts.iter().map(|t| shingles(t)).collect();
    g.bench_function("verify", |b| {
        b.iter(|| {
            for i in 1..texts.len() {
                let (x, y) = (i - 1, i);
                black_box(is_copy(&texts[x], &sets[x], &texts[y], &sets[y], 0.8, 0.9));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
