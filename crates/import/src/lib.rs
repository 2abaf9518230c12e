//! Importers: every chat-export format jingjian reads, each a module that streams canonical records.
//!
//! A format is a type implementing [`Format`]: it says how sure it is that a [`Bundle`] (a file, folder or zip)
//! is its own, and reads it front to back, pushing [`Record`](jingjian_model::Record)s into a [`Sink`] as it
//! goes, so memory does not grow with the input. Adding a format means adding a module and one line in
//! [`formats`]; detection, `inspect` and `import` all go through that one registry.

mod borrowed;
mod bundle;
pub mod decode;
mod error;
mod json;
mod json_cut;
mod lines;
mod mention;
mod ordinal;
mod parallel;
mod roster;
mod sink;

pub mod discord;
pub mod jsonl;
pub mod matrix;
pub mod mattermost;
pub mod slack;
pub mod telegram;
pub mod wechat;
pub mod wecom;
pub mod whatsapp;

pub use bundle::Bundle;
pub use error::{ImportError, Location};
pub use lines::{Here, LineReader};
pub use parallel::read_inputs;
pub use roster::read_roster;
pub use sink::{Collect, Sink, Tally};

use chrono_tz::Tz;
use jingjian_model::Source;
use std::path::{Path, PathBuf};

/// What the user told the importer beside the input itself.
#[derive(Debug, Clone)]
pub struct Options {
    /// The zone local times are read in (WhatsApp, Telegram `date`, WeChat CSV).
    pub tz: Tz,
    /// Room details for WeCom archives (JSON lines of groupchat/get responses with a `roomid`).
    pub groups: Option<PathBuf>,
}

impl Default for Options {
    fn default() -> Self {
        Options { tz: chrono_tz::UTC, groups: None }
    }
}

/// One export format.
pub trait Format: Sync {
    /// The name used by `--format` and reported by `inspect`.
    fn name(&self) -> &'static str;

    /// The source its records carry.
    fn source(&self) -> Source;

    /// How sure the format is that `bundle` is its own: 0 means not at all, 100 means certain. Reads as little as
    /// it can (entry names, a few KiB of the first file).
    fn detect(&self, bundle: &mut Bundle) -> Result<u8, ImportError>;

    /// Reads the whole bundle into `sink`. On a bad record it returns an error naming the file and the line,
    /// record or byte offset; records already pushed are the caller's to discard.
    fn read(&self, bundle: &mut Bundle, opts: &Options, sink: &mut dyn Sink) -> Result<(), ImportError>;

    /// The entries of a folder that this format reads as independent inputs, one chat each (they can then be read
    /// on several cores and give what reading the folder whole gives), or `None` when it reads the folder whole.
    fn parts(&self, _bundle: &mut Bundle) -> Result<Option<Vec<String>>, ImportError> {
        Ok(None)
    }
}

/// Every format, in the order detection asks them.
pub fn formats() -> &'static [&'static dyn Format] {
    &[
        &jsonl::Jsonl,
        &wecom::Wecom,
        &wechat::Wechat,
        &slack::Slack,
        &telegram::Telegram,
        &discord::Discord,
        &mattermost::Mattermost,
        &matrix::Matrix,
        &whatsapp::Whatsapp,
    ]
}

/// The format called `name`.
pub fn format_named(name: &str) -> Result<&'static dyn Format, ImportError> {
    formats().iter().copied().find(|f| f.name() == name).ok_or_else(|| {
        ImportError::NoSuchFormat(name.to_owned(), formats().iter().map(|f| f.name()).collect::<Vec<_>>().join(", "))
    })
}

/// The format most sure that `bundle` is its own.
pub fn detect(bundle: &mut Bundle) -> Result<&'static dyn Format, ImportError> {
    let mut best: Option<(u8, &'static dyn Format)> = None;
    for f in formats() {
        let score = f.detect(bundle)?;
        if score > 0 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, *f));
        }
    }
    best.map(|(_, f)| f).ok_or_else(|| ImportError::UnknownFormat {
        path: bundle.path().to_owned(),
        hint: if bundle.is_file() { "no format recognised its first lines" } else { "no format recognised its files" }
            .to_owned(),
    })
}

/// One input and the format it is read as.
pub struct Input {
    pub bundle: Bundle,
    pub format: &'static dyn Format,
}

/// Opens `path` and finds its format (or takes `format` when given). A folder that no format claims as a whole is
/// split into its files, each detected alone, so a folder of WhatsApp chats imports as it is.
pub fn open_inputs(path: &Path, format: Option<&str>) -> Result<Vec<Input>, ImportError> {
    let mut bundle = Bundle::open(path)?;
    if let Some(name) = format {
        let format = format_named(name)?;
        if !bundle.is_file()
            && !bundle.is_zip()
            && let Some(entries) = format.parts(&mut bundle)?
        {
            // A folder of chats: one input per chat, read on every core as a folder detected file by file is.
            let open = |e: &String| Ok(Input { bundle: Bundle::open(&path.join(e))?, format });
            return entries.iter().map(open).collect();
        }
        return Ok(vec![Input { bundle, format }]);
    }
    match detect(&mut bundle) {
        Ok(format) => Ok(vec![Input { bundle, format }]),
        Err(e) if !bundle.is_file() && !bundle.is_zip() => {
            let mut inputs = Vec::new();
            for found in detect_each(path, bundle.entries()) {
                inputs.extend(found?);
            }
            if inputs.is_empty() { Err(e) } else { Ok(inputs) }
        }
        Err(e) => Err(e),
    }
}

/// Opens and detects each of a folder's `entries` on its own, on every core (a folder of a thousand chats takes
/// a thousand reads of a file's first KiB); the answers in the entries' order, `None` for a file no format claims.
fn detect_each(folder: &Path, entries: &[String]) -> Vec<Result<Option<Input>, ImportError>> {
    parallel::map_on_every_core(entries, |entry| {
        let mut b = Bundle::open(&folder.join(entry))?;
        Ok(detect(&mut b).ok().map(|format| Input { bundle: b, format }))
    })
}

/// Reads `path` with its detected (or given) format into `sink`; returns the formats used.
pub fn read_path(
    path: &Path,
    format: Option<&str>,
    opts: &Options,
    sink: &mut dyn Sink,
) -> Result<Vec<&'static str>, ImportError> {
    let mut used = Vec::new();
    for mut input in open_inputs(path, format)? {
        input.format.read(&mut input.bundle, opts, sink)?;
        used.push(input.format.name());
    }
    Ok(used)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder of seven WhatsApp chats, a note and a photo.
    fn chats_folder() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let chat = |who: &str| format!("1/2/24, 10:00 - {who}: 收到\n1/2/24, 10:05 - {who}: 好的\n");
        for (i, name) in ["甲", "乙", "丙", "丁", "戊", "己", "庚"].iter().enumerate() {
            std::fs::write(dir.path().join(format!("WhatsApp Chat with 群{i}{name}.txt")), chat(name)).unwrap();
        }
        std::fs::write(dir.path().join("notes.md"), "# not a chat\n").unwrap();
        std::fs::write(dir.path().join("photo.jpg"), [0xFF, 0xD8, 0xFF, 0xE0, 0, 16]).unwrap();
        dir
    }

    #[test]
    fn a_folder_of_chats_named_as_whatsapp_is_one_input_per_chat_read_as_the_folder_is() {
        let dir = chats_folder();
        let inputs = open_inputs(dir.path(), Some("whatsapp")).unwrap();
        assert_eq!(inputs.len(), 7);
        let mut parallel = Collect::default();
        parallel::read_inputs(inputs, &Options::default(), 2, &mut parallel, |_| {}, |_| {}).unwrap();
        let mut whole = Collect::default();
        let mut folder = Bundle::open(dir.path()).unwrap();
        format_named("whatsapp").unwrap().read(&mut folder, &Options::default(), &mut whole).unwrap();
        assert_eq!(parallel.0, whole.0);
        assert_eq!(whole.messages().count(), 14);
    }

    #[test]
    fn a_folder_no_format_claims_whole_is_detected_file_by_file_in_order() {
        let dir = chats_folder();
        let inputs = open_inputs(dir.path(), None).unwrap();
        let got: Vec<(String, &str)> = inputs
            .iter()
            .map(|i| (i.bundle.path().file_name().unwrap().to_string_lossy().into_owned(), i.format.name()))
            .collect();
        let mut want: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("WhatsApp"))
            .collect();
        want.sort();
        assert_eq!(got, want.iter().map(|n| (n.clone(), "whatsapp")).collect::<Vec<_>>());
    }
}
