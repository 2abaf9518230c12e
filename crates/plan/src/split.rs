//! Split advice for a merge refused for its volume: which groups to keep apart and which to merge together so
//! that no merged group carries more than the limit.
//!
//! First-fit decreasing: the groups, busiest first, each go into the first merged group that stays within the
//! limit with it (cross-post copies collapsing as in a real merge), else start a new one. A group busier than the
//! limit on its own, and a group that fits with no other, is kept separate. Within a merged group, the original
//! target leads if it is there, else the busiest group does.

use crate::input::{GroupFacts, Lang};
use crate::stats::round2;
use crate::traffic::{Rates, merged};
use serde::{Deserialize, Serialize};

/// A group named in advice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupRef {
    /// Group id.
    pub id: String,
    /// Display name.
    pub name: String,
}

/// One merge the advice proposes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SplitMerge {
    /// The group the others merge into.
    pub into: GroupRef,
    /// The groups that merge into it.
    pub groups: Vec<GroupRef>,
    /// Human messages a day of the merged group.
    pub per_day: f64,
}

/// How to split a refused merge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SplitAdvice {
    /// The refused target.
    pub target: GroupRef,
    /// Human messages a day the refused merge would have carried.
    pub per_day_merged: f64,
    /// The limit.
    pub limit: f64,
    /// Groups to keep as they are.
    pub separate: Vec<GroupRef>,
    /// Merges that stay within the limit.
    pub merges: Vec<SplitMerge>,
}

impl SplitAdvice {
    /// The advice as a sentence.
    pub fn text(&self, lang: Lang) -> String {
        let quote = |g: &GroupRef| match lang {
            Lang::Zh => format!("「{}」", g.name),
            Lang::En => format!("“{}”", g.name),
        };
        let mut parts = Vec::new();
        if !self.separate.is_empty() {
            let names: Vec<String> = self.separate.iter().map(quote).collect();
            parts.push(match lang {
                Lang::Zh => format!("{}单独保留", names.join("、")),
                Lang::En => format!("keep {} separate", names.join(", ")),
            });
        }
        for m in &self.merges {
            let names: Vec<String> = m.groups.iter().map(quote).collect();
            parts.push(match lang {
                Lang::Zh => format!("{}并入{}（合并后每天约 {:.1} 条）", names.join("、"), quote(&m.into), m.per_day),
                Lang::En => {
                    format!("merge {} into {} (about {:.1} a day)", names.join(", "), quote(&m.into), m.per_day)
                }
            });
        }
        match lang {
            Lang::Zh => format!(
                "全部并入{}后每天约 {:.1} 条消息，超过上限 {:.0} 条。建议：{}。",
                quote(&self.target),
                self.per_day_merged,
                self.limit,
                parts.join("；")
            ),
            Lang::En => format!(
                "Merged into {}, the group would carry about {:.1} messages a day, over the limit of {:.0}. Instead: {}.",
                quote(&self.target),
                self.per_day_merged,
                self.limit,
                parts.join("; ")
            ),
        }
    }
}

/// Advice for the refused merge of `set` (positions in `groups`, the target `target` among them).
pub fn split(groups: &[GroupFacts], target: usize, set: &[usize], total: f64, limit: f64) -> SplitAdvice {
    let r = |i: usize| GroupRef { id: groups[i].id.clone(), name: groups[i].display_name().into() };
    let rate = |bin: &[usize]| {
        let refs: Vec<&GroupFacts> = bin.iter().map(|&i| &groups[i]).collect();
        merged(&refs).0.messages
    };
    let mut order = set.to_vec();
    order.sort_by(|&a, &b| {
        Rates::of(&groups[b].traffic).messages.total_cmp(&Rates::of(&groups[a].traffic).messages).then(a.cmp(&b))
    });
    let mut separate = Vec::new();
    let mut bins: Vec<Vec<usize>> = Vec::new();
    for i in order {
        if rate(&[i]) > limit {
            separate.push(i);
            continue;
        }
        let slot = bins.iter().position(|b| {
            let mut with = b.clone();
            with.push(i);
            rate(&with) <= limit
        });
        match slot {
            Some(s) => bins[s].push(i),
            None => bins.push(vec![i]),
        }
    }
    let mut merges = Vec::new();
    for bin in bins {
        if bin.len() == 1 {
            separate.push(bin[0]);
            continue;
        }
        let into = if bin.contains(&target) { target } else { bin[0] };
        merges.push(SplitMerge {
            into: r(into),
            groups: bin.iter().copied().filter(|&i| i != into).map(r).collect(),
            per_day: round2(rate(&bin)),
        });
    }
    SplitAdvice {
        target: r(target),
        per_day_merged: round2(total),
        limit,
        separate: separate.into_iter().map(r).collect(),
        merges,
    }
}
