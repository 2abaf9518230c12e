//! Rule ids: every classification names the rule that decided it. The table [`RULES`] lists them all with their
//! label and a one-line description; `docs/classification.md` describes each in full.

use jingjian_model::Label;

/// The id of a classification rule, such as `ack.after_notice`.
pub type RuleId = &'static str;

/// A system or recall record.
pub const SYSTEM_KIND: RuleId = "system.kind";
/// A bot's message that is not a notice.
pub const SYSTEM_BOT: RuleId = "system.bot";
/// A sender-less text line an export wrote for an event (撤回了一条消息, joined the channel).
pub const SYSTEM_TEXT: RuleId = "system.text";
/// A bot's notice (directive, deadline or @all with content).
pub const IMPORTANT_BOT_NOTICE: RuleId = "important.bot_notice";
/// A prohibition addressed to the group (严禁…, 不得…).
pub const IMPORTANT_PROHIBITION: RuleId = "important.prohibition";
/// A directive word together with a deadline, task, meeting, photo demand, @all or a leader as sender.
pub const IMPORTANT_DIRECTIVE: RuleId = "important.directive";
/// A deadline the extractor resolved, together with a task, meeting or @all.
pub const IMPORTANT_DEADLINE: RuleId = "important.deadline";
/// @someone with a task or a deadline.
pub const IMPORTANT_DIRECT: RuleId = "important.direct";
/// @all / @channel with content beyond a greeting or ack.
pub const IMPORTANT_MENTION_ALL: RuleId = "important.mention_all";
/// A meeting word with a time.
pub const IMPORTANT_MEETING: RuleId = "important.meeting";
/// Pictures or a file the sender of a notice sends right after it: part of the notice.
pub const IMPORTANT_ATTACHMENT: RuleId = "important.attachment";
/// A leader's short demand for photos or check-ins (not a speech, not an answer to a question).
pub const IMPORTANT_LEADER_TASK: RuleId = "important.leader_task";
/// The same text as the previous message, from another sender, shortly after: a repeat chain takes its label.
pub const CHAIN_REPEAT: RuleId = "chain.repeat";
/// A red packet (kind or `[红包]`).
pub const OFF_TOPIC_RED_PACKET: RuleId = "off_topic.red_packet";
/// Ads, shopping assists, vote canvassing, chain letters, shopping links.
pub const OFF_TOPIC_LEXICON: RuleId = "off_topic.lexicon";
/// Chit-chat words without any work cue.
pub const OFF_TOPIC_CHITCHAT: RuleId = "off_topic.chitchat";
/// A sticker or emoji-only message that answers nothing.
pub const OFF_TOPIC_STICKER: RuleId = "off_topic.sticker";
/// A photo or video after a demand for photos (from someone else).
pub const PROOF_AFTER_DEMAND: RuleId = "proof.after_demand";
/// A photo or video right after the same sender's proof caption or photo.
pub const PROOF_WITH_CAPTION: RuleId = "proof.with_caption";
/// A photo or video after a notice (from someone else than its sender).
pub const PROOF_AFTER_NOTICE: RuleId = "proof.after_notice";
/// A reply inside an off-topic thread (+1, 哈哈, I'm in).
pub const OFF_TOPIC_THREAD: RuleId = "off_topic.thread";
/// A short reply to a greeting (a sticker, "you too!").
pub const GREETING_THREAD: RuleId = "greeting.thread";
/// A short report caption: 已完成, 入户走访, done ✅.
pub const PROOF_CAPTION: RuleId = "proof.caption";
/// Unambiguous flattery words, and little else.
pub const FLATTERY_LEXICON: RuleId = "flattery.lexicon";
/// Praise, an emoji, or a short reply that adds no work, shortly after a leader's post or inside a praise chain.
pub const FLATTERY_AFTER_LEADER: RuleId = "flattery.after_leader";
/// Praise (kudos, 点赞, 👏) and little else, with no leader post to answer.
pub const FLATTERY_PRAISE: RuleId = "flattery.praise";
/// Greeting or holiday-wish words, and little else.
pub const GREETING_LEXICON: RuleId = "greeting.lexicon";
/// A picture or sticker without text in the morning window, with no photo demand open.
pub const GREETING_MORNING_MEDIA: RuleId = "greeting.morning_media";
/// An ack word, and little else, while a notice is open.
pub const ACK_AFTER_NOTICE: RuleId = "ack.after_notice";
/// An ack word, and little else.
pub const ACK_LEXICON: RuleId = "ack.lexicon";
/// A 接龙 list whose entries are only names (and ack words).
pub const ACK_JIELONG: RuleId = "ack.jielong";
/// A sticker or emoji-only reply while a notice is open.
pub const ACK_EMOJI: RuleId = "ack.emoji";
/// A very short reply inside a run of acks.
pub const ACK_CHAIN: RuleId = "ack.chain";
/// A question.
pub const DISCUSSION_QUESTION: RuleId = "discussion.question";
/// A photo, video, file or link with no other cue.
pub const DISCUSSION_MEDIA: RuleId = "discussion.media";
/// Anything else: work talk.
pub const DISCUSSION_DEFAULT: RuleId = "discussion.default";

/// Every rule: id, the label it gives (`None`: the label of the message it repeats), and what it means.
pub const RULES: [(RuleId, Option<Label>, &str); 36] = [
    (SYSTEM_KIND, Some(Label::System), "a system or recall record"),
    (SYSTEM_BOT, Some(Label::System), "a bot's message that is not a notice"),
    (SYSTEM_TEXT, Some(Label::System), "a sender-less event line written as text"),
    (IMPORTANT_BOT_NOTICE, Some(Label::Important), "a bot's notice"),
    (IMPORTANT_PROHIBITION, Some(Label::Important), "a prohibition addressed to the group"),
    (
        IMPORTANT_DIRECTIVE,
        Some(Label::Important),
        "a directive with a deadline, task, meeting, photo demand, @all or leader",
    ),
    (IMPORTANT_DEADLINE, Some(Label::Important), "a resolved deadline with a task, meeting or @all"),
    (IMPORTANT_DIRECT, Some(Label::Important), "@someone with a task or deadline"),
    (IMPORTANT_MENTION_ALL, Some(Label::Important), "@all with content"),
    (IMPORTANT_MEETING, Some(Label::Important), "a meeting with a time"),
    (IMPORTANT_ATTACHMENT, Some(Label::Important), "pictures or a file right after the sender's notice"),
    (IMPORTANT_LEADER_TASK, Some(Label::Important), "a leader's short demand for photos or check-ins"),
    (CHAIN_REPEAT, None, "repeats the previous message; takes its label"),
    (OFF_TOPIC_RED_PACKET, Some(Label::OffTopic), "a red packet"),
    (OFF_TOPIC_LEXICON, Some(Label::OffTopic), "ads, shopping assists, votes, chain letters"),
    (OFF_TOPIC_CHITCHAT, Some(Label::OffTopic), "chit-chat without a work cue"),
    (OFF_TOPIC_STICKER, Some(Label::OffTopic), "a sticker or emoji answering nothing"),
    (PROOF_AFTER_DEMAND, Some(Label::ProofOfWork), "a photo after a demand for photos"),
    (PROOF_WITH_CAPTION, Some(Label::ProofOfWork), "a photo next to the same sender's proof"),
    (PROOF_AFTER_NOTICE, Some(Label::ProofOfWork), "a photo after a notice"),
    (OFF_TOPIC_THREAD, Some(Label::OffTopic), "a reply in an off-topic thread"),
    (GREETING_THREAD, Some(Label::Greeting), "a reply to a greeting"),
    (PROOF_CAPTION, Some(Label::ProofOfWork), "a short report caption"),
    (FLATTERY_LEXICON, Some(Label::Flattery), "unambiguous flattery"),
    (FLATTERY_AFTER_LEADER, Some(Label::Flattery), "praise or emoji after a leader's post"),
    (FLATTERY_PRAISE, Some(Label::Flattery), "praise with no leader post"),
    (GREETING_LEXICON, Some(Label::Greeting), "greeting or holiday wishes"),
    (GREETING_MORNING_MEDIA, Some(Label::Greeting), "a morning picture or sticker"),
    (ACK_AFTER_NOTICE, Some(Label::Ack), "an ack while a notice is open"),
    (ACK_LEXICON, Some(Label::Ack), "an ack"),
    (ACK_JIELONG, Some(Label::Ack), "a 接龙 list of names"),
    (ACK_EMOJI, Some(Label::Ack), "an emoji or sticker while a notice is open"),
    (ACK_CHAIN, Some(Label::Ack), "a short reply in a run of acks"),
    (DISCUSSION_QUESTION, Some(Label::Discussion), "a question"),
    (DISCUSSION_MEDIA, Some(Label::Discussion), "media with no other cue"),
    (DISCUSSION_DEFAULT, Some(Label::Discussion), "anything else"),
];
