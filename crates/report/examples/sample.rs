//! Writes a sample report from hand-built data, so the report (and `scripts/report-browser-test.sh`) can be tried
//! without the rest of jingjian.
//!
//! ```text
//! cargo run -p jingjian-report --example sample -- OUT.html [--lang zh|en] [--unit U] [--pseudonymize]
//!     [--generated GROUPS MEMBERS] [--tables DIR --format json|csv]
//! ```
//! Prints the headline figures as the page shows them (one `id=value` a line), for the browser test to look for.

use jingjian_report::{Options, TableFormat, render_html, sample, scope, write_tables};
use std::process::ExitCode;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("sample: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let mut out = None;
    let mut opts = Options::default();
    let mut size = None;
    let mut tables = None;
    let mut format = TableFormat::Csv;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--lang" => opts.lang = args.next().ok_or("--lang needs zh or en")?.parse()?,
            "--unit" => opts.unit = Some(args.next().ok_or("--unit needs a unit id")?),
            "--pseudonymize" => opts.pseudonymize = true,
            "--generated" => {
                let g = args.next().ok_or("--generated needs GROUPS MEMBERS")?.parse()?;
                let m = args.next().ok_or("--generated needs GROUPS MEMBERS")?.parse()?;
                size = Some((g, m));
            }
            "--tables" => tables = Some(args.next().ok_or("--tables needs a folder")?),
            "--format" => format = args.next().ok_or("--format needs json or csv")?.parse()?,
            _ if out.is_none() && !a.starts_with("--") => out = Some(a),
            _ => return Err(format!("unknown argument `{a}`").into()),
        }
    }
    let out = out.ok_or("usage: sample OUT.html [--lang zh|en] [--unit U] [--pseudonymize] [--generated G M]")?;
    let data = match size {
        Some((g, m)) => sample::generated(g, m),
        None => sample::small(),
    };
    let html = render_html(&data, &opts)?;
    std::fs::write(&out, &html).map_err(|e| format!("{out}: cannot write: {e}"))?;
    if let Some(dir) = tables {
        write_tables(&scope(&data, &opts)?, dir.as_ref(), format)?;
    }
    let h = scope(&data, &opts)?.headline;
    let count = |x: f64| jingjian_report::format::int(x.round() as i64);
    println!("h-groups={}→{}", count(h.groups.before), count(h.groups.after));
    println!("h-zombies={}→{}", count(h.zombies.before), count(h.zombies.after));
    println!(
        "h-after-hours={}→{}",
        jingjian_report::format::pct(h.after_hours_share.before),
        jingjian_report::format::pct(h.after_hours_share.after)
    );
    eprintln!(
        "sample: wrote {out} ({} bytes, {} groups, {} members)",
        html.len(),
        data.groups.len(),
        data.members.len()
    );
    Ok(())
}
