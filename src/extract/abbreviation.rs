//! Abbreviations: a short form and its expansion side by side in brackets.
//!
//! Rows: `abbreviation | SHORT | stands_for | Long Form`.

use std::collections::BTreeMap;

use super::{FactKind, Input, Rule, text};

/// Words that acronyms usually skip (`IOPS` = Input Output per Second keeps
/// "per", `CoS` skips "of").
const MINOR_WORDS: &[&str] = &["of", "for", "and", "the", "to", "in", "on", "a", "an"];

/// 「EFS(Elastic File System)」「Simple Queue Service(SQS)」「VGW:Virtual Private Gateway」:
/// either order, full-width brackets too (they arrive NFKC-folded), a gloss
/// after a colon ignored. A translation or code in brackets that does not
/// expand the short form (「大阪リージョン (Osaka)」) is not an abbreviation.
///
/// ```text
/// RTO(Recovery Time Objective:目標復旧時間)を定める
/// → abbreviation | RTO | stands_for | Recovery Time Objective
/// ```
pub static PARENTHESISED: Rule = Rule {
    name: "abbreviation/parenthesised",
    kind: FactKind::Abbreviation,
    examples: &[
        (
            "RTO(Recovery Time Objective:目標復旧時間)を定める",
            "abbreviation|RTO|stands_for|Recovery Time Objective",
        ),
        (
            "Amazon Simple Email Service(SES)はメール送信サービス",
            "abbreviation|SES|stands_for|Simple Email Service",
        ),
        (
            "VLAN（Virtual LAN）でネットワークを分ける",
            "abbreviation|VLAN|stands_for|Virtual LAN",
        ),
        (
            "**MTTR**（平均修復時間: Mean Time To Repair）を短くする",
            "abbreviation|MTTR|stands_for|Mean Time To Repair",
        ),
    ],
    run: |input, sink| {
        // Latin expansions win over katakana readings of the same short form.
        let mut found: BTreeMap<String, Vec<(usize, String)>> = BTreeMap::new();
        for (index, node) in input.outline.nodes.iter().enumerate() {
            for (short, long) in pairs(input, &node.text) {
                found.entry(short).or_default().push((index, long));
            }
        }
        let mut rows: Vec<(usize, String, String)> = Vec::new();
        for (short, longs) in found {
            let any_latin = longs.iter().any(|(_, l)| l.is_ascii());
            for (index, long) in longs {
                if long.is_ascii() || !any_latin {
                    rows.push((index, short.clone(), long));
                }
            }
        }
        rows.sort();
        for (index, short, long) in rows {
            sink.push(
                input,
                index,
                FactKind::Abbreviation,
                &short,
                "stands_for",
                &long,
                PARENTHESISED.name,
                0,
            );
        }
    },
};

/// The (short, long) pairs of one line.
fn pairs(input: &Input, text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if !text.contains('(') {
        return out;
    }
    for (whole, inner) in text::round_brackets(text) {
        let inner = text[inner].trim();
        let before = &text[..whole.start];
        let (head, gloss) = match inner.split_once(':') {
            Some((h, g)) => (h.trim(), Some(g.trim())),
            None => (inner, None),
        };
        let word_before = trailing_latin(before);
        // 「SHORT(Long Form)」 or 「X(SHORT:Long Form)」.
        if is_short_form(head) {
            if let Some(long) = gloss.filter(|g| is_latin_phrase(g))
                && expands(input, head, long)
            {
                out.push((head.to_string(), long.to_string()));
                continue;
            }
            // 「Long Form(SHORT)」.
            if let Some(long) = best_expansion(input, head, word_before) {
                out.push((head.to_string(), long));
            }
            continue;
        }
        let last_word = word_before.rsplit(' ').next().unwrap_or("");
        if !is_short_form(last_word) {
            continue;
        }
        if (is_latin_phrase(head) && expands(input, last_word, head))
            || (is_katakana_phrase(head) && gloss.is_none())
        {
            out.push((last_word.to_string(), head.to_string()));
        } else if let Some(long) =
            gloss.filter(|g| is_latin_phrase(g) && expands(input, last_word, g))
        {
            // 「RTO(目標復旧時間:Recovery Time Objective)」: a translation, then the expansion.
            out.push((last_word.to_string(), long.to_string()));
        }
    }
    out
}

/// `EFS`, `I/O`, `IOPS`, `IPv6`: 2–8 characters, Latin, mostly capitals.
fn is_short_form(word: &str) -> bool {
    let n_chars = word.chars().count();
    let n_upper = word.chars().filter(|c| c.is_ascii_uppercase()).count();
    (2..=8).contains(&n_chars)
        && n_upper >= 2
        && word.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '&' | '-'))
}

fn is_latin_phrase(text: &str) -> bool {
    text.chars().any(|c| c.is_ascii_alphabetic())
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '-' | '/' | '&' | '.' | '\''))
        && (text.contains(' ') || text.contains('-') || text.contains('/'))
}

fn is_katakana_phrase(text: &str) -> bool {
    text.chars().count() >= 3 && text.chars().all(|c| ('\u{30A0}'..='\u{30FF}').contains(&c))
}

/// The Latin words at the end of `text` (`…のActive Directory` → `Active Directory`).
fn trailing_latin(text: &str) -> &str {
    let start = text
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_alphanumeric() || matches!(c, ' ' | '-' | '/' | '&' | '.'))
        .last()
        .map_or(text.len(), |(i, _)| i);
    text[start..].trim()
}

/// The shortest run of trailing words that expands `short`.
fn best_expansion(input: &Input, short: &str, words_before: &str) -> Option<String> {
    let words: Vec<&str> = words_before.split(' ').filter(|w| !w.is_empty()).collect();
    (0..words.len())
        .rev()
        .map(|start| words[start..].join(" "))
        .filter(|long| long.contains(' ') || long.contains('-'))
        .find(|long| expands(input, short, long))
}

/// Whether `long` expands `short`: by initials, or because the catalog lists
/// both as names of one concept.
fn expands(input: &Input, short: &str, long: &str) -> bool {
    if initials_match(short, long) {
        return true;
    }
    // (the long form is looked up only if the short one names an entry)
    input
        .catalog
        .lookup(short)
        .is_some_and(|a| input.catalog.lookup(long).is_some_and(|b| a.name == b.name))
}

/// `KVS` ~ `Key-Value Store`, `IOPS` ~ `Input Output per Second`,
/// `I/O` ~ `Input/Output`, `VLAN` ~ `Virtual LAN`.
pub fn initials_match(short: &str, long: &str) -> bool {
    let letters: String = short
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let words: Vec<&str> = long
        .split([' ', '-', '/'])
        .filter(|w| !w.is_empty())
        .collect();
    // (compared as they are spelled, no string built)
    let initials = |skip_minor: bool| {
        words
            .iter()
            .filter(move |w| !(skip_minor && MINOR_WORDS.iter().any(|m| w.eq_ignore_ascii_case(m))))
            .flat_map(|w| {
                // An all-capitals word inside the long form (LAN) counts whole.
                let whole = w.len() > 1 && w.chars().all(|c| c.is_ascii_uppercase());
                w.chars()
                    .take(if whole { w.len() } else { 1 })
                    .map(|c| c.to_ascii_lowercase())
            })
    };
    words.len() >= 2
        && (initials(false).eq(letters.chars())
            || initials(true).eq(letters.chars())
            || letters_within(letters.as_bytes(), &words))
}

/// Whether `letters` spell each word's initial in order, some words giving
/// further letters from inside them (`DBMS` ~ `DataBase Management System`,
/// `DB` ~ `Database`); minor words (of, for) may give none.
fn letters_within(letters: &[u8], words: &[&str]) -> bool {
    let Some((word, rest)) = words.split_first() else {
        return letters.is_empty();
    };
    let lower = word.to_ascii_lowercase();
    let word = lower.as_bytes();
    if MINOR_WORDS.contains(&lower.as_str()) && letters_within(letters, rest) {
        return true;
    }
    if letters.first() != word.first() {
        return false;
    }
    // The initial, then letters taken in order from the rest of the word.
    let mut taken = 1;
    let mut at = 1;
    loop {
        if letters_within(&letters[taken..], rest) {
            return true;
        }
        let Some(&next) = letters.get(taken) else {
            return false;
        };
        match word[at..].iter().position(|&c| c == next) {
            Some(found) => {
                at += found + 1;
                taken += 1;
            }
            None => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials() {
        assert!(initials_match("KVS", "Key-Value Store"));
        assert!(initials_match("IOPS", "Input Output per Second"));
        assert!(initials_match("I/O", "Input/Output"));
        assert!(initials_match("VLAN", "Virtual LAN"));
        assert!(!initials_match("OS", "Windows Server"));
        assert!(initials_match("DBMS", "Database Management System"));
        assert!(initials_match("CIDR", "Classless Inter-Domain Routing"));
        assert!(!initials_match("DBMS", "Data Management System"));
        assert!(!initials_match("SMB", "Server Message"));
    }

    #[test]
    fn short_forms() {
        assert!(is_short_form("EFS"));
        assert!(is_short_form("I/O"));
        assert!(!is_short_form("Chef"));
        assert!(!is_short_form("M"));
    }

    #[test]
    fn trailing_words() {
        assert_eq!(
            trailing_latin("MicrosoftのActive Directory"),
            "Active Directory"
        );
        assert_eq!(trailing_latin("AWS Direct Connect"), "AWS Direct Connect");
    }

    /// The initials compared as spelled are those a string of them holds.
    #[test]
    fn initials_as_strings() {
        fn by_strings(short: &str, long: &str) -> bool {
            let letters: String = short
                .chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .map(|c| c.to_ascii_lowercase())
                .collect();
            let words: Vec<&str> = long
                .split([' ', '-', '/'])
                .filter(|w| !w.is_empty())
                .collect();
            let initials = |skip_minor: bool| -> String {
                words
                    .iter()
                    .filter(|w| {
                        !(skip_minor && MINOR_WORDS.contains(&w.to_ascii_lowercase().as_str()))
                    })
                    .flat_map(|w| {
                        if w.len() > 1 && w.chars().all(|c| c.is_ascii_uppercase()) {
                            w.to_ascii_lowercase().chars().collect::<Vec<_>>()
                        } else {
                            w.chars()
                                .next()
                                .map(|c| c.to_ascii_lowercase())
                                .into_iter()
                                .collect()
                        }
                    })
                    .collect()
            };
            words.len() >= 2
                && (initials(false) == letters
                    || initials(true) == letters
                    || letters_within(letters.as_bytes(), &words))
        }
        let words = ["Of", "of", "LAN", "L", "Ab", "bc", "É", "éx", "AB-c", "a/B"];
        let shorts = [
            "", "A", "AB", "OLAN", "OL", "LAN", "LAB", "AL", "É", "ÉA", "a/b",
        ];
        for a in words {
            for b in words {
                for c in ["", " ", " of ", "-"] {
                    let long = format!("{a} {b}{c}{a}");
                    for short in shorts {
                        assert_eq!(
                            initials_match(short, &long),
                            by_strings(short, &long),
                            "{short:?} {long:?}"
                        );
                    }
                }
            }
        }
    }
}
