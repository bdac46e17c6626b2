//! How long rendering diagnostics takes in the worst case the limits allow: 30,000 diagnostics
//! on one 126 KB line (the attack in issue 8). Prints the median of 11 runs of each renderer.
//!
//! `cargo bench -p folio-validate --bench render`

use std::time::{Duration, Instant};

use folio_model::{Diagnostic, SourceFile};
use folio_validate::render;

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn time(f: impl Fn() -> usize) -> (Duration, usize) {
    let mut size = 0;
    let runs = (0..11)
        .map(|_| {
            let start = Instant::now();
            size = std::hint::black_box(f());
            start.elapsed()
        })
        .collect();
    (median(runs), size)
}

fn main() {
    let text = format!("text = \"{}{}\"\n", "é".repeat(3_000), "[^a ".repeat(30_000));
    let file = SourceFile::new("big.toml", text);
    let diags: Vec<Diagnostic> = (0..30_000)
        .map(|i| {
            let start = 8 + 6_000 + 4 * i;
            let d = if i % 500 == 0 { Diagnostic::error } else { Diagnostic::warning };
            d("unterminated-markup", "big.toml", start..start + 2, "unterminated footnote reference `[^`")
                .with_span_label("opened here")
                .with_help("write `[^id]` closed")
        })
        .collect();
    let (human, human_bytes) = time(|| render::human(&diags, &[&file], false).len());
    let (json, json_bytes) = time(|| render::json(&diags, &[&file]).len());
    println!("30,000 diagnostics on a {} KB line:", file.text.len() / 1000);
    println!("  human: median {human:?} for {human_bytes} bytes");
    println!("  json:  median {json:?} for {json_bytes} bytes");
}
