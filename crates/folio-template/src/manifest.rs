//! Reading one manifest, `typst.toml`, and its `[tool.folio]` declarations.

use indexmap::IndexMap as Map;
use serde::Deserialize;
use toml::Spanned;

use folio_model::format::{IMAGE, Key, Kind, RecordDecl, Table, leak};
use folio_model::{Diagnostic, SourceFile, Span, is_identifier};

/// A template's manifest, read and checked.
#[derive(Debug, Clone)]
pub struct Manifest {
    /// The package's name: the template's name.
    pub name: String,
    /// The package's version.
    pub version: String,
    /// The Typst file that defines the template's functions, from the template's folder.
    pub entrypoint: String,
    /// What the template is.
    pub description: String,
    /// Its label catalogue, from its folder.
    pub labels: Option<String>,
    /// Its fonts folder, from its folder.
    pub fonts: Option<String>,
    /// Its parameters, in the order declared.
    pub params: Vec<Key>,
    /// Its record blocks, in the order declared.
    pub blocks: Vec<Block>,
}

/// A record block of a manifest, with where it is declared.
#[derive(Debug, Clone)]
pub struct Block {
    /// The declaration.
    pub decl: RecordDecl,
    /// Where it is declared in the manifest.
    pub span: Span,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct File {
    package: Package,
    tool: Option<Tool>,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct Package {
    name: Spanned<String>,
    version: String,
    entrypoint: Spanned<String>,
    #[serde(default)]
    description: String,
}

#[derive(Deserialize)]
struct Tool {
    folio: Option<Folio>,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct Folio {
    labels: Option<Spanned<String>>,
    fonts: Option<Spanned<String>>,
    #[serde(default)]
    params: Map<String, Spanned<Field>>,
    #[serde(default)]
    blocks: Map<String, Spanned<BlockSpec>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct BlockSpec {
    help: String,
    title: Option<Spanned<String>>,
    fields: Map<String, Spanned<Field>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct Field {
    kind: Spanned<String>,
    #[serde(default)]
    required: bool,
    label: Option<String>,
    word: Option<String>,
    help: String,
    example: Option<String>,
    default: Option<Spanned<toml::Value>>,
    min: Option<i64>,
    max: Option<i64>,
    choices: Option<Vec<String>>,
    #[serde(default)]
    fields: Map<String, Spanned<Field>>,
}

/// The kinds a manifest may declare, by the names it uses.
pub const KINDS: &[&str] = &[
    "plain", "inline", "prose", "date", "month", "count", "list", "choice", "file", "image", "color", "font", "email",
    "phone", "table", "tables",
];

/// A kind as a manifest names it: the inverse of the reading in [`parse`], kept beside it.
pub fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Plain | Kind::Id | Kind::Lang => "plain",
        Kind::Inline => "inline",
        Kind::Prose => "prose",
        Kind::Date => "date",
        Kind::Month => "month",
        Kind::Count { .. } | Kind::Counts { .. } => "count",
        Kind::PlainList => "list",
        Kind::Choice(_) | Kind::Choices(_) => "choice",
        Kind::File => "file",
        Kind::Table(t) if t.name == "Image" => "image",
        Kind::Table(_) | Kind::Footnotes | Kind::Labels => "table",
        Kind::Tables(_) | Kind::Sections | Kind::Cells => "tables",
        Kind::Color => "color",
        Kind::Font => "font",
        Kind::Email => "email",
        Kind::Phone => "phone",
        Kind::Entries(_) => "table",
        Kind::OrganisationRefs | Kind::SharedFiles => "list",
    }
}

/// Reads the manifest `file` of the template folder `folder`, reporting every problem.
pub fn parse(file: &SourceFile, folder: &str) -> Result<Manifest, Vec<Diagnostic>> {
    let parsed: File = toml::from_str(&file.text).map_err(|e| {
        vec![Diagnostic::error("manifest", &file.name, e.span().unwrap_or(0..0), e.message().to_owned())]
    })?;
    let mut cx = Cx { file, problems: Vec::new() };
    let name = parsed.package.name;
    if name.get_ref() != folder {
        cx.error(name.span(), format!("the package is called `{}`, but its folder `{folder}`", name.get_ref())).help =
            Some("a template's folder has its name, so that data files and imports find it".to_owned());
    }
    if !is_identifier(name.get_ref()) || name.get_ref().contains(['.', '_']) {
        cx.error(name.span(), format!("`{}` cannot be a template name", name.get_ref())).help =
            Some("use lowercase letters, digits and `-`, like `policy-brief`".to_owned());
    }
    let entrypoint = parsed.package.entrypoint;
    cx.relative(&entrypoint, "the entry point");
    let folio = parsed.tool.and_then(|t| t.folio);
    let (labels, fonts, params, blocks) = match folio {
        Some(f) => (f.labels, f.fonts, f.params, f.blocks),
        None => (None, None, Map::new(), Map::new()),
    };
    for path in labels.iter().chain(fonts.iter()) {
        cx.relative(path, "a template's file");
    }
    let template = leak(name.get_ref().clone());
    let params =
        params.iter().map(|(key, field)| cx.key(key, field, &format!("{}Param", camel(template)), true)).collect();
    let mut out_blocks = Vec::new();
    for (block, spec) in &blocks {
        if !is_name(block) || ["text", "lang", "table", "figure"].contains(&block.as_str()) {
            cx.error(spec.span(), format!("`{block}` cannot be a block's name")).help = Some(
                "a block's name is a Typst function name of lowercase letters, digits and `-`, and not `text`, `lang`, `table` or `figure`"
                    .to_owned(),
            );
        }
        let table_name = camel(block);
        let keys: Vec<Key> = spec.get_ref().fields.iter().map(|(k, f)| cx.key(k, f, &table_name, false)).collect();
        let title = spec.get_ref().title.as_ref().map(|t| {
            if !keys.iter().any(|k| k.key == t.get_ref()) {
                cx.error(t.span(), format!("the block has no field `{}`", t.get_ref()));
            }
            leak(t.get_ref().clone())
        });
        let table: &'static Table = Box::leak(Box::new(Table {
            name: leak(table_name),
            help: leak(spec.get_ref().help.clone()),
            keys: keys.leak(),
        }));
        out_blocks.push(Block {
            decl: RecordDecl { name: leak(block.clone()), template, help: table.help, title, table },
            span: spec.span(),
        });
    }
    if !cx.problems.is_empty() {
        return Err(cx.problems);
    }
    Ok(Manifest {
        name: name.into_inner(),
        version: parsed.package.version,
        entrypoint: entrypoint.into_inner(),
        description: parsed.package.description,
        labels: labels.map(Spanned::into_inner),
        fonts: fonts.map(Spanned::into_inner),
        params,
        blocks: out_blocks,
    })
}

struct Cx<'a> {
    file: &'a SourceFile,
    problems: Vec<Diagnostic>,
}

impl Cx<'_> {
    fn error(&mut self, span: Span, message: String) -> &mut Diagnostic {
        self.problems.push(Diagnostic::error("manifest", &self.file.name, span, message));
        let last = self.problems.len() - 1;
        &mut self.problems[last]
    }

    /// A path inside the template's folder: relative, without `..`.
    fn relative(&mut self, path: &Spanned<String>, what: &str) {
        let p = path.get_ref();
        if p.is_empty() || p.starts_with('/') || p.contains('\\') || p.split('/').any(|c| c == ".." || c == ".") {
            self.error(path.span(), format!("`{p}` cannot be {what}")).help =
                Some("name a file in the template's folder by its relative path, like `lib.typ`".to_owned());
        }
    }

    /// The declaration of a field (or a parameter) `key`; `owner` names its table in the schema.
    fn key(&mut self, key: &str, field: &Spanned<Field>, owner: &str, param: bool) -> Key {
        let span = field.span();
        let f = field.get_ref();
        if !is_name(key) {
            self.error(span.clone(), format!("`{key}` cannot be a field's name")).help =
                Some("use lowercase letters, digits and `-`, like `cooperation-type`".to_owned());
        }
        let kind = match f.kind.get_ref().as_str() {
            "plain" => Kind::Plain,
            "inline" => Kind::Inline,
            "prose" => Kind::Prose,
            "date" => Kind::Date,
            "month" => Kind::Month,
            "count" => Kind::Count { min: f.min.unwrap_or(0), max: f.max.unwrap_or(i64::from(u32::MAX)) },
            "list" => Kind::PlainList,
            "choice" => {
                let choices: Vec<&'static str> = f.choices.iter().flatten().map(|c| leak(c.clone())).collect();
                if choices.is_empty() {
                    self.error(f.kind.span(), format!("`{key}` is a choice without `choices`"));
                }
                Kind::Choice(choices.leak())
            }
            "file" if key == "file" => Kind::File,
            "file" => {
                self.error(f.kind.span(), format!("an image path is a field called `file`, not `{key}`")).help =
                    Some("folio finds every image the data names by the key `file`; use `kind = \"image\"` for an image with its alt text".to_owned());
                Kind::File
            }
            "image" => Kind::Table(&IMAGE),
            "color" => Kind::Color,
            "font" => Kind::Font,
            "email" => Kind::Email,
            "phone" => Kind::Phone,
            "table" | "tables" => {
                let name = format!("{owner}{}", camel(key));
                let keys: Vec<Key> = f.fields.iter().map(|(k, inner)| self.key(k, inner, &name, false)).collect();
                if keys.is_empty() {
                    self.error(f.kind.span(), format!("the table `{key}` declares no `fields`"));
                }
                let table: &'static Table =
                    Box::leak(Box::new(Table { name: leak(name), help: leak(f.help.clone()), keys: keys.leak() }));
                if f.kind.get_ref() == "table" { Kind::Table(table) } else { Kind::Tables(table) }
            }
            other => {
                self.error(f.kind.span(), format!("`{other}` is not a kind folio knows")).help =
                    Some(format!("the kinds are {}", KINDS.join(", ")));
                Kind::Plain
            }
        };
        if !f.fields.is_empty() && !matches!(f.kind.get_ref().as_str(), "table" | "tables") {
            self.error(span.clone(), format!("`{key}` has `fields` but is not a table"));
        }
        let default = f.default.as_ref().map(|d| {
            let text = match d.get_ref() {
                toml::Value::String(s) => Some(s.clone()),
                toml::Value::Integer(i) => Some(i.to_string()),
                _ => None,
            };
            let ok = match (kind, &text) {
                (_, None) => false,
                (Kind::Color, Some(t)) => {
                    t.len() == 7 && t.starts_with('#') && t[1..].chars().all(|c| c.is_ascii_hexdigit())
                }
                (Kind::Count { min, max }, Some(t)) => t.parse::<i64>().is_ok_and(|n| (min..=max).contains(&n)),
                (Kind::Choice(c), Some(t)) => c.contains(&t.as_str()),
                (Kind::Plain | Kind::Inline | Kind::Font, Some(t)) => !t.trim().is_empty(),
                _ => false,
            };
            if !ok {
                self.error(d.span(), format!("`{key}` cannot default to this")).help = Some(
                    "defaults are for parameters of kind color (`\"#1f497d\"`), font, plain, inline, choice or count"
                        .to_owned(),
                );
            }
            leak(text.unwrap_or_default())
        });
        if default.is_some() && !param {
            self.error(span.clone(), format!("`{key}` is a block's field: only parameters have defaults"));
        }
        if param && f.required {
            self.error(span.clone(), format!("the parameter `{key}` cannot be required")).help =
                Some("give it a `default` instead: a deliverable need not set a template's parameters".to_owned());
        }
        let example = match (&f.example, default) {
            (Some(e), _) => leak(e.clone()),
            (None, Some(d)) if matches!(kind, Kind::Count { .. }) => d,
            (None, Some(d)) => leak(format!("\"{d}\"")),
            (None, None) => leak("\"…\"".to_owned()),
        };
        Key {
            key: leak(key.to_owned()),
            kind,
            required: f.required,
            label: leak(f.label.clone().unwrap_or_else(|| key.to_owned())),
            help: leak(f.help.clone()),
            example,
            word: f.word.clone().map(leak),
            default,
        }
    }
}

/// Whether `s` can name a block or a field: a Typst identifier of lowercase letters, digits and
/// `-`, starting with a letter.
fn is_name(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !s.ends_with('-')
        && s.len() <= 40
}

/// `case-study` → `CaseStudy`, for the schema's table names.
fn camel(s: &str) -> String {
    s.split('-')
        .map(|part| {
            let mut c = part.chars();
            c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
        })
        .collect()
}
