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

/// The members' and groups' memberships, grouped in memory from one flat read, equal what the aggregating queries
/// (`array_agg(DISTINCT …)` per member and per group) give: the same members in the same order, each with the same
/// groups, and every group with the same members.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn memberships_grouped_in_memory_equal_the_aggregating_queries() {
    use datafusion::arrow::array::{Array, AsArray};
    use datafusion::arrow::compute::cast;
    use datafusion::arrow::datatypes::DataType;
    let dir = tempfile::tempdir().unwrap();
    let sim = dir.path().join("sim");
    jingjian_sim::simulate(&SimConfig::new(Preset::Small, 7), &sim, jingjian_sim::Format::Jsonl).unwrap();
    // A bot in a group, and a member who has left the only group they were in: neither is anyone's burden.
    let group = std::fs::read_to_string(sim.join("workspace.jsonl"))
        .unwrap()
        .lines()
        .find_map(|l| {
            let record: serde_json::Value = serde_json::from_str(l).unwrap();
            (record["type"] == "group").then(|| record["id"].as_str().unwrap().to_owned())
        })
        .expect("a group");
    let extra = format!(
        r#"{{"type":"member","source":"jsonl","id":"robot","name":"机器人","bot":true}}
{{"type":"membership","source":"jsonl","group":"{group}","member":"robot"}}
{{"type":"member","source":"jsonl","id":"gone","name":"已离开"}}
{{"type":"membership","source":"jsonl","group":"{group}","member":"gone","left":"2024-01-02T00:00:00Z"}}
"#
    );
    let mut file = std::fs::OpenOptions::new().append(true).open(sim.join("workspace.jsonl")).unwrap();
    std::io::Write::write_all(&mut file, extra.as_bytes()).unwrap();
    let mut ws = common::imported(&dir.path().join("ws"), &sim.join("workspace.jsonl")).await;
    let config = Config::default();
    let report = audit::run(&mut ws, &config, true).await.unwrap();
    let calendar = jingjian_engine::calendar::WorkCalendar::new(config.zone(), &config.work).unwrap();
    let ctx = audit::session(&ws, &calendar).await.unwrap();
    // Every row of a query, its cells as optional texts.
    let query = async |sql: &str| -> Vec<Vec<Option<String>>> {
        let mut rows = Vec::new();
        for b in ctx.sql(sql).await.unwrap().collect().await.unwrap() {
            let cols: Vec<_> = b.columns().iter().map(|c| cast(c, &DataType::Utf8).unwrap()).collect();
            for i in 0..b.num_rows() {
                let cell = |c: &datafusion::arrow::array::ArrayRef| {
                    let c = c.as_string::<i32>();
                    (!c.is_null(i)).then(|| c.value(i).to_owned())
                };
                rows.push(cols.iter().map(cell).collect());
            }
        }
        rows
    };
    let split = |s: &Option<String>| {
        let mut v: Vec<String> =
            s.clone().unwrap_or_default().split('\u{1f}').filter(|s| !s.is_empty()).map(str::to_owned).collect();
        v.sort();
        v
    };
    let by_member = query(
        "SELECT mb.id, mb.name, mb.unit, array_to_string(array_agg(DISTINCT ms.group_id), '\u{1f}') AS gs
         FROM members mb JOIN memberships ms ON ms.source = mb.source AND ms.member = mb.id AND ms.\"left\" IS NULL
         WHERE NOT mb.bot GROUP BY mb.source, mb.id, mb.name, mb.unit ORDER BY mb.source, mb.id",
    )
    .await;
    let expected: Vec<_> =
        by_member.iter().map(|r| (r[0].clone().unwrap(), r[1].clone(), r[2].clone(), split(&r[3]))).collect();
    let members = facts::members(&ctx).await.unwrap();
    let got: Vec<_> =
        members.iter().map(|m| (m.id.clone(), m.name.clone(), m.unit.clone(), m.groups.clone())).collect();
    assert!(got.len() > 20 && got.iter().any(|m| m.3.len() > 1), "members in several groups");
    let all_members = query("SELECT count(*) AS n FROM members").await[0][0].clone().unwrap();
    assert!(all_members.parse::<usize>().unwrap() > got.len(), "bots and members in no group now are left out");
    assert!(!got.iter().any(|m| m.0 == "robot" || m.0 == "gone"));
    assert!(expected.iter().any(|m| m.0 != "robot"), "the queries read the members");
    assert_eq!(got, expected);

    let by_group = query(
        "SELECT group_id, array_to_string(array_agg(DISTINCT member), '\u{1f}') AS ms FROM memberships
         WHERE \"left\" IS NULL GROUP BY source, group_id",
    )
    .await;
    let expected: std::collections::HashMap<String, Vec<String>> =
        by_group.iter().map(|r| (r[0].clone().unwrap(), split(&r[1]))).collect();
    let groups = facts::groups(&ctx, &report, config.audit.internal_share).await.unwrap();
    assert!(groups.len() > 10);
    for g in &groups {
        assert_eq!(&g.members, expected.get(&g.id).unwrap_or(&Vec::new()), "{}", g.id);
    }
}
