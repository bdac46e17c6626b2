//! The checks run on a parsed document. Each rule has a stable code (the diagnostic's `code`).
//!
//! | code | severity | finds |
//! | --- | --- | --- |
//! | `unused-footnote` | warning | a footnote no `[^id]` refers to (it would not be printed) |
//! | `duplicate-footnote-url` | warning | two footnotes pointing at the same address |
//! | `bad-url` | error | a link that is not a well-formed `http`, `https` or `mailto` address |
//! | `bad-email` | error | an e-mail address (a key of kind `email`) that is not one |
//! | `bad-phone` | error | a phone number (a key of kind `phone`) with letters or too few digits |
//! | `repeated-word` | warning | the same word twice in a row ("Helicopters Helicopters") |
//! | `month-after-end` | warning | a delivery month after the project's last month |
//!
//! The model itself reports what makes a document impossible to build: TOML errors, unknown or
//! missing fields, empty text, unknown footnotes, footnotes in headings, months before M1,
//! unsupported Markdown, and markup left open (`**`, `__`, `[^`), which the Markdown reader sees
//! where escapes are known. After layout, `folio build` also warns about characters no font can
//! show (`missing-glyph`), at the place they are first written.

use std::collections::{HashMap, HashSet};

use folio_model::format::Kind;
use folio_model::{
    Block, Diagnostic, Document, Inline, Located, Part, Record, SourceFile, TextRun, Value, walk_inlines,
};

/// Runs every rule.
pub fn run(doc: &Document, file: &SourceFile) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let name = file.name.as_str();
    unused_footnotes(doc, name, &mut out);
    duplicate_footnote_urls(doc, name, &mut out);
    links(doc, name, &mut out);
    contacts(doc, name, &mut out);
    text_rules(doc, name, &mut out);
    project_months(doc, name, &mut out);
    out
}

/// Every inline of every field, footnote texts included (the model's one walker).
fn all_inlines(doc: &Document, f: &mut dyn FnMut(&Inline)) {
    doc.walk_inlines(&mut |_, i| f(i));
}

fn unused_footnotes(doc: &Document, file: &str, out: &mut Vec<Diagnostic>) {
    let mut used = HashSet::new();
    doc.walk_inlines(&mut |field, i| {
        if let Inline::FootnoteRef(id) = i
            && field.part != Part::Footnote
        {
            used.insert(id.value.clone());
        }
    });
    for f in doc.footnotes.iter().filter(|f| !used.contains(&f.id.value)) {
        out.push(
            Diagnostic::warning(
                "unused-footnote",
                file,
                f.id.span.clone(),
                format!("footnote `{}` is never referenced, so it is not printed", f.id.value),
            )
            .with_span_label("defined here")
            .with_help(format!("refer to it with [^{}] where it belongs, or delete it", f.id.value)),
        );
    }
}

/// The addresses a footnote links to, normalised for comparison.
fn footnote_urls(body: &[Inline]) -> Vec<String> {
    let mut urls = Vec::new();
    walk_inlines(body, &mut |i| {
        if let Inline::Link { url, .. } = i {
            let u = url.value.trim_end_matches('/').to_lowercase();
            urls.push(u.replace("https://", "http://").replace("http://www.", "http://"));
        }
    });
    urls
}

fn duplicate_footnote_urls(doc: &Document, file: &str, out: &mut Vec<Diagnostic>) {
    let mut first: HashMap<String, &Located<String>> = HashMap::new();
    for f in &doc.footnotes {
        let urls = footnote_urls(&f.body);
        let [url] = urls.as_slice() else { continue };
        match first.get(url) {
            Some(earlier) => out.push(
                Diagnostic::warning(
                    "duplicate-footnote-url",
                    file,
                    f.id.span.clone(),
                    format!("footnotes `{}` and `{}` point to the same address", earlier.value, f.id.value),
                )
                .with_span_label("this footnote")
                .with_label(earlier.span.clone(), "has the same address as this one")
                .with_help(format!(
                    "to print one number twice, cite [^{}] in both places and delete `{}`; \
                     keep both only if the document must number them separately",
                    earlier.value, f.id.value
                )),
            ),
            None => {
                first.insert(url.clone(), &f.id);
            }
        }
    }
}

fn links(doc: &Document, file: &str, out: &mut Vec<Diagnostic>) {
    all_inlines(doc, &mut |i| check_link(i, file, out));
}

/// A `bad-url` error if `inline` is a link to something other than the web or an e-mail address.
fn check_link(inline: &Inline, file: &str, out: &mut Vec<Diagnostic>) {
    if let Inline::Link { url, .. } = inline
        && let Some(problem) = url_problem(&url.value)
    {
        out.push(
            Diagnostic::error(
                "bad-url",
                file,
                url.span.clone(),
                format!("`{}` is not a usable link: {problem}", url.value),
            )
            .with_span_label("this link")
            .with_help("links must be web addresses (`https://…`, `www.…`) or e-mail addresses (`mailto:…`)"),
        );
    }
}

/// Why a link target is unusable, if it is.
fn url_problem(target: &str) -> Option<String> {
    if let Some(address) = target.strip_prefix("mailto:") {
        return email_problem(address);
    }
    let parsed = match url::Url::parse(target) {
        Ok(u) => u,
        Err(e) => return Some(e.to_string()),
    };
    if !matches!(parsed.scheme(), "http" | "https") {
        return Some(format!("`{}:` links are not allowed", parsed.scheme()));
    }
    match parsed.host_str() {
        Some(host) if host.contains('.') && !host.starts_with('.') && !host.ends_with('.') => None,
        Some(host) => Some(format!("`{host}` is not a full host name")),
        None => Some("it has no host".to_owned()),
    }
}

fn email_problem(address: &str) -> Option<String> {
    let (local, domain) = address.split_once('@')?;
    let ok = !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !address.contains("..")
        && !address.chars().any(|c| c.is_whitespace() || matches!(c, ',' | ';' | '<' | '>' | '(' | ')'));
    (!ok).then(|| "it is not a valid e-mail address".to_owned())
}

/// Every e-mail address and phone number, wherever a table declares one (a case study's contact,
/// a template parameter): found by the kind of their key, not by where they are.
fn contacts(doc: &Document, file: &str, out: &mut Vec<Diagnostic>) {
    fn visit(sections: &[folio_model::Section], file: &str, out: &mut Vec<Diagnostic>) {
        for s in sections {
            for b in &s.blocks {
                if let Block::Record(r) = b {
                    contact_fields(&r.record, file, out);
                }
            }
            visit(&s.sections, file, out);
        }
    }
    for r in [&doc.project, &doc.deliverable, &doc.params] {
        contact_fields(r, file, out);
    }
    for o in doc.organisations.iter().filter(|o| o.origin.is_none()) {
        contact_fields(&o.record, file, out);
    }
    visit(&doc.sections, file, out);
}

/// The rules that apply to a shared data file's own text, reported in it: its organisations'
/// e-mail addresses and phone numbers, and its sources' links (web and mail only, as in a
/// deliverable: a source prints in every deliverable that cites it).
pub fn shared(data: &folio_model::Shared) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for o in &data.organisations {
        contact_fields(&o.record, &data.file, &mut out);
    }
    for source in &data.sources {
        walk_inlines(&source.body, &mut |i| check_link(i, &data.file, &mut out));
    }
    out
}

/// The e-mail addresses and phone numbers of `r` and the tables in it, by the kind of their key.
fn contact_fields(r: &Record, file: &str, out: &mut Vec<Diagnostic>) {
    for entry in &r.fields {
        match (&entry.value, entry.key.kind) {
            (Value::Plain(email), Kind::Email) => {
                let problem = if email.value.contains('@') {
                    email_problem(&email.value)
                } else {
                    Some("it has no `@`".to_owned())
                };
                if let Some(problem) = problem {
                    out.push(
                        Diagnostic::error(
                            "bad-email",
                            file,
                            email.span.clone(),
                            format!("`{}`: {problem}", email.value),
                        )
                        .with_span_label("this e-mail address")
                        .with_help("write one address, like `name@example.org`"),
                    );
                }
            }
            (Value::Plain(phone), Kind::Phone) => {
                if let Some(problem) = phone_problem(&phone.value) {
                    out.push(
                        Diagnostic::error(
                            "bad-phone",
                            file,
                            phone.span.clone(),
                            format!("`{}`: {problem}", phone.value),
                        )
                        .with_span_label("this phone number")
                        .with_help(
                            "write digits with `+`, spaces, `(`, `)`, `-`, `.` or `/`, and `Ext.` for an extension",
                        ),
                    );
                }
            }
            (Value::Table(t), _) => contact_fields(t, file, out),
            (Value::Tables(list), _) => list.iter().for_each(|t| contact_fields(t, file, out)),
            _ => {}
        }
    }
}

fn phone_problem(phone: &str) -> Option<String> {
    let lower = phone.to_lowercase();
    let without_ext = lower.replace("extension", " ").replace("ext.", " ").replace("ext", " ");
    if let Some(c) = without_ext.chars().find(|c| !(c.is_ascii_digit() || " +()-./\u{a0}".contains(*c))) {
        return Some(format!("`{c}` does not belong in a phone number"));
    }
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    (digits < 6).then(|| format!("{digits} digits are too few for a phone number"))
}

fn text_rules(doc: &Document, file: &str, out: &mut Vec<Diagnostic>) {
    let mut texts: Vec<TextRun> = Vec::new();
    all_inlines(doc, &mut |i| {
        if let Inline::Text(t) = i {
            texts.push(t.clone());
        }
    });
    for t in &texts {
        repeated_words(t, file, out);
    }
}

fn repeated_words(t: &TextRun, file: &str, out: &mut Vec<Diagnostic>) {
    let mut previous: Option<(&str, usize)> = None;
    for (start, word) in words(&t.value) {
        let bare = word.trim_end_matches(|c: char| c.is_ascii_punctuation());
        if let Some((prev, _)) = previous
            && bare.len() > 1
            && bare.chars().all(char::is_alphabetic)
            && prev.eq_ignore_ascii_case(bare)
        {
            out.push(
                Diagnostic::warning(
                    "repeated-word",
                    file,
                    t.span_of(start..start + bare.len()),
                    format!("`{bare}` is repeated"),
                )
                .with_span_label("the same word again")
                .with_help("delete one of them (unless the repetition is meant)"),
            );
        }
        // A word followed by punctuation ends a phrase: "that, that" is not a repetition.
        previous = (bare.len() == word.len()).then_some((bare, start));
    }
}

/// Words with their byte offsets.
fn words(s: &str) -> impl Iterator<Item = (usize, &str)> {
    s.split_whitespace().map(move |w| (w.as_ptr() as usize - s.as_ptr() as usize, w))
}

fn project_months(doc: &Document, file: &str, out: &mut Vec<Diagnostic>) {
    let start = doc.start();
    let Some(duration) = doc.project.count("duration-months") else { return };
    let last = duration.value;
    // Every project month the format declares, not a list of names kept here.
    for entry in &doc.deliverable.fields {
        let (key, folio_model::Value::Month(month)) = (entry.key.key, &entry.value) else { continue };
        let m = month.value;
        if m.0 <= last {
            continue;
        }
        let calendar = |m: folio_model::ProjectMonth| {
            m.start_date(start).map_or_else(|| "?".to_owned(), |d| d.format("%B %Y").to_string())
        };
        let end = folio_model::ProjectMonth(last);
        out.push(
            Diagnostic::warning(
                "month-after-end",
                file,
                month.span.clone(),
                format!("`{key}` {m} is after the project's last month, {end} ({})", calendar(end)),
            )
            .with_span_label(format!("{m} is {}", calendar(m)))
            .with_label(
                duration.span.clone(),
                format!("the project runs {last} months from {}", start.format("%-d %B %Y")),
            )
            .with_help("check the month, or the project's duration"),
        );
    }
}
