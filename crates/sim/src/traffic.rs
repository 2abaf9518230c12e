//! One group's traffic on one day: episodes (a notice and the 收到 chain, photos and 接龙 it triggers; a
//! leader's post and its praise chain; a discussion thread; morning greetings and festival wishes; ads and
//! chit-chat; emergencies after hours) drawn from the group's rates and the day's kind, plus the copies of
//! cross-posted notices the day's plan delivers to the group.

use crate::calendar::{Calendar, DAY_MS, DayInfo, MINUTE_MS};
use crate::event::EventBuf;
use crate::grammar::{Ctx, expand_one};
use crate::lexicon::{Lexicon, NoticeKind};
use crate::org::{Group, Org, Role};
use crate::plan::Delivery;
use crate::preset::Lang;
use crate::rng::{SimRng, binomial, exp, pick, poisson, sample_indexes};
use jingjian_model::{Label, MessageKind, Millis};
use rand::Rng;

/// Generates group-days for one organisation.
pub struct Traffic<'a> {
    /// The organisation.
    pub org: &'a Org,
    /// Its calendar.
    pub cal: &'a Calendar,
    /// Its language's lexicon.
    pub lex: &'static Lexicon,
    /// Multiplier on episode rates.
    pub rate: f64,
}

/// Scratch space reused between group-days.
#[derive(Default)]
pub struct Scratch {
    idx: Vec<usize>,
    text: String,
    acc: String,
}

impl<'a> Traffic<'a> {
    /// A context for a sentence said by `sender` in group `g`.
    pub fn ctx<'r>(&self, rng: &'r mut SimRng, g: &'a Group, sender: u32, info: &DayInfo) -> Ctx<'r>
    where
        'a: 'r,
    {
        let m = &self.org.members[sender as usize];
        let unit = &self.org.units[m.unit].short;
        let place_unit = rng.random_range(0..self.org.units.len());
        let leader = &self.org.members[g.leaders[0] as usize].address;
        Ctx {
            rng,
            month: info.month,
            day: info.day,
            task: g.task,
            unit,
            name: &m.name,
            place: &self.org.units[place_unit].short,
            leader,
            festival: info.festival.map(|f| f.name).unwrap_or(0),
        }
    }

    /// Appends one sentence from `tpls`, said by `sender` in `g`, to `out`.
    pub fn say(&self, rng: &mut SimRng, g: &'a Group, sender: u32, info: &DayInfo, tpls: &[&str], out: &mut String) {
        let mut ctx = self.ctx(rng, g, sender, info);
        expand_one(tpls, &mut ctx, out, self.lex.slots);
    }

    /// How active the group is on day `d` for work episodes (0 = not at all).
    fn activity(&self, g: &Group, d: u32, info: &DayInfo) -> f64 {
        if d < g.active.0 || d >= g.active.1 {
            return 0.0;
        }
        let mut a = if info.workday { 1.0 } else { 0.1 };
        match g.role {
            Role::Task => {
                let len = (g.active.1 - g.active.0).max(1) as f64;
                let pos = (d - g.active.0) as f64 / len;
                a *= if pos < 0.15 {
                    1.4
                } else if pos > 0.8 {
                    0.5
                } else {
                    1.0
                };
            }
            Role::Purposeful if self.org.lang == Lang::Zh => {
                a *= match info.month {
                    6..=9 => 2.2,
                    4 | 5 | 10 => 0.8,
                    _ => 0.25,
                };
            }
            _ => {}
        }
        a
    }

    /// Generates group `gi`'s events on day `d` into `buf` (not yet sorted).
    #[allow(clippy::too_many_arguments)]
    pub fn group_day(
        &self,
        gi: u32,
        d: u32,
        info: &DayInfo,
        deliveries: &[Delivery],
        rng: &mut SimRng,
        buf: &mut EventBuf,
        sc: &mut Scratch,
    ) {
        let g = &self.org.groups[gi as usize];
        let day0 = self.cal.day_start(d);
        let day_end = day0 + DAY_MS - MINUTE_MS;
        if g.created >= day0 && g.created < day0 + DAY_MS {
            self.creation(g, g.created.min(day_end), buf, sc);
        }
        match g.role {
            Role::Abandoned | Role::Empty => {
                self.sparse(g, d, info, day0, rng, buf, sc);
                return;
            }
            _ => {}
        }
        for dl in deliveries {
            if dl.label == Label::Important {
                self.notice(g, info, dl.time, dl.sender, Some(dl), dl.kind, rng, buf, sc);
            } else {
                let e = buf.push(dl.time, Some(dl.sender), MessageKind::Text, dl.label);
                e.text.push_str(&dl.text);
                e.cluster = dl.cluster;
                e.forwarded = dl.forwarded;
            }
        }
        let act = self.activity(g, d, info) * self.rate;
        if g.role == Role::Task && d >= g.active.1 && d < g.active.1 + 10 && rng.random_bool(0.08 * self.rate.min(1.0))
        {
            // Someone asks whether the finished task group is still needed.
            let s = *pick(rng, &g.members);
            let t = work_time(rng, day0, info.workday);
            let e = buf.push(t, Some(s), MessageKind::Text, Label::Discussion);
            self.say(rng, g, s, info, self.lex.stray, &mut e.text);
        }
        if act <= 0.0 && !matches!(g.role, Role::Chat) {
            self.recalls(g, rng, buf);
            return;
        }
        let n = poisson(rng, g.rates.notice * act);
        for _ in 0..n {
            let sender = self.notice_sender(g, rng);
            let kind = notice_kind(rng, g.role);
            let t = work_time(rng, day0, info.workday).min(day_end);
            self.notice(g, info, t, sender, None, kind, rng, buf, sc);
        }
        for _ in 0..poisson(rng, g.rates.discussion * act) {
            let t = work_time(rng, day0, info.workday).min(day_end);
            self.discussion(g, info, t, rng, buf, sc);
        }
        for _ in 0..poisson(rng, g.rates.leader * act) {
            let t = work_time(rng, day0, info.workday).min(day_end);
            self.leader_post(g, info, t, rng, buf, sc);
        }
        let live = d >= g.active.0 && (d < g.active.1 || matches!(g.role, Role::Chat));
        if live {
            self.greetings(g, d, info, day0, rng, buf, sc);
            let off_act = if info.workday { 1.0 } else { 0.5 } * self.rate;
            for _ in 0..poisson(rng, g.rates.off * off_act) {
                self.off_topic(g, info, day0, rng, buf);
            }
        }
        if g.role == Role::Purposeful || (g.role == Role::Unit && rng.random_bool(0.003)) {
            let lambda = match (self.org.lang, g.role) {
                (Lang::Zh, Role::Purposeful) if (6..=9).contains(&info.month) => 0.22,
                (Lang::Zh, Role::Purposeful) => 0.01,
                (Lang::En, Role::Purposeful) => 0.12,
                _ => 1.0,
            };
            for _ in 0..poisson(rng, lambda * self.rate.min(1.0)) {
                self.emergency(g, info, day0, rng, buf, sc);
            }
        }
        if self.org.lang == Lang::En && info.workday && matches!(g.role, Role::Unit | Role::Purposeful | Role::Task) {
            for _ in 0..poisson(rng, 0.25 * act) {
                let t = work_time(rng, day0, true).min(day_end);
                let e = buf.push(t, None, MessageKind::Bot, Label::System);
                let (bot, tpl) = *pick(rng, BOTS);
                e.bot = Some(bot);
                let s = g.members[0];
                self.say(rng, g, s, info, &[tpl], &mut e.text);
            }
        }
        self.recalls(g, rng, buf);
    }

    fn creation(&self, g: &Group, t: Millis, buf: &mut EventBuf, sc: &mut Scratch) {
        match self.org.lang {
            Lang::Zh => {
                let e = buf.push(t, Some(g.owner), MessageKind::System, Label::System);
                e.join = true;
                let owner = &self.org.members[g.owner as usize].name;
                sc.text.clear();
                let others: Vec<&str> = g
                    .members
                    .iter()
                    .filter(|&&m| m != g.owner)
                    .take(3)
                    .map(|&m| self.org.members[m as usize].name.as_str())
                    .collect();
                e.text.push('"');
                e.text.push_str(owner);
                e.text.push_str("\"邀请\"");
                e.text.push_str(&others.join("、"));
                e.text.push('"');
                if g.members.len() > 4 {
                    e.text.push_str(&format!("等{}人", g.members.len() - 1));
                }
                e.text.push_str("加入了群聊");
            }
            Lang::En => {
                for (i, &m) in g.members.iter().enumerate() {
                    let e = buf.push(t + i as Millis * 1000, Some(m), MessageKind::System, Label::System);
                    e.join = true;
                    e.text.push_str("<@");
                    e.text.push_str(&self.org.members[m as usize].id);
                    e.text.push_str("> has joined the channel");
                }
            }
        }
    }

    /// Abandoned and empty groups: a handful of messages in the first days, then nothing.
    #[allow(clippy::too_many_arguments)]
    fn sparse(
        &self,
        g: &'a Group,
        d: u32,
        info: &DayInfo,
        day0: Millis,
        rng: &mut SimRng,
        buf: &mut EventBuf,
        _sc: &mut Scratch,
    ) {
        if d < g.active.0 || d >= g.active.1 {
            return;
        }
        let span = (g.active.1 - g.active.0).max(1);
        let i = d - g.active.0;
        let n = g.budget * (i + 1) / span - g.budget * i / span;
        for k in 0..n {
            let s = *pick(rng, &g.members);
            let t = (g.created.max(day0) + (k as Millis + 1) * 7 * MINUTE_MS).min(day0 + DAY_MS - MINUTE_MS);
            let (label, tpls) = match k % 3 {
                0 => (Label::Discussion, self.lex.statements),
                1 => (Label::Greeting, self.lex.morning),
                _ => (Label::Discussion, self.lex.questions),
            };
            let e = buf.push(t, Some(s), MessageKind::Text, label);
            self.say(rng, g, s, info, tpls, &mut e.text);
        }
    }

    fn notice_sender(&self, g: &Group, rng: &mut SimRng) -> u32 {
        if rng.random_bool(0.55) {
            *pick(rng, &g.leaders)
        } else {
            // Office staff of the owning unit post most routine notices.
            let staff = &self.org.units[g.unit].members;
            let s = *pick(rng, staff);
            if g.members.contains(&s) { s } else { g.owner }
        }
    }

    /// A notice and what follows it: acks or a 接龙 chain, photo proof, a question.
    #[allow(clippy::too_many_arguments)]
    fn notice(
        &self,
        g: &'a Group,
        info: &DayInfo,
        t: Millis,
        sender: u32,
        delivered: Option<&Delivery>,
        kind: NoticeKind,
        rng: &mut SimRng,
        buf: &mut EventBuf,
        sc: &mut Scratch,
    ) {
        let day_end = self.cal.day_start(0) + ((t - self.cal.day_start(0)) / DAY_MS + 1) * DAY_MS - MINUTE_MS;
        let seq;
        let ask_reply;
        {
            let e = buf.push(t, Some(sender), MessageKind::Text, Label::Important);
            match delivered {
                Some(dl) => {
                    e.text.push_str(&dl.text);
                    e.mentions_all = dl.mentions_all;
                    e.cluster = dl.cluster;
                    e.forwarded = dl.forwarded;
                }
                None => {
                    e.mentions_all = rng.random_bool(0.55);
                    if e.mentions_all {
                        e.text.push_str(self.lex.at_all);
                    }
                    self.say(rng, g, sender, info, self.lex.notices[kind as usize], &mut e.text);
                }
            }
            if rng.random_bool(0.15) {
                e.kind = MessageKind::File;
            }
            ask_reply = e.text.contains("收到请回复") || e.text.contains("請回復") || e.mentions_all;
            seq = e.seq;
        }
        let n = g.members.len().saturating_sub(1);
        let p_ack = (g.rates.ack * if ask_reply { 1.15 } else { 0.8 }).min(0.95);
        if kind == NoticeKind::Chain {
            let k = (binomial(rng, n as u32, p_ack) as usize).min(40);
            sample_indexes(rng, g.members.len(), k + 1, &mut sc.idx);
            let first = g.members[sc.idx[0]];
            sc.acc.clear();
            {
                let mut ctx = self.ctx(rng, g, first, info);
                expand_one(self.lex.chain_header, &mut ctx, &mut sc.acc, self.lex.slots);
            }
            sc.acc.push('\n');
            let mut at = t;
            let mut line = 0;
            for i in 0..sc.idx.len() {
                let m = g.members[sc.idx[i]];
                if m == sender {
                    continue;
                }
                line += 1;
                at = (at + (exp(rng, 6.0) * MINUTE_MS as f64) as Millis + 20_000).min(day_end);
                sc.acc.push('\n');
                sc.acc.push_str(&line.to_string());
                sc.acc.push_str(". ");
                {
                    let mut ctx = self.ctx(rng, g, m, info);
                    expand_one(self.lex.chain_line, &mut ctx, &mut sc.acc, self.lex.slots);
                }
                let e = buf.push(at, Some(m), MessageKind::Text, Label::Ack);
                e.text.push_str(&sc.acc);
            }
        } else {
            let k = (binomial(rng, n as u32, p_ack) as usize).min(80);
            sample_indexes(rng, g.members.len(), k + 1, &mut sc.idx);
            let mut count = 0;
            for i in 0..sc.idx.len() {
                let m = g.members[sc.idx[i]];
                if m == sender || count == k {
                    continue;
                }
                count += 1;
                let at = (t + (exp(rng, 8.0) * MINUTE_MS as f64) as Millis + 15_000).min(day_end);
                let kind = if rng.random_bool(0.05) { MessageKind::Sticker } else { MessageKind::Text };
                let e = buf.push(at, Some(m), kind, Label::Ack);
                if kind == MessageKind::Text {
                    self.say(rng, g, m, info, self.lex.acks, &mut e.text);
                }
            }
        }
        let proof = match kind {
            NoticeKind::Photo => 0.4,
            NoticeKind::Study | NoticeKind::Hazard => 0.2,
            NoticeKind::Emergency => 0.35,
            _ => 0.0,
        };
        if proof > 0.0 {
            let pool = g.members.len().saturating_sub(g.leaders.len());
            let m = (binomial(rng, pool as u32, proof) as usize).min(25);
            sample_indexes(rng, pool, m, &mut sc.idx);
            let mean = if kind == NoticeKind::Emergency { 40.0 } else { 150.0 };
            for i in 0..sc.idx.len() {
                let who = g.members[g.leaders.len() + sc.idx[i]];
                let mut at = (t + (exp(rng, mean) * MINUTE_MS as f64) as Millis + 5 * MINUTE_MS).min(day_end);
                for _ in 0..*pick(rng, &[1, 1, 1, 2, 2, 3]) {
                    let e = buf.push(at, Some(who), MessageKind::Image, Label::ProofOfWork);
                    e.text.clear();
                    at += rng.random_range(2_000..20_000);
                }
                if rng.random_bool(0.75) {
                    let e = buf.push(at.min(day_end), Some(who), MessageKind::Text, Label::ProofOfWork);
                    self.say(rng, g, who, info, self.lex.proof, &mut e.text);
                }
            }
        }
        if matches!(kind, NoticeKind::Submit | NoticeKind::Emergency) && rng.random_bool(0.3) && g.members.len() > 2 {
            let q = *pick(rng, &g.members);
            if q != sender {
                let at = (t + (exp(rng, 20.0) * MINUTE_MS as f64) as Millis + MINUTE_MS).min(day_end);
                let qs = {
                    let e = buf.push(at, Some(q), MessageKind::Text, Label::Discussion);
                    e.reply_to = Some(seq);
                    self.say(rng, g, q, info, self.lex.questions, &mut e.text);
                    e.seq
                };
                let at2 = (at + (exp(rng, 10.0) * MINUTE_MS as f64) as Millis + 30_000).min(day_end);
                let e = buf.push(at2, Some(sender), MessageKind::Text, Label::Discussion);
                e.reply_to = Some(qs);
                let mut ctx = self.ctx(rng, g, sender, info);
                expand_one(self.lex.answers, &mut ctx, &mut e.text, self.lex.slots);
            }
        }
    }

    fn discussion(
        &self,
        g: &'a Group,
        info: &DayInfo,
        t: Millis,
        rng: &mut SimRng,
        buf: &mut EventBuf,
        sc: &mut Scratch,
    ) {
        let day_end = t - (t - self.cal.day_start(0)).rem_euclid(DAY_MS) + DAY_MS - MINUTE_MS;
        let k = rng.random_range(2..=4usize).min(g.members.len());
        sample_indexes(rng, g.members.len(), k, &mut sc.idx);
        if sc.idx.is_empty() {
            return;
        }
        let turns = rng.random_range(2..=7);
        let mut at = t;
        let mut root = None;
        for i in 0..turns {
            let who = g.members[sc.idx[i % sc.idx.len()]];
            let tpls = match (i, rng.random_bool(0.5)) {
                (0, true) => self.lex.questions,
                (0, false) => self.lex.statements,
                (1, _) => self.lex.answers,
                (_, true) => self.lex.statements,
                (_, false) => self.lex.answers,
            };
            let e = buf.push(at.min(day_end), Some(who), MessageKind::Text, Label::Discussion);
            e.reply_to = root;
            if i == 0 {
                root = Some(e.seq);
            }
            let mut ctx = self.ctx(rng, g, who, info);
            expand_one(tpls, &mut ctx, &mut e.text, self.lex.slots);
            at += (exp(rng, 5.0) * MINUTE_MS as f64) as Millis + 20_000;
        }
    }

    fn leader_post(
        &self,
        g: &'a Group,
        info: &DayInfo,
        t: Millis,
        rng: &mut SimRng,
        buf: &mut EventBuf,
        sc: &mut Scratch,
    ) {
        let day_end = t - (t - self.cal.day_start(0)).rem_euclid(DAY_MS) + DAY_MS - MINUTE_MS;
        let leader = *pick(rng, &g.leaders);
        {
            let e = buf.push(t, Some(leader), MessageKind::Text, Label::Important);
            let mut ctx = self.ctx(rng, g, leader, info);
            expand_one(self.lex.leader_posts, &mut ctx, &mut e.text, self.lex.slots);
        }
        if rng.random_bool(0.3) {
            for i in 0..rng.random_range(1..=3) {
                buf.push(t + 5_000 + i * 3_000, Some(leader), MessageKind::Image, Label::Important);
            }
        }
        let pool = g.members.len().saturating_sub(g.leaders.len());
        let k = (binomial(rng, pool as u32, g.rates.flattery) as usize).min(30);
        sample_indexes(rng, pool, k, &mut sc.idx);
        for i in 0..sc.idx.len() {
            let who = g.members[g.leaders.len() + sc.idx[i]];
            let at = (t + (exp(rng, 6.0) * MINUTE_MS as f64) as Millis + 30_000).min(day_end);
            let sticker = rng.random_bool(0.08);
            let e = buf.push(
                at,
                Some(who),
                if sticker { MessageKind::Sticker } else { MessageKind::Text },
                Label::Flattery,
            );
            if !sticker {
                let mut ctx = self.ctx(rng, g, who, info);
                expand_one(self.lex.flattery, &mut ctx, &mut e.text, self.lex.slots);
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn greetings(
        &self,
        g: &'a Group,
        _d: u32,
        info: &DayInfo,
        day0: Millis,
        rng: &mut SimRng,
        buf: &mut EventBuf,
        sc: &mut Scratch,
    ) {
        let rate = self.rate.min(2.0);
        if info.festival.is_some() && rng.random_bool((0.85 * rate).min(1.0)) {
            {
                let k = (binomial(rng, g.members.len() as u32, 0.25) as usize).clamp(1, 40);
                sample_indexes(rng, g.members.len(), k, &mut sc.idx);
                for i in 0..sc.idx.len() {
                    let who = g.members[sc.idx[i]];
                    let at = day0 + rng.random_range(7 * 60..22 * 60) * MINUTE_MS + rng.random_range(0..60_000);
                    let kind = match rng.random_range(0..10) {
                        0 | 1 => MessageKind::Image,
                        2 => MessageKind::Sticker,
                        _ => MessageKind::Text,
                    };
                    let e = buf.push(at, Some(who), kind, Label::Greeting);
                    if kind == MessageKind::Text {
                        let mut ctx = self.ctx(rng, g, who, info);
                        expand_one(self.lex.festival, &mut ctx, &mut e.text, self.lex.slots);
                    }
                    if self.org.lang == Lang::Zh && rng.random_bool(0.06) {
                        let e = buf.push(at + 40_000, Some(who), MessageKind::RedPacket, Label::OffTopic);
                        e.text.push_str("恭喜发财，大吉大利");
                    }
                }
                return;
            }
        }
        let (p, tpls, lo, hi) = if info.workday && !(info.friday || info.monday) {
            (g.rates.greet, self.lex.morning, 6 * 60 + 10, 9 * 60)
        } else if info.friday {
            (g.rates.greet * 0.6, self.lex.weekend, 16 * 60, 18 * 60)
        } else if info.monday {
            (g.rates.greet, self.lex.weekend, 6 * 60 + 30, 8 * 60 + 40)
        } else {
            (g.rates.greet * 0.4, self.lex.morning, 7 * 60, 10 * 60)
        };
        if !rng.random_bool((p * rate).min(1.0)) {
            return;
        }
        let k = rng.random_range(1..=6usize).min(g.members.len());
        sample_indexes(rng, g.members.len(), k, &mut sc.idx);
        for i in 0..sc.idx.len() {
            let who = g.members[sc.idx[i]];
            let at = day0 + rng.random_range(lo..hi) * MINUTE_MS + rng.random_range(0..60_000);
            let kind = match rng.random_range(0..20) {
                0..=2 => MessageKind::Image,
                3 | 4 => MessageKind::Sticker,
                _ => MessageKind::Text,
            };
            let e = buf.push(at, Some(who), kind, Label::Greeting);
            if kind == MessageKind::Text {
                let mut ctx = self.ctx(rng, g, who, info);
                expand_one(tpls, &mut ctx, &mut e.text, self.lex.slots);
            }
        }
    }

    fn off_topic(&self, g: &'a Group, info: &DayInfo, day0: Millis, rng: &mut SimRng, buf: &mut EventBuf) {
        let who = *pick(rng, &g.members);
        let minute = if rng.random_bool(0.4) { rng.random_range(720..840) } else { rng.random_range(450..1350) };
        let at = day0 + minute * MINUTE_MS + rng.random_range(0..60_000);
        {
            let kind = if self.org.lang == Lang::Zh && rng.random_bool(0.06) {
                MessageKind::RedPacket
            } else if rng.random_bool(0.1) {
                MessageKind::Link
            } else {
                MessageKind::Text
            };
            let e = buf.push(at, Some(who), kind, Label::OffTopic);
            if kind == MessageKind::RedPacket {
                let wish: &&str = pick(rng, &["恭喜发财，大吉大利", "周末快乐", "辛苦了，喝杯奶茶"]);
                e.text.push_str(wish);
            } else {
                let mut ctx = self.ctx(rng, g, who, info);
                expand_one(self.lex.off_topic, &mut ctx, &mut e.text, self.lex.slots);
            }
        }
        let replies = if g.role == Role::Chat { rng.random_range(0..=6) } else { binomial(rng, 3, 0.3) };
        let mut t = at;
        for _ in 0..replies {
            let r = *pick(rng, &g.members);
            t += (exp(rng, 3.0) * MINUTE_MS as f64) as Millis + 10_000;
            let e = buf.push(t.min(day0 + DAY_MS - MINUTE_MS), Some(r), MessageKind::Text, Label::OffTopic);
            let mut ctx = self.ctx(rng, g, r, info);
            expand_one(self.lex.chat_replies, &mut ctx, &mut e.text, self.lex.slots);
        }
    }

    fn emergency(
        &self,
        g: &'a Group,
        info: &DayInfo,
        day0: Millis,
        rng: &mut SimRng,
        buf: &mut EventBuf,
        sc: &mut Scratch,
    ) {
        // Real emergencies come after hours: evening and night.
        let at = day0 + rng.random_range(18 * 60 + 30..23 * 60) * MINUTE_MS + rng.random_range(0..60_000);
        if self.org.lang == Lang::En {
            let e = buf.push(at - 60_000, None, MessageKind::Bot, Label::System);
            e.bot = Some("PagerDuty");
            e.text.push_str("[Triggered] high error rate on production");
        }
        let sender = *pick(rng, &g.leaders);
        self.notice(g, info, at, sender, None, NoticeKind::Emergency, rng, buf, sc);
        for _ in 0..rng.random_range(1..=3) {
            let t = at + rng.random_range(5..60) * MINUTE_MS;
            self.discussion(g, info, t, rng, buf, sc);
        }
    }

    /// A few people withdraw a message within two minutes of sending it (WeCom only keeps recalls as records).
    fn recalls(&self, g: &Group, rng: &mut SimRng, buf: &mut EventBuf) {
        if self.org.lang != Lang::Zh {
            return;
        }
        let _ = g;
        let n = buf.len();
        for s in 0..n as u32 {
            let (time, sender, human) = {
                let e = buf.get(s);
                (e.time, e.sender, e.kind.is_human() && !e.join)
            };
            if human && rng.random_bool(0.006) {
                let e = buf.push(time + rng.random_range(5_000..110_000), sender, MessageKind::Recall, Label::System);
                e.recall_of = Some(s);
            }
        }
    }
}

/// A working-hours time on a working day (mostly), or a daytime time on other days.
pub fn work_time(rng: &mut SimRng, day0: Millis, workday: bool) -> Millis {
    let minute = if workday {
        let u: f64 = rng.random();
        if u < 0.84 {
            let m = rng.random_range(0..420);
            if m < 210 { 510 + m } else { 840 + m - 210 }
        } else if u < 0.97 {
            rng.random_range(1050..1350)
        } else if u < 0.985 {
            rng.random_range(420..510)
        } else {
            rng.random_range(720..840)
        }
    } else {
        rng.random_range(540..1290)
    };
    day0 + minute as Millis * MINUTE_MS + rng.random_range(0..60_000)
}

fn notice_kind(rng: &mut SimRng, role: Role) -> NoticeKind {
    let r = rng.random_range(0..100);
    let k = match r {
        0..=29 => NoticeKind::Submit,
        30..=47 => NoticeKind::Meeting,
        48..=64 => NoticeKind::Photo,
        65..=72 => NoticeKind::Chain,
        73..=80 => NoticeKind::Duty,
        81..=89 => NoticeKind::Study,
        _ => NoticeKind::Hazard,
    };
    if role == Role::Purposeful && rng.random_bool(0.4) { NoticeKind::Hazard } else { k }
}

const BOTS: &[(&str, &str)] = &[
    ("GitHub", "Pull request merged: fix {component} handling in {service} (#{n})"),
    ("Jira", "{name} moved a ticket for {task} to Done"),
    ("Google Calendar", "Reminder: {meeting} starts in 10 minutes"),
    ("Datadog", "[Recovered] {service} latency back to normal in {env}"),
];
