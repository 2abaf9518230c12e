//! `jingjian`: audit and streamline work chat groups.
//!
//! The binary only wires the library crates together: each subcommand lives in `cmd/<name>.rs` with its
//! arguments and one `run`. Errors are reported here, once, as sentences with an exit code that means something
//! (see `error.rs`).

mod analysis;
mod cmd;
mod common;
mod error;
mod lang;
mod parquet_tables;
mod progress;
mod reportdata;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// 精简 jingjian: audit work chat groups, find zombie, redundant and noisy groups, plan their consolidation, and
/// give every member a digest of what matters.
#[derive(Parser)]
#[command(name = "jingjian", version, about, long_about = None, propagate_version = true)]
struct Cli {
    /// Language of people-facing output (JSON never changes) [default: from LANG]
    #[arg(long, global = true, value_enum)]
    lang: Option<lang::Lang>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Inspect(cmd::inspect::Args),
    Import(cmd::import::Args),
    Status(cmd::status::Args),
    Messages(cmd::messages::Args),
    Export(cmd::export::Args),
    Simulate(cmd::simulate::Args),
    Audit(cmd::audit::Args),
    Plan(cmd::plan::Args),
    Digest(cmd::digest::Args),
    Report(cmd::report::Args),
    Run(cmd::run::Args),
    Trend(cmd::trend::Args),
    Eval(cmd::eval::Args),
    Explain(cmd::explain::Args),
    Config(cmd::config::Args),
    Demo(cmd::demo::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    lang::set(cli.lang);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("tokio runtime starts");
    let result = runtime.block_on(async {
        match cli.command {
            Command::Inspect(a) => cmd::inspect::run(a).await,
            Command::Import(a) => cmd::import::run(a).await,
            Command::Status(a) => cmd::status::run(a).await,
            Command::Messages(a) => cmd::messages::run(a).await,
            Command::Export(a) => cmd::export::run(a).await,
            Command::Simulate(a) => cmd::simulate::run(a).await,
            Command::Audit(a) => cmd::audit::run(a).await,
            Command::Plan(a) => cmd::plan::run(a).await,
            Command::Digest(a) => cmd::digest::run(a).await,
            Command::Report(a) => cmd::report::run(a).await,
            Command::Run(a) => cmd::run::run(a).await,
            Command::Trend(a) => cmd::trend::run(a).await,
            Command::Eval(a) => cmd::eval::run(a).await,
            Command::Explain(a) => cmd::explain::run(a).await,
            Command::Config(a) => cmd::config::run(a).await,
            Command::Demo(a) => cmd::demo::run(a).await,
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // A reader that stopped early (`| head`) is not a failure.
        Err(error::CliError::Io { source, .. }) if source.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("jingjian: {} {e}", lang::t("错误：", "error:"));
            ExitCode::from(e.exit_code())
        }
    }
}
