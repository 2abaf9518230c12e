//! The root files of a Slack export: `users.json`/`org_users.json` (members) and `channels.json`, `groups.json`,
//! `mpims.json`, `dms.json` (conversations with their member lists, a snapshot taken at export time).

use crate::json::{Loose, epoch_seconds_to_ms};
use jingjian_model::{Group, GroupKind, Member, Membership, Source};
use serde::Deserialize;

/// The kind of root file an entry is, from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Users,
    Conversations(GroupKind),
}

/// The root files, in the order they are read: members first, then public, private, group-direct and direct
/// conversations.
pub(crate) const ROOT_FILES: [(&str, Role); 6] = [
    ("users.json", Role::Users),
    ("org_users.json", Role::Users),
    ("channels.json", Role::Conversations(GroupKind::Channel)),
    ("groups.json", Role::Conversations(GroupKind::Private)),
    ("mpims.json", Role::Conversations(GroupKind::DirectGroup)),
    ("dms.json", Role::Conversations(GroupKind::Direct)),
];

/// The role of a lone file from its name (`channels.json`, or any name ending so, like `export_channels.json`).
pub(crate) fn role_of_file_name(name: &str) -> Option<Role> {
    let base = name.rsplit('/').next().unwrap_or(name).to_ascii_lowercase();
    // Longest names first, so `org_users.json` is not taken for `users.json` (both are users anyway).
    ROOT_FILES.iter().find(|(n, _)| base.ends_with(n)).map(|(_, r)| *r)
}

/// One element of `users.json`.
#[derive(Debug, Deserialize)]
pub(crate) struct SlackUser {
    pub id: String,
    pub name: Option<String>,
    pub real_name: Option<String>,
    pub profile: Option<Profile>,
    pub is_bot: Option<bool>,
    pub deleted: Option<bool>,
}

/// `profile` inside a user.
#[derive(Debug, Deserialize)]
pub(crate) struct Profile {
    pub real_name: Option<String>,
    pub display_name: Option<String>,
}

impl SlackUser {
    /// The canonical member: the real name when there is one, else the display or user name. `USLACKBOT` is a bot.
    pub fn to_member(&self) -> Member {
        let nonempty = |s: Option<&String>| s.filter(|s| !s.trim().is_empty()).cloned();
        let p = self.profile.as_ref();
        let name = nonempty(self.real_name.as_ref())
            .or_else(|| nonempty(p.and_then(|p| p.real_name.as_ref())))
            .or_else(|| nonempty(p.and_then(|p| p.display_name.as_ref())))
            .or_else(|| nonempty(self.name.as_ref()));
        Member {
            source: Source::Slack,
            id: self.id.clone(),
            name,
            unit: None,
            role: None,
            bot: self.is_bot.unwrap_or(false) || self.id == "USLACKBOT",
            deleted: self.deleted.unwrap_or(false),
        }
    }
}

/// One element of `channels.json`, `groups.json`, `mpims.json` or `dms.json`.
#[derive(Debug, Deserialize)]
pub(crate) struct Conversation {
    pub id: String,
    pub name: Option<String>,
    pub created: Option<Loose>,
    pub creator: Option<String>,
    pub members: Option<Vec<String>>,
    pub is_archived: Option<bool>,
    pub purpose: Option<Topic>,
    pub topic: Option<Topic>,
}

/// `purpose` or `topic` of a conversation.
#[derive(Debug, Deserialize)]
pub(crate) struct Topic {
    pub value: Option<String>,
}

impl Conversation {
    /// The canonical group: purpose, else topic, as its purpose; `creator` as owner; `created` (string or number
    /// of epoch seconds) as its creation time.
    pub fn to_group(&self, kind: GroupKind) -> Group {
        let text =
            |t: &Option<Topic>| t.as_ref().and_then(|t| t.value.as_ref()).filter(|v| !v.trim().is_empty()).cloned();
        Group {
            source: Source::Slack,
            id: self.id.clone(),
            name: self.name.clone().filter(|n| !n.is_empty()),
            kind,
            created: self.created.as_ref().and_then(|c| epoch_seconds_to_ms(&c.0)).filter(|&ms| ms > 0),
            owner: self.creator.clone().filter(|c| !c.is_empty()),
            unit: None,
            purpose: text(&self.purpose).or_else(|| text(&self.topic)),
            archived: self.is_archived.unwrap_or(false),
        }
    }

    /// One membership per listed member (`members` may be absent or `null`).
    pub fn memberships(&self) -> impl Iterator<Item = Membership> + '_ {
        self.members.iter().flatten().map(|m| Membership {
            source: Source::Slack,
            group: self.id.clone(),
            member: m.clone(),
            joined: None,
            left: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channels_with_string_or_number_created() {
        let c: Conversation = serde_json::from_str(
            r#"{"id":"C1","name":"general","created":"1433558319","creator":"U1","is_archived":true,
                "members":["U1","U2"],"topic":{"value":"t"},"purpose":{"value":"","creator":"","last_set":0}}"#,
        )
        .unwrap();
        let g = c.to_group(GroupKind::Channel);
        assert_eq!(
            (g.created, g.owner.as_deref(), g.purpose.as_deref()),
            (Some(1_433_558_319_000), Some("U1"), Some("t"))
        );
        assert!(g.archived);
        assert_eq!(c.memberships().map(|m| m.member).collect::<Vec<_>>(), ["U1", "U2"]);
        let d: Conversation = serde_json::from_str(r#"{"id":"D1","created":1568448961,"members":null}"#).unwrap();
        let g = d.to_group(GroupKind::Direct);
        assert_eq!((g.created, g.name, g.kind), (Some(1_568_448_961_000), None, GroupKind::Direct));
        assert_eq!(d.memberships().count(), 0);
    }

    #[test]
    fn users_prefer_real_names_and_slackbot_is_a_bot() {
        let u: SlackUser = serde_json::from_str(
            r#"{"id":"U1","name":"zs","real_name":"","profile":{"real_name":"张三"},"deleted":true}"#,
        )
        .unwrap();
        let m = u.to_member();
        assert_eq!((m.name.as_deref(), m.deleted, m.bot), (Some("张三"), true, false));
        let s: SlackUser = serde_json::from_str(r#"{"id":"USLACKBOT","name":"slackbot"}"#).unwrap();
        assert!(s.to_member().bot);
    }

    #[test]
    fn root_file_roles_come_from_names() {
        assert_eq!(role_of_file_name("export/channels.json"), Some(Role::Conversations(GroupKind::Channel)));
        assert_eq!(role_of_file_name("org_users.json"), Some(Role::Users));
        assert_eq!(role_of_file_name("x__mpims.json"), Some(Role::Conversations(GroupKind::DirectGroup)));
        assert_eq!(role_of_file_name("general/2024-01-02.json"), None);
    }
}
