//! Helpers shared by the integration tests. Each file in `tests/` is a crate of its own and
//! uses only some of them.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The Debian packages the tests' external tools come from: the same list as the README and
/// `.ci/run`.
pub const INSTALL: &str = "install them with: apt-get install texlive-latex-base \
texlive-latex-recommended texlive-fonts-recommended texlive-pictures lmodern poppler-utils \
libxml2-utils neovim";

/// A program found on `PATH`; the test fails (it does not skip) when it is missing.
pub fn tool(name: &str) -> PathBuf {
    std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .map(|d| d.join(name))
        .find(|c| c.is_file())
        .unwrap_or_else(|| panic!("`{name}` is not on PATH: the tests need it; {INSTALL}"))
}

/// The crate root: schemas, fixtures and the binary's working directory.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the `codebook` binary from the crate root.
pub fn codebook(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_codebook"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("the codebook binary runs")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

static NEXT: AtomicUsize = AtomicUsize::new(0);

/// A fresh, empty directory under cargo's temporary directory for tests, unique to this test
/// process and call.
pub fn temp_dir(name: &str) -> PathBuf {
    let n = NEXT.fetch_add(1, Ordering::SeqCst);
    let dir =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{}-{n}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    dir
}

/// The `.codebook` files in a directory of the crate, sorted.
pub fn codebooks_in(dir: &str) -> Vec<PathBuf> {
    let dir = root().join(dir);
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "codebook"))
        .collect();
    out.sort();
    out
}

/// Runs the binary and asserts that it exits 0; `context` names the case in the failure.
pub fn succeeds(context: &str, args: &[&str]) -> Output {
    let o = codebook(args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{context}: codebook {args:?}: {}",
        stderr(&o)
    );
    o
}
