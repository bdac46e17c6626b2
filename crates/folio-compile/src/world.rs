//! The sandboxed [`World`] a document is compiled in.
//!
//! The virtual project root holds exactly two things:
//! - the generated main file (in memory, never read from disk);
//! - `/data/…`, the folder of the data file (its images).
//!
//! The template is the one package that can be imported, as `@local/<name>:<version>`, from its
//! folder. Every other path and package is refused. Paths that resolve (through `..` or
//! symlinks) outside their folder are refused too. Fonts are the template fonts and Typst's
//! embedded ones; `today()` is the deliverable's date. Nothing depends on the host machine.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use typst::diag::{FileError, FileResult, PackageError};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use crate::fonts::Fonts;

/// The largest file a template or a figure may read: 20 MiB.
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;

/// A folder of the host made readable under a virtual prefix.
#[derive(Debug, Clone)]
struct Mount {
    /// Virtual prefix without trailing slash, such as `/templates/eccp`.
    prefix: String,
    /// The canonical host folder.
    dir: PathBuf,
}

/// A sandboxed world holding one generated main file.
pub struct SandboxWorld {
    library: LazyHash<Library>,
    fonts: Arc<Fonts>,
    main: Source,
    mounts: Vec<Mount>,
    /// Local packages, `name:version`, and their folders.
    packages: Vec<(String, PathBuf)>,
    today: Option<Datetime>,
    /// Files are read once per compilation, so one compile sees one consistent state.
    files: Mutex<HashMap<FileId, FileResult<Bytes>>>,
}

impl SandboxWorld {
    /// A world whose main file is `main_path` (virtual) with text `main`.
    ///
    /// `mounts` pairs virtual prefixes (like `/templates/eccp`) with host folders; folders that
    /// do not exist are simply not mounted.
    pub fn new(
        fonts: Arc<Fonts>,
        main_path: &str,
        main: String,
        mounts: &[(&str, &Path)],
        today: Option<Datetime>,
    ) -> Result<Self, String> {
        let vpath = VirtualPath::new(main_path).map_err(|e| format!("bad main path {main_path}: {e:?}"))?;
        let id = RootedPath::new(VirtualRoot::Project, vpath).intern();
        let mounts = mounts
            .iter()
            .filter_map(|(prefix, dir)| {
                let dir = dir.canonicalize().ok()?;
                Some(Mount { prefix: prefix.trim_end_matches('/').to_owned(), dir })
            })
            .collect();
        Ok(Self {
            // `a11y-extras`: `pdf.header-cell`, so that templates can mark row headers (a
            // case study's label column) for PDF/UA.
            library: LazyHash::new(
                Library::builder().with_features([typst::Feature::A11yExtras].into_iter().collect()).build(),
            ),
            fonts,
            main: Source::new(id, main),
            mounts,
            packages: Vec::new(),
            today,
            files: Mutex::new(HashMap::new()),
        })
    }

    /// The text of a file the compilation may have read (for rendering diagnostics).
    pub fn text_of(&self, id: FileId) -> Option<String> {
        if id == self.main.id() {
            return Some(self.main.text().to_owned());
        }
        let bytes = self.file(id).ok()?;
        std::str::from_utf8(&bytes).ok().map(str::to_owned)
    }

    /// A readable name for a file id: its virtual path.
    pub fn name_of(id: FileId) -> String {
        let rooted = id.get();
        match rooted.root() {
            VirtualRoot::Project => rooted.vpath().get_with_slash().trim_start_matches('/').to_owned(),
            // A template, named by its folder, where its author edits it.
            VirtualRoot::Package(spec) if spec.namespace == "local" => {
                format!("templates/{}{}", spec.name, rooted.vpath().get_with_slash())
            }
            VirtualRoot::Package(spec) => format!("{spec}{}", rooted.vpath().get_with_slash()),
        }
    }

    /// Mounts local packages: `@local/<name>:<version>` is read from the folder given for
    /// `(name, version)` (a template's folder), as the stock CLI reads it from its package path.
    /// No other package can be imported.
    pub fn with_packages(mut self, packages: &[(&str, &str, &Path)]) -> Self {
        self.packages = packages
            .iter()
            .filter_map(|(name, version, dir)| Some((format!("{name}:{version}"), dir.canonicalize().ok()?)))
            .collect();
        self
    }

    fn load(&self, id: FileId) -> FileResult<Bytes> {
        let rooted = id.get();
        let vpath = rooted.vpath();
        let virtual_path = vpath.get_with_slash();
        let not_found = || FileError::NotFound(PathBuf::from(virtual_path));
        let (dir, rest) = match rooted.root() {
            VirtualRoot::Package(spec) => {
                let wanted = format!("{}:{}", spec.name, spec.version);
                let found = self.packages.iter().find(|(p, _)| spec.namespace == "local" && *p == wanted);
                let Some((_, dir)) = found else {
                    return Err(FileError::Package(PackageError::Other(Some(
                        format!(
                            "cannot import {spec}: folio compiles offline, and imports only its templates, as @local packages"
                        )
                        .into(),
                    ))));
                };
                (dir, virtual_path)
            }
            VirtualRoot::Project => {
                let mount = self
                    .mounts
                    .iter()
                    .find(|m| virtual_path.strip_prefix(m.prefix.as_str()).is_some_and(|rest| rest.starts_with('/')))
                    .ok_or_else(not_found)?;
                (&mount.dir, &virtual_path[mount.prefix.len()..])
            }
        };
        let rel = VirtualPath::new(rest).map_err(|_| FileError::AccessDenied)?;
        let host = rel.realize(dir).map_err(|_| FileError::AccessDenied)?;
        // Canonicalising resolves symlinks, so a link pointing outside the folder is caught here.
        let real = host.canonicalize().map_err(|_| not_found())?;
        if !real.starts_with(dir) {
            return Err(FileError::AccessDenied);
        }
        let meta = std::fs::metadata(&real).map_err(|_| not_found())?;
        if meta.is_dir() {
            return Err(FileError::IsDirectory);
        }
        // Only regular files, and not huge ones: a FIFO would hang the build, a device never end.
        if !meta.is_file() {
            return Err(FileError::Other(Some("not a regular file".into())));
        }
        if meta.len() > MAX_FILE_BYTES {
            return Err(FileError::Other(Some(
                format!(
                    "the file is {} MiB; folio reads files of up to {} MiB",
                    meta.len() >> 20,
                    MAX_FILE_BYTES >> 20
                )
                .into(),
            )));
        }
        let file = std::fs::File::open(&real).map_err(|_| not_found())?;
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::Read::take(file, MAX_FILE_BYTES + 1), &mut bytes)
            .map_err(|_| not_found())?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(FileError::Other(Some("the file grew past the size limit while it was read".into())));
        }
        Ok(Bytes::new(bytes))
    }
}

impl World for SandboxWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            return Ok(self.main.clone());
        }
        let bytes = self.file(id)?;
        let text = std::str::from_utf8(&bytes).map_err(|_| FileError::InvalidUtf8)?;
        Ok(Source::new(id, text.to_owned()))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            return Ok(Bytes::new(self.main.text().as_bytes().to_vec()));
        }
        let mut files = self.files.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        files.entry(id).or_insert_with(|| self.load(id)).clone()
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.font(index)
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        self.today
    }
}
