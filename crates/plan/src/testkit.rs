//! Builders for hand-made organisations in the tests of this crate.

use crate::input::{CrossPost, GroupFacts, Lang, MemberFacts, Traffic, Verdict};
use jingjian_model::{GroupKind, Label, Source};

/// An internal WeCom group over a 30-day span with no traffic, kept by the audit.
pub fn group(id: &str) -> GroupFacts {
    GroupFacts {
        source: Source::Wecom,
        id: id.into(),
        name: Some(format!("{id}群")),
        unit: None,
        owner: None,
        kind: GroupKind::Group,
        members: vec![],
        verdict: Verdict::Keep,
        merge_into: None,
        reasons: vec![],
        zombie: false,
        exempt: false,
        is_internal: true,
        lang: Lang::Zh,
        traffic: Traffic { days: 30.0, ..Traffic::default() },
    }
}

/// A member with no posts.
pub fn member(id: &str) -> MemberFacts {
    MemberFacts { id: id.into(), name: None, unit: None, acks: 0, check_ins: 0, groups: vec![], posted_in: vec![] }
}

/// Chained settings on a test group.
pub trait GroupBuild {
    /// Sets the unit.
    fn unit(self, u: &str) -> Self;
    /// Sets the members.
    fn members(self, m: &[&str]) -> Self;
    /// Sets human, important and noise messages over the 30-day span (10 Chinese characters a message).
    fn msgs(self, human: u64, important: u64, noise: u64) -> Self;
    /// Sets the audit's verdict.
    fn verdict(self, v: Verdict) -> Self;
    /// Sets verdict merge into `target`.
    fn merge(self, target: &str) -> Self;
    /// Marks the group a zombie with verdict dissolve.
    fn zombie(self) -> Self;
    /// Allow-lists the group.
    fn exempt(self) -> Self;
    /// Sets the group's language.
    fn lang(self, l: Lang) -> Self;
    /// Adds one copy of an important cross-posted notice (also counted in human and important messages).
    fn cross(self, cluster: &str) -> Self;
}

impl GroupBuild for GroupFacts {
    fn unit(mut self, u: &str) -> Self {
        self.unit = Some(u.into());
        self
    }
    fn members(mut self, m: &[&str]) -> Self {
        self.members = m.iter().map(|s| s.to_string()).collect();
        self
    }
    fn msgs(mut self, human: u64, important: u64, noise: u64) -> Self {
        self.traffic.human_messages = human;
        self.traffic.important_messages = important;
        self.traffic.noise_messages = noise;
        self.traffic.zh_chars = human * 10;
        self
    }
    fn verdict(mut self, v: Verdict) -> Self {
        self.verdict = v;
        self
    }
    fn merge(mut self, target: &str) -> Self {
        self.verdict = Verdict::Merge;
        self.merge_into = Some(target.into());
        self
    }
    fn zombie(mut self) -> Self {
        self.zombie = true;
        self.verdict = Verdict::Dissolve;
        self
    }
    fn exempt(mut self) -> Self {
        self.exempt = true;
        self
    }
    fn lang(mut self, l: Lang) -> Self {
        self.lang = l;
        self
    }
    fn cross(mut self, cluster: &str) -> Self {
        self.traffic.human_messages += 1;
        self.traffic.important_messages += 1;
        self.traffic.zh_chars += 10;
        self.traffic.cross_posts.push(CrossPost {
            cluster: cluster.into(),
            copies: 1,
            label: Label::Important,
            zh_chars: 10,
            en_words: 0,
        });
        self
    }
}
