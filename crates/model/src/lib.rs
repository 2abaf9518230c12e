//! The canonical records every importer produces and every analysis reads.
//!
//! jingjian reads many chat-export formats; they all become the five record types here: [`Unit`], [`Member`],
//! [`Group`], [`Membership`] and [`Message`]. The same records travel as canonical JSON Lines ([`Record`], one
//! object a line with a `type` field) and are stored as Arrow/Delta tables whose schemas live in [`schema`].
//!
//! Identity is `source` plus the source's own ids. A message's key is (source, group, id); sources without
//! message ids get a deterministic id from [`synthetic_id`], so importing the same export twice adds nothing.

pub mod label;
pub mod record;
pub mod schema;
pub mod time;

pub use label::Label;
pub use record::*;
pub use time::Millis;
