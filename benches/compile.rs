//! `cargo bench`: how fast `codebook` compiles synthetic codebooks of 1k, 10k and 100k quotes.
//!
//! The release binary as a process (`check`, `build --to json`, `build --to latex`) with wall
//! time and peak resident memory (from `wait4`); `check` beside a process that reads the same
//! codebook's JSON with `serde_json` (this benchmark, run as `compile --serde-json FILE`); then
//! in-process stage timings (parse, lower + check, validate, compile, JSON rendering) beside
//! `serde_json` parsing the tool's own JSON output into a `Value`, the reference for what
//! reading this much structured text costs.
//!
//! `cargo bench -- --quick` runs only 1k and 10k. Results go to stdout as a Markdown table;
//! docs/performance.md records a run.

use codebook::syntax::ast::{Atom, Statement, Value};
use codebook::synth::{Spec, Style, generate, generate_styled};
use serde_json::{Map, Value as Json};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let start = Instant::now();
        let out = f();
        times.push(start.elapsed());
        last = Some(out);
    }
    (median(times), last.expect("at least one run"))
}

fn mb_per_s(bytes: usize, d: Duration) -> f64 {
    bytes as f64 / 1_000_000.0 / d.as_secs_f64()
}

/// Run the binary from a fresh, small copy of this benchmark and read back its wall time and
/// peak RSS. Linux counts the memory a child shares with its parent before `exec` in the child's
/// peak, so the parent must be small: this process has grown by then, a fresh copy has not.
fn process(args: &[&str]) -> Option<(Duration, u64)> {
    let me = std::env::current_exe().ok()?;
    let out = Command::new(me)
        .arg("--child-rss")
        .args(args)
        .stderr(Stdio::null())
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let mut parts = text.split_whitespace();
    let nanos: u64 = parts.next()?.parse().ok()?;
    let rss: u64 = parts.next()?.parse().ok()?;
    Some((Duration::from_nanos(nanos), rss))
}

/// The script `node` runs for `--node FILE`: read the file and `JSON.parse` it, nothing more.
const NODE_READ: &str = "const v = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8')); if (v === null) process.exit(1);";

/// In the fresh copy: run the binary (or, for `--serde-json FILE`, this benchmark reading a
/// JSON file with `serde_json`; for `--node FILE`, Node.js parsing it), print
/// `nanoseconds peak-RSS-KiB`.
fn measure_child(args: &[String]) -> Option<(Duration, u64)> {
    let (program, args): (PathBuf, Vec<String>) = match args.first().map(String::as_str) {
        Some("--serde-json") => (std::env::current_exe().ok()?, args.to_vec()),
        // Node.js reading the file into a value: what any JavaScript validator does first.
        Some("--node") => {
            let mut a = vec!["-e".to_string(), NODE_READ.to_string()];
            a.extend(args[1..].iter().cloned());
            (PathBuf::from("node"), a)
        }
        _ => (PathBuf::from(env!("CARGO_BIN_EXE_codebook")), args.to_vec()),
    };
    let args = &args[..];
    let start = Instant::now();
    let child = Command::new(program)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: rusage is plain data, zero is a valid value; wait4 reaps the child we spawned.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = start.elapsed();
    std::mem::forget(child);
    // `fmt --check` says 1 when it would rewrite the file, which a generated file may need.
    let fmt = args.first().is_some_and(|a| a == "fmt");
    let code = libc::WEXITSTATUS(status);
    let ok = r == pid && libc::WIFEXITED(status) && (code == 0 || fmt && code == 1);
    ok.then_some((wall, usage.ru_maxrss as u64))
}

/// A value as JSON: a string's text, or what is written for any other atom (a value of several
/// atoms, such as `12 pages`, is their texts joined by a space).
fn value_json(v: &Value, source: &str) -> Json {
    let atom = |a: &Atom| match a {
        Atom::Str(s) => s.value.clone(),
        other => source
            .get(other_span(other))
            .unwrap_or_default()
            .to_string(),
    };
    match v.atoms.as_slice() {
        [one] => Json::String(atom(one)),
        atoms => Json::String(atoms.iter().map(atom).collect::<Vec<_>>().join(" ")),
    }
}

fn other_span(a: &Atom) -> std::ops::Range<usize> {
    match a {
        Atom::Str(s) => s.span.clone(),
        Atom::Number { span, .. } | Atom::Range(_, _, span) => span.clone(),
        Atom::Date(d) => d.span.clone(),
        Atom::Word(w) => w.span.clone(),
    }
}

/// A statement as JSON, the way a study would be written as JSON by hand: a declaration is an
/// object with its kind, name, label and values, its properties as members (one value as a
/// string, several as an array) and its declarations under `items`.
fn statement_json(s: &Statement, source: &str) -> Json {
    let mut o = Map::new();
    match s {
        Statement::Node(n) => {
            o.insert("kind".into(), Json::String(n.kind.name.to_string()));
            if let Some(name) = &n.name {
                o.insert("id".into(), Json::String(name.name.to_string()));
            }
            if let Some(label) = &n.label {
                o.insert("label".into(), Json::String(label.value.clone()));
            }
            if !n.values.is_empty() {
                let vs = n.values.iter().map(|v| value_json(v, source)).collect();
                o.insert("values".into(), Json::Array(vs));
            }
            let mut items = Vec::new();
            for c in n.children() {
                match c {
                    Statement::Property(p) => {
                        let key = p.key.iter().map(|k| k.name.as_str()).collect::<Vec<_>>();
                        let mut vs: Vec<Json> =
                            p.values.iter().map(|v| value_json(v, source)).collect();
                        let v = if vs.len() == 1 {
                            vs.remove(0)
                        } else {
                            Json::Array(vs)
                        };
                        o.insert(key.join(" "), v);
                    }
                    other => items.push(statement_json(other, source)),
                }
            }
            if !items.is_empty() {
                o.insert("items".into(), Json::Array(items));
            }
        }
        other => {
            let text = source.get(other.span()).unwrap_or_default();
            o.insert("statement".into(), Json::String(text.to_string()));
        }
    }
    Json::Object(o)
}

/// The same content as a codebook, as a JSON document of about its size (one statement per
/// line): the fair reference for what reading this much structured text costs.
fn same_content_json(source: &str) -> String {
    let doc = codebook::syntax::parse(source).expect("synthetic parses");
    let mut out = String::from("[\n");
    for (i, s) in doc.statements.iter().enumerate() {
        if i > 0 {
            out.push_str(",\n");
        }
        out.push_str(&statement_json(s, source).to_string());
    }
    out.push_str("\n]\n");
    out
}

/// The held-out style of issue 20 (`Style::held_out`, 22 % of the quotes written inside their
/// concept's block, and the same with every quote written there): `check`, `fmt --check` and
/// `build --to json` (to a file and to standard output) as processes beside `serde_json`
/// reading a JSON document of the same content and about the same size, and the project's own
/// `build --to json` output (about twice the size). Five interleaved runs each; medians,
/// highest RSS.
fn held_out(sizes: &[usize], dir: &std::path::Path) {
    println!();
    println!("Held-out style (`generate --held-out`), processes, median of 5 interleaved runs:");
    println!();
    println!(
        "| quotes | nested % | file MB | check ms | check RSS / file | fmt --check RSS / file | build --to json -o RSS / file | build --to json (stdout) RSS / file | same-content JSON MB | serde_json ms | check / serde_json | own JSON MB | serde_json (own JSON) ms | check / serde_json (own) |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for &n in sizes {
        for nested in [Style::held_out().nested, 100] {
            held_out_row(n, nested, dir);
        }
    }
}

fn held_out_row(n: usize, nested: u8, dir: &std::path::Path) {
    let style = Style {
        nested,
        ..Style::held_out()
    };
    let text = generate_styled(Spec { quotes: n, seed: 1 }, style);
    let name = format!("held-out-{n}-nested-{nested}");
    let path = dir.join(format!("{name}.codebook"));
    let same = dir.join(format!("{name}.same.json"));
    let own = dir.join(format!("{name}.json"));
    let written =
        std::fs::write(&path, &text).and_then(|()| std::fs::write(&same, same_content_json(&text)));
    let (p, sj, oj) = (
        path.to_str().expect("utf-8 path"),
        same.to_str().expect("utf-8 path"),
        own.to_str().expect("utf-8 path"),
    );
    let built = Command::new(env!("CARGO_BIN_EXE_codebook"))
        .args(["build", p, "--to", "json", "-o", oj])
        .status()
        .is_ok_and(|s| s.success());
    let failed = format!("| {n} | {nested} | failed | | | | | | | | | | | |");
    if written.is_err() || !built {
        println!("{failed}");
        return;
    }
    let size = |f: &std::path::Path| std::fs::metadata(f).map_or(0.0, |m| m.len() as f64);
    let mut runs: [Vec<(Duration, u64)>; 6] = Default::default();
    for _ in 0..5 {
        let commands: [&[&str]; 6] = [
            &["check", p],
            &["--serde-json", sj],
            &["--serde-json", oj],
            &["fmt", "--check", p],
            &["build", p, "--to", "json", "-o", "/dev/null"],
            &["build", p, "--to", "json"],
        ];
        for (r, args) in runs.iter_mut().zip(commands) {
            r.extend(process(args));
        }
    }
    if runs.iter().any(Vec::is_empty) {
        println!("{failed}");
        return;
    }
    let wall = |r: &Vec<(Duration, u64)>| median(r.iter().map(|x| x.0).collect());
    let rss = |r: &Vec<(Duration, u64)>| {
        r.iter().map(|x| x.1).max().unwrap_or(0) as f64 * 1024.0 / text.len() as f64
    };
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let (check, serde, serde_own) = (wall(&runs[0]), wall(&runs[1]), wall(&runs[2]));
    println!(
        "| {n} | {nested} | {:.1} | {:.0} | {:.2} | {:.2} | {:.2} | {:.2} | {:.1} | {:.0} | {:.2} | {:.1} | {:.0} | {:.2} |",
        text.len() as f64 / 1e6,
        ms(check),
        rss(&runs[0]),
        rss(&runs[3]),
        rss(&runs[4]),
        rss(&runs[5]),
        size(&same) / 1e6,
        ms(serde),
        check.as_secs_f64() / serde.as_secs_f64(),
        size(&own) / 1e6,
        ms(serde_own),
        check.as_secs_f64() / serde_own.as_secs_f64(),
    );
}

/// `codebook check` against Node.js reading the same-content JSON (written by [`held_out`]) with
/// `JSON.parse`: a lower bound for any JavaScript validator of the same data, which must parse
/// it before it checks anything. Both are whole processes, interleaved, median of 5.
fn against_node(sizes: &[usize], dir: &std::path::Path) {
    println!();
    let node = Command::new("node").arg("--version").output();
    let Some(version) = node.ok().filter(|o| o.status.success()) else {
        println!("Node.js not found: the comparison with a JavaScript reader was skipped.");
        return;
    };
    println!(
        "Held-out style against Node.js {} (`JSON.parse` of the same-content JSON), processes, median of 5 interleaved runs:",
        String::from_utf8_lossy(&version.stdout).trim()
    );
    println!();
    println!("| quotes | check ms | node JSON.parse ms | check / node |");
    println!("|---:|---:|---:|---:|");
    for &n in sizes {
        // The held-out style's own share of nested quotes, as [`held_out`] wrote it.
        let name = format!("held-out-{n}-nested-{}", Style::held_out().nested);
        let path = dir.join(format!("{name}.codebook"));
        let same = dir.join(format!("{name}.same.json"));
        let (p, sj) = (
            path.to_str().expect("utf-8 path"),
            same.to_str().expect("utf-8 path"),
        );
        let (mut check, mut node) = (Vec::new(), Vec::new());
        for _ in 0..5 {
            check.extend(process(&["check", p]).map(|r| r.0));
            node.extend(process(&["--node", sj]).map(|r| r.0));
        }
        if check.is_empty() || node.is_empty() {
            println!("| {n} | failed | | |");
            continue;
        }
        let (check, node) = (median(check), median(node));
        println!(
            "| {n} | {:.0} | {:.0} | {:.2} |",
            check.as_secs_f64() * 1e3,
            node.as_secs_f64() * 1e3,
            check.as_secs_f64() / node.as_secs_f64()
        );
    }
}

fn main() {
    let argv: Vec<String> = std::env::args().collect();
    if argv.get(1).is_some_and(|a| a == "--child-rss") {
        if let Some((wall, rss)) = measure_child(&argv[2..]) {
            println!("{} {rss}", wall.as_nanos());
        }
        return;
    }
    if argv.get(1).is_some_and(|a| a == "--serde-json") {
        // What a program pays to read this much structured text: the file into a `Value`.
        let text = argv.get(2).and_then(|p| std::fs::read_to_string(p).ok());
        let value = text.and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok());
        std::process::exit(if std::hint::black_box(value).is_some() {
            0
        } else {
            1
        });
    }
    let quick = std::env::args().any(|a| a == "--quick");
    let sizes: &[usize] = if quick {
        &[1_000, 10_000]
    } else {
        &[1_000, 10_000, 100_000]
    };
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).expect("create target/bench-data");

    // Inputs first, and the processes measured before this process grows: a child's peak RSS
    // would otherwise include pages it shares with this one.
    let mut files: Vec<(usize, PathBuf, usize)> = Vec::new();
    for &n in sizes {
        let text = generate(Spec { quotes: n, seed: 1 });
        let path = dir.join(format!("synthetic-{n}.codebook"));
        std::fs::write(&path, &text).expect("write bench input");
        files.push((n, path, text.len()));
    }
    println!("| quotes | file MB | command | wall ms | MB/s | peak RSS MB | RSS / file size |");
    println!("|---:|---:|---|---:|---:|---:|---:|");
    for (n, path, size) in &files {
        let p = path.to_str().expect("utf-8 path");
        let commands: [(&str, Vec<&str>); 3] = [
            ("check", vec!["check", p]),
            ("build --to json", vec!["build", p, "--to", "json"]),
            ("build --to latex", vec!["build", p, "--to", "latex"]),
        ];
        for (name, args) in commands {
            let runs: Vec<(Duration, u64)> = (0..3).filter_map(|_| process(&args)).collect();
            if runs.is_empty() {
                println!("| {n} | | {name} | failed | | | |");
                continue;
            }
            let wall = median(runs.iter().map(|r| r.0).collect());
            let rss = runs.iter().map(|r| r.1).max().unwrap_or(0) as f64 / 1024.0;
            println!(
                "| {n} | {:.1} | {name} | {:.0} | {:.0} | {:.1} | {:.2} |",
                *size as f64 / 1e6,
                wall.as_secs_f64() * 1e3,
                mb_per_s(*size, wall),
                rss,
                rss * 1024.0 * 1024.0 / *size as f64
            );
        }
    }

    // `codebook check` and a `serde_json` reader of the same codebook's JSON, both as processes.
    println!();
    println!(
        "| quotes | check ms (process) | JSON MB | serde_json ms (process: read + parse into Value) | check / serde_json |"
    );
    println!("|---:|---:|---:|---:|---:|");
    for (n, path, _) in &files {
        let p = path.to_str().expect("utf-8 path");
        let json = path.with_extension("json");
        let j = json.to_str().expect("utf-8 path");
        let built = Command::new(env!("CARGO_BIN_EXE_codebook"))
            .args(["build", p, "--to", "json", "-o", j])
            .status()
            .is_ok_and(|s| s.success());
        let size = std::fs::metadata(&json).map_or(0, |m| m.len() as usize);
        let check: Vec<Duration> = (0..5)
            .filter_map(|_| process(&["check", p]).map(|r| r.0))
            .collect();
        let serde: Vec<Duration> = (0..5)
            .filter_map(|_| process(&["--serde-json", j]).map(|r| r.0))
            .collect();
        if !built || check.is_empty() || serde.is_empty() {
            println!("| {n} | failed | | | |");
            continue;
        }
        let (check, serde) = (median(check), median(serde));
        println!(
            "| {n} | {:.0} | {:.1} | {:.0} ({:.0} MB/s) | {:.2} |",
            check.as_secs_f64() * 1e3,
            size as f64 / 1e6,
            serde.as_secs_f64() * 1e3,
            mb_per_s(size, serde),
            check.as_secs_f64() / serde.as_secs_f64()
        );
    }

    held_out(sizes, &dir);
    against_node(sizes, &dir);

    println!();
    println!(
        "| quotes | file MB | parse ms (MB/s) | lower+check ms | validate ms (MB/s) | compile ms | json render ms | JSON MB | serde_json parse ms (MB/s) | check / serde_json |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for &n in sizes {
        let text = std::fs::read_to_string(dir.join(format!("synthetic-{n}.codebook")))
            .expect("read bench input");
        let runs = if n >= 100_000 { 3 } else { 7 };
        let (parse, doc) = time(runs, || {
            codebook::syntax::parse(&text).expect("synthetic parses")
        });
        let (lower_check, _) = time(runs, || {
            let (cb, diags) = codebook::model::lower(&doc);
            let (resolved, more) = codebook::check::check(&cb);
            assert!(
                diags.is_empty() && more.is_empty(),
                "synthetic codebook is valid"
            );
            (cb, resolved)
        });
        // `validate` is what `codebook check` runs; `compile` also keeps the quote texts that
        // builds need.
        let (check, diagnostics) = time(runs, || codebook::validate(&text));
        assert!(diagnostics.is_empty(), "synthetic codebook is valid");
        let (total, outcome) = time(runs, || codebook::compile(&text));
        let compiled = outcome.compiled.expect("compiled");
        let (render, json) = time(runs, || codebook::emit::json::render(&compiled));
        let (serde, _) = time(runs, || {
            serde_json::from_str::<serde_json::Value>(&json).expect("own JSON parses")
        });
        println!(
            "| {n} | {:.1} | {:.1} ({:.0}) | {:.1} | {:.1} ({:.0}) | {:.1} | {:.1} | {:.1} | {:.1} ({:.0}) | {:.2} |",
            text.len() as f64 / 1e6,
            parse.as_secs_f64() * 1e3,
            mb_per_s(text.len(), parse),
            lower_check.as_secs_f64() * 1e3,
            check.as_secs_f64() * 1e3,
            mb_per_s(text.len(), check),
            total.as_secs_f64() * 1e3,
            render.as_secs_f64() * 1e3,
            json.len() as f64 / 1e6,
            serde.as_secs_f64() * 1e3,
            mb_per_s(json.len(), serde),
            check.as_secs_f64() / serde.as_secs_f64(),
        );
    }
}
