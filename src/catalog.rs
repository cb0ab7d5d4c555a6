//! Catalog: the domain knowledge kioku ships in `data/catalog/`: canonical
//! names of services and concepts, their aliases, category and kind.
//!
//! A name goes in; the catalog entry that it names (by its canonical name or
//! any alias, compared as [`key`]s) comes out, so one service is one concept
//! however the notes spell it.

use std::path::Path;

use crate::error::{Error, Result};
use crate::source::nfkc;

/// The catalog bundled into the binary.
const BUNDLED_CATALOG: &str = include_str!("../data/catalog/aws.toml");

/// What sort of thing a catalog entry is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Deserialize, serde::Serialize,
)]
#[serde(rename_all = "snake_case")]
pub enum ConceptKind {
    /// A cloud product (Amazon S3).
    Service,
    /// A named part or feature of a service (NATゲートウェイ).
    Feature,
    /// A general technical concept or protocol (DNS, TLS).
    Concept,
}

/// One catalog entry.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
pub struct Entry {
    /// The canonical name.
    pub name: String,
    /// Other spellings: abbreviations, long forms, common misspellings.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The category used to group the concept map.
    pub category: String,
    /// Service, feature or concept.
    pub kind: ConceptKind,
    /// So common in notes that relations to it say little (IPアドレス, URL).
    #[serde(default)]
    pub hub: bool,
}

#[derive(serde::Deserialize)]
struct CatalogFile {
    concept: Vec<Entry>,
}

/// The whole catalog with its lookup index.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    entries: Vec<Entry>,
    index: rustc_hash::FxHashMap<String, usize>,
    /// The [`key`]s of each entry's name and aliases, parallel to `entries`.
    keys: Vec<Vec<String>>,
    /// The keys of the names and aliases of hubs.
    hub_keys: rustc_hash::FxHashSet<String>,
}

/// The comparison key of a name: NFKC, lower case, without spaces, `・` and a
/// leading `amazon` / `aws` (so `Amazon Route 53`, `Route53` and `ROUTE 53` meet).
///
/// ```
/// assert_eq!(kioku::catalog::key("Amazon Route 53"), kioku::catalog::key("route53"));
/// ```
pub fn key(name: &str) -> String {
    let mut folded = String::new();
    key_into(name, &mut folded);
    folded
}

/// [`key`], written into `folded`.
fn key_into(name: &str, folded: &mut String) {
    folded.clear();
    folded.reserve(name.len());
    // Text from the notes is NFKC already: ASCII, kana and common kanji are
    // NFKC as they stand and fold to themselves, in one pass.
    let mut plain = true;
    for c in name.chars() {
        if c.is_ascii() {
            if !c.is_whitespace() {
                folded.push(c.to_ascii_lowercase());
            }
        } else if is_stable(c) {
            if c != '・' {
                folded.push(c);
            }
        } else {
            plain = false;
            break;
        }
    }
    if !plain {
        folded.clear();
        // Normalise only what is not NFKC yet.
        let normalized = if unicode_normalization::is_nfkc_quick(name.chars())
            == unicode_normalization::IsNormalized::Yes
        {
            std::borrow::Cow::Borrowed(name)
        } else {
            std::borrow::Cow::Owned(nfkc(name))
        };
        for c in normalized.chars() {
            if c.is_ascii() {
                if !c.is_whitespace() {
                    folded.push(c.to_ascii_lowercase());
                }
            } else if is_stable(c) {
                if c != '・' {
                    folded.push(c);
                }
            } else {
                folded.extend(
                    c.to_lowercase()
                        .filter(|c| !c.is_whitespace() && *c != '・'),
                );
            }
        }
    }
    for prefix in ["amazon", "aws"] {
        if folded.len() > prefix.len() && folded.starts_with(prefix) {
            folded.drain(..prefix.len());
            return;
        }
    }
}

/// Characters that NFKC leaves alone and that have no lower case.
fn is_stable(c: char) -> bool {
    crate::source::is_nfkc_stable(c)
}

impl Catalog {
    /// The catalog bundled with kioku (`data/catalog/aws.toml`).
    pub fn bundled() -> Catalog {
        Catalog::from_toml(Path::new("data/catalog/aws.toml"), BUNDLED_CATALOG)
            .expect("the bundled catalog is checked by the tests")
    }

    /// Reads a catalog file.
    pub fn load(path: &Path) -> Result<Catalog> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io("reading", path, e))?;
        Catalog::from_toml(path, &text)
    }

    /// Parses catalog TOML; the first entry to claim a name keeps it.
    pub fn from_toml(path: &Path, text: &str) -> Result<Catalog> {
        let file: CatalogFile = toml::from_str(text).map_err(|e| Error::Catalog {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
        let mut catalog = Catalog::default();
        for entry in file.concept {
            let at = catalog.entries.len();
            let keys: Vec<String> = std::iter::once(&entry.name)
                .chain(&entry.aliases)
                .map(|name| key(name))
                .collect();
            for k in &keys {
                catalog.index.entry(k.clone()).or_insert(at);
            }
            if entry.hub {
                catalog.hub_keys.extend(keys.iter().cloned());
            }
            catalog.keys.push(keys);
            catalog.entries.push(entry);
        }
        Ok(catalog)
    }

    /// The entry a name refers to, if the catalog knows it.
    pub fn lookup(&self, name: &str) -> Option<&Entry> {
        self.lookup_index(name).map(|i| &self.entries[i])
    }

    /// Where the entry a name refers to stands in [`Catalog::entries`].
    pub fn lookup_index(&self, name: &str) -> Option<usize> {
        thread_local! {
            /// The key being looked up: rules look up names all the time.
            static KEY: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
        }
        KEY.with_borrow_mut(|folded| {
            key_into(name, folded);
            self.index.get(folded.as_str()).copied()
        })
    }

    /// The [`key`]s of the name and aliases of the `index`th entry.
    pub fn keys_of(&self, index: usize) -> &[String] {
        &self.keys[index]
    }

    /// Whether a key is that of a hub's name or alias.
    pub fn is_hub_key(&self, key: &str) -> bool {
        self.hub_keys.contains(key)
    }

    /// All entries, in file order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Every canonical name and alias.
    pub fn surfaces(&self) -> impl Iterator<Item = &str> {
        self.entries
            .iter()
            .flat_map(|e| std::iter::once(&e.name).chain(&e.aliases))
            .map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`key`] as first written: a check of every character, then a fold.
    fn key_in_two_passes(name: &str) -> String {
        let plain = name.chars().all(is_stable);
        let normalized = if plain
            || unicode_normalization::is_nfkc_quick(name.chars())
                == unicode_normalization::IsNormalized::Yes
        {
            std::borrow::Cow::Borrowed(name)
        } else {
            std::borrow::Cow::Owned(nfkc(name))
        };
        let mut folded = String::new();
        for c in normalized.chars() {
            if c.is_ascii() {
                if !c.is_whitespace() {
                    folded.push(c.to_ascii_lowercase());
                }
            } else if is_stable(c) {
                if c != '・' {
                    folded.push(c);
                }
            } else {
                folded.extend(
                    c.to_lowercase()
                        .filter(|c| !c.is_whitespace() && *c != '・'),
                );
            }
        }
        for prefix in ["amazon", "aws"] {
            if let Some(rest) = folded.strip_prefix(prefix)
                && !rest.is_empty()
            {
                return rest.to_string();
            }
        }
        folded
    }

    #[test]
    fn one_pass_key_agrees_with_the_two_pass_one() {
        let catalog = Catalog::bundled();
        let notes = std::fs::read_to_string("data/notes/aws-saa.txt").unwrap();
        let mut names: Vec<String> = catalog.surfaces().map(str::to_string).collect();
        names.extend(
            notes
                .split(['、', '。', '\n', '(', ')'])
                .map(str::to_string),
        );
        // Every short string over letters that take each path of the fold.
        let alphabet = [
            'a', 'W', 's', ' ', '・', 'ｶ', 'Ａ', 'Σ', '①', 'ß', 'キ', '\u{3000}',
        ];
        for n in 0..100_000usize {
            let (mut rest, mut name) = (n, String::new());
            while rest > 0 {
                name.push(alphabet[rest % alphabet.len()]);
                rest /= alphabet.len();
            }
            names.push(name.clone());
            names.push(format!("amazon{name}"));
            names.push(format!("AWS {name}"));
        }
        for name in &names {
            let fast = key(name);
            assert_eq!(fast, key_in_two_passes(name), "{name:?}");
            assert_eq!(
                catalog.lookup_index(name),
                catalog.index.get(&fast).copied(),
                "{name:?}"
            );
        }
    }

    #[test]
    fn bundled_catalog_parses_and_has_no_clashing_aliases() {
        let catalog = Catalog::bundled();
        assert!(catalog.entries().len() > 100);
        let mut owner: std::collections::HashMap<String, &str> = Default::default();
        for entry in catalog.entries() {
            for name in std::iter::once(&entry.name).chain(&entry.aliases) {
                assert!(!name.trim().is_empty(), "empty alias in {}", entry.name);
                if let Some(other) = owner.insert(key(name), &entry.name) {
                    assert_eq!(
                        other, entry.name,
                        "{name:?} names both {other} and {}",
                        entry.name
                    );
                }
            }
        }
    }

    #[test]
    fn stable_characters_are_nfkc_and_fold_to_themselves() {
        use unicode_normalization::UnicodeNormalization;
        for c in (char::MIN..=char::MAX).filter(|&c| is_stable(c)) {
            let alone = c.to_string();
            assert_eq!(alone.nfkc().collect::<String>(), alone, "{c:?}");
            // Between other characters too (no composition with neighbours).
            let between = format!("a{c}か");
            assert_eq!(between.nfkc().collect::<String>(), between, "{c:?}");
            assert!(
                c.is_ascii() || c.to_lowercase().collect::<String>() == alone,
                "{c:?}"
            );
            assert!(!c.is_whitespace() || c.is_ascii(), "{c:?}");
        }
        assert_eq!(key("ＡＷＳ Lambda・関数"), "lambda関数");
        assert_eq!(key(" Amazon  S3 "), "s3");
    }

    #[test]
    fn aliases_resolve_to_one_concept() {
        let text = r#"
[[concept]]
name = "Amazon Simple Storage Service"
aliases = ["S3", "Amazon S3"]
category = "Storage"
kind = "service"
"#;
        let catalog = Catalog::from_toml(Path::new("t.toml"), text).unwrap();
        let s3 = catalog.lookup("ａｍａｚｏｎ s3").unwrap();
        assert_eq!(s3.name, "Amazon Simple Storage Service");
        assert!(catalog.lookup("EBS").is_none());
    }

    #[test]
    fn broken_catalog_names_the_file() {
        let err = Catalog::from_toml(Path::new("bad.toml"), "[[concept]]\nname = 1").unwrap_err();
        assert!(err.to_string().starts_with("bad.toml"), "{err}");
    }
}
