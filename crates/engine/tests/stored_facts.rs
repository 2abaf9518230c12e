//! The planner's facts read from the tables the audit stores (`member_posts`, `cross_post_groups`) equal the same
//! facts computed the long way, joining every message with its label, as for audits stored before those tables.

mod common;

use jingjian_engine::{Config, audit, facts};
use jingjian_sim::{Preset, SimConfig};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stored_plan_facts_equal_the_joined_ones() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = common::simulated_workspace(dir.path(), &SimConfig::new(Preset::Small, 4)).await;
    let config = Config::default();
    let report = audit::run(&mut ws, &config, true).await.unwrap();
    let calendar = jingjian_engine::calendar::WorkCalendar::new(config.zone(), &config.work).unwrap();
    let ctx = audit::session(&ws, &calendar).await.unwrap();
    let share = config.audit.internal_share;
    let (groups, members) = (facts::groups(&ctx, &report, share).await.unwrap(), facts::members(&ctx).await.unwrap());

    assert!(groups.iter().any(|g| !g.traffic.cross_posts.is_empty()), "the small organisation cross-posts");
    assert!(members.iter().any(|m| m.acks > 0 && m.check_ins > 0), "members ack and check in");
    for t in [jingjian_engine::posted::MEMBER_POSTS, jingjian_engine::posted::CROSS_POST_GROUPS] {
        ctx.deregister_table(t).unwrap().expect("the audit stored the table");
    }
    let joined_groups = facts::groups(&ctx, &report, share).await.unwrap();
    let joined_members = facts::members(&ctx).await.unwrap();
    assert_eq!(groups, joined_groups);
    assert_eq!(members, joined_members);
}

/// `audit --json` prints the stored bytes with the timings and version put first: the same document as the report
/// serialised whole, and the stored report reads back as the report.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_printed_report_is_the_stored_one_with_timings_and_version() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = common::simulated_workspace(dir.path(), &SimConfig::new(Preset::Small, 5)).await;
    let report = audit::run(&mut ws, &Config::default(), true).await.unwrap();
    assert!(report.stored_json.is_some() && report.version.is_some() && !report.timings_ms.is_empty());
    let printed: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    // Both read back from text (serde_json's float parsing may differ from the value in the last digit).
    let whole: serde_json::Value = serde_json::from_str(&serde_json::to_string(&report).unwrap()).unwrap();
    assert_eq!(printed, whole);
    let loaded = audit::load(&ws, None).await.unwrap().expect("the audit was stored");
    assert_eq!((loaded.version, loaded.timings_ms.is_empty()), (report.version, true));
    let mut reread: serde_json::Value = serde_json::from_str(&serde_json::to_string(&loaded).unwrap()).unwrap();
    let mut whole = whole;
    for doc in [&mut reread, &mut whole] {
        let fields = doc.as_object_mut().unwrap();
        fields.remove("timings_ms");
        fields.remove("version");
    }
    assert_eq!(reread, whole, "the stored report reads back as the report");
}

/// `run_then` hands over, while the audit is being stored, the facts a command would read from the stored version:
/// the same report, the same planner facts, and the version it becomes. An earlier audit's tables are not in the
/// session handed over.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_the_audit_hands_over_while_storing_is_what_it_stores() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = common::simulated_workspace(dir.path(), &SimConfig::new(Preset::Small, 6)).await;
    let config = Config::default();
    let share = config.audit.internal_share;
    // An audit stored before: the second one's handover must not read its tables.
    audit::run(&mut ws, &config, true).await.unwrap();
    let (report, (handed, version, groups, members, stale)) = audit::run_then(&mut ws, &config, async |a| {
        let groups = facts::groups(&a.ctx, a.report, share).await.unwrap();
        let members = facts::members(&a.ctx).await.unwrap();
        let stale = a.ctx.table_exist("labels").unwrap() || a.ctx.table_exist("audit_report").unwrap();
        (a.report.clone(), a.version, groups, members, stale)
    })
    .await
    .unwrap();
    assert_eq!(Some(version), report.version, "handed the version it was stored as");
    assert_eq!(ws.latest().version, version);
    assert!(!stale, "the earlier audit's tables are not in the session handed over");
    let loaded = audit::load(&ws, None).await.unwrap().expect("stored");
    let as_json = |r: &audit::AuditReport| {
        let mut v: serde_json::Value = serde_json::from_str(&serde_json::to_string(r).unwrap()).unwrap();
        let fields = v.as_object_mut().unwrap();
        fields.remove("timings_ms");
        fields.remove("version");
        v
    };
    assert_eq!(as_json(&handed), as_json(&loaded), "the report handed over is the one stored");
    let calendar = jingjian_engine::calendar::WorkCalendar::new(config.zone(), &config.work).unwrap();
    let ctx = audit::session(&ws, &calendar).await.unwrap();
    assert!(members.iter().any(|m| m.acks > 0) && groups.iter().any(|g| !g.traffic.cross_posts.is_empty()));
    assert_eq!(groups, facts::groups(&ctx, &loaded, share).await.unwrap());
    assert_eq!(members, facts::members(&ctx).await.unwrap());
}
