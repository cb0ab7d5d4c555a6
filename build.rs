//! Gives the binary an identifier of the sources it was built from
//! (`KIOKU_BUILD_ID`), so that exports built by another build of the same
//! version are not taken as up to date.

use std::hash::{Hash, Hasher};
use std::path::Path;

fn main() {
    let mut files = Vec::new();
    for root in ["src", "data/catalog", "data/userdic"] {
        println!("cargo:rerun-if-changed={root}");
        collect(Path::new(root), &mut files);
    }
    files.sort();
    // SipHash with fixed keys: the same sources give the same identifier.
    #[allow(deprecated)]
    let mut hasher = std::hash::SipHasher::new();
    for file in &files {
        file.hash(&mut hasher);
        std::fs::read(file).unwrap_or_default().hash(&mut hasher);
    }
    println!("cargo:rustc-env=KIOKU_BUILD_ID={:016x}", hasher.finish());
}

fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else {
            out.push(path);
        }
    }
}
