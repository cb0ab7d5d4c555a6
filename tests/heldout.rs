//! Extraction on held-out notes: files written in other writers' layouts,
//! each with a hand-made gold file (`gold.json`, the format of the project's
//! gold, see `tests/heldout/README.md`). Each file's output is scored the way
//! the gold is scored — recall and precision per kind, then the mean F1 over
//! kinds — and must stay above the floors below, so that a change that helps
//! one layout cannot quietly cost another.

use std::collections::BTreeMap;
use std::path::Path;

use kioku::catalog::key;
use serde_json::Value;

mod util;

/// One extracted row: kind, subject, predicate, object.
type Row = [String; 4];

fn extract(notes: &Path) -> Vec<Row> {
    let output = assert_cmd::Command::cargo_bin("kioku")
        .unwrap()
        .arg("extract")
        .arg(notes)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let mut reader = csv::Reader::from_reader(output.as_slice());
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            [0, 1, 2, 3].map(|i| r[i].to_string())
        })
        .collect()
}

/// Names as the scorer compares them: the catalog key (NFKC, lower case, no
/// spaces or 「・」, no leading Amazon/AWS), aliases folded to their canonical.
struct Names {
    canonical: BTreeMap<String, String>,
}

impl Names {
    fn new(gold: &Value) -> Self {
        let mut canonical = BTreeMap::new();
        if let Some(aliases) = gold["aliases"].as_object() {
            for (name, others) in aliases {
                for other in others.as_array().into_iter().flatten() {
                    canonical.insert(key(other.as_str().unwrap()), key(name));
                }
            }
        }
        Names { canonical }
    }

    fn norm(&self, name: &str) -> String {
        let k = key(name);
        self.canonical.get(&k).cloned().unwrap_or(k)
    }

    fn same(&self, a: &str, b: &str) -> bool {
        self.norm(a) == self.norm(b)
    }
}

/// One contains the other, after normalisation.
fn overlaps(a: &str, b: &str) -> bool {
    let (a, b) = (key(a), key(b));
    !a.is_empty() && !b.is_empty() && (a.contains(&b) || b.contains(&a))
}

fn strs(value: &Value) -> Vec<&str> {
    value
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

/// Found gold items, gold items, matching rows, rows: per kind.
#[derive(Default, Debug)]
struct Tally {
    found: usize,
    gold: usize,
    matched: usize,
    rows: usize,
}

impl Tally {
    fn f1(&self) -> f64 {
        let recall = self.found as f64 / self.gold.max(1) as f64;
        let precision = self.matched as f64 / self.rows.max(1) as f64;
        if recall + precision == 0.0 {
            0.0
        } else {
            2.0 * recall * precision / (recall + precision)
        }
    }
}

fn score(gold: &Value, rows: &[Row]) -> BTreeMap<&'static str, Tally> {
    let names = Names::new(gold);
    fn of<'r>(rows: &'r [Row], kind: &'r str) -> impl Iterator<Item = &'r Row> + 'r {
        rows.iter().filter(move |r| r[0] == kind)
    }
    let mut tallies = BTreeMap::new();

    // Definitions: the subject names the term, the object holds half the keywords.
    let definitions = gold["definitions"].as_array().cloned().unwrap_or_default();
    let defines = |d: &Value, r: &Row| {
        let term = d["term"].as_str().unwrap();
        let named = names.same(&r[1], term) || strs(&d["alt"]).iter().any(|a| names.same(&r[1], a));
        let keywords = strs(&d["keywords"]);
        let object = key(&r[3]);
        let held = keywords.iter().filter(|k| object.contains(&key(k))).count();
        named && held * 2 >= keywords.len()
    };
    tallies.insert(
        "definition",
        Tally {
            found: definitions
                .iter()
                .filter(|d| of(rows, "definition").any(|r| defines(d, r)))
                .count(),
            gold: definitions.len(),
            matched: of(rows, "definition")
                .filter(|r| definitions.iter().any(|d| defines(d, r)))
                .count(),
            rows: of(rows, "definition").count(),
        },
    );

    // Abbreviations: both forms match.
    let abbreviations = gold["abbreviations"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let stands = |a: &Value, r: &Row| {
        names.same(&r[1], a["short"].as_str().unwrap())
            && names.same(&r[3], a["long"].as_str().unwrap())
    };
    tallies.insert(
        "abbreviation",
        Tally {
            found: abbreviations
                .iter()
                .filter(|a| of(rows, "abbreviation").any(|r| stands(a, r)))
                .count(),
            gold: abbreviations.len(),
            matched: of(rows, "abbreviation")
                .filter(|r| abbreviations.iter().any(|a| stands(a, r)))
                .count(),
            rows: of(rows, "abbreviation").count(),
        },
    );

    // Enumerations: rows sharing a subject that holds every topic keyword,
    // their objects covering 80% of the items.
    let enumerations = gold["enumerations"].as_array().cloned().unwrap_or_default();
    let topic_of = |e: &Value, subject: &str| {
        let subject = key(subject);
        strs(&e["topic_keywords"])
            .iter()
            .all(|k| subject.contains(&key(k)))
    };
    let item_of = |e: &Value, object: &str| strs(&e["items"]).iter().any(|i| overlaps(i, object));
    let mut lists: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for r in of(rows, "enumeration") {
        lists.entry(&r[1]).or_default().push(&r[3]);
    }
    let listed = |e: &Value| {
        let items = strs(&e["items"]);
        lists.iter().any(|(subject, objects)| {
            topic_of(e, subject)
                && items
                    .iter()
                    .filter(|i| objects.iter().any(|o| overlaps(i, o)))
                    .count()
                    * 5
                    >= items.len() * 4
        })
    };
    tallies.insert(
        "enumeration",
        Tally {
            found: enumerations.iter().filter(|e| listed(e)).count(),
            gold: enumerations.len(),
            matched: of(rows, "enumeration")
                .filter(|r| {
                    enumerations
                        .iter()
                        .any(|e| topic_of(e, &r[1]) && item_of(e, &r[3]))
                })
                .count(),
            rows: of(rows, "enumeration").count(),
        },
    );

    // Comparisons: cell by cell.
    let mut cells: Vec<(&str, &str, &str)> = Vec::new();
    for c in gold["comparisons"].as_array().into_iter().flatten() {
        for attribute in c["attributes"].as_array().into_iter().flatten() {
            let name = attribute["name"].as_str().unwrap();
            for (entity, value) in attribute["values"].as_object().into_iter().flatten() {
                cells.push((entity, name, value.as_str().unwrap()));
            }
        }
    }
    let fills = |&(entity, attribute, value): &(&str, &str, &str), r: &Row| {
        names.same(&r[1], entity) && overlaps(&r[3], value) && overlaps(&r[2], attribute)
    };
    tallies.insert(
        "comparison",
        Tally {
            found: cells
                .iter()
                .filter(|c| of(rows, "comparison").any(|r| fills(c, r)))
                .count(),
            gold: cells.len(),
            matched: of(rows, "comparison")
                .filter(|r| cells.iter().any(|c| fills(c, r)))
                .count(),
            rows: of(rows, "comparison").count(),
        },
    );

    // Relations: the row joins the two concepts.
    let relations = gold["relations"].as_array().cloned().unwrap_or_default();
    let joins = |g: &Value, r: &Row| {
        let (a, b) = (g["a"].as_str().unwrap(), g["b"].as_str().unwrap());
        (names.same(&r[1], a) && names.same(&r[3], b))
            || (!g["directed"].as_bool().unwrap_or(false)
                && names.same(&r[1], b)
                && names.same(&r[3], a))
    };
    tallies.insert(
        "relation",
        Tally {
            found: relations
                .iter()
                .filter(|g| of(rows, "relation").any(|r| joins(g, r)))
                .count(),
            gold: relations.len(),
            matched: of(rows, "relation")
                .filter(|r| relations.iter().any(|g| joins(g, r)))
                .count(),
            rows: of(rows, "relation").count(),
        },
    );
    tallies
}

/// Scores one held-out case and holds it to its floors: the mean F1 over
/// kinds, and each kind's F1.
fn check(case: &str, mean_floor: f64, kind_floors: &[(&str, f64)]) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/heldout")
        .join(case);
    let notes = util::case_notes("tests/heldout", case);
    let gold: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("gold.json")).unwrap()).unwrap();
    let tallies = score(&gold, &extract(&notes));
    let report: Vec<String> = tallies
        .iter()
        .map(|(kind, t)| {
            format!(
                "{kind}: {}/{} found, {}/{} rows match, F1 {:.3}",
                t.found,
                t.gold,
                t.matched,
                t.rows,
                t.f1()
            )
        })
        .collect();
    let mean = tallies.values().map(Tally::f1).sum::<f64>() / tallies.len() as f64;
    let mut failures = Vec::new();
    if mean < mean_floor {
        failures.push(format!("mean F1 {mean:.3} < {mean_floor}"));
    }
    for &(kind, floor) in kind_floors {
        let f1 = tallies[kind].f1();
        if f1 < floor {
            failures.push(format!("{kind} F1 {f1:.3} < {floor}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{case}: {}\n{}",
        failures.join("; "),
        report.join("\n")
    );
}

// Floors a little under the figures of the commit that set them (mean F1
// .821, .821, .772; comparison F1 .857, .778, .714; relation F1 .520, .429,
// .333).

#[test]
fn markdown_aws_notes_by_another_writer() {
    check(
        "md-aws-saa",
        0.79,
        &[
            ("definition", 0.86),
            ("abbreviation", 0.92),
            ("enumeration", 0.78),
            ("comparison", 0.83),
            ("relation", 0.49),
        ],
    );
}

#[test]
fn plain_text_database_and_network_notes() {
    check(
        "plain-fe-db",
        0.79,
        &[
            ("definition", 0.95),
            ("abbreviation", 0.98),
            ("enumeration", 0.95),
            ("comparison", 0.75),
            ("relation", 0.40),
        ],
    );
}

#[test]
fn terse_indented_security_and_linux_notes() {
    check(
        "terse-sec-linux",
        0.75,
        &[
            ("definition", 0.85),
            ("abbreviation", 0.98),
            ("enumeration", 0.91),
            ("comparison", 0.69),
            ("relation", 0.30),
        ],
    );
}

// The three below came in a later batch (first scores: mean F1 .464, .367,
// .402); floors a little under the figures of the commit that set them
// (mean F1 .752, .711, .771).

#[test]
fn markdown_blog_prose_on_networking() {
    check(
        "blog-vpc",
        0.73,
        &[
            ("definition", 0.81),
            ("abbreviation", 0.98),
            ("enumeration", 0.56),
            ("comparison", 0.64),
            ("relation", 0.64),
        ],
    );
}

#[test]
fn mock_exam_review_log_with_labels_and_arrows() {
    check(
        "exam-review",
        0.69,
        &[
            ("definition", 0.79),
            ("abbreviation", 0.86),
            ("enumeration", 0.86),
            ("comparison", 0.35),
            ("relation", 0.57),
        ],
    );
}

#[test]
fn numbered_sections_with_label_lines() {
    check(
        "numbered-security",
        0.75,
        &[
            ("definition", 0.80),
            ("abbreviation", 0.83),
            ("enumeration", 0.67),
            ("comparison", 0.70),
            ("relation", 0.73),
        ],
    );
}
