//! `folio new`: a new deliverable's data file, with an example of every block, that checks and
//! builds at once.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

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
    if !templates.join(&args.template).join("lib.typ").is_file() {
        return crate::usage_error(&format!("there is no template `{}` in {}", args.template, templates.display()));
    }
    let text = SCAFFOLD.replace("{template}", &args.template).replace("{title}", &format!("Title of {}", args.id));
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
    let schema = data.join("folio.schema.json");
    if !schema.exists()
        && let Err(e) = std::fs::write(&schema, folio_model::json_schema())
    {
        return io_error(&schema, &e);
    }
    out::status(&format!("     Created {} (template `{}`)", path.display(), args.template));
    out::status(&format!("        Next: folio build {}", path.display()));
    ExitCode::SUCCESS
}

fn io_error(path: &Path, e: &std::io::Error) -> ExitCode {
    out::error(&format!("cannot write {}: {e}", path.display()));
    ExitCode::from(2)
}
