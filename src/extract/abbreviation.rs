//! Abbreviations: a short form and its expansion side by side in brackets
//! (the expansion in Latin letters, or in katakana that sounds it out), or
//! said in words (「XはYの略」, 「略してX」, 「X=Y」).
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
        (
            "サブネットはアベイラビリティーゾーン（AZ）ごとに作る",
            "abbreviation|AZ|stands_for|アベイラビリティーゾーン",
        ),
        (
            "ACUはAurora Capacity Unitの略で、容量の単位",
            "abbreviation|ACU|stands_for|Aurora Capacity Unit",
        ),
        (
            "正式名称はVirtual Private Cloudで、略してVPCと呼ぶ",
            "abbreviation|VPC|stands_for|Virtual Private Cloud",
        ),
        (
            "覚え方: IA=Infrequent Access",
            "abbreviation|IA|stands_for|Infrequent Access",
        ),
    ],
    run: |input, sink| {
        // Latin expansions win over katakana readings of the same short form.
        let mut found: BTreeMap<String, Vec<(usize, String)>> = BTreeMap::new();
        for (index, node) in input.outline.nodes.iter().enumerate() {
            for (short, long) in pairs(input, index).into_iter().chain(stated(&node.text)) {
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

/// The (short, long) pairs of one line, node `index`.
fn pairs(input: &Input, index: usize) -> Vec<(String, String)> {
    let text = input.outline.nodes[index].text.as_str();
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
            // 「Long Form(SHORT)」, the long form in Latin letters or in katakana.
            if let Some(long) = best_expansion(input, head, word_before)
                .or_else(|| katakana_expansion(input, index, whole.start, head))
            {
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

/// Abbreviations a sentence states in words: 「ACUはAurora Capacity Unitの略」
/// 「MFA:Multi-Factor Authenticationの略」 (said outright, so the long form is
/// taken as written), and 「正式名称はVirtual Private Cloudで、略してVPC」
/// (the long form must spell the short one).
fn stated(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if !text.contains("略") && !text.contains(['=', ':']) {
        return out;
    }
    // 「SHORTはLONGの略」: the short form opens the clause.
    for (at, _) in text.match_indices("の略") {
        let clause = clause_before(&text[..at]);
        let split = ["は", ":", "=", "とは"]
            .iter()
            .filter_map(|mark| clause.find(mark).map(|i| (i, mark.len())))
            .min();
        if let Some((i, len)) = split {
            let (short, long) = (clause[..i].trim(), clause[i + len..].trim());
            if is_short_form(short) && !long.is_empty() && long.chars().count() <= 60 {
                out.push((short.to_string(), long.to_string()));
            }
        }
    }
    // 「SHORT=Long Form」 (a gloss after an equals sign or a colon) when
    // the long form spells the short one.
    for (at, mark) in text.match_indices(['=', ':']) {
        let short = text[..at]
            .trim_end()
            .rsplit([' ', '、', '(', '「'])
            .next()
            .unwrap_or("");
        let after = text[at + mark.len()..].trim_start();
        let end = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, ' ' | '-' | '/' | '&')))
            .unwrap_or(after.len());
        let long = after[..end].trim();
        if is_short_form(short) && is_latin_phrase(long) && initials_match(short, long) {
            out.push((short.to_string(), long.to_string()));
        }
    }
    // 「LONG(で)、略してSHORT」.
    for (at, mark) in text.match_indices("略して") {
        let after = &text[at + mark.len()..];
        let short_len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '/' || c == '&' || c == '-'))
            .unwrap_or(after.len());
        let short = &after[..short_len];
        let before = text[..at].trim_end_matches(['、', ',', ' ']);
        let before = before.strip_suffix("で").unwrap_or(before);
        let long = trailing_latin(clause_before(before));
        if is_short_form(short) && initials_match(short, long) {
            out.push((short.to_string(), long.to_string()));
        }
    }
    out
}

/// The clause that ends `text`: what follows its last 、 。 or bracket.
fn clause_before(text: &str) -> &str {
    let start = text
        .rfind(['、', '。', '(', ')', '「', '」'])
        .map_or(0, |i| {
            i + text[i..].chars().next().map_or(1, char::len_utf8)
        });
    text[start..].trim()
}

/// A katakana long form right before a short form in brackets
/// (「アベイラビリティーゾーン(AZ)」, 「ネットワークACL(NACL)」): the shortest run
/// of the words before the bracket, each in katakana or capitals, whose
/// sounds spell the short form ([`spelled_by_sounds`]).
fn katakana_expansion(input: &Input, index: usize, bracket: usize, short: &str) -> Option<String> {
    let text = input.outline.nodes[index].text.as_str();
    let tokens = &input.node_tokens(index).tokens;
    let last = tokens.iter().rposition(|t| t.byte_range.end == bracket)?;
    let mut start = bracket;
    let mut words: Vec<String> = Vec::new();
    for token in tokens[..=last].iter().rev().take(MAX_LONG_WORDS) {
        let surface = &text[token.byte_range.clone()];
        // A word of the user dictionary may mix both (ネットワークACL).
        let runs = sound_runs(surface);
        if runs.is_empty() || token.byte_range.end != start {
            break;
        }
        start = token.byte_range.start;
        words.splice(0..0, runs);
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        if text[start..bracket].chars().any(is_katakana) && spelled_by_sounds(short, &refs) {
            return Some(text[start..bracket].to_string());
        }
    }
    None
}

/// A word as the runs it is spelled in, romanized: katakana ones through
/// [`romanized`], capitals as they are (ネットワークACL → netowaku, acl); none
/// if it holds anything else.
fn sound_runs(surface: &str) -> Vec<String> {
    let mut runs: Vec<(bool, String)> = Vec::new();
    for c in surface.chars() {
        let kana = is_katakana(c);
        if !kana && !c.is_ascii_uppercase() {
            return Vec::new();
        }
        match runs.last_mut() {
            Some((k, run)) if *k == kana => run.push(c),
            _ => runs.push((kana, c.to_string())),
        }
    }
    runs.into_iter()
        .map(|(kana, run)| {
            if kana {
                romanized(&run)
            } else {
                run.to_ascii_lowercase()
            }
        })
        .collect()
}

/// At most this many words make a long form in katakana.
const MAX_LONG_WORDS: usize = 6;

fn is_katakana(c: char) -> bool {
    ('\u{30A1}'..='\u{30FA}').contains(&c) || c == 'ー'
}

/// Whether `short`'s letters are the initials of `words` (romanized), some
/// taken from inside them as [`letters_within`] allows; letters that
/// katakana cannot tell apart (c/k/q, l/r, b/v) count as one.
fn spelled_by_sounds(short: &str, words: &[&str]) -> bool {
    let fold = |c: char| match c.to_ascii_lowercase() {
        'c' | 'q' => 'k',
        'l' => 'r',
        'v' => 'b',
        other => other,
    };
    let letters: String = short
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(fold)
        .collect();
    let words: Vec<String> = words
        .iter()
        .map(|w| w.chars().map(fold).collect())
        .collect();
    let refs: Vec<&str> = words.iter().map(String::as_str).collect();
    letters_within(letters.as_bytes(), &refs)
}

/// Katakana in Latin letters, as loanwords spell their sounds (ゲートウェイ →
/// getowei): enough to tell which letters a word starts with and holds.
fn romanized(katakana: &str) -> String {
    const ROWS: [(&str, &str); 10] = [
        ("アイウエオ", ""),
        ("カキクケコ", "k"),
        ("サシスセソ", "s"),
        ("タチツテト", "t"),
        ("ナニヌネノ", "n"),
        ("ハヒフヘホ", "h"),
        ("マミムメモ", "m"),
        ("ラリルレロ", "r"),
        ("ガギグゲゴ", "g"),
        ("ザジズゼゾ", "z"),
    ];
    const MORE: [(&str, &str); 6] = [
        ("ダヂヅデド", "d"),
        ("バビブベボ", "b"),
        ("パピプペポ", "p"),
        ("ヤ ユ ヨ", "y"),
        ("ワ   ヲ", "w"),
        ("ァィゥェォ", ""),
    ];
    const VOWELS: [char; 5] = ['a', 'i', 'u', 'e', 'o'];
    let mut out = String::new();
    let chars: Vec<char> = katakana.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let next_small = chars
            .get(i + 1)
            .is_some_and(|n| "ァィェォャュョ".contains(*n));
        let sound = match c {
            'ン' => Some(("n", None)),
            'ヴ' => Some(("b", Some(2))),
            'フ' => Some(("f", Some(2))),
            'シ' => Some(("sh", Some(1))),
            'チ' => Some(("ch", Some(1))),
            'ジ' => Some(("j", Some(1))),
            'ャ' => Some(("ya", None)),
            'ュ' => Some(("yu", None)),
            'ョ' => Some(("yo", None)),
            // ウィ ウェ ウォ: w.
            'ウ' if chars.get(i + 1).is_some_and(|n| "ィェォ".contains(*n)) => {
                Some(("w", None))
            }
            _ => None,
        };
        if let Some((consonant, vowel)) = sound {
            out.push_str(consonant);
            if let Some(v) = vowel
                && !next_small
            {
                out.push(VOWELS[v]);
            }
            continue;
        }
        if let Some((row, consonant)) = ROWS
            .iter()
            .chain(MORE.iter())
            .find(|(row, _)| row.contains(c))
        {
            let column = row.chars().position(|r| r == c).unwrap_or(0);
            out.push_str(consonant);
            // Before a small vowel only the consonant sounds (ティ → ti).
            if !next_small || consonant.is_empty() {
                out.push(VOWELS[column]);
            }
        }
        // ー and ッ add no letter.
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
    fn katakana_is_romanized_by_its_sounds() {
        assert_eq!(romanized("ゲートウェイ"), "getowei");
        assert_eq!(romanized("アベイラビリティー"), "abeirabiriti");
        assert_eq!(romanized("ゾーン"), "zon");
        assert_eq!(romanized("セキュリティ"), "sekyuriti");
        assert_eq!(romanized("ファイル"), "fairu");
        assert_eq!(sound_runs("ネットワークACL"), ["netowaku", "acl"]);
        assert!(sound_runs("ネットワーク層").is_empty());
        assert!(spelled_by_sounds("IGW", &["intanetto", "getowei"]));
        assert!(spelled_by_sounds("AZ", &["abeirabiriti", "zon"]));
        assert!(spelled_by_sounds("ELB", &["erasutikku", "rodo", "baransa"]));
        assert!(spelled_by_sounds("NACL", &["netowaku", "acl"]));
        assert!(!spelled_by_sounds("EC2", &["sabisu"]));
        assert!(!spelled_by_sounds("VPC", &["abeirabiriti", "zon"]));
    }

    #[test]
    fn abbreviations_said_in_words() {
        assert_eq!(
            stated("MFA:Multi-Factor Authenticationの略。多要素認証のこと。"),
            [
                ("MFA".to_string(), "Multi-Factor Authentication".to_string()),
                ("MFA".to_string(), "Multi-Factor Authentication".to_string()),
            ]
        );
        assert_eq!(
            stated("PIIとはPersonally Identifiable Informationの略"),
            [(
                "PII".to_string(),
                "Personally Identifiable Information".to_string()
            )]
        );
        // 略して needs the long form to spell the short one; so does a gloss.
        assert!(stated("名前はAmazon Web Serviceで、略してEC2という").is_empty());
        assert!(stated("料金: 従量課金").is_empty());
        assert!(stated("EC2=Simple Storage").is_empty());
        assert!(stated("その他の略語").is_empty());
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
