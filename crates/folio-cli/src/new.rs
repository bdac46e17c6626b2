//! `folio new`: a new deliverable's data file, with an example of every block, that checks and
//! builds at once.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use folio_model::format::{Format, Kind, Table};

use crate::{NewArgs, out};

/// The data file `folio new` writes, with `{template}` and `{title}` to fill in.
const SCAFFOLD: &str = include_str!("scaffold.toml");

pub fn run(args: &NewArgs) -> ExitCode {
    if !folio_model::is_identifier(&args.id) {
        return crate::usage_error(&format!(
            "`{}` cannot name a deliverable: use lowercase letters, digits, `-`, `_` and `.`, like `d2.3-pilots`",
            args.id
        ));
    }
    let data = PathBuf::from("data");
    let path = data.join(format!("{}.toml", args.id));
    // The template must exist where folio will look for it when the file is built.
    let templates = match crate::templates_for(&args.templates, &path) {
        Ok(t) => t,
        Err(message) => return crate::usage_error(&message),
    };
    let catalog = match folio_template::Catalog::load(&templates) {
        Ok(c) => c,
        Err(_) => {
            return crate::usage_error(&format!(
                "the templates in {} have errors; `folio templates` shows them",
                templates.display()
            ));
        }
    };
    let Some(template) = catalog.get(&args.template) else {
        return crate::usage_error(&format!(
            "there is no template `{}` in {}; the templates are {}",
            args.template,
            templates.display(),
            catalog.names().join(", ")
        ));
    };
    let text = SCAFFOLD
        .replace("{template}", &args.template)
        .replace("{title}", &format!("Title of {}", args.id))
        .replace("{params}", &params(&template.format))
        .replace("{records}\n", &records(&template.format));
    if let Err(e) = std::fs::create_dir_all(&data) {
        return io_error(&data, &e);
    }
    // Never overwrite: the file is created only if it does not exist.
    match std::fs::OpenOptions::new().write(true).create_new(true).open(&path) {
        Ok(mut file) => {
            if let Err(e) = file.write_all(text.as_bytes()).and_then(|()| file.sync_all()) {
                return io_error(&path, &e);
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return crate::usage_error(&format!("{} exists; folio new never overwrites a file", path.display()));
        }
        Err(e) => return io_error(&path, &e),
    }
    // The schema the `#:schema` line names, for editors, unless the project has one.
    let schema = data.join(format!("{}.schema.json", args.template));
    if !schema.exists()
        && let Err(e) = std::fs::write(&schema, folio_model::json_schema(&template.format))
    {
        return io_error(&schema, &e);
    }
    out::status(&format!("     Created {} (template `{}`)", path.display(), args.template));
    out::status(&format!("        Next: folio build {}", path.display()));
    ExitCode::SUCCESS
}

/// The template's parameters, commented out, each with its default and what it does.
fn params(format: &Format) -> String {
    let keys = format.params.keys;
    if keys.is_empty() {
        return String::new();
    }
    let mut out = String::from("\n# The template's parameters; each line shows its default.\n# [params]\n");
    for k in keys {
        let value = match (k.default, k.kind) {
            (Some(d), Kind::Count { .. }) => d.to_owned(),
            (Some(d), _) => format!("\"{d}\""),
            (None, _) => k.example.to_owned(),
        };
        out.push_str(&format!("# {} = {value}    # {}\n", k.key, first_sentence(k.help)));
    }
    out
}

/// An example of each of the template's own record blocks, every field filled with its example.
fn records(format: &Format) -> String {
    let mut out = String::new();
    for r in format.records.iter().filter(|r| r.template == format.template) {
        out.push_str(&format!("\n# {}\n[[sections.blocks]]\n[sections.blocks.{}]\n", first_sentence(r.help), r.name));
        fields(&mut out, r.table, &format!("sections.blocks.{}", r.name));
    }
    out
}

/// The fields of `table` with their examples, then its tables under their own headers.
fn fields(out: &mut String, table: &Table, path: &str) {
    for k in table.keys.iter().filter(|k| !matches!(k.kind, Kind::Table(_) | Kind::Tables(_))) {
        out.push_str(&format!("{} = {}\n", k.key, k.example));
    }
    for k in table.keys {
        match k.kind {
            Kind::Table(inner) => {
                out.push_str(&format!("\n[{path}.{}]\n", k.key));
                fields(out, inner, &format!("{path}.{}", k.key));
            }
            Kind::Tables(inner) => {
                out.push_str(&format!("\n# One [[{path}.{}]] per entry.\n[[{path}.{}]]\n", k.key, k.key));
                fields(out, inner, &format!("{path}.{}", k.key));
            }
            _ => {}
        }
    }
}

fn first_sentence(help: &str) -> &str {
    help.split_once(". ").map_or(help, |(first, _)| first).trim_end_matches('.')
}

fn io_error(path: &Path, e: &std::io::Error) -> ExitCode {
    out::error(&format!("cannot write {}: {e}", path.display()));
    ExitCode::from(2)
}
