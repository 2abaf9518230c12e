//! Every word the report prints, in English and Simplified Chinese.
//!
//! Fixed labels are the [`K`] keys, generated from one table so that a key without both translations does not
//! compile. The audit's codes (verdicts, actions, message labels, finding kinds) go through [`code`], which
//! translates the known ones and shows any other code as it is.

use crate::options::Lang;

macro_rules! keys {
    ($($k:ident => $en:literal, $zh:literal;)*) => {
        /// A fixed label of the report.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum K { $(
            #[doc = $en]
            $k
        ),* }

        impl K {
            /// Every key.
            pub const ALL: &'static [K] = &[$(K::$k),*];

            /// The label in `lang`.
            pub fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((K::$k, Lang::En) => $en, (K::$k, Lang::Zh) => $zh,)*
                }
            }
        }
    };
}

keys! {
    DefaultTitle => "Chat group audit", "工作群审计报告";
    Organisation => "Organisation", "组织";
    DataSpan => "Data", "数据时间";
    Generated => "Generated", "生成时间";
    TimeZone => "Time zone", "时区";
    WorkspaceVersion => "Workspace version", "工作区版本";
    ScopeUnit => "Unit shown", "当前单位";
    Pseudonymized => "Member names are replaced by pseudonyms.", "成员姓名已替换为化名。";
    Contents => "Contents", "目录";
    Overview => "Overview", "概览";
    Units => "Units", "单位";
    Inventory => "Group inventory", "群清单";
    Findings => "Findings", "发现的问题";
    Plan => "Consolidation plan", "精简方案";
    Clusters => "Redundant groups", "重复的群";
    Burden => "Burden per member", "成员负担";
    AfterHours => "After-hours messages", "非工作时间消息";
    CrossPosts => "Most cross-posted notices", "重复转发最多的通知";
    Noise => "Noise mix per group", "各群噪声构成";
    Members => "Members", "成员";
    Before => "Before", "现在";
    After => "After", "精简后";
    HGroups => "Groups", "群数";
    HZombies => "Zombie groups", "僵尸群";
    HClusters => "Redundant clusters", "重复群组";
    HManyGroups => "Members in more than {n} groups", "加入超过 {n} 个群的成员";
    HReadingMedian => "Reading minutes a day (median)", "每日阅读分钟数（中位数）";
    HReadingP90 => "Reading minutes a day (90th percentile)", "每日阅读分钟数（90 分位）";
    HMessagesMedian => "Messages a day per member (median)", "人均每日消息（中位数）";
    HMessagesP90 => "Messages a day per member (90th percentile)", "人均每日消息（90 分位）";
    HAfterHours => "After-hours share", "非工作时间占比";
    Source => "Platform", "平台";
    Id => "ID", "编号";
    Name => "Name", "名称";
    Unit => "Unit", "单位";
    Owner => "Owner", "群主";
    MemberCount => "Members", "人数";
    MessagesADay => "Messages a day", "每日消息";
    Senders30 => "Senders 30 d", "30 天发言人";
    Senders90 => "Senders 90 d", "90 天发言人";
    LastHuman => "Last human message", "最后一条人工消息";
    AfterHoursShare => "After hours", "非工作时间";
    BotSystemShare => "Bots & system", "机器人与系统";
    NoiseShare => "Noise", "噪声";
    Verdict => "Verdict", "结论";
    MergeInto => "Merge into", "并入";
    Reasons => "Reasons", "理由";
    Group => "Group", "群";
    Kind => "Kind", "类型";
    Reason => "Reason", "理由";
    Action => "Action", "操作";
    Target => "Target", "目标";
    Notice => "Notice", "通知";
    NoticesExported => "Every notice in full is also in the exported plan table (jingjian report --format csv); above 2,000 actions the page leaves them out to stay light.", "每条通知全文也在导出的 plan 表中（jingjian report --format csv）；操作超过 2,000 项时，页面不再逐条列出，以免过大。";
    GroupsNow => "Groups", "群数";
    GroupsAfter => "Groups after", "精简后群数";
    InternalGroups => "Internal groups", "内部群";
    Quota => "Quota", "配额";
    OverQuota => "Over quota", "超出配额";
    Cluster => "Cluster", "群组";
    GroupNames => "Groups", "涉及的群";
    Jaccard => "Jaccard", "成员重合度";
    Containment => "Containment", "包含度";
    SharedMembers => "Shared members", "共同成员";
    CrossPostCount => "Cross-posts", "重复转发";
    Excerpt => "Notice", "通知内容";
    GroupCount => "Groups", "群数";
    FirstSeen => "First posted", "首次发布";
    ReadingMinutes => "Reading minutes a day", "每日阅读分钟";
    AfterHoursWeek => "After hours a week", "每周非工作时间消息";
    GroupsPerMember => "Groups per member", "每人所在群数";
    MessagesPerMember => "Messages a day", "每日收到消息";
    MembersAxis => "members", "人";
    Hour => "Hour", "时";
    Filter => "Filter…", "筛选…";
    RowsShown => "rows shown", "行";
    NoData => "No data.", "无数据。";
    BusiestGroups => "The {n} busiest groups, noisiest first.", "消息最多的 {n} 个群，按噪声占比排序。";
    SortHint => "Click a column header to sort.", "点击表头排序。";
    HeatmapNote => "Human messages outside working hours, by weekday and hour ({tz}).", "工作时间以外的人工消息，按星期和小时统计（{tz}）。";
    Total => "Total", "合计";
    Mon => "Mon", "周一";
    Tue => "Tue", "周二";
    Wed => "Wed", "周三";
    Thu => "Thu", "周四";
    Fri => "Fri", "周五";
    Sat => "Sat", "周六";
    Sun => "Sun", "周日";
}

/// Weekday labels, Monday first.
pub const WEEKDAYS: [K; 7] = [K::Mon, K::Tue, K::Wed, K::Thu, K::Fri, K::Sat, K::Sun];

/// The audit's codes and their labels: (code, English, Chinese).
pub const CODES: &[(&str, &str, &str)] = &[
    ("keep", "keep", "保留"),
    ("dissolve", "dissolve", "解散"),
    ("merge", "merge", "合并"),
    ("review", "review", "待复核"),
    ("warn", "warn", "预警"),
    ("archive", "archive", "归档"),
    ("important", "important", "重要"),
    ("ack", "ack", "收到"),
    ("proof_of_work", "proof of work", "工作留痕"),
    ("flattery", "flattery", "奉承"),
    ("greeting", "greeting", "问候"),
    ("off_topic", "off topic", "无关"),
    ("discussion", "discussion", "讨论"),
    ("system", "system", "系统"),
    ("zombie", "zombie", "僵尸群"),
    ("abandoned", "abandoned", "弃用"),
    ("empty", "empty", "空群"),
    ("redundant", "redundant", "重复"),
    ("nested", "nested", "嵌套"),
    ("cross_posts", "cross-posts", "重复转发"),
    ("noisy", "noisy", "噪声多"),
    ("after_hours", "after hours", "非工作时间"),
    ("over_quota", "over quota", "超出配额"),
    ("flood", "flood", "消息过载"),
    ("jaccard", "Jaccard", "成员重合度"),
    ("containment", "containment", "包含度"),
    ("shared_members", "shared members", "共同成员"),
    ("days_silent", "days silent", "沉默天数"),
    ("members", "members", "人数"),
    ("messages_a_day", "messages a day", "每日消息"),
    ("senders_90d", "senders in 90 days", "90 天发言人"),
    ("finished_task", "finished task", "任务已结束"),
    ("temporary", "task group", "任务群"),
    ("purposeful", "purposeful", "仍在发挥作用"),
    ("overlapping", "overlapping", "成员重合"),
    ("cross_posted", "cross-posted", "重复转发"),
    ("chit_chat", "chit-chat", "闲聊群"),
    ("allow_listed", "allow-listed", "保留名单"),
    ("direct", "direct conversation", "私聊"),
    ("human_messages", "human messages", "人工消息"),
    ("shared", "shared members", "共同成员"),
    ("with", "with", "对应群"),
    ("active_span_days", "active days", "活跃天数"),
    ("noise_share", "noise share", "噪声占比"),
    ("off_topic_share", "off-topic share", "无关消息占比"),
    ("important_per_week_30d", "important a week (30 days)", "近30天每周重要消息"),
    ("after_hours_share", "after-hours share", "非工作时间占比"),
    ("urgent", "urgent", "紧急"),
    ("unit", "unit", "单位"),
    ("groups", "groups", "群数"),
    ("quota", "quota", "限额"),
    ("first_human", "first message", "首条消息"),
    ("last_human", "last message", "最后一条消息"),
];

/// The label of an audit code in `lang`, or the code itself when it is not one the report knows.
pub fn code(lang: Lang, code: &str) -> &str {
    match CODES.iter().find(|(c, _, _)| *c == code) {
        Some((_, en, zh)) => match lang {
            Lang::En => en,
            Lang::Zh => zh,
        },
        None => code,
    }
}

/// `key`'s label in `lang` with `{name}` replaced by `value`.
pub fn fill(key: K, lang: Lang, name: &str, value: &str) -> String {
    key.text(lang).replace(&format!("{{{name}}}"), value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has_cjk(s: &str) -> bool {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    #[test]
    fn every_key_has_a_chinese_label_and_an_english_one() {
        for &k in K::ALL {
            assert!(has_cjk(k.text(Lang::Zh)), "{k:?} has no Chinese label");
            assert!(!has_cjk(k.text(Lang::En)), "{k:?} has Chinese in its English label");
            assert_ne!(k.text(Lang::Zh), k.text(Lang::En), "{k:?}");
        }
        for (c, en, zh) in CODES {
            assert!(has_cjk(zh) && !has_cjk(en), "{c}");
        }
    }

    #[test]
    fn every_finding_kind_of_the_audit_is_translated() {
        // The kinds docs/audit.md lists.
        for kind in [
            "empty",
            "abandoned",
            "zombie",
            "finished_task",
            "temporary",
            "purposeful",
            "nested",
            "overlapping",
            "cross_posted",
            "over_quota",
            "chit_chat",
            "noisy",
            "after_hours",
            "allow_listed",
            "direct",
        ] {
            assert_ne!(code(Lang::Zh, kind), kind, "{kind} has no Chinese label");
        }
    }

    #[test]
    fn codes_translate_and_unknown_codes_pass_through() {
        assert_eq!(code(Lang::Zh, "dissolve"), "解散");
        assert_eq!(code(Lang::En, "proof_of_work"), "proof of work");
        assert_eq!(code(Lang::Zh, "something_new"), "something_new");
        assert_eq!(fill(K::HManyGroups, Lang::En, "n", "10"), "Members in more than 10 groups");
    }
}
