//! One module per subcommand.

pub mod audit;
pub mod config;
pub mod demo;
pub mod digest;
pub mod eval;
pub mod explain;
pub mod export;
pub mod import;
pub mod inspect;
pub mod messages;
pub mod plan;
pub mod report;
pub mod run;
pub mod simulate;
pub mod status;
pub mod trend;
