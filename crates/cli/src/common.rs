//! Arguments and helpers several commands share: the workspace path, the time zone, JSON printing.

use crate::error::{CliError, Result};
use chrono_tz::Tz;
use std::io::Write;
use std::path::PathBuf;

/// `-w/--workspace DIR`.
#[derive(clap::Args, Debug, Clone)]
pub struct WorkspaceArg {
    /// The workspace folder
    #[arg(short, long, default_value = "./jingjian-workspace", env = "JINGJIAN_WORKSPACE")]
    pub workspace: PathBuf,
}

/// `--config FILE`: a configuration file read on top of the workspace's `jingjian.toml`.
#[derive(clap::Args, Debug, Clone)]
pub struct ConfigArg {
    /// A configuration file on top of the workspace's jingjian.toml
    #[arg(long)]
    pub config: Option<PathBuf>,
}

impl ConfigArg {
    /// The effective configuration of the workspace `ws`.
    pub fn load(&self, ws: &WorkspaceArg) -> Result<jingjian_engine::config::Loaded> {
        crate::analysis::config(&ws.workspace, self.config.as_deref())
    }
}

/// The zone local times are read in: `--tz`, else `TZ`, else the machine's zone, else UTC.
pub fn zone(tz: Option<&str>) -> Result<Tz> {
    let given = tz.map(str::to_owned).or_else(|| std::env::var("TZ").ok().filter(|s| !s.is_empty()));
    match given {
        Some(name) => name.trim_start_matches(':').parse::<Tz>().map_err(|_| {
            CliError::Usage(format!("`{name}` is not a time zone name (use an IANA name such as Asia/Shanghai or UTC)"))
        }),
        None => Ok(iana_time_zone::get_timezone().ok().and_then(|n| n.parse().ok()).unwrap_or(chrono_tz::UTC)),
    }
}

/// Prints one JSON document on stdout, written as it is serialised (an audit's document runs to a hundred
/// megabytes at ten million messages) through one buffer rather than the line-buffered stdout.
pub fn print_json<T: serde::Serialize + ?Sized>(value: &T) -> Result<()> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    serde_json::to_writer_pretty(&mut out, value).map_err(|e| match e.io_error_kind() {
        Some(kind) => CliError::io("stdout", std::io::Error::from(kind)),
        None => CliError::Other(e.to_string()),
    })?;
    writeln!(out).and_then(|()| out.flush()).map_err(|e| CliError::io("stdout", e))
}
