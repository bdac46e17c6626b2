//! The data file exactly as TOML gives it: serde types with spans, no interpretation yet.
//!
//! Every table denies unknown fields, so a misspelt key is an error with a location instead of
//! silently dropped text. The doc comments here are the data format's documentation: they become
//! the descriptions in the JSON Schema that editors show while authors type.

use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
use toml::Spanned;

pub(crate) type Str = Spanned<String>;

/// A deliverable: its metadata, abstract, sections and footnotes.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(title = "folio deliverable")]
pub(crate) struct RawDocument {
    /// The template to typeset with: a folder under `templates/`, such as `eccp`.
    #[schemars(with = "String")]
    pub template: Str,
    /// The language of the text: `en`, or with a region, `en-GB`.
    #[schemars(with = "String")]
    pub lang: Str,
    /// The project the deliverable belongs to.
    pub project: RawProject,
    /// The deliverable's metadata and abstract, shown on the cover.
    pub deliverable: RawDeliverable,
    /// The numbered sections, in page order.
    #[serde(default)]
    pub sections: Vec<RawSection>,
    /// The version history, oldest first; printed as a table on the cover when present.
    #[serde(default)]
    pub history: Vec<RawHistoryEntry>,
    /// Footnote texts by id. Refer to one with `[^id]`; numbers follow the order of first reference.
    #[serde(default, deserialize_with = "ordered_map")]
    #[schemars(with = "std::collections::BTreeMap<String, String>", extend("default" = {}))]
    pub footnotes: Vec<(Str, Str)>,
}

/// One row of the version history.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(rename = "HistoryEntry")]
pub(crate) struct RawHistoryEntry {
    /// The version, such as `V0.2` or `VF`.
    #[schemars(with = "String")]
    pub version: Str,
    /// The day of this version, as a TOML date: `date = 2017-02-23`.
    #[schemars(schema_with = "date_schema")]
    pub date: Spanned<toml::value::Datetime>,
    /// Who made the changes.
    #[schemars(with = "String")]
    pub author: Str,
    /// What changed, in a sentence or two.
    #[schemars(with = "String")]
    pub summary: Str,
}

/// The project.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(rename = "Project")]
pub(crate) struct RawProject {
    /// The project's full name.
    #[schemars(with = "String")]
    pub name: Str,
    /// The project's acronym, such as `ECCP`.
    #[schemars(with = "String")]
    pub acronym: Str,
    /// The day the project started, as a TOML date: `start = 2015-09-23`.
    #[schemars(schema_with = "date_schema")]
    pub start: Spanned<toml::value::Datetime>,
    /// How many months the project runs.
    #[schemars(with = "u32")]
    pub duration_months: Spanned<i64>,
}

/// The deliverable's metadata.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(rename = "Deliverable")]
pub(crate) struct RawDeliverable {
    /// The official number, such as `D 3.5. (1)`.
    #[schemars(with = "String")]
    pub number: Str,
    /// The short number used in the cover title, such as `D. 3.5`. Defaults to `number`.
    #[schemars(with = "Option<String>")]
    pub short_number: Option<Str>,
    /// The title, such as `Discussion paper on Mexico`.
    #[schemars(with = "String")]
    pub title: Str,
    /// The related work package, such as `WP3`.
    #[schemars(with = "String")]
    pub work_package: Str,
    /// The deliverable lead, and partners involved.
    #[schemars(with = "String")]
    pub lead: Str,
    /// Who validated the deliverable.
    #[schemars(with = "String")]
    pub validated_by: Str,
    /// The contractual delivery date as a project month, such as `M25`.
    #[schemars(with = "String", regex(pattern = r"^M[1-9][0-9]*$"))]
    pub contractual_delivery: Str,
    /// The actual delivery date as a project month, such as `M18`.
    #[schemars(with = "String", regex(pattern = r"^M[1-9][0-9]*$"))]
    pub actual_delivery: Str,
    /// The document version, such as `VF` (final) or `V0.3`.
    #[schemars(with = "String")]
    pub version: Str,
    /// Keywords for the PDF's metadata.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub keywords: Vec<Str>,
    /// The abstract (Markdown), shown on the cover.
    #[serde(rename = "abstract")]
    #[schemars(with = "String")]
    pub abstract_: Str,
}

/// A numbered section: its text, then an optional case study, then its subsections.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(rename = "Section")]
pub(crate) struct RawSection {
    /// The heading, without its number.
    #[schemars(with = "String")]
    pub title: Str,
    /// Paragraphs and `- ` lists (Markdown), printed before the case study and subsections.
    #[schemars(with = "Option<String>")]
    pub text: Option<Str>,
    /// A case-study table printed after the text.
    pub case_study: Option<RawCaseStudy>,
    /// Subsections, numbered `n.1`, `n.2`, …
    #[serde(default)]
    pub sections: Vec<RawSection>,
}

/// A success story, printed as a two-column table. Every row but `cooperation` is required.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(rename = "CaseStudy")]
pub(crate) struct RawCaseStudy {
    /// The header row, such as `Cooperation between A and B[^source]`.
    #[schemars(with = "String")]
    pub title: Str,
    /// "Partners:", usually a `- ` list.
    #[schemars(with = "String")]
    pub partners: Str,
    /// "Sectors and subsectors concerned:", a list with indented subsectors.
    #[schemars(with = "String")]
    pub sectors: Str,
    /// "Context:".
    #[schemars(with = "String")]
    pub context: Str,
    /// "Type of cooperation:", a few words, printed underlined.
    #[schemars(with = "String")]
    pub cooperation_type: Str,
    /// What the cooperation consisted of, printed under its type.
    #[schemars(with = "Option<String>")]
    pub cooperation: Option<Str>,
    /// "Objective:".
    #[schemars(with = "String")]
    pub objective: Str,
    /// "Policy support:".
    #[schemars(with = "String")]
    pub policy_support: Str,
    /// "Results/outcomes:".
    #[schemars(with = "String")]
    pub results: Str,
    /// "More information:", the contact person.
    pub contact: RawContact,
}

/// The contact person of a case study.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(rename = "Contact")]
pub(crate) struct RawContact {
    /// Their name.
    #[schemars(with = "String")]
    pub name: Str,
    /// Their role.
    #[schemars(with = "String")]
    pub role: Str,
    /// Their e-mail address.
    #[schemars(with = "Option<String>")]
    pub email: Option<Str>,
    /// Their phone number, such as `+49 (0)331 288-0`.
    #[schemars(with = "Option<String>")]
    pub phone: Option<Str>,
}

fn date_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({ "type": "string", "format": "date" })
}

/// The JSON Schema of the data format, pretty-printed.
pub(crate) fn json_schema() -> String {
    // Draft 7: the newest draft that Taplo (Even Better TOML) and most editors understand.
    let schema = schemars::generate::SchemaSettings::draft07().into_generator().into_root_schema_for::<RawDocument>();
    serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
}

/// Reads a TOML table of strings keeping the file's order (a map type would sort or hash it).
fn ordered_map<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<(Str, Str)>, D::Error> {
    struct Ordered;
    impl<'de> Visitor<'de> for Ordered {
        type Value = Vec<(Str, Str)>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a table of footnotes, like `my-id = \"Footnote text\"`")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some(entry) = map.next_entry::<Str, Str>()? {
                out.push(entry);
            }
            Ok(out)
        }
    }
    d.deserialize_map(Ordered)
}
