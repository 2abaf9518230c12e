//! Progress bars on stderr (drawn only when stderr is a terminal, so scripts and CI see clean output).

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// A byte-count bar over several files: `base` is the size of the files already read.
#[derive(Clone)]
pub struct Bytes {
    pub bar: ProgressBar,
    pub base: Arc<AtomicU64>,
}

impl Bytes {
    /// A bar for `total` bytes, hidden when `quiet`.
    pub fn new(total: u64, quiet: bool) -> Bytes {
        let bar = ProgressBar::with_draw_target(
            Some(total),
            if quiet { ProgressDrawTarget::hidden() } else { ProgressDrawTarget::stderr() },
        );
        bar.set_style(
            ProgressStyle::with_template("{msg:20!} {bar:30} {bytes}/{total_bytes} {bytes_per_sec} {eta}")
                .expect("valid template"),
        );
        bar.enable_steady_tick(Duration::from_millis(200));
        Bytes { bar, base: Arc::new(AtomicU64::new(0)) }
    }
}

impl jingjian_store::Progress for Bytes {
    fn bytes(&mut self, bytes: u64) {
        self.bar.set_position(self.base.load(Ordering::Relaxed) + bytes);
    }
}

/// A spinner for work of unknown length, hidden when `quiet`.
pub fn spinner(msg: &str, quiet: bool) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(
        None,
        if quiet { ProgressDrawTarget::hidden() } else { ProgressDrawTarget::stderr() },
    );
    bar.set_style(ProgressStyle::with_template("{spinner} {msg} {elapsed}").expect("valid template"));
    bar.set_message(msg.to_owned());
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}
