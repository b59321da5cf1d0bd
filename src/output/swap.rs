//! Replacing a plan folder as a whole.
//!
//! The files go into a hidden sibling folder `.NAME.siteplan-new` in the
//! same parent, each written atomically and synced; the folder is synced
//! and then takes the place of `NAME` in one step (an atomic exchange on
//! Linux, two renames elsewhere), and the previous folder is removed. A
//! process killed at any point leaves `NAME` as it was or complete and new;
//! the hidden folders it may leave are cleaned (or the previous folder put
//! back) by [`recover`] before the next write.
//!
//! Only a folder that holds nothing but plan files is replaced. A folder
//! holding anything else (a file or folder siteplan does not write, a
//! symbolic link, the current directory, a read-only folder) is never
//! moved or deleted: the files are then written into it one by one, each
//! atomically, as [`in_place`] tells; so is an existing folder whose
//! parent cannot be written (no room for the sibling).

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The parent folder and the name of `dir`, or `None` when `dir` has no
/// name of its own (`.`, `..`, `/`).
fn split(dir: &Path) -> Option<(PathBuf, OsString)> {
    if matches!(
        dir.components().next_back(),
        Some(std::path::Component::CurDir | std::path::Component::ParentDir)
    ) {
        return None;
    }
    let name = dir.file_name()?.to_os_string();
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Some((parent, name))
}

/// The hidden sibling folder `.NAME.siteplan-SUFFIX`.
fn sibling(parent: &Path, name: &OsString, suffix: &str) -> PathBuf {
    let mut n = OsString::from(".");
    n.push(name);
    n.push(".siteplan-");
    n.push(suffix);
    parent.join(n)
}

/// True when a file left by an interrupted atomic write (`.NAME.tmp-PID`).
fn is_temp(name: &str) -> bool {
    name.starts_with('.') && name.contains(".tmp-")
}

/// Why `dir` must be written file by file rather than replaced as a
/// whole, or `None` when it can be replaced (it is missing, or a folder
/// holding only files named in `own`).
///
/// ```text
/// out/ with notes.txt  → Some("holds notes.txt, which siteplan does not write")
/// ```
pub(super) fn in_place(dir: &Path, own: &[&str]) -> Option<String> {
    if split(dir).is_none() {
        return Some("has no name of its own".into());
    }
    let meta = match std::fs::symlink_metadata(dir) {
        Ok(m) => m,
        Err(_) => return None,
    };
    if meta.file_type().is_symlink() {
        return Some("is a symbolic link".into());
    }
    if !meta.is_dir() {
        return Some("is not a folder".into());
    }
    if meta.permissions().readonly() {
        return Some("is read-only".into());
    }
    if let (Ok(d), Ok(cwd)) = (dir.canonicalize(), std::env::current_dir()) {
        if cwd.starts_with(d) {
            return Some("holds the current directory".into());
        }
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Some("cannot be listed".into());
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let file = e.file_type().is_ok_and(|t| t.is_file());
        if !(file && (own.contains(&name.as_str()) || is_temp(&name))) {
            return Some(format!("holds {name}, which siteplan does not write"));
        }
    }
    None
}

/// Cleans what an interrupted replacement of `dir` left behind: puts the
/// previous folder back if `dir` is missing, else removes it, and removes
/// an unfinished new folder. Does nothing when there is nothing to clean.
pub(super) fn recover(dir: &Path) -> Result<()> {
    let Some((parent, name)) = split(dir) else {
        return Ok(());
    };
    let old = sibling(&parent, &name, "old");
    if old.is_dir() {
        if std::fs::symlink_metadata(dir).is_err() {
            std::fs::rename(&old, dir).map_err(io_err(dir))?;
        } else {
            std::fs::remove_dir_all(&old).map_err(io_err(&old))?;
        }
    }
    let new = sibling(&parent, &name, "new");
    if new.is_dir() {
        std::fs::remove_dir_all(&new).map_err(io_err(&new))?;
    }
    Ok(())
}

/// Writes a folder through `fill` and swaps it in place of `dir`; on an
/// error nothing is left and `dir` is untouched. Paths under the
/// temporary folder in an error or in the returned value are rebased by
/// the caller with [`Staged::rebase`].
pub(super) fn replace<T>(dir: &Path, fill: impl FnOnce(&Staged) -> Result<T>) -> Result<T> {
    let Some((parent, name)) = split(dir) else {
        unreachable!("in_place() sends a folder without a name here")
    };
    if std::fs::symlink_metadata(&parent).is_err() {
        std::fs::create_dir_all(&parent).map_err(io_err(&parent))?;
    }
    let staged = Staged {
        tmp: sibling(&parent, &name, "new"),
        dir: dir.to_path_buf(),
    };
    if let Err(e) = std::fs::create_dir(&staged.tmp) {
        // No room beside it (a read-only parent): an existing folder is
        // written in place, as a folder holding other files is.
        if dir.is_dir() {
            return fill(&Staged {
                tmp: dir.to_path_buf(),
                dir: dir.to_path_buf(),
            });
        }
        return Err(io_err(dir)(e));
    }
    let result = fill(&staged).and_then(|t| {
        sync(&staged.tmp)?;
        swap(&staged.tmp, dir, &sibling(&parent, &name, "old"))?;
        sync(&parent)?;
        Ok(t)
    });
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staged.tmp);
    }
    result.map_err(|e| staged.rebase_err(e))
}

/// Where a folder is written before it replaces the real one.
pub(super) struct Staged {
    tmp: PathBuf,
    dir: PathBuf,
}

impl Staged {
    /// The temporary folder to write into.
    pub(super) fn tmp(&self) -> &Path {
        &self.tmp
    }

    /// `path` under the temporary folder, as it is named once swapped in.
    pub(super) fn rebase(&self, path: PathBuf) -> PathBuf {
        match path.strip_prefix(&self.tmp) {
            Ok(rest) if rest.as_os_str().is_empty() => self.dir.clone(),
            Ok(rest) => self.dir.join(rest),
            Err(_) => path,
        }
    }

    fn rebase_err(&self, e: Error) -> Error {
        match e {
            Error::Io { path, source } => Error::Io {
                path: self.rebase(path),
                source,
            },
            e => e,
        }
    }
}

fn sync(dir: &Path) -> Result<()> {
    // Syncing a folder is how its entries (new names) reach the disk on
    // Unix; elsewhere opening a folder fails and there is nothing to do.
    #[cfg(unix)]
    std::fs::File::open(dir)
        .and_then(|f| f.sync_all())
        .map_err(io_err(dir))?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Puts `new` in place of `dir` and removes the previous `dir`, if any.
fn swap(new: &Path, dir: &Path, old: &Path) -> Result<()> {
    let exists = std::fs::symlink_metadata(dir).is_ok();
    if !exists {
        return std::fs::rename(new, dir).map_err(io_err(dir));
    }
    if let Ok(meta) = std::fs::metadata(dir) {
        let _ = std::fs::set_permissions(new, meta.permissions());
    }
    if exchange(new, dir) {
        // `new` now holds the previous folder.
        return std::fs::remove_dir_all(new).map_err(io_err(new));
    }
    std::fs::rename(dir, old).map_err(io_err(dir))?;
    std::fs::rename(new, dir).map_err(io_err(dir))?;
    std::fs::remove_dir_all(old).map_err(io_err(old))
}

/// Exchanges two folders in one step (Linux `renameat2` with
/// `RENAME_EXCHANGE`); false where the system or file system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let (Ok(a), Ok(b)) = (
        std::ffi::CString::new(a.as_os_str().as_bytes()),
        std::ffi::CString::new(b.as_os_str().as_bytes()),
    ) else {
        return false;
    };
    // SAFETY: both paths are NUL-terminated C strings that outlive the
    // call; renameat2 reads them and touches no other memory.
    let rc = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    rc == 0
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    const OWN: &[&str] = &["summary.json", "curve.csv", "report.html"];

    fn names(dir: &Path) -> Vec<String> {
        let entries = std::fs::read_dir(dir).unwrap().flatten();
        let set: std::collections::BTreeSet<String> = entries
            .map(|e| e.file_name().into_string().unwrap())
            .collect();
        set.into_iter().collect()
    }

    fn fill_with(text: &'static str) -> impl FnOnce(&Staged) -> Result<()> {
        move |s| {
            std::fs::write(s.tmp().join("summary.json"), text).map_err(io_err(s.tmp()))?;
            Ok(())
        }
    }

    #[test]
    fn replaces_the_whole_folder_and_leaves_no_sibling() {
        let t = tempfile::tempdir().unwrap();
        let out = t.path().join("out");
        replace(&out, fill_with("1")).unwrap();
        std::fs::write(out.join("curve.csv"), "stale").unwrap();
        assert_eq!(in_place(&out, OWN), None);
        replace(&out, fill_with("2")).unwrap();
        assert_eq!(names(&out), ["summary.json"]);
        assert_eq!(
            std::fs::read_to_string(out.join("summary.json")).unwrap(),
            "2"
        );
        assert_eq!(names(t.path()), ["out"]);
    }

    #[test]
    fn a_failed_fill_leaves_the_folder_untouched_and_names_the_real_path() {
        let t = tempfile::tempdir().unwrap();
        let out = t.path().join("out");
        replace(&out, fill_with("1")).unwrap();
        let err = replace(&out, |s| -> Result<()> {
            std::fs::write(s.tmp().join("sites.csv"), "x").unwrap();
            Err(io_err(&s.tmp().join("plan.svg"))(std::io::Error::other(
                "disk full",
            )))
        })
        .unwrap_err();
        assert!(
            matches!(&err, Error::Io { path, .. } if path == &out.join("plan.svg")),
            "{err}"
        );
        assert_eq!(names(&out), ["summary.json"]);
        assert_eq!(names(t.path()), ["out"]);
    }

    #[test]
    fn recovery_puts_back_the_previous_folder_when_the_swap_was_cut() {
        let t = tempfile::tempdir().unwrap();
        let out = t.path().join("out");
        let name = OsString::from("out");
        // Killed between the two renames: the previous folder aside, the
        // new one complete but not yet in place.
        let old = sibling(t.path(), &name, "old");
        std::fs::create_dir(&old).unwrap();
        std::fs::write(old.join("summary.json"), "old").unwrap();
        let new = sibling(t.path(), &name, "new");
        std::fs::create_dir(&new).unwrap();
        std::fs::write(new.join("summary.json"), "new").unwrap();
        recover(&out).unwrap();
        assert_eq!(names(t.path()), ["out"]);
        assert_eq!(
            std::fs::read_to_string(out.join("summary.json")).unwrap(),
            "old"
        );
        // Killed after the swap, before the previous folder was removed.
        std::fs::create_dir(&old).unwrap();
        recover(&out).unwrap();
        assert_eq!(names(t.path()), ["out"]);
        assert_eq!(
            std::fs::read_to_string(out.join("summary.json")).unwrap(),
            "old"
        );
    }

    #[test]
    fn folders_with_other_content_are_written_in_place() {
        let t = tempfile::tempdir().unwrap();
        let out = t.path().join("out");
        assert_eq!(in_place(&out, OWN), None); // missing
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("report.html"), "").unwrap();
        std::fs::write(out.join(".report.html.tmp-12"), "").unwrap();
        assert_eq!(in_place(&out, OWN), None);
        std::fs::write(out.join("notes.txt"), "mine").unwrap();
        assert_eq!(
            in_place(&out, OWN).as_deref(),
            Some("holds notes.txt, which siteplan does not write")
        );
        std::fs::remove_file(out.join("notes.txt")).unwrap();
        std::fs::create_dir(out.join("plan.svg")).unwrap();
        assert!(
            in_place(&out, OWN).is_some(),
            "a folder named like a plan file"
        );
        assert!(in_place(Path::new("."), OWN).is_some());
        assert!(in_place(&t.path().join(".."), OWN).is_some());
    }
}
