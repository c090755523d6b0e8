//! Writing files so that a failed run leaves nothing half-written: the
//! text goes to a temporary file in the same directory (so the rename
//! stays on one file system) and is renamed over the target. And reading
//! the many small files of a migrations folder quickly ([`Folder`]).

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A name next to `path` that no other migc process or call uses:
/// `.<name>.<tag>-<pid>-<n>`.
pub fn temp_sibling(path: &Path, tag: &str) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(|| "migc".into(), |n| n.to_string_lossy().into_owned());
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    path.with_file_name(format!(".{name}.{tag}-{}-{n}", std::process::id()))
}

/// Removes the siblings of `path` that a killed migc process left
/// behind under `tag` (names from [`temp_sibling`] whose process is gone);
/// best effort. Only where a process can be looked up (`/proc`).
pub fn remove_stale_siblings(path: &Path, tag: &str) {
    let (Some(parent), Some(name)) = (path.parent(), path.file_name()) else {
        return;
    };
    let name = name.to_string_lossy();
    remove_stale(parent, tag, |temp_of| temp_of == name);
}

/// Removes what killed migc processes left in `dir` under `tag`, whatever
/// file each was for (`migc fmt` writes many files in one folder, so one
/// look at the folder serves them all); best effort, as
/// [`remove_stale_siblings`].
pub fn remove_stale_temps(dir: &Path, tag: &str) {
    remove_stale(dir, tag, |_| true);
}

/// Names `.<name>.<tag>-<pid>-<n>` in `dir` whose `<name>` passes `which`
/// and whose process is gone.
fn remove_stale(dir: &Path, tag: &str, which: impl Fn(&str) -> bool) {
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    if !Path::new("/proc/self").exists() {
        return;
    }
    let marker = format!(".{tag}-");
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some((name, rest)) = file_name
            .to_str()
            .and_then(|n| n.strip_prefix('.'))
            .and_then(|n| n.rsplit_once(marker.as_str()))
        else {
            continue;
        };
        let Some((pid, n)) = rest.split_once('-') else {
            continue;
        };
        let ours = pid == std::process::id().to_string();
        let numeric = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !which(name) || !numeric(pid) || !numeric(n) || ours {
            continue;
        }
        if Path::new("/proc").join(pid).exists() {
            continue;
        }
        let _ = fs::remove_dir_all(entry.path()).or_else(|_| fs::remove_file(entry.path()));
    }
}

/// Swaps two paths in one step (Linux `renameat2(RENAME_EXCHANGE)`).
/// `Ok(false)` where the system or file system cannot.
#[cfg(target_os = "linux")]
pub fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Swaps two paths in one step; `Ok(false)`: not on this system.
#[cfg(not(target_os = "linux"))]
pub fn exchange(_: &Path, _: &Path) -> io::Result<bool> {
    Ok(false)
}

/// Writes `files` (names relative to `dir`, text) as the folder `dir`,
/// replacing what is there: the folder is built in a temporary sibling
/// named after `tag`, then swapped into place in one step where the
/// system can (two renames elsewhere), so a failure or a kill leaves the
/// old folder or the new one, never a half-written one. What killed runs
/// left beside `dir` goes first. `fail_at` names a file whose write fails
/// (tests inject errors with it).
pub fn replace_dir(
    dir: &Path,
    files: &[(String, String)],
    tag: &str,
    fail_at: Option<&str>,
) -> io::Result<()> {
    remove_stale_siblings(dir, tag);
    remove_stale_siblings(dir, "old");
    let temp = temp_sibling(dir, tag);
    fs::create_dir(&temp)?;
    let filled = (|| {
        for (name, text) in files {
            if fail_at == Some(name.as_str()) {
                return Err(io::Error::other(format!("injected failure writing {name}")));
            }
            let mut file = create(&temp.join(name))?;
            file.write_all(text.as_bytes())?;
            file.sync_all()?;
        }
        Ok(())
    })();
    if let Err(e) = filled {
        let _ = fs::remove_dir_all(&temp);
        return Err(e);
    }
    if dir.exists() {
        match exchange(&temp, dir) {
            Ok(true) => {
                let _ = fs::remove_dir_all(&temp);
                return Ok(());
            }
            Ok(false) => {}
            Err(e) => {
                let _ = fs::remove_dir_all(&temp);
                return Err(e);
            }
        }
    }
    let old = dir.exists().then(|| temp_sibling(dir, "old"));
    if let Some(old) = &old
        && let Err(e) = fs::rename(dir, old)
    {
        let _ = fs::remove_dir_all(&temp);
        return Err(e);
    }
    if let Err(e) = fs::rename(&temp, dir) {
        if let Some(old) = &old {
            let _ = fs::rename(old, dir);
        }
        let _ = fs::remove_dir_all(&temp);
        return Err(e);
    }
    if let Some(old) = old {
        let _ = fs::remove_dir_all(old);
    }
    Ok(())
}

/// Writes `bytes` to `path` atomically, replacing what is there.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let temp = temp_sibling(path, "tmp");
    let result = (|| {
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// Writes `bytes` to a new file at `path`, failing if anything is there
/// (`new` and `merge` never overwrite a migration).
pub fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = OpenOptions::new().write(true).create_new(true).open(path)?;
    let result = file.write_all(bytes).and_then(|()| file.sync_all());
    if result.is_err() {
        drop(file);
        let _ = fs::remove_file(path);
    }
    result
}

/// Creates a file for writing inside a folder being filled (bundles).
pub fn create(path: &Path) -> io::Result<File> {
    OpenOptions::new().write(true).create_new(true).open(path)
}

/// An open folder whose files are read by name.
pub struct Folder {
    #[cfg(target_os = "linux")]
    fd: rustix::fd::OwnedFd,
    #[cfg(not(target_os = "linux"))]
    path: PathBuf,
}

impl Folder {
    pub fn open(path: &Path) -> io::Result<Folder> {
        #[cfg(target_os = "linux")]
        {
            use rustix::fs::{Mode, OFlags};
            let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
            Ok(Folder {
                fd: rustix::fs::open(path, flags, Mode::empty())?,
            })
        }
        #[cfg(not(target_os = "linux"))]
        {
            Ok(Folder {
                path: path.to_path_buf(),
            })
        }
    }

    /// The bytes of the file at `relative` under the folder. On Linux it
    /// is opened by name in the open folder, sparing the kernel the walk
    /// down the whole path (a third of what reading a small file costs),
    /// and read through a buffer each thread keeps: one open, two reads
    /// and a close, where `fs::read` also asks the size.
    pub fn read(&self, relative: &Path) -> io::Result<Vec<u8>> {
        #[cfg(target_os = "linux")]
        {
            use rustix::fs::{Mode, OFlags};
            use std::cell::RefCell;
            use std::io::Read;
            thread_local! {
                static BUFFER: RefCell<Vec<u8>> = RefCell::new(vec![0; 64 * 1024]);
            }
            let flags = OFlags::RDONLY | OFlags::CLOEXEC;
            let mut file = File::from(rustix::fs::openat(
                &self.fd,
                relative,
                flags,
                Mode::empty(),
            )?);
            BUFFER.with_borrow_mut(|buffer| {
                let mut len = 0;
                loop {
                    if len == buffer.len() {
                        buffer.resize(len * 2, 0);
                    }
                    match file.read(&mut buffer[len..]) {
                        Ok(0) => return Ok(buffer[..len].to_vec()),
                        Ok(n) => len += n,
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                        Err(e) => return Err(e),
                    }
                }
            })
        }
        #[cfg(not(target_os = "linux"))]
        {
            fs::read(self.path.join(relative))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "two");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        assert!(write_new(&path, b"three").is_err());
        assert_eq!(fs::read_to_string(&path).unwrap(), "two");
    }

    #[test]
    fn exchange_swaps_two_folders() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        fs::create_dir(&a).unwrap();
        fs::create_dir(&b).unwrap();
        fs::write(a.join("x"), "a").unwrap();
        if exchange(&a, &b).unwrap() {
            assert!(b.join("x").is_file());
            assert!(!a.join("x").exists());
        }
    }

    #[test]
    fn stale_temps_of_dead_processes_are_removed_from_a_folder() {
        let dir = tempfile::tempdir().unwrap();
        let dead_a = dir.path().join(".a.mig.tmp-4194305-0");
        let dead_b = dir.path().join(".b.mig.tmp-4194305-3");
        let live = temp_sibling(&dir.path().join("c.mig"), "tmp");
        let other = dir.path().join(".d.mig.bundle-4194305-0");
        let plain = dir.path().join("e.mig.tmp-4194305-0");
        for f in [&dead_a, &dead_b, &live, &other, &plain] {
            fs::write(f, "x").unwrap();
        }
        remove_stale_temps(dir.path(), "tmp");
        let gone = Path::new("/proc/self").exists();
        assert_eq!((dead_a.exists(), dead_b.exists()), (!gone, !gone));
        assert!(live.exists() && other.exists() && plain.exists());
    }

    #[test]
    fn stale_siblings_of_dead_processes_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        // No process has the largest pid Linux allows plus one.
        let dead = dir.path().join(".out.bundle-4194305-0");
        let live = temp_sibling(&out, "bundle");
        let other = dir.path().join(".out.bundle-x-0");
        for d in [&dead, &live, &other] {
            fs::create_dir(d).unwrap();
        }
        remove_stale_siblings(&out, "bundle");
        assert_eq!(dead.exists(), !Path::new("/proc/self").exists());
        assert!(live.exists() && other.exists());
    }
}
