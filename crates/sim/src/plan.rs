//! The day's cross-posts, planned organisation-wide before any group's traffic: a notice posted in the
//! district-wide group is relayed by town leaders into their town groups and by village secretaries into their
//! village groups (上面千条线，下面一根针), with 【转发】 prefixes, added exhortations, small edits and the odd
//! Traditional-script copy; a unit's notice is copied into its nested core or duplicate group; an ad is
//! posted into several of one person's groups. Each planned copy is delivered to its group's generator.

use crate::calendar::{Calendar, DAY_MS, DayInfo, MINUTE_MS};
use crate::grammar::{Ctx, expand, expand_one};
use crate::lexicon::{Lexicon, NoticeKind, trad};
use crate::org::{Org, Role};
use crate::preset::Lang;
use crate::rng::{Purpose, SimRng, pick, poisson, stream};
use crate::traffic::work_time;
use jingjian_model::{Label, Millis};
use rand::Rng;

/// One planned copy of a cross-posted message.
#[derive(Debug, Clone)]
pub struct Delivery {
    /// Target group index.
    pub group: u32,
    /// When it is posted.
    pub time: Millis,
    /// Who posts it.
    pub sender: u32,
    /// Its text (with any relay prefix and the @all marker).
    pub text: String,
    /// What the notice asks (decides the replies).
    pub kind: NoticeKind,
    /// Mentions everyone.
    pub mentions_all: bool,
    /// Cluster id shared by the copies; `None` when no copy was made after all.
    pub cluster: Option<u32>,
    /// Relayed (not the first copy).
    pub forwarded: bool,
    /// The truth label (important for notices, off_topic for ads).
    pub label: Label,
}

/// Plans day `d`'s cross-posts for every replica into `out` (sorted by group, then time). Cluster ids are
/// numbered from `*next_cluster`.
#[allow(clippy::too_many_arguments)]
pub fn plan_day(
    org: &Org,
    cal: &Calendar,
    lex: &'static Lexicon,
    seed: u64,
    d: u32,
    info: &DayInfo,
    rate: f64,
    next_cluster: &mut u32,
    out: &mut Vec<Delivery>,
) {
    out.clear();
    let day0 = cal.day_start(d);
    let f = if info.workday { 1.0 } else { 0.08 } * rate;
    for (r, st) in org.structure.iter().enumerate() {
        let mut rng = stream(seed, Purpose::DayPlan, r as u64, d as u64);
        let p = Planner { org, lex, info, day0, rng: &mut rng };
        p.run(st, f, rate, next_cluster, out);
    }
    out.sort_by_key(|x| (x.group, x.time));
}

struct Planner<'a, 'r> {
    org: &'a Org,
    lex: &'static Lexicon,
    info: &'a DayInfo,
    day0: Millis,
    rng: &'r mut SimRng,
}

impl Planner<'_, '_> {
    fn alive(&self, g: u32, t: Millis) -> bool {
        let g = &self.org.groups[g as usize];
        g.created <= t && !matches!(g.role, Role::Abandoned | Role::Empty)
    }

    fn end(&self) -> Millis {
        self.day0 + DAY_MS - MINUTE_MS
    }

    fn ctx<'x>(&'x mut self, g: u32, sender: u32) -> Ctx<'x> {
        let org = self.org;
        let grp = &org.groups[g as usize];
        let m = &org.members[sender as usize];
        let place = self.rng.random_range(0..org.units.len());
        Ctx {
            rng: self.rng,
            month: self.info.month,
            day: self.info.day,
            task: grp.task,
            unit: &org.units[m.unit].short,
            name: &m.name,
            place: &org.units[place].short,
            leader: &org.members[grp.leaders[0] as usize].address,
            festival: 0,
        }
    }

    /// The original notice text (without the @all marker) and whether it mentions everyone.
    fn original(&mut self, g: u32, sender: u32, kind: NoticeKind, body: &mut String) -> bool {
        let lex = self.lex;
        let mut ctx = self.ctx(g, sender);
        expand_one(lex.notices[kind as usize], &mut ctx, body, lex.slots);
        self.rng.random_bool(0.6)
    }

    /// A relayed copy of `body` by `sender` into `g`.
    fn relay(&mut self, g: u32, sender: u32, body: &str) -> (String, bool) {
        let lex = self.lex;
        let (pre, suf) = *pick(self.rng, lex.relays);
        let at_all = self.rng.random_bool(0.45);
        let mut s = String::with_capacity(body.len() + 64);
        if at_all {
            s.push_str(lex.at_all);
        }
        {
            let mut ctx = self.ctx(g, sender);
            expand(pre, &mut ctx, &mut s, lex.slots);
        }
        let edit = self.rng.random_range(0..100);
        match (self.org.lang, edit) {
            (Lang::Zh, 0..=6) => trad::to_traditional(body, &mut s),
            (Lang::Zh, 7..=16) => s.push_str(&body.replacen("请", "烦请", 1)),
            (Lang::Zh, 17..=24) => s.push_str(body.trim_end_matches(['。', '！', '!'])),
            (Lang::En, 0..=9) => s.push_str(&body.replacen("Please", "Kindly", 1)),
            _ => s.push_str(body),
        }
        {
            let mut ctx = self.ctx(g, sender);
            expand(suf, &mut ctx, &mut s, lex.slots);
        }
        (s, at_all)
    }

    fn kind(&mut self) -> NoticeKind {
        *pick(
            self.rng,
            &[
                NoticeKind::Submit,
                NoticeKind::Submit,
                NoticeKind::Meeting,
                NoticeKind::Photo,
                NoticeKind::Photo,
                NoticeKind::Chain,
                NoticeKind::Duty,
                NoticeKind::Study,
                NoticeKind::Hazard,
            ],
        )
    }

    fn later(&mut self, t: Millis, lo: i64, hi: i64) -> Millis {
        (t + self.rng.random_range(lo..hi) * MINUTE_MS + self.rng.random_range(0..60_000)).min(self.end())
    }

    fn leader(&mut self, g: u32) -> u32 {
        *pick(self.rng, &self.org.groups[g as usize].leaders)
    }

    /// Posts an original into `origin` and relays into `targets` (group, sender, time), as one cluster if at
    /// least one copy lands in another group.
    #[allow(clippy::too_many_arguments)]
    fn emit(
        &mut self,
        origin: u32,
        sender: u32,
        t: Millis,
        kind: NoticeKind,
        body: &str,
        at_all: bool,
        targets: &[(u32, u32, Millis)],
        next_cluster: &mut u32,
        out: &mut Vec<Delivery>,
    ) {
        let copies: Vec<&(u32, u32, Millis)> = targets.iter().filter(|x| x.0 != origin).collect();
        let cluster = if copies.is_empty() {
            None
        } else {
            *next_cluster += 1;
            Some(*next_cluster - 1)
        };
        let mut text = String::with_capacity(body.len() + 16);
        if at_all {
            text.push_str(self.lex.at_all);
        }
        text.push_str(body);
        out.push(Delivery {
            group: origin,
            time: t,
            sender,
            text,
            kind,
            mentions_all: at_all,
            cluster,
            forwarded: false,
            label: Label::Important,
        });
        for &&(g, s, at) in &copies {
            let (text, all) = if s == sender && self.rng.random_bool(0.5) {
                (out.last().expect("just pushed").text.clone(), at_all)
            } else {
                self.relay(g, s, body)
            };
            out.push(Delivery {
                group: g,
                time: at,
                sender: s,
                text,
                kind,
                mentions_all: all,
                cluster,
                forwarded: true,
                label: Label::Important,
            });
        }
    }

    fn run(mut self, st: &crate::org::Structure, f: f64, rate: f64, next_cluster: &mut u32, out: &mut Vec<Delivery>) {
        let org = self.org;
        let mut targets = Vec::new();
        let mut body = String::new();
        // District-level notices relayed down the hierarchy.
        for _ in 0..poisson(self.rng, 1.6 * f) {
            let liaison: Vec<u32> = st.dept_liaison.iter().flatten().copied().collect();
            let (origin, dept_group) = if liaison.is_empty() || self.rng.random_bool(0.5) {
                (st.root_group, None)
            } else {
                let i = self.rng.random_range(0..liaison.len());
                (liaison[i], st.dept_groups.get(i).copied())
            };
            let sender = if origin == st.root_group {
                let members = &org.groups[origin as usize].members;
                let top = org.groups[origin as usize].leaders.len().max(3).min(members.len());
                *pick(self.rng, &members[..top])
            } else {
                let unit = org.groups[origin as usize].unit;
                *pick(self.rng, &org.units[unit].members)
            };
            let t = work_time(self.rng, self.day0, self.info.workday).min(self.end() - 6 * 3_600_000);
            let kind = self.kind();
            body.clear();
            let at_all = self.original(origin, sender, kind, &mut body);
            targets.clear();
            for (tug, tbg, vgs) in &st.towns {
                let mut relayed = false;
                if self.rng.random_bool(0.55) && self.alive(*tbg, t) {
                    let s = self.leader(*tbg);
                    let at = self.later(t, 10, 120);
                    targets.push((*tbg, s, at));
                    relayed = true;
                }
                if self.rng.random_bool(0.2) && self.alive(*tug, t) {
                    let s = self.leader(*tug);
                    let at = self.later(t, 10, 150);
                    targets.push((*tug, s, at));
                }
                if relayed {
                    for &vg in vgs {
                        if self.rng.random_bool(0.12) {
                            let s = self.leader(vg);
                            let at = self.later(t, 40, 300);
                            targets.push((vg, s, at));
                        }
                    }
                }
            }
            if let Some(dg) = dept_group
                && self.rng.random_bool(0.35)
            {
                let at = self.later(t, 2, 30);
                targets.push((dg, sender, at));
            }
            let tg = std::mem::take(&mut targets);
            self.emit(origin, sender, t, kind, &body.clone(), at_all, &tg, next_cluster, out);
            targets = tg;
        }
        // Town-level notices relayed to villages.
        for (tug, tbg, vgs) in &st.towns {
            for _ in 0..poisson(self.rng, 0.6 * f) {
                let unit = org.groups[*tbg as usize].unit;
                let sender = *pick(self.rng, &org.units[unit].members);
                let t = work_time(self.rng, self.day0, self.info.workday).min(self.end() - 6 * 3_600_000);
                let kind = self.kind();
                body.clear();
                let at_all = self.original(*tbg, sender, kind, &mut body);
                targets.clear();
                if self.rng.random_bool(0.3) {
                    let at = self.later(t, 1, 30);
                    targets.push((*tug, sender, at));
                }
                for &vg in vgs {
                    if self.rng.random_bool(0.1) {
                        let s = self.leader(vg);
                        let at = self.later(t, 20, 240);
                        targets.push((vg, s, at));
                    }
                }
                let tg = std::mem::take(&mut targets);
                self.emit(*tbg, sender, t, kind, &body.clone(), at_all, &tg, next_cluster, out);
                targets = tg;
            }
        }
        // A unit's notice copied into its nested core group or its duplicate.
        for &(of, g) in &st.shadows {
            let gd = &org.groups[g as usize];
            if !self.alive(g, self.day0) {
                continue;
            }
            for _ in 0..poisson(self.rng, 0.15 * f) {
                let sender = self.leader(of);
                if !gd.members.contains(&sender) {
                    continue;
                }
                let t = work_time(self.rng, self.day0, self.info.workday).min(self.end() - 3_600_000);
                let kind = self.kind();
                body.clear();
                let at_all = self.original(of, sender, kind, &mut body);
                let at = self.later(t, 1, 20);
                self.emit(of, sender, t, kind, &body.clone(), at_all, &[(g, sender, at)], next_cluster, out);
            }
        }
        // An ad or vote link posted into several of one person's groups.
        for _ in 0..poisson(self.rng, 0.3 * rate) {
            let m = self.rng.random_range(0..org.members.len()) as u32;
            let gs: Vec<u32> = org.member_groups[m as usize]
                .iter()
                .copied()
                .filter(|&g| {
                    let gr = &org.groups[g as usize];
                    gr.replica as usize == org.groups[st.root_group as usize].replica as usize
                        && matches!(gr.role, Role::Unit | Role::Broadcast | Role::Chat | Role::Duplicate { .. })
                        && gr.created < self.day0
                })
                .collect();
            if gs.len() < 2 {
                continue;
            }
            let n = self.rng.random_range(2..=gs.len().min(4));
            let mut text = String::new();
            {
                let lex = self.lex;
                let mut ctx = self.ctx(gs[0], m);
                // Only the link-bearing openers: the first three of every off-topic list are shopping/vote links.
                expand_one(&lex.off_topic[..3], &mut ctx, &mut text, lex.slots);
            }
            let minute = self.rng.random_range(7 * 60..22 * 60);
            let t = self.day0 + minute * MINUTE_MS;
            let cluster = Some(*next_cluster);
            *next_cluster += 1;
            for (i, &g) in gs.iter().take(n).enumerate() {
                out.push(Delivery {
                    group: g,
                    time: (t + i as Millis * 45_000).min(self.end()),
                    sender: m,
                    text: text.clone(),
                    kind: NoticeKind::Submit,
                    mentions_all: false,
                    cluster,
                    forwarded: i > 0,
                    label: Label::OffTopic,
                });
            }
        }
    }
}
