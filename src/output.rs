//! Writing outputs without ever leaving a half-written or clobbered file.
//!
//! One rule for every command that writes (`build -o`, `import -o`, `fmt`):
//!
//! - A **regular file** (or a new one) is replaced atomically: the text goes to a temporary file
//!   in the same directory, is flushed to disk, takes the old file's permissions, and only
//!   then is renamed over it. A reader sees the old file or the new one, never a mix, and an
//!   interrupted run leaves the previous output as it was; an output that was `0600` stays so.
//! - A **symbolic link** is written through: the file it points to is replaced as above (the
//!   temporary file beside *that* file), and the link stays a link.
//! - A **device, FIFO or socket** (`/dev/stdout`, a named pipe) is written to directly, as a
//!   stream, never renamed over: it is not a file that could be half-written.
//! - A **directory** is refused, and so is the input file itself.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Why an output could not be written.
#[derive(Debug)]
pub enum OutputError {
    /// `-o` names the input file itself.
    WouldOverwriteInput(PathBuf),
    /// The directory to write into does not exist.
    NoDirectory(PathBuf),
    /// Writing, syncing or renaming failed: the output path and why.
    Io(PathBuf, std::io::Error),
}

impl std::fmt::Display for OutputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OutputError::WouldOverwriteInput(p) => {
                write!(
                    f,
                    "{}: refusing to write the output over the input file",
                    p.display()
                )
            }
            OutputError::NoDirectory(p) => {
                write!(f, "{}: the directory does not exist", p.display())
            }
            OutputError::Io(p, e) => write!(f, "{}: cannot write: {e}", p.display()),
        }
    }
}

/// True when both paths name the same existing file.
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// Write `bytes` to `target` by the rule above. `inputs` are files that must never be
/// overwritten.
pub fn write_atomic(target: &Path, bytes: &[u8], inputs: &[&Path]) -> Result<(), OutputError> {
    if inputs.iter().any(|i| same_file(i, target)) {
        return Err(OutputError::WouldOverwriteInput(target.to_path_buf()));
    }
    let io = |e| OutputError::Io(target.to_path_buf(), e);
    // Through a link to what it names (which may not exist yet: a dangling link's target is
    // created).
    let resolved = resolve_links(target).map_err(io)?;
    let existing = std::fs::metadata(&resolved).ok();
    if let Some(meta) = &existing {
        if meta.is_dir() {
            return Err(io(std::io::Error::other("is a directory")));
        }
        if !meta.is_file() {
            // A device, FIFO or socket: a stream, written as such.
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .open(&resolved)
                .map_err(io)?;
            return f.write_all(bytes).and_then(|()| f.flush()).map_err(io);
        }
    }
    let dir = match resolved.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(OutputError::NoDirectory(dir));
    }
    let file_name = resolved
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let tmp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        if let Some(meta) = &existing {
            std::fs::set_permissions(&tmp, meta.permissions())?;
        }
        std::fs::rename(&tmp, &resolved)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(io(e));
    }
    Ok(())
}

/// The path a chain of symbolic links ends at (`path` itself when it is no link); a link
/// whose target does not exist yet ends at that target. At most 40 links are followed.
fn resolve_links(path: &Path) -> std::io::Result<PathBuf> {
    let mut at = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => {
                let next = std::fs::read_link(&at)?;
                at = match at.parent() {
                    Some(dir) if next.is_relative() => dir.join(next),
                    _ => next,
                };
            }
            _ => return Ok(at),
        }
    }
    Err(std::io::Error::other("too many levels of symbolic links"))
}
