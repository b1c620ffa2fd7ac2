//! Build script: only to tell builds apart in `codebook --version`. It adds the commit the
//! binary's source was checked out at (`codebook 0.1.0 (4af742a)`), so a report or a stale
//! binary on the PATH can be told from the current one. Outside a git checkout (a source archive) the version is the package's alone. No
//! output the compiler writes depends on it.

use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    if !out.status.success() {
        return None;
    }
    Some(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn main() {
    let version = env!("CARGO_PKG_VERSION");
    let long = match git(&["rev-parse", "--short=7", "HEAD"]) {
        Some(commit) if !commit.is_empty() => format!("{version} ({commit})"),
        _ => version.to_string(),
    };
    println!("cargo:rustc-env=CODEBOOK_LONG_VERSION={long}");
    // Run again when the commit changes: HEAD moves to another branch, or the branch moves.
    if let Some(p) = git(&["rev-parse", "--git-path", "HEAD"]) {
        println!("cargo:rerun-if-changed={p}");
    }
    if let Some(head) = git(&["symbolic-ref", "-q", "HEAD"])
        && let Some(p) = git(&["rev-parse", "--git-path", &head])
    {
        println!("cargo:rerun-if-changed={p}");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
