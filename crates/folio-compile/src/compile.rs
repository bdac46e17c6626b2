//! Compiling a document in the sandbox and exporting it as PDF.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::Datelike;
use folio_model::{Diagnostic, Document, Severity, SourceFile, Text};
use folio_validate::{Checked, Outcome};
use typst::WorldExt;
use typst::diag::{SourceDiagnostic, Warned};
use typst::foundations::{Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::fonts::Fonts;
use crate::inspect::{self, FootnotePlacement, HeadingEntry, PageLayout};
use crate::world::SandboxWorld;
use folio_lower::{Lowered, SourceMap, lower};
use folio_template::Catalog;

/// Diagnostics together with the files they point into, so they can be rendered.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics {
    /// The problems, in the order Typst reported them.
    pub items: Vec<Diagnostic>,
    /// The Typst sources (template files, generated main) the items point into.
    pub files: Vec<SourceFile>,
}

/// Why a document could not be compiled or exported.
#[derive(Debug)]
pub enum CompileError {
    /// The template fonts could not be read.
    Fonts {
        /// The fonts folder.
        dir: PathBuf,
        /// What went wrong.
        error: std::io::Error,
    },
    /// Typst reported errors (in the template, or a folio bug in the generated source); or the
    /// data names a template that does not exist.
    Diagnostics(Diagnostics),
}

impl std::fmt::Display for CompileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Fonts { dir, error } => {
                write!(f, "cannot read the fonts in {}: {error}", dir.display())
            }
            Self::Diagnostics(d) => {
                let n = d.items.iter().filter(|d| d.is_error()).count();
                write!(f, "typesetting failed with {n} error(s)")
            }
        }
    }
}

impl std::error::Error for CompileError {}

/// Compiles documents against one templates folder. The templates' manifests and the fonts are
/// loaded once and shared.
pub struct Pipeline {
    templates: PathBuf,
    catalog: Catalog,
    fonts: Arc<Fonts>,
    /// The template to use whatever the data names (`folio build --template`).
    chosen: Option<String>,
}

/// A data file taken through the whole pipeline: checked, lowered and laid out, ready to export.
pub struct Built {
    /// The checked document.
    pub document: Checked,
    /// Its pages.
    pub typeset: Typeset,
    /// Every warning, the checker's and the layout's, with the files they point into.
    pub warnings: Diagnostics,
}

impl Pipeline {
    /// A pipeline for the templates in `templates` (one folder per template, plus `fonts/`).
    /// Fonts are loaded once, here, and shared by every document.
    pub fn new(templates: &Path) -> Result<Self, CompileError> {
        let catalog = Catalog::load(templates)
            .map_err(|p| CompileError::Diagnostics(Diagnostics { items: p.items, files: p.files }))?;
        let mut dirs = catalog.font_dirs.clone();
        dirs.extend(catalog.templates.iter().filter_map(folio_template::Template::fonts));
        let fonts = Fonts::load_dirs(&dirs).map_err(|(dir, error)| CompileError::Fonts { dir, error })?;
        Ok(Self { templates: templates.to_owned(), catalog, fonts: Arc::new(fonts), chosen: None })
    }

    /// Typesets every document with the template `name` (checked against the catalogue by the
    /// caller), whatever its data names: `folio build --template`.
    pub fn with_template(mut self, name: Option<&str>) -> Self {
        self.chosen = name.map(str::to_owned);
        self
    }

    /// The templates this pipeline knows.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// The templates folder.
    pub fn templates(&self) -> &Path {
        &self.templates
    }

    /// The font families the fonts provide, sorted.
    pub fn font_families(&self) -> Vec<String> {
        self.fonts.families()
    }

    /// Checks a data file read from `data_dir`: every rule of [`folio_validate::check`], with its
    /// template's format; that its template exists; and that the images it names can be read.
    pub fn check(&self, file: &SourceFile, data_dir: &Path) -> Outcome {
        let mut outcome = check_in(&self.catalog, self.chosen.as_deref(), &self.templates, file, data_dir);
        // The fonts a parameter names must be among the fonts: Typst would fall back silently.
        if let Some(doc) = &outcome.document {
            let families = self.fonts.families();
            let found: Vec<Diagnostic> = doc
                .params
                .fields
                .iter()
                .filter(|e| e.key.kind == folio_model::format::Kind::Font)
                .filter_map(|e| match &e.value {
                    folio_model::Value::Plain(p) if !families.iter().any(|f| f.eq_ignore_ascii_case(&p.value)) => Some(
                        Diagnostic::error(
                            "unknown-font",
                            &doc.file,
                            p.span.clone(),
                            format!("there is no font `{}`", p.value),
                        )
                        .with_span_label("not among the template's fonts")
                        .with_help(format!("the fonts are {}", families.join(", "))),
                    ),
                    _ => None,
                })
                .collect();
            if !found.is_empty() {
                outcome.document = None;
                outcome.diagnostics.extend(found);
            }
        }
        outcome
    }

    /// Check → lower → typeset, for the data file `file` read from `path`. On failure, every
    /// problem found is returned (the checker's errors and warnings, or Typst's).
    pub fn build(&self, file: &SourceFile, path: &Path) -> Result<Built, Diagnostics> {
        let outcome = self.check(file, &data_dir(path));
        // The data file, and the shared files diagnostics may point into.
        let mut files = vec![file.clone()];
        files.extend(outcome.files);
        let Some(document) = outcome.document else {
            return Err(Diagnostics { items: outcome.diagnostics, files });
        };
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("document");
        match self.typeset(&document, &data_dir(path), stem) {
            Ok(typeset) => {
                let mut warnings = Diagnostics { items: outcome.diagnostics, files: files.clone() };
                warnings.items.extend(typeset.warnings.items.iter().cloned());
                warnings.files.extend(typeset.warnings.files.iter().cloned());
                Ok(Built { document, typeset, warnings })
            }
            Err(CompileError::Diagnostics(mut d)) => {
                let mut items = outcome.diagnostics;
                items.append(&mut d.items);
                d.files.extend(files);
                Err(Diagnostics { items, files: d.files })
            }
            Err(e) => {
                Err(Diagnostics { items: vec![Diagnostic::error("fonts", &file.name, 0..0, e.to_string())], files })
            }
        }
    }

    /// Lowers a checked document and lays it out. `data_dir` is the folder of its data file;
    /// `stem` names the output (`d3.5-mexico`) and the generated source (`report/d3.5-mexico.typ`).
    ///
    /// Only checked documents can be typeset:
    ///
    /// ```compile_fail
    /// # let pipeline = folio_compile::Pipeline::new(std::path::Path::new("templates")).unwrap();
    /// let (document, _) = folio_model::read(&folio_model::SourceFile::new("x.toml", ""));
    /// pipeline.typeset(&document, std::path::Path::new("data"), "x"); // a Document is not Checked
    /// ```
    pub fn typeset(&self, doc: &Checked, data_dir: &Path, stem: &str) -> Result<Typeset, CompileError> {
        let Some(template) = self.catalog.get(&doc.template.value) else {
            let d = missing_template(&self.catalog, &self.templates, doc).unwrap_or_else(|| {
                Diagnostic::error("unknown-template", &doc.file, doc.template.span.clone(), "no such template")
            });
            return Err(CompileError::Diagnostics(Diagnostics { items: vec![d], files: Vec::new() }));
        };
        let origin = format!("{}/{stem}.toml", data_dir.file_name().and_then(|n| n.to_str()).unwrap_or("data"));
        let import = template_import(template);
        let Lowered { source, map } = lower(doc, &origin, &import);
        let date = doc.date();
        // `None` only for years Typst cannot represent; `datetime.today()` then reports an error.
        let today = Datetime::from_ymd(date.year(), date.month() as u8, date.day() as u8);
        let world = SandboxWorld::new(
            self.fonts.clone(),
            &format!("/report/{stem}.typ"),
            source.clone(),
            &[("/data", data_dir)],
            today,
        )
        .map_err(|e| {
            CompileError::Diagnostics(Diagnostics {
                items: vec![Diagnostic::error("output-name", &doc.file, 0..0, e)],
                files: Vec::new(),
            })
        })?
        .with_packages(&[(template.name(), &template.manifest.version, &template.dir)]);
        let Warned { output, warnings } = typst::compile::<PagedDocument>(&world);
        // Typst's findings in the generated source are reported where the data wrote that part.
        let mapped = Mapped { map: &map, data_file: &doc.file };
        let warnings = convert(&world, &warnings, &mapped);
        match output {
            Ok(document) => {
                let mut warnings = warnings;
                let unsupported = unsupported_scripts(doc);
                for (script, span) in &unsupported {
                    warnings.items.push(
                        Diagnostic::warning(
                            "unsupported-script",
                            &doc.file,
                            span.clone(),
                            format!("the template's fonts cannot set {script} text; it would print wrongly or as empty boxes"),
                        )
                        .with_span_label(format!("{script} first written here"))
                        .with_help(format!("the fonts set {}; write this text in one of them, or use a template whose fonts cover {script}", crate::fonts::SCRIPTS.join(", "))),
                    );
                }
                // Typst draws an empty box for a character no font has, and says nothing.
                for (page, chars) in inspect::missing_glyphs(&document) {
                    if chars.chars().all(|c| unsupported.iter().any(|(s, _)| *s == script_name(c))) {
                        continue;
                    }
                    let d = Diagnostic::warning(
                        "missing-glyph",
                        &doc.file,
                        locate(doc, &chars),
                        format!("no font can show `{chars}` (page {page}); it prints as an empty box"),
                    )
                    .with_span_label("first written here")
                    .with_help("the template's fonts cover Latin, Greek and Cyrillic text; write the text another way");
                    warnings.items.push(d);
                }
                // A word too long for its line (a URL, a number without spaces) runs into the margin.
                for overflow in inspect::overflows(&document) {
                    let shown: String = overflow.word.chars().take(60).collect();
                    let ellipsis = if shown.len() < overflow.word.len() { "…" } else { "" };
                    warnings.items.push(
                        Diagnostic::warning(
                            "overflow",
                            &doc.file,
                            locate(doc, &overflow.word),
                            format!(
                                "`{shown}{ellipsis}` runs {:.0} pt into the right margin (page {})",
                                overflow.by_pt, overflow.page
                            ),
                        )
                        .with_span_label("this text is too long for its line")
                        .with_help("break it with spaces, shorten it, or give a long address as a link with short text: [site](https://…)"),
                    );
                }
                // The standards the data asks for (checked), or folio's default.
                let standards = crate::standards::pdf_standards(&doc.requested_pdf_standards())
                    .or_else(|_| crate::standards::pdf_standards(folio_model::format::DEFAULT_PDF_STANDARDS))
                    .unwrap_or_default();
                Ok(Typeset {
                    source,
                    map,
                    data_file: doc.file.clone(),
                    document,
                    warnings,
                    standards,
                    stem: stem.to_owned(),
                    date,
                    world,
                })
            }
            Err(errors) => {
                let mut all = convert(&world, &errors, &mapped);
                all.items.extend(warnings.items);
                Err(CompileError::Diagnostics(all))
            }
        }
    }
}

/// The writing systems the document uses that the fonts cannot set, with where each is first written.
fn unsupported_scripts(doc: &Document) -> Vec<(&'static str, std::ops::Range<usize>)> {
    doc.scripts
        .iter()
        .filter(|u| !crate::fonts::SCRIPTS.contains(&u.script))
        .map(|u| (u.script, u.first.clone()))
        .collect()
}

fn script_name(c: char) -> &'static str {
    use unicode_script::UnicodeScript;
    c.script().full_name()
}

/// Checks a data file read from `data_dir` against the templates in `templates`: every rule of
/// [`folio_validate::check`] with its template's format, that the template it names exists, and
/// that the images it names are readable images in `data_dir` (the things the data names outside
/// itself). Needs no fonts, so `folio check` uses it directly.
pub fn check(templates: &Path, file: &SourceFile, data_dir: &Path) -> Outcome {
    check_as(templates, None, file, data_dir)
}

/// [`check`], with the template `chosen` whatever the data names (`folio check --template`).
pub fn check_as(templates: &Path, chosen: Option<&str>, file: &SourceFile, data_dir: &Path) -> Outcome {
    match Catalog::load(templates) {
        Ok(catalog) => check_in(&catalog, chosen, templates, file, data_dir),
        Err(problems) => {
            // The data cannot be read as its template would: say where the template is broken.
            let mut outcome = folio_validate::check(file);
            outcome.document = None;
            let first = problems.items.first();
            let at = first
                .and_then(|d| problems.files.iter().find(|f| f.name == d.file).map(|f| (f, d)))
                .map(|(f, d)| {
                    let (line, col) = f.line_col(d.span.start);
                    format!("{}:{line}:{col}: {}", f.name, d.message)
                })
                .unwrap_or_default();
            outcome.diagnostics.push(
                Diagnostic::error(
                    "template-manifest",
                    &file.name,
                    0..0,
                    format!("a template's manifest is broken: {at}"),
                )
                .with_help("`folio templates` shows every problem in the manifests"),
            );
            outcome
        }
    }
}

fn check_in(catalog: &Catalog, chosen: Option<&str>, templates: &Path, file: &SourceFile, data_dir: &Path) -> Outcome {
    let formats = catalog.formats();
    let (shared, shared_problems, shared_files) = crate::shared::read_shared_files(file, data_dir);
    let known = folio_model::Templates { formats: &formats, chosen, shared: &shared };
    let mut outcome = folio_validate::check_with(file, &known);
    // The shared files' own problems are reported in them, in the same run.
    if shared_problems.iter().any(Diagnostic::is_error) {
        outcome.document = None;
    }
    outcome.diagnostics.extend(shared_problems);
    outcome.files.extend(shared_files);
    match &outcome.document {
        Some(doc) => {
            let mut found: Vec<Diagnostic> = match missing_template(catalog, templates, doc) {
                Some(d) => vec![d],
                None => crate::labels::check_labels(catalog, doc),
            };
            found.extend(crate::standards::check_standards(doc));
            found.extend(crate::assets::check_images(doc, data_dir));
            found.extend(foreign_blocks(doc));
            if found.iter().any(Diagnostic::is_error) {
                outcome.document = None;
            }
            outcome.diagnostics.extend(found);
        }
        // The images and labels are checked in the same run as the data's own errors, on what
        // could be read.
        None => {
            let (doc, _) = folio_model::read_with(file, &known);
            if catalog.get(&doc.template.value).is_some() {
                outcome.diagnostics.extend(crate::labels::check_labels(catalog, &doc));
            }
            outcome.diagnostics.extend(crate::assets::check_images(&doc, data_dir));
        }
    }
    outcome
}

/// A warning for each record block the document's template does not declare: it is printed
/// through the generic fallback, a plain two-column table, not as its own template would.
fn foreign_blocks(doc: &Document) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    fn visit(doc: &Document, sections: &[folio_model::Section], out: &mut Vec<Diagnostic>) {
        for s in sections {
            for b in &s.blocks {
                if let folio_model::Block::Record(r) = b
                    && r.decl.template != doc.template.value
                {
                    out.push(
                        Diagnostic::warning(
                            "foreign-block",
                            &doc.file,
                            r.span.clone(),
                            format!(
                                "the `{}` template has no `{}` block; it is printed as a plain table",
                                doc.template.value, r.decl.name
                            ),
                        )
                        .with_span_label(format!("a block of the `{}` template", r.decl.template))
                        .with_help(format!(
                            "typeset with the `{}` template to print it as designed, or allow `foreign-block`",
                            r.decl.template
                        )),
                    );
                }
            }
            visit(doc, &s.sections, out);
        }
    }
    visit(doc, &doc.sections, &mut out);
    out
}

/// How the generated source imports `template`: as a local package, the way a Typst user imports
/// one (`typst compile --package-path` finds it in a bundle).
pub fn template_import(template: &folio_template::Template) -> String {
    format!("@local/{}:{}", template.name(), template.manifest.version)
}

/// The templates folder for the data file at `path`: the first `templates/` folder holding
/// `fonts/` or a template (a folder with a `typst.toml`), in the data file's folder or the
/// folders above it (so `data/x.toml` finds the project's `templates/`, from whatever folder
/// folio runs in). Never the current folder as such.
pub fn find_templates(path: &Path) -> Option<PathBuf> {
    // Absolute, not canonical: the data file's folder need not exist yet (`folio new`).
    let start = std::path::absolute(data_dir(path)).ok()?;
    let holds_templates = |t: &Path| {
        t.join("fonts").is_dir()
            || std::fs::read_dir(t)
                .into_iter()
                .flatten()
                .filter_map(Result::ok)
                .any(|e| e.path().join(folio_template::MANIFEST).is_file())
    };
    start.ancestors().map(|dir| dir.join("templates")).find(|t| holds_templates(t))
}

/// The folder a data file's own files (images, shared data) are read from: the folder it is in.
/// The one rule for every command, so that `build` and `diff` read the same files.
pub fn data_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    }
}

/// The diagnostic for a document whose template is not among the templates of `catalog`,
/// pointing at the `template` line of the data. (With templates to choose from, the reader
/// reports it, with did-you-mean; this covers a templates folder without any.)
pub fn missing_template(catalog: &Catalog, templates: &Path, doc: &Document) -> Option<Diagnostic> {
    let template = &doc.template.value;
    if catalog.get(template).is_some() || !catalog.templates.is_empty() {
        return None;
    }
    let d = Diagnostic::error(
        "unknown-template",
        &doc.file,
        doc.template.span.clone(),
        format!("there is no template `{template}`"),
    )
    .with_span_label("no such folder under templates/");
    Some(d.with_help(format!(
        "templates are folders with a lib.typ under {}; available: {}",
        templates.display(),
        available_templates(templates).join(", ")
    )))
}

fn available_templates(templates: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(templates)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("lib.typ").is_file())
        .filter_map(|e| e.file_name().to_str().map(str::to_owned))
        .collect();
    names.sort();
    names
}

/// A page rendered to pixels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedPage {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Premultiplied RGBA, row by row.
    pub rgba: Vec<u8>,
}

/// A laid-out document.
pub struct Typeset {
    /// The generated Typst source it was compiled from.
    pub source: String,
    /// The pages.
    pub document: PagedDocument,
    /// Typst's warnings.
    pub warnings: Diagnostics,
    /// The PDF standards [`Typeset::pdf`] writes: the data's, or PDF/A-2a with PDF/UA-1.
    pub standards: Vec<PdfStandard>,
    /// The world it was compiled in, and the generated source's map back to the data, to locate
    /// export errors.
    world: SandboxWorld,
    map: SourceMap,
    data_file: String,
    stem: String,
    date: chrono::NaiveDate,
}

impl Typeset {
    /// The size of page `page` (from 0) in points: width and height.
    pub fn page_size(&self, page: usize) -> Option<(f64, f64)> {
        let size = self.document.pages().get(page)?.frame.size();
        Some((size.x.to_pt(), size.y.to_pt()))
    }

    /// Where in the data the text at (`x`, `y`) points of page `page` (from 0) was written: the
    /// byte span in the data file of the glyph there, through the source map. `None` for
    /// anything the template wrote itself (the cover's labels, the footer) or for no text.
    pub fn data_at(&self, page: usize, x: f64, y: f64) -> Option<std::ops::Range<usize>> {
        use typst::layout::{Abs, Frame, FrameItem, Point, Transform};
        fn find(frame: &Frame, ts: Transform, at: Point, out: &mut Option<(typst::syntax::Span, u16)>) {
            for (pos, item) in frame.items() {
                match item {
                    FrameItem::Group(group) => {
                        let ts = ts.pre_concat(Transform::translate(pos.x, pos.y)).pre_concat(group.transform);
                        find(&group.frame, ts, at, out);
                    }
                    FrameItem::Text(text) => {
                        let start = pos.transform(ts);
                        let size = text.size;
                        // The line box: an ascender above the baseline, a descender below.
                        if at.y < start.y - size * 0.85 || at.y > start.y + size * 0.3 {
                            continue;
                        }
                        let mut x = start.x;
                        for glyph in &text.glyphs {
                            let advance = glyph.x_advance.at(size);
                            if at.x >= x && at.x < x + advance {
                                *out = Some(glyph.span);
                            }
                            x += advance;
                        }
                    }
                    _ => {}
                }
            }
        }
        let frame = &self.document.pages().get(page)?.frame;
        let mut found = None;
        find(frame, Transform::identity(), Point::new(Abs::pt(x), Abs::pt(y)), &mut found);
        let (span, offset) = found?;
        if span.id() != Some(typst::World::main(&self.world)) {
            return None;
        }
        let range = self.world.range(span)?;
        let at = range.start + usize::from(offset);
        self.map.data_span(at..at + 1).or_else(|| self.map.data_span(range))
    }

    /// Exports the PDF, written to and checked against [`Typeset::standards`]. The same document
    /// always gives the same bytes: the document id, the creation date (the deliverable's date)
    /// and the creator are fixed.
    pub fn pdf(&self) -> Result<Vec<u8>, CompileError> {
        self.pdf_conforming(&self.standards)
    }

    /// Exports the PDF checked against PDF standards, such as PDF/UA-1 with PDF/A-2a; a
    /// document that does not conform is an error, located in the source.
    pub fn pdf_conforming(&self, standards: &[PdfStandard]) -> Result<Vec<u8>, CompileError> {
        let standards = PdfStandards::new(standards).map_err(|e| {
            let d = Diagnostic::error("pdf-standard", "", 0..0, e.message().to_string());
            CompileError::Diagnostics(Diagnostics { items: vec![d], files: Vec::new() })
        })?;
        let options = PdfOptions { standards, ..self.pdf_options() };
        // A conformance error (an image without alternative text, a missing title…) is reported
        // where the data wrote what caused it, through the source map.
        typst_pdf::pdf(&self.document, &options).map_err(|errors| {
            let items = errors
                .iter()
                .map(|e| {
                    let in_main = e.span.id() == Some(typst::World::main(&self.world));
                    let data = in_main.then(|| self.world.range(e.span)).flatten().and_then(|r| self.map.data_span(r));
                    let mut d = match data {
                        Some(span) => plain(e, self.data_file.clone(), span),
                        None => plain(e, e.span.id().map(SandboxWorld::name_of).unwrap_or_default(), 0..0),
                    };
                    d.code = "pdf-standard";
                    d
                })
                .collect();
            CompileError::Diagnostics(Diagnostics { items, files: Vec::new() })
        })
    }

    /// The pages (1-based, in order) a review copy's marks stand on (not counting footnotes'
    /// old numbers), with its summary pages before them: what `folio build --only-changes` keeps. A mark that runs over a page break
    /// counts on every page it touches (its start and end are paired by number).
    pub fn review_pages(&self) -> Vec<usize> {
        use typst::foundations::{Label, Value};
        use typst::introspection::{Introspector, MetadataElem};
        let introspector = self.document.introspector();
        let query = |name: &str| {
            Label::new(typst::utils::PicoStr::intern(name))
                .map(|label| introspector.query(&typst::foundations::Selector::Label(label)))
                .unwrap_or_default()
        };
        let page = |c: &typst::foundations::Content| {
            c.location().and_then(|loc| introspector.position(loc)).map(|p| p.page.get())
        };
        let mut spans: std::collections::BTreeMap<i64, (usize, usize)> = std::collections::BTreeMap::new();
        for content in query("folio-mark") {
            let (Some(at), Some(meta)) = (page(&content), content.to_packed::<MetadataElem>()) else { continue };
            let Value::Dict(d) = &meta.value else { continue };
            let Some(id) = d.get("mark").ok().and_then(|v| v.clone().cast::<i64>().ok()) else { continue };
            // A footnote's old number alone does not make a page worth reviewing.
            if d.get("kind").ok().and_then(|v| v.clone().cast::<String>().ok()).as_deref() == Some("was") {
                continue;
            }
            let span = spans.entry(id).or_insert((at, at));
            span.0 = span.0.min(at);
            span.1 = span.1.max(at);
        }
        let mut pages: std::collections::BTreeSet<usize> = spans.values().flat_map(|(a, b)| *a..=*b).collect();
        if let Some(end) = query("folio-summary-end").first() {
            let cover = end.to_packed::<MetadataElem>().is_some_and(|m| match &m.value {
                Value::Dict(d) => d.get("cover").ok().and_then(|v| v.clone().cast::<bool>().ok()) == Some(true),
                _ => false,
            });
            if let Some(end) = page(end) {
                pages.extend(1..=end + usize::from(cover));
            }
        }
        pages.into_iter().collect()
    }

    /// What every export of this document writes the same way: its identifier, folio as the
    /// creator, and the document's date (never the clock) as the timestamp.
    fn pdf_options(&self) -> PdfOptions {
        let d = self.date;
        let timestamp =
            Datetime::from_ymd_hms(d.year(), d.month() as u8, d.day() as u8, 0, 0, 0).map(Timestamp::new_utc);
        PdfOptions {
            ident: Smart::Custom(format!("folio/{}", self.stem)),
            creator: Smart::Custom(Some(format!(
                "folio {} (Typst {})",
                env!("CARGO_PKG_VERSION"),
                crate::TYPST_VERSION
            ))),
            timestamp,
            ..PdfOptions::default()
        }
    }

    /// Exports only `pages` (1-based): a plain PDF, untagged, since Typst tags whole documents
    /// only. For review copies, never for the official document.
    pub fn pdf_pages(&self, pages: &[usize]) -> Result<Vec<u8>, CompileError> {
        let ranges = pages.iter().filter_map(|p| std::num::NonZeroUsize::new(*p)).map(|p| Some(p)..=Some(p)).collect();
        let options = PdfOptions {
            page_ranges: Some(typst::layout::PageRanges::new(ranges)),
            tagged: false,
            ..self.pdf_options()
        };
        typst_pdf::pdf(&self.document, &options).map_err(|errors| {
            let items = errors.iter().map(|e| Diagnostic::error("pdf", "", 0..0, e.message.to_string())).collect();
            CompileError::Diagnostics(Diagnostics { items, files: Vec::new() })
        })
    }

    /// Renders page `index` (0-based) at `pixel_per_pt` pixels per point, as RGBA pixels.
    pub fn render_page(&self, index: usize, pixel_per_pt: f32) -> Option<RenderedPage> {
        let page = self.document.pages().get(index)?;
        let options = typst_render::RenderOptions { pixel_per_pt: f64::from(pixel_per_pt).into(), render_bleed: false };
        let pixmap = typst_render::render(page, &options);
        Some(RenderedPage { width: pixmap.width(), height: pixmap.height(), rgba: pixmap.take() })
    }

    /// Page `index` as a PNG image at `dpi` dots per inch, for previews and reviews.
    pub fn png(&self, index: usize, dpi: f32) -> Option<Vec<u8>> {
        let page = self.document.pages().get(index)?;
        let options = typst_render::RenderOptions { pixel_per_pt: f64::from(dpi / 72.0).into(), render_bleed: false };
        typst_render::render(page, &options).encode_png().ok()
    }

    /// Page `index` as an SVG image (text as outlines, fonts not needed to view it).
    pub fn svg(&self, index: usize) -> Option<String> {
        let page = self.document.pages().get(index)?;
        Some(typst_svg::svg(page, &typst_svg::SvgOptions { render_bleed: false, pretty: false }))
    }

    /// Every heading with its number and the page it landed on.
    pub fn outline(&self) -> Vec<HeadingEntry> {
        inspect::headings(&self.document)
    }

    /// Every printed footnote with the page of its marker and of its text.
    pub fn footnotes(&self) -> Vec<FootnotePlacement> {
        inspect::footnotes(&self.document)
    }

    /// The text of every page, line by line, in reading order.
    pub fn page_texts(&self) -> Vec<String> {
        inspect::page_texts(&self.document)
    }

    /// The lines of text of every page, with their vertical extent.
    pub fn text_lines(&self) -> Vec<Vec<inspect::TextLine>> {
        inspect::text_lines(&self.document)
    }

    /// What a reviewer checks on every page when a page break moves: the words it starts and
    /// ends with, its headings and where they are, the case-study rows that start on it and the
    /// footnotes printed on it.
    pub fn layout(&self) -> Vec<PageLayout> {
        inspect::page_layouts(&self.document)
    }
}

/// Where `needle` is first written in the data, searching every field in print order (the
/// model's one walker), footnote texts last; exact to the character in Markdown text, through
/// escapes and indentation.
fn locate(doc: &Document, needle: &str) -> std::ops::Range<usize> {
    let mut found = None;
    for field in doc.fields() {
        if found.is_some() {
            break;
        }
        match field.text {
            Text::Plain(p) => {
                if let Some(at) = p.value.find(needle) {
                    // A one-line value maps exactly when it was written without escapes.
                    let quoted = p.span.len() == p.value.len() + 2;
                    let start = p.span.start + usize::from(quoted) + at;
                    let exact = quoted || p.span.len() == p.value.len();
                    found = Some(if exact { start..start + needle.len() } else { p.span.clone() });
                }
            }
            _ => field.walk_inlines(&mut |i| {
                if let (None, folio_model::Inline::Text(t)) = (&found, i)
                    && let Some(at) = t.value.find(needle)
                {
                    found = Some(t.span_of(at..at + needle.len()));
                }
            }),
        }
    }
    found.unwrap_or(0..0)
}

/// Turns Typst diagnostics into folio's, keeping the files they point into.
/// The source map of the generated main file, and the data file it points into.
struct Mapped<'a> {
    map: &'a SourceMap,
    data_file: &'a str,
}

fn convert(world: &SandboxWorld, diags: &[SourceDiagnostic], mapped: &Mapped<'_>) -> Diagnostics {
    let mut out = Diagnostics::default();
    for d in diags {
        let id = d.span.id();
        let range = world.range(d.span).unwrap_or(0..0);
        if id == Some(typst::World::main(world))
            && let Some(span) = mapped.map.data_span(range.clone())
        {
            out.items.push(plain(d, mapped.data_file.to_owned(), span));
            continue;
        }
        let file = match id {
            Some(id) => {
                let name = SandboxWorld::name_of(id);
                if !out.files.iter().any(|f| f.name == name)
                    && let Some(text) = world.text_of(id)
                {
                    out.files.push(SourceFile::new(name.clone(), text));
                }
                name
            }
            None => String::new(),
        };
        out.items.push(plain(d, file, range));
    }
    out
}

fn plain(d: &SourceDiagnostic, file: String, span: std::ops::Range<usize>) -> Diagnostic {
    let severity = match d.severity {
        typst::diag::Severity::Error => Severity::Error,
        typst::diag::Severity::Warning => Severity::Warning,
    };
    let mut out = Diagnostic::error("typst", &file, span, d.message.to_string());
    out.severity = severity;
    let hints: Vec<String> = d.hints.iter().map(|h| h.v.to_string()).collect();
    if !hints.is_empty() {
        out.help = Some(hints.join("\n"));
    }
    out
}
