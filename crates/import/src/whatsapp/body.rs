//! What follows a WhatsApp header: a `Name: text` message, or a system line with no author (group created,
//! members added, removed or gone, renames, icon changes, encryption notices, deleted messages, missed calls),
//! and what kind of message a text is (media placeholders, attachments, locations).
//!
//! System lines are localised. The phrase lists below were written for English, German, Spanish and Simplified
//! Chinese exports; a line with no `Name:` part is a system record even when no phrase matches it.

use jingjian_model::MessageKind;

/// What a system line says happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    Created,
    Added,
    Joined,
    Left,
    Removed,
    Renamed,
    Icon,
    Security,
    MissedCall,
    Deleted,
    /// A system line none of the phrases describes.
    Other,
}

impl Event {
    /// Whether the event is a notice that can stand in a member's message: a deleted message, a missed call, an
    /// encryption notice.
    pub fn is_notice(self) -> bool {
        matches!(self, Event::Deleted | Event::MissedCall | Event::Security)
    }

    /// Whether the event only happens in group chats.
    pub fn is_group_only(self) -> bool {
        matches!(
            self,
            Event::Created | Event::Added | Event::Joined | Event::Left | Event::Removed | Event::Renamed | Event::Icon
        )
    }
}

/// A template: literal text with `{a}` (the actor), `{b}` (the members acted on) and `{x}` (anything).
type Template = (Event, &'static str);

/// Phrases checked in order; earlier ones win (deleted messages before "removed", renames before "added").
const TEMPLATES: &[Template] = &[
    // Encryption and security notices.
    (Event::Security, "Messages and calls are end-to-end encrypted{x}"),
    (Event::Security, "Messages to this group are now secured with end-to-end encryption{x}"),
    (Event::Security, "Messages you send to this {x}end-to-end encryption{x}"),
    (Event::Security, "Your security code with {x} changed{x}"),
    (Event::Security, "Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt{x}"),
    (Event::Security, "Nachrichten, die du {x}Ende-zu-Ende-Verschlüsselung{x}"),
    (Event::Security, "Dein Sicherheitscode für {x} hat sich geändert{x}"),
    (Event::Security, "Los mensajes y las llamadas están cifrados de extremo a extremo{x}"),
    (Event::Security, "Los mensajes que envíes a este {x}cifrado de extremo a extremo{x}"),
    (Event::Security, "Tu código de seguridad con {x} cambió{x}"),
    (Event::Security, "消息和通话已进行端到端加密{x}"),
    (Event::Security, "{x}已受端到端加密保护{x}"),
    (Event::Security, "你与{x}的安全码已更改{x}"),
    // Deleted messages.
    (Event::Deleted, "This message was deleted"),
    (Event::Deleted, "You deleted this message"),
    (Event::Deleted, "Diese Nachricht wurde gelöscht{x}"),
    (Event::Deleted, "Du hast diese Nachricht gelöscht{x}"),
    (Event::Deleted, "Se eliminó este mensaje{x}"),
    (Event::Deleted, "Este mensaje fue eliminado{x}"),
    (Event::Deleted, "Eliminaste este mensaje{x}"),
    (Event::Deleted, "此消息已删除{x}"),
    (Event::Deleted, "你删除了此消息{x}"),
    (Event::Deleted, "您删除了此消息{x}"),
    // Missed calls.
    (Event::MissedCall, "Missed voice call{x}"),
    (Event::MissedCall, "Missed video call{x}"),
    (Event::MissedCall, "Missed group voice call{x}"),
    (Event::MissedCall, "Missed group video call{x}"),
    (Event::MissedCall, "Verpasster Sprachanruf{x}"),
    (Event::MissedCall, "Verpasster Videoanruf{x}"),
    (Event::MissedCall, "Verpasster Gruppen{x}anruf{x}"),
    (Event::MissedCall, "Llamada perdida{x}"),
    (Event::MissedCall, "Llamada de voz perdida{x}"),
    (Event::MissedCall, "Videollamada perdida{x}"),
    (Event::MissedCall, "未接语音通话{x}"),
    (Event::MissedCall, "未接视频通话{x}"),
    (Event::MissedCall, "未接来电{x}"),
    // Group created.
    (Event::Created, "{a} created group {x}"),
    (Event::Created, "{a} created this group{x}"),
    (Event::Created, "{a} hat die Gruppe {x} erstellt{x}"),
    (Event::Created, "{a} hast die Gruppe {x} erstellt{x}"),
    (Event::Created, "{a} hast diese Gruppe erstellt{x}"),
    (Event::Created, "{a} creó el grupo {x}"),
    (Event::Created, "Creaste el grupo {x}"),
    (Event::Created, "{a}创建了群{x}"),
    // Renames, descriptions, icons.
    (Event::Renamed, "{a} changed the subject {x}"),
    (Event::Renamed, "{a} changed the group name {x}"),
    (Event::Renamed, "{a} changed the group description{x}"),
    (Event::Renamed, "{a} hat den Betreff {x}"),
    (Event::Renamed, "{a} hast den Betreff {x}"),
    (Event::Renamed, "{a} hat den Gruppennamen {x}"),
    (Event::Renamed, "{a} hast den Gruppennamen {x}"),
    (Event::Renamed, "{a} hat die Gruppenbeschreibung {x}"),
    (Event::Renamed, "{a} hast die Gruppenbeschreibung {x}"),
    (Event::Renamed, "{a} cambió el asunto {x}"),
    (Event::Renamed, "Cambiaste el asunto {x}"),
    (Event::Renamed, "{a} cambió el nombre del grupo {x}"),
    (Event::Renamed, "Cambiaste el nombre del grupo {x}"),
    (Event::Renamed, "{a} cambió la descripción del grupo{x}"),
    (Event::Renamed, "Cambiaste la descripción del grupo{x}"),
    (Event::Renamed, "{a}更改了群组名称{x}"),
    (Event::Renamed, "{a}将群组名称{x}"),
    (Event::Renamed, "{a}更改了主题{x}"),
    (Event::Renamed, "{a}更改了群组描述{x}"),
    (Event::Icon, "{a} changed this group's icon{x}"),
    (Event::Icon, "{a} changed the group icon{x}"),
    (Event::Icon, "{a} deleted this group's icon{x}"),
    (Event::Icon, "{a} hat das Gruppenbild {x}"),
    (Event::Icon, "{a} hast das Gruppenbild {x}"),
    (Event::Icon, "{a} cambió el ícono de este grupo{x}"),
    (Event::Icon, "{a} cambió el icono de este grupo{x}"),
    (Event::Icon, "Cambiaste el ícono de este grupo{x}"),
    (Event::Icon, "Cambiaste el icono de este grupo{x}"),
    (Event::Icon, "{a}更改了此群组的图标{x}"),
    (Event::Icon, "{a}更改了群组图标{x}"),
    (Event::Icon, "{a}删除了此群组的图标{x}"),
    // Members leaving, joining, removed, added.
    (Event::Left, "{b} left"),
    (Event::Left, "{b} hat die Gruppe verlassen{x}"),
    (Event::Left, "{b} hast die Gruppe verlassen{x}"),
    (Event::Left, "{b} salió del grupo{x}"),
    (Event::Left, "Saliste del grupo{x}"),
    (Event::Left, "{b}已退出{x}"),
    (Event::Left, "{b}退出了群{x}"),
    (Event::Joined, "{b} joined using this group's invite link"),
    (Event::Joined, "{b} joined using a group link"),
    (Event::Joined, "{b} joined"),
    (Event::Joined, "{b} ist der Gruppe über den Einladungslink beigetreten{x}"),
    (Event::Joined, "{b} bist der Gruppe über den Einladungslink beigetreten{x}"),
    (Event::Joined, "{b} ist beigetreten{x}"),
    (Event::Joined, "{b} se unió usando el enlace de invitación de este grupo{x}"),
    (Event::Joined, "{b} se unió{x}"),
    (Event::Joined, "{b}通过此群组的邀请链接加入{x}"),
    (Event::Joined, "{b}已加入{x}"),
    (Event::Joined, "{b}加入了群{x}"),
    (Event::Removed, "{a} removed {b}"),
    (Event::Removed, "{a} hat {b} entfernt{x}"),
    (Event::Removed, "{a} hast {b} entfernt{x}"),
    (Event::Removed, "{a} eliminó a {b}"),
    (Event::Removed, "Eliminaste a {b}"),
    (Event::Removed, "{a}移除了{b}"),
    (Event::Removed, "{a}已移除{b}"),
    (Event::Added, "{a} added {b}"),
    (Event::Added, "{b} was added"),
    (Event::Added, "{b} were added"),
    (Event::Added, "{a} hat {b} hinzugefügt{x}"),
    (Event::Added, "{a} hast {b} hinzugefügt{x}"),
    (Event::Added, "{b} wurdest hinzugefügt{x}"),
    (Event::Added, "{a} añadió a {b}"),
    (Event::Added, "{a} agregó a {b}"),
    (Event::Added, "Añadiste a {b}"),
    (Event::Added, "Agregaste a {b}"),
    (Event::Added, "{a} te añadió{x}"),
    (Event::Added, "{a} te agregó{x}"),
    (Event::Added, "{a}添加了{b}"),
    (Event::Added, "{a}已添加{b}"),
];

/// Words that stand for the person who exported the chat; they name no member.
const YOU: &[&str] = &["you", "You", "Du", "du", "dich", "Tú", "tú", "te", "ti", "Te", "你", "您"];

/// A system line understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct System {
    pub event: Event,
    /// Who did it, when named (not "You").
    pub actor: Option<String>,
    /// The members acted on (added, removed, gone, joined), "You" left out.
    pub targets: Vec<String>,
}

/// Which templates a text may match, found without trying each. Each test is necessary for [`matches`], so the
/// full match runs only on the few templates left (ordinary chat lines leave none):
/// - a template that opens with literal text needs a text that starts with it (looked up by first byte);
/// - one that opens with `{a}` or `{b}` needs the literal after it to start at or before the text's first `:`, as
///   the capture before it holds no `:`; one Aho-Corasick scan of the text's head finds all such literals;
/// - one that opens with `{x}` (there are few) needs its longest literal anywhere, found by a SIMD search.
struct Candidates {
    /// Per template: its opening literal, when it does not open with a placeholder.
    openings: Vec<Option<&'static str>>,
    /// Per first byte: the templates whose opening literal starts with it, as a bit set over template indices.
    opening_with: [u128; 256],
    /// The literals right after an opening `{a}` or `{b}`, and per literal the templates it stands for.
    heads: Literals,
    /// The longest literal of each template that opens with `{x}`, and the template as a bit set.
    anywhere: Vec<(memchr::memmem::Finder<'static>, u128)>,
}

/// Literals searched for all at once, each standing for a set of templates.
struct Literals {
    searcher: aho_corasick::AhoCorasick,
    /// Per literal: the templates it stands for, as a bit set over template indices.
    owners: Vec<u128>,
    /// The longest literal's length in bytes.
    longest: usize,
    /// The characters the literals start with, sorted.
    first_chars: Vec<char>,
}

impl Literals {
    fn new(of: Vec<(&'static str, usize)>) -> Literals {
        let mut literals: Vec<&'static str> = Vec::new();
        let mut owners: Vec<u128> = Vec::new();
        for (literal, template) in of {
            assert!(!literal.is_empty(), "template {template} has an empty literal");
            match literals.iter().position(|l| *l == literal) {
                Some(k) => owners[k] |= 1 << template,
                None => {
                    literals.push(literal);
                    owners.push(1 << template);
                }
            }
        }
        let longest = literals.iter().map(|l| l.len()).max().unwrap_or(0);
        let mut first_chars: Vec<char> = literals.iter().filter_map(|l| l.chars().next()).collect();
        first_chars.sort_unstable();
        first_chars.dedup();
        let searcher = aho_corasick::AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(&literals)
            .expect("the template literals build a searcher");
        Literals { searcher, owners, longest, first_chars }
    }

    /// The templates of the literals found in `text` starting at or before byte `last_start`.
    fn starting_by(&self, text: &str, last_start: usize) -> u128 {
        // A literal found starts at a character of the text, one its first character: most texts have none of
        // those up to `last_start` (a name before its colon), which a look at those few characters tells.
        let mut starts = text.char_indices().take_while(|&(i, _)| i <= last_start);
        if !starts.any(|(_, c)| self.first_chars.binary_search(&c).is_ok()) {
            return 0;
        }
        let hay = &text.as_bytes()[..text.len().min(last_start + self.longest)];
        let found = self.searcher.find_overlapping_iter(hay).filter(|m| m.start() <= last_start);
        found.fold(0, |set, m| set | self.owners[m.pattern().as_usize()])
    }
}

const _: () = assert!(TEMPLATES.len() <= 128, "template sets are 128-bit masks");

/// The candidate search over every template.
static CANDIDATES: std::sync::LazyLock<Candidates> = std::sync::LazyLock::new(|| Candidates::new(|_| true));

/// The candidate search over the notices a member's message can be: deleted, missed call, encryption.
static NOTICES: std::sync::LazyLock<Candidates> = std::sync::LazyLock::new(|| Candidates::new(Event::is_notice));

impl Candidates {
    /// The search over the templates whose event passes `keep`.
    fn new(keep: fn(Event) -> bool) -> Candidates {
        let mut openings = vec![None; TEMPLATES.len()];
        let mut opening_with = [0u128; 256];
        let (mut heads, mut anywhere) = (Vec::new(), Vec::new());
        for (i, &(event, t)) in TEMPLATES.iter().enumerate() {
            if !keep(event) {
                continue;
            }
            // Literals and placeholders alternate: even pieces are literals (maybe empty), odd ones placeholders.
            let pieces: Vec<&'static str> = t.split(['{', '}']).collect();
            match (pieces[0], pieces.get(1).copied()) {
                ("", Some("a" | "b")) => heads.push((pieces[2], i)),
                ("", Some(_)) => {
                    let literals = pieces.iter().step_by(2).copied();
                    let longest = literals.max_by_key(|l| l.len()).unwrap_or("");
                    assert!(!longest.is_empty(), "template {t:?} has no literal");
                    anywhere.push((memchr::memmem::Finder::new(longest), 1 << i));
                }
                (opening, _) => {
                    openings[i] = Some(opening);
                    opening_with[usize::from(opening.as_bytes()[0])] |= 1 << i;
                }
            }
        }
        Candidates { openings, opening_with, heads: Literals::new(heads), anywhere }
    }

    /// The templates `text` may match, as a bit set over template indices.
    fn of(&self, text: &str) -> u128 {
        let bytes = text.as_bytes();
        let mut set = 0u128;
        let mut opening = bytes.first().map_or(0, |&b| self.opening_with[usize::from(b)]);
        while opening != 0 {
            let i = opening.trailing_zeros() as usize;
            opening &= opening - 1;
            if self.openings[i].is_some_and(|o| text.starts_with(o)) {
                set |= 1 << i;
            }
        }
        let colon = memchr::memchr(b':', bytes).unwrap_or(bytes.len());
        for (finder, template) in &self.anywhere {
            if finder.find(bytes).is_some() {
                set |= template;
            }
        }
        set | self.heads.starting_by(text, colon)
    }
}

/// Matches `text` against `template`; returns the `{a}` and `{b}` captures. `{a}` and `{b}` must not be empty
/// and must not hold a `:` (a `Name: text` message is never a system line).
fn matches(template: &str, text: &str) -> Option<(Option<String>, Option<String>)> {
    let mut rest = text;
    let mut pieces = template.split_inclusive('}').flat_map(|p| match p.find('{') {
        Some(i) => [&p[..i], &p[i..]],
        None => [p, ""],
    });
    let (mut a, mut b) = (None, None);
    let mut pending: Option<&str> = None;
    loop {
        let piece = pieces.next();
        match piece {
            Some("") => continue,
            Some(p) if p.starts_with('{') => pending = Some(p),
            Some(lit) => {
                let at = match pending {
                    None => {
                        if !rest.starts_with(lit) {
                            return None;
                        }
                        0
                    }
                    Some(_) if pieces.clone().all(str::is_empty) => {
                        rest.len().checked_sub(lit.len()).filter(|&i| rest.is_char_boundary(i) && rest[i..] == *lit)?
                    }
                    Some(_) => rest.find(lit)?,
                };
                if let Some(p) = pending.take() {
                    capture(p, &rest[..at], &mut a, &mut b)?;
                }
                rest = &rest[at + lit.len()..];
            }
            None => {
                return match pending {
                    Some(p) => {
                        capture(p, rest, &mut a, &mut b)?;
                        Some((a, b))
                    }
                    None if rest.is_empty() || rest == "." => Some((a, b)),
                    None => None,
                };
            }
        }
    }
}

fn capture(slot: &str, s: &str, a: &mut Option<String>, b: &mut Option<String>) -> Option<()> {
    if slot == "{x}" {
        return Some(());
    }
    let s = s.trim();
    if s.is_empty() || s.contains(':') {
        return None;
    }
    if slot == "{a}" {
        *a = Some(s.to_owned())
    } else {
        *b = Some(s.to_owned())
    }
    Some(())
}

fn person(s: &str) -> Option<String> {
    let s = strip_tilde(s.trim().trim_end_matches('.').trim());
    (!s.is_empty() && !YOU.contains(&s)).then(|| s.to_owned())
}

/// A name without the `~ ` iOS puts before contacts not in the address book.
pub fn strip_tilde(name: &str) -> &str {
    match name.strip_prefix('~') {
        Some(rest) => rest.trim_start_matches([' ', '\u{A0}', '\u{202F}']),
        None => name,
    }
}

fn split_people(s: &str) -> Vec<String> {
    let mut out = vec![s.to_owned()];
    for sep in [", ", " and ", " und ", " y ", "、", "，", "和"] {
        out = out.iter().flat_map(|p| p.split(sep).map(str::to_owned).collect::<Vec<_>>()).collect();
    }
    out.iter().filter_map(|p| person(p)).collect()
}

/// The system event `text` describes, if it is one of the known phrases: the first template, in order, that
/// matches it.
pub fn system(text: &str) -> Option<System> {
    first_match(&CANDIDATES, text)
}

/// The notice (deleted message, missed call, encryption notice) a member's message text is, if it is one: what
/// [`system`] finds when it finds a notice, as the notice templates come before all others.
pub fn notice(text: &str) -> Option<System> {
    first_match(&NOTICES, text)
}

/// The first template among `candidates` that `text` (trimmed) matches.
fn first_match(candidates: &Candidates, text: &str) -> Option<System> {
    let text = text.trim();
    let mut candidates = candidates.of(text);
    while candidates != 0 {
        let i = candidates.trailing_zeros() as usize;
        candidates &= candidates - 1;
        if let Some(s) = system_as(i, text) {
            return Some(s);
        }
    }
    None
}

/// The system event `text` (trimmed) describes under template `i`, if it matches it.
fn system_as(i: usize, text: &str) -> Option<System> {
    let (event, t) = TEMPLATES[i];
    let (a, b) = matches(t, text)?;
    Some(System {
        event,
        actor: a.as_deref().and_then(person),
        targets: b.as_deref().map(split_people).unwrap_or_default(),
    })
}

/// A message line split into author and text: `Name: text`. `None` when there is no author part.
pub fn split_author(body: &str) -> Option<(&str, &str)> {
    let i = body.find(':')?;
    let author = strip_tilde(body[..i].trim());
    if author.is_empty() {
        return None;
    }
    let text = &body[i + 1..];
    Some((author, text.strip_prefix(' ').unwrap_or(text)))
}

/// `<attached: …>` and its translations.
const ATTACHED: &[&str] = &["attached:", "anhang:", "adjunto:", "附件:", "附件："];
/// Words of `<Media omitted>` and its translations.
const OMITTED: &[&str] = &["omitted", "ausgeschlossen", "weggelassen", "omitido", "omitida", "省略", "已忽略"];
/// `IMG-….jpg (file attached)` and its translations.
const FILE_ATTACHED: &[&str] = &["(file attached)", "(datei angehängt)", "(archivo adjunto)", "(文件附件)", "(附件)"];
/// iPhone media placeholders, whole.
const IOS_OMITTED: &[&str] = &[
    "image omitted",
    "video omitted",
    "audio omitted",
    "sticker omitted",
    "gif omitted",
    "contact card omitted",
    "bild weggelassen",
    "video weggelassen",
    "audio weggelassen",
    "sticker weggelassen",
    "gif weggelassen",
    "kontaktkarte weggelassen",
    "imagen omitida",
    "video omitido",
    "vídeo omitido",
    "audio omitido",
    "sticker omitido",
    "gif omitido",
    "tarjeta de contacto omitida",
    "图片已忽略",
    "视频已忽略",
    "音频已忽略",
    "贴图已忽略",
    "已忽略图片",
    "已忽略视频",
    "已忽略音频",
    "已忽略贴图",
];
/// `report.pdf • 3 pages document omitted` and its translations.
const DOCUMENT_OMITTED: &[&str] = &["document omitted", "dokument weggelassen", "documento omitido", "文档已忽略"];
/// `location: https://…` and its translations.
const LOCATION: &[&str] = &["location: ", "standort: ", "ubicación: ", "位置: ", "位置："];
/// A live location and its translations, without the full stop some write.
const LIVE_LOCATION: &[&str] =
    &["live location shared", "live-standort wird geteilt", "ubicación en tiempo real compartida", "实时位置已共享"];

/// The characters a lower-cased media text can start with, and end with: a text whose own first and last
/// characters lower-case to none of them is plain text, told without lower-casing it all.
static MEDIA_ENDS: std::sync::LazyLock<(Vec<char>, Vec<char>)> = std::sync::LazyLock::new(|| {
    let first = |l: &[&str]| l.iter().filter_map(|w| w.chars().next()).collect::<Vec<_>>();
    let last = |l: &[&str]| l.iter().filter_map(|w| w.chars().next_back()).collect::<Vec<_>>();
    let mut starts = vec!['<'];
    starts.extend(first(LOCATION));
    let mut ends = vec!['>', '.'];
    for list in [FILE_ATTACHED, IOS_OMITTED, DOCUMENT_OMITTED, LIVE_LOCATION] {
        ends.extend(last(list));
    }
    starts.sort_unstable();
    starts.dedup();
    ends.sort_unstable();
    ends.dedup();
    (starts, ends)
});

/// The kind a message's first line gives it, and whether it carries an attachment.
pub fn media_kind(first_line: &str) -> Option<(MessageKind, u32)> {
    let t = first_line.trim();
    // Lower-casing maps each character on its own (but for a Greek final sigma, which no list ends with), so the
    // lower-cased text starts with the first of its first character's lower case and ends with the last of its
    // last character's.
    let (starts, ends) = &*MEDIA_ENDS;
    let opens = t.chars().next().is_some_and(|c| starts.contains(&lower_ends(c).0));
    let closes = t.chars().next_back().is_some_and(|c| ends.contains(&lower_ends(c).1));
    if !opens && !closes {
        return None;
    }
    media_kind_lower(&t.to_lowercase())
}

/// The first and last characters of the lower case of `c` ([`char::to_lowercase`]), with no table search for
/// ASCII and for the CJK symbols, punctuation and ideographs (U+3000 to U+9FFF), which have no case.
fn lower_ends(c: char) -> (char, char) {
    if c.is_ascii() {
        let l = c.to_ascii_lowercase();
        (l, l)
    } else if ('\u{3000}'..='\u{9FFF}').contains(&c) {
        (c, c)
    } else {
        let mut l = c.to_lowercase();
        let first = l.next().unwrap_or(c);
        (first, l.last().unwrap_or(first))
    }
}

/// [`media_kind`] of a trimmed, lower-cased first line.
fn media_kind_lower(lower: &str) -> Option<(MessageKind, u32)> {
    if let Some(inner) = lower.strip_prefix('<').and_then(|s| s.strip_suffix('>')) {
        for prefix in ATTACHED {
            if let Some(name) = inner.strip_prefix(prefix) {
                return Some((kind_of_file(name.trim()), 1));
            }
        }
        if OMITTED.iter().any(|w| inner.contains(w)) {
            return Some((kind_of_words(inner), 1));
        }
    }
    for suffix in FILE_ATTACHED {
        if let Some(name) = lower.strip_suffix(suffix) {
            return Some((kind_of_file(name.trim()), 1));
        }
    }
    if IOS_OMITTED.contains(&lower) {
        return Some((kind_of_words(lower), 1));
    }
    if DOCUMENT_OMITTED.iter().any(|s| lower.ends_with(s)) {
        return Some((MessageKind::File, 1));
    }
    if LOCATION.iter().any(|p| lower.starts_with(p)) && lower.contains("http") {
        return Some((MessageKind::Location, 0));
    }
    if LIVE_LOCATION.contains(&lower.trim_end_matches('.')) {
        return Some((MessageKind::Location, 0));
    }
    None
}

/// The words that give a placeholder its kind, strongest first: a placeholder naming a sticker is a sticker
/// even if it says image too.
const KIND_WORDS: &[(MessageKind, &[&str])] = &[
    (MessageKind::Sticker, &["sticker", "贴图"]),
    (MessageKind::Image, &["image", "bild", "imagen", "foto", "图片"]),
    (MessageKind::Video, &["video", "vídeo", "gif", "视频"]),
    (MessageKind::Voice, &["audio", "sprach", "voice", "音频", "语音"]),
];

/// All of [`KIND_WORDS`] in one searcher, and per word the index of its kind there.
static KIND_SEARCH: std::sync::LazyLock<(aho_corasick::AhoCorasick, Vec<usize>)> = std::sync::LazyLock::new(|| {
    let words = KIND_WORDS.iter().enumerate().flat_map(|(k, (_, ws))| ws.iter().map(move |w| (*w, k)));
    let (words, kinds): (Vec<&str>, Vec<usize>) = words.unzip();
    (aho_corasick::AhoCorasick::new(words).expect("the kind words build a searcher"), kinds)
});

/// The kind a placeholder's words give it: the strongest kind any of its words names, else a file.
fn kind_of_words(s: &str) -> MessageKind {
    let (search, kinds) = &*KIND_SEARCH;
    let strongest = search.find_overlapping_iter(s).map(|m| kinds[m.pattern().as_usize()]).min();
    strongest.map_or(MessageKind::File, |k| KIND_WORDS[k].0)
}

/// The kind of an attached file, from WhatsApp's file naming (`IMG-…`, `PTT-…`, `0000-PHOTO-…`) or its extension.
fn kind_of_file(name: &str) -> MessageKind {
    let upper = name.to_uppercase();
    let ext = upper.rsplit('.').next().unwrap_or("");
    let has = |ws: &[&str]| ws.iter().any(|w| upper.contains(w));
    if has(&["STICKER", "STK-"]) || ext == "WEBP" {
        MessageKind::Sticker
    } else if has(&["PHOTO", "IMG-"]) || matches!(ext, "JPG" | "JPEG" | "PNG" | "HEIC") {
        MessageKind::Image
    } else if has(&["VIDEO", "VID-", "GIF"]) || matches!(ext, "MP4" | "MOV" | "3GP") {
        MessageKind::Video
    } else if has(&["AUDIO", "PTT-", "AUD-"]) || matches!(ext, "OPUS" | "M4A" | "MP3" | "AAC" | "OGG") {
        MessageKind::Voice
    } else {
        MessageKind::File
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sys(text: &str) -> (Event, Option<String>, Vec<String>) {
        let s = system(text).unwrap_or_else(|| panic!("not a system line: {text}"));
        (s.event, s.actor, s.targets)
    }

    fn names(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn system_lines_in_four_languages() {
        assert_eq!(sys("Alice created group \"Some: group\""), (Event::Created, Some("Alice".into()), vec![]));
        assert_eq!(sys("You created group \"x\""), (Event::Created, None, vec![]));
        assert_eq!(
            sys("Alice added Bob, Carol and ~ Dave"),
            (Event::Added, Some("Alice".into()), names(&["Bob", "Carol", "Dave"]))
        );
        assert_eq!(sys("Alice added you"), (Event::Added, Some("Alice".into()), vec![]));
        assert_eq!(sys("You were added"), (Event::Added, None, vec![]));
        assert_eq!(sys("You removed Mallory"), (Event::Removed, None, names(&["Mallory"])));
        assert_eq!(sys("Bob left"), (Event::Left, None, names(&["Bob"])));
        assert_eq!(sys("Eve joined using this group's invite link"), (Event::Joined, None, names(&["Eve"])));
        assert_eq!(sys("You changed the group name from \"a\" to \"b\"").0, Event::Renamed);
        assert_eq!(sys("You changed this group's icon").0, Event::Icon);
        assert_eq!(sys("Missed voice call").0, Event::MissedCall);
        assert_eq!(sys("Messages and calls are end-to-end encrypted. Tap to learn more.").0, Event::Security);
        assert_eq!(sys("This message was deleted").0, Event::Deleted);
        assert_eq!(sys("Du hast Mallory hinzugefügt."), (Event::Added, None, names(&["Mallory"])));
        assert_eq!(sys("Anna hat dich hinzugefügt."), (Event::Added, Some("Anna".into()), vec![]));
        assert_eq!(sys("Du hast Mallory entfernt."), (Event::Removed, None, names(&["Mallory"])));
        assert_eq!(sys("Bob hat die Gruppe verlassen."), (Event::Left, None, names(&["Bob"])));
        assert_eq!(sys("Du hast die Gruppe \"x\" erstellt.").0, Event::Created);
        assert_eq!(sys("Du hast den Gruppennamen von \"a\" zu \"b\" geändert.").0, Event::Renamed);
        assert_eq!(sys("Du hast das Gruppenbild geändert.").0, Event::Icon);
        assert_eq!(sys("Du hast diese Nachricht gelöscht.").0, Event::Deleted);
        assert_eq!(sys("Ana añadió a Luis y Marta"), (Event::Added, Some("Ana".into()), names(&["Luis", "Marta"])));
        assert_eq!(sys("Luis salió del grupo"), (Event::Left, None, names(&["Luis"])));
        assert_eq!(sys("Ana eliminó a Luis"), (Event::Removed, Some("Ana".into()), names(&["Luis"])));
        assert_eq!(sys("Ana creó el grupo \"Trabajo\"").0, Event::Created);
        assert_eq!(sys("Se eliminó este mensaje.").0, Event::Deleted);
        assert_eq!(sys("Llamada de voz perdida").0, Event::MissedCall);
        assert_eq!(sys("张三创建了群组“工作群”"), (Event::Created, Some("张三".into()), vec![]));
        assert_eq!(sys("张三添加了李四、王五"), (Event::Added, Some("张三".into()), names(&["李四", "王五"])));
        assert_eq!(sys("李四已退出"), (Event::Left, None, names(&["李四"])));
        assert_eq!(sys("张三移除了李四"), (Event::Removed, Some("张三".into()), names(&["李四"])));
        assert_eq!(sys("此消息已删除").0, Event::Deleted);
        assert_eq!(sys("未接语音通话").0, Event::MissedCall);
    }

    /// What [`system`] answers without its candidate search: every template tried in order.
    fn system_by_trying_every_template(text: &str) -> Option<System> {
        let text = text.trim();
        (0..TEMPLATES.len()).find_map(|i| system_as(i, text))
    }

    /// A line built from template `i`: its placeholders filled with `fills` (names, lists, colons, empty
    /// strings), text put around it.
    fn line_from(i: usize, fills: &[String], before: &str, after: &str) -> String {
        let mut out = before.to_owned();
        let mut fills = fills.iter().cycle();
        for (k, piece) in TEMPLATES[i].1.split(['{', '}']).enumerate() {
            out.push_str(if k % 2 == 0 { piece } else { fills.next().map_or("", String::as_str) });
        }
        out.push_str(after);
        out
    }

    #[test]
    fn lower_agrees_with_the_unicode_tables() {
        for c in ('\0'..='\u{7F}').chain('\u{3000}'..='\u{9FFF}').chain(['\u{212A}', 'İ', 'Σ', '\u{A0}']) {
            let l: Vec<char> = c.to_lowercase().collect();
            assert_eq!(lower_ends(c), (l[0], l[l.len() - 1]), "{c:?}");
        }
    }

    #[test]
    fn notices_come_before_every_other_template() {
        // `notice` relies on it: the first template a text matches is a notice whenever any notice matches.
        let first_other = TEMPLATES.iter().position(|(e, _)| !e.is_notice()).unwrap();
        assert!(TEMPLATES[first_other..].iter().all(|(e, _)| !e.is_notice()));
    }

    #[test]
    fn every_template_finds_its_own_line() {
        for i in 0..TEMPLATES.len() {
            let line = line_from(i, &["Alice".to_owned()], "", "");
            let found = system(&line);
            assert!(found.is_some(), "{line}");
            assert_eq!(found, system_by_trying_every_template(&line), "{line}");
        }
    }

    proptest! {
        #[test]
        fn the_candidate_search_agrees_with_trying_every_template(
            i in 0..TEMPLATES.len(),
            fills in proptest::collection::vec(
                proptest::sample::select(vec![
                    "Alice", "~ Bob", "You", "张三", "李四、王五", "Bob, Carol and Dave", "", " ", "a: b",
                    "\"Team: A\"", "+86 138 0000 0000", "you",
                ]).prop_map(str::to_owned),
                1..4,
            ),
            before in proptest::sample::select(vec!["", "", "", "Bob: ", " ", "x", "Ann: @Bob "]),
            after in proptest::sample::select(vec!["", "", "", ".", " ", "!", " and more", ":"]),
            noise in "\\PC{0,30}",
            whole in proptest::bool::ANY,
        ) {
            let line = if whole { line_from(i, &fills, before, after) } else { noise };
            let all = system_by_trying_every_template(&line);
            prop_assert_eq!(&system(&line), &all, "{}", line);
            prop_assert_eq!(notice(&line), all.filter(|s| s.event.is_notice()), "{}", line);
        }

        #[test]
        fn the_quick_media_check_agrees_with_lowercasing_everything(
            word in proptest::sample::select(
                [ATTACHED, OMITTED, FILE_ATTACHED, IOS_OMITTED, DOCUMENT_OMITTED, LOCATION, LIVE_LOCATION]
                    .concat()
            ),
            upper in proptest::collection::vec(proptest::bool::ANY, 40),
            shape in 0u8..6,
            noise in "\\PC{0,12}",
        ) {
            let cased: String = word.chars().zip(upper.iter().cycle())
                .map(|(c, &u)| if u { c.to_uppercase().collect::<String>() } else { c.to_string() })
                .collect();
            let text = match shape {
                0 => cased,
                1 => format!("<{cased}>"),
                2 => format!("<{cased} {noise}>"),
                3 => format!("{noise} {cased}"),
                4 => format!("{cased}{noise} https://x "),
                _ => noise,
            };
            prop_assert_eq!(media_kind(&text), media_kind_lower(&text.trim().to_lowercase()), "{}", text);
        }
    }

    #[test]
    fn messages_are_not_system_lines() {
        for text in ["Bob: Alice added Carol", "Bob: I left", "Bob: we joined", "Alice: hi", "Ann left: early"] {
            assert_eq!(system(text), None, "{text}");
        }
    }

    #[test]
    fn authors_split_and_lose_the_tilde() {
        assert_eq!(split_author("~ Ann: hi: there"), Some(("Ann", "hi: there")));
        assert_eq!(split_author("~\u{202F}Ann: hi"), Some(("Ann", "hi")));
        assert_eq!(split_author("John Doe:."), Some(("John Doe", ".")));
        assert_eq!(split_author("Carol:"), Some(("Carol", "")));
        assert_eq!(split_author("no author here"), None);
    }

    #[test]
    fn media_placeholders_become_kinds() {
        use MessageKind::*;
        for (text, kind, n) in [
            ("<Media omitted>", File, 1),
            ("<Medien ausgeschlossen>", File, 1),
            ("<Multimedia omitido>", File, 1),
            ("<省略影音内容>", File, 1),
            ("<Video message omitted>", Video, 1),
            ("<voice and video omitted>", Video, 1),
            ("<sticker image omitted>", Sticker, 1),
            ("image omitted", Image, 1),
            ("sticker omitted", Sticker, 1),
            ("audio omitted", Voice, 1),
            ("GIF omitted", Video, 1),
            ("report.pdf • 3 pages document omitted", File, 1),
            ("Bild weggelassen", Image, 1),
            ("imagen omitida", Image, 1),
            ("<attached: 00000012-PHOTO-2020-01-01-12-00-00.jpg>", Image, 1),
            ("<attached: PTT-20180129-WA0025.opus>", Voice, 1),
            ("<attached: 00000013-STICKER-2020.webp>", Sticker, 1),
            ("<Anhang: 00000014-VIDEO-2020.mp4>", Video, 1),
            ("PTT-20180129-WA0025.opus (file attached)", Voice, 1),
            ("IMG-20180129-WA0001.jpg (Datei angehängt)", Image, 1),
            ("Rechnung.pdf (archivo adjunto)", File, 1),
            ("location: https://maps.google.com/?q=50.9,6.9", Location, 0),
            ("Standort: https://maps.google.com/?q=50.9,6.9", Location, 0),
            ("Live-Standort wird geteilt.", Location, 0),
        ] {
            assert_eq!(media_kind(text), Some((kind, n)), "{text}");
        }
        assert_eq!(media_kind("I omitted the image"), None);
        // Upper-case letters whose lower case is ASCII still make a placeholder: the Kelvin sign, for one.
        assert_eq!(media_kind("STIC\u{212A}ER OMITTED"), Some((Sticker, 1)));
        assert_eq!(media_kind("my location: home"), None);
    }
}
