//! `jingjian eval --truth FILE`: the classifier's per-class precision, recall and F1 against true labels.

use crate::common::{WorkspaceArg, print_json};
use crate::error::{CliError, Result};
use jingjian_model::Label;
use jingjian_store::Workspace;
use std::collections::HashMap;
use std::path::PathBuf;

/// Compare the audit's labels with true labels (a file of `message-id<TAB>label` lines)
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    ws: WorkspaceArg,
    /// The true labels: one `message-id<TAB>label` line per message
    #[arg(long)]
    truth: PathBuf,
    /// Print one JSON document
    #[arg(long)]
    json: bool,
}

pub async fn run(a: Args) -> Result<()> {
    let text = std::fs::read_to_string(&a.truth).map_err(|e| CliError::io(a.truth.display(), e))?;
    let mut truth: HashMap<String, Label> = HashMap::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let (id, label) = line.split_once('\t').ok_or_else(|| {
            CliError::Usage(format!("{}, line {}: expected `message-id<TAB>label`", a.truth.display(), i + 1))
        })?;
        let label = Label::parse(label.trim()).ok_or_else(|| {
            CliError::Usage(format!("{}, line {}: `{}` is not a label", a.truth.display(), i + 1, label.trim()))
        })?;
        truth.insert(id.trim().to_owned(), label);
    }
    let ws = Workspace::open(&a.ws.workspace).await?;
    if !ws.latest().tables.contains_key("labels") {
        return Err(CliError::Usage("the workspace has no labels: run `jingjian audit` first".into()));
    }
    let ctx = ws.session(None).await?;
    let (confusion, matched) = crate::analysis::score_labels(&ctx, &truth).await?;
    if matched == 0 {
        return Err(CliError::Usage(format!("no message id in {} is in the workspace", a.truth.display())));
    }
    if a.json {
        return print_json(&serde_json::json!({
            "messages": matched,
            "unmatched": truth.len() - matched,
            "accuracy": confusion.accuracy(),
            "macro_f1": confusion.macro_f1(),
            "classes": confusion.per_class().iter().map(|c| serde_json::json!({
                "label": c.label, "precision": c.precision, "recall": c.recall, "f1": c.f1, "support": c.support,
            })).collect::<Vec<_>>(),
        }));
    }
    println!("{matched} messages compared ({} truth lines not in the workspace)", truth.len() - matched);
    println!("{confusion}");
    println!("macro-F1 {:.3}, accuracy {:.3}", confusion.macro_f1(), confusion.accuracy());
    Ok(())
}
