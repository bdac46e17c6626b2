//! Each stage of a build, on D3.5 and on D3.5 scaled 10, 50 and 100 times (100x is 1,237 pages,
//! within folio's limits): read (TOML and Markdown into the model), check (the rules), lower (the
//! Typst source), typeset (layout), PDF (export), and a rebuild after a one-word edit with the
//! pipeline and Typst's caches warm, as `folio watch` does.
//!
//!   cargo bench -p folio-bench                      # all sizes: about 25 minutes on two cores
//!   cargo bench -p folio-bench -- 'stages::\w+::1$'  # D3.5 only

use std::sync::OnceLock;

use folio_compile::{Pipeline, Typeset};
use folio_model::SourceFile;
use folio_validate::Checked;

fn main() {
    divan::main();
}

/// The sizes, in copies of D3.5.
const SIZES: &[usize] = &[1, 10, 50, 100];

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::new(&folio_bench::root().join("templates")).expect("the templates load"))
}

fn data(times: usize) -> SourceFile {
    SourceFile::new(format!("d35x{times}.toml"), folio_bench::scaled(&folio_bench::d35(), times))
}

fn checked(file: &SourceFile) -> Checked {
    let formats = pipeline().catalog().formats();
    folio_validate::check_with(file, &folio_model::Templates::new(&formats)).document.expect("the data checks")
}

fn typeset(doc: &Checked) -> Typeset {
    pipeline().typeset(doc, &folio_bench::root().join("data"), "bench").expect("it typesets")
}

#[divan::bench(args = SIZES, sample_count = 5)]
fn read(bencher: divan::Bencher, times: usize) {
    let file = data(times);
    let formats = pipeline().catalog().formats();
    bencher.bench(|| folio_model::read_with(&file, &folio_model::Templates::new(&formats)));
}

#[divan::bench(args = SIZES, sample_count = 5)]
fn check(bencher: divan::Bencher, times: usize) {
    let file = data(times);
    bencher.bench(|| checked(&file));
}

#[divan::bench(args = SIZES, sample_count = 5)]
fn lower(bencher: divan::Bencher, times: usize) {
    let doc = checked(&data(times));
    bencher.bench(|| folio_compile::lower(&doc, "bench.toml", "@local/eccp:0.1.0"));
}

/// A cold layout: Typst's caches are emptied first, as in a fresh `folio build`.
#[divan::bench(args = SIZES, sample_count = 3)]
fn typeset_cold(bencher: divan::Bencher, times: usize) {
    let doc = checked(&data(times));
    // Emptying the caches is not timed: dropping a 100x document's cached results takes seconds.
    bencher.with_inputs(|| folio_compile::evict_caches(0)).bench_local_values(|()| typeset(&doc));
}

#[divan::bench(args = SIZES, sample_count = 3)]
fn pdf(bencher: divan::Bencher, times: usize) {
    let laid_out = typeset(&checked(&data(times)));
    bencher.bench(|| laid_out.pdf().expect("it exports"));
}

/// `folio watch` after a one-word edit: check, lower, typeset and export the edited data with
/// the caches of the previous builds warm. Each turn puts a word no recent build had.
#[divan::bench(args = SIZES, sample_count = 5)]
fn rebuild_after_one_word_edit(bencher: divan::Bencher, times: usize) {
    let base = data(times);
    // Start from this document's caches only: another size's results would be evicted, slowly,
    // by the first timed rebuilds.
    folio_compile::evict_caches(0);
    let _ = typeset(&checked(&base));
    let mut turn = 0;
    bencher
        .with_inputs(|| {
            turn += 1;
            SourceFile::new(base.name.clone(), folio_bench::one_word_edit(&base.text, turn))
        })
        .bench_local_values(|file| {
            let t = typeset(&checked(&file));
            let pdf = t.pdf().expect("it exports");
            folio_compile::evict_caches(1);
            pdf
        });
}
