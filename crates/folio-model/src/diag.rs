//! Diagnostics: problems found in the data, located in its source file.

use crate::source::Span;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The document can still be built, but something looks wrong.
    Warning,
    /// The document cannot be built until this is fixed.
    Error,
}

/// A secondary location that helps explain a diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// Where, in the same file as the diagnostic.
    pub span: Span,
    /// What is there.
    pub message: String,
}

/// One problem found in an input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A stable short name, such as `unknown-footnote`, for tools and documentation.
    pub code: &'static str,
    /// What is wrong, in the author's terms.
    pub message: String,
    /// The name of the file the spans point into (as in [`crate::SourceFile::name`]).
    pub file: String,
    /// The exact characters at fault.
    pub span: Span,
    /// What the primary span is, shown under the carets (may be empty).
    pub span_label: String,
    /// Further locations that explain the problem.
    pub labels: Vec<Label>,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error at `span` in `file`.
    pub fn error(code: &'static str, file: &str, span: Span, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            code,
            message: message.into(),
            file: file.to_owned(),
            span,
            span_label: String::new(),
            labels: Vec::new(),
            help: None,
        }
    }

    /// A warning at `span` in `file`.
    pub fn warning(code: &'static str, file: &str, span: Span, message: impl Into<String>) -> Self {
        Self { severity: Severity::Warning, ..Self::error(code, file, span, message) }
    }

    /// Sets the text shown under the carets.
    pub fn with_span_label(mut self, label: impl Into<String>) -> Self {
        self.span_label = label.into();
        self
    }

    /// Adds a secondary location.
    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label { span, message: message.into() });
        self
    }

    /// Sets the suggested fix.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Whether this diagnostic stops a build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}
