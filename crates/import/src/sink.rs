//! Where importers push their records.
//!
//! Importers drive and the sink receives (a push model, as in ripgrep's `Sink`): an importer reads its input once,
//! front to back, and calls [`Sink::record`] for every canonical record as soon as it has it, so nothing grows
//! with the input's size. A sink that returns an error stops the import; the importer returns that error as
//! [`ImportError::Sink`](crate::ImportError::Sink) without reading further. Importers report how many bytes they
//! have consumed through [`Sink::progress`]; sinks that show progress bars use it, others ignore it.

use jingjian_model::{Message, Millis, Record};
use std::collections::HashSet;

/// Receives canonical records from an importer.
pub trait Sink {
    /// Takes one record. An error stops the import.
    fn record(&mut self, record: Record) -> Result<(), String>;

    /// The importer has consumed `bytes` bytes of the current file so far.
    fn progress(&mut self, _bytes: u64) {}
}

/// Collects every record in memory: for tests and small inputs.
#[derive(Debug, Default)]
pub struct Collect(pub Vec<Record>);

impl Sink for Collect {
    fn record(&mut self, record: Record) -> Result<(), String> {
        self.0.push(record);
        Ok(())
    }
}

impl Collect {
    /// The messages collected, in order.
    pub fn messages(&self) -> impl Iterator<Item = &Message> {
        self.0.iter().filter_map(|r| match r {
            Record::Message(m) => Some(m),
            _ => None,
        })
    }
}

/// The figures `jingjian inspect` reports, counted over a record stream without keeping the records.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Tally {
    groups: HashSet<(String, String)>,
    members: HashSet<(String, String)>,
    senders: HashSet<(String, String)>,
    pub messages: u64,
    pub human_messages: u64,
    pub bot_messages: u64,
    pub system_messages: u64,
    pub first: Option<Millis>,
    pub last: Option<Millis>,
}

impl Tally {
    /// Distinct groups seen (declared or posted to).
    pub fn groups(&self) -> usize {
        self.groups.len()
    }
    /// Distinct members seen (declared, in a membership, or sending).
    pub fn members(&self) -> usize {
        self.members.len()
    }
    /// Distinct senders of human messages.
    pub fn senders(&self) -> usize {
        self.senders.len()
    }
}

impl Sink for Tally {
    fn record(&mut self, record: Record) -> Result<(), String> {
        match record {
            Record::Unit(_) => {}
            Record::Member(m) => {
                self.members.insert((m.source.to_string(), m.id));
            }
            Record::Group(g) => {
                self.groups.insert((g.source.to_string(), g.id));
            }
            Record::Membership(m) => {
                self.groups.insert((m.source.to_string(), m.group));
                self.members.insert((m.source.to_string(), m.member));
            }
            Record::Message(m) => {
                let src = m.source.to_string();
                self.messages += 1;
                if m.kind.is_system() {
                    self.system_messages += 1;
                } else if m.kind.is_human() {
                    self.human_messages += 1;
                    if let Some(s) = &m.sender {
                        self.senders.insert((src.clone(), s.clone()));
                    }
                } else {
                    self.bot_messages += 1;
                }
                if let Some(s) = m.sender {
                    self.members.insert((src.clone(), s));
                }
                self.groups.insert((src, m.group));
                self.first = Some(self.first.map_or(m.time, |f| f.min(m.time)));
                self.last = Some(self.last.map_or(m.time, |l| l.max(m.time)));
            }
        }
        Ok(())
    }
}
