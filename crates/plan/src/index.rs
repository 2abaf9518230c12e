//! Checks a list of groups before any figure is computed from it, and indexes it by (source, id).

use crate::error::PlanError;
use crate::input::GroupFacts;
use jingjian_model::Source;
use std::collections::HashMap;

/// Position of each group in its list, by (source, id).
pub type GroupIndex<'a> = HashMap<(Source, &'a str), usize>;

/// Indexes `groups`, refusing a group given twice or impossible figures. `list` names the list in errors.
pub fn index_groups<'a>(list: &str, groups: &'a [GroupFacts]) -> Result<GroupIndex<'a>, PlanError> {
    let mut index = GroupIndex::with_capacity(groups.len());
    for (i, g) in groups.iter().enumerate() {
        if let Some(first) = index.insert((g.source, g.id.as_str()), i) {
            return Err(PlanError::DuplicateGroup { list: list.into(), key: g.key(), first: first + 1, second: i + 1 });
        }
        if let Some(message) = impossible(g) {
            return Err(PlanError::BadFigures { list: list.into(), record: i + 1, key: g.key(), message });
        }
    }
    Ok(index)
}

fn impossible(g: &GroupFacts) -> Option<String> {
    let t = &g.traffic;
    if !(t.days.is_finite() && t.days > 0.0) {
        return Some(format!("the span `days` must be a positive number of days, not {}", t.days));
    }
    let parts = [
        ("important_messages", t.important_messages),
        ("noise_messages", t.noise_messages),
        ("after_hours_messages", t.after_hours_messages),
    ];
    for (field, n) in parts {
        if n > t.human_messages {
            return Some(format!("`{field}` ({n}) exceeds `human_messages` ({})", t.human_messages));
        }
    }
    if t.important_messages + t.noise_messages > t.human_messages {
        return Some(format!(
            "important ({}) and noise ({}) messages together exceed `human_messages` ({})",
            t.important_messages, t.noise_messages, t.human_messages
        ));
    }
    if t.urgent_after_hours_messages > t.after_hours_messages {
        return Some(format!(
            "`urgent_after_hours_messages` ({}) exceeds `after_hours_messages` ({})",
            t.urgent_after_hours_messages, t.after_hours_messages
        ));
    }
    if let Some(c) = t.cross_posts.iter().find(|c| c.copies == 0) {
        return Some(format!("cross-post cluster `{}` has 0 copies", c.cluster));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{GroupBuild, group};

    #[test]
    fn a_group_twice_is_refused_with_both_positions() {
        let gs = vec![group("a"), group("b"), group("a")];
        let e = index_groups("groups", &gs).unwrap_err().to_string();
        assert_eq!(e, "groups, record 3: group `wecom:a` was already given at record 1");
    }

    #[test]
    fn impossible_figures_name_the_record_and_the_field() {
        let mut bad = group("b").msgs(10, 11, 0);
        let e = index_groups("groups", &[group("a"), bad.clone()]).unwrap_err().to_string();
        assert!(e.starts_with("groups, record 2: group `wecom:b`: `important_messages` (11)"), "{e}");
        bad = group("b").msgs(10, 1, 0);
        bad.traffic.days = 0.0;
        let e = index_groups("groups", &[bad]).unwrap_err().to_string();
        assert!(e.contains("`days` must be a positive number"), "{e}");
    }
}
