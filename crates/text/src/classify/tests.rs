//! Behaviour of the rules, one situation at a time, each in its own small conversation.

use super::rules::*;
use super::*;
use crate::lexicon::LexiconOverrides;
use jingjian_model::time::parse_rfc3339;

/// A conversation player: messages at minute offsets from 2024-06-03 08:00 in UTC+8.
struct Chat {
    classifier: Classifier,
    conv: Conversation,
}

#[derive(Clone, Copy)]
struct Msg<'a> {
    min: i64,
    who: &'a str,
    text: &'a str,
    kind: MessageKind,
    leader: bool,
    all: bool,
}

fn msg<'a>(min: i64, who: &'a str, text: &'a str) -> Msg<'a> {
    Msg { min, who, text, kind: MessageKind::Text, leader: false, all: false }
}

impl<'a> Msg<'a> {
    fn leader(self) -> Self {
        Msg { leader: true, ..self }
    }
    fn all(self) -> Self {
        Msg { all: true, ..self }
    }
    fn kind(self, kind: MessageKind) -> Self {
        Msg { kind, ..self }
    }
}

impl Chat {
    fn new() -> Chat {
        Chat { classifier: Classifier::new(&Lexicon::default()), conv: Conversation::new() }
    }

    fn say(&mut self, m: Msg<'_>) -> Classification {
        let base = parse_rfc3339("2024-06-03T08:00:00+08:00").unwrap();
        let input = Input {
            text: m.text,
            kind: m.kind,
            sender: if m.kind.is_system() { None } else { Some(m.who) },
            sender_is_leader: m.leader,
            mentions_all: m.all,
            mentions: 0,
            time: base + m.min * 60_000,
            offset_secs: 8 * 3600,
        };
        self.classifier.classify(&input, &mut self.conv)
    }
}

#[test]
fn notice_then_ack_chain_with_names_emoji_and_repeats() {
    let mut c = Chat::new();
    let n = c.say(msg(0, "zhen", "@所有人 请各村于6月5日前报送防汛排查台账，收到请回复").leader().all());
    assert_eq!((n.label, n.rule), (Label::Important, IMPORTANT_DIRECTIVE));
    assert_eq!(n.deadline, parse_rfc3339("2024-06-05T23:59:59.999+08:00"));
    assert!(
        n.evidence.contains("请各村") && n.evidence.contains("deadline 2024-06-05T15:59:59.999Z"),
        "{}",
        n.evidence
    );
    let a = c.say(msg(1, "a", "收到"));
    assert_eq!((a.label, a.rule, &*a.evidence), (Label::Ack, ACK_AFTER_NOTICE, "ack \"收到\""));
    assert_eq!(c.say(msg(2, "b", "收到")).rule, CHAIN_REPEAT);
    assert_eq!(c.say(msg(3, "c", "收到！东山村 周平")).label, Label::Ack);
    assert_eq!(c.say(msg(4, "d", "[强][强]")).label, Label::Ack);
    assert_eq!(c.say(msg(5, "e", "1")).rule, ACK_AFTER_NOTICE, "回复1 is the documented one-character ack");
    assert_eq!(c.say(msg(5, "e2", "对")).rule, ACK_CHAIN);
    let q = c.say(msg(6, "f", "请问是用上次那个表格报吗？"));
    assert_eq!((q.label, q.rule), (Label::Discussion, DISCUSSION_QUESTION));
}

#[test]
fn the_same_ack_without_a_notice_is_still_an_ack_by_lexicon() {
    let mut c = Chat::new();
    let a = c.say(msg(0, "a", "好的，谢谢"));
    assert_eq!((a.label, a.rule), (Label::Ack, ACK_LEXICON));
    let e = c.say(msg(1, "b", "Got it, thanks!"));
    assert_eq!(e.label, Label::Ack);
}

#[test]
fn praise_after_a_leader_speech_is_flattery_but_thanks_after_a_short_post_is_ack() {
    let mut c = Chat::new();
    let speech = "今天下午的全镇工作会上我讲了三点，一是思想上高度重视，二是责任压实到人，三是作风上真抓实干，希望大家会后认真思考。";
    assert_eq!(c.say(msg(0, "shuji", speech).leader()).label, Label::Discussion);
    assert_eq!(c.say(msg(1, "a", "讲得透彻，受益匪浅")).rule, FLATTERY_LEXICON);
    assert_eq!(c.say(msg(2, "b", "👏👏")).rule, FLATTERY_AFTER_LEADER);
    assert_eq!(c.say(msg(3, "c", "👍")).label, Label::Flattery, "a thumbs-up under a speech joins the praise");
    assert_eq!(c.say(msg(4, "d", "书记说得对，群众满意才是根本")).rule, FLATTERY_AFTER_LEADER);

    let mut c = Chat::new();
    c.say(msg(0, "lead", "Access for Tom is sorted, ticket OPS-1").leader());
    assert_eq!(c.say(msg(1, "tom", "🙏")).label, Label::Ack);
}

#[test]
fn photos_after_a_check_in_demand_are_proof_and_so_are_their_captions() {
    let mut c = Chat::new();
    let d = c.say(msg(0, "jd", "@所有人 请各网格员到岗后拍照打卡，照片发到本群").leader().all());
    assert_eq!(d.label, Label::Important);
    let p = c.say(msg(5, "a", "").kind(MessageKind::Image));
    assert_eq!((p.label, p.rule), (Label::ProofOfWork, PROOF_AFTER_DEMAND));
    assert_eq!(c.say(msg(5, "a", "幸福社区 马晓丽 到岗")).rule, PROOF_WITH_CAPTION);
    assert_eq!(c.say(msg(20, "b", "和平社区已完成入户走访38户")).rule, PROOF_CAPTION);
    // The leader's own photo is not an answer to their own demand.
    assert_ne!(c.say(msg(30, "jd", "").kind(MessageKind::Image).leader()).rule, PROOF_AFTER_DEMAND);
}

#[test]
fn morning_pictures_and_holiday_wishes_are_greetings() {
    let mut c = Chat::new();
    // 06:10 local: minus 110 minutes from 08:00.
    let g = c.say(msg(-110, "a", "").kind(MessageKind::Image));
    assert_eq!((g.label, g.rule), (Label::Greeting, GREETING_MORNING_MEDIA));
    assert_eq!(c.say(msg(-100, "b", "祝大家中秋快乐，阖家幸福！")).rule, GREETING_LEXICON);
    assert_eq!(c.say(msg(-99, "c", "").kind(MessageKind::Sticker)).rule, GREETING_THREAD);
    assert_eq!(c.say(msg(-90, "d", "Good morning team ☕")).label, Label::Greeting);
    assert_eq!(c.say(msg(-80, "e", "早安")).label, Label::Greeting);
    // An afternoon picture without context is not a greeting.
    assert_eq!(c.say(msg(400, "f", "").kind(MessageKind::Image)).label, Label::Discussion);
}

#[test]
fn system_bot_and_recall_records() {
    let mut c = Chat::new();
    assert_eq!(c.say(msg(0, "-", "王芳撤回了一条消息").kind(MessageKind::Recall)).rule, SYSTEM_KIND);
    assert_eq!(c.say(msg(1, "bot", "今日天气：多云").kind(MessageKind::Bot)).rule, SYSTEM_BOT);
    let b = c.say(msg(2, "bot", "【系统提醒】请于6月25日18:00前完成考勤确认").kind(MessageKind::Bot));
    assert_eq!((b.label, b.rule), (Label::Important, IMPORTANT_BOT_NOTICE));
    let t = c.classifier.classify(
        &Input { sender: None, ..Input::text("\"李强\"邀请\"王芳\"加入了群聊", "x", 0, 8 * 3600) },
        &mut c.conv,
    );
    assert_eq!((t.label, t.rule), (Label::System, SYSTEM_TEXT));
}

#[test]
fn spam_red_packets_and_prohibitions() {
    let mut c = Chat::new();
    assert_eq!(c.say(msg(0, "a", "帮我在拼多多砍一刀，谢谢啦")).rule, OFF_TOPIC_LEXICON);
    assert_eq!(c.say(msg(1, "b", "[红包] 恭喜发财，大吉大利").kind(MessageKind::RedPacket)).rule, OFF_TOPIC_RED_PACKET);
    assert_eq!(c.say(msg(2, "c", "哈哈哈")).rule, OFF_TOPIC_THREAD);
    let p = c.say(msg(10, "admin", "@所有人 本群为工作群，严禁发布广告、拉票、砍价链接和红包").leader().all());
    assert_eq!((p.label, p.rule), (Label::Important, IMPORTANT_PROHIBITION));
    let s = c.say(msg(20, "d", "Earn $500/day from home with this crypto airdrop, DM me"));
    assert_eq!(s.label, Label::OffTopic);
}

#[test]
fn jielong_lists_are_acks_but_a_numbered_agenda_in_a_notice_is_not() {
    let mut c = Chat::new();
    let j = c.say(msg(0, "a", "#接龙\n周四议事会参会\n\n1. 刘建国 1栋\n2. 陈红 2栋"));
    assert_eq!((j.label, j.rule), (Label::Ack, ACK_JIELONG));
    let n = c.say(
        msg(1, "zr", "会议通知：周四下午2点开会，议程：1. 传达上级文件精神 2. 部署下半年防汛工作 3. 其他事项").leader(),
    );
    assert_eq!(n.label, Label::Important);
}

#[test]
fn english_channel_announcements_and_kudos() {
    let mut c = Chat::new();
    let n = c.say(msg(0, "maria", "@channel Reminder: expense reports are due by EOD Friday").all());
    assert_eq!(n.label, Label::Important);
    assert_eq!(n.deadline, parse_rfc3339("2024-06-07T18:00:00+08:00"));
    assert_eq!(c.say(msg(1, "tom", "+1")).label, Label::Ack);
    assert_eq!(c.say(msg(2, "sam", "Kudos to Lena for the migration!")).label, Label::Flattery);
    let m = c.say(msg(3, "alex", "Postmortem tomorrow at 11am in the Everest room, agenda in the invite"));
    assert_eq!((m.label, m.rule), (Label::Important, IMPORTANT_MEETING));
    assert_eq!(c.say(msg(4, "jin", "Can someone review PR 4412?")).rule, DISCUSSION_QUESTION);
}

#[test]
fn traditional_chinese_reads_like_simplified() {
    let mut c = Chat::new();
    let n = c.say(msg(0, "kz", "@所有人 請各科室務必於明天下班前回報參加人員名單").all());
    assert_eq!(n.label, Label::Important);
    assert_eq!(n.deadline, parse_rfc3339("2024-06-04T18:00:00+08:00"));
    assert_eq!(c.say(msg(1, "a", "收到，謝謝科長")).label, Label::Ack);
    assert_eq!(c.say(msg(2, "b", "領導辛苦了")).label, Label::Flattery);
}

#[test]
fn lexicon_overrides_change_the_classifier() {
    let mut lex = Lexicon::default();
    let before = Classifier::new(&lex);
    let mut conv = Conversation::new();
    assert_eq!(before.classify(&Input::text("阅", "a", 0, 0), &mut conv).label, Label::Discussion);
    lex.merge(&LexiconOverrides::from_toml("[lexicon.ack]\nadd = [\"阅\"]\n", "t.toml").unwrap());
    let after = Classifier::new(&lex);
    assert_eq!(after.classify(&Input::text("阅", "a", 0, 0), &mut Conversation::new()).label, Label::Ack);
}

#[test]
fn every_rule_id_is_unique_and_documented() {
    let doc = include_str!("../../../../docs/classification.md");
    let mut seen = std::collections::HashSet::new();
    for (id, _, _) in RULES {
        assert!(seen.insert(id), "rule {id} listed twice");
        assert!(doc.contains(&format!("`{id}`")), "rule {id} is not described in docs/classification.md");
    }
}

#[test]
fn conversations_forget_on_reset() {
    let mut c = Chat::new();
    c.say(msg(0, "zhen", "@所有人 请各村今天下班前报送材料").all());
    c.conv.reset();
    assert_eq!(c.say(msg(1, "a", "收到")).rule, ACK_LEXICON);
}

#[test]
fn pictures_right_after_a_leader_post_belong_to_it_and_later_own_photos_are_proof() {
    let mut c = Chat::new();
    let post = "今天带队到东山村检查森林防火工作，请各单位对照清单，本周五前完成整改。";
    assert_eq!(c.say(msg(0, "shuji", post).leader()).label, Label::Important);
    let p = c.say(msg(1, "shuji", "").kind(MessageKind::Image).leader());
    assert_eq!((p.label, p.rule), (Label::Important, IMPORTANT_ATTACHMENT));

    // A staff member relays a demand for photos, then reports their own work hours later.
    let mut c = Chat::new();
    assert_eq!(c.say(msg(0, "wang", "请各网格员今晚前报3张巡查照片，收到请回复").all()).label, Label::Important);
    assert_eq!(c.say(msg(1, "wang", "").kind(MessageKind::Image)).rule, IMPORTANT_ATTACHMENT);
    let later = c.say(msg(150, "wang", "").kind(MessageKind::Image));
    assert_eq!((later.label, later.rule), (Label::ProofOfWork, PROOF_AFTER_DEMAND));
}

#[test]
fn sign_up_chains_with_units_names_and_status_are_acks() {
    let mut c = Chat::new();
    c.say(msg(0, "zhen", "请各单位完成自查报告报送后在群里接龙，收到请回复").all());
    let j = c.say(msg(5, "a", "#接龙\n自查报告报送情况\n\n1. 退役军人事务局 何建桂 已报送\n2. 东山村 周平 参加"));
    assert_eq!((j.label, j.rule), (Label::Ack, ACK_JIELONG));
    let e = c.say(msg(9, "b", "Sign-up: the CRM cleanup (Wednesday)\n\n1. Divya Chen (Legal)\n2. Jason Yeo - done"));
    assert_eq!(e.rule, ACK_JIELONG);
}

#[test]
fn a_short_answer_with_a_deadline_is_discussion_not_a_new_directive() {
    let mut c = Chat::new();
    c.say(msg(0, "a", "台账的截止时间能延后一天吗？还有3户没核实完"));
    let r = c.say(msg(3, "zhen", "可以，最晚请于6月10日12点前，不能再晚了").leader());
    assert_eq!(r.label, Label::Discussion, "{}", r.rule);
    let mut c = Chat::new();
    c.say(msg(0, "a", "Is the survey deadline still on?"));
    assert_eq!(c.say(msg(2, "b", "Yes, still tomorrow noon")).label, Label::Discussion);
}

#[test]
fn acks_that_thank_stay_acks_and_bare_stickers_after_a_notice_join_the_chain() {
    let mut c = Chat::new();
    c.say(msg(0, "zhen", "@所有人 请各村于6月5日前报送防汛排查台账，收到请回复").leader().all());
    assert_eq!(c.say(msg(1, "a", "收到谢谢领导")).label, Label::Ack);
    assert_eq!(c.say(msg(2, "b", "收到，辛苦了")).label, Label::Ack);
    assert_eq!(c.say(msg(3, "c", "保证完成")).label, Label::Ack);
    // 08:04 is greeting time, but this sticker answers the notice.
    let s = c.say(msg(4, "d", "").kind(MessageKind::Sticker));
    assert_eq!((s.label, s.rule), (Label::Ack, ACK_EMOJI));
}

#[test]
fn a_price_question_under_an_ad_stays_in_the_off_topic_thread() {
    let mut c = Chat::new();
    assert_eq!(c.say(msg(0, "a", "团购脐橙，自家种的，60元一箱，需要的私聊")).label, Label::OffTopic);
    let q = c.say(msg(2, "b", "多少钱一斤？"));
    assert_eq!((q.label, q.rule), (Label::OffTopic, OFF_TOPIC_THREAD));
    // A work question in the same place is not.
    assert_eq!(c.say(msg(3, "c", "台账是周五交吗？")).label, Label::Discussion);
}

/// Notices that name a kind of work (值班, 已落实) are notices, not reports of that work: two notice words address
/// the readers, 请接龙 with a deadline demands a chain, a grid meeting with a time is a meeting. A report of the
/// same work stays proof of work.
#[test]
fn notices_about_duty_and_chains_are_not_proof_of_work() {
    let mut c = Chat::new();
    let duty = c.say(msg(0, "a", "重要：本周值班安排已发群文件，请各网格员查收，值班人员务必在岗在位。"));
    assert_eq!((duty.label, duty.rule), (Label::Important, IMPORTANT_DIRECTIVE));
    let chain = c.say(msg(30, "b", "耕地保护工作已落实的单位请接龙，截止时间：6月5日13:00，谢谢！"));
    assert_eq!((chain.label, chain.rule), (Label::Important, IMPORTANT_DEADLINE));
    let meeting = c.say(msg(60, "c", "明早8点开人居环境整治网格会，带齐3类台账，到岗后拍照发群。"));
    assert_eq!((meeting.label, meeting.rule), (Label::Important, IMPORTANT_MEETING));
    let mut d = Chat::new();
    assert_eq!(d.say(msg(0, "a", "今日值班，一切正常")).label, Label::ProofOfWork);
    assert_eq!(d.say(msg(300, "b", "李家村耕地保护工作已落实")).label, Label::ProofOfWork);
}
