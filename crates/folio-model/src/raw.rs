//! The data file exactly as TOML gives it: serde types with spans, no interpretation yet.
//!
//! Every table denies unknown fields, so a misspelt key is an error with a location instead of
//! silently dropped text.

use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
use toml::Spanned;

pub(crate) type Str = Spanned<String>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawDocument {
    pub template: Str,
    pub lang: Str,
    pub project: RawProject,
    pub deliverable: RawDeliverable,
    #[serde(default)]
    pub sections: Vec<RawSection>,
    #[serde(default, deserialize_with = "ordered_map")]
    pub footnotes: Vec<(Str, Str)>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawProject {
    pub name: Str,
    pub acronym: Str,
    pub start: Spanned<toml::value::Datetime>,
    pub duration_months: Spanned<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawDeliverable {
    pub number: Str,
    pub short_number: Option<Str>,
    pub title: Str,
    pub work_package: Str,
    pub lead: Str,
    pub validated_by: Str,
    pub contractual_delivery: Str,
    pub actual_delivery: Str,
    pub version: Str,
    #[serde(default)]
    pub keywords: Vec<Str>,
    #[serde(rename = "abstract")]
    pub abstract_: Str,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawSection {
    pub title: Str,
    pub text: Option<Str>,
    pub case_study: Option<RawCaseStudy>,
    #[serde(default)]
    pub sections: Vec<RawSection>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawCaseStudy {
    pub title: Str,
    pub partners: Str,
    pub sectors: Str,
    pub context: Str,
    pub cooperation_type: Str,
    pub cooperation: Option<Str>,
    pub objective: Str,
    pub policy_support: Str,
    pub results: Str,
    pub contact: RawContact,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawContact {
    pub name: Str,
    pub role: Str,
    pub email: Option<Str>,
    pub phone: Option<Str>,
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
