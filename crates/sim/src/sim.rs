//! The driver: builds the organisation, then walks the days and, within each day, the groups, generating and
//! writing each group-day's messages and their truth labels before moving on. Memory holds the organisation,
//! one day's cross-post plan and one group-day's events — never the messages written so far.

use crate::calendar::Calendar;
use crate::error::SimError;
use crate::event::EventBuf;
use crate::lexicon::{Lexicon, en, zh};
use crate::org::Org;
use crate::plan::{Delivery, plan_day};
use crate::preset::{Format, Lang, SimConfig};
use crate::rng::{Purpose, stream};
use crate::traffic::{Scratch, Traffic};
use crate::verdict::{GroupStats, Verdict, decide};
use crate::write::jsonl::JsonlWriter;
use crate::write::slack::SlackWriter;
use crate::write::telegram::TelegramWriter;
use crate::write::truth::Truth;
use crate::write::wecom::WecomWriter;
use crate::write::whatsapp::WhatsappWriter;
use crate::write::{Writer, mkdir};
use jingjian_model::Label;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// What a simulation produced: sizes, label counts and verdict counts.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// The preset.
    pub preset: &'static str,
    /// The seed.
    pub seed: u64,
    /// The output format.
    pub format: &'static str,
    /// Copies of the organisation built to reach the requested volume.
    pub replicas: u32,
    /// First local day (YYYY-MM-DD).
    pub first_day: String,
    /// Number of days.
    pub days: u32,
    /// Units.
    pub units: usize,
    /// Members.
    pub members: usize,
    /// Groups.
    pub groups: usize,
    /// Memberships.
    pub memberships: usize,
    /// Most groups any one member is in.
    pub max_groups_per_member: usize,
    /// Mean groups per member.
    pub mean_groups_per_member: f64,
    /// Messages written (every record in the message stream, system ones included).
    pub messages: u64,
    /// Human messages written.
    pub human_messages: u64,
    /// Human messages outside work hours (08:30–12:00, 14:00–17:30 on working days).
    pub after_hours_human: u64,
    /// Messages per truth label.
    pub labels: BTreeMap<&'static str, u64>,
    /// Cross-post clusters.
    pub cross_post_clusters: u64,
    /// Groups per verdict.
    pub verdicts: BTreeMap<&'static str, u64>,
    /// Per-group figures, in group order (for tests and reports; not part of the JSON summary).
    #[serde(skip)]
    pub group_stats: Vec<GroupRow>,
}

/// One group's figures.
#[derive(Debug, Clone)]
pub struct GroupRow {
    /// Group id, as the format names it (the truth's `verdicts.tsv` uses the same).
    pub id: String,
    /// Why the group exists (`unit`, `task`, …).
    pub role: &'static str,
    /// Members.
    pub members: usize,
    /// What the data shows.
    pub stats: GroupStats,
    /// The truth verdict.
    pub verdict: Verdict,
}

fn lexicon(lang: Lang) -> &'static Lexicon {
    match lang {
        Lang::Zh => &zh::LEXICON,
        Lang::En => &en::LEXICON,
    }
}

/// Simulates `cfg` and writes the data in `format` plus `truth/` into `out_dir` (created if missing).
pub fn simulate(cfg: &SimConfig, out_dir: &Path, format: Format) -> Result<Summary, SimError> {
    if cfg.messages == Some(0) {
        return Err(SimError::Config("--messages must be at least 1".into()));
    }
    let mut shape = cfg.preset.shape();
    let (replicas, rate) = cfg.scale();
    if replicas > 100_000 {
        return Err(SimError::Config(format!(
            "{} messages would need {replicas} copies of the {} organisation; ask for fewer",
            cfg.messages.unwrap_or(0),
            cfg.preset.as_str()
        )));
    }
    shape.rate *= rate;
    let cal = Calendar::new(shape.start, shape.days, shape.holidays);
    let org = Org::build(&shape, cfg.seed, replicas, cal.day_start(0));
    mkdir(out_dir)?;
    let mut writer: Box<dyn Writer> = match format {
        Format::Jsonl => Box::new(JsonlWriter::new(out_dir, &org, cfg.seed)?),
        Format::Wecom => Box::new(WecomWriter::new(out_dir, &org, cfg.seed)?),
        Format::Slack => Box::new(SlackWriter::new(out_dir, &org)?),
        Format::Telegram => Box::new(TelegramWriter::new(out_dir, &org, cfg.seed)?),
        Format::Whatsapp => Box::new(WhatsappWriter::new(out_dir, &org)?),
    };
    let mut truth = Truth::new(out_dir)?;
    let lex = lexicon(org.lang);
    let traffic = Traffic { org: &org, cal: &cal, lex, rate: shape.rate };
    let mut stats = vec![GroupStats::default(); org.groups.len()];
    let mut labels = [0u64; 8];
    let (mut messages, mut human, mut after) = (0u64, 0u64, 0u64);
    let mut plan: Vec<Delivery> = Vec::new();
    let mut next_cluster = 0u32;
    let mut buf = EventBuf::default();
    let mut sc = Scratch::default();
    let mut ids: Vec<String> = Vec::new();
    let mut present: Vec<bool> = Vec::new();
    let mut day_clusters: Vec<(u32, String)> = Vec::new();
    let mut clusters_written = 0u64;
    let mut cluster_name = String::new();
    for gi in 0..org.groups.len() as u32 {
        ids.clear();
        writer.preamble(&org, gi, cal.day_start(0), &mut ids)?;
        for id in &ids {
            truth.label(id, Label::System)?;
            messages += 1;
            labels[Label::System as usize] += 1;
        }
    }
    ids.clear();
    for d in 0..cal.days() {
        let info = cal.info(d);
        let day_label = cal.date(d).format("%Y-%m-%d").to_string();
        plan_day(&org, &cal, lex, cfg.seed, d, &info, shape.rate, &mut next_cluster, &mut plan);
        day_clusters.clear();
        let mut pi = 0;
        for gi in 0..org.groups.len() as u32 {
            let start = pi;
            while pi < plan.len() && plan[pi].group == gi {
                pi += 1;
            }
            let mut rng = stream(cfg.seed, Purpose::GroupDay, gi as u64, d as u64);
            buf.clear();
            traffic.group_day(gi, d, &info, &plan[start..pi], &mut rng, &mut buf, &mut sc);
            if buf.is_empty() {
                continue;
            }
            buf.sort();
            let n = buf.len();
            if ids.len() < n {
                ids.resize_with(n, String::new);
            }
            present.clear();
            present.resize(n, false);
            let st = &mut stats[gi as usize];
            let mut today = 0u32;
            for &s in buf.order() {
                let e = buf.get(s);
                if !writer.represents(e) {
                    continue;
                }
                let id = &mut ids[s as usize];
                id.clear();
                writer.id(&org, gi, st.ordinal, e, id);
                st.ordinal += 1;
                present[s as usize] = true;
                let target = e.recall_of.or(e.reply_to).filter(|&r| present[r as usize]);
                let reply = target.map(|r| ids[r as usize].as_str());
                let id = ids[s as usize].as_str();
                writer.message(&org, gi, e, id, reply)?;
                truth.label(id, e.label)?;
                if let Some(c) = e.cluster {
                    day_clusters.push((c, id.to_string()));
                }
                messages += 1;
                today += 1;
                labels[e.label as usize] += 1;
                st.messages += 1;
                if e.label == Label::OffTopic {
                    st.off_topic += 1;
                }
                if e.kind.is_human() && !e.join {
                    human += 1;
                    st.human += 1;
                    st.first_human = Some(st.first_human.map_or(e.time, |t| t.min(e.time)));
                    st.last_human = Some(st.last_human.map_or(e.time, |t| t.max(e.time)));
                    if cal.after_hours(e.time) {
                        after += 1;
                        st.after_hours += 1;
                    }
                }
            }
            if today > 0 {
                st.active_days += 1;
                st.max_day = st.max_day.max(today);
            }
            writer.end_group_day(&org, gi, &day_label)?;
        }
        day_clusters.sort();
        let mut i = 0;
        while i < day_clusters.len() {
            let c = day_clusters[i].0;
            let j = day_clusters[i..].iter().position(|x| x.0 != c).map_or(day_clusters.len(), |k| i + k);
            if j - i >= 2 {
                cluster_name.clear();
                cluster_name.push_str(&format!("x{c}"));
                for (_, id) in &day_clusters[i..j] {
                    truth.cluster(&cluster_name, id)?;
                }
                clusters_written += 1;
            }
            i = j;
        }
    }
    let end = cal.end_ms();
    let mut verdicts = BTreeMap::new();
    let mut rows = Vec::with_capacity(org.groups.len());
    for (gi, g) in org.groups.iter().enumerate() {
        let dec = decide(&org, g, &stats[gi], end);
        let id = writer.group_id(&org, gi as u32);
        let into = dec.merge_into.map(|m| writer.group_id(&org, m)).unwrap_or_default();
        truth.verdict(&id, dec.verdict.as_str(), &into, &dec.reason)?;
        *verdicts.entry(dec.verdict.as_str()).or_insert(0) += 1;
        rows.push(GroupRow {
            id,
            role: g.role.as_str(),
            members: g.members.len(),
            stats: stats[gi].clone(),
            verdict: dec.verdict,
        });
    }
    writer.finish()?;
    truth.finish()?;
    Ok(Summary {
        preset: cfg.preset.as_str(),
        seed: cfg.seed,
        format: format.as_str(),
        replicas,
        first_day: cal.date(0).format("%Y-%m-%d").to_string(),
        days: cal.days(),
        units: org.units.len(),
        members: org.members.len(),
        groups: org.groups.len(),
        memberships: org.memberships(),
        max_groups_per_member: org.member_groups.iter().map(Vec::len).max().unwrap_or(0),
        mean_groups_per_member: org.memberships() as f64 / org.members.len().max(1) as f64,
        messages,
        human_messages: human,
        after_hours_human: after,
        labels: Label::ALL.iter().map(|l| (l.as_str(), labels[*l as usize])).collect(),
        cross_post_clusters: clusters_written,
        verdicts,
        group_stats: rows,
    })
}
