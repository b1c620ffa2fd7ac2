//! Writing outputs without ever leaving a half-written or clobbered file.
//!
//! Every output goes through [`write_atomic`] or its two forms that write as the output is
//! made ([`write_atomic_with`]: `build --to json -o`; [`write_atomic_if`], which may leave the
//! target alone at the end: `fmt` rewriting its files): `build -o`, `import -o` and `fmt`. One
//! rule, by what the output's path names:
//!
//! - **Nothing yet, or a regular file**: the bytes go to a temporary file beside the target
//!   (a new file under a random name, `.NAME.RANDOM.tmp`, so a stale one a crashed run left
//!   behind never blocks a write), are flushed to disk, and only then is it renamed over the target: a reader sees the old
//!   file or the new one, never a mix, and an interrupted run leaves the previous output as it
//!   was. An existing file keeps its permission mode (an output made `0600` stays `0600`); a
//!   new one gets the usual mode (`0666` less the umask). Ownership is the writer's, as for any
//!   new file. (On a file system that holds no modes, the mode is left as it comes.)
//! - **A symbolic link** (or a chain of them) is followed to the file it names, which is then
//!   replaced as above, in *that* file's directory: the link stays a link and points at the new
//!   file. A link to nothing makes the file it names, as the shell's `>` does.
//! - **A device node, a FIFO or a socket** (anything neither a regular file nor a directory)
//!   is written directly, with no temporary file and no rename: `-o /dev/null` discards the
//!   output and `-o fifo` feeds the program reading the FIFO; the node itself is never
//!   replaced. Opening a FIFO waits for its reader, as the shell's `>` does.
//! - **A directory** is refused.
//!
//! An output is never written over an input: a path that names the input's file (the same
//! device and inode: the input itself, a hard link to it, a symbolic link to it) is refused.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Why an output could not be written.
#[derive(Debug)]
pub enum OutputError {
    /// `-o` names the input file itself.
    WouldOverwriteInput(PathBuf),
    /// The directory to write into does not exist.
    NoDirectory(PathBuf),
    /// `-o` names a directory.
    IsDirectory(PathBuf),
    /// Writing failed (the path, and why).
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
            OutputError::IsDirectory(p) => {
                write!(f, "{}: is a directory; name a file to write", p.display())
            }
            OutputError::Io(p, e) => write!(f, "{}: cannot write: {e}", p.display()),
        }
    }
}

/// True when both paths name the same existing file: the same device and inode on Unix, so a
/// hard link or a symbolic link to a file is that file; elsewhere, the same canonical path.
pub fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        match (std::fs::metadata(a), std::fs::metadata(b)) {
            (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// How many temporary names are tried before giving up (each is new and random, so only a
/// directory full of other writers' files could use them all).
const TEMPORARY_TRIES: usize = 64;

/// A random number for a temporary file's name, from the standard library's hasher keys
/// (random per process) mixed with the time, the process and a counter: two writers, or a
/// stale file a crashed one left behind, never hold a name for long.
fn random() -> u64 {
    use std::hash::{BuildHasher as _, Hasher as _};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNT: AtomicU64 = AtomicU64::new(0);
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(COUNT.fetch_add(1, Ordering::Relaxed));
    h.write_u32(std::process::id());
    if let Ok(t) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        h.write_u128(t.as_nanos());
    }
    h.finish()
}

/// A new temporary file in `dir` for `file_name`, made with `create_new` (it never opens a
/// file that is there already: another writer's, or a stale one), under a random name, tried
/// again under another when the name is taken.
fn temporary(dir: &Path, file_name: &str) -> std::io::Result<(PathBuf, std::fs::File)> {
    let mut last = None;
    for _ in 0..TEMPORARY_TRIES {
        let tmp = dir.join(format!(".{file_name}.{:016x}.tmp", random()));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::other("no temporary name is free")))
}

/// The most symbolic links followed from one output path (Linux's own limit).
const MAX_LINKS: usize = 40;

/// Write `bytes` to `target` by the rule in the [module documentation](self). `inputs` are
/// files that must never be overwritten.
pub fn write_atomic(target: &Path, bytes: &[u8], inputs: &[&Path]) -> Result<(), OutputError> {
    write_atomic_with(target, inputs, |w| w.write_all(bytes))
}

/// [`write_atomic`], with the bytes written by `write` as they are made (through a buffer), so
/// that a large output need not be held whole.
pub fn write_atomic_with(
    target: &Path,
    inputs: &[&Path],
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), OutputError> {
    match place(target, inputs)? {
        Place::Node(path) => write_in_place(&path, write).map_err(|e| io(target, e)),
        Place::File(path, permissions) => {
            replace(target, &path, |w| write(w).map(|()| true), permissions).map(drop)
        }
    }
}

/// [`write_atomic_with`] for an output that may turn out not to be wanted: `write` says, once
/// it has written, whether to keep what it wrote (`Ok(true)`) or to leave `target` as it was
/// (`Ok(false)`, also returned). The temporary file is made when the first byte is written, so
/// an output that writes nothing and is not kept touches nothing: `codebook fmt` writes a
/// file's formatted text from its first change on, and leaves a formatted file, or one with a
/// syntax error, alone (even in a directory it may not write to). A device node or FIFO, which
/// cannot take bytes back, gets them only once they are kept (they are held until then).
pub fn write_atomic_if(
    target: &Path,
    inputs: &[&Path],
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<bool>,
) -> Result<bool, OutputError> {
    match place(target, inputs)? {
        Place::Node(path) => {
            let mut held = Vec::new();
            let keep = write(&mut held).map_err(|e| io(target, e))?;
            if keep {
                write_in_place(&path, |w| w.write_all(&held)).map_err(|e| io(target, e))?;
            }
            Ok(keep)
        }
        Place::File(path, permissions) => replace(target, &path, write, permissions),
    }
}

/// Where an output goes, by what its path names (see the [module documentation](self)).
enum Place {
    /// A device node or FIFO, written as it is.
    Node(PathBuf),
    /// A regular file (the links to it followed), or nothing yet: replaced through a temporary
    /// file, keeping the permissions of the file it replaces.
    File(PathBuf, Option<std::fs::Permissions>),
}

fn io(target: &Path, e: std::io::Error) -> OutputError {
    OutputError::Io(target.to_path_buf(), e)
}

/// Where `target` is written, or why it is not.
fn place(target: &Path, inputs: &[&Path]) -> Result<Place, OutputError> {
    if inputs.iter().any(|i| same_file(i, target)) {
        return Err(OutputError::WouldOverwriteInput(target.to_path_buf()));
    }
    let path = follow_links(target).map_err(|e| io(target, e))?;
    match std::fs::metadata(&path) {
        Ok(meta) if meta.is_dir() => Err(OutputError::IsDirectory(target.to_path_buf())),
        Ok(meta) if !meta.is_file() => Ok(Place::Node(path)),
        Ok(meta) => Ok(Place::File(path, Some(meta.permissions()))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Place::File(path, None)),
        Err(e) => Err(io(target, e)),
    }
}

/// The path a chain of symbolic links ends at (`path` itself when it is no link). A link's
/// relative target is read from the link's own directory.
fn follow_links(path: &Path) -> std::io::Result<PathBuf> {
    let mut at = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match std::fs::symlink_metadata(&at) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let to = std::fs::read_link(&at)?;
                // `join` keeps an absolute target as it is.
                at = match at.parent() {
                    Some(dir) => dir.join(to),
                    None => to,
                };
            }
            _ => return Ok(at),
        }
    }
    Err(std::io::Error::other(format!(
        "more than {MAX_LINKS} symbolic links in a row"
    )))
}

/// Write to a device node or FIFO as it is: no temporary file, nothing renamed.
fn write_in_place(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let f = std::fs::OpenOptions::new().write(true).open(path)?;
    let mut w = std::io::BufWriter::new(f);
    write(&mut w)?;
    w.flush()
}

/// Replace the regular file `path` (or make it) through a temporary file beside it, with
/// `permissions` if given, when `write` keeps what it wrote; the temporary file is made at the
/// first byte written (or when an output of no bytes is kept). `target` is the path as given,
/// for messages.
fn replace(
    target: &Path,
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<bool>,
    permissions: Option<std::fs::Permissions>,
) -> Result<bool, OutputError> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(OutputError::NoDirectory(dir));
    }
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let mut w = std::io::BufWriter::new(Temporary {
        dir: &dir,
        file_name: &file_name,
        permissions,
        made: None,
    });
    let result = (|| {
        if !write(&mut w)? {
            return Ok(false);
        }
        w.flush()?;
        w.get_mut().file()?.sync_all()?;
        if let Some((tmp, _)) = &w.get_ref().made {
            std::fs::rename(tmp, path)?;
        }
        Ok(true)
    })();
    // Dropped (closed) before it is removed; a kept file has been renamed already.
    let made = w.into_parts().0.made.map(|(tmp, _)| tmp);
    match result {
        Ok(kept) => {
            if !kept && let Some(tmp) = made {
                let _ = std::fs::remove_file(tmp);
            }
            Ok(kept)
        }
        Err(e) => {
            if let Some(tmp) = made {
                let _ = std::fs::remove_file(tmp);
            }
            Err(io(target, e))
        }
    }
}

/// The temporary file an output is written to, made when it is first needed.
struct Temporary<'a> {
    dir: &'a Path,
    file_name: &'a str,
    permissions: Option<std::fs::Permissions>,
    made: Option<(PathBuf, std::fs::File)>,
}

impl Temporary<'_> {
    /// The file, made now if it is not yet.
    fn file(&mut self) -> std::io::Result<&mut std::fs::File> {
        let made = match self.made.take() {
            Some(made) => made,
            None => {
                let (tmp, f) = temporary(self.dir, self.file_name)?;
                if let Some(p) = self.permissions.take() {
                    // Before any byte is written, so a private file's text is never readable
                    // by others; a file system that holds no modes refuses, and the write goes
                    // on.
                    let _ = f.set_permissions(p);
                }
                (tmp, f)
            }
        };
        Ok(&mut self.made.insert(made).1)
    }
}

impl Write for Temporary<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file()?.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.made {
            Some((_, f)) => f.flush(),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("codebook-output-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).expect("a temporary directory");
        d
    }

    fn names(d: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(d)
            .expect("readable")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn an_output_not_kept_leaves_the_file_as_it_was() {
        let d = dir("if");
        let file = d.join("a.txt");
        std::fs::write(&file, "old").expect("write");
        // Written and not kept: the temporary file is gone, the file unchanged.
        let kept = write_atomic_if(&file, &[], |w| w.write_all(b"new").map(|()| false));
        assert!(matches!(kept, Ok(false)));
        assert_eq!(std::fs::read_to_string(&file).ok().as_deref(), Some("old"));
        assert_eq!(names(&d), ["a.txt"]);
        // A failed write: the same.
        let failed = write_atomic_if(&file, &[], |w| {
            w.write_all(&[b'x'; 20_000])?;
            Err(std::io::Error::other("no"))
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read_to_string(&file).ok().as_deref(), Some("old"));
        assert_eq!(names(&d), ["a.txt"]);
        // Nothing written, nothing kept: no file is made.
        let new = d.join("b.txt");
        assert!(matches!(
            write_atomic_if(&new, &[], |_| Ok(false)),
            Ok(false)
        ));
        assert_eq!(names(&d), ["a.txt"]);
        // Kept: replaced; an output of no bytes kept makes an empty file.
        assert!(matches!(
            write_atomic_if(&file, &[], |w| w.write_all(b"new").map(|()| true)),
            Ok(true)
        ));
        assert_eq!(std::fs::read_to_string(&file).ok().as_deref(), Some("new"));
        assert!(matches!(write_atomic_if(&new, &[], |_| Ok(true)), Ok(true)));
        assert_eq!(std::fs::read_to_string(&new).ok().as_deref(), Some(""));
        assert_eq!(names(&d), ["a.txt", "b.txt"]);
        let _ = std::fs::remove_dir_all(&d);
    }
}
