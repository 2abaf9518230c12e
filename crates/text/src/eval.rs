//! Evaluation of labels against hand-labelled truth: per-class precision, recall and F1, macro-F1, and a
//! confusion matrix that prints as a table.

use jingjian_model::Label;
use std::fmt;

const N: usize = Label::ALL.len();

/// A confusion matrix over the eight labels: `counts[truth][predicted]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Confusion {
    counts: [[u64; N]; N],
}

/// Precision, recall and F1 of one class.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClassScore {
    /// The class.
    pub label: Label,
    /// Correct predictions of this class over all predictions of it (0 when never predicted).
    pub precision: f64,
    /// Correct predictions of this class over all true members of it (0 when it never occurs).
    pub recall: f64,
    /// Harmonic mean of precision and recall (0 when both are 0).
    pub f1: f64,
    /// How many true members the class has.
    pub support: u64,
}

fn index(l: Label) -> usize {
    Label::ALL.iter().position(|x| *x == l).expect("every label is in Label::ALL")
}

impl Confusion {
    /// An empty matrix.
    pub fn new() -> Confusion {
        Confusion::default()
    }

    /// Builds a matrix from (truth, predicted) pairs.
    pub fn from_pairs(pairs: impl IntoIterator<Item = (Label, Label)>) -> Confusion {
        let mut c = Confusion::new();
        for (t, p) in pairs {
            c.add(t, p);
        }
        c
    }

    /// Counts one message.
    pub fn add(&mut self, truth: Label, predicted: Label) {
        self.counts[index(truth)][index(predicted)] += 1;
    }

    /// How many messages had label `truth` and were predicted `predicted`.
    pub fn count(&self, truth: Label, predicted: Label) -> u64 {
        self.counts[index(truth)][index(predicted)]
    }

    /// How many messages were counted.
    pub fn total(&self) -> u64 {
        self.counts.iter().flatten().sum()
    }

    /// The share of messages predicted correctly.
    pub fn accuracy(&self) -> f64 {
        let t = self.total();
        if t == 0 { 0.0 } else { (0..N).map(|i| self.counts[i][i]).sum::<u64>() as f64 / t as f64 }
    }

    /// Scores of every class that occurs in the truth or in the predictions, in [`Label::ALL`] order.
    pub fn per_class(&self) -> Vec<ClassScore> {
        (0..N)
            .filter_map(|i| {
                let tp = self.counts[i][i] as f64;
                let support: u64 = self.counts[i].iter().sum();
                let predicted: u64 = (0..N).map(|t| self.counts[t][i]).sum();
                if support == 0 && predicted == 0 {
                    return None;
                }
                let precision = if predicted == 0 { 0.0 } else { tp / predicted as f64 };
                let recall = if support == 0 { 0.0 } else { tp / support as f64 };
                let f1 = if precision + recall == 0.0 { 0.0 } else { 2.0 * precision * recall / (precision + recall) };
                Some(ClassScore { label: Label::ALL[i], precision, recall, f1, support })
            })
            .collect()
    }

    /// The unweighted mean F1 over the classes [`per_class`](Confusion::per_class) reports (0 when empty).
    pub fn macro_f1(&self) -> f64 {
        let s = self.per_class();
        if s.is_empty() { 0.0 } else { s.iter().map(|c| c.f1).sum::<f64>() / s.len() as f64 }
    }
}

impl fmt::Display for Confusion {
    /// The matrix (rows: truth, columns: predicted) followed by per-class scores and macro-F1.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const SHORT: [&str; N] = ["imp", "ack", "proof", "flat", "greet", "off", "disc", "sys"];
        write!(f, "{:<14}", "truth \\ pred")?;
        for s in SHORT {
            write!(f, "{s:>7}")?;
        }
        writeln!(f)?;
        for (i, l) in Label::ALL.iter().enumerate() {
            write!(f, "{:<14}", l.as_str())?;
            for j in 0..N {
                write!(f, "{:>7}", self.counts[i][j])?;
            }
            writeln!(f)?;
        }
        writeln!(f, "{:<14}{:>10}{:>10}{:>10}{:>9}", "class", "precision", "recall", "f1", "support")?;
        for c in self.per_class() {
            writeln!(
                f,
                "{:<14}{:>10.3}{:>10.3}{:>10.3}{:>9}",
                c.label.as_str(),
                c.precision,
                c.recall,
                c.f1,
                c.support
            )?;
        }
        write!(f, "macro-F1 {:.3}, accuracy {:.3}, {} messages", self.macro_f1(), self.accuracy(), self.total())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Label::*;

    #[test]
    fn scores_from_a_small_matrix() {
        let c = Confusion::from_pairs([
            (Ack, Ack),
            (Ack, Ack),
            (Ack, Discussion),
            (Discussion, Discussion),
            (Important, Ack),
        ]);
        assert_eq!(c.total(), 5);
        assert_eq!(c.count(Ack, Discussion), 1);
        let s = c.per_class();
        assert_eq!(s.iter().map(|x| x.label).collect::<Vec<_>>(), [Important, Ack, Discussion]);
        let ack = s[1];
        assert!((ack.precision - 2.0 / 3.0).abs() < 1e-9 && (ack.recall - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(s[0].f1, 0.0);
        let disc = s[2];
        assert!((disc.precision - 0.5).abs() < 1e-9 && (disc.recall - 1.0).abs() < 1e-9);
        let expected = (0.0 + 2.0 / 3.0 + 2.0 / 3.0) / 3.0;
        assert!((c.macro_f1() - expected).abs() < 1e-9);
        assert!((c.accuracy() - 0.6).abs() < 1e-9);
    }

    #[test]
    fn display_shows_matrix_and_scores() {
        let c = Confusion::from_pairs([(Greeting, Greeting), (System, Greeting)]);
        let s = c.to_string();
        assert!(s.contains("truth \\ pred") && s.contains("greeting") && s.contains("macro-F1 0.333"), "{s}");
        assert_eq!(Confusion::new().macro_f1(), 0.0);
    }
}
