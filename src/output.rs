//! Writing outputs without ever leaving a half-written or clobbered file.
//!
//! The text goes to a temporary file beside the target, is flushed to disk, and only then
//! renamed over the target: a reader sees the old file or the new one, never a mix, and an
//! interrupted run leaves the previous output as it was.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Why an output could not be written.
#[derive(Debug)]
pub enum OutputError {
    /// `-o` names the input file itself.
    WouldOverwriteInput(PathBuf),
    /// The directory to write into does not exist.
    NoDirectory(PathBuf),
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

/// Replace `target` with `bytes` atomically. `inputs` are files that must never be overwritten.
pub fn write_atomic(target: &Path, bytes: &[u8], inputs: &[&Path]) -> Result<(), OutputError> {
    if inputs.iter().any(|i| same_file(i, target)) {
        return Err(OutputError::WouldOverwriteInput(target.to_path_buf()));
    }
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(OutputError::NoDirectory(dir));
    }
    let io = |e| OutputError::Io(target.to_path_buf(), e);
    let file_name = target
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
        std::fs::rename(&tmp, target)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(io(e));
    }
    Ok(())
}
