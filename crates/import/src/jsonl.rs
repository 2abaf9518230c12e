//! The canonical JSON Lines format: one [`Record`] a line, tagged by `type` (see `docs/canonical-format.md`).
//! Any tool can write it; `jingjian export` writes it and `jingjian import --format jsonl` reads it back.

use crate::{Bundle, Format, ImportError, LineReader, Options, Sink};
use jingjian_model::{Record, Source};

/// Canonical JSON Lines.
pub struct Jsonl;

impl Format for Jsonl {
    fn name(&self) -> &'static str {
        "jsonl"
    }

    fn source(&self) -> Source {
        Source::Jsonl
    }

    fn detect(&self, bundle: &mut Bundle) -> Result<u8, ImportError> {
        if !bundle.is_file() {
            return Ok(0);
        }
        let name = bundle.entries()[0].clone();
        let head = bundle.head_text(&name, 4096)?;
        let first = head.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        // The first record decides: an object whose `type` is one of the canonical types (any spacing).
        let typed = serde_json::from_str::<serde_json::Value>(first).ok().is_some_and(|v| {
            let t = v.get("type").and_then(|t| t.as_str()).unwrap_or("");
            ["unit", "member", "group", "membership", "message"].contains(&t)
                && (v.get("id").is_some() || v.get("member").is_some())
        });
        Ok(if typed { 90 } else { 0 })
    }

    fn read(&self, bundle: &mut Bundle, _opts: &Options, sink: &mut dyn Sink) -> Result<(), ImportError> {
        let names = bundle.entries().to_vec();
        for name in names {
            let shown = bundle.display(&name);
            let (r, _) =
                crate::decode::utf8_reader(bundle.open_entry(&name)?).map_err(|e| ImportError::io(&shown, e))?;
            let mut lines = LineReader::new(r, shown);
            let mut count = 0u64;
            while let Some(line) = lines.next_line()? {
                if line.trim().is_empty() {
                    continue;
                }
                let record: Record = serde_json::from_str(line).map_err(|e| {
                    let what = if e.is_eof() && !lines.terminated {
                        "the line is cut short (the file may be truncated)".to_string()
                    } else {
                        format!("expected a canonical record: {e}")
                    };
                    ImportError::invalid(lines.here(), what)
                })?;
                sink.record(record).map_err(ImportError::Sink)?;
                count += 1;
                if count.is_multiple_of(4096) {
                    sink.progress(lines.bytes_read());
                }
            }
            sink.progress(lines.bytes_read());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Collect;

    fn read(text: &str) -> Result<Collect, ImportError> {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.jsonl");
        std::fs::write(&p, text).unwrap();
        let mut b = Bundle::open(&p).unwrap();
        let mut c = Collect::default();
        Jsonl.read(&mut b, &Options::default(), &mut c)?;
        Ok(c)
    }

    #[test]
    fn reads_every_record_type() {
        let c = read(concat!(
            r#"{"type":"unit","id":"u1","name":"办公室"}"#,
            "\n",
            r#"{"type":"member","source":"jsonl","id":"m1","unit":"u1"}"#,
            "\n\n",
            r#"{"type":"group","source":"jsonl","id":"g1","name":"工作群"}"#,
            "\n",
            r#"{"type":"membership","source":"jsonl","group":"g1","member":"m1"}"#,
            "\n",
            r#"{"type":"message","source":"jsonl","group":"g1","id":"1","sender":"m1","time":"2024-01-01T08:00:00+08:00","text":"收到"}"#,
        ))
        .unwrap();
        assert_eq!(c.0.len(), 5);
        assert_eq!(c.messages().next().unwrap().text, "收到");
    }

    #[test]
    fn detection_ignores_spacing_and_refuses_other_json_lines() {
        let mut b = Bundle::from_bytes("a.jsonl", br#"{"type": "message", "source": "jsonl", "id": "1"}"#.to_vec());
        assert_eq!(Jsonl.detect(&mut b).unwrap(), 90);
        let mut b = Bundle::from_bytes("b.jsonl", br#"{"type":"post","post":{}}"#.to_vec());
        assert_eq!(Jsonl.detect(&mut b).unwrap(), 0);
    }

    #[test]
    fn a_cut_last_line_names_file_and_line() {
        let e = read("{\"type\":\"unit\",\"id\":\"u1\"}\n{\"type\":\"message\",\"source\":\"jsonl\",\"gro")
            .unwrap_err()
            .to_string();
        assert!(e.contains("x.jsonl, line 2, byte 26"), "{e}");
        assert!(e.contains("cut short"), "{e}");
    }

    #[test]
    fn a_wrong_record_says_what_was_expected() {
        let e = read("{\"type\":\"meeting\"}\n").unwrap_err().to_string();
        assert!(e.contains("line 1") && e.contains("expected a canonical record"), "{e}");
    }
}
