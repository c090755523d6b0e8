//! `kill -9` at any moment: `migc bundle` leaves its output folder
//! holding the previous complete bundle or the new complete one (every
//! checksum of its manifest verifies), never a partial one, and nothing
//! else visible next to it; `migc fmt` leaves each file as it was or
//! formatted, and `migc lock` the old or the new `migc.lock`, never
//! half-written.
//!
//! Each run is watched until its writing starts (a hidden temporary entry
//! appears next to the output) and killed after a delay taken from a
//! spread over three times the length of the writing of one full run, so
//! kills land at the start, in the middle and after the end of the
//! writing; a few land before it. The same for `migc lock`. Nothing asserts on time: whichever way a run ends,
//! the outcome must be one of the two complete states.

use crate::cli::TempProject;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

/// A linear history of `n` revisions, each with a handful of statements,
/// so that a bundle has hundreds of files.
fn large_project(n: usize) -> TempProject {
    let p = TempProject::with_config("dialect = \"postgresql\"\nlock_timeout = \"5s\"\n");
    for i in 0..n {
        let parent = i
            .checked_sub(1)
            .map_or(String::new(), |p| format!("parent \"r{p:04}\"\n"));
        let mut body = format!(
            "  create table t{i} (id bigint primary key, a text, b integer not null default 0);\n  \
             create index ix{i} on t{i} (a);\n"
        );
        if i > 0 {
            body += &format!(
                "  add column t{}.c{i} integer null;\n  comment on table t{i} is 'table {i}';\n",
                i - 1
            );
        }
        p.write(
            &format!("migrations/r{i:04}.mig"),
            format!("revision \"r{i:04}\"\n{parent}message \"step {i}\"\nup {{\n{body}}}\n")
                .as_bytes(),
        );
    }
    p
}

fn spawn(cwd: &Path, args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_migc"))
        .args(args)
        .current_dir(cwd)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap()
}

/// Every file of a folder, by name.
fn contents(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// The manifest lists every other file with its checksum, and nothing
/// else is there.
fn verify_manifest(files: &BTreeMap<String, Vec<u8>>) -> Result<(), String> {
    let manifest = files.get("manifest.json").ok_or("no manifest.json")?;
    let manifest: serde_json::Value =
        serde_json::from_slice(manifest).map_err(|e| format!("manifest.json: {e}"))?;
    let listed = manifest["files"].as_array().ok_or("no files in manifest")?;
    for entry in listed {
        let name = entry["name"].as_str().ok_or("a file without a name")?;
        let text = files.get(name).ok_or(format!("{name} is missing"))?;
        if entry["sha256"].as_str() != Some(&migc::lockfile::sha256_hex(text)) {
            return Err(format!("{name}: checksum differs"));
        }
    }
    if listed.len() + 1 != files.len() {
        return Err(format!("{} files for {} listed", files.len(), listed.len()));
    }
    Ok(())
}

/// The hidden entries of a folder: temporary files and folders of runs.
fn hidden_in(dir: &Path) -> Vec<std::ffi::OsString> {
    fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name())
                .filter(|n| n.to_string_lossy().starts_with('.'))
                .collect()
        })
        .unwrap_or_default()
}

/// Runs `migc ARGS` and kills it with SIGKILL `delay` after its writing
/// starts (a new hidden entry appears in `watch`) (`None`: after `before` from its start, writing or not). Returns
/// how long the writing lasted when the run ended on its own.
fn run_and_kill(cwd: &Path, args: &[&str], watch: &Path, delay: Option<Duration>) -> Duration {
    // What killed runs left is there before this one starts writing.
    let before = hidden_in(watch);
    let mut child = spawn(cwd, args);
    let start = Instant::now();
    let mut began: Option<Instant> = None;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "migc {args:?} failed");
            return began.map_or(Duration::ZERO, |b| b.elapsed());
        }
        if began.is_none() && hidden_in(watch).iter().any(|n| !before.contains(n)) {
            began = Some(Instant::now());
        }
        let due = match (delay, began) {
            (Some(d), Some(b)) => b.elapsed() >= d,
            (None, _) => start.elapsed() >= Duration::from_millis(100),
            (Some(_), None) => false,
        };
        if due {
            // SIGKILL: nothing of migc runs after it.
            child.kill().unwrap();
            child.wait().unwrap();
            return Duration::ZERO;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
}

/// Delays spread over 3 times the writing (it lasts longer when the
/// machine is busy), and `None` (a kill before the writing) twice. A
/// writing of one small file is spread over 10 ms at least.
fn delays(writing: Duration, count: u32) -> Vec<Option<Duration>> {
    let writing = writing.max(Duration::from_millis(10));
    let mut out: Vec<Option<Duration>> = (0..count)
        .map(|i| Some(writing.mul_f64(3.0 * f64::from(i) / f64::from(count))))
        .collect();
    out.insert(count as usize / 2, None);
    out.push(None);
    out
}

#[test]
fn a_killed_bundle_leaves_the_old_or_the_new_bundle() {
    let p = large_project(60);
    let extra = p.path().join("migrations/zz.mig");
    let extra_text = "revision \"zz\"\nparent \"r0059\"\nup {\n  drop table t0;\n}\n";
    let out_parent = tempfile::tempdir().unwrap();
    let out = out_parent.path().join("out");
    let out_arg = out.to_str().unwrap();
    let args = ["bundle", "-o", out_arg, "--allow-findings"];

    // The two complete bundles: without and with the extra revision; the
    // second run replaces the first and shows how long writing lasts.
    let mut reference = Vec::new();
    let mut writing = Duration::ZERO;
    for with_extra in [false, true] {
        if with_extra {
            fs::write(&extra, extra_text).unwrap();
        }
        writing = run_and_kill(p.path(), &args, out_parent.path(), Some(Duration::MAX));
        let files = contents(&out);
        verify_manifest(&files).unwrap();
        reference.push(files);
    }
    assert_ne!(reference[0], reference[1]);

    // `out` now holds bundle 1; each round asks for the other one.
    let mut current = 1;
    let (mut old, mut new) = (0, 0);
    let rounds = delays(writing, 14);
    for &delay in &rounds {
        let wanted = 1 - current;
        if wanted == 1 {
            fs::write(&extra, extra_text).unwrap();
        } else {
            let _ = fs::remove_file(&extra);
        }
        run_and_kill(p.path(), &args, out_parent.path(), delay);

        let files = contents(&out);
        verify_manifest(&files).unwrap_or_else(|e| panic!("killed after {delay:?}: {e}"));
        if files == reference[current] {
            old += 1;
        } else if files == reference[wanted] {
            new += 1;
            current = wanted;
        } else {
            panic!("killed after {delay:?}: a bundle that is neither the old nor the new one");
        }
        for entry in fs::read_dir(out_parent.path()).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            assert!(
                name == "out" || name.starts_with(".out."),
                "`{name}` is visible next to the bundle"
            );
        }
    }
    eprintln!(
        "{} killed bundle runs (writing lasts {writing:?}): {old} left the old bundle, {new} the new one",
        rounds.len()
    );

    // A run that completes clears what the killed ones left behind.
    run_and_kill(p.path(), &args, out_parent.path(), Some(Duration::MAX));
    let left: Vec<String> = fs::read_dir(out_parent.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "out")
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

#[test]
fn a_killed_fmt_leaves_each_file_as_it_was_or_formatted() {
    let p = large_project(300);
    let dir = p.path().join("migrations");
    // Badly laid out: every line flush left.
    let mut originals = BTreeMap::new();
    for (name, text) in contents(&dir) {
        let messy = String::from_utf8(text).unwrap().replace("\n  ", "\n");
        let formatted = migc::fmt::format(migc::source::FileId(0), &messy).unwrap();
        assert_ne!(messy, formatted);
        originals.insert(name, (messy, formatted));
    }
    let reset = || {
        for (name, (messy, _)) in &originals {
            fs::write(dir.join(name), messy).unwrap();
        }
    };
    reset();
    let writing = run_and_kill(p.path(), &["fmt"], &dir, Some(Duration::MAX));

    let mut formatted_after = Vec::new();
    for delay in delays(writing, 10) {
        reset();
        run_and_kill(p.path(), &["fmt"], &dir, delay);
        let mut done = 0;
        for entry in fs::read_dir(&dir).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                // A temporary file of a killed run: hidden, and not a
                // `.mig` file, so no command reads it.
                assert!(!name.ends_with(".mig"), "{name}");
                continue;
            }
            let text = fs::read_to_string(dir.join(&name)).unwrap();
            let (messy, formatted) = &originals[&name];
            if text == *formatted {
                done += 1;
            } else {
                assert_eq!(text, *messy, "{name} is neither the original nor formatted");
            }
        }
        formatted_after.push(done);
    }
    // A run that completes clears what the killed ones left.
    run_and_kill(p.path(), &["fmt"], &dir, Some(Duration::MAX));
    assert_eq!(hidden_in(&dir), Vec::<std::ffi::OsString>::new());
    eprintln!(
        "12 killed fmt runs (writing lasts {writing:?}): files formatted when killed: {formatted_after:?}"
    );
}

#[test]
fn a_killed_lock_leaves_the_old_or_the_new_lock_file() {
    let p = large_project(300);
    let lock = p.path().join("migc.lock");
    let extra = p.path().join("migrations/zz.mig");
    let extra_text = "revision \"zz\"\nparent \"r0299\"\nup {\n  drop table t0;\n}\n";
    let mut reference = Vec::new();
    let mut writing = Duration::ZERO;
    for with_extra in [false, true] {
        if with_extra {
            fs::write(&extra, extra_text).unwrap();
        }
        writing = writing.max(run_and_kill(
            p.path(),
            &["lock"],
            p.path(),
            Some(Duration::MAX),
        ));
        reference.push(fs::read(&lock).unwrap());
    }
    assert_ne!(reference[0], reference[1]);
    let mut current = 1;
    let mut new = 0;
    let rounds = delays(writing, 8);
    for &delay in &rounds {
        let wanted = 1 - current;
        if wanted == 1 {
            fs::write(&extra, extra_text).unwrap();
        } else {
            let _ = fs::remove_file(&extra);
        }
        run_and_kill(p.path(), &["lock"], p.path(), delay);
        let text = fs::read(&lock).unwrap();
        if text == reference[wanted] {
            new += 1;
            current = wanted;
        } else {
            assert!(
                text == reference[current],
                "killed after {delay:?}: a partial migc.lock"
            );
        }
        for entry in fs::read_dir(p.path()).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            assert!(
                !name.starts_with("migc.lock") || name == "migc.lock",
                "`{name}` is visible next to migc.lock"
            );
        }
    }
    // A run that completes clears what the killed ones left.
    run_and_kill(p.path(), &["lock"], p.path(), Some(Duration::MAX));
    let left: Vec<_> = hidden_in(p.path())
        .into_iter()
        .filter(|n| n.to_string_lossy().starts_with(".migc.lock."))
        .collect();
    assert_eq!(left, Vec::<std::ffi::OsString>::new());
    eprintln!(
        "{} killed lock runs: {new} wrote the new lock",
        rounds.len()
    );
}
