//! `folio templates`: the templates a deliverable can name, with their parameters and blocks.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use folio_model::SourceFile;
use folio_model::format::{Format, Kind, Table};
use folio_template::Catalog;

use crate::{MessageFormat, TemplatesArgs, out, print};

/// The templates folder a command without a data file uses: as for a data file in `data/`.
fn folder(given: &Option<PathBuf>) -> Result<PathBuf, String> {
    crate::templates_for(given, Path::new("data/folio.toml"))
}

/// The templates of `dir`, or their manifests' problems, printed.
fn catalog(dir: &Path) -> Result<Catalog, ExitCode> {
    Catalog::load(dir).map_err(|problems| {
        let files: Vec<&SourceFile> = problems.files.iter().collect();
        print::diagnostics_as(MessageFormat::Human, &problems.items, &files);
        ExitCode::from(1)
    })
}

/// The format of the template `name`, for `folio schema --template`.
pub fn format_of(given: &Option<PathBuf>, name: &str) -> Result<Format, String> {
    let dir = folder(given)?;
    let catalog = Catalog::load(&dir)
        .map_err(|_| format!("the templates in {} have errors; `folio templates` shows them", dir.display()))?;
    catalog.get(name).map(|t| t.format).ok_or_else(|| {
        format!("there is no template `{name}` in {}; the templates are {}", dir.display(), catalog.names().join(", "))
    })
}

pub fn run(args: &TemplatesArgs) -> ExitCode {
    let dir = match folder(&args.templates) {
        Ok(d) => d,
        Err(message) => return crate::usage_error(&message),
    };
    let catalog = match catalog(&dir) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let mut text = format!("Templates in {}\n", dir.display());
    for t in &catalog.templates {
        let m = &t.manifest;
        text.push_str(&format!("\n{} {}: {}\n", m.name, m.version, m.description));
        text.push_str(&format!("  import: @local/{}:{} ({})\n", m.name, m.version, m.entrypoint));
        if m.params.is_empty() {
            text.push_str("  parameters: none\n");
        } else {
            text.push_str("  parameters ([params]):\n");
            for p in &m.params {
                let default = p.default.map(|d| format!(", default {d}")).unwrap_or_default();
                text.push_str(&format!("    {} ({}{default}): {}\n", p.key, folio_template::kind_name(p.kind), p.help));
            }
        }
        if m.blocks.is_empty() {
            text.push_str("  blocks: none of its own\n");
        } else {
            text.push_str("  blocks ([sections.blocks.<name>]):\n");
            for b in &m.blocks {
                text.push_str(&format!("    {}: {}\n", b.decl.name, b.decl.help));
                fields(&mut text, b.decl.table, 3);
            }
        }
        let others: Vec<&str> = t.format.records.iter().filter(|r| r.template != m.name).map(|r| r.name).collect();
        if !others.is_empty() {
            text.push_str(&format!("  prints as plain tables: {}\n", others.join(", ")));
        }
    }
    out::stdout(&text);
    ExitCode::SUCCESS
}

fn fields(text: &mut String, table: &Table, depth: usize) {
    for k in table.keys {
        let required = if k.required { ", required" } else { "" };
        text.push_str(&format!("{}{} ({}{required})\n", "  ".repeat(depth), k.key, folio_template::kind_name(k.kind)));
        if let Kind::Table(inner) | Kind::Tables(inner) = k.kind {
            fields(text, inner, depth + 1);
        }
    }
}
