//! One module per subcommand.

pub mod export;
pub mod import;
pub mod inspect;
pub mod messages;
pub mod simulate;
pub mod status;
