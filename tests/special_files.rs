//! Paths that are not plain regular files, as outputs and inputs (issue 15, points 1 and 2), and
//! a standard output whose reader has gone (point 9), and the input under another name, and
//! stale temporary files (point 11).
//!
//! Outputs follow one rule (`src/output.rs`), for `build -o`, `import -o` and `fmt` alike: a
//! symbolic link stays a link and the file it names is replaced, in that file's directory; a
//! FIFO (or device) is written as it is, never replaced by a file; an existing file keeps its
//! permission mode. Inputs are read up to the size limit whatever `metadata().len()` says (a
//! FIFO's is 0). Every node is made by the test in its own directory, never taken from `/dev`.

mod common;
use common::{codebook, root, stderr, temp_dir};

use std::io::Read as _;
use std::os::unix::fs::{FileTypeExt as _, PermissionsExt as _};
use std::path::Path;
use std::process::Command;
use std::sync::mpsc;
use std::time::Duration;

const TUTORIAL: &str = "schemas/tutorial.codebook";
const QDC: &str = "tests/fixtures/refi/braced_guid.qdc";

fn path(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 path")
}

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).expect("metadata").permissions().mode() & 0o7777
}

fn set_mode(p: &Path, mode: u32) {
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

fn is_link(p: &Path) -> bool {
    std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink())
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(dir)
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    out.sort();
    out
}

/// A FIFO made with the `mkfifo` command.
fn mkfifo(p: &Path) {
    let o = Command::new("mkfifo")
        .arg(p)
        .output()
        .expect("`mkfifo` runs (coreutils)");
    assert!(o.status.success(), "mkfifo {}: {o:?}", p.display());
    assert!(is_fifo(p));
}

fn is_fifo(p: &Path) -> bool {
    std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_fifo())
}

/// What `codebook ARGS` writes to standard output (it must succeed).
fn stdout_of(args: &[&str]) -> Vec<u8> {
    let o = codebook(args);
    assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
    o.stdout
}

// ----- outputs ----------------------------------------------------------------------------

#[test]
fn an_existing_output_keeps_its_mode() {
    let dir = temp_dir("mode");
    let json = stdout_of(&["build", TUTORIAL, "--to", "json"]);
    let out = dir.join("private.json");
    std::fs::write(&out, "previous output").expect("write");
    set_mode(&out, 0o600);
    let o = codebook(&["build", TUTORIAL, "--to", "json", "-o", path(&out)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(std::fs::read(&out).expect("read"), json);
    assert_eq!(mode(&out), 0o600, "build -o: the output's mode changed");

    let imported = stdout_of(&["import", QDC]);
    let out = dir.join("private.codebook");
    std::fs::write(&out, "previous output").expect("write");
    set_mode(&out, 0o640);
    let o = codebook(&["import", QDC, "-o", path(&out)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(std::fs::read(&out).expect("read"), imported);
    assert_eq!(mode(&out), 0o640, "import -o: the output's mode changed");

    // A new output gets the usual mode, whatever the last one had.
    let fresh = dir.join("fresh.json");
    let o = codebook(&["build", TUTORIAL, "--to", "json", "-o", path(&fresh)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_ne!(mode(&fresh) & 0o600, 0, "{:o}", mode(&fresh));
    assert_eq!(
        names(&dir),
        ["fresh.json", "private.codebook", "private.json"],
        "no temporary file left"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_output_through_symbolic_links_replaces_the_file_they_name() {
    let dir = temp_dir("links");
    let real = dir.join("real");
    std::fs::create_dir(&real).expect("mkdir");
    let json = stdout_of(&["build", TUTORIAL, "--to", "json"]);
    // chain.json -> link.json -> real/out.json (relative links), the file 0600.
    let target = real.join("out.json");
    std::fs::write(&target, "previous output").expect("write");
    set_mode(&target, 0o600);
    let link = dir.join("link.json");
    let chain = dir.join("chain.json");
    std::os::unix::fs::symlink("real/out.json", &link).expect("symlink");
    std::os::unix::fs::symlink("link.json", &chain).expect("symlink");
    let o = codebook(&["build", TUTORIAL, "--to", "json", "-o", path(&chain)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(is_link(&chain) && is_link(&link), "a link was replaced");
    assert_eq!(
        std::fs::read_link(&chain).expect("link"),
        Path::new("link.json")
    );
    assert_eq!(
        std::fs::read_link(&link).expect("link"),
        Path::new("real/out.json")
    );
    assert_eq!(std::fs::read(&target).expect("read"), json);
    assert_eq!(mode(&target), 0o600);

    // A link to nothing yet makes the file it names.
    let dangling = dir.join("dangling.codebook");
    std::os::unix::fs::symlink("real/new.codebook", &dangling).expect("symlink");
    let imported = stdout_of(&["import", QDC]);
    let o = codebook(&["import", QDC, "-o", path(&dangling)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(is_link(&dangling));
    assert_eq!(
        std::fs::read(real.join("new.codebook")).expect("read"),
        imported
    );

    // `fmt` writes through a link to the file, keeping its mode; the link stays.
    let messy = std::fs::read_to_string(root().join(TUTORIAL))
        .expect("read")
        .lines()
        .map(|l| format!("    {}\n\n", l.trim_start()))
        .collect::<String>();
    let file = real.join("study.codebook");
    std::fs::write(&file, &messy).expect("write");
    set_mode(&file, 0o600);
    let study = dir.join("study.codebook");
    std::os::unix::fs::symlink(&file, &study).expect("symlink");
    let o = codebook(&["fmt", path(&study)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(is_link(&study));
    let formatted = std::fs::read_to_string(&file).expect("read");
    assert_ne!(formatted, messy);
    assert_eq!(Some(formatted), codebook::format::format(&messy).ok());
    assert_eq!(mode(&file), 0o600);

    assert_eq!(
        names(&dir),
        [
            "chain.json",
            "dangling.codebook",
            "link.json",
            "real",
            "study.codebook"
        ]
    );
    assert_eq!(
        names(&real),
        ["new.codebook", "out.json", "study.codebook"],
        "no temporary file left"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Run `codebook ARGS` while a thread reads the FIFO `fifo`: what the reader got, and the
/// run's exit code. A run that replaced the FIFO leaves the reader waiting: that is reported,
/// never waited for.
fn read_fifo_while(fifo: &Path, args: &[&str]) -> (Vec<u8>, Option<i32>, String) {
    let (tx, rx) = mpsc::channel();
    let reading = fifo.to_path_buf();
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let got = std::fs::File::open(&reading).and_then(|mut f| f.read_to_end(&mut bytes));
        let _ = tx.send(got.map(|_| bytes));
    });
    // The run cannot wait forever: the reader above opens the FIFO whatever the run does.
    let o = codebook(args);
    let err = stderr(&o);
    let bytes = match rx.recv_timeout(Duration::from_secs(10)) {
        Ok(Ok(b)) => b,
        Ok(Err(e)) => panic!("codebook {args:?}: reading the FIFO failed: {e}"),
        Err(_) => panic!(
            "codebook {args:?} exited {:?} without writing to the FIFO (is it still one: {}); {err}",
            o.status.code(),
            is_fifo(fifo)
        ),
    };
    (bytes, o.status.code(), err)
}

#[test]
fn an_output_that_is_a_fifo_is_written_not_replaced() {
    let dir = temp_dir("fifo-out");
    let fifo = dir.join("out.fifo");
    mkfifo(&fifo);
    let json = stdout_of(&["build", TUTORIAL, "--to", "json"]);
    let (got, code, err) = read_fifo_while(
        &fifo,
        &["build", TUTORIAL, "--to", "json", "-o", path(&fifo)],
    );
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(got, json);
    assert!(is_fifo(&fifo), "build -o replaced the FIFO");

    // Through a link to it, from `import`.
    let link = dir.join("link");
    std::os::unix::fs::symlink("out.fifo", &link).expect("symlink");
    let imported = stdout_of(&["import", QDC]);
    let (got, code, err) = read_fifo_while(&fifo, &["import", QDC, "-o", path(&link)]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(got, imported);
    assert!(
        is_fifo(&fifo) && is_link(&link),
        "import -o replaced a node"
    );
    assert_eq!(names(&dir), ["link", "out.fifo"], "no temporary file left");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_output_that_is_a_directory_is_refused() {
    let dir = temp_dir("dir-out");
    let o = codebook(&["build", TUTORIAL, "--to", "json", "-o", path(&dir)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("is a directory"), "{}", stderr(&o));
    assert!(names(&dir).is_empty(), "{:?}", names(&dir));
    let _ = std::fs::remove_dir_all(&dir);
}

// ----- inputs -----------------------------------------------------------------------------

/// Feed `bytes` into the FIFO `fifo` on a thread, until its reader closes it; the thread
/// gives back how many bytes the FIFO took.
fn feed(fifo: &Path, bytes: impl Iterator<Item = Vec<u8>> + Send + 'static) -> FedBy {
    let feeding = fifo.to_path_buf();
    FedBy(std::thread::spawn(move || {
        use std::io::Write as _;
        let mut sent = 0u64;
        if let Ok(mut f) = std::fs::OpenOptions::new().write(true).open(&feeding) {
            for chunk in bytes {
                match f.write_all(&chunk) {
                    Ok(()) => sent += chunk.len() as u64,
                    // The reader closed it: what was not read stays unread.
                    Err(_) => break,
                }
            }
        }
        sent
    }))
}

struct FedBy(std::thread::JoinHandle<u64>);

impl FedBy {
    fn sent(self) -> u64 {
        self.0.join().expect("the feeding thread")
    }
}

/// Every command reads a FIFO (whose size is 0) to its end when it is small; a link to it too.
#[test]
fn a_fifo_is_read_as_an_input() {
    let dir = temp_dir("fifo-in");
    let fifo = dir.join("in.fifo");
    mkfifo(&fifo);
    let link = dir.join("link.codebook");
    std::os::unix::fs::symlink("in.fifo", &link).expect("symlink");
    let tutorial = std::fs::read(root().join(TUTORIAL)).expect("read");
    let json = stdout_of(&["build", TUTORIAL, "--to", "json"]);
    let stats = stdout_of(&["stats", TUTORIAL]);
    for (args, out) in [
        (vec!["check", path(&fifo)], None),
        (vec!["check", path(&link)], None),
        (vec!["fmt", "--check", path(&fifo)], None),
        (vec!["stats", path(&fifo)], Some(&stats)),
        (vec!["build", path(&fifo), "--to", "json"], Some(&json)),
    ] {
        let fed = feed(&fifo, std::iter::once(tutorial.clone()));
        let o = codebook(&args);
        assert_eq!(fed.sent(), tutorial.len() as u64, "{args:?}");
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        if let Some(out) = out {
            assert_eq!(&o.stdout, out, "{args:?}");
        }
    }
    // An import, of a codebook and of a project archive (read into memory, not seeked).
    let qdpx = dir.join("t.qdpx");
    let o = codebook(&["build", TUTORIAL, "--to", "refi-qdpx", "-o", path(&qdpx)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // What the same bytes give from a regular file of the same name.
    let regular = dir.join("regular");
    std::fs::create_dir(&regular).expect("mkdir");
    for file in [root().join(QDC), qdpx] {
        let bytes = std::fs::read(&file).expect("read");
        std::fs::write(regular.join("in.fifo"), &bytes).expect("write");
        let o = codebook(&["import", path(&regular.join("in.fifo"))]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let expected = o.stdout;
        let fed = feed(&fifo, std::iter::once(bytes.clone()));
        let o = codebook(&["import", path(&fifo)]);
        assert_eq!(fed.sent(), bytes.len() as u64);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}: {}",
            file.display(),
            stderr(&o)
        );
        assert_eq!(o.stdout, expected, "{}", file.display());
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A FIFO that gives more than 256 MiB (as `/dev/zero` would) is refused once it has, by
/// every command, and the rest is never read: the stress test of point 2. It moves 2.5 GiB
/// through pipes, so it is left out of `cargo test`; run it in release mode:
/// `cargo test --release --test special_files -- --ignored`.
#[test]
#[ignore]
fn a_fifo_without_end_is_refused_at_the_limit() {
    let dir = temp_dir("fifo-endless");
    let fifo = dir.join("endless.fifo");
    mkfifo(&fifo);
    let limit = codebook::syntax::MAX_FILE_BYTES as u64;
    let most = 1 << 30;
    // Comment lines, so that a reader without a bound would take all of it as a codebook.
    let chunk = b"# zero\n".repeat(1 << 16);
    let chunks = (most / chunk.len() as u64) as usize;
    for (args, code) in [
        (vec!["check", path(&fifo)], 1),
        (vec!["fmt", path(&fifo)], 1),
        (vec!["stats", path(&fifo)], 1),
        (vec!["build", path(&fifo), "--to", "json"], 1),
        (vec!["import", path(&fifo)], 1),
    ] {
        let fed = feed(&fifo, std::iter::repeat_n(chunk.clone(), chunks));
        let o = codebook(&args);
        let sent = fed.sent();
        assert_eq!(o.status.code(), Some(code), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("more than 268435456 bytes"),
            "{args:?}: {}",
            stderr(&o)
        );
        assert!(
            sent <= limit + 1 + (1 << 20),
            "{args:?}: the FIFO gave {sent} bytes"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

// ----- a closed pipe (issue 15, point 9) ------------------------------------------------------

/// `codebook ARGS` with standard output a pipe whose reader has already gone (as after
/// `| head -c1`), so its first write fails with `EPIPE`; and standard error a pipe too, or, with
/// `closed_stderr`, closed as well. The exit code and what was written to standard error.
fn with_closed_stdout(args: &[&str], closed_stderr: bool) -> (Option<i32>, String) {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    let mut command = Command::new(env!("CARGO_BIN_EXE_codebook"));
    command.args(args).current_dir(root()).stdout(writer);
    if closed_stderr {
        let (reader, writer) = std::io::pipe().expect("a pipe");
        drop(reader);
        command.stderr(writer);
    } else {
        command.stderr(std::process::Stdio::piped());
    }
    let o = command.output().expect("the codebook binary runs");
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    let dir = temp_dir("closed-pipe");
    let unformatted = dir.join("unformatted.codebook");
    let text = std::fs::read_to_string(root().join(TUTORIAL)).expect("tutorial");
    let changed = text.replace("  label: ", "  label:    ");
    assert_ne!(changed, text, "the tutorial has labels to misalign");
    std::fs::write(&unformatted, &changed).expect("write");
    let unformatted = path(&unformatted);
    let invalid = "tests/fixtures/invalid/unknown_reference.codebook";
    // Each command and the exit code it has with an open pipe: a closed one changes nothing
    // but the writing.
    let cases: &[(&[&str], i32)] = &[
        (&["build", TUTORIAL, "--to", "json"], 0),
        (&["build", TUTORIAL, "--to", "latex", "--standalone"], 0),
        (&["build", TUTORIAL, "--to", "svg"], 0),
        (
            &["build", invalid, "--to", "json", "--error-format", "json"],
            1,
        ),
        (&["check", invalid, "--error-format", "json"], 1),
        (&["check", TUTORIAL, "--error-format", "json"], 0),
        (&["stats", TUTORIAL], 0),
        (&["stats", TUTORIAL, "--format", "markdown"], 0),
        (&["stats", invalid, "--error-format", "json"], 1),
        (&["fmt", "--check", unformatted], 1),
        (&["fmt", "--diff", unformatted], 0),
        (&["import", QDC], 0),
        (&["explain"], 0),
    ];
    for (args, code) in cases {
        let (status, err) = with_closed_stdout(args, false);
        assert_eq!(status, Some(*code), "{args:?} with a closed pipe: {err}");
        assert!(
            !err.contains("panicked") && !err.contains("Broken pipe"),
            "{args:?} with a closed pipe says: {err}"
        );
        // With standard error closed as well (nobody left to tell), still no panic (101).
        let (status, _) = with_closed_stdout(args, true);
        assert_eq!(status, Some(*code), "{args:?} with both streams closed");
    }
    // Neither `fmt --diff` nor `fmt --check` rewrote the file.
    assert_eq!(
        std::fs::read_to_string(unformatted).expect("read"),
        changed,
        "the unformatted file is left alone"
    );
}

// ----- the input's other names; stale temporary files (issue 15, point 11) -------------------

/// A hard link to the input, or a symbolic link to it, is the input: `-o` onto it is refused
/// (exit 2) and the input is left as it was.
#[test]
fn a_hard_link_to_the_input_is_the_input() {
    let dir = temp_dir("hard-link");
    let input = dir.join("study.codebook");
    std::fs::copy(root().join(TUTORIAL), &input).expect("copy");
    let qdc = dir.join("codes.qdc");
    std::fs::copy(root().join(QDC), &qdc).expect("copy");
    let (hard, soft, hard_qdc) = (
        dir.join("hard.json"),
        dir.join("soft.json"),
        dir.join("h.cb"),
    );
    std::fs::hard_link(&input, &hard).expect("hard link");
    std::os::unix::fs::symlink("study.codebook", &soft).expect("symlink");
    std::fs::hard_link(&qdc, &hard_qdc).expect("hard link");
    let before = std::fs::read(&input).expect("read");
    let before_qdc = std::fs::read(&qdc).expect("read");
    for args in [
        vec!["build", path(&input), "--to", "json", "-o", path(&hard)],
        vec!["build", path(&input), "--to", "json", "-o", path(&soft)],
        vec!["import", path(&qdc), "-o", path(&hard_qdc)],
    ] {
        let o = codebook(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("refusing to write the output over the input file"),
            "{args:?}: {}",
            stderr(&o)
        );
    }
    assert_eq!(
        std::fs::read(&input).expect("read"),
        before,
        "the input is untouched"
    );
    assert_eq!(std::fs::read(&qdc).expect("read"), before_qdc);
    assert!(is_link(&soft));
}

/// A temporary file a crashed run left behind, under the name this run would have taken in
/// the old scheme (`.NAME.PID.tmp`), does not block the write, and is left alone. The run
/// waits on a FIFO input, so the test knows its process id before it writes.
#[test]
fn a_stale_temporary_file_never_blocks_a_write() {
    let dir = temp_dir("stale-tmp");
    let fifo = dir.join("in.fifo");
    mkfifo(&fifo);
    let out = dir.join("out.json");
    let tutorial = std::fs::read(root().join(TUTORIAL)).expect("read");
    let mut child = Command::new(env!("CARGO_BIN_EXE_codebook"))
        .args(["build", path(&fifo), "--to", "json", "-o", path(&out)])
        .current_dir(root())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the codebook binary runs");
    let stale = dir.join(format!(".out.json.{}.tmp", child.id()));
    std::fs::write(&stale, "left by a crashed run").expect("write");
    let fed = feed(&fifo, std::iter::once(tutorial.clone()));
    assert_eq!(fed.sent(), tutorial.len() as u64);
    let mut err = String::new();
    if let Some(mut e) = child.stderr.take() {
        e.read_to_string(&mut err).expect("stderr");
    }
    let status = child.wait().expect("it ends");
    assert_eq!(status.code(), Some(0), "{err}");
    assert_eq!(
        std::fs::read(&out).expect("the output"),
        stdout_of(&["build", TUTORIAL, "--to", "json"])
    );
    assert_eq!(
        std::fs::read_to_string(&stale).expect("the stale file is left alone"),
        "left by a crashed run"
    );
    // Nothing else is left behind.
    assert_eq!(
        names(&dir),
        [
            ".out.json.".to_string() + &child.id().to_string() + ".tmp",
            "in.fifo".into(),
            "out.json".into()
        ]
    );
}

/// A disk that fills up (here: a file size limit, `ulimit -f`, with `SIGXFSZ` ignored so that
/// the write fails as on a full disk or quota instead of killing the process) is an I/O error,
/// exit 2, naming the output; the existing output keeps its bytes and no temporary file is
/// left behind. A full device as the output or as standard output (`/dev/full`, written as it
/// is) is the same error.
#[test]
fn a_full_disk_is_an_io_error_and_loses_nothing() {
    let dir = temp_dir("full-disk");
    let out = dir.join("out.json");
    std::fs::write(&out, "the old output").expect("write");
    let schema = root().join("schemas/schmidt-2025-strategizing.codebook");
    let script = "trap '' XFSZ; ulimit -f 8; exec \"$0\" build \"$1\" --to json -o \"$2\"";
    let o = Command::new("sh")
        .args(["-c", script, env!("CARGO_BIN_EXE_codebook")])
        .arg(&schema)
        .arg(&out)
        .output()
        .expect("sh runs");
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains(path(&out)) && err.contains("cannot write"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(&out).expect("read"),
        "the old output"
    );
    assert_eq!(names(&dir), ["out.json"]);

    if Path::new("/dev/full").exists() {
        let o = codebook(&["build", TUTORIAL, "--to", "json", "-o", "/dev/full"]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(err.contains("/dev/full: cannot write"), "{err}");
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full opens");
        let o = Command::new(env!("CARGO_BIN_EXE_codebook"))
            .args(["build", TUTORIAL, "--to", "markdown"])
            .current_dir(root())
            .stdout(full)
            .output()
            .expect("the codebook binary runs");
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(err.contains("cannot write to standard output"), "{err}");
    }
}

/// Several runs writing one output at once (a build script run twice, an editor saving while
/// a pipeline runs) never mix their bytes: each replaces the file whole, so it ends as
/// exactly one run's output, and no temporary file is left behind.
#[test]
fn concurrent_writers_of_one_output_never_mix_their_bytes() {
    let dir = temp_dir("concurrent-writers");
    let out = dir.join("tables.json");
    let schemas = [
        "schemas/tutorial.codebook",
        "schemas/schmidt-2025-strategizing.codebook",
        "schemas/savage-2018-physician-leaders.codebook",
        "schemas/four-level.codebook",
    ];
    let whole: Vec<Vec<u8>> = schemas
        .iter()
        .map(|s| stdout_of(&["build", s, "--to", "json"]))
        .collect();
    for round in 0..3 {
        let children: Vec<_> = schemas
            .iter()
            .cycle()
            .take(8)
            .map(|s| {
                Command::new(env!("CARGO_BIN_EXE_codebook"))
                    .args(["build", s, "--to", "json", "-o", path(&out)])
                    .current_dir(root())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .expect("the codebook binary runs")
            })
            .collect();
        for c in children {
            let o = c.wait_with_output().expect("it ends");
            assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        }
        let got = std::fs::read(&out).expect("the output");
        assert!(
            whole.contains(&got),
            "round {round}: the output is no one run's whole output ({} bytes)",
            got.len()
        );
        assert_eq!(names(&dir), ["tables.json"], "round {round}");
    }
}
