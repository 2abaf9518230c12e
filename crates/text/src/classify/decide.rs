//! The ordered rules: from a message's features and its conversation to one label, rule id and evidence; and
//! what the conversation remembers afterwards.

use super::context::{Anchor, Conversation, Previous};
use super::features::Features;
use super::rules::*;
use super::{Classification, Input, Settings};
use crate::deadline::has_time_expression;
use crate::lexicon::Category as C;
use crate::normalize::Placeholder;
use jingjian_model::time::to_rfc3339;
use jingjian_model::{Label, MessageKind as K, Millis};
use std::borrow::Cow;
use xxhash_rust::xxh3::xxh3_64;

/// A stable non-zero hash of a sender id (0 stands for "no sender").
fn sender_hash(s: Option<&str>) -> u64 {
    s.map_or(0, |s| xxh3_64(s.as_bytes()) | 1)
}

fn done(label: Label, rule: RuleId, evidence: impl Into<Cow<'static, str>>) -> Classification {
    Classification { label, rule, evidence: evidence.into(), deadline: None }
}

/// Evidence made of pieces, in one allocation of the right size: `format!` (its machinery, and a `String` grown
/// from nothing) cost as much as all the rules together for most messages.
fn joined(parts: &[&str]) -> String {
    let mut s = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    parts.iter().for_each(|p| s.push_str(p));
    s
}

/// Evidence with a number in it, written into a `String` sized for it.
fn with_number(before: &str, n: i64, after: &str) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(before.len() + 20 + after.len());
    let _ = write!(s, "{before}{n}{after}");
    s
}

/// How soon after a notice its sender's pictures or file count as part of it (ms).
const ATTACHMENT_WINDOW: Millis = 2 * 60_000;

fn minutes(from: Millis, to: Millis) -> i64 {
    (to - from) / 60_000
}

/// The byte offset of a "已" that marks work done (已跑通, 已修好), skipping 已经, 已收到, 已阅, 已读, 已知.
fn done_marker(norm: &str) -> Option<usize> {
    norm.match_indices('已').map(|(i, _)| i).find(|&i| {
        let next = norm[i + '已'.len_utf8()..].chars().next();
        next.is_some_and(|c| !c.is_ascii() && c.is_alphabetic() && !matches!(c, '经' | '收' | '阅' | '读' | '知'))
    })
}

/// Words that mark a numbered list as a sign-up chain (接龙, WeChat's English "Group Note", Slack sign-up lists).
const JIELONG_MARKERS: [&str; 5] = ["接龙", "group note", "sign-up", "sign up", "add your name"];

/// Whether the message is only "1" or "+1" (回复1: the documented one-character ack).
fn bare_one(norm: &str) -> bool {
    let t = norm.trim();
    !t.is_empty() && t.len() <= 3 && t.trim_start_matches('+').bytes().all(|b| b == b'1')
}

/// Applies the rules in order; the first that fits decides. `deadline_of` gives the deadline a normalised text sets
/// for this message (asked at most once, and only when a rule needs it: the parser is the costliest step).
pub(super) fn decide(
    s: &Settings,
    m: &Input<'_>,
    norm: &str,
    f: &Features,
    conv: &Conversation,
    deadline_of: &dyn Fn(&str) -> Option<Millis>,
) -> Classification {
    let now = m.time;
    let me = sender_hash(m.sender);
    let cue = |c: C| joined(&[c.as_str(), " \"", f.term(c, norm), "\""]);

    if m.kind.is_system() {
        return done(Label::System, SYSTEM_KIND, joined(&["kind ", m.kind.as_str()]));
    }
    let text_content = f.text_content();
    let media = matches!(m.kind, K::Image | K::Video)
        || (text_content == 0 && (f.placeholder(Placeholder::Image) || f.placeholder(Placeholder::Video)));
    let sticker = m.kind == K::Sticker || (text_content == 0 && f.placeholder(Placeholder::Sticker));
    let emoji_only = m.kind == K::Text && f.content == 0 && !norm.is_empty() && f.placeholders.is_empty();
    let question = f.question_mark || f.has(C::Question);
    let notice = f.has(C::Notice);
    let task = f.has(C::Task);
    let meeting = f.has(C::Meeting);
    let checkin = f.has(C::CheckinDemand);
    let work_cue = notice || task || meeting || f.has(C::Deadline);
    let deadline_cell = std::cell::OnceCell::new();
    // Only a message with a work cue, a demand for check-ins or @all, and some content, can set one.
    let wants_deadline = (work_cue || checkin || m.mentions_all) && f.content >= 4;
    let deadline = || *deadline_cell.get_or_init(|| if wants_deadline { deadline_of(norm) } else { None });
    let important = |rule: RuleId, evidence: Cow<'static, str>| {
        let deadline = deadline();
        let evidence = match deadline {
            Some(d) => joined(&[&evidence, "; deadline ", &to_rfc3339(d)]).into(),
            None => evidence,
        };
        Classification { label: Label::Important, rule, evidence, deadline }
    };

    if m.kind == K::Bot {
        if (notice && (task || meeting || m.mentions_all || deadline().is_some()))
            || (m.mentions_all && text_content >= 6)
        {
            let ev = if notice { cue(C::Notice).into() } else { "bot @all".into() };
            return important(IMPORTANT_BOT_NOTICE, ev);
        }
        return done(Label::System, SYSTEM_BOT, "kind bot");
    }
    if m.sender.is_none() && f.has(C::System) {
        return done(Label::System, SYSTEM_TEXT, cue(C::System));
    }

    // A repeat chain (复读机): the same words as the previous message from someone else, soon after.
    if let Some(p) = conv.previous
        && !norm.is_empty()
        && p.sender != me
        && p.label.is_noise()
        && p.label != Label::System
        && now >= p.time
        && now - p.time <= s.chain_window
        && f.content <= 40
        && p.text_hash == xxh3_64(norm.as_bytes())
    {
        return done(p.label, CHAIN_REPEAT, joined(&["repeats the previous message (", p.label.as_str(), ")"]));
    }

    // 接龙: a numbered list of names, each new message repeating the whole list.
    if let Some(l) = f.list {
        let jielong = JIELONG_MARKERS.iter().any(|k| norm.contains(k));
        // Entries of a marked list carry a unit, a name and a status (退役军人事务局 张三 已报送).
        if (jielong && l.longest <= 16) || (!notice && l.entries >= 3 && l.longest <= 6) {
            return done(Label::Ack, ACK_JIELONG, with_number("接龙 list of ", l.entries as i64, " entries"));
        }
    }

    // A reply to the question just asked (by someone else): it carries an answer.
    let answering = conv.previous.is_some_and(|p| p.question && p.sender != me && now - p.time <= s.chain_window);
    let residue = f.residue();
    let soft = residue <= s.max_residue && !question;
    let noise_words = f.has(C::Ack) || f.has(C::Praise) || f.has(C::Flattery) || f.has(C::Greeting);
    let pure_noise = noise_words && soft;

    if f.has(C::Prohibition) && (notice || m.mentions_all || m.sender_is_leader || text_content >= 12) && !question {
        return important(IMPORTANT_PROHIBITION, cue(C::Prohibition).into());
    }
    if m.kind == K::RedPacket || f.placeholder(Placeholder::RedPacket) {
        return done(Label::OffTopic, OFF_TOPIC_RED_PACKET, "red packet");
    }
    if f.has(C::OffTopic) && !(task && notice) {
        return done(Label::OffTopic, OFF_TOPIC_LEXICON, cue(C::OffTopic));
    }

    if !pure_noise {
        // Notice words found twice or more (重要 … 务必, 请各网格员 … 请相互转告) address the readers on their own.
        let addressed = f.has(C::Deadline)
            || f.hits[C::Notice as usize] >= 2
            || task
            || meeting
            || checkin
            || m.mentions_all
            || m.sender_is_leader
            || deadline().is_some();
        // A short answer to someone's question ("可以，最晚周五前") settles it; it is not a new directive.
        let asks = (question && !m.mentions_all && !m.sender_is_leader && deadline().is_none())
            || (answering && !m.mentions_all && text_content <= 24);
        if notice && addressed && !asks {
            return important(IMPORTANT_DIRECTIVE, cue(C::Notice).into());
        }
        // A leader's post that sets a deadline is a directive even without a task word.
        let leader_sets = m.sender_is_leader && text_content >= 12;
        if (task || meeting || checkin || m.mentions_all || leader_sets) && !asks && deadline().is_some() {
            let c = if task {
                C::Task
            } else if meeting {
                C::Meeting
            } else {
                C::CheckinDemand
            };
            let ev = if task || meeting || checkin {
                cue(c)
            } else if m.mentions_all {
                "@all".into()
            } else {
                "leader".into()
            };
            return important(IMPORTANT_DEADLINE, ev.into());
        }
        if m.mentions > 0 && !question && text_content >= 8 && (task || deadline().is_some()) {
            return important(
                IMPORTANT_DIRECT,
                with_number("@", m.mentions.into(), " member(s) with a task or deadline").into(),
            );
        }
        if m.mentions_all && text_content >= 6 {
            return important(IMPORTANT_MENTION_ALL, "@all with content".into());
        }
        if meeting && !question && has_time_expression(norm) {
            return important(IMPORTANT_MEETING, cue(C::Meeting).into());
        }
        // A leader's short demand for photos or check-ins; not a speech and not an answer to a question.
        if m.sender_is_leader && checkin && (8..=40).contains(&text_content) && !question && !answering {
            return important(IMPORTANT_LEADER_TASK, joined(&["leader; ", &cue(C::CheckinDemand)]).into());
        }
    }

    let notice_open = conv.notice.is_some_and(|a| a.within(now, s.notice_window));
    let demand_open = conv.demand.is_some_and(|a| a.within(now, s.demand_window) && a.sender != me);
    // A notice's sender sends pictures or a file right after it: they belong to the notice.
    if (media || (text_content == 0 && !matches!(m.kind, K::Text | K::Sticker)))
        && let Some(n) = conv.notice
        && n.sender == me
        && n.within(now, ATTACHMENT_WINDOW)
    {
        return important(IMPORTANT_ATTACHMENT, joined(&[m.kind.as_str(), " right after the sender's notice"]).into());
    }
    // Photos from the notice's own sender (not a leader) long after it report their own work: a relayed demand
    // binds the one who relayed it too.
    let other_or_later = |a: &Anchor| a.sender != me || (!m.sender_is_leader && now - a.time > s.caption_window);
    if media {
        if let Some(d) = conv.demand
            && d.within(now, s.demand_window)
            && other_or_later(&d)
        {
            return done(
                Label::ProofOfWork,
                PROOF_AFTER_DEMAND,
                with_number(&joined(&[m.kind.as_str(), " "]), minutes(d.time, now), " min after a demand for photos"),
            );
        }
        if let Some(p) = conv.proof
            && p.sender == me
            && p.within(now, s.caption_window)
        {
            return done(
                Label::ProofOfWork,
                PROOF_WITH_CAPTION,
                joined(&[m.kind.as_str(), " next to the sender's proof"]),
            );
        }
        if let Some(n) = conv.notice
            && n.within(now, s.notice_window)
            && other_or_later(&n)
        {
            return done(
                Label::ProofOfWork,
                PROOF_AFTER_NOTICE,
                with_number(&joined(&[m.kind.as_str(), " "]), minutes(n.time, now), " min after a notice"),
            );
        }
    }
    // A short caption right after the same sender's proof photo.
    if let Some(p) = conv.proof
        && p.sender == me
        && p.within(now, s.caption_window)
        && !media
        && text_content > 0
        && text_content <= 30
        && !question
        && !f.has(C::Ack)
    {
        return done(Label::ProofOfWork, PROOF_WITH_CAPTION, "caption next to the sender's proof");
    }
    if f.has(C::Proof) && !question && text_content <= 60 {
        let term = f.term(C::Proof, norm);
        // A bare ✅ is an ack; a ✅ next to words reports work done.
        let mark_only = !term.chars().any(char::is_alphanumeric) && f.residue() < 2;
        let strong = term.starts_with('已') || term.starts_with("正在") || f.hits[C::Proof as usize] >= 2;
        // A weak term (巡查, 宣传, uploaded) in an answer to a question, or in a longer text that also names a
        // task (我建议…台账合在一起报), is work talk rather than a report.
        let weak_ok = !answering && (text_content <= 12 || (!task && text_content <= 30));
        if !mark_only
            && (strong
                || (weak_ok && (demand_open || notice_open || text_content <= 12))
                || f.placeholder(Placeholder::Image))
        {
            return done(Label::ProofOfWork, PROOF_CAPTION, cue(C::Proof));
        }
    }
    // "已…" (已跑通, 已修好) right after a notice, from someone other than its sender: a report of work done.
    if (notice_open || demand_open)
        && conv.notice.is_some_and(|n| n.sender != me)
        && !question
        && text_content <= 30
        && let Some(i) = done_marker(norm)
    {
        return done(
            Label::ProofOfWork,
            PROOF_CAPTION,
            joined(&["status \"", &norm[i..norm[i..].char_indices().nth(2).map_or(norm.len(), |(k, _)| i + k)], "\""]),
        );
    }
    if f.placeholder(Placeholder::Image) && demand_open && !question {
        return done(Label::ProofOfWork, PROOF_CAPTION, "text with photos after a demand for photos");
    }

    // Replies that continue the thread just before them (an off-topic chat, a round of greetings).
    if let Some(p) = conv.previous
        && now >= p.time
        && now - p.time <= s.caption_window
        && text_content <= 12
        && !work_cue
        && !f.has(C::Proof)
    {
        // "多少钱一斤？" under a fruit ad is still the ad's thread.
        if p.label == Label::OffTopic {
            return done(Label::OffTopic, OFF_TOPIC_THREAD, "reply in an off-topic thread");
        }
        if p.label == Label::Greeting && text_content <= 8 && !question && !f.has(C::Ack) && !f.has(C::Flattery) {
            return done(Label::Greeting, GREETING_THREAD, "reply to a greeting");
        }
    }

    let leader_open = conv.leader_post.is_some_and(|a| {
        a.within(now, s.leader_window) && a.sender != me && conv.notice.is_none_or(|n| a.time > n.time)
    });
    // An emoji or 👍 answers a leader's speech (a long post) or joins a praise chain; after a short post it thanks.
    let praise_chain = conv.previous.is_some_and(|p| p.label == Label::Flattery && now - p.time <= s.chain_window);
    let speech_open = leader_open && conv.leader_post.is_some_and(|a| a.weight >= 30);
    // "收到，谢谢领导" / "收到，辛苦了": an ack that thanks (the documented ack pattern), not praise.
    let ack_led_thanks = f.has(C::Ack) && (f.has(C::Flattery) || f.has(C::Praise)) && {
        let ack_at = f.first[C::Ack as usize].0;
        [C::Flattery, C::Praise].iter().all(|&c| {
            !f.has(c) || {
                let t = f.term(c, norm);
                f.first[c as usize].0 > ack_at
                    && ["谢谢", "感谢", "辛苦", "领导辛苦", "thank"].iter().any(|k| t.starts_with(k))
            }
        })
    };
    if f.has(C::Flattery) && residue <= s.max_residue + 4 && !question && !ack_led_thanks {
        return done(Label::Flattery, FLATTERY_LEXICON, cue(C::Flattery));
    }
    let emoji_reply = emoji_only || sticker || (f.has(C::Ack) && residue == 0 && !f.soft_words);
    let praise_like = f.has(C::Praise) || (emoji_reply && (speech_open || praise_chain));
    if praise_like && soft && (leader_open || praise_chain) && !f.has(C::Greeting) && !ack_led_thanks {
        let ev = if f.has(C::Praise) { cue(C::Praise) } else { "emoji reply".into() };
        return done(Label::Flattery, FLATTERY_AFTER_LEADER, joined(&[&ev, " after a leader's post"]));
    }
    // Short replies to a leader's speech that neither ask nor add work: the praise chain of the research notes.
    if speech_open
        && text_content <= 16
        && !question
        && !work_cue
        && !f.has(C::Ack)
        && !f.has(C::Greeting)
        && !f.has(C::Proof)
        && !m.sender_is_leader
    {
        return done(Label::Flattery, FLATTERY_AFTER_LEADER, "short reply to a leader's speech");
    }
    if f.has(C::Praise)
        && soft
        && !ack_led_thanks
        && !(f.has(C::Greeting) && f.hits[C::Greeting as usize] >= f.hits[C::Praise as usize])
    {
        return done(Label::Flattery, FLATTERY_PRAISE, cue(C::Praise));
    }

    let greeting_room = s.max_residue + 4 * u16::from(f.hits[C::Greeting as usize].min(2));
    if f.has(C::Greeting) && residue <= greeting_room && !question {
        return done(Label::Greeting, GREETING_LEXICON, cue(C::Greeting));
    }
    let hour = ((now.div_euclid(1000) + i64::from(m.offset_secs)).rem_euclid(86_400) / 3600) as u32;
    // A sticker that follows a notice or an ack within minutes joins the 收到 chain, not the morning round.
    let in_ack_run = notice_open
        && conv
            .previous
            .is_some_and(|p| matches!(p.label, Label::Ack | Label::Important) && now - p.time <= s.chain_window);
    if (media || sticker)
        && text_content == 0
        && (s.greeting_hours.0..s.greeting_hours.1).contains(&hour)
        && !demand_open
        && !in_ack_run
    {
        return done(
            Label::Greeting,
            GREETING_MORNING_MEDIA,
            with_number(&joined(&[m.kind.as_str(), " at "]), hour.into(), ":00 local"),
        );
    }

    if (f.has(C::Ack) || bare_one(norm)) && soft && !(answering && residue >= 2) {
        let rule = if notice_open { ACK_AFTER_NOTICE } else { ACK_LEXICON };
        return done(Label::Ack, rule, cue(C::Ack));
    }
    if (sticker || emoji_only) && notice_open {
        return done(Label::Ack, ACK_EMOJI, "emoji reply to a notice");
    }
    if conv.ack_run >= 2
        && text_content <= 4
        && !question
        && conv.previous.is_some_and(|p| now - p.time <= s.chain_window)
    {
        return done(Label::Ack, ACK_CHAIN, with_number("short reply after ", conv.ack_run as i64, " acks"));
    }

    if f.has(C::Chitchat) && !work_cue && !answering {
        return done(Label::OffTopic, OFF_TOPIC_CHITCHAT, cue(C::Chitchat));
    }
    if sticker || emoji_only {
        return done(Label::OffTopic, OFF_TOPIC_STICKER, "sticker or emoji");
    }
    if text_content == 0 && (media || !matches!(m.kind, K::Text)) {
        return done(Label::Discussion, DISCUSSION_MEDIA, joined(&["kind ", m.kind.as_str()]));
    }
    if question {
        let ev = if f.question_mark { "question mark".into() } else { cue(C::Question) };
        return done(Label::Discussion, DISCUSSION_QUESTION, ev);
    }
    done(Label::Discussion, DISCUSSION_DEFAULT, "no other rule")
}

/// Updates the conversation with the message just classified.
pub(super) fn remember(m: &Input<'_>, norm: &str, f: &Features, c: &Classification, conv: &mut Conversation) {
    let anchor = Anchor { time: m.time, sender: sender_hash(m.sender), weight: f.content };
    match c.label {
        Label::Important => {
            conv.notice = Some(anchor);
            if f.has(C::CheckinDemand) {
                conv.demand = Some(anchor);
            }
        }
        Label::ProofOfWork => conv.proof = Some(anchor),
        _ => {}
    }
    if m.sender_is_leader && matches!(c.label, Label::Important | Label::Discussion | Label::ProofOfWork) {
        conv.leader_post = Some(anchor);
    }
    conv.ack_run = match c.label {
        Label::Ack => conv.ack_run.saturating_add(1),
        l if l.is_noise() => conv.ack_run,
        _ => 0,
    };
    if m.kind != K::Bot && !m.kind.is_system() {
        conv.previous = Some(Previous {
            time: m.time,
            sender: anchor.sender,
            label: c.label,
            text_hash: xxh3_64(norm.as_bytes()),
            question: f.question_mark || f.has(C::Question),
        });
    }
}
