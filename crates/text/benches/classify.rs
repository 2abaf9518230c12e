//! Classifier throughput on realistic short work-chat messages (messages per second, one core).
//!
//! Run with `cargo bench -p jingjian-text --bench classify`. The corpus mixes the kinds of messages a government work
//! group and a Slack channel carry, in conversation order, so that the context rules run as they do on real data.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use jingjian_model::MessageKind;
use jingjian_text::{Classifier, Conversation, Input, Lexicon};
use std::hint::black_box;

/// (text, kind, leader, mentions_all): one round of a typical day, repeated with advancing times.
const ROUND: &[(&str, MessageKind, bool, bool)] = &[
    ("早上好！", MessageKind::Text, false, false),
    ("", MessageKind::Image, false, false),
    ("@所有人 请各村于6月5日前报送防汛隐患排查台账，收到请回复", MessageKind::Text, true, true),
    ("收到", MessageKind::Text, false, false),
    ("收到！", MessageKind::Text, false, false),
    ("收到，马上落实", MessageKind::Text, false, false),
    ("[强][强]", MessageKind::Text, false, false),
    ("請問是用上次那個表格嗎？", MessageKind::Text, false, false),
    ("用群文件里的台账，填好发邮箱", MessageKind::Text, true, false),
    ("好的，谢谢", MessageKind::Text, false, false),
    ("", MessageKind::Image, false, false),
    ("李家村已完成巡查，未发现险情", MessageKind::Text, false, false),
    ("领导辛苦了", MessageKind::Text, false, false),
    ("👍", MessageKind::Text, false, false),
    ("帮我砍一刀，谢谢", MessageKind::Text, false, false),
    ("Got it, thanks!", MessageKind::Text, false, false),
    ("+1", MessageKind::Text, false, false),
    ("Anyone want tacos? leaving in 10", MessageKind::Text, false, false),
    ("Reminder: expense reports due by EOD Friday", MessageKind::Text, true, true),
    ("Yesterday: fixed pagination. Today: tests. Blockers: none", MessageKind::Text, false, false),
    ("#接龙\n周四参会\n1. 刘建国\n2. 陈红", MessageKind::Text, false, false),
    ("great job team 👏", MessageKind::Text, false, false),
    ("中秋快乐，阖家幸福！", MessageKind::Text, false, false),
    ("测试环境又挂了，谁动了数据库配置", MessageKind::Text, false, false),
];

fn corpus(n: usize) -> Vec<(String, MessageKind, bool, bool, i64)> {
    let start = 1_717_372_800_000; // 2024-06-03T00:00:00Z
    (0..n)
        .map(|i| {
            let (t, k, l, a) = ROUND[i % ROUND.len()];
            (t.to_string(), k, l, a, start + (i as i64) * 45_000)
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let classifier = Classifier::new(&Lexicon::default());
    let msgs = corpus(10_000);
    let senders: Vec<String> = (0..40).map(|i| format!("member{i}")).collect();
    let mut g = c.benchmark_group("classify");
    g.throughput(Throughput::Elements(msgs.len() as u64));
    g.bench_function("short_messages", |b| {
        b.iter(|| {
            let mut conv = Conversation::new();
            for (i, (text, kind, leader, all, time)) in msgs.iter().enumerate() {
                let input = Input {
                    text,
                    kind: *kind,
                    sender: Some(&senders[i % senders.len()]),
                    sender_is_leader: *leader,
                    mentions_all: *all,
                    mentions: 0,
                    time: *time,
                    offset_secs: 8 * 3600,
                };
                black_box(classifier.classify(black_box(&input), &mut conv));
            }
        })
    });
    g.finish();
    // Normalisation alone (every message's first step), over the same texts: bytes per second.
    let mut g = c.benchmark_group("normalize");
    g.throughput(Throughput::Bytes(msgs.iter().map(|m| m.0.len() as u64).sum()));
    g.bench_function("short_messages", |b| {
        let mut out = String::new();
        b.iter(|| {
            for (text, ..) in &msgs {
                jingjian_text::normalize::normalize_into(black_box(text), &mut out);
                black_box(&out);
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
