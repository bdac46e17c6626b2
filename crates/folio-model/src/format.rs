//! The data format, declared once.
//!
//! Every table and key an author can write is declared here: its kind, whether it is required,
//! the label a reviewer sees, and its help text. The reader ([`crate::read`]), the JSON Schema
//! ([`json_schema`]), the reference of the format (`docs/data-format.md`, [`reference`]), the
//! lowering (which passes the project and deliverable tables to the template key by key) and the
//! diff (which compares them key by key, under these labels) all read these declarations, so a
//! metadata field or a case-study row is added here, and in the template that prints it.

/// What a key holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One line printed as written, without Markdown.
    Plain,
    /// A folder-like name: lowercase letters, digits, `-`, `_`, `.`.
    Id,
    /// A language code: `en`, `en-GB`.
    Lang,
    /// One line of Markdown.
    Inline,
    /// Paragraphs and lists of Markdown.
    Prose,
    /// A TOML date, `2015-09-23`.
    Date,
    /// A month of the project, `"M18"`.
    Month,
    /// A whole number from `min` to `max`.
    Count {
        /// The smallest allowed.
        min: i64,
        /// The largest allowed.
        max: i64,
    },
    /// A list of one-line texts.
    PlainList,
    /// One of a fixed set of codes, such as a dissemination level.
    Choice(&'static [&'static str]),
    /// A list of codes, each one of a fixed set: a table's column alignments.
    Choices(&'static [&'static str]),
    /// A list of whole numbers from `min` to `max`: a table's relative column widths.
    Counts {
        /// The smallest allowed.
        min: i64,
        /// The largest allowed.
        max: i64,
    },
    /// An image file in the data file's folder: PNG, JPEG or SVG, by a relative path.
    File,
    /// Table rows: a list of rows, each a list of cells; a cell is one line of Markdown, or
    /// `{ text = "…", colspan = 2, rowspan = 1 }`.
    Cells,
    /// A table of its own.
    Table(&'static Table),
    /// A list of tables, written `[[key]]`.
    Tables(&'static Table),
    /// The list of sections, `[[sections]]`: tables of the format's own section declaration
    /// ([`Format::section`]), whose blocks include the template's record blocks.
    Sections,
    /// A colour, `"#1f497d"`: a template parameter.
    Color,
    /// A font family the template's fonts provide, `"Carlito"`: a template parameter.
    Font,
    /// An e-mail address, `"name@example.org"`: checked, and printed as a mail link.
    Email,
    /// A phone number, `"+49 (0)331 288-0"`: checked.
    Phone,
    /// Tables by id, `[organisations.inno]`: each a table of its own.
    Entries(&'static Table),
    /// Ids of organisations (`[organisations.<id>]`, in the deliverable or a shared file).
    OrganisationRefs,
    /// Shared data files the deliverable uses, by their path from its folder:
    /// `["shared/partners.toml"]`.
    SharedFiles,
    /// Footnote texts by id.
    Footnotes,
    /// Words of the template by label key, one line each: the keys are the template's (its
    /// `labels.toml`), checked against it when the template is known.
    Labels,
}

/// One key of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    /// The key as written in TOML.
    pub key: &'static str,
    /// What it holds.
    pub kind: Kind,
    /// Whether the table must have it.
    pub required: bool,
    /// What a reviewer calls it (the cover's label, in English), for the diff.
    pub label: &'static str,
    /// What it is, for the JSON Schema and the format reference.
    pub help: &'static str,
    /// A value as an author would write it, for help messages and the reference.
    pub example: &'static str,
    /// The template's word for it (a key of its `labels.toml`), printed beside the value where
    /// a template or a generic rendering labels it: a record block's rows.
    pub word: Option<&'static str>,
    /// The value a template parameter takes when the data does not set it, as TOML would write
    /// its text or number (`#1f497d`, `Carlito`, `3`).
    pub default: Option<&'static str>,
}

/// A table of the format.
#[derive(Debug, PartialEq, Eq)]
pub struct Table {
    /// Its name in the schema and the reference, such as `Project`.
    pub name: &'static str,
    /// What it is.
    pub help: &'static str,
    /// Its keys, in the order authors write them (and the cover prints them).
    pub keys: &'static [Key],
}

impl Table {
    /// The declaration of `key`, if this table has it.
    pub fn key(&self, key: &str) -> Option<&'static Key> {
        let keys: &'static [Key] = self.keys;
        keys.iter().find(|k| k.key == key)
    }
}

const fn key(
    key: &'static str,
    kind: Kind,
    required: bool,
    label: &'static str,
    help: &'static str,
    example: &'static str,
) -> Key {
    Key { key, kind, required, label, help, example, word: None, default: None }
}

/// A whole data file.
#[rustfmt::skip]
pub static DOCUMENT: Table = Table {
    name: "Deliverable",
    help: "A deliverable: its metadata, abstract, sections and footnotes.",
    keys: &[
        key("template", Kind::Id, true, "Template", "The template to typeset with: `eccp`, `policy-brief`, or a template folder of the project's own `templates/` (`folio templates` lists them).", "\"eccp\""),
        key("params", Kind::Table(&NO_PARAMS), false, "Template parameters", "The template's parameters (colours, footer text, fonts), as its manifest declares them: `folio templates` lists them.", "[params]"),
        key("lang", Kind::Lang, true, "Language", "The language of the text: `en`, or with a region, `en-GB`.", "\"en\""),
        key("project", Kind::Table(&PROJECT), true, "Project", "The project the deliverable belongs to.", "[project]"),
        key("deliverable", Kind::Table(&DELIVERABLE), true, "Deliverable", "The deliverable's metadata and abstract, shown on the cover.", "[deliverable]"),
        key("sections", Kind::Sections, false, "Sections", "The numbered sections, in page order.", "[[sections]]"),
        key("history", Kind::Tables(&HISTORY), false, "Version history", "The version history, oldest first; printed as a table on the cover when present.", "[[history]]"),
        key("pdf-standards", Kind::Choices(PDF_STANDARDS), false, "PDF standards", "The standards the PDF is written to and checked against (`folio build --pdf-standard` overrides them). Default: `[\"a-2a\", \"ua-1\"]`, archival PDF/A-2a and accessible PDF/UA-1.", "[\"a-2a\", \"ua-1\"]"),
        key("shared", Kind::SharedFiles, false, "Shared data", "Shared data files this deliverable uses, by their path from its folder: their organisations and sources (footnote texts) can be used as if they were written here. A correction there reaches every deliverable that uses them.", "[\"shared/partners.toml\"]"),
        key("organisations", Kind::Entries(&ORGANISATION), false, "Organisations", "Organisations by id, for `partners`; the same as in a shared file, which is where organisations several deliverables name belong.", "[organisations.inno]"),
        key("allow", Kind::Tables(&ALLOW), false, "Allowed warnings", "Warnings this deliverable accepts, each with its reason: they are counted, not printed. An allowance that matches no warning is itself a warning.", "[[allow]]"),
        key("labels", Kind::Labels, false, "Labels", "The template's words, reworded for this deliverable: `abstract = \"Summary:\"`. The keys are the template's (`templates/<name>/labels.toml`); a label not given is the template's, in the deliverable's language.", "[labels]"),
        key("footnotes", Kind::Footnotes, false, "Footnotes", "Footnote texts by id. Refer to one with `[^id]`; numbers follow the order of first reference.", "[footnotes]"),
    ],
};

/// `[project]`.
#[rustfmt::skip]
pub static PROJECT: Table = Table {
    name: "Project",
    help: "The project.",
    keys: &[
        key("name", Kind::Plain, true, "Project name", "The project's full name.", "\"European Cluster Collaboration Platform\""),
        key("acronym", Kind::Plain, true, "Project acronym", "The project's acronym, such as `ECCP`.", "\"ECCP\""),
        key("start", Kind::Date, true, "Start date of project", "The day the project started, as a TOML date: month 1 begins here.", "2015-09-23"),
        key("duration-months", Kind::Count { min: 1, max: 600 }, true, "Duration", "How many months the project runs.", "24"),
        key("grant-agreement", Kind::Plain, false, "Grant agreement", "The grant agreement number.", "\"101000001\""),
        key("programme", Kind::Plain, false, "Programme", "The EU programme that funds the project, such as `Horizon Europe` or `Horizon 2020`. When set, the cover prints the EU emblem, the funding statement and (after 2020) the disclaimer.", "\"Horizon Europe\""),
        key("granting-authority", Kind::Plain, false, "Granting authority", "The granting authority the disclaimer names, such as `the European Research Executive Agency (REA)`.", "\"the European Research Executive Agency (REA)\""),
        key("funding-statement", Kind::Inline, false, "Funding statement", "The funding statement, when the grant agreement words it differently from the template's.", "\"Co-funded by the European Union\""),
        key("disclaimer", Kind::Prose, false, "Disclaimer", "The disclaimer, when the grant agreement words it differently from the template's.", "\"\"\"…\"\"\""),
        key("logo", Kind::Table(&IMAGE), false, "Project logo", "The project's logo, printed at the top of the cover.", "{ file = \"logos/project.png\", alt = \"The project's logo\" }"),
        key("partners", Kind::OrganisationRefs, false, "Partners", "The partners, by the ids of their organisations (`[organisations.<id>]`, here or in a shared file), printed on the cover.", "[\"inno\", \"spi\"]"),
        key("partner-logos", Kind::Tables(&IMAGE), false, "Partner logos", "The partners' logos, printed in a row at the foot of the cover.", "[[project.partner-logos]]"),
    ],
};

/// `[deliverable]`.
#[rustfmt::skip]
pub static DELIVERABLE: Table = Table {
    name: "DeliverableMetadata",
    help: "The deliverable's metadata, printed in the cover's table, and its abstract.",
    keys: &[
        key("number", Kind::Plain, true, "Deliverable number", "The official number, such as `D 3.5. (1)`.", "\"D 3.5. (1)\""),
        key("short-number", Kind::Plain, false, "Deliverable short number", "The short number used in the cover title, such as `D. 3.5`. Defaults to `number`.", "\"D. 3.5\""),
        key("title", Kind::Plain, true, "Deliverable title", "The title, such as `Discussion paper on Mexico`.", "\"Discussion paper on Mexico\""),
        key("work-package", Kind::Plain, true, "Related work package", "The related work package, such as `WP3`.", "\"WP3\""),
        key("lead", Kind::Plain, true, "Deliverable lead, and partners involved", "The deliverable lead, and partners involved.", "\"inno TSD\""),
        key("validated-by", Kind::Plain, true, "Validated by", "Who validated the deliverable.", "\"Steering committee\""),
        key("contractual-delivery", Kind::Month, true, "Contractual delivery date", "The contractual delivery date as a project month.", "\"M25\""),
        key("actual-delivery", Kind::Month, true, "Actual delivery date", "The actual delivery date as a project month.", "\"M18\""),
        key("version", Kind::Plain, true, "Document version", "The document version, such as `VF` (final) or `V0.3`.", "\"VF\""),
        key("dissemination-level", Kind::Choice(DISSEMINATION_LEVELS), false, "Dissemination level", "Who may read it: PU (public), SEN (sensitive), EU-R, EU-C, EU-S (EU classified); Horizon 2020: CO, CI.", "\"PU\""),
        key("deliverable-type", Kind::Choice(DELIVERABLE_TYPES), false, "Type", "What it is: R (report), DEM, DEC, DATA, DMP, ETHICS, SECURITY or OTHER.", "\"R\""),
        key("authors", Kind::PlainList, false, "Authors", "The authors, with their organisations.", "[\"Ada Example (Example University)\"]"),
        key("reviewers", Kind::PlainList, false, "Reviewers", "The reviewers, with their organisations.", "[\"Bo Sample (Sample Institute)\"]"),
        key("keywords", Kind::PlainList, false, "Keywords", "Keywords for the PDF's metadata.", "[\"Mexico\", \"clusters\"]"),
        key("contents-depth", Kind::Count { min: 1, max: 6 }, false, "Contents depth", "How many heading levels the contents page lists (the template's default is 3).", "2"),
        key("abstract", Kind::Prose, true, "Abstract", "The abstract (Markdown), shown on the cover.", "\"\"\"…\"\"\""),
    ],
};

/// `[[sections]]`, and `[[sections.sections]]` below it.
#[rustfmt::skip]
pub static SECTION: Table = Table {
    name: "Section",
    help: "A numbered section: its text, then its blocks, then its subsections.",
    keys: &[
        key("title", Kind::Inline, true, "Heading", "The heading, without its number.", "\"Introduction\""),
        key("id", Kind::Id, false, "Id", "A readable id, so that text can refer to the section: `[see the method](#method)`.", "\"method\""),
        key("text", Kind::Prose, false, "Text", "Paragraphs and `- ` lists (Markdown), printed before the case study and subsections.", "\"\"\"…\"\"\""),
        key("blocks", Kind::Tables(&BLOCK), false, "Blocks", "Tables, figures and more text, printed after `text` in the order written.", "[[sections.blocks]]"),
        key("sections", Kind::Sections, false, "Subsections", "Subsections, numbered `n.1`, `n.2`, …", "[[sections.sections]]"),
    ],
};

/// `[[sections.blocks]]`: one block of a section, after its text.
#[rustfmt::skip]
pub static BLOCK: Table = Table {
    name: "Block",
    help: "One block of a section, printed after the section's `text` in the order written. Each holds exactly one of `text`, `table`, `figure` and the template's record blocks (such as the `eccp` template's `case-study`); a `text` may name its `lang`.",
    keys: &[
        key("text", Kind::Prose, false, "Text", "Paragraphs and lists (Markdown).", "\"\"\"…\"\"\""),
        key("lang", Kind::Lang, false, "Language", "The language of this block's `text`, when it is not the deliverable's: it is hyphenated and tagged in it.", "\"es\""),
        key("table", Kind::Table(&TABLE), false, "Table", "A numbered table with a caption.", "[sections.blocks.table]"),
        key("figure", Kind::Table(&FIGURE), false, "Figure", "A numbered figure: an image with a caption.", "[sections.blocks.figure]"),
    ],
};

/// A numbered table.
#[rustfmt::skip]
pub static TABLE: Table = Table {
    name: "TableBlock",
    help: "A numbered table: a caption above it, header rows that repeat when it breaks across pages, body rows, and notes under it.",
    keys: &[
        key("id", Kind::Id, false, "Id", "A readable id, so that text can refer to the table: `[](#budget)` prints \"Table 2\".", "\"budget\""),
        key("caption", Kind::Inline, true, "Caption", "The caption, printed above the table after its number.", "\"Budget by partner, in euro\""),
        key("widths", Kind::Counts { min: 1, max: 100 }, false, "Column widths", "Relative column widths, one number per column: `[3, 1, 1]` gives the first column three fifths.", "[3, 1, 1]"),
        key("align", Kind::Choices(ALIGNMENTS), false, "Column alignment", "Each column's alignment: `left`, `center` or `right`.", "[\"left\", \"right\", \"right\"]"),
        key("header", Kind::Cells, true, "Header rows", "The header rows: a list of rows, each a list of cells.", "[[\"Partner\", \"2025\", \"2026\"]]"),
        key("rows", Kind::Cells, true, "Rows", "The body rows. A cell is one line of Markdown (footnotes work), or `{ text = \"…\", colspan = 2, rowspan = 1 }`.", "[[\"Example University\", \"120 000\", \"80 000\"]]"),
        key("notes", Kind::Prose, false, "Notes", "Notes printed under the table in small type, such as its source.", "\"Source: the project's budget.\""),
    ],
};

/// A numbered figure.
#[rustfmt::skip]
pub static FIGURE: Table = Table {
    name: "FigureBlock",
    help: "A numbered figure: an image from the data file's folder, its alternative text, and a caption below it.",
    keys: &[
        key("id", Kind::Id, false, "Id", "A readable id, so that text can refer to the figure: `[](#map)` prints \"Figure 1\".", "\"map\""),
        key("file", Kind::File, true, "Image", "The image: a PNG, JPEG or SVG file, by its path from the data file's folder.", "\"figures/map.png\""),
        key("alt", Kind::Plain, true, "Alternative text", "What the image shows, for readers who cannot see it.", "\"A map of Mexico with the six clusters marked\""),
        key("caption", Kind::Inline, true, "Caption", "The caption, printed below the figure after its number.", "\"The clusters by state\""),
        key("width", Kind::Count { min: 5, max: 100 }, false, "Width", "The image's width, in per cent of the text width (the image's own size when absent, at most the text width).", "60"),
        key("source", Kind::Inline, false, "Source", "Where the figure comes from, printed under the caption.", "\"Eurostat, 2024\""),
    ],
};

/// `[[allow]]`: a warning the deliverable accepts.
#[rustfmt::skip]
pub static ALLOW: Table = Table {
    name: "Allow",
    help: "A warning the deliverable accepts, by its code, with the reason a reviewer reads.",
    keys: &[
        key("code", Kind::Plain, true, "Code", "The warning's code, as folio prints it: `duplicate-footnote-url` in `warning[duplicate-footnote-url]`.", "\"duplicate-footnote-url\""),
        key("reason", Kind::Plain, true, "Reason", "Why the warning is accepted.", "\"The original numbers repeated sources separately.\""),
    ],
};

/// An image on the cover, such as a logo.
#[rustfmt::skip]
pub static IMAGE: Table = Table {
    name: "Image",
    help: "An image from the data file's folder, with its alternative text.",
    keys: &[
        key("file", Kind::File, true, "Image", "A PNG, JPEG or SVG file, by its path from the data file's folder.", "\"logos/project.png\""),
        key("alt", Kind::Plain, true, "Alternative text", "What the image shows, for readers who cannot see it.", "\"The project's logo\""),
    ],
};

/// An organisation: a partner, a funder, a cluster.
#[rustfmt::skip]
pub static ORGANISATION: Table = Table {
    name: "Organisation",
    help: "An organisation, by its id: its name, acronym, country, website, contact and logo.",
    keys: &[
        key("name", Kind::Plain, true, "Name", "Its full name.", "\"inno TSD\""),
        key("acronym", Kind::Plain, false, "Acronym", "Its acronym or short name.", "\"inno\""),
        key("country", Kind::Plain, false, "Country", "Its country.", "\"France\""),
        key("website", Kind::Plain, false, "Website", "Its website's address.", "\"https://www.inno-group.com\""),
        key("email", Kind::Email, false, "E-mail", "A contact address.", "\"contact@example.org\""),
        key("logo", Kind::Table(&IMAGE), false, "Logo", "Its logo, by its path from the deliverable's folder.", "{ file = \"logos/inno.png\", alt = \"The inno logo\" }"),
    ],
};

/// A shared data file: organisations and sources several deliverables use.
#[rustfmt::skip]
pub static SHARED: Table = Table {
    name: "SharedData",
    help: "A shared data file: organisations and sources (footnote texts) that deliverables name in their `shared` list use as their own.",
    keys: &[
        key("organisations", Kind::Entries(&ORGANISATION), false, "Organisations", "Organisations by id.", "[organisations.inno]"),
        key("sources", Kind::Footnotes, false, "Sources", "Footnote texts by id: a deliverable cites one with `[^id]` as if it were under its own [footnotes].", "[sources]"),
    ],
};

/// The parameters of a format without a template: none.
pub static NO_PARAMS: Table = Table {
    name: "Params",
    help: "The template's parameters, as its manifest (`typst.toml`, `[tool.folio.params]`) declares them.",
    keys: &[],
};

/// `[[history]]`.
#[rustfmt::skip]
pub static HISTORY: Table = Table {
    name: "HistoryEntry",
    help: "One row of the version history.",
    keys: &[
        key("version", Kind::Plain, true, "Version", "The version, such as `V0.2` or `VF`.", "\"V0.2\""),
        key("date", Kind::Date, true, "Date", "The day of this version, as a TOML date.", "2017-02-23"),
        key("author", Kind::Inline, true, "Author", "Who made the changes.", "\"inno\""),
        key("summary", Kind::Inline, true, "Summary", "What changed, in a sentence or two.", "\"Case studies added.\""),
    ],
};

/// A record block a template declares: a table of named fields the author fills in, which the
/// template prints its own way (the `eccp` template's case study). Declared in the template's
/// manifest (`typst.toml`, `[tool.folio.blocks.<name>]`), written in the data as
/// `[sections.blocks.<name>]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordDecl {
    /// Its key in the data, and the name of the template's Typst function that prints it.
    pub name: &'static str,
    /// The template that declares it.
    pub template: &'static str,
    /// What it is.
    pub help: &'static str,
    /// The field that titles it, where a generic rendering needs a caption.
    pub title: Option<&'static str>,
    /// Its fields.
    pub table: &'static Table,
}

/// The data format as one template reads it: folio's own tables, with the template's parameters
/// (`[params]`) and its record blocks (`[sections.blocks.<name>]`), and those of the other
/// templates known, which it prints through a generic fallback.
///
/// The declarations of a template are made once, when its manifest is loaded, and live as long as
/// the process: they are plain `&'static` tables like folio's own, so every consumer of the format
/// (the reader, the schema, the reference, the lowering, the diff) reads them the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Format {
    /// The template's name (empty for [`Format::base`]).
    pub template: &'static str,
    /// The whole data file.
    pub root: &'static Table,
    /// A section, whose blocks include the record blocks.
    pub section: &'static Table,
    /// `[params]`.
    pub params: &'static Table,
    /// The record blocks a data file may hold: the template's own first.
    pub records: &'static [RecordDecl],
}

impl Format {
    /// folio's own tables, without any template's parameters or record blocks.
    pub fn base() -> Self {
        Self { template: "", root: &DOCUMENT, section: &SECTION, params: &NO_PARAMS, records: &[] }
    }

    /// The format of the template `template`, with its parameters `params` and the record blocks
    /// `records` (its own, then other templates' that it prints through the fallback). Leaks the
    /// declarations: call it once per template and keep the result.
    pub fn new(template: &str, params: Vec<Key>, records: Vec<RecordDecl>) -> Self {
        let template = leak(template.to_owned());
        let params: &'static Table =
            Box::leak(Box::new(Table { name: NO_PARAMS.name, help: NO_PARAMS.help, keys: params.leak() }));
        let records: &'static [RecordDecl] = records.leak();
        let mut block_keys = BLOCK.keys.to_vec();
        for r in records {
            let example = leak(format!("[sections.blocks.{}]", r.name));
            let mut help = r.help.to_owned();
            if r.template != template {
                help.push_str(&format!(" Declared by the `{}` template; printed here as a plain table.", r.template));
            }
            block_keys.push(key(r.name, Kind::Table(r.table), false, r.name, leak(help), example));
        }
        let block: &'static Table =
            Box::leak(Box::new(Table { name: BLOCK.name, help: BLOCK.help, keys: block_keys.leak() }));
        let section_keys: Vec<Key> = SECTION
            .keys
            .iter()
            .map(|k| match k.kind {
                Kind::Tables(t) if std::ptr::eq(t, &BLOCK) => Key { kind: Kind::Tables(block), ..*k },
                _ => *k,
            })
            .collect();
        let section: &'static Table =
            Box::leak(Box::new(Table { name: SECTION.name, help: SECTION.help, keys: section_keys.leak() }));
        let root_keys: Vec<Key> = DOCUMENT
            .keys
            .iter()
            .map(|k| match k.kind {
                Kind::Table(t) if std::ptr::eq(t, &NO_PARAMS) => Key { kind: Kind::Table(params), ..*k },
                _ => *k,
            })
            .collect();
        let root: &'static Table =
            Box::leak(Box::new(Table { name: DOCUMENT.name, help: DOCUMENT.help, keys: root_keys.leak() }));
        Self { template, root, section, params, records }
    }

    /// The record block called `name`, if this format has it.
    pub fn record(&self, name: &str) -> Option<&'static RecordDecl> {
        let records: &'static [RecordDecl] = self.records;
        records.iter().find(|r| r.name == name)
    }
}

impl Default for Format {
    fn default() -> Self {
        Self::base()
    }
}

/// A string that lives as long as the process: for declarations read from a manifest.
pub fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

/// The dissemination levels of Horizon Europe and Horizon 2020 deliverables.
pub const DISSEMINATION_LEVELS: &[&str] = &["PU", "SEN", "EU-R", "EU-C", "EU-S", "CO", "CI"];

/// The PDF standards Typst 0.15 writes, as `folio build --pdf-standard` and `pdf-standards` name
/// them (PDF versions, PDF/A parts and levels, PDF/UA-1).
pub const PDF_STANDARDS: &[&str] = &[
    "1.4", "1.5", "1.6", "1.7", "2.0", "a-1b", "a-1a", "a-2b", "a-2u", "a-2a", "a-3b", "a-3u", "a-3a", "a-4", "a-4f",
    "a-4e", "ua-1",
];

/// The standards a PDF is written to when neither the data nor the command line names any: the
/// strongest combination D3.5 and every example pass (archival PDF/A-2a, accessible PDF/UA-1).
pub const DEFAULT_PDF_STANDARDS: &[&str] = &["a-2a", "ua-1"];

/// The alignments of a table column.
pub const ALIGNMENTS: &[&str] = &["left", "center", "right"];

/// The deliverable types of Horizon Europe.
pub const DELIVERABLE_TYPES: &[&str] = &["R", "DEM", "DEC", "DATA", "DMP", "ETHICS", "SECURITY", "OTHER"];

/// The most columns or rows one table cell may span.
pub const MAX_SPAN: i64 = 100;

/// The regular expression of image paths, for the schema: relative, no `..`, PNG, JPEG or SVG.
const FILE_PATTERN: &str = "^(?!/)(?!.*(^|/)\\.\\.?(/|$))[^\\\\:]+\\.(png|PNG|jpe?g|JPE?G|svg|SVG)$";

/// The regular expression of language codes, for the schema: exactly what folio accepts (a
/// two-letter language, optionally with a two-letter region: `en`, `es-MX`); a test holds the
/// two together.
pub const LANG_PATTERN: &str = "^[a-z]{2}(-[A-Z]{2})?$";

/// The regular expression of ids (footnotes, templates), for the schema.
const ID_PATTERN: &str = "^[a-z0-9][a-z0-9._-]{0,63}$";

/// The JSON Schema (draft 7, which Taplo and most editors understand) of the data format as
/// `format` reads it (its template's parameters and record blocks included), pretty-printed. It
/// is as strict as the reader where JSON Schema can say it: ids, language codes, months and
/// number ranges have patterns and bounds.
pub fn json_schema(format: &Format) -> String {
    let mut definitions = serde_json::Map::new();
    let root = table_schema(format, format.root, &mut definitions);
    let mut root = match root {
        serde_json::Value::Object(o) => o,
        _ => serde_json::Map::new(),
    };
    let mut out = serde_json::Map::new();
    out.insert("$schema".into(), "http://json-schema.org/draft-07/schema#".into());
    out.insert("title".into(), "folio deliverable".into());
    out.append(&mut root);
    out.insert("definitions".into(), serde_json::Value::Object(definitions));
    serde_json::to_string_pretty(&serde_json::Value::Object(out)).unwrap_or_default() + "\n"
}

fn table_schema(
    format: &Format,
    table: &'static Table,
    definitions: &mut serde_json::Map<String, serde_json::Value>,
) -> serde_json::Value {
    let mut properties = serde_json::Map::new();
    for k in table.keys {
        let mut schema = match key_schema(format, k.kind, definitions) {
            serde_json::Value::Object(o) => o,
            _ => serde_json::Map::new(),
        };
        schema.insert("description".into(), k.help.into());
        if let Some(default) = k.default {
            let value = match k.kind {
                Kind::Count { .. } => default.parse::<i64>().map_or_else(|_| default.into(), Into::into),
                _ => default.into(),
            };
            schema.insert("default".into(), value);
        }
        properties.insert(k.key.into(), serde_json::Value::Object(schema));
    }
    let required: Vec<&str> = table.keys.iter().filter(|k| k.required).map(|k| k.key).collect();
    serde_json::json!({
        "description": table.help,
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    })
}

fn key_schema(
    format: &Format,
    kind: Kind,
    definitions: &mut serde_json::Map<String, serde_json::Value>,
) -> serde_json::Value {
    let reference = |table: &'static Table, definitions: &mut serde_json::Map<String, serde_json::Value>| {
        if !definitions.contains_key(table.name) {
            // Insert a placeholder first: sections contain sections.
            definitions.insert(table.name.into(), serde_json::Value::Null);
            let schema = table_schema(format, table, definitions);
            definitions.insert(table.name.into(), schema);
        }
        serde_json::json!({ "$ref": format!("#/definitions/{}", table.name) })
    };
    match kind {
        Kind::Plain | Kind::Inline | Kind::Prose => serde_json::json!({ "type": "string", "pattern": "\\S" }),
        Kind::Id => serde_json::json!({ "type": "string", "pattern": ID_PATTERN }),
        Kind::Lang => serde_json::json!({ "type": "string", "pattern": LANG_PATTERN }),
        Kind::Date => serde_json::json!({ "type": "string", "format": "date" }),
        Kind::Month => serde_json::json!({ "type": "string", "pattern": "^M[1-9][0-9]*$" }),
        Kind::Count { min, max } => serde_json::json!({ "type": "integer", "minimum": min, "maximum": max }),
        Kind::PlainList => serde_json::json!({ "type": "array", "items": { "type": "string", "pattern": "\\S" } }),
        Kind::Choice(codes) => serde_json::json!({ "type": "string", "enum": codes }),
        Kind::Choices(codes) => serde_json::json!({ "type": "array", "items": { "type": "string", "enum": codes } }),
        Kind::Counts { min, max } => {
            serde_json::json!({ "type": "array", "items": { "type": "integer", "minimum": min, "maximum": max } })
        }
        Kind::File => serde_json::json!({ "type": "string", "pattern": FILE_PATTERN }),
        Kind::Cells => serde_json::json!({
            "type": "array",
            "items": { "type": "array", "minItems": 1, "items": {
                "oneOf": [
                    { "type": "string" },
                    {
                        "type": "object",
                        "properties": {
                            "text": { "type": "string" },
                            "colspan": { "type": "integer", "minimum": 1, "maximum": MAX_SPAN },
                            "rowspan": { "type": "integer", "minimum": 1, "maximum": MAX_SPAN },
                        },
                        "required": ["text"],
                        "additionalProperties": false,
                    },
                ],
            } },
        }),
        Kind::Table(t) => reference(t, definitions),
        Kind::Tables(t) => serde_json::json!({ "type": "array", "items": reference(t, definitions) }),
        Kind::Sections => serde_json::json!({ "type": "array", "items": reference(format.section, definitions) }),
        Kind::Color => serde_json::json!({ "type": "string", "pattern": COLOR_PATTERN }),
        Kind::Font => serde_json::json!({ "type": "string", "pattern": "\\S" }),
        Kind::Email => serde_json::json!({ "type": "string", "pattern": "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$" }),
        Kind::Phone => serde_json::json!({ "type": "string", "pattern": "[0-9]" }),
        Kind::Entries(t) => serde_json::json!({
            "type": "object",
            "propertyNames": { "pattern": ID_PATTERN },
            "additionalProperties": reference(t, definitions),
        }),
        Kind::OrganisationRefs => {
            serde_json::json!({ "type": "array", "items": { "type": "string", "pattern": ID_PATTERN } })
        }
        Kind::SharedFiles => {
            serde_json::json!({ "type": "array", "items": { "type": "string", "pattern": SHARED_PATTERN } })
        }
        Kind::Footnotes => serde_json::json!({
            "type": "object",
            "propertyNames": { "pattern": ID_PATTERN },
            "additionalProperties": { "type": "string", "pattern": "\\S" },
        }),
        Kind::Labels => serde_json::json!({
            "type": "object",
            "propertyNames": { "pattern": ID_PATTERN },
            "additionalProperties": { "type": "string", "pattern": "\\S" },
        }),
    }
}

/// The regular expression of shared data paths, for the schema: relative, no `..`, TOML.
const SHARED_PATTERN: &str = "^(?!/)(?!.*(^|/)\\.\\.?(/|$))[^\\\\:]+\\.toml$";

/// The regular expression of colours: `#` and six hexadecimal digits.
pub const COLOR_PATTERN: &str = "^#[0-9a-fA-F]{6}$";

/// The reference of the data format as `format` reads it, in Markdown (`docs/data-format.md` is
/// folio's own, [`Format::base`]).
pub fn reference(format: &Format) -> String {
    let mut out = String::from(
        "# The folio data format\n\n\
         Generated from `crates/folio-model/src/format.rs` by `folio schema --reference`; a test keeps it in sync.\n\
         Text is Markdown where the kind says so: paragraphs, `- ` lists, `**bold**`, `*italic*`,\n\
         `[links](https://…)` and footnote references `[^id]`.\n",
    );
    let mut seen: Vec<&str> = Vec::new();
    let mut queue: Vec<(&'static Table, String)> = vec![(format.root, "the top of the file".to_owned())];
    while let Some((table, place)) = queue.first().cloned() {
        queue.remove(0);
        if seen.contains(&table.name) {
            continue;
        }
        seen.push(table.name);
        out.push_str(&format!(
            "\n## {} ({place})\n\n{}\n\n| key | kind | required | what |\n| --- | --- | --- | --- |\n",
            table.name, table.help
        ));
        for k in table.keys {
            let kind = match k.kind {
                Kind::Plain => "one line of text".to_owned(),
                Kind::Id => "an id: `a-z`, `0-9`, `-`, `_`, `.`".to_owned(),
                Kind::Lang => "a language code".to_owned(),
                Kind::Inline => "one line of Markdown".to_owned(),
                Kind::Prose => "Markdown paragraphs and lists".to_owned(),
                Kind::Date => "a TOML date".to_owned(),
                Kind::Month => "a project month, `\"M18\"`".to_owned(),
                Kind::Count { min, max } => format!("a whole number, {min} to {max}"),
                Kind::PlainList => "a list of one-line texts".to_owned(),
                Kind::Choices(codes) => format!(
                    "a list, each one of {}",
                    codes.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ")
                ),
                Kind::Counts { min, max } => format!("a list of whole numbers, {min} to {max}"),
                Kind::File => "an image path in the data file's folder (PNG, JPEG, SVG)".to_owned(),
                Kind::Cells => "a list of rows, each a list of cells".to_owned(),
                Kind::Choice(codes) => {
                    format!("one of {}", codes.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", "))
                }
                Kind::Table(t) => {
                    queue.push((t, format!("`{}`", k.example)));
                    format!("a table: {}", t.name)
                }
                Kind::Tables(t) => {
                    queue.push((t, format!("`{}`", k.example)));
                    format!("a list of tables: {}", t.name)
                }
                Kind::Sections => {
                    queue.push((format.section, format!("`{}`", k.example)));
                    format!("a list of tables: {}", format.section.name)
                }
                Kind::Color => "a colour, `\"#1f497d\"`".to_owned(),
                Kind::Font => "a font family of the template's fonts".to_owned(),
                Kind::Email => "an e-mail address".to_owned(),
                Kind::Phone => "a phone number".to_owned(),
                Kind::Entries(t) => {
                    queue.push((t, format!("`{}`", k.example)));
                    format!("tables by id: {}", t.name)
                }
                Kind::OrganisationRefs => "a list of organisation ids".to_owned(),
                Kind::SharedFiles => "a list of shared data files (TOML) in the data file's folder".to_owned(),
                Kind::Footnotes => "a table of footnote texts by id".to_owned(),
                Kind::Labels => "a table of one-line texts by the template's label keys".to_owned(),
            };
            let required = match (k.required, k.default) {
                (true, _) => "yes".to_owned(),
                (false, Some(d)) => format!("no (default `{d}`)"),
                (false, None) => "no".to_owned(),
            };
            out.push_str(&format!(
                "| `{}` | {kind} | {required} | {} Example: `{}` |\n",
                k.key,
                k.help.replace('|', "\\|"),
                k.example.replace('|', "\\|")
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every declared table, each once.
    fn tables() -> Vec<&'static Table> {
        let mut out: Vec<&'static Table> = vec![&DOCUMENT, &SECTION];
        let mut i = 0;
        while let Some(t) = out.get(i).copied() {
            for k in t.keys {
                if let Kind::Table(inner) | Kind::Tables(inner) = k.kind
                    && !out.iter().any(|o| std::ptr::eq(*o, inner))
                {
                    out.push(inner);
                }
            }
            i += 1;
        }
        out
    }

    /// `Document::images` finds image paths by their key in the walker's paths: every key of kind
    /// `File` must be called `file`, and no other key may be.
    #[test]
    fn image_paths_are_the_keys_called_file() {
        let all = tables();
        assert!(all.iter().any(|t| t.name == "Image"), "the walk over tables is broken");
        for t in all {
            for k in t.keys {
                assert_eq!(k.kind == Kind::File, k.key == "file", "`{}.{}`", t.name, k.key);
            }
        }
    }
}
