//! Comparisons: two or more concepts contrasted attribute by attribute.
//!
//! Rows: `comparison | entity | attribute | value`, one per cell.

use std::collections::{BTreeSet, HashSet};

use super::text::{bracket_depth, is_noun_phrase, is_nounish, strip_definition_ending, tokens_in};
use super::{FactKind, Input, Rule, definition};
use crate::outline::NodeKind;
use crate::tokens::Token;

/// The laid-out form: an entity line, then attribute bullets each with its
/// value under it, entity after entity, with attribute names in common.
///
/// ```text
/// RAID1
/// ・容量効率
/// 50%
/// RAID5
/// ・容量効率
/// (n-1)/n
/// → comparison | RAID1 | 容量効率 | 50%
/// ```
pub static LAID_OUT: Rule = Rule {
    name: "comparison/laid-out",
    kind: FactKind::Comparison,
    examples: &[
        (
            "RAIDの違い\nRAID1\n・容量効率\n50%\n・耐障害性\n1台まで\nRAID5\n・容量効率\n(n-1)/n\n・耐障害性\n1台まで",
            "comparison|RAID5|容量効率|(n-1)/n",
        ),
        (
            "TCPとUDPの違い\nTCP\n・信頼性\n高い\nUDP\n・信頼性\n低い",
            "comparison|UDP|信頼性|低い",
        ),
    ],
    run: |input, sink| {
        for table in laid_out_tables(input) {
            let group = sink.group();
            for (entity, cells) in &table {
                let name = definition::term_name(&input.outline.nodes[*entity].text);
                for (attribute, value) in cells {
                    sink.push(
                        input,
                        *entity,
                        FactKind::Comparison,
                        &name,
                        attribute,
                        value,
                        LAID_OUT.name,
                        group,
                    );
                }
            }
        }
    },
};

/// A Markdown table: entities are the header cells when the first header
/// cell names the attributes (項目 "item", 比較 "comparison", 観点 "aspect"),
/// otherwise the first column.
///
/// ```text
/// | 項目 | TCP | UDP |
/// |---|---|---|
/// | 信頼性 | 高い | 低い |
/// → comparison | TCP | 信頼性 | 高い
/// ```
pub static TABLE: Rule = Rule {
    name: "comparison/table",
    kind: FactKind::Comparison,
    examples: &[
        (
            "| 項目 | TCP | UDP |\n|---|---|---|\n| 信頼性 | 高い | 低い |",
            "comparison|UDP|信頼性|低い",
        ),
        (
            "| 方式 | 速度 | 費用 |\n|---|---|---|\n| 専用線 | 速い | 高い |\n| VPN | 普通 | 安い |",
            "comparison|VPN|費用|安い",
        ),
    ],
    run: |input, sink| {
        let nodes = &input.outline.nodes;
        let mut i = 0;
        while i < nodes.len() {
            if nodes[i].kind != NodeKind::TableRow {
                i += 1;
                continue;
            }
            let start = i;
            while i < nodes.len()
                && nodes[i].kind == NodeKind::TableRow
                && nodes[i].parent == nodes[start].parent
            {
                i += 1;
            }
            let rows: Vec<usize> = (start..i).collect();
            if rows.len() < 2 {
                continue;
            }
            let header = &nodes[rows[0]].cells;
            let group = sink.group();
            let attribute_first = ATTRIBUTE_HEADERS.contains(&header[0].as_str());
            for &row in &rows[1..] {
                let cells = &nodes[row].cells;
                for (column, value) in cells.iter().enumerate().skip(1) {
                    let Some(column_name) = header.get(column) else {
                        continue;
                    };
                    let (entity, attribute) = if attribute_first {
                        (column_name.as_str(), cells[0].as_str())
                    } else {
                        (cells[0].as_str(), column_name.as_str())
                    };
                    sink.push(
                        input,
                        row,
                        FactKind::Comparison,
                        entity,
                        attribute,
                        value,
                        TABLE.name,
                        group,
                    );
                }
            }
        }
    },
};

/// First header cells that mean "the rows are attributes":
/// 項目 "item", 比較 "comparison", 観点 "aspect", 比較項目 "compared item".
const ATTRIBUTE_HEADERS: &[&str] = &["", "項目", "比較", "観点", "比較項目", "特徴", "違い"];

/// The entity nodes of all laid-out comparisons (so lists skip them).
pub fn compared_entities(input: &Input) -> HashSet<usize> {
    laid_out_tables(input)
        .into_iter()
        .flat_map(|t| t.into_iter().map(|(e, _)| e))
        .collect()
}

type Table = Vec<(usize, Vec<(String, String)>)>;

/// Groups of sibling entities whose attribute names overlap.
fn laid_out_tables(input: &Input) -> Vec<Table> {
    let nodes = &input.outline.nodes;
    let candidates: Vec<(usize, Vec<(String, String)>)> = nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| {
            matches!(
                n.kind,
                NodeKind::Topic | NodeKind::Bullet | NodeKind::Heading
            )
        })
        .map(|(i, _)| (i, attribute_cells(input, i)))
        .filter(|(_, cells)| !cells.is_empty())
        .collect();
    let mut tables: Vec<Table> = Vec::new();
    let mut current: Table = Vec::new();
    for (index, cells) in candidates {
        let names: BTreeSet<&str> = cells.iter().map(|(a, _)| a.as_str()).collect();
        let joins = current.last().is_some_and(|(previous, previous_cells)| {
            let previous_names: BTreeSet<&str> =
                previous_cells.iter().map(|(a, _)| a.as_str()).collect();
            nodes[*previous].kind == nodes[index].kind
                && nodes[*previous].parent == nodes[index].parent
                && names.intersection(&previous_names).count() * 2
                    >= names.len().min(previous_names.len())
        });
        if !joins {
            if current.len() >= 2 {
                tables.push(std::mem::take(&mut current));
            }
            current.clear();
        }
        current.push((index, cells));
    }
    if current.len() >= 2 {
        tables.push(current);
    }
    tables
}

/// The (attribute, value) pairs under an entity: bullets each with one
/// explanation line, or label/value line pairs whose labels are short.
fn attribute_cells(input: &Input, entity: usize) -> Vec<(String, String)> {
    let nodes = &input.outline.nodes;
    let children: Vec<usize> = input.outline.children(entity).collect();
    let bullets: Vec<usize> = children
        .iter()
        .copied()
        .filter(|&c| nodes[c].kind == NodeKind::Bullet)
        .collect();
    if !bullets.is_empty() {
        let cells: Vec<(String, String)> = bullets
            .iter()
            .filter_map(|&b| {
                let value: Vec<&str> = input
                    .outline
                    .children(b)
                    .filter(|&v| nodes[v].kind == NodeKind::Text)
                    .map(|v| nodes[v].text.as_str())
                    .collect();
                (value.len() == 1 && nodes[b].text.chars().count() <= 20)
                    .then(|| (nodes[b].text.clone(), value[0].to_string()))
            })
            .collect();
        if cells.len() == bullets.len() {
            return cells;
        }
        return Vec::new();
    }
    // Label, value, label, value … as plain lines, or 「label:value」 lines.
    let texts: Vec<usize> = children
        .iter()
        .copied()
        .filter(|&c| nodes[c].kind == NodeKind::Text)
        .collect();
    let mut pairs = Vec::new();
    let mut at = 0;
    while at < texts.len() {
        let text = &nodes[texts[at]].text;
        if let Some((label, value)) = text.split_once(':')
            && is_label(label)
            && !value.trim().is_empty()
        {
            pairs.push((label.trim().to_string(), value.trim().to_string()));
            at += 1;
        } else if is_label(text) && at + 1 < texts.len() && !is_label(&nodes[texts[at + 1]].text) {
            pairs.push((text.clone(), nodes[texts[at + 1]].text.clone()));
            at += 2;
        } else {
            at += 1;
        }
    }
    pairs
}

/// A short name that can label a value (用途, 接続先, 例).
fn is_label(text: &str) -> bool {
    let n = text.trim().chars().count();
    (1..=8).contains(&n)
        && text
            .chars()
            .all(|c| !('\u{3041}'..='\u{309F}').contains(&c) || c == 'の')
}

/// Connectives that end the first half of a contrast:
/// 「…のに対して」「…に対し、」 "whereas", 「…が、」 "but".
const CONTRAST_ENDINGS: &[&str] = &[
    "であるのに対して",
    "なのに対して",
    "のに対して",
    "であるのに対し",
    "なのに対し",
    "のに対し",
    "などに対し",
    "に対し",
];
/// Words that open the second half: 一方 "on the other hand", 対して "in contrast".
const CONTRAST_OPENERS: &[&str] = &["一方で", "一方", "対して", "これに対して"];

/// Prose that contrasts two concepts: 「AはXなのに対して、BはY」, 「AはX。一方、BはY」,
/// 「AはX、BはY」. The attribute is what X and Y share; the values are X and Y.
///
/// ```text
/// HDDは磁気ディスクに記録するのに対して、SSDはフラッシュメモリに記録する
/// → comparison | SSD | 記録 | フラッシュメモリに記録する
/// ```
pub static CONTRAST: Rule = Rule {
    name: "comparison/contrast",
    kind: FactKind::Comparison,
    examples: &[
        (
            "HDDは磁気ディスクに記録するのに対して、SSDはフラッシュメモリに記録する",
            "comparison|SSD|記録|フラッシュメモリに記録する",
        ),
        (
            "プロセスはメモリ空間を独立して持つ。一方、スレッドはメモリ空間を共有して持つ",
            "comparison|プロセス|メモリ空間|メモリ空間を独立して持つ",
        ),
        (
            "同期処理は応答を待って次の処理へ進み、非同期処理は応答を待たずに次の処理へ進む",
            "comparison|非同期処理|処理|応答を待たずに次の処理へ進む",
        ),
    ],
    run: |input, sink| {
        for (index, node) in input.outline.nodes.iter().enumerate() {
            if node.kind == NodeKind::TableRow {
                continue;
            }
            let tokens = &input.node_tokens(index).tokens;
            let clauses = clauses(&node.text);
            for pair in clauses.windows(2) {
                let (first, second) = (&pair[0], &pair[1]);
                let Some((a, x)) = subject_and_rest(&node.text, tokens, first.clone()) else {
                    continue;
                };
                let second_start = skip_openers(&node.text, second.start);
                let Some((b, y)) = subject_and_rest(&node.text, tokens, second_start..second.end)
                else {
                    continue;
                };
                let first_text = &node.text[x.clone()];
                // The first half must read as a contrast: a connective, or a
                // sentence end with 一方 opening the second.
                let connective = CONTRAST_ENDINGS
                    .iter()
                    .find(|e| first_text.trim_end_matches(['、', '。']).ends_with(*e));
                let opened = second_start != second.start;
                // 「AはX、BはY」: both halves marked by は, the first ending in a
                // continuative form, not a reason (ので、ため、) or a concession (が、).
                let first_clause = node.text[first.clone()].trim_end_matches('、');
                let parallel = node.text[first.clone()].ends_with('、')
                    && !NOT_PARALLEL.iter().any(|e| first_clause.ends_with(e))
                    && [&a, &b]
                        .iter()
                        .all(|r| node.text[r.end..].starts_with('は'))
                    && [&a, &b]
                        .iter()
                        .all(|r| is_named(&tokens[tokens_in(tokens, r)]));
                if connective.is_none() && !opened && !parallel {
                    continue;
                }
                if super::text::clean_phrase(&node.text[a.clone()])
                    == super::text::clean_phrase(&node.text[b.clone()])
                {
                    continue;
                }
                let mut x_end = x.start + first_text.trim_end_matches(['、', '。']).len();
                if let Some(c) = connective {
                    x_end -= c.len();
                }
                let x = x.start..x_end;
                let y_text = node.text[y.clone()].trim_end_matches(['、', '。']);
                let y = y.start..y.start + y_text.len();
                let Some(attribute) = shared_run(&node.text, tokens, &x, &y) else {
                    continue;
                };
                let group = sink.group();
                let x_value = strip_continuative(strip_definition_ending(&node.text[x]));
                let y_value = strip_continuative(strip_definition_ending(&node.text[y]));
                sink.push(
                    input,
                    index,
                    FactKind::Comparison,
                    &definition::term_name(&node.text[a]),
                    &attribute,
                    x_value,
                    CONTRAST.name,
                    group,
                );
                sink.push(
                    input,
                    index,
                    FactKind::Comparison,
                    &definition::term_name(&node.text[b]),
                    &attribute,
                    y_value,
                    CONTRAST.name,
                    group,
                );
            }
        }
    },
};

/// Clause endings that join by reason, concession or continuation rather
/// than contrast: ので/ため "because", が/けど "but", ており/ていて "and so".
const NOT_PARALLEL: &[&str] = &[
    "ので",
    "ため",
    "から",
    "が",
    "けど",
    "ており",
    "ていて",
    "てお",
];

/// A named thing rather than an ordinary word: several tokens, a domain word
/// or Latin letters.
fn is_named(tokens: &[Token]) -> bool {
    tokens.len() > 1
        || tokens
            .iter()
            .any(|t| t.is_domain_word() || t.surface.chars().any(|c| c.is_ascii_alphabetic()))
}

/// A clause value without its continuative ending (「…ノードで」「…使用し」).
fn strip_continuative(value: &str) -> &str {
    for ending in ["で", "し", "であり"] {
        if let Some(rest) = value.strip_suffix(ending)
            && rest.chars().count() >= 2
        {
            return rest;
        }
    }
    value
}

/// Two to four sibling concepts, each explained in lines, whose explanations
/// run in parallel (most words shared): each pair of parallel lines contrasts
/// them on what the lines share.
///
/// ```text
/// ・HDD
/// 磁気ディスクにデータを記録する
/// ・SSD
/// フラッシュメモリにデータを記録する
/// → comparison | SSD | 記録 | フラッシュメモリにデータを記録する
/// ```
pub static PARALLEL: Rule = Rule {
    name: "comparison/parallel",
    kind: FactKind::Comparison,
    examples: &[
        (
            "記録媒体\n・HDD\n磁気ディスクにデータを記録する\n・SSD\nフラッシュメモリにデータを記録する",
            "comparison|SSD|記録|フラッシュメモリにデータを記録する",
        ),
        (
            "キャッシュの方式\n・ライトスルー\n書き込み時にキャッシュと主記憶の両方へ同時に書き込む\n・ライトバック\n書き込み時にキャッシュだけへ先に書き込む",
            "comparison|ライトバック|キャッシュ|書き込み時にキャッシュだけへ先に書き込む",
        ),
    ],
    run: |input, sink| {
        let compared = compared_entities(input);
        let nodes = &input.outline.nodes;
        // Siblings grouped by parent, in one pass.
        let mut siblings: std::collections::BTreeMap<Option<usize>, Vec<usize>> =
            std::collections::BTreeMap::new();
        for (i, node) in nodes.iter().enumerate() {
            if matches!(node.kind, NodeKind::Bullet | NodeKind::Topic) && !compared.contains(&i) {
                siblings.entry(node.parent).or_default().push(i);
            }
        }
        for entities in siblings.into_values() {
            if !(2..=4).contains(&entities.len()) {
                continue;
            }
            let entities: Vec<usize> = entities
                .into_iter()
                .filter(|&i| is_noun_phrase(&input.node_tokens(i).tokens))
                .collect();
            if !(2..=4).contains(&entities.len()) {
                continue;
            }
            let lines: Vec<Vec<usize>> = entities
                .iter()
                .map(|&e| {
                    input
                        .outline
                        .children(e)
                        .filter(|&c| nodes[c].kind == NodeKind::Text)
                        .collect()
                })
                .collect();
            let depth = lines.iter().map(Vec::len).min().unwrap_or(0);
            for k in 0..depth {
                let row: Vec<usize> = lines.iter().map(|l| l[k]).collect();
                let (a, b) = (row[0], row[1]);
                let tokens_a = &input.node_tokens(a).tokens;
                let tokens_b = &input.node_tokens(b).tokens;
                if similarity(tokens_a, tokens_b) < PARALLEL_SIMILARITY {
                    continue;
                }
                let Some(attribute) = shared_between(input, a, b) else {
                    continue;
                };
                let group = sink.group();
                for (&entity, &line) in entities.iter().zip(&row) {
                    let value = strip_definition_ending(&nodes[line].text);
                    sink.push(
                        input,
                        line,
                        FactKind::Comparison,
                        &definition::term_name(&nodes[entity].text),
                        &attribute,
                        value,
                        PARALLEL.name,
                        group,
                    );
                }
            }
        }
    },
};

/// How alike two lines must be (shared content words over all) to run in parallel.
const PARALLEL_SIMILARITY: f64 = 0.4;

/// Jaccard similarity of two lines' content words.
fn similarity(a: &[Token], b: &[Token]) -> f64 {
    let words = |tokens: &[Token]| -> std::collections::BTreeSet<String> {
        tokens
            .iter()
            .filter(|t| is_nounish(t) || t.pos.starts_with("動詞,自立"))
            .map(|t| t.base.to_string())
            .collect()
    };
    let (a, b) = (words(a), words(b));
    let union = a.union(&b).count();
    if union == 0 {
        0.0
    } else {
        a.intersection(&b).count() as f64 / union as f64
    }
}

/// What two lines share, as [`shared_run`] finds it.
fn shared_between(input: &Input, a: usize, b: usize) -> Option<String> {
    let text_a = &input.outline.nodes[a].text;
    let text_b = &input.outline.nodes[b].text;
    // Join the two lines so one token list serves both ranges.
    let joined = format!("{text_a}\n{text_b}");
    let offset = text_a.len() + 1;
    let mut tokens: Vec<Token> = input.node_tokens(a).tokens.clone();
    tokens.extend(input.node_tokens(b).tokens.iter().cloned().map(|mut t| {
        t.byte_range = t.byte_range.start + offset..t.byte_range.end + offset;
        t
    }));
    shared_run(
        &joined,
        &tokens,
        &(0..text_a.len()),
        &(offset..joined.len()),
    )
}

/// Byte ranges of the clauses of a line: split after 「、」 and 「。」.
fn clauses(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut depth = 0;
    for (at, c) in text.char_indices() {
        match c {
            '(' | '「' => depth += 1,
            ')' | '」' => depth = (depth - 1).max(0),
            '、' | '。' if depth == 0 => {
                // 「一方、」 opens the clause after it rather than standing alone.
                if c == '、' && CONTRAST_OPENERS.contains(&text[start..at].trim()) {
                    continue;
                }
                let end = at + c.len_utf8();
                out.push(start..end);
                start = end;
            }
            _ => {}
        }
    }
    if start < text.len() {
        out.push(start..text.len());
    }
    out
}

fn skip_openers(text: &str, start: usize) -> usize {
    let rest = &text[start..];
    for opener in CONTRAST_OPENERS {
        if let Some(after) = rest.strip_prefix(opener) {
            let after = after.trim_start_matches(['、', ' ']);
            return text.len() - after.len();
        }
    }
    start
}

/// In a clause 「AはX」 (or 「AがX」): A's and X's byte ranges, A a noun phrase.
fn subject_and_rest(
    text: &str,
    tokens: &[Token],
    clause: std::ops::Range<usize>,
) -> Option<(std::ops::Range<usize>, std::ops::Range<usize>)> {
    let clause_tokens = &tokens[tokens_in(tokens, &clause)];
    let at = clause_tokens.iter().position(|t| {
        (t.surface == "は" || t.surface == "が")
            && t.pos.starts_with("助詞")
            && bracket_depth(&text[clause.start..t.byte_range.start]) == 0
    })?;
    let subject = &clause_tokens[..at];
    if subject.is_empty() || !is_noun_phrase(subject) {
        return None;
    }
    let a = subject[0].byte_range.start..subject[at - 1].byte_range.end;
    let x = clause_tokens[at].byte_range.end..clause.end;
    (!text[x.clone()].trim_matches(['、', '。', ' ']).is_empty()).then_some((a, x))
}

/// The nouns two contrasted clauses share, the run nearest the end of the
/// first (its predicate), trimmed to nouns: what the contrast is about.
fn shared_run(
    text: &str,
    tokens: &[Token],
    x: &std::ops::Range<usize>,
    y: &std::ops::Range<usize>,
) -> Option<String> {
    let xs = &tokens[tokens_in(tokens, x)];
    let ys = &tokens[tokens_in(tokens, y)];
    let mut best: Option<(usize, usize, usize)> = None; // (end in x, chars, start in x)
    for i in 0..xs.len() {
        for j in 0..ys.len() {
            let mut n = 0;
            // Nouns only, numbers and counters aside (「1回」 is no attribute).
            while i + n < xs.len()
                && j + n < ys.len()
                && xs[i + n].surface == ys[j + n].surface
                && is_nounish(&xs[i + n])
                && !xs[i + n].surface.chars().any(|c| c.is_ascii_digit())
                && !xs[i + n].pos.contains("助数詞")
            {
                n += 1;
            }
            if n == 0 {
                continue;
            }
            let chars: usize = xs[i..i + n].iter().map(|t| t.surface.chars().count()).sum();
            let candidate = (i + n, chars, i);
            // One kanji (鍵) is a word; one kana is not.
            let word = chars >= 2
                || xs[i]
                    .surface
                    .chars()
                    .all(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c));
            if word && best.is_none_or(|b| (candidate.0, candidate.1) > (b.0, b.1)) {
                best = Some(candidate);
            }
        }
    }
    let (end, _, start) = best?;
    Some(text[xs[start].byte_range.start..xs[end - 1].byte_range.end].to_string())
}
