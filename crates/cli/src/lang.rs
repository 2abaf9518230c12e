//! The language of people-facing lines: `--lang zh|en`, else `JINGJIAN_LANG`, else `LANG` (zh* → Chinese).
//! JSON output never changes with the language.

use std::sync::OnceLock;

/// A language jingjian speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    Zh,
    En,
}

static LANG: OnceLock<Lang> = OnceLock::new();
static EXPLICIT: OnceLock<Option<Lang>> = OnceLock::new();

/// Fixes the language for this run (the first call wins).
pub fn set(lang: Option<Lang>) {
    let detected = || {
        let env = std::env::var("JINGJIAN_LANG").or_else(|_| std::env::var("LANG")).unwrap_or_default();
        if env.to_ascii_lowercase().starts_with("zh") { Lang::Zh } else { Lang::En }
    };
    let _ = EXPLICIT.set(lang);
    let _ = LANG.set(lang.unwrap_or_else(detected));
}

/// The language given with `--lang` on the command line, if any (not the one taken from the environment).
pub fn explicit() -> Option<Lang> {
    EXPLICIT.get().copied().flatten()
}

/// The language in force.
pub fn current() -> Lang {
    *LANG.get_or_init(|| Lang::En)
}

/// Picks the Chinese or English text.
pub fn t<'a>(zh: &'a str, en: &'a str) -> &'a str {
    match current() {
        Lang::Zh => zh,
        Lang::En => en,
    }
}
