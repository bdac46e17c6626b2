//! The template's words: a template may ship `labels.toml`, one table of words per language
//! (`[en]`, `[es]`, …). A deliverable's `[labels]` rewords some of them; its keys are checked
//! against the template's English table (every word the template prints), and a word the
//! template has not translated into the deliverable's language is a warning, since it prints in
//! English.

use std::path::{Path, PathBuf};

use folio_model::{Diagnostic, Document};
use folio_template::Catalog;

/// The catalogue file of a template folder.
pub const CATALOGUE: &str = "labels.toml";

/// The label catalogue of `doc`'s template among `catalog`, if it has one.
fn catalogue_path(catalog: &Catalog, doc: &Document) -> Option<PathBuf> {
    let t = catalog.get(&doc.template.value)?;
    Some(t.labels().unwrap_or_else(|| t.dir.join(CATALOGUE)))
}

/// Every problem with `doc`'s labels against the catalogue of its template among `catalog`.
pub fn check_labels(catalog: &Catalog, doc: &Document) -> Vec<Diagnostic> {
    let template = &doc.template.value;
    let path = catalogue_path(catalog, doc).unwrap_or_default();
    let mut out = Vec::new();
    let catalogue = match std::fs::read_to_string(&path) {
        Ok(text) => match text.parse::<toml::Table>() {
            Ok(t) => t,
            Err(e) => {
                let message = format!("the `{template}` template's {CATALOGUE} cannot be read: {}", e.message());
                out.push(Diagnostic::error("template-labels", &doc.file, doc.template.span.clone(), message));
                return out;
            }
        },
        Err(_) => {
            // A template without a catalogue prints its own words; rewording them is impossible.
            if let Some(first) = doc.labels.first() {
                out.push(
                    Diagnostic::error(
                        "unknown-label",
                        &doc.file,
                        first.key.span.clone(),
                        format!("the `{template}` template has no labels to reword"),
                    )
                    .with_help("remove [labels]"),
                );
            }
            return out;
        }
    };
    let words = |lang: &str| -> Vec<&str> {
        catalogue
            .get(lang)
            .and_then(toml::Value::as_table)
            .map(|t| t.keys().map(String::as_str).collect())
            .unwrap_or_default()
    };
    let english = words("en");
    for label in &doc.labels {
        if english.contains(&label.key.value.as_str()) {
            continue;
        }
        let closest = english
            .iter()
            .map(|k| (strsim::damerau_levenshtein(k, &label.key.value), *k))
            .min()
            .filter(|(d, _)| *d <= 3);
        let help = match closest {
            Some((_, k)) => format!("did you mean `{k}`?"),
            None => {
                format!("the `{template}` template's labels are the keys of `[en]` in templates/{template}/{CATALOGUE}")
            }
        };
        let shown: String = label.key.value.chars().take(60).collect();
        out.push(
            Diagnostic::error(
                "unknown-label",
                &doc.file,
                label.key.span.clone(),
                format!("the `{template}` template has no label `{shown}`"),
            )
            .with_span_label("not one of the template's words")
            .with_help(help),
        );
    }
    let language = doc.lang.value.split('-').next().unwrap_or_default();
    if language.is_empty() || language == "en" {
        return out;
    }
    let reworded = |key: &str| doc.labels.iter().any(|l| l.key.value == key);
    let missing: Vec<&str> = match catalogue.get(language) {
        None => english.iter().copied().filter(|k| !reworded(k)).collect(),
        Some(_) => {
            let translated = words(language);
            english.iter().copied().filter(|k| !translated.contains(k) && !reworded(k)).collect()
        }
    };
    if catalogue.get(language).is_none() && !missing.is_empty() {
        out.push(
            Diagnostic::warning(
                "untranslated-label",
                &doc.file,
                doc.lang.span.clone(),
                format!(
                    "the `{template}` template has no words in `{language}`: its {} labels print in English",
                    missing.len()
                ),
            )
            .with_help(format!(
                "reword them under [labels], or add `[{language}]` to templates/{template}/{CATALOGUE}"
            )),
        );
    } else {
        for key in missing {
            out.push(
                Diagnostic::warning(
                    "untranslated-label",
                    &doc.file,
                    doc.lang.span.clone(),
                    format!("the `{template}` template's label `{key}` has no `{language}` translation: it prints in English"),
                )
                .with_help(format!("reword it under [labels] as `{key} = \"…\"`, or add it to `[{language}]` in templates/{template}/{CATALOGUE}")),
            );
        }
    }
    out
}

/// The template's words for a document, resolved as the template resolves them: the data's
/// `[labels]`, then the catalogue's table for the document's language, then its English one (a
/// key the catalogue lacks prints as itself). For outputs folio writes without Typst (HTML).
pub struct Words {
    catalogue: toml::Table,
    language: String,
    overrides: Vec<(String, String)>,
}

impl Words {
    /// The words of `doc`'s template among the templates of `templates` (none when it has no
    /// catalogue).
    pub fn new(templates: &Path, doc: &Document) -> Self {
        let catalog = Catalog::load(templates).unwrap_or_default();
        let catalogue = catalogue_path(&catalog, doc)
            .and_then(|path| std::fs::read_to_string(path).ok())
            .and_then(|t| t.parse().ok())
            .unwrap_or_default();
        Self {
            catalogue,
            language: doc.lang.value.split('-').next().unwrap_or_default().to_owned(),
            overrides: doc.labels.iter().map(|l| (l.key.value.clone(), l.value.value.clone())).collect(),
        }
    }

    /// The word for `key`.
    pub fn get(&self, key: &str) -> String {
        if let Some((_, v)) = self.overrides.iter().find(|(k, _)| k == key) {
            return v.clone();
        }
        let in_table = |lang: &str| self.catalogue.get(lang)?.as_table()?.get(key)?.as_str().map(str::to_owned);
        in_table(&self.language).or_else(|| in_table("en")).unwrap_or_else(|| key.to_owned())
    }
}
