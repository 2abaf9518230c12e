//! What a WeChat CSV row is: its type label (PyWxDump `type_name`, MemoTrace `类型`) or raw database codes
//! (MemoTrace legacy `Type`/`SubType`), its placeholder text (`[图片]`), and recall notices, mapped to a
//! [`MessageKind`].

use jingjian_model::MessageKind;

/// A kind and whether the message is a forwarded bundle of chat records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kind {
    pub kind: MessageKind,
    pub forwarded: bool,
    /// A quote reply (引用回复): its text may carry the quoted message.
    pub quote: bool,
}

impl Kind {
    const fn of(kind: MessageKind) -> Kind {
        Kind { kind, forwarded: false, quote: false }
    }
    const FORWARD: Kind = Kind { kind: MessageKind::Other, forwarded: true, quote: false };
    const QUOTE: Kind = Kind { kind: MessageKind::Text, forwarded: false, quote: true };
}

/// The kind a Chinese type label names (PyWxDump's `(Type, SubType)` labels and MemoTrace's), if known.
pub fn from_label(label: &str) -> Option<Kind> {
    use MessageKind::*;
    let k = match label.trim() {
        "文本" | "文字" | "群公告" => Kind::of(Text),
        "引用回复" | "引用消息" | "引用" => Kind::QUOTE,
        "图片" => Kind::of(Image),
        "语音" => Kind::of(Voice),
        "视频" | "小视频" => Kind::of(Video),
        "动画表情" | "表情" | "用户上传的GIF表情" => Kind::of(Sticker),
        "位置" | "共享实时位置" => Kind::of(Location),
        "文件" => Kind::of(File),
        "卡片式链接" | "链接" | "分享链接" | "视频号" | "音乐" | "公众号文章" => Kind::of(Link),
        "合并转发的聊天记录" | "合并转发" | "聊天记录" => Kind::FORWARD,
        "接龙" | "投票" => Kind::of(Poll),
        "转账" | "红包" | "赠送红包封面" => Kind::of(RedPacket),
        "语音通话" | "视频通话" | "音视频通话" | "通话" => Kind::of(Call),
        "系统通知" | "系统消息" | "邀请加群" | "拍一拍" => Kind::of(System),
        "消息撤回" | "撤回消息" | "撤回" => Kind::of(Recall),
        "名片" | "小程序" | "笔记" | "收藏笔记" => Kind::of(Other),
        _ => return None,
    };
    Some(k)
}

/// The kind of raw WeChat database codes (MemoTrace legacy `Type`, `SubType`).
pub fn from_codes(ty: i64, sub: i64) -> Kind {
    use MessageKind::*;
    match (ty, sub) {
        (1, _) => Kind::of(Text),
        (3, _) => Kind::of(Image),
        (34, _) => Kind::of(Voice),
        (43, _) | (62, _) => Kind::of(Video),
        (47, _) => Kind::of(Sticker),
        (48, _) => Kind::of(Location),
        (42, _) | (66, _) => Kind::of(Other),
        (50, _) => Kind::of(Call),
        (49, 0) | (49, 6) => Kind::of(File),
        (49, 1) | (49, 87) => Kind::of(Text),
        (49, 3) | (49, 4) | (49, 5) | (49, 51) | (49, 76) => Kind::of(Link),
        (49, 8) => Kind::of(Sticker),
        (49, 17) => Kind::of(System),
        (49, 19) => Kind::FORWARD,
        (49, 53) => Kind::of(Poll),
        (49, 57) => Kind::QUOTE,
        (49, 2000) | (49, 2001) | (49, 2003) => Kind::of(RedPacket),
        (10000, _) | (10002, _) => Kind::of(System),
        _ => Kind::of(Other),
    }
}

/// Placeholder texts that exporters write instead of media, and the kind each stands for.
const PLACEHOLDERS: [(&str, Kind); 17] = [
    ("[图片]", Kind::of(MessageKind::Image)),
    ("[语音]", Kind::of(MessageKind::Voice)),
    ("[视频]", Kind::of(MessageKind::Video)),
    ("[动画表情]", Kind::of(MessageKind::Sticker)),
    ("[表情]", Kind::of(MessageKind::Sticker)),
    ("[文件]", Kind::of(MessageKind::File)),
    ("[位置]", Kind::of(MessageKind::Location)),
    ("[链接]", Kind::of(MessageKind::Link)),
    ("[卡片式链接]", Kind::of(MessageKind::Link)),
    ("[红包]", Kind::of(MessageKind::RedPacket)),
    ("[转账]", Kind::of(MessageKind::RedPacket)),
    ("[语音通话]", Kind::of(MessageKind::Call)),
    ("[视频通话]", Kind::of(MessageKind::Call)),
    ("[合并转发的聊天记录]", Kind::FORWARD),
    ("[聊天记录]", Kind::FORWARD),
    ("[名片]", Kind::of(MessageKind::Other)),
    ("[小程序]", Kind::of(MessageKind::Other)),
];

/// A placeholder at the start of `content`: its kind and the text after it (a file name, a link title).
pub fn placeholder(content: &str) -> Option<(Kind, &str)> {
    let t = content.trim();
    PLACEHOLDERS.iter().find_map(|(p, k)| t.strip_prefix(p).map(|rest| (*k, rest.trim())))
}

/// Whether a system notice reports a withdrawn message (`<revokemsg>`, "撤回了一条消息").
pub fn is_recall_notice(content: &str) -> bool {
    content.contains("<revokemsg>") || content.contains("撤回了一条消息")
}

/// Whether `content` says nothing beyond its type: the type's name, a placeholder ("图片", "[图片]", "表情"), or
/// the media's XML descriptor.
pub fn is_bare_label(content: &str, label: &str) -> bool {
    let t = content.trim();
    t.is_empty()
        || t.starts_with('<')
        || t == label.trim()
        || placeholder(t).is_some_and(|(_, rest)| rest.is_empty())
        || matches!(t, "图片" | "表情" | "语音" | "视频" | "文件" | "位置")
}

/// The text inside the first `<title>…</title>` of an app-message XML, unescaped, if any.
pub fn xml_title(content: &str) -> Option<String> {
    let start = content.find("<title>")? + "<title>".len();
    let len = content[start..].find("</title>")?;
    let raw = content[start..start + len].trim();
    let raw = raw.strip_prefix("<![CDATA[").and_then(|r| r.strip_suffix("]]>")).unwrap_or(raw);
    Some(
        raw.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_codes_and_placeholders_agree() {
        assert_eq!(from_label("动画表情").unwrap().kind, MessageKind::Sticker);
        assert_eq!(from_codes(47, 0).kind, MessageKind::Sticker);
        assert!(from_label("合并转发的聊天记录").unwrap().forwarded);
        assert!(from_codes(49, 19).forwarded);
        assert!(from_label("引用回复").unwrap().quote);
        assert!(from_codes(49, 57).quote);
        assert_eq!(from_label("转账").unwrap().kind, MessageKind::RedPacket);
        assert_eq!(from_label("拍一拍").unwrap().kind, MessageKind::System);
        assert_eq!(from_label("消息撤回").unwrap().kind, MessageKind::Recall);
        assert_eq!(from_label("什么新类型"), None);
        assert_eq!(placeholder("[文件]报告.docx").map(|(k, r)| (k.kind, r)), Some((MessageKind::File, "报告.docx")));
        assert_eq!(placeholder("收到"), None);
    }

    #[test]
    fn recall_notices_and_xml_titles() {
        assert!(is_recall_notice("<revokemsg>你撤回了一条消息</revokemsg>"));
        assert!(is_recall_notice("\"张三\" 撤回了一条消息"));
        assert!(!is_recall_notice("\"张三\"拍了拍你"));
        assert_eq!(
            xml_title("<msg><appmsg><title>好的 &amp; 收到</title></appmsg></msg>").as_deref(),
            Some("好的 & 收到")
        );
        assert_eq!(xml_title("<title><![CDATA[报告.pdf]]></title>").as_deref(), Some("报告.pdf"));
        assert_eq!(xml_title("plain"), None);
    }
}
