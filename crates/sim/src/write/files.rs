//! One output file per group (Telegram's per-chat `result.json`, WhatsApp's per-chat `.txt`), written as the
//! days go by without holding a file handle per group: each group's bytes gather in its own buffer, and a
//! buffer that passes its share of a fixed memory budget is appended to the group's file (created, truncating,
//! on its first write) and emptied. Memory stays within the budget plus a little per group, however many
//! messages are written; the number of file opens is the output size divided by the per-group share.

use crate::error::SimError;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::PathBuf;

/// Bytes all groups' buffers may hold together before they are written out.
const BUDGET: usize = 32 << 20;

/// Buffered per-group output files.
pub struct GroupFiles {
    paths: Vec<PathBuf>,
    bufs: Vec<Vec<u8>>,
    created: Vec<bool>,
    /// Per group: how many records the writer has put in so far (for separators such as JSON commas).
    pub counts: Vec<u64>,
    limit: usize,
}

impl GroupFiles {
    /// Files at `paths`, one per group, in group order. Nothing is created before the first write.
    pub fn new(paths: Vec<PathBuf>) -> GroupFiles {
        let n = paths.len().max(1);
        GroupFiles {
            bufs: vec![Vec::new(); paths.len()],
            created: vec![false; paths.len()],
            counts: vec![0; paths.len()],
            limit: (BUDGET / n).clamp(4 << 10, 1 << 20),
            paths,
        }
    }

    /// Group `g`'s buffer, to append to; call [`GroupFiles::wrote`] after.
    pub fn buf(&mut self, g: u32) -> &mut Vec<u8> {
        &mut self.bufs[g as usize]
    }

    /// Writes group `g`'s buffer out if it has passed the group's share of the budget.
    pub fn wrote(&mut self, g: u32) -> Result<(), SimError> {
        if self.bufs[g as usize].len() >= self.limit { self.flush(g) } else { Ok(()) }
    }

    /// Appends group `g`'s buffer to its file (creating the file on the first call) and empties the buffer.
    pub fn flush(&mut self, g: u32) -> Result<(), SimError> {
        let g = g as usize;
        let path = &self.paths[g];
        let mut f = if self.created[g] { OpenOptions::new().append(true).open(path) } else { File::create(path) }
            .map_err(|e| SimError::io(path, e))?;
        self.created[g] = true;
        f.write_all(&self.bufs[g]).map_err(|e| SimError::io(path, e))?;
        let buf = &mut self.bufs[g];
        buf.clear();
        if buf.capacity() > 2 * self.limit {
            buf.shrink_to(self.limit);
        }
        Ok(())
    }

    /// Writes every group's buffer out (every file exists afterwards).
    pub fn finish(&mut self) -> Result<(), SimError> {
        for g in 0..self.paths.len() as u32 {
            self.flush(g)?;
        }
        Ok(())
    }
}
