//! Lexicons: the word lists the classifier matches, kept as data files and open to users' overrides.
//!
//! The default lexicon is built from TOML files under `crates/text/lexicons/` that are compiled into the binary
//! (`include_str!`). Each file, and each user override, has the same shape (see [`LexiconOverrides`]):
//!
//! ```toml
//! [lexicon.ack]
//! add = ["知道了", "noted"]      # appended to the list
//! remove = ["好的"]              # taken out of the list
//! # replace = ["收到"]           # replaces the whole list (applied before remove and add)
//! ```
//!
//! Terms are normalised with [`crate::normalize::normalize`] when they are loaded, so they may be written in
//! Traditional or Simplified characters, full-width or half-width, upper or lower case.

mod overrides;

pub use overrides::{CategoryOverride, LexiconError, LexiconOverrides};

use crate::normalize::normalize;
use std::fmt;

/// A named word list. Each one feeds one kind of cue in the classifier (see `docs/classification.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    /// Directive and notice words: 通知, 请各单位, 务必, 严禁, reminder, action required.
    Notice,
    /// Deadline words: 截止, 之前, 下班前, 尽快, deadline, by eod, no later than.
    Deadline,
    /// Meeting words: 会议, 开会, 腾讯会议, meeting, agenda, zoom.
    Meeting,
    /// Task verbs and objects: 报送, 上报, 填报, 材料, 表格, submit, fill in.
    Task,
    /// Demands for photo proof or check-ins: 上传照片, 拍照打卡, 现场照片, post a photo.
    CheckinDemand,
    /// Acknowledgements: 收到, 好的, 明白, ok, +1, 👍, got it, thanks.
    Ack,
    /// Proof-of-work captions: 已完成, 已落实, 入户走访, 正在巡查, done, checked in.
    Proof,
    /// Unambiguous flattery: 领导辛苦了, 讲得好, 受益匪浅, 高屋建瓴, well said, inspiring.
    Flattery,
    /// Praise that is flattery in a chain or after a leader's post: 点赞, 辛苦了, 👏, 🌹, great job, kudos.
    Praise,
    /// Greetings and holiday wishes: 早上好, 中秋快乐, good morning, happy holidays.
    Greeting,
    /// Ads, shopping assists, vote canvassing, fundraising, chain letters, shopping domains.
    OffTopic,
    /// Chit-chat: 哈哈, 吃饭, 奶茶, lunch, coffee, lol.
    Chitchat,
    /// Prohibitions, which make a notice important even when it names spam (严禁发红包): 严禁, 不得, do not post.
    Prohibition,
    /// Question words: 请问, 吗, 怎么, 哪里, how, what, anyone know.
    Question,
    /// System lines an export writes as text: 撤回了一条消息, 加入了群聊, has joined the channel.
    System,
    /// Fillers that carry no content of their own: 大家, 各位, 领导, 的, 了, 啊, all, team.
    Filler,
    /// Role names that make a member a leader: 书记, 主任, 局长, manager, director.
    LeaderRole,
}

impl Category {
    /// Every category, in a stable order.
    pub const ALL: [Category; 17] = [
        Category::Notice,
        Category::Deadline,
        Category::Meeting,
        Category::Task,
        Category::CheckinDemand,
        Category::Ack,
        Category::Proof,
        Category::Flattery,
        Category::Praise,
        Category::Greeting,
        Category::OffTopic,
        Category::Chitchat,
        Category::Prohibition,
        Category::Question,
        Category::System,
        Category::Filler,
        Category::LeaderRole,
    ];

    /// How many categories there are.
    pub const COUNT: usize = Category::ALL.len();

    /// The name used in TOML tables (`[lexicon.NAME]`).
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Notice => "notice",
            Category::Deadline => "deadline",
            Category::Meeting => "meeting",
            Category::Task => "task",
            Category::CheckinDemand => "checkin_demand",
            Category::Ack => "ack",
            Category::Proof => "proof",
            Category::Flattery => "flattery",
            Category::Praise => "praise",
            Category::Greeting => "greeting",
            Category::OffTopic => "off_topic",
            Category::Chitchat => "chitchat",
            Category::Prohibition => "prohibition",
            Category::Question => "question",
            Category::System => "system",
            Category::Filler => "filler",
            Category::LeaderRole => "leader_role",
        }
    }

    /// The category named `s`, if any.
    pub fn parse(s: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// This category's bit in a `u32` set.
    pub fn bit(self) -> u32 {
        1 << (self as u32)
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The default lexicon files, compiled in: (origin shown in errors, text).
const DEFAULT_FILES: [(&str, &str); 2] = [
    ("lexicons/zh.toml", include_str!("../../lexicons/zh.toml")),
    ("lexicons/en.toml", include_str!("../../lexicons/en.toml")),
];

/// Normalised word lists, one per [`Category`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lexicon {
    lists: [Vec<String>; Category::COUNT],
}

impl Default for Lexicon {
    /// The lexicon shipped with jingjian (Simplified and Traditional Chinese and English).
    fn default() -> Lexicon {
        let mut lex = Lexicon::empty();
        for (origin, text) in DEFAULT_FILES {
            let o = LexiconOverrides::from_toml(text, origin).expect("the shipped lexicon files are valid");
            lex.merge(&o);
        }
        lex
    }
}

impl Lexicon {
    /// A lexicon with every list empty.
    pub fn empty() -> Lexicon {
        Lexicon { lists: Default::default() }
    }

    /// The normalised terms of `cat`, in the order they were added.
    pub fn terms(&self, cat: Category) -> &[String] {
        &self.lists[cat as usize]
    }

    /// Whether `cat` holds `term` (compared in normalised form).
    pub fn contains(&self, cat: Category, term: &str) -> bool {
        let t = normalize(term);
        self.lists[cat as usize].contains(&t)
    }

    /// Applies overrides: for each category named, `replace` (if given) replaces the list, then `remove` takes
    /// terms out and `add` appends terms that are not there yet. Terms are normalised first; empty ones are skipped.
    pub fn merge(&mut self, overrides: &LexiconOverrides) {
        for (cat, o) in overrides.categories() {
            let list = &mut self.lists[cat as usize];
            if let Some(r) = &o.replace {
                list.clear();
                push_terms(list, r);
            }
            let removed: Vec<String> = o.remove.iter().map(|t| normalize(t)).collect();
            list.retain(|t| !removed.contains(t));
            push_terms(list, &o.add);
        }
    }

    /// Whether a member with this role (from `Member.role` or a roster) counts as a leader: the normalised role
    /// contains one of the `leader_role` terms.
    pub fn is_leader_role(&self, role: &str) -> bool {
        let r = normalize(role);
        self.lists[Category::LeaderRole as usize].iter().any(|t| r.contains(t.as_str()))
    }
}

fn push_terms(list: &mut Vec<String>, terms: &[String]) {
    for t in terms {
        let n = normalize(t);
        if !n.is_empty() && !list.contains(&n) {
            list.push(n);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_lexicon_has_every_category_and_normalised_terms() {
        let lex = Lexicon::default();
        for c in Category::ALL {
            assert!(!lex.terms(c).is_empty(), "category {c} is empty");
            for t in lex.terms(c) {
                assert_eq!(&normalize(t), t, "term in {c} is not normalised");
            }
        }
        assert!(lex.contains(Category::Ack, "收到"));
        assert!(lex.contains(Category::Ack, "OK"), "terms are compared normalised");
        assert!(lex.contains(Category::Flattery, "領導辛苦了"), "Traditional spellings find Simplified terms");
    }

    #[test]
    fn merge_adds_removes_and_replaces() {
        let mut lex = Lexicon::default();
        let o = LexiconOverrides::from_toml(
            "[lexicon.ack]\nadd = [\"知道啦\", \"收到\"]\nremove = [\"好的\"]\n[lexicon.leader_role]\nreplace = [\"站长\"]\n",
            "test.toml",
        )
        .unwrap();
        let before = lex.terms(Category::Ack).len();
        lex.merge(&o);
        assert!(lex.contains(Category::Ack, "知道啦"));
        assert!(!lex.contains(Category::Ack, "好的"));
        assert_eq!(lex.terms(Category::Ack).len(), before, "one added, one removed, a duplicate ignored");
        assert_eq!(lex.terms(Category::LeaderRole), ["站长".to_string()]);
        assert!(lex.is_leader_role("副站长") && !lex.is_leader_role("书记"));
    }

    #[test]
    fn leader_roles_match_by_containment() {
        let lex = Lexicon::default();
        assert!(lex.is_leader_role("党委書記"));
        assert!(lex.is_leader_role("Engineering Manager"));
        assert!(!lex.is_leader_role("网格员"));
    }

    #[test]
    fn category_names_round_trip() {
        for c in Category::ALL {
            assert_eq!(Category::parse(c.as_str()), Some(c));
        }
        assert_eq!(Category::parse("nope"), None);
    }
}
