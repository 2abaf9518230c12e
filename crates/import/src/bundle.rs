//! What the user pointed at: one file, a folder, or a zip archive, seen uniformly as a set of named entries.
//!
//! Formats that span several files (a Slack export, a WeCom archive with its room details) read entries by
//! their path relative to the bundle's root, with `/` separators whatever the platform.

use crate::ImportError;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

/// A file, a folder or a zip archive, opened for reading entry by entry.
pub struct Bundle {
    path: PathBuf,
    entries: Vec<String>,
    kind: Kind,
    /// The start of the entry read last for detection: the formats look at it in turn, so it is read again only
    /// when one asks for more of it.
    head: Option<Head>,
}

/// The first bytes of one entry.
struct Head {
    name: String,
    bytes: Vec<u8>,
    /// Whether `bytes` is the whole entry.
    whole: bool,
    /// Prefixes decoded so far, by length asked: each format's detection asks for one of a few lengths, and a
    /// folder of a thousand chats is detected file by file, so decoding once per length saves re-checking the
    /// same bytes for every format.
    texts: Vec<(usize, String)>,
}

enum Kind {
    File,
    Memory(Vec<u8>),
    Dir,
    Zip(Box<zip::ZipArchive<BufReader<File>>>),
}

impl Bundle {
    /// Opens `path`: a zip archive (by its content, not its name), a folder (all files below it), or a file.
    pub fn open(path: &Path) -> Result<Bundle, ImportError> {
        let meta = std::fs::metadata(path).map_err(|e| ImportError::io(path, e))?;
        if meta.is_dir() {
            let mut entries = Vec::new();
            walk(path, path, &mut entries)?;
            entries.sort();
            return Ok(Bundle { path: path.to_owned(), entries, kind: Kind::Dir, head: None });
        }
        // The file's start, read once: it tells a zip archive from a file, and detection reads it again.
        let mut f = File::open(path).map_err(|e| ImportError::io(path, e))?;
        let mut start = vec![0u8; HEAD_READ];
        let got = read_up_to(&mut f, &mut start).map_err(|e| ImportError::io(path, e))?;
        drop(f);
        if start[..got].starts_with(b"PK\x03\x04") {
            let f = File::open(path).map_err(|e| ImportError::io(path, e))?;
            let archive = zip::ZipArchive::new(BufReader::new(f)).map_err(|e| {
                ImportError::invalid(
                    crate::Location::file(path.display().to_string()),
                    format!("broken zip archive: {e}"),
                )
            })?;
            let mut entries: Vec<String> =
                archive.file_names().filter(|n| !n.ends_with('/') && !is_junk(n)).map(str::to_owned).collect();
            entries.sort();
            return Ok(Bundle { path: path.to_owned(), entries, kind: Kind::Zip(Box::new(archive)), head: None });
        }
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let whole = got < start.len();
        start.truncate(got);
        let head = Head { name: name.clone(), bytes: start, whole, texts: Vec::new() };
        Ok(Bundle { path: path.to_owned(), entries: vec![name], kind: Kind::File, head: Some(head) })
    }

    /// A single in-memory file called `name`: for tests and fuzz targets.
    pub fn from_bytes(name: &str, bytes: Vec<u8>) -> Bundle {
        Bundle { path: PathBuf::from(name), entries: vec![name.to_owned()], kind: Kind::Memory(bytes), head: None }
    }

    /// The path the user gave.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether this is a single plain file (not a folder, not a zip).
    pub fn is_file(&self) -> bool {
        matches!(self.kind, Kind::File | Kind::Memory(_))
    }

    /// Whether this is a zip archive.
    pub fn is_zip(&self) -> bool {
        matches!(self.kind, Kind::Zip(_))
    }

    /// Entry names, sorted: paths relative to the root with `/` separators; a plain file has one entry, its name.
    pub fn entries(&self) -> &[String] {
        &self.entries
    }

    /// Whether an entry called `name` exists.
    pub fn has(&self, name: &str) -> bool {
        self.entries.binary_search_by(|e| e.as_str().cmp(name)).is_ok()
    }

    /// The entry's name as a person should read it in a message: the file's path, `dir/entry` or `zip!/entry`.
    pub fn display(&self, name: &str) -> String {
        match self.kind {
            Kind::File | Kind::Memory(_) => self.path.display().to_string(),
            Kind::Dir => self.path.join(name).display().to_string(),
            Kind::Zip(_) => format!("{}!/{name}", self.path.display()),
        }
    }

    /// The entry's size in bytes (uncompressed), when known.
    pub fn size(&mut self, name: &str) -> Option<u64> {
        match &mut self.kind {
            Kind::File => std::fs::metadata(&self.path).ok().map(|m| m.len()),
            Kind::Memory(b) => Some(b.len() as u64),
            Kind::Dir => std::fs::metadata(self.path.join(name)).ok().map(|m| m.len()),
            Kind::Zip(z) => z.by_name(name).ok().map(|f| f.size()),
        }
    }

    /// Opens an entry for streaming. The reader borrows the bundle: read one entry at a time.
    pub fn open_entry(&mut self, name: &str) -> Result<Box<dyn Read + '_>, ImportError> {
        let shown = self.display(name);
        match &mut self.kind {
            Kind::File => {
                let f = File::open(&self.path).map_err(|e| ImportError::io(&self.path, e))?;
                Ok(Box::new(f))
            }
            Kind::Memory(b) => Ok(Box::new(&b[..])),
            Kind::Dir => {
                let p = self.path.join(name);
                let f = File::open(&p).map_err(|e| ImportError::io(&p, e))?;
                Ok(Box::new(f))
            }
            Kind::Zip(z) => {
                let f = z.by_name(name).map_err(|e| {
                    ImportError::invalid(crate::Location::file(shown), format!("cannot open in the archive: {e}"))
                })?;
                Ok(Box::new(f))
            }
        }
    }

    /// The first `n` bytes of an entry (fewer if it is shorter): for format detection.
    pub fn head(&mut self, name: &str, n: usize) -> Result<Vec<u8>, ImportError> {
        let bytes = &self.cached_head(name, n)?.bytes;
        Ok(bytes[..n.min(bytes.len())].to_vec())
    }

    /// The first `n` bytes (fewer if shorter) of each of the entries `names`, in their order. A folder's files are
    /// read on every core: a folder of a thousand chats in another format takes a thousand opens to pass over.
    pub fn starts(&mut self, names: &[String], n: usize) -> Result<Vec<Vec<u8>>, ImportError> {
        if !matches!(self.kind, Kind::Dir) || names.len() < 2 {
            return names.iter().map(|name| self.head(name, n)).collect();
        }
        let root = &self.path;
        crate::parallel::map_on_every_core(names, |name| {
            let p = root.join(name);
            let mut buf = vec![0u8; n];
            let got =
                File::open(&p).and_then(|mut f| read_up_to(&mut f, &mut buf)).map_err(|e| ImportError::io(&p, e))?;
            buf.truncate(got);
            Ok(buf)
        })
        .into_iter()
        .collect()
    }

    /// The first `n` bytes of an entry decoded to text (BOMs, UTF-16 and GB18030 handled), for detection.
    pub fn head_text(&mut self, name: &str, n: usize) -> Result<String, ImportError> {
        let head = self.cached_head(name, n)?;
        if let Some((_, text)) = head.texts.iter().find(|(m, _)| *m == n) {
            return Ok(text.clone());
        }
        let text = crate::decode::decode_prefix(&head.bytes[..n.min(head.bytes.len())]);
        head.texts.push((n, text.clone()));
        Ok(text)
    }

    /// The cached head of entry `name`, read again when it is another entry's or shorter than `n` bytes.
    fn cached_head(&mut self, name: &str, n: usize) -> Result<&mut Head, ImportError> {
        let cached = |h: &Head| h.name == name && (h.whole || h.bytes.len() >= n);
        if !self.head.as_ref().is_some_and(cached) {
            let shown = self.display(name);
            // At least as much as the formats' detection asks for (WeCom aside), so that one read serves them all.
            let mut buf = vec![0u8; n.max(HEAD_READ)];
            let got = read_up_to(&mut self.open_entry(name)?, &mut buf).map_err(|e| ImportError::io(shown, e))?;
            let whole = got < buf.len();
            buf.truncate(got);
            self.head = Some(Head { name: name.to_owned(), bytes: buf, whole, texts: Vec::new() });
        }
        Ok(self.head.as_mut().expect("read above"))
    }
}

/// The fewest bytes read of an entry's start for detection: what every format looks at but WeCom, which asks
/// for 16 KiB of entries that start like JSON.
const HEAD_READ: usize = 8 * 1024;

fn read_up_to(r: &mut dyn Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match r.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}

fn is_junk(name: &str) -> bool {
    name.starts_with("__MACOSX/") || name.rsplit('/').next().is_some_and(|f| f == ".DS_Store")
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) -> Result<(), ImportError> {
    let rd = std::fs::read_dir(dir).map_err(|e| ImportError::io(dir, e))?;
    for entry in rd {
        let entry = entry.map_err(|e| ImportError::io(dir, e))?;
        let p = entry.path();
        let ft = entry.file_type().map_err(|e| ImportError::io(&p, e))?;
        if ft.is_dir() {
            walk(root, &p, out)?;
        } else if ft.is_file() {
            let rel = p.strip_prefix(root).unwrap_or(&p);
            let name = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            if !is_junk(&name) {
                out.push(name);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn folders_and_zips_list_the_same_entries() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("general")).unwrap();
        std::fs::write(dir.path().join("channels.json"), "[]").unwrap();
        std::fs::write(dir.path().join("general/2024-01-02.json"), "[]").unwrap();
        let zpath = dir.path().join("export.zip");
        {
            let mut z = zip::ZipWriter::new(File::create(&zpath).unwrap());
            let o = zip::write::SimpleFileOptions::default();
            z.start_file("channels.json", o).unwrap();
            z.write_all(b"[]").unwrap();
            z.start_file("general/2024-01-02.json", o).unwrap();
            z.write_all(b"[1]").unwrap();
            z.start_file("__MACOSX/._channels.json", o).unwrap();
            z.finish().unwrap();
        }
        let mut zb = Bundle::open(&zpath).unwrap();
        assert!(zb.is_zip());
        assert_eq!(zb.entries(), ["channels.json", "general/2024-01-02.json"]);
        assert_eq!(zb.head("general/2024-01-02.json", 10).unwrap(), b"[1]");
        assert!(zb.display("channels.json").ends_with("export.zip!/channels.json"));
        std::fs::remove_file(&zpath).unwrap();
        let db = Bundle::open(dir.path()).unwrap();
        assert_eq!(db.entries(), ["channels.json", "general/2024-01-02.json"]);
        assert!(db.has("channels.json"));
    }

    #[test]
    fn starts_of_a_folders_files_come_in_the_order_asked() {
        let dir = tempfile::tempdir().unwrap();
        let names: Vec<String> = (0..9).map(|i| format!("chat{i}.txt")).collect();
        for (i, name) in names.iter().enumerate() {
            std::fs::write(dir.path().join(name), "x".repeat(i * 20)).unwrap();
        }
        let mut b = Bundle::open(dir.path()).unwrap();
        let mut asked = names.clone();
        asked.reverse();
        let starts = b.starts(&asked, 64).unwrap();
        let lengths: Vec<usize> = starts.iter().map(Vec::len).collect();
        assert_eq!(lengths, [64, 64, 64, 64, 64, 60, 40, 20, 0]);
        assert_eq!(starts[5], "x".repeat(60).as_bytes());
        asked.push("gone.txt".into());
        let err = b.starts(&asked, 64).unwrap_err().to_string();
        assert!(err.contains("gone.txt"), "{err}");
    }

    #[test]
    fn heads_are_read_once_and_served_in_any_length() {
        let dir = tempfile::tempdir().unwrap();
        let long: Vec<u8> = (0..40_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(dir.path().join("long.txt"), &long).unwrap();
        std::fs::write(dir.path().join("short.txt"), b"abc").unwrap();
        let mut b = Bundle::open(dir.path()).unwrap();
        assert_eq!(b.head("long.txt", 10).unwrap(), &long[..10]);
        assert_eq!(b.head("long.txt", 8192).unwrap(), &long[..8192]);
        // Longer than what was read first: read again.
        assert_eq!(b.head("long.txt", 30_000).unwrap(), &long[..30_000]);
        assert_eq!(b.head("short.txt", 2).unwrap(), b"ab");
        assert_eq!(b.head("short.txt", 100_000).unwrap(), b"abc", "a whole entry serves any length");
        assert_eq!(b.head("long.txt", 5).unwrap(), &long[..5], "another entry is not mistaken for it");
    }

    #[test]
    fn decoded_heads_are_those_of_the_length_and_entry_asked() {
        let dir = tempfile::tempdir().unwrap();
        let text = "消息ID,类型,发送人\n".repeat(200);
        std::fs::write(dir.path().join("gb.txt"), encoding_rs::GB18030.encode(&text).0).unwrap();
        std::fs::write(dir.path().join("utf8.txt"), "收到，谢谢".repeat(300)).unwrap();
        let mut b = Bundle::open(dir.path()).unwrap();
        for (name, n) in [("gb.txt", 7), ("gb.txt", 1024), ("gb.txt", 7), ("utf8.txt", 7), ("gb.txt", 1024)] {
            let bytes = std::fs::read(dir.path().join(name)).unwrap();
            let want = crate::decode::decode_prefix(&bytes[..n]);
            assert_eq!(b.head_text(name, n).unwrap(), want, "{name} {n}");
        }
        assert_eq!(b.head_text("gb.txt", 3).unwrap(), "消", "a character cut at the end is left out");
    }
}
