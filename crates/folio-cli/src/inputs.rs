//! Which data files a command works on, and reading them.
//!
//! A data file is read only if it is a regular file, and never more than
//! [`folio_model::limits::MAX_INPUT_BYTES`] of it, whatever its metadata says: `/dev/zero`, a
//! named pipe or a file growing while it is read gets a message, not a hang or an out-of-memory.

use std::fs::{File, FileType};
use std::io::Read;
use std::path::{Path, PathBuf};

use folio_model::{Diagnostic, SourceFile};

/// The data files named, or every `data/*.toml` in file-name order.
pub fn data_files(named: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    if !named.is_empty() {
        return Ok(named.to_vec());
    }
    let dir = Path::new("data");
    let entries = std::fs::read_dir(dir).map_err(|e| {
        format!("cannot list {}: {e} (run folio from the project folder, or name the data files)", dir.display())
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("no *.toml data files in {}", dir.display()));
    }
    Ok(files)
}

/// Why a data file was not read.
pub enum ReadError {
    /// The file system refused, or the path is not a data file at all: a usage or I/O problem
    /// (exit status 2). The message names the file.
    Io(String),
    /// The bytes are not UTF-8 text: a problem in the data (exit status 1), located.
    Encoding(Box<NotUtf8>),
}

/// A data file that is not UTF-8, and the diagnostic saying where.
pub struct NotUtf8 {
    /// The file decoded lossily, up to the end of the line with the first bad byte; the
    /// diagnostic's span points into it.
    pub file: SourceFile,
    /// The error, at the first byte that is not UTF-8.
    pub diagnostic: Diagnostic,
}

/// Reads a data file; its name in diagnostics is the path as given.
pub fn read(path: &Path) -> Result<SourceFile, ReadError> {
    let bytes = read_bytes(path).map_err(ReadError::Io)?;
    decode(&path.display().to_string(), bytes).map_err(ReadError::Encoding)
}

/// The bytes of a data file: a regular file of at most `MAX_INPUT_BYTES`.
fn read_bytes(path: &Path) -> Result<Vec<u8>, String> {
    let cannot = |e: std::io::Error| format!("cannot read {}: {e}", path.display());
    // Checked before opening: opening a named pipe blocks until someone writes to it.
    let metadata = std::fs::metadata(path).map_err(cannot)?;
    refuse_special(path, metadata.file_type())?;
    let file = File::open(path).map_err(cannot)?;
    // Checked again on what was opened, in case the path changed in between.
    let metadata = file.metadata().map_err(cannot)?;
    refuse_special(path, metadata.file_type())?;
    let max = folio_model::limits::MAX_INPUT_BYTES;
    if metadata.len() > max as u64 {
        return Err(too_large(&path.display().to_string()));
    }
    // The size seen above is only a hint (files in /proc say 0, files grow): never read more
    // than one byte past the limit, whatever it said.
    let hint = usize::try_from(metadata.len()).unwrap_or(max).min(max);
    let bytes = read_at_most(file, hint).map_err(cannot)?;
    bytes.ok_or_else(|| too_large(&path.display().to_string()))
}

/// Reads `reader` to its end if that is at most `MAX_INPUT_BYTES`; `None` if there is more.
/// Never reads more than one byte past the limit.
pub fn read_at_most(reader: impl Read, size_hint: usize) -> std::io::Result<Option<Vec<u8>>> {
    let max = folio_model::limits::MAX_INPUT_BYTES;
    let mut bytes = Vec::with_capacity(size_hint.min(max).saturating_add(1));
    reader.take(max as u64 + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() <= max).then_some(bytes))
}

/// The message for a data file over the limit.
pub fn too_large(name: &str) -> String {
    let max = folio_model::limits::MAX_INPUT_BYTES;
    let limit = if max.is_multiple_of(1 << 20) {
        format!("{} MiB", max >> 20)
    } else if max.is_multiple_of(1 << 10) {
        format!("{} KiB", max >> 10)
    } else {
        format!("{max} bytes")
    };
    format!("{name} is larger than {limit}, the largest data file folio reads")
}

/// Refuses anything that is not a regular file (symbolic links are followed), naming what it is.
fn refuse_special(path: &Path, kind: FileType) -> Result<(), String> {
    if kind.is_file() {
        return Ok(());
    }
    let what = describe(kind);
    Err(match what {
        Some(what) => format!("{} is {what}, not a data file", path.display()),
        None => format!("{} is not a regular file, so not a data file", path.display()),
    })
}

/// What a file that is not a regular file is, in words.
fn describe(kind: FileType) -> Option<&'static str> {
    if kind.is_dir() {
        return Some("a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if kind.is_char_device() {
            return Some("a character device");
        }
        if kind.is_block_device() {
            return Some("a block device");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
    }
    None
}

/// How many characters of the bad line, after the first bad byte, a diagnostic shows.
const SHOWN_AFTER_BAD_BYTE: usize = 160;

/// The bytes as text; if they are not UTF-8, an error at the first bad byte, with its line and
/// column counted on the valid text before it and that line shown decoded lossily.
pub fn decode(name: &str, bytes: Vec<u8>) -> Result<SourceFile, Box<NotUtf8>> {
    let error = match String::from_utf8(bytes) {
        Ok(text) => return Ok(SourceFile::new(name, text)),
        Err(e) => e,
    };
    let offset = error.utf8_error().valid_up_to();
    let bytes = error.into_bytes();
    let bad = bytes.get(offset).copied().unwrap_or_default();
    let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    // The valid prefix is decoded as it is; the rest of its line lossily (each bad sequence
    // becomes U+FFFD), shortened, so a binary file does not flood the terminal.
    let (valid, rest) = bytes.split_at(offset);
    let rest_of_line = rest.split(|&b| b == b'\n').next().unwrap_or_default();
    let mut text = String::from_utf8_lossy(valid).into_owned();
    text.extend(String::from_utf8_lossy(rest_of_line).chars().take(SHOWN_AFTER_BAD_BYTE));
    let file = SourceFile::new(name, text);
    let (line, column) = file.line_col(offset);
    let help = if utf16 {
        "re-save the file as UTF-8 (it is saved as UTF-16, which some editors call \"Unicode\")"
    } else {
        "re-save the file as UTF-8 (a Latin-1 or Windows-1252 character such as é pasted from an old document?)"
    };
    let diagnostic = Diagnostic::error(
        "encoding",
        name,
        offset..offset + char::REPLACEMENT_CHARACTER.len_utf8(),
        format!("the file is not UTF-8 text: byte 0x{bad:02X} at {name}:{line}:{column} cannot be read as UTF-8"),
    )
    .with_span_label("not UTF-8")
    .with_help(help);
    Err(Box::new(NotUtf8 { file, diagnostic }))
}
