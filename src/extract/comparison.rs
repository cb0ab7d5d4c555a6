//! Comparisons: two or more concepts contrasted attribute by attribute.
//!
//! Rows: `comparison | entity | attribute | value`, one per cell.

use std::collections::{BTreeSet, HashSet};
use std::sync::LazyLock;

use regex::Regex;

use super::text::{
    bracket_depth, is_noun_phrase, is_nounish, joins_noun_phrase, noun_phrase_before,
    strip_definition_ending, tokens_in,
};
use super::{FactKind, Input, Rule, definition};
use crate::outline::NodeKind;
use crate::tokens::Token;

/// The laid-out form: an entity line, then attribute bullets each with its
/// value under it, entity after entity, with attribute names in common
/// (or 「attribute:value」 lines under each); or the other way round, an
/// attribute line with 「concept:value」 lines under it ([`concept_labelled`]).
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
        concept_labelled(input, sink);
        for table in laid_out_tables(input).iter() {
            let group = sink.group();
            for (entity, cells) in table {
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

/// The entity nodes of all laid-out comparisons (so lists skip them) whose
/// explanation is all table: an entity explained in prose first, with a
/// 「例:…」 line after, keeps its explanation as a definition too.
pub fn compared_entities<'i>(input: &'i Input) -> &'i HashSet<usize> {
    input.compared.get_or_init(|| find_compared(input))
}

fn find_compared(input: &Input) -> HashSet<usize> {
    let nodes = &input.outline.nodes;
    laid_out_tables(input)
        .iter()
        .flat_map(|t| t.iter().map(|&(e, _)| e))
        .filter(|&e| {
            input
                .outline
                .children(e)
                .find(|&c| matches!(nodes[c].kind, NodeKind::Text | NodeKind::Bullet))
                .is_none_or(|c| {
                    let text = &nodes[c].text;
                    nodes[c].kind == NodeKind::Bullet
                        || is_label(text)
                        || text.split_once(':').is_some_and(|(l, _)| is_label(l))
                })
        })
        .collect()
}

pub(super) type Table = Vec<(usize, Vec<(String, String)>)>;

/// Groups of sibling entities whose attribute names overlap (found once).
fn laid_out_tables<'i>(input: &'i Input) -> &'i [Table] {
    input.tables.get_or_init(|| find_tables(input))
}

fn find_tables(input: &Input) -> Vec<Table> {
    let nodes = &input.outline.nodes;
    let candidates: Vec<(usize, Vec<(String, String)>)> = nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| {
            matches!(
                n.kind,
                NodeKind::Topic | NodeKind::Bullet | NodeKind::Heading | NodeKind::Numbered
            ) && !numbers_an_entry(&n.text)
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

/// A 「name:value」 line whose name is a concept of the catalog
/// (「CloudTrail:APIコール」), as (name, value).
fn concept_cell(input: &Input, node: usize) -> Option<(String, String)> {
    let (name, value) = input.outline.nodes[node].text.split_once(':')?;
    let (name, value) = (name.trim(), value.trim());
    (!value.is_empty() && input.catalog.lookup(name).is_some())
        .then(|| (name.to_string(), value.to_string()))
}

/// The 「concept:value」 lines right after an item (「CloudTrail:…」 under
/// 「(1) 記録の対象」), two or more, as (name, value), and the node after
/// them. The lines are taken in order, not from the tree: such lines may
/// read as topics of their own.
fn concept_cells(input: &Input, item: usize) -> (Vec<(String, String)>, usize) {
    let nodes = &input.outline.nodes;
    let mut cells = Vec::new();
    let mut next = item + 1;
    if input.catalog.lookup(&nodes[item].text).is_none() && concept_cell(input, item).is_none() {
        while next < nodes.len()
            && nodes[next].line == nodes[next - 1].line + 1
            && let Some(cell) = concept_cell(input, next)
        {
            cells.push(cell);
            next += 1;
        }
    }
    if cells.len() < 2 {
        cells.clear();
    }
    (cells, next)
}

/// The attribute-first layout: sibling items that each name an attribute,
/// with one 「concept:value」 line per compared concept under each, the
/// same concepts under every item.
///
/// ```text
/// (1) 記録の対象
///   CloudTrail:APIコール
///   Config:リソースの設定
/// (2) 保存期間
///   CloudTrail:90日
///   Config:無期限
/// → comparison | CloudTrail | 記録の対象 | APIコール
/// ```
fn concept_labelled(input: &Input, sink: &mut super::Sink) {
    let nodes = &input.outline.nodes;
    let is_item = |i: usize| {
        matches!(
            nodes[i].kind,
            NodeKind::Topic | NodeKind::Bullet | NodeKind::Heading | NodeKind::Numbered
        )
    };
    let names = |cells: &[(String, String)]| -> BTreeSet<String> {
        cells.iter().map(|(n, _)| crate::catalog::key(n)).collect()
    };
    let mut at = 0;
    while at < nodes.len() {
        if !is_item(at) {
            at += 1;
            continue;
        }
        // Items of one kind and level in a row, each with the same concepts.
        let mut items: Vec<(usize, Vec<(String, String)>)> = Vec::new();
        let mut next = at;
        while next < nodes.len()
            && nodes[next].kind == nodes[at].kind
            && nodes[next].level == nodes[at].level
        {
            let (cells, after) = concept_cells(input, next);
            if cells.is_empty() || items.last().is_some_and(|(_, c)| names(c) != names(&cells)) {
                break;
            }
            items.push((next, cells));
            next = after;
        }
        if items.len() < 2 {
            at += 1;
            continue;
        }
        at = next;
        let group = sink.group();
        for (item, cells) in &items {
            let attribute = definition::term_name(&nodes[*item].text);
            for (name, value) in cells {
                sink.push(
                    input,
                    *item,
                    FactKind::Comparison,
                    name,
                    &attribute,
                    value,
                    LAID_OUT.name,
                    group,
                );
            }
        }
    }
}

/// Marks that grade an entry of a log (「No.3 ×」 「問2 ○」).
const GRADING_MARKS: &[char] = &['×', '○', '△', '◯', '✕', '✗', '✓', '〇'];

/// Whether a line only numbers an entry (「No.3 ×」, 「問2」, 「Q1」,
/// 「第4問」): a record of a log whose labelled lines (問題:, 正解:) are its
/// parts, not a concept compared with the next record. A name with a word
/// before its number (「RAID1」) names a thing.
fn numbers_an_entry(text: &str) -> bool {
    let name = text.trim_end_matches(|c: char| c.is_whitespace() || GRADING_MARKS.contains(&c));
    let Some(first_digit) = name.find(|c: char| c.is_ascii_digit()) else {
        return false;
    };
    let (prefix, rest) = name.split_at(first_digit);
    let prefix = prefix.trim_end_matches(['.', '#', ' ']);
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    prefix.chars().count() <= 2
        && prefix.chars().all(|c| c.is_alphabetic())
        && rest.chars().count() <= 1
        && rest.chars().all(|c| !c.is_ascii_alphanumeric())
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

/// The noun a clause's last 「…を」 marks, what its predicate acts on
/// (「…の運用管理を実施する必要がある」 → 運用管理); or the predicate itself
/// when it is an adjectival noun (「…読み書きが得意」 → 得意).
fn predicate_object(
    text: &str,
    tokens: &[Token],
    clause: &std::ops::Range<usize>,
) -> Option<String> {
    let inside = &tokens[tokens_in(tokens, clause)];
    // 「…が得意」「…が可能」: a predicate that is an adjectival noun names
    // what the halves differ in.
    if let Some(last) = inside
        .iter()
        .rev()
        .find(|t| !t.pos().starts_with("記号") && !t.pos().starts_with("助動詞"))
        && last.pos().starts_with("名詞,形容動詞語幹")
        && last.surface.chars().count() >= 2
    {
        return Some(last.surface.to_string());
    }
    let at = inside.iter().rposition(|t| {
        t.surface == "を"
            && t.pos().starts_with("助詞,格助詞")
            && bracket_depth(&text[clause.start..t.byte_range.start]) == 0
    })?;
    let first = at
        - inside[..at]
            .iter()
            .rev()
            .take_while(|t| is_nounish(t))
            .count();
    if first == at {
        return None;
    }
    let noun = &text[inside[first].byte_range.start..inside[at - 1].byte_range.end];
    (noun.chars().count() >= 2).then(|| noun.to_string())
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
/// 「AはX、BはY」 (A and B names, or terms the notes define). The attribute is what X and Y share; the values are X and Y.
/// Halves set apart by 「…に対し」 that share nothing contrast on what the
/// second's predicate acts on (「…の運用管理を実施する」 → 運用管理).
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
        (
            "管理者ユーザーは作成・閲覧などを実行できるユーザーで、一般ユーザーは閲覧のみを実行できるユーザー",
            "comparison|一般ユーザー|実行|閲覧のみを実行できるユーザー",
        ),
        (
            "公開鍵は署名を検証する時に使用し、秘密鍵は署名を作る時に使用する",
            "comparison|秘密鍵|用途|署名を作る時に使用する",
        ),
        (
            "ミラーリングは、同じデータを2台に書き込む方式\nストライピングは、データを分けて書き込む方式\nミラーリングは容量を半分しか使えず、ストライピングは容量をすべて使える",
            "comparison|ストライピング|容量|容量をすべて使える",
        ),
        (
            "クラウドは従量課金なのに対し、オンプレミスは自社で機器を購入するため、初期費用として設備投資を行う必要がある",
            "comparison|オンプレミス|設備投資|自社で機器を購入するため、初期費用として設備投資を行う必要がある",
        ),
    ],
    run: |input, sink| {
        // Terms the notes define name concepts as well as catalog names do
        // (their keys found the first time a side is not a name).
        let mut defined: Option<rustc_hash::FxHashSet<String>> = None;
        let mut clauses = Vec::new();
        for (index, node) in input.outline.nodes.iter().enumerate() {
            if node.kind == NodeKind::TableRow || !may_contrast(input, index) {
                continue;
            }
            let tokens = &input.node_tokens(index).tokens;
            let opens = may_open(input, index);
            clauses_into(&node.text, opens, &mut clauses);
            for pair in clauses.windows(2) {
                let (first, second) = (&pair[0], &pair[1]);
                // What the first half ends in, and whether 一方 opens the
                // second, rule most pairs out before their subjects are sought
                // (as the tests on the halves below require).
                let first_clause = &node.text[first.clone()];
                let second_start = if opens {
                    skip_openers(&node.text, second.start)
                } else {
                    second.start
                };
                let opened = second_start != second.start;
                let continues = first_clause.ends_with('、') && {
                    let before_comma = first_clause.trim_end_matches('、');
                    !NOT_PARALLEL.iter().any(|e| before_comma.ends_with(e))
                };
                let connects = || {
                    let end = first_clause.trim_end_matches(['、', '。']);
                    CONTRAST_ENDINGS.iter().any(|e| end.ends_with(e))
                };
                if !opened && !continues && !connects() {
                    continue;
                }
                let Some((a, x)) = subject_and_rest(&node.text, tokens, first.clone()) else {
                    continue;
                };
                let Some((b, y)) = subject_and_rest(&node.text, tokens, second_start..second.end)
                else {
                    continue;
                };
                let first_text = &node.text[x.clone()];
                let first_end = first_text.trim_end_matches(['、', '。']);
                // The first half must read as a contrast: a connective, or a
                // sentence end with 一方 opening the second.
                let connective = CONTRAST_ENDINGS.iter().find(|e| first_end.ends_with(*e));
                // 「AはX、BはY」: both halves marked by は, the first ending in a
                // continuative form, not a reason (ので、ため、) or a concession (が、).
                let parallel = continues
                    && [&a, &b]
                        .iter()
                        .all(|r| node.text[r.end..].starts_with('は'))
                    && [&a, &b].iter().all(|r| {
                        is_named(&tokens[tokens_in(tokens, r)])
                            || defined
                                .get_or_insert_with(|| defined_keys(&sink.facts))
                                .contains(&crate::catalog::key(&definition::term_name(
                                    &node.text[(*r).clone()],
                                )))
                    });
                if connective.is_none() && !opened && !parallel {
                    continue;
                }
                if super::text::clean_phrase(&node.text[a.clone()])
                    == super::text::clean_phrase(&node.text[b.clone()])
                {
                    continue;
                }
                let mut x_end = x.start + first_end.len();
                if let Some(c) = connective {
                    x_end -= c.len();
                }
                let x = x.start..x_end;
                let y_text = node.text[y.clone()].trim_end_matches(['、', '。']);
                let y = y.start..y.start + y_text.len();
                let class = class_word(
                    &tokens[tokens_in(tokens, &a)],
                    &tokens[tokens_in(tokens, &b)],
                );
                // Halves that share no word, set apart by 「…に対し」: the
                // second runs to the sentence end, and what its predicate acts
                // on is the attribute.
                let (y, attribute) = match shared_run(&node.text, tokens, &x, &y, &class) {
                    Some(attribute) => (y, attribute),
                    None if connective.is_some() => {
                        let end = node.text[y.start..]
                            .find('。')
                            .map_or(node.text.len(), |at| y.start + at);
                        let y = y.start..end;
                        let Some(object) = predicate_object(&node.text, tokens, &y) else {
                            continue;
                        };
                        (y, object)
                    }
                    None => continue,
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

/// 「…によってXが異なる」 "X differs by …", then one item per case written
/// 「A(の場合):value」: each case's entity (the noun phrase its label opens
/// with) takes its value for X.
///
/// ```text
/// 接続先によって使えるコマンドが異なる
/// ・マスターへ接続した場合:読み書き
/// ・スレーブへ接続した場合:読み取りのみ
/// → comparison | スレーブ | 使えるコマンド | 読み取りのみ
/// ```
pub static DIFFERS_BY: Rule = Rule {
    name: "comparison/differs-by",
    kind: FactKind::Comparison,
    examples: &[
        (
            "Redisの構成\n接続先によって使えるコマンドが異なる\n・マスターへ接続した場合:読み書き\n・スレーブへ接続した場合:読み取りのみ",
            "comparison|スレーブ|使えるコマンド|読み取りのみ",
        ),
        (
            "料金プラン\n契約期間によって月額料金が変わる\n・1年契約:月1000円\n・3年契約:月800円",
            "comparison|3年契約|月額料金|月800円",
        ),
    ],
    run: |input, sink| {
        let nodes = &input.outline.nodes;
        let needles = super::text::Needles::new(&["によって", "により", "ごとに"]);
        for (index, node) in nodes.iter().enumerate() {
            // One substring test spares most lines the regex.
            if !needles.any_in_node(input, index) {
                continue;
            }
            let Some(caps) = DIFFERS.captures(&node.text) else {
                continue;
            };
            let attribute = caps["attr"].trim();
            if attribute.chars().count() > 15 {
                continue;
            }
            let cases: Vec<(usize, String, String)> = nodes[index + 1..]
                .iter()
                .enumerate()
                .map_while(|(k, n)| {
                    let at = index + 1 + k;
                    let (label, value) = n.text.split_once(':')?;
                    let entity = case_entity(input, at, label.len())?;
                    let value = value.trim();
                    (!value.is_empty()).then(|| (at, entity, value.to_string()))
                })
                .collect();
            if cases.len() < 2 {
                continue;
            }
            let group = sink.group();
            for (at, entity, value) in cases {
                sink.push(
                    input,
                    at,
                    FactKind::Comparison,
                    &entity,
                    attribute,
                    &value,
                    DIFFERS_BY.name,
                    group,
                );
            }
        }
    },
};

/// The keys of the terms defined so far.
fn defined_keys(facts: &[super::Fact]) -> rustc_hash::FxHashSet<String> {
    facts
        .iter()
        .filter(|f| f.kind == FactKind::Definition)
        .map(|f| crate::catalog::key(&f.subject))
        .collect()
}

/// 「…によって/ごとにXが異なる/違う/変わる」.
static DIFFERS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:によって|により|ごとに)、?(?P<attr>[^、。]+?)(?:が|は)(?:異な|違|変わ)")
        .expect("valid pattern")
});

/// The entity a case label opens with: the noun phrase before its first
/// particle (「プライマリインスタンスへ接続した場合」 → プライマリインスタンス).
fn case_entity(input: &Input, node: usize, label_end: usize) -> Option<String> {
    let text = &input.outline.nodes[node].text;
    let tokens = &input.node_tokens(node).tokens;
    let inside = &tokens[tokens_in(tokens, &(0..label_end))];
    let end = inside
        .iter()
        .position(|t| !is_nounish(t) && !t.pos().starts_with("接頭詞") && t.surface != "の")
        .unwrap_or(inside.len());
    let phrase = &inside[..end];
    if phrase.is_empty() || label_end > CASE_LABEL_BYTES {
        return None;
    }
    let name = &text[phrase[0].byte_range.start..phrase[end - 1].byte_range.end];
    Some(name.trim_end_matches('の').to_string())
}

/// The longest case label (「…へ接続した場合」), in bytes.
const CASE_LABEL_BYTES: usize = 90;

/// Whether a line can hold a contrast at all: each half has a subject marked
/// は or が. (That it has two halves, a 「、」 or a 「。」 between them, its
/// clauses show.)
fn may_contrast(input: &Input, index: usize) -> bool {
    static MARKS: LazyLock<super::text::Needles> =
        LazyLock::new(|| super::text::Needles::new(&["は", "が"]));
    MARKS.any_in_node(input, index)
}

/// A term defined against another: 「Aとは反対に、…をBという」「Aと異なり、B
/// は…」. The two definitions are compared on what they share.
///
/// ```text
/// 同期通信とは送信側と受信側が時刻を合わせて送る通信方式のこと
/// なお同期通信とは反対に、時刻を合わせずに送る通信方式を非同期通信という
/// → comparison | 非同期通信 | 通信方式 | 時刻を合わせずに送る通信方式
/// ```
pub static AGAINST: Rule = Rule {
    name: "comparison/against",
    kind: FactKind::Comparison,
    examples: &[
        (
            "同期通信とは送信側と受信側が時刻を合わせて送る通信方式のこと\nなお同期通信とは反対に、時刻を合わせずに送る通信方式を非同期通信という",
            "comparison|非同期通信|通信方式|時刻を合わせずに送る通信方式",
        ),
        (
            "RAID0はデータを分散して書き込む構成\nRAID1はRAID0と異なり、同じデータを2台に書き込む構成",
            "comparison|RAID1|構成|同じデータを2台に書き込む構成",
        ),
    ],
    run: |input, sink| {
        let nodes = &input.outline.nodes;
        // Definitions by line and by subject (gathered for the first line
        // that sets a term against another), and the node each was read from.
        let mut definitions: Option<Definitions> = None;
        let node_of = |fact: &super::Fact| {
            let first = nodes.partition_point(|n| n.line < fact.line);
            nodes[first..]
                .iter()
                .take_while(|n| n.line == fact.line)
                .position(|n| n.text.contains(&fact.object))
                .map(|k| first + k)
        };
        let mut found = Vec::new();
        let needles = super::text::Needles::new(super::text::CONTRAST_FRAME_WORDS);
        for (index, node) in nodes.iter().enumerate() {
            // Only a line that sets one term against another.
            if !needles.any_in_node(input, index) {
                continue;
            }
            let Some(caps) = AGAINST_OTHER.captures(&node.text) else {
                continue;
            };
            let other = definition::term_name(
                caps["other"]
                    .trim_start_matches("なお")
                    .trim_start_matches("また"),
            );
            let definitions = definitions.get_or_insert_with(|| Definitions::new(&sink.facts));
            for definition in definitions
                .on_line(node.line)
                .iter()
                .filter(|d| d.subject != other && node.text.contains(&d.object))
            {
                let Some(theirs) = definitions
                    .of_subject(&other)
                    .find(|f| f.line < definition.line)
                else {
                    continue;
                };
                let Some(their_index) = node_of(theirs) else {
                    continue;
                };
                let range = |node: usize, object: &str| {
                    let at = nodes[node].text.find(object).unwrap_or(0);
                    at..at + object.len()
                };
                let Some(attribute) = shared_between(
                    input,
                    (their_index, &range(their_index, &theirs.object)),
                    (index, &range(index, &definition.object)),
                    &[],
                ) else {
                    continue;
                };
                found.push((
                    attribute,
                    [
                        (their_index, other.clone(), theirs.object.clone()),
                        (index, definition.subject.clone(), definition.object.clone()),
                    ],
                ));
            }
        }
        for (attribute, [(n1, e1, v1), (n2, e2, v2)]) in found {
            push_pair(
                input,
                sink,
                AGAINST.name,
                &attribute,
                [(n1, &e1, &v1), (n2, &e2, &v2)],
            );
        }
    },
};

/// The definitions among facts, looked up by line and by subject rather
/// than sought among all for each line (which made long notes quadratic),
/// each lookup in the order they were found.
struct Definitions<'s> {
    /// In order of line.
    by_line: Vec<&'s super::Fact>,
    /// In order of their subject's hash.
    by_subject: Vec<(u64, &'s super::Fact)>,
}

impl<'s> Definitions<'s> {
    fn new(facts: &'s [super::Fact]) -> Definitions<'s> {
        use std::hash::BuildHasher;
        let mut by_line: Vec<&super::Fact> = facts
            .iter()
            .filter(|f| f.kind == FactKind::Definition)
            .collect();
        let mut by_subject: Vec<(u64, &super::Fact)> = by_line
            .iter()
            .map(|f| (rustc_hash::FxBuildHasher.hash_one(f.subject.as_str()), *f))
            .collect();
        // (stable sorts: each line's and each subject's stay in order found)
        by_line.sort_by_key(|f| f.line);
        by_subject.sort_by_key(|&(hash, _)| hash);
        Definitions {
            by_line,
            by_subject,
        }
    }

    /// The definitions read from `line`.
    fn on_line(&self, line: usize) -> &[&'s super::Fact] {
        let start = self.by_line.partition_point(|f| f.line < line);
        let end = start + self.by_line[start..].partition_point(|f| f.line == line);
        &self.by_line[start..end]
    }

    /// The definitions of `subject`.
    fn of_subject<'d>(&'d self, subject: &'d str) -> impl Iterator<Item = &'s super::Fact> + 'd {
        use std::hash::BuildHasher;
        let hash = rustc_hash::FxBuildHasher.hash_one(subject);
        let start = self.by_subject.partition_point(|&(h, _)| h < hash);
        self.by_subject[start..]
            .iter()
            .take_while(move |&&(h, _)| h == hash)
            .filter(move |(_, f)| f.subject == subject)
            .map(|&(_, f)| f)
    }
}

/// 「Aとは反対に」「Aと異なり」「Aとは違い」: the concept a sentence sets its
/// subject against.
static AGAINST_OTHER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[、。は]|なお|また)(?P<other>[^、。はがをにで]{2,30}?)(?:とは反対に|と反対に|とは異なり|と異なり|とは違い|と違い|とは逆に)")
        .expect("valid pattern")
});

/// Two concepts co-ordinated by 「と、」, each after a clause that describes
/// it: 「AWS上に保管されるAと、ユーザーの環境上に保管するBの2つ」. The
/// clauses are the values; what they share is the attribute.
///
/// ```text
/// 高速に読み書きできるSSDと、大容量を安価に読み書きできるHDDを組み合わせる
/// → comparison | HDD | 読み書き | 大容量を安価に読み書きできる
/// ```
pub static DESCRIBED_PAIR: Rule = Rule {
    name: "comparison/described-pair",
    kind: FactKind::Comparison,
    examples: &[
        (
            "高速に読み書きできるSSDと、大容量を安価に読み書きできるHDDを組み合わせる",
            "comparison|HDD|読み書き|大容量を安価に読み書きできる",
        ),
        (
            "社内に設置するオンプレミスと、事業者の設備に設置するクラウドがある",
            "comparison|クラウド|設置|事業者の設備に設置する",
        ),
    ],
    run: |input, sink| {
        let needles = super::text::Needles::new(&["と、"]);
        for (index, node) in input.outline.nodes.iter().enumerate() {
            if node.kind == NodeKind::TableRow || !needles.any_in_node(input, index) {
                continue;
            }
            let text = &node.text;
            let tokens = &input.node_tokens(index).tokens;
            for (and, t) in tokens.iter().enumerate() {
                if t.surface != "と" || tokens.get(and + 1).is_none_or(|c| c.surface != "、") {
                    continue;
                }
                let Some((first, first_clause)) = described_before(tokens, and) else {
                    continue;
                };
                let Some((second, second_clause)) = described_after(tokens, and + 2) else {
                    continue;
                };
                let span = |r: &std::ops::Range<usize>| {
                    &text[tokens[r.start].byte_range.start..tokens[r.end - 1].byte_range.end]
                };
                let (a, b) = (term_text(span(&first)), term_text(span(&second)));
                if a == b {
                    continue;
                }
                let class = class_word(&tokens[first.clone()], &tokens[second.clone()]);
                let x = tokens[first_clause.start].byte_range.start
                    ..tokens[first_clause.end - 1].byte_range.end;
                let y = tokens[second_clause.start].byte_range.start
                    ..tokens[second_clause.end - 1].byte_range.end;
                let Some(attribute) = shared_run(text, tokens, &x, &y, &class) else {
                    continue;
                };
                push_pair(
                    input,
                    sink,
                    DESCRIBED_PAIR.name,
                    &attribute,
                    [(index, &a, &text[x]), (index, &b, &text[y])],
                );
            }
        }
    },
};

/// A term's text without the quotes around it.
fn term_text(text: &str) -> String {
    definition::term_name(text.trim_matches(['「', '」']))
}

/// Whether a token ends a describing clause: a verb, adjective or auxiliary
/// in its attributive form (「保管される」「可能な」).
fn ends_clause(token: &Token) -> bool {
    token.pos().starts_with("動詞")
        || token.pos().starts_with("形容詞")
        || token.pos().starts_with("助動詞")
}

/// The noun phrase that ends right before token `end` (quotes allowed) and
/// the clause describing it from the start of the sentence or the last
/// comma: (phrase tokens, clause tokens).
fn described_before(
    tokens: &[Token],
    end: usize,
) -> Option<(std::ops::Range<usize>, std::ops::Range<usize>)> {
    let mut phrase_end = end;
    if tokens.get(end.checked_sub(1)?)?.surface == "」" {
        phrase_end -= 1;
    }
    let mut start = phrase_end;
    while start > 0 && (is_nounish(&tokens[start - 1]) || tokens[start - 1].surface == "「") {
        start -= 1;
    }
    let phrase = start..end;
    if start == phrase_end || start == 0 || !ends_clause(&tokens[start - 1]) {
        return None;
    }
    let clause_start = tokens[..start]
        .iter()
        .rposition(|t| matches!(t.surface.as_str(), "、" | "。" | "は"))
        .map_or(0, |i| i + 1);
    (clause_start < start).then_some((phrase, clause_start..start))
}

/// From token `from`, a describing clause then the noun phrase it
/// describes, the phrase followed by a particle: (phrase tokens, clause tokens).
fn described_after(
    tokens: &[Token],
    from: usize,
) -> Option<(std::ops::Range<usize>, std::ops::Range<usize>)> {
    let mut at = from;
    while at < tokens.len() {
        let t = &tokens[at];
        if matches!(t.surface.as_str(), "、" | "。") {
            return None;
        }
        if at > from && ends_clause(&tokens[at - 1]) && (is_nounish(t) || t.surface == "「") {
            let mut end = at;
            while end < tokens.len()
                && (is_nounish(&tokens[end]) || matches!(tokens[end].surface.as_str(), "「" | "」"))
            {
                end += 1;
            }
            if tokens.get(end).is_some_and(|p| p.pos().starts_with("助詞")) {
                return Some((at..end, from..at));
            }
            at = end;
            continue;
        }
        at += 1;
    }
    None
}

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

/// Neighbouring sibling entities, each explained in lines, whose statements
/// run in parallel: each pair of parallel statements (sentences, split again
/// after 「ので、」「ため、」「が、」, matched best first on shared content
/// words) contrasts the two entities on what the statements share. The
/// attribute is a shared topic (「AのXは…」), the criterion the parent divides
/// its kinds by (「…によって3つの種類に分かれる」) for the first statements, or
/// the words the statements share nearest their end. Entity lines glossed in
/// brackets that end in the same noun contrast on that noun. Two lone
/// siblings may be actions (「…を導入する」); under 「…の違い」 looser
/// parallels count. Markdown subheadings are entities too, their bullets
/// statements. Lines in a row that lead from an entity to a list of its
/// traits (「有線LAN → 配線が必要、…」) are entities with their traits as
/// statements ([`arrow_lines`]).
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
            "comparison|ライトバック|書き込み時|書き込み時にキャッシュだけへ先に書き込む",
        ),
        (
            "バックアップの種類\nバックアップは、保存範囲によって3つの種類に分かれる\n・フルバックアップ\n全てのデータを毎回保存する\n・差分バックアップ\n前回のフルバックアップからの変更分のデータを保存する",
            "comparison|差分バックアップ|保存範囲|前回のフルバックアップからの変更分のデータを保存する",
        ),
        (
            "RAIDの構成\nRAID0(ストライピング方式)\n複数のディスクにデータを分散して書き込む\nRAID1(ミラーリング方式)\n2台のディスクに同じデータを書き込む",
            "comparison|RAID1|方式|ミラーリング方式",
        ),
        (
            "パスワードを保管する方法\n・ハッシュ化して保存する\n元に戻せない形に変換して保存する方式\n・暗号化して保存する\n鍵で元に戻せる形に変換して保存する方式",
            "comparison|暗号化して保存する|方式|鍵で元に戻せる形に変換して保存する方式",
        ),
        (
            "## オンプレミスとクラウドの違い\n### オンプレミス\n- 機器は自社で購入する\n- 保守は自社の担当者が行う\n### クラウド\n- 機器は事業者が用意する\n- 保守は事業者が行う",
            "comparison|クラウド|保守|事業者が行う",
        ),
        (
            "LANの選び方\n有線LAN → 配線が必要、通信が安定\n無線LAN → 配線が不要、通信が不安定",
            "comparison|無線LAN|配線|配線が不要",
        ),
    ],
    run: |input, sink| {
        let compared = compared_entities(input);
        let nodes = &input.outline.nodes;
        // Siblings grouped by parent, in one pass.
        let mut siblings: std::collections::BTreeMap<Option<usize>, Vec<usize>> =
            std::collections::BTreeMap::new();
        for (i, node) in nodes.iter().enumerate() {
            if matches!(
                node.kind,
                NodeKind::Bullet | NodeKind::Topic | NodeKind::Heading
            ) {
                siblings.entry(node.parent).or_default().push(i);
            }
        }
        for (parent, entities) in siblings {
            // A lone entity has no neighbour to contrast with.
            if entities.len() < 2 {
                continue;
            }
            // Under 「…の違い」「…の比較」 the contrast is announced: looser lines do.
            let announced = parent.is_some_and(|p| announces_contrast(&nodes[p].text));
            // Two entities side by side read as a pair; in a longer run
            // (a list of kinds) only closely parallel lines contrast.
            let threshold = if announced {
                ANNOUNCED_SIMILARITY
            } else if entities.len() == 2 {
                PAIR_SIMILARITY
            } else {
                PARALLEL_SIMILARITY
            };
            // Five kinds and more under one heading are a classification to
            // list, not a contrast to draw pair by pair.
            if parent.is_some() && entities.len() > MAX_CONTRASTED {
                continue;
            }
            let criterion = parent.and_then(|p| division_criterion(input, p, entities[0]));
            // Two ways of doing a thing can be compared too (「…を導入する」).
            let pair = entities.len() == 2;
            // Each entity's name, and its statements and their content words,
            // once the first of its pairs needs them.
            let sides: Vec<std::cell::OnceCell<Option<Side>>> =
                entities.iter().map(|_| Default::default()).collect();
            let side = |k: usize| {
                sides[k]
                    .get_or_init(|| {
                        let e = entities[k];
                        if compared.contains(&e) {
                            return None;
                        }
                        Some(Side {
                            name: entity_name(input, e, pair)?,
                            units: Default::default(),
                            words: Default::default(),
                        })
                    })
                    .as_ref()
            };
            // Neighbouring entities are compared pairwise; a chain of three
            // (A–B, B–C) covers a three-way contrast. Each pair's cells wait
            // until the chain it belongs to is known.
            let mut pairs: Vec<(usize, String, [Cell; 2])> = Vec::new();
            for k in 0..entities.len() - 1 {
                let (e1, e2) = (entities[k], entities[k + 1]);
                // Two entities contrast on their statements or on their
                // glosses: a pair with neither has no names to be sought.
                let stated = |e: usize| statement_lines(input, e).next().is_some();
                let glossed = |e: usize| may_gloss(&nodes[e].text);
                let contrasts = (stated(e1) && stated(e2)) || (glossed(e1) && glossed(e2));
                if !contrasts {
                    continue;
                }
                let (Some(side1), Some(side2)) = (side(k), side(k + 1)) else {
                    continue;
                };
                let (name1, name2) = (&side1.name, &side2.name);
                if name1 == name2 {
                    continue;
                }
                let cells = |n1: usize, v1: String, n2: usize, v2: String| {
                    [(n1, name1.clone(), v1), (n2, name2.clone(), v2)]
                };
                if let Some((attribute, v1, v2)) = shared_gloss(input, e1, e2) {
                    pairs.push((k, attribute, cells(e1, v1, e2, v2)));
                }
                // A sentence that defines the entity (「XはYのこと」) is a
                // definition, not a side of the contrast, unless a heading
                // announces the contrast.
                let units1 = side1
                    .units
                    .get_or_init(|| units(input, e1, name1, announced));
                let units2 = side2
                    .units
                    .get_or_init(|| units(input, e2, name2, announced));
                if units1.is_empty() || units2.is_empty() {
                    continue;
                }
                let (t1, t2) = (&input.node_tokens(e1).tokens, &input.node_tokens(e2).tokens);
                let names = sorted_words(t1.iter().chain(t2).map(Token::base));
                let words1 = side1.words.get_or_init(|| unit_words(input, units1));
                let words2 = side2.words.get_or_init(|| unit_words(input, units2));
                let sides = [(&units1[..], &words1[..]), (&units2[..], &words2[..])];
                let class = class_word(t1, t2);
                for (u1, u2) in aligned(sides, threshold, &names) {
                    let Some((mut attribute, v1, v2)) = contrasted(input, &u1, &u2, &class) else {
                        continue;
                    };
                    // The first statements of kinds divided by a criterion
                    // give each kind's value for it.
                    if let Some(criterion) = &criterion
                        && units1
                            .first()
                            .is_some_and(|u| u.range == u1.range && u.node == u1.node)
                        && units2
                            .first()
                            .is_some_and(|u| u.range == u2.range && u.node == u2.node)
                    {
                        attribute = criterion.clone();
                    }
                    pairs.push((k, attribute, cells(u1.node, v1, u2.node, v2)));
                }
            }
            // A chain of more entities than MAX_CONTRASTED is a classification.
            let mut at = 0;
            while at < pairs.len() {
                let mut end = at + 1;
                while end < pairs.len() && pairs[end].0 <= pairs[end - 1].0 + 1 {
                    end += 1;
                }
                let entities_in_chain = pairs[end - 1].0 - pairs[at].0 + 2;
                if entities_in_chain <= MAX_CONTRASTED {
                    for (_, attribute, [(n1, e1, v1), (n2, e2, v2)]) in &pairs[at..end] {
                        push_pair(
                            input,
                            sink,
                            PARALLEL.name,
                            attribute,
                            [(*n1, e1, v1), (*n2, e2, v2)],
                        );
                    }
                }
                at = end;
            }
        }
        arrow_lines(input, sink);
    },
};

/// The mark that leads from an entity to what it has (「X → a、b」).
const ARROW: char = '→';

/// The longest name before an arrow that can be an entity.
const ARROW_NAME_CHARS: usize = 30;

/// The entity an arrow line opens with (「Redis → 永続化、…」 → Redis) and
/// the byte where what it leads to starts: one arrow, after a noun phrase.
/// A line that leads from a case to a name (「多機能が必要 → Redis」) has a
/// predicate, not a name, before its arrow.
fn arrow_entity(input: &Input, node: usize) -> Option<(String, usize)> {
    let text = &input.outline.nodes[node].text;
    let at = text.find(ARROW)?;
    let rest = at + ARROW.len_utf8();
    if text[rest..].contains(ARROW) || text[rest..].trim().is_empty() {
        return None;
    }
    let head = text[..at].trim();
    if head.is_empty()
        || head.chars().count() > ARROW_NAME_CHARS
        || head.contains(['、', '。', '「', '='])
    {
        return None;
    }
    let tokens = &input.node_tokens(node).tokens;
    let before = &tokens[tokens_in(tokens, &(0..at))];
    if before.is_empty() || !is_noun_phrase(before) {
        return None;
    }
    let name = definition::term_name(head);
    (!name.is_empty()).then_some((name, rest))
}

/// Lines in a row that each lead from an entity to its traits (「Redis →
/// 永続化あり、…」 / 「Memcached → 永続化なし、…」): neighbouring lines
/// contrast on the traits that run in parallel, one per clause.
fn arrow_lines(input: &Input, sink: &mut super::Sink) {
    let nodes = &input.outline.nodes;
    let mut at = 0;
    while at < nodes.len() {
        // (node, entity, where its traits start) of each line in the run
        let mut run: Vec<(usize, String, usize)> = Vec::new();
        for i in at..nodes.len() {
            let follows = run
                .last()
                .is_none_or(|&(prev, _, _)| nodes[i].line == nodes[prev].line + 1);
            let arrow = (follows && nodes[i].text.contains(ARROW))
                .then(|| arrow_entity(input, i))
                .flatten();
            let Some((name, rest)) = arrow else {
                break;
            };
            run.push((i, name, rest));
        }
        if run.is_empty() {
            at += 1;
            continue;
        }
        at += run.len();
        if !(2..=MAX_CONTRASTED).contains(&run.len()) {
            continue;
        }
        // A line that leads to one thing glosses its name (a memo: 「Kinesis
        // → ストリーム処理」); traits to contrast come in lists, on two
        // lines at least.
        let sides: Vec<(Vec<Unit>, Vec<Vec<Word>>)> = run
            .iter()
            .map(|&(node, _, rest)| {
                let text = &nodes[node].text;
                let mut units = Vec::new();
                let mut start = rest;
                for (end, c) in text[rest..]
                    .char_indices()
                    .map(|(i, c)| (rest + i, c))
                    .chain(std::iter::once((text.len(), '。')))
                {
                    if matches!(c, '、' | '。') {
                        if !text[start..end].trim().is_empty() {
                            units.push(Unit {
                                node,
                                range: start..end,
                            });
                        }
                        start = end + c.len_utf8();
                    }
                }
                let words = unit_words(input, &units);
                (units, words)
            })
            .collect();
        if sides.iter().filter(|(units, _)| units.len() >= 2).count() < 2 {
            continue;
        }
        // A trait is kept whole (「永続化なし」), less the topic it may
        // open with (「io1は最大…」).
        let whole = |unit: &Unit, value: String| -> String {
            let text = nodes[unit.node].text[unit.range.clone()].trim();
            if text.starts_with(value.as_str()) {
                text.to_string()
            } else {
                value
            }
        };
        for k in 0..run.len() - 1 {
            let ((n1, name1, _), (n2, name2, _)) = (&run[k], &run[k + 1]);
            if name1 == name2 {
                continue;
            }
            let (t1, t2) = (
                &input.node_tokens(*n1).tokens,
                &input.node_tokens(*n2).tokens,
            );
            let h1 = &t1[tokens_in(t1, &(0..run[k].2))];
            let h2 = &t2[tokens_in(t2, &(0..run[k + 1].2))];
            let names = sorted_words(h1.iter().chain(h2).map(Token::base));
            let class = class_word(h1, h2);
            let pair = [
                (&sides[k].0[..], &sides[k].1[..]),
                (&sides[k + 1].0[..], &sides[k + 1].1[..]),
            ];
            for (u1, u2) in aligned(pair, ANNOUNCED_SIMILARITY, &names) {
                let Some((attribute, v1, v2)) = contrasted(input, &u1, &u2, &class) else {
                    continue;
                };
                let (v1, v2) = (whole(&u1, v1), whole(&u2, v2));
                push_pair(
                    input,
                    sink,
                    PARALLEL.name,
                    &attribute,
                    [(u1.node, name1, &v1), (u2.node, name2, &v2)],
                );
            }
        }
    }
}

/// An entity of [`PARALLEL`]: its name, and its statements and their content
/// words, each found when a pair first needs them.
struct Side {
    name: String,
    units: std::cell::OnceCell<Vec<Unit>>,
    words: std::cell::OnceCell<Vec<Vec<Word>>>,
}

/// Two cells of one attribute, each (node of the evidence, entity, value), as
/// one group.
fn push_pair(
    input: &Input,
    sink: &mut super::Sink,
    rule: &'static str,
    attribute: &str,
    cells: [(usize, &str, &str); 2],
) {
    let group = sink.group();
    for (node, entity, value) in cells {
        sink.push(
            input,
            node,
            FactKind::Comparison,
            entity,
            attribute,
            value,
            rule,
            group,
        );
    }
}

/// Words that say a thing is divided into kinds: 分かれる "split", 分類
/// "classify", 種類/タイプ "kind", 大別 "broadly divide".
const DIVISION_WORDS: &[&str] = &["分かれ", "分れ", "分類", "種類", "タイプ", "大別"];

/// The criterion a parent's prose divides its kinds by, before the first of
/// them: 「…は、スケーリングの発生条件によって「A」「B」の2つのタイプに分かれる」
/// → スケーリングの発生条件.
fn division_criterion(input: &Input, parent: usize, first_entity: usize) -> Option<String> {
    let nodes = &input.outline.nodes;
    // (a line without the words has no such token: its tokens are not read)
    static BY: LazyLock<super::text::Needles> =
        LazyLock::new(|| super::text::Needles::new(&["によって", "により", "ごとに"]));
    let lines = std::iter::once(parent).chain(
        input
            .outline
            .children(parent)
            .take_while(|&c| c != first_entity)
            .filter(|&c| nodes[c].kind == NodeKind::Text),
    );
    for line in lines.filter(|&l| BY.any_in_node(input, l)) {
        let text = &nodes[line].text;
        let tokens = &input.node_tokens(line).tokens;
        let Some(by) = tokens
            .iter()
            .position(|t| matches!(t.surface.as_ref(), "によって" | "により" | "ごとに"))
        else {
            continue;
        };
        if !DIVISION_WORDS
            .iter()
            .any(|w| text[tokens[by].byte_range.end..].contains(w))
        {
            continue;
        }
        if let Some(phrase) = noun_phrase_before(tokens, tokens[by].byte_range.start) {
            let name = &text[phrase];
            if name.chars().count() >= 2 {
                return Some(name.to_string());
            }
        }
    }
    None
}

/// An entity line's name: a noun phrase (a trailing gloss in brackets
/// aside), or with `actions` also a short line that names an action.
fn entity_name(input: &Input, entity: usize, actions: bool) -> Option<String> {
    let text = &input.outline.nodes[entity].text;
    if numbers_an_entry(text) {
        return None;
    }
    // A heading that asks 「Xとは?」 names X.
    if input.kind(entity) == NodeKind::Heading {
        let core = definition::heading_core_tokens(text, &input.node_tokens(entity).tokens);
        if is_noun_phrase(core) {
            let name = definition::heading_term(text);
            return (!name.is_empty()).then_some(name);
        }
    }
    let tokens = &input.node_tokens(entity).tokens;
    if !is_noun_phrase(tokens) {
        let text = input.outline.nodes[entity].text.trim();
        let action = actions
            && text.chars().count() <= ACTION_CHARS
            && !text.contains('。')
            && !text.contains('、')
            && tokens.last().is_some_and(|t| t.pos().starts_with("動詞"));
        return action.then(|| text.to_string());
    }
    let name = definition::term_name(&input.outline.nodes[entity].text);
    (!name.is_empty()).then_some(name)
}

/// The longest line that can name an action being compared.
const ACTION_CHARS: usize = 30;

/// One clause of an explanation line: the node and the clause's byte range.
#[derive(Clone)]
struct Unit {
    node: usize,
    range: std::ops::Range<usize>,
}

/// Clause endings that close one statement and open another: reason
/// (ので、ため、), concession (が、).
const UNIT_BREAKS: &[&str] = &["ので、", "ため、", "が、"];

/// The statements an entity's explanation lines make: each sentence, split
/// again after a reason or a concession.
fn units(input: &Input, entity: usize, name: &str, announced: bool) -> Vec<Unit> {
    units_of(input, statement_lines(input, entity), name, announced)
}

/// The lines that explain an entity, whose statements are its [`units`].
fn statement_lines<'i>(input: &'i Input, entity: usize) -> impl Iterator<Item = usize> + 'i {
    let nodes = &input.outline.nodes;
    // Under a heading, its bullets make statements too (「### IaaS\n- …を提供する」).
    let heading = nodes[entity].kind == NodeKind::Heading;
    input.outline.children(entity).filter(move |&c| {
        nodes[c].kind == NodeKind::Text || (heading && nodes[c].kind == NodeKind::Bullet)
    })
}

/// Whether a clause ends in a reason or a concession that closes a
/// statement (「…ので、」), not in 「…もので、」 "is a thing that, and".
fn breaks_unit(clause: &str) -> bool {
    UNIT_BREAKS.iter().any(|b| {
        clause
            .strip_suffix(b)
            .is_some_and(|before| !before.ends_with('も'))
    })
}

/// Whether a sentence opens with a subject that names another concept than
/// `name` (「Chef、Puppetは…」 under CloudFormation): it is about that one.
/// A subject that shares a word with the name (「Fargateの料金は」) is not.
fn about_another(
    input: &Input,
    line: usize,
    sentence: &std::ops::Range<usize>,
    name: &str,
) -> bool {
    let tokens = &input.node_tokens(line).tokens;
    // (the sentence's tokens are read from its first no further than needed)
    let first = tokens_in(tokens, &(sentence.start..sentence.start)).start;
    let within = |t: &&Token| t.byte_range.end <= sentence.end;
    let inside = &tokens[first..];
    // Names, maybe co-ordinated (「Chef,Puppetは」), then は itself (not
    // では/には, which set a scene rather than a subject).
    let subject = inside
        .iter()
        .take_while(within)
        .take_while(|t| is_nounish(t) || matches!(t.surface.as_ref(), "," | "、" | "・"))
        .count();
    if subject == 0
        || inside
            .get(subject)
            .filter(within)
            .is_none_or(|t| t.surface != "は" || !t.pos().starts_with("助詞,係助詞"))
    {
        return false;
    }
    // An ordinary noun (「保守は」) names an aspect of the entity, not another.
    if !is_named(&inside[..subject]) {
        return false;
    }
    let key = |s: &str| s.to_lowercase();
    let name = key(name);
    !inside[..subject].iter().any(|t| {
        (t.surface.chars().count() >= 2 || t.surface.chars().all(|c| c.is_ascii_alphanumeric()))
            && is_nounish(t)
            && name.contains(&key(&t.surface))
    })
}

/// The statements lines make, as [`units`] finds them.
fn units_of(
    input: &Input,
    lines: impl Iterator<Item = usize>,
    name: &str,
    announced: bool,
) -> Vec<Unit> {
    static TOWA: LazyLock<super::text::Needles> =
        LazyLock::new(|| super::text::Needles::new(&["とは"]));
    let nodes = &input.outline.nodes;
    let mut out = Vec::new();
    for line in lines {
        let text = &nodes[line].text;
        let towa = TOWA.any_in_node(input, line);
        for sentence in input.sentences(line) {
            let body = text[sentence.clone()].trim_start_matches(['「', ' ']);
            if (!announced && defines(body, name, towa))
                || EXAMPLE_OPENERS.iter().any(|o| body.starts_with(o))
                || about_another(input, line, sentence, name)
            {
                continue;
            }
            let mut start = sentence.start;
            let body = &text[sentence.clone()];
            let commas = brackets_and_stops(body).filter(|&(_, c)| c == '、');
            for (at, _) in commas {
                let end = sentence.start + at + '、'.len_utf8();
                if breaks_unit(&text[start..end]) && bracket_depth(&text[start..end]) == 0 {
                    out.push(Unit {
                        node: line,
                        range: start..end,
                    });
                    start = end;
                }
            }
            if start < sentence.end {
                out.push(Unit {
                    node: line,
                    range: start..sentence.end,
                });
            }
        }
    }
    out
}

/// Openers of an example rather than a statement: 例えば "for example", 例:.
const EXAMPLE_OPENERS: &[&str] = &["例えば", "たとえば", "例:", "例)"];

/// Whether a sentence defines an entity: it opens with the name and は, or
/// reads 「…とは…」 or 「…のこと」. (`towa`: whether its line holds 「とは」
/// anywhere; a sentence of a line without it is not searched for it.)
fn defines(sentence: &str, name: &str, towa: bool) -> bool {
    let opens_with_name = sentence
        .get(..name.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(name))
        && sentence[name.len()..]
            .trim_start_matches('」')
            .starts_with(['は', 'と']);
    static TOWA: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new("とは"));
    opens_with_name
        || (towa && TOWA.find(sentence.as_bytes()).is_some())
        || strip_definition_ending(sentence).len() < sentence.trim_end_matches('。').len()
}

/// Pairs of units, one from each side (its units and their [`unit_words`]),
/// that run in parallel: best-matching first, each unit used once, in the
/// order of the first side. `names` are sorted ([`sorted_words`]).
fn aligned(
    [(a, wa), (b, wb)]: [(&[Unit], &[Vec<Word>]); 2],
    threshold: f64,
    names: &[Word],
) -> Vec<(Unit, Unit)> {
    // The entities' own names say nothing about how alike two statements are.
    let sizes = |words: &[Vec<Word>]| -> Vec<usize> {
        words
            .iter()
            .map(|w| w.len() - common_count(w, names, &[]))
            .collect()
    };
    let (na, nb) = (sizes(wa), sizes(wb));
    // Under an announced contrast one shared word is enough
    // (「…を提供する」 and 「…を提供する」).
    let shared = if threshold <= ANNOUNCED_SIMILARITY {
        1
    } else {
        2
    };
    let mut scored = Vec::new();
    for (i, x) in wa.iter().enumerate() {
        for (j, y) in wb.iter().enumerate() {
            // Units that could not score enough if every word of the shorter
            // were shared are not compared word by word.
            let most = na[i].min(nb[j]);
            if most < shared || dice(most, na[i] + nb[j]) < threshold {
                continue;
            }
            let common = common_count(x, y, names);
            let score = dice(common, na[i] + nb[j]);
            if score >= threshold && common >= shared {
                scored.push((score, i, j));
            }
        }
    }
    scored.sort_by(|p, q| q.0.total_cmp(&p.0).then((p.1, p.2).cmp(&(q.1, q.2))));
    let (mut used_a, mut used_b) = (vec![false; a.len()], vec![false; b.len()]);
    let mut pairs = Vec::new();
    for (_, i, j) in scored {
        if !used_a[i] && !used_b[j] {
            used_a[i] = true;
            used_b[j] = true;
            pairs.push((i, j));
        }
    }
    pairs.sort();
    pairs
        .into_iter()
        .map(|(i, j)| (a[i].clone(), b[j].clone()))
        .collect()
}

/// The content words of each unit ([`content_words`]).
fn unit_words(input: &Input, units: &[Unit]) -> Vec<Vec<Word>> {
    units
        .iter()
        .map(|u| content_words(&input.node_tokens(u.node).tokens, &u.range))
        .collect()
}

/// The content words of a range: nouns and verbs by base form, sorted, each once.
fn content_words(tokens: &[Token], range: &std::ops::Range<usize>) -> Vec<Word> {
    sorted_words(
        tokens[tokens_in(tokens, range)]
            .iter()
            .filter(|t| {
                (is_nounish(t) || t.pos().starts_with("動詞,自立")) && !is_light_verb(t.base())
            })
            .map(Token::base),
    )
}

/// Whether a base form is a verb too light to carry meaning of its own: する
/// "do", ある "be", いる/なる/できる/れる/られる.
fn is_light_verb(base: &str) -> bool {
    matches!(
        base,
        "する" | "ある" | "いる" | "なる" | "できる" | "れる" | "られる"
    )
}

/// A word as the address of its text: a [`Sym`](crate::tokens::Sym)'s text
/// is interned once for the process, so one text is one address and words
/// sort and merge as integers, their texts neither hashed nor compared.
type Word = usize;

/// The [`Word`] of a symbol.
fn word(sym: &crate::tokens::Sym) -> Word {
    sym.as_str().as_ptr() as usize
}

/// Words sorted ([`Word`] order), each once.
fn sorted_words<'t>(words: impl Iterator<Item = &'t crate::tokens::Sym>) -> Vec<Word> {
    // Room for as many words as there may be, so the list never grows.
    let (_, most) = words.size_hint();
    let mut sorted: Vec<Word> = Vec::with_capacity(most.unwrap_or(0));
    sorted.extend(words.map(word));
    sorted.sort_unstable();
    sorted.dedup();
    sorted
}

/// How many words two sorted word lists share, those in `aside` (sorted too)
/// not counted.
fn common_count(a: &[Word], b: &[Word], aside: &[Word]) -> usize {
    let (mut i, mut j, mut k, mut n) = (0, 0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                while k < aside.len() && aside[k] < a[i] {
                    k += 1;
                }
                if aside.get(k) != Some(&a[i]) {
                    n += 1;
                }
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Dice coefficient of two word sets, from the words they share and their
/// sizes together.
fn dice(common: usize, total: usize) -> f64 {
    if total == 0 {
        0.0
    } else {
        2.0 * common as f64 / total as f64
    }
}

/// What two parallel units contrast and their two values: a shared topic
/// (「AのXは…」「BのXは…」 → X, the rest as values), else what the units
/// share, as [`shared_run`] finds it.
fn contrasted(
    input: &Input,
    u1: &Unit,
    u2: &Unit,
    class: &[&str],
) -> Option<(String, String, String)> {
    let value = |u: &Unit, from: usize| -> String {
        let text = &input.outline.nodes[u.node].text[from..u.range.end];
        let text = text.trim_start_matches(['、', ' ']);
        let mut text = text.trim_end_matches(['、', '。', ' ']);
        for b in UNIT_BREAKS {
            let connective = b.trim_end_matches('、');
            if let Some(rest) = text.strip_suffix(connective)
                && rest.chars().count() >= 2
                && breaks_unit(&format!("{text}、"))
            {
                text = rest;
                break;
            }
        }
        strip_continuative(strip_definition_ending(text)).to_string()
    };
    if let (Some((h1, after1)), Some((h2, after2))) = (topic_head(input, u1), topic_head(input, u2))
        && h1 == h2
    {
        return Some((h1, value(u1, after1), value(u2, after2)));
    }
    if let (Some((c1, after1)), Some((c2, after2))) =
        (circumstance(input, u1), circumstance(input, u2))
        && c1 == c2
    {
        return Some((c1.to_string(), value(u1, after1), value(u2, after2)));
    }
    let attribute = shared_between(input, (u1.node, &u1.range), (u2.node, &u2.range), class)?;
    Some((
        attribute,
        value(u1, u1.range.start),
        value(u2, u2.range.start),
    ))
}

/// A unit that opens with a clause saying when (「データを取り出す際にも、」):
/// the clause up to its noun (「データを取り出す際」) and the byte where the
/// rest starts.
fn circumstance<'i>(input: &'i Input, unit: &Unit) -> Option<(&'i str, usize)> {
    let text = &input.outline.nodes[unit.node].text;
    let tokens = &input.node_tokens(unit.node).tokens;
    // After the unit's subject, if it opens with one (「Aでは、」).
    let from = opening_subject(input, unit.node, &unit.range, false)
        .map_or(unit.range.start, |(_, _, rest)| rest.start);
    let start = text[from..unit.range.end]
        .trim_start_matches(['、', ' '])
        .as_ptr() as usize
        - text.as_ptr() as usize;
    let inside = &tokens[tokens_in(tokens, &(start..unit.range.end))];
    // The first clause of a few words, ending in 際/時/場合 and に/は/も.
    let at = inside
        .iter()
        .take(MAX_CIRCUMSTANCE_TOKENS)
        .position(|t| CIRCUMSTANCE_NOUNS.contains(&t.surface.as_ref()))?;
    if at < 2 {
        return None;
    }
    let mut after = at + 1;
    while inside
        .get(after)
        .is_some_and(|t| matches!(t.surface.as_ref(), "に" | "は" | "も" | "、"))
    {
        after += 1;
    }
    if after == at + 1 || after >= inside.len() {
        return None;
    }
    let clause = &text[start..inside[at].byte_range.end];
    Some((clause, inside[after].byte_range.start))
}

/// The most tokens of a clause saying when (「データ を 取り出す 際」).
const MAX_CIRCUMSTANCE_TOKENS: usize = 12;

/// A unit that opens 「…のXは、」 or 「Xは、」: X (the noun after the last の)
/// and the byte where the rest starts.
fn topic_head(input: &Input, unit: &Unit) -> Option<(String, usize)> {
    let text = &input.outline.nodes[unit.node].text;
    let tokens = &input.node_tokens(unit.node).tokens;
    let inside = &tokens[tokens_in(tokens, &unit.range)];
    let at = inside.iter().position(|t| {
        t.surface == "は"
            && t.pos().starts_with("助詞,係助詞")
            && bracket_depth(&text[unit.range.start..t.byte_range.start]) == 0
    })?;
    let phrase = &inside[..at];
    if !is_noun_phrase(phrase) {
        return None;
    }
    // 「AのXは」 → X; a bare 「Xは」 is its own head.
    let head = match phrase.iter().rposition(|t| t.surface == "の") {
        Some(of) => &phrase[of + 1..],
        None => phrase,
    };
    if head.is_empty() {
        return None;
    }
    let name = &text[head[0].byte_range.start..head[head.len() - 1].byte_range.end];
    (name.chars().count() >= 2).then(|| (name.to_string(), inside[at].byte_range.end))
}

/// Two entity lines glossed in brackets whose glosses end in the same noun
/// (「ファイルゲートウェイ(ファイル単位)」「テープゲートウェイ(仮想テープ単位)」):
/// that noun, and each gloss as the value.
fn shared_gloss(input: &Input, e1: usize, e2: usize) -> Option<(String, String, String)> {
    let gloss = |e: usize| -> Option<(String, String)> {
        let text = input.outline.nodes[e].text.trim_end();
        let inner = text.strip_suffix(')')?;
        let open = inner.rfind('(')?;
        let gloss = &inner[open + 1..];
        let tokens = &input.node_tokens(e).tokens;
        let last = tokens
            .iter()
            .rev()
            .find(|t| t.byte_range.end <= open + 1 + gloss.len() && t.surface != ")")?;
        // A gloss in Latin letters spells the name out; it is no value.
        (is_nounish(last)
            && gloss.len() > last.surface.len()
            && !gloss.chars().any(|c| c.is_ascii_alphabetic()))
        .then(|| (gloss.to_string(), last.surface.to_string()))
    };
    let (g1, h1) = gloss(e1)?;
    let (g2, h2) = gloss(e2)?;
    // One kanji (型 "type", 式 "style") is a word; one kana is not.
    let word =
        h1.chars().count() >= 2 || h1.chars().all(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c));
    (h1 == h2 && word && g1 != g2).then_some((h1, g1, g2))
}

/// Whether an entity line may end in a gloss in brackets: it ends in 「)」,
/// as [`shared_gloss`] first requires.
fn may_gloss(text: &str) -> bool {
    text.trim_end().ends_with(')')
}

/// One cell waiting to be pushed: (node of the evidence, entity, value).
type Cell = (usize, String, String);

/// The most siblings under one heading that are contrasted with each other.
const MAX_CONTRASTED: usize = 4;

/// How alike two statements must be (Dice over content words) to run in parallel.
const PARALLEL_SIMILARITY: f64 = 0.4;
/// The same for two entities alone under their parent.
const PAIR_SIMILARITY: f64 = 0.3;
/// The same under a heading that announces the contrast (「…の違い」).
const ANNOUNCED_SIMILARITY: f64 = 0.25;

/// What two ranges of two lines share, as [`shared_run`] finds it (each
/// line's own tokens, no copy).
fn shared_between(
    input: &Input,
    (a, range_a): (usize, &std::ops::Range<usize>),
    (b, range_b): (usize, &std::ops::Range<usize>),
    class: &[&str],
) -> Option<String> {
    let tokens_a = &input.node_tokens(a).tokens;
    let tokens_b = &input.node_tokens(b).tokens;
    shared_run_in(
        &input.outline.nodes[a].text,
        &tokens_a[tokens_in(tokens_a, range_a)],
        &tokens_b[tokens_in(tokens_b, range_b)],
        class,
    )
}

/// The noun two entity names end in (「ノード」 for プライマリノード and
/// レプリカノード): the class they belong to.
fn class_word<'t>(a: &'t [Token], b: &[Token]) -> Vec<&'t str> {
    let last = |ts: &[Token]| ts.iter().rposition(is_nounish);
    match (last(a), last(b)) {
        (Some(i), Some(j)) if a[i].surface == b[j].surface => vec![a[i].surface.as_ref()],
        _ => Vec::new(),
    }
}

/// Byte ranges of the clauses of a line, split after 「、」 and 「。」, into
/// `out` (emptied first: one list serves every line). (`opens`: whether the
/// line may hold an opener, as [`may_open`] tells.)
fn clauses_into(text: &str, opens: bool, out: &mut Vec<std::ops::Range<usize>>) {
    out.clear();
    let mut start = 0;
    let mut depth = 0;
    for (at, c) in brackets_and_stops(text) {
        match c {
            '(' | '「' => depth += 1,
            ')' | '」' => depth = (depth - 1).max(0),
            '、' | '。' if depth == 0 => {
                // 「一方、」 opens the clause after it rather than standing alone.
                if c == '、' && opens && CONTRAST_OPENERS.contains(&text[start..at].trim()) {
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
}

/// The round brackets, quotes 「」 and stops 、。 of a line with their
/// bytes, found without decoding the rest: 「」、。 are the only characters
/// that matter here from the block encoded E3 80 xx, found by its middle byte.
fn brackets_and_stops(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let bytes = text.as_bytes();
    memchr::memchr3_iter(b'(', b')', 0x80, bytes).filter_map(move |at| match bytes[at] {
        b'(' => Some((at, '(')),
        b')' => Some((at, ')')),
        // 0xE3 only ever leads a character: 0x80 after it is that
        // character's second byte.
        _ if at > 0 && bytes[at - 1] == 0xE3 => {
            let c = match bytes[at + 1] {
                0x8C => '「',
                0x8D => '」',
                0x81 => '、',
                0x82 => '。',
                _ => return None,
            };
            Some((at - 1, c))
        }
        _ => None,
    })
}

/// Whether a line may hold one of [`CONTRAST_OPENERS`]: each holds 一方 or
/// 対して, words the line's word bits tell of.
fn may_open(input: &Input, index: usize) -> bool {
    static OPENERS: LazyLock<super::text::Needles> =
        LazyLock::new(|| super::text::Needles::new(&["一方", "対して"]));
    OPENERS.any_in_node(input, index)
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
    // (the clause's tokens are read from its first no further than needed)
    let first = tokens_in(tokens, &(clause.start..clause.start)).start;
    let clause_tokens = &tokens[first..];
    // The first は or が outside brackets. What comes before it must make a
    // noun phrase: the search ends at the first word that cannot stand in one.
    let mut at = None;
    for (k, t) in clause_tokens
        .iter()
        .take_while(|t| t.byte_range.end <= clause.end)
        .enumerate()
    {
        if (t.surface == "は" || t.surface == "が")
            && t.pos().starts_with("助詞")
            && bracket_depth(&text[clause.start..t.byte_range.start]) == 0
        {
            at = Some(k);
            break;
        }
        if !is_nounish(t) && !joins_noun_phrase(t) {
            return None;
        }
    }
    let at = at?;
    // What an arrow leads from (「X → AはY」) is not part of the subject.
    let from = clause_tokens[..at]
        .iter()
        .rposition(|t| t.surface.contains(ARROW))
        .map_or(0, |k| k + 1);
    let subject = &clause_tokens[from..at];
    if subject.is_empty() || !is_noun_phrase(subject) {
        return None;
    }
    let a = subject[0].byte_range.start..subject[subject.len() - 1].byte_range.end;
    let x = clause_tokens[at].byte_range.end..clause.end;
    (!text[x.clone()].trim_matches(['、', '。', ' ']).is_empty()).then_some((a, x))
}

/// How a shared run ranks, least first: (verb?, -end in the first clause,
/// verbal noun?, -characters).
type RunKey = (u8, isize, u8, isize);

/// What two contrasted clauses share, nearest the end of the first (its
/// predicate): a run of nouns (「方法」「負荷」「対応」), else a verb
/// (「行える」). Names (ALB, S3) are values, not
/// attributes; numbers and counters aside (「1回」); nouns in `class` (what
/// the entities' names end in, 「ノード」 for プライマリノード) say nothing.
fn shared_run(
    text: &str,
    tokens: &[Token],
    x: &std::ops::Range<usize>,
    y: &std::ops::Range<usize>,
    class: &[&str],
) -> Option<String> {
    shared_run_in(
        text,
        &tokens[tokens_in(tokens, x)],
        &tokens[tokens_in(tokens, y)],
        class,
    )
}

/// [`shared_run`] over the tokens of the two clauses, `xs` those of `text`;
/// only the surfaces and parts of speech of `ys` are read.
fn shared_run_in(text: &str, xs: &[Token], ys: &[Token], class: &[&str]) -> Option<String> {
    // 0: common noun, 1: verbal noun, 2: verb; None: no attribute word.
    // (the kind of word first: most words are none, and need no search of
    // their part of speech)
    let rank = |t: &Token| -> Option<u8> {
        let rank = if t.pos().starts_with("名詞,サ変接続") {
            1
        } else if is_nounish(t) {
            0
        } else if t.pos().starts_with("動詞,自立") && !is_light_verb(t.base()) {
            2
        } else {
            return None;
        };
        let no_attribute = t.surface.bytes().any(|b| b.is_ascii_alphanumeric())
            || counter_or_proper(t.pos())
            || class.contains(&t.surface.as_ref());
        (!no_attribute).then_some(rank)
    };
    // A word listed after another (「更新・参照など」) or limited (「参照のみ」)
    // on either side is one of the values, not what they are compared on.
    let listed = |ts: &[Token], from: usize, to: usize| {
        ts.get(to)
            .is_some_and(|t| VALUE_MARKS.contains(&t.surface.as_ref()))
            || from
                .checked_sub(1)
                .is_some_and(|k| LIST_JOINS.contains(&ts[k].surface.as_ref()))
    };
    // Each word of x is ranked once, not once per word of y; a word in a
    // bracketed aside (「…が目的(読み取り性能は上がらない)」) is not what the
    // statement is about.
    // (The depth is carried from word to word, not counted from the start
    // of the line for each.)
    let mut depth = Depth::new(text);
    let ranks: Vec<Option<u8>> = xs
        .iter()
        .map(|t| rank(t).filter(|_| depth.at(t.byte_range.start).is_none_or(|d| d == 0)))
        .collect();
    // (verb?, -end in x, rank, -chars) to minimise, with the run's start and end.
    let mut best: Option<(RunKey, usize, usize)> = None;
    for i in 0..xs.len() {
        // A unit counted on both sides (「64000IOPS」「数百万IOPS」「32ビット」) is
        // what the numbers measure, though it is spelled like a name or a suffix.
        let unit = ranks[i].is_none() && counted(xs, i);
        // A run that opens on a suffix (「内」「化」) is no word of its own.
        if xs[i].pos().starts_with("名詞,接尾") && !unit {
            continue;
        }
        let Some(first_rank) = ranks[i].or(unit.then_some(0)) else {
            continue;
        };
        for j in 0..ys.len() {
            let mut n = 0;
            let mut run_rank = first_rank;
            if unit {
                if counted(ys, j) && word(&ys[j].surface) == word(&xs[i].surface) {
                    n = 1;
                }
            } else {
                while i + n < xs.len()
                    && j + n < ys.len()
                    && word(&xs[i + n].surface) == word(&ys[j + n].surface)
                    && let Some(r) = ranks[i + n]
                {
                    // Verbs stand alone; nouns join into one compound.
                    if (r == 2) != (first_rank == 2) || (first_rank == 2 && n > 0) {
                        break;
                    }
                    run_rank = run_rank.min(r);
                    n += 1;
                }
            }
            if n == 0 || listed(xs, i, i + n) || listed(ys, j, j + n) {
                continue;
            }
            let chars: usize = xs[i..i + n].iter().map(|t| t.surface.chars().count()).sum();
            // One kanji (鍵) is a word; one kana is not.
            let word = chars >= 2
                || xs[i]
                    .surface
                    .chars()
                    .all(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c));
            let key = (
                run_rank / 2,
                -((i + n) as isize),
                run_rank,
                -(chars as isize),
            );
            if word && best.as_ref().is_none_or(|b| key < b.0) {
                best = Some((key, i, i + n));
            }
        }
    }
    let (_, start, end) = best?;
    let last = &xs[end - 1];
    let word = &text[xs[start].byte_range.start..last.byte_range.end];
    // A verb is named by its base form (「行え」 → 「行える」); what a thing is
    // used for (「…する際に使用」) is its use, 用途.
    let for_purpose = start >= 2
        && xs[start - 1].surface == "に"
        && PURPOSE_NOUNS.contains(&xs[start - 2].surface.as_ref());
    Some(
        if USE_WORDS.contains(&last.base().as_ref()) && start + 1 == end && for_purpose {
            USE_ATTRIBUTE.to_string()
        } else if last.pos().starts_with("動詞") && start + 1 == end {
            last.base().to_string()
        } else {
            word.to_string()
        },
    )
}

/// The bracket depth ([`bracket_depth`]) of a text before ascending byte
/// positions, each carried on from the one before.
struct Depth<'t> {
    text: &'t str,
    /// How far the text is counted, and its depth there.
    counted: usize,
    depth: i32,
}

impl<'t> Depth<'t> {
    fn new(text: &'t str) -> Depth<'t> {
        Depth {
            text,
            counted: 0,
            depth: 0,
        }
    }

    /// The depth before byte `end`, none if `end` is inside a character.
    fn at(&mut self, end: usize) -> Option<i32> {
        if end < self.counted {
            (self.counted, self.depth) = (0, 0);
        }
        let more = self.text.get(self.counted..end)?;
        self.depth = more.chars().fold(self.depth, |depth, c| match c {
            '(' | '「' | '『' | '[' | '【' => depth + 1,
            ')' | '」' | '』' | ']' | '】' => (depth - 1).max(0),
            _ => depth,
        });
        self.counted = end;
        Some(self.depth)
    }
}

/// Whether a part of speech holds 助数詞 "counter" or 固有名詞 "proper noun"
/// at any level. Both words open with the byte E5 (助, 固): only where that
/// byte stands are they compared (a part of speech is short: its bytes are
/// looked at one by one, no search set up).
fn counter_or_proper(pos: &str) -> bool {
    let bytes = pos.as_bytes();
    (0..bytes.len()).any(|at| {
        bytes[at] == 0xE5 && {
            let rest = &bytes[at..];
            rest.starts_with("助数詞".as_bytes()) || rest.starts_with("固有名詞".as_bytes())
        }
    })
}

/// Whether token `k` is a word in Latin letters counted by the number before
/// it (「64000IOPS」).
fn counted(tokens: &[Token], k: usize) -> bool {
    let surface = &tokens[k].surface;
    // A unit spelt in Latin letters (IOPS) or in katakana (ビット, バイト).
    let unit = || {
        surface.chars().all(|c| c.is_ascii_alphabetic())
            || (tokens[k].pos().contains("助数詞")
                && surface.chars().count() >= 2
                && surface
                    .chars()
                    .all(|c| ('\u{30A0}'..='\u{30FF}').contains(&c)))
    };
    k > 0 && tokens[k - 1].pos().starts_with("名詞,数") && unit()
}

/// Words after a value's last word that limit it: のみ/だけ/しか "only".
const VALUE_MARKS: &[&str] = &["のみ", "だけ", "しか"];
/// Words before a value's first word that join it to a list: ・/や "and".
const LIST_JOINS: &[&str] = &["・", "や"];

/// Words that say what a thing is used for: 使用/利用 "use", 使う, 用いる.
const USE_WORDS: &[&str] = &["使用", "利用", "使う", "用いる"];
/// Nouns that, before に, say when or what for: 際/時/とき "when", ため/用
/// "for", 場合 "in case".
const PURPOSE_NOUNS: &[&str] = &["際", "時", "とき", "ため", "用", "場合"];
/// The attribute a use for a purpose names: 用途 "use, purpose".
const USE_ATTRIBUTE: &str = "用途";

/// A concept set against another inside one sentence: 「Aは、Bではできない
/// XをVできる」「AではBで実現できなかったXに対応している」. X is the
/// attribute; what B cannot do and what A does are the two values.
///
/// ```text
/// IPv6は、IPv4では使えない自動設定の機能を備えている
/// → comparison | IPv4 | 自動設定の機能 | 使えない
/// ```
pub static UNLIKE: Rule = Rule {
    name: "comparison/unlike",
    kind: FactKind::Comparison,
    examples: &[
        (
            "IPv6は、IPv4では使えない自動設定の機能を備えている",
            "comparison|IPv4|自動設定の機能|使えない",
        ),
        (
            "PostgreSQLではMySQLで利用できなかったウィンドウ関数に対応している",
            "comparison|PostgreSQL|ウィンドウ関数|対応している",
        ),
    ],
    run: |input, sink| {
        definition::for_each_sentence(input, &["ない", "なかっ"], |index, text, tokens| {
            let Some((a, mut k)) = marked_name(tokens, 0, &["は", "では"]) else {
                return;
            };
            if tokens.get(k).is_some_and(|t| t.surface == "、") {
                k += 1;
            }
            let Some((b, after_b)) = marked_name(tokens, k, &["では", "には", "で", "に"])
            else {
                return;
            };
            // What B does not do: verbs, verbal nouns and auxiliaries up to
            // a negating ない (「利用できない」「実現できなかった」).
            let Some(neg) = tokens[after_b..]
                .iter()
                .take(MAX_NEGATED_TOKENS)
                .take_while(|t| {
                    t.pos().starts_with("動詞")
                        || t.pos().starts_with("助動詞")
                        || t.pos().starts_with("名詞,サ変接続")
                })
                .position(|t| t.base() == "ない" && t.pos().starts_with("助動詞"))
                .map(|at| after_b + at + 1)
            else {
                return;
            };
            let mut neg_end = neg;
            if tokens.get(neg_end).is_some_and(|t| t.surface == "た") {
                neg_end += 1;
            }
            let mut x_start = neg_end;
            if tokens.get(x_start).is_some_and(|t| t.surface == "、") {
                x_start += 1;
            }
            // The thing B lacks: a noun phrase, then を/に/が and A's predicate.
            let Some(x_end) = tokens[x_start..]
                .iter()
                .position(|t| {
                    matches!(t.surface.as_ref(), "を" | "に" | "が") && t.pos().starts_with("助詞")
                })
                .map(|at| x_start + at)
            else {
                return;
            };
            if x_end + 1 >= tokens.len() || !is_noun_phrase(&tokens[x_start..x_end]) {
                return;
            }
            let span =
                |ts: &[Token]| &text[ts[0].byte_range.start..ts[ts.len() - 1].byte_range.end];
            let predicate = span(&tokens[x_end + 1..]).trim_end_matches(['。', ' ']);
            if predicate.is_empty()
                || predicate.contains("ない")
                || predicate.chars().count() > MAX_PREDICATE_CHARS
            {
                return;
            }
            let (a, b) = (
                definition::term_name(span(a)),
                definition::term_name(span(b)),
            );
            if a == b {
                return;
            }
            push_pair(
                input,
                sink,
                UNLIKE.name,
                span(&tokens[x_start..x_end]),
                [
                    (index, &a, predicate),
                    (index, &b, span(&tokens[after_b..neg_end])),
                ],
            );
        });
    },
};

/// The most tokens of a negated verb phrase (「利用 でき なかっ」).
const MAX_NEGATED_TOKENS: usize = 6;
/// The longest predicate that still reads as one value (「対応している」).
const MAX_PREDICATE_CHARS: usize = 20;

/// A named noun phrase from token `from`, followed by one of `markers` (each
/// one or two particles: は, では, には, で, に): the phrase's tokens and the
/// index after the marker.
fn marked_name<'t>(
    tokens: &'t [Token],
    from: usize,
    markers: &[&str],
) -> Option<(&'t [Token], usize)> {
    let end = from + tokens[from..].iter().take_while(|t| is_nounish(t)).count();
    let phrase = &tokens[from..end];
    if phrase.is_empty() || !is_named(phrase) {
        return None;
    }
    let particle = |k: usize, s: &str| {
        tokens
            .get(k)
            .is_some_and(|t| t.surface == s && t.pos().starts_with("助詞"))
    };
    markers.iter().find_map(|m| {
        let mut k = end;
        for c in m.chars() {
            if !particle(k, c.encode_utf8(&mut [0; 4])) {
                return None;
            }
            k += 1;
        }
        Some((phrase, k))
    })
}

/// Two statements about two named concepts set side by side: one sentence
/// joined by a concessive 「…が、」 (「Aは…Xですが、Bは…X…」), or two
/// sentences in a row of which one says no (「Aは…Xを提供する。Bには
/// Xに関する設定はない」) or the second opens with 一方 "on the other hand".
/// They contrast on the word they share.
///
/// ```text
/// HDDは最大でも200IOPS程度だが、SSDは数万IOPSを出せる
/// → comparison | SSD | IOPS | 数万IOPSを出せる
/// ```
pub static OPPOSED: Rule = Rule {
    name: "comparison/opposed",
    kind: FactKind::Comparison,
    examples: &[
        (
            "HDDは最大でも200IOPS程度だが、SSDは数万IOPSを出せる",
            "comparison|SSD|IOPS|数万IOPSを出せる",
        ),
        (
            "TCPは到達確認を行う。\nUDPには到達確認の仕組みはない",
            "comparison|UDP|到達確認|到達確認の仕組みはない",
        ),
        (
            "障害が起きた際、コールドスタンバイでは予備機を起動してから切り替える\n一方ホットスタンバイでは、稼働中の予備機へすぐに切り替える",
            "comparison|ホットスタンバイ|予備機|稼働中の予備機へすぐに切り替える",
        ),
        (
            "固定回線とは、月額料金が一定で使い放題の回線のことです。\nこれに対して、従量回線は月額料金が使った量で決まる回線です。",
            "comparison|固定回線|月額料金|月額料金が一定で使い放題の回線",
        ),
        (
            "TCPとUDPは似ているが、前者は「接続型」、後者は「非接続型」と呼ばれる",
            "comparison|UDP|呼ばれる|非接続型",
        ),
        (
            "初期設定のルーターは外部からの接続をすべて拒否するが、初期設定のスイッチは全ポートを開放している",
            "comparison|スイッチ|初期設定|全ポートを開放している",
        ),
    ],
    run: |input, sink| {
        let nodes = &input.outline.nodes;
        definition::for_each_sentence_range(input, &[LATTER], |index, range| {
            former_latter(input, sink, index, &range);
        });
        // 「Aは…が、Bは…」 within one sentence.
        definition::for_each_sentence_range(input, &["が、"], |index, range| {
            let text = &nodes[index].text;
            let tokens = &input.node_tokens(index).tokens;
            let inside = &tokens[tokens_in(tokens, &range)];
            let Some(but) = inside.iter().position(|t| {
                t.surface == "が"
                    && t.pos().starts_with("助詞,接続助詞")
                    && bracket_depth(&text[range.start..t.byte_range.start]) == 0
            }) else {
                return;
            };
            if inside.get(but + 1).is_none_or(|t| t.surface != "、") || but + 2 >= inside.len() {
                return;
            }
            let first = range.start..inside[but].byte_range.start;
            let second = inside[but + 1].byte_range.end..range.end;
            opposed_pair(input, sink, (index, first), (index, second), true);
        });
        // Two sentences in a row, one of them negated.
        let mut previous: Option<(usize, std::ops::Range<usize>, bool)> = None;
        for (index, node) in nodes.iter().enumerate() {
            if node.kind != NodeKind::Text {
                previous = None;
                continue;
            }
            let opens = may_open(input, index);
            for range in input.sentences(index) {
                let negated = negated(&node.text[range.clone()]);
                let opened = opens && skip_openers(&node.text, range.start) != range.start;
                if let Some((p, prange, pnegated)) = previous.take()
                    && (p == index || nodes[p].parent == node.parent)
                    && (negated != pnegated || opened)
                {
                    // 一方/これに対して announce the contrast: any nouns can be its sides.
                    opposed_pair(input, sink, (p, prange), (index, range.clone()), opened);
                }
                previous = Some((index, range.clone(), negated));
            }
        }
    },
};

/// 前者 "the former" and 後者 "the latter".
const FORMER: &str = "前者は";
const LATTER: &str = "後者は";

/// 「AとBは…が、前者はX、後者はYでV」: the pair named with と earlier in the
/// sentence, each with its value, on the verb V both share (「…と呼ばれる」
/// → 呼ばれる). Nothing without the pair, or without a verb right after Y's
/// particle.
fn former_latter(
    input: &Input,
    sink: &mut super::Sink,
    index: usize,
    range: &std::ops::Range<usize>,
) {
    let text = &input.outline.nodes[index].text;
    let sentence = &text[range.clone()];
    let (Some(f), Some(l)) = (sentence.find(FORMER), sentence.find(LATTER)) else {
        return;
    };
    let v1 = sentence[f + FORMER.len()..l].trim_end_matches(['、', ' ']);
    if f >= l || v1.is_empty() || v1.contains('、') {
        return;
    }
    let tokens = &input.node_tokens(index).tokens;
    // The pair: 「AとB」, two named noun runs, before 前者.
    let before = &tokens[tokens_in(tokens, &(range.start..range.start + f))];
    let Some(and) = before
        .iter()
        .position(|t| t.surface == "と" && t.pos().starts_with("助詞,並立助詞"))
    else {
        return;
    };
    let run_back = before[..and]
        .iter()
        .rev()
        .take_while(|t| is_nounish(t))
        .count();
    let run_on = before[and + 1..]
        .iter()
        .take_while(|t| is_nounish(t))
        .count();
    if run_back == 0 || run_on == 0 {
        return;
    }
    let (a, b) = (
        &before[and - run_back..and],
        &before[and + 1..and + 1 + run_on],
    );
    if !is_named(a) || !is_named(b) {
        return;
    }
    let span = |ts: &[Token]| {
        definition::term_name(&text[ts[0].byte_range.start..ts[ts.len() - 1].byte_range.end])
    };
    let (name_a, name_b) = (span(a), span(b));
    // Y, then a case particle, then the verb.
    let after = &tokens[tokens_in(tokens, &(range.start + l + LATTER.len()..range.end))];
    let Some(particle) = after.iter().position(|t| {
        t.pos().starts_with("助詞,格助詞")
            && bracket_depth(&text[after[0].byte_range.start..t.byte_range.start]) == 0
    }) else {
        return;
    };
    let Some(verb) = after
        .get(particle + 1)
        .filter(|t| t.pos().starts_with("動詞"))
    else {
        return;
    };
    if particle == 0 {
        return;
    }
    let v2 = &text[after[0].byte_range.start..after[particle - 1].byte_range.end];
    // The verb with what follows it up to the clause's end (「分類される」).
    let verb_end = after[particle + 1..]
        .iter()
        .take_while(|t| t.pos().starts_with("動詞") || t.pos().starts_with("助動詞"))
        .count();
    let last = &after[particle + verb_end];
    let attribute = format!(
        "{}{}",
        &text[verb.byte_range.start..last.byte_range.start],
        last.base()
    );
    let unquote = |v: &str| {
        v.trim_start_matches('「')
            .trim_end_matches('」')
            .to_string()
    };
    let (v1, v2) = (unquote(v1), unquote(v2));
    if v1.is_empty() || v2.is_empty() || name_a == name_b {
        return;
    }
    push_pair(
        input,
        sink,
        OPPOSED.name,
        &attribute,
        [(index, &name_a, &v1), (index, &name_b, &v2)],
    );
}

/// Nouns that end a clause saying when: 際/時/とき "when", 場合 "in case".
const CIRCUMSTANCE_NOUNS: &[&str] = &["際", "時", "とき", "場合"];

/// Whether a statement ends by saying no: 「…はない」「…できない」「…ません」.
fn negated(statement: &str) -> bool {
    let end = statement.trim_end_matches(['。', ' ', '、']);
    ["ない", "なかった", "ません", "できず"]
        .iter()
        .any(|n| end.ends_with(n))
}

/// Contrasts two statements that each open with a named subject
/// (「Aは」「Aには」「Aでは」, with `loose` also 「Aで」): the subjects are the
/// entities, the rests the values, the word they share the attribute.
fn opposed_pair(
    input: &Input,
    sink: &mut super::Sink,
    (n1, r1): (usize, std::ops::Range<usize>),
    (n2, r2): (usize, std::ops::Range<usize>),
    loose: bool,
) {
    let Some((name1, subject1, rest1)) = opening_subject(input, n1, &r1, loose) else {
        return;
    };
    let Some((name2, subject2, rest2)) = opening_subject(input, n2, &r2, loose) else {
        return;
    };
    if name1 == name2 || rest1.is_empty() || rest2.is_empty() {
        return;
    }
    let class = class_word(subject1, subject2);
    // 「既定のAは…が、既定のBは…」: the qualifier both names open with is
    // what they are compared on, and the rest of each name its side.
    let qualifier = shared_qualifier(&name1, &name2);
    let attribute = match qualifier {
        Some((q, _, _)) => q.to_string(),
        None => {
            let Some(attribute) = shared_between(input, (n1, &rest1), (n2, &rest2), &class) else {
                return;
            };
            // 「Aは…する方式で、…。一方Bは…する方式で、…」: the noun both
            // statements say their subject is names its class, not an attribute.
            if predicate_noun(input, n1, &rest1)
                .is_some_and(|h| h == attribute && predicate_noun(input, n2, &rest2) == Some(h))
            {
                return;
            }
            attribute
        }
    };
    let (name1, name2) = match qualifier {
        Some((_, a, b)) => (a.to_string(), b.to_string()),
        None => (name1, name2),
    };
    let value = |node: usize, range: &std::ops::Range<usize>| {
        let text = input.outline.nodes[node].text[range.clone()].trim_matches(['、', '。', ' ']);
        let text = ["ですが", "だが", "であるが", "が"]
            .iter()
            .find_map(|e| text.strip_suffix(e))
            .unwrap_or(text);
        strip_continuative(strip_definition_ending(text)).to_string()
    };
    let (v1, v2) = (value(n1, &rest1), value(n2, &rest2));
    push_pair(
        input,
        sink,
        OPPOSED.name,
        &attribute,
        [(n1, &name1, &v1), (n2, &name2, &v2)],
    );
}

/// The qualifier two entity names open with, 「QのA」 and 「QのB」: Q, A and B
/// (A and B not empty; Q without a further 「の」).
fn shared_qualifier<'n>(a: &'n str, b: &'n str) -> Option<(&'n str, &'n str, &'n str)> {
    let (qa, ra) = a.split_once('の')?;
    let (qb, rb) = b.split_once('の')?;
    (qa == qb && !qa.is_empty() && !ra.is_empty() && !rb.is_empty() && ra != rb)
        .then_some((qa, ra, rb))
}

/// The noun a statement says its subject is: the noun right before the first
/// copula that ends a clause (「…する方式で、」「…する方式だ」「…する方式です」;
/// not the 「な」 of 「静的な」).
fn predicate_noun<'i>(
    input: &'i Input,
    node: usize,
    range: &std::ops::Range<usize>,
) -> Option<&'i str> {
    let tokens = &input.node_tokens(node).tokens;
    let inside = &tokens[tokens_in(tokens, range)];
    let copula = (0..inside.len()).find(|&k| {
        let t = &inside[k];
        (t.pos().starts_with("助動詞") && matches!(t.surface.as_ref(), "だ" | "です"))
            || (t.surface == "で" && inside.get(k + 1).is_some_and(|n| n.surface == "、"))
    })?;
    let head = inside.get(copula.checked_sub(1)?)?;
    is_nounish(head).then_some(head.surface.as_ref())
}

/// A statement's opening subject: a named noun phrase (「ElastiCacheのエンジン
/// 「Redis」」 names Redis; with `loose` any noun phrase), then は, には or
/// では (with `loose` also で and とは),
/// after an opener such as なお/また. Its name, its tokens and the byte range
/// of the rest of the statement.
fn opening_subject<'i>(
    input: &'i Input,
    node: usize,
    range: &std::ops::Range<usize>,
    loose: bool,
) -> Option<(String, &'i [Token], std::ops::Range<usize>)> {
    // No subject without its particle: a line without は (or, loosely,
    // without で) opens with none.
    static MARKED: LazyLock<super::text::Needles> =
        LazyLock::new(|| super::text::Needles::new(&["は"]));
    static LOOSELY_MARKED: LazyLock<super::text::Needles> =
        LazyLock::new(|| super::text::Needles::new(&["は", "で"]));
    if !(if loose { &LOOSELY_MARKED } else { &MARKED }).any_in_node(input, node) {
        return None;
    }
    let text = &input.outline.nodes[node].text;
    let tokens = &input.node_tokens(node).tokens;
    let inside = &tokens[tokens_in(tokens, range)];
    let mut from = 0;
    // An opener (なお、一方), or a clause saying when (「…を取得する際、」).
    if let Some(opener) = CONTRAST_OPENERS
        .iter()
        .find(|o| text[range.start..].starts_with(*o))
    {
        from = tokens_in(tokens, &(range.start + opener.len()..range.end)).start
            - tokens_in(tokens, range).start;
    }
    if inside
        .get(from)
        .is_some_and(|t| t.pos().starts_with("接続詞"))
    {
        from += 1;
    }
    if let Some(comma) = inside[from..].iter().position(|t| t.surface == "、")
        && from + comma > 0
        && CIRCUMSTANCE_NOUNS.contains(&inside[from + comma - 1].surface.as_ref())
    {
        from += comma;
    }
    if inside.get(from).is_some_and(|t| t.surface == "、") {
        from += 1;
    }
    let end = from
        + inside[from..]
            .iter()
            .take_while(|t| {
                is_nounish(t)
                    || t.pos().starts_with("接頭詞")
                    || matches!(t.surface.as_ref(), "「" | "」" | "・")
                    || (t.surface == "の" && t.pos().starts_with("助詞,連体化"))
            })
            .count();
    let phrase = &inside[from..end];
    if phrase.is_empty() {
        return None;
    }
    let particle = |k: usize, s: &str| {
        inside
            .get(k)
            .is_some_and(|t| t.surface == s && t.pos().starts_with("助詞"))
    };
    let after = if particle(end, "は") {
        end + 1
    } else if (particle(end, "に") || particle(end, "で"))
        && particle(end + 1, "は")
        // 「Xではなく」 "not X but" names what the subject is not.
        && inside.get(end + 2).is_none_or(|t| t.base() != "ない")
    {
        end + 2
    } else if loose && particle(end, "と") && particle(end + 1, "は") {
        // 「Xとは」 is a topic too, the one a definition opens with.
        end + 2
    } else if loose && particle(end, "で") {
        end + 1
    } else {
        return None;
    };
    // (the particle, the cheaper test, first)
    if !is_noun_phrase(phrase) {
        return None;
    }
    let phrase_text = &text[phrase[0].byte_range.start..phrase[phrase.len() - 1].byte_range.end];
    // An appositive 「…のエンジン「Redis」」 names what is quoted last.
    let (name, named) = match (phrase_text.rfind('「'), phrase_text.ends_with('」')) {
        (Some(open), true) => {
            let inner = &phrase_text[open + '「'.len_utf8()..phrase_text.len() - '」'.len_utf8()];
            let start = phrase[0].byte_range.start + open;
            (
                inner.to_string(),
                &tokens[tokens_in(tokens, &(start..start + inner.len() + 6))],
            )
        }
        _ => (definition::term_name(phrase_text), phrase),
    };
    // Loosely, 「プロセスは…が、スレッドは…」: any noun can be a side.
    if !(loose || is_named(named)) || name.is_empty() {
        return None;
    }
    let rest_start = inside.get(after)?.byte_range.start;
    Some((name, named, rest_start..range.end))
}

/// Kinds named together, then described paragraph by paragraph, each opening
/// with its name (「「A」は…」「Aでは…」): neighbouring paragraphs contrast
/// statement by statement, as laid-out entities do ([`PARALLEL`]). Under a
/// heading that announces their difference (「【AとBの違い】」) any noun opens
/// a side, a defining sentence is a side too, and what is left pairs in order.
///
/// ```text
/// 認証には「パスワード認証」と「公開鍵認証」がある
/// 「パスワード認証」は利用者が覚えた文字列で本人を確かめる方式
/// パスワード認証では、ログインする際にサーバーへパスワードを送る
/// 「公開鍵認証」は利用者が持つ秘密鍵で本人を確かめる方式
/// 公開鍵認証では、ログインする際にサーバーへ署名だけを送る
/// → comparison | 公開鍵認証 | ログインする際 | サーバーへ署名だけを送る
/// ```
pub static PARAGRAPHS: Rule = Rule {
    name: "comparison/paragraphs",
    kind: FactKind::Comparison,
    examples: &[
        (
            "認証には「パスワード認証」と「公開鍵認証」がある\n「パスワード認証」は利用者が覚えた文字列で本人を確かめる方式\nパスワード認証では、ログインする際にサーバーへパスワードを送る\n「公開鍵認証」は利用者が持つ秘密鍵で本人を確かめる方式\n公開鍵認証では、ログインする際にサーバーへ署名だけを送る",
            "comparison|公開鍵認証|ログインする際|サーバーへ署名だけを送る",
        ),
        (
            "バックアップの方式は「フルバックアップ」と「差分バックアップ」の2つ\nフルバックアップは毎回すべてのデータを複製する。復元する時は最新の1世代だけを戻す\n差分バックアップは前回のフルバックアップ以降の変更だけを複製する。復元する時はフルと最新の差分を戻す",
            "comparison|差分バックアップ|復元する時|フルと最新の差分を戻す",
        ),
        (
            "【ポーリングと割り込みの違い】\nポーリングは、CPUが一定間隔で装置の状態を確かめる方式である。\n割り込みは、装置の側からCPUへ処理の要求を知らせる方式である。",
            "comparison|割り込み|方式|装置の側からCPUへ処理の要求を知らせる方式",
        ),
    ],
    run: |input, sink| {
        let nodes = &input.outline.nodes;
        let mut index = 0;
        while index < nodes.len() {
            // A run of prose lines under one parent.
            let start = index;
            while index < nodes.len()
                && nodes[index].kind == NodeKind::Text
                && nodes[index].parent == nodes[start].parent
            {
                index += 1;
            }
            if index == start {
                index += 1;
                continue;
            }
            // A lone line makes no pair of paragraphs.
            if index - start >= 2 {
                paragraphs_in(input, sink, start..index);
            }
        }
    },
};

/// Paragraphs by opening subject in a run of prose lines, then the contrasts
/// of neighbouring paragraphs whose subjects an earlier line names together.
fn paragraphs_in(input: &Input, sink: &mut super::Sink, run: std::ops::Range<usize>) {
    let nodes = &input.outline.nodes;
    // (subject name, subject tokens, lines: each paragraph runs on to the next)
    let mut paragraphs: Vec<(String, &[Token], std::ops::Range<usize>)> = Vec::new();
    // Under 「…の違い」 any noun may open a side: the heading names the sides.
    let under_contrast = nodes[run.start]
        .parent
        .is_some_and(|p| announces_contrast(&nodes[p].text));
    for line in run.clone() {
        let first = input.sentences(line).first().cloned();
        let subject = first.and_then(|r| opening_subject(input, line, &r, under_contrast));
        match (subject, paragraphs.last_mut()) {
            (Some((name, tokens, _)), Some(last)) if last.0 != name => {
                paragraphs.push((name, tokens, line..line + 1))
            }
            (Some((name, tokens, _)), None) => paragraphs.push((name, tokens, line..line + 1)),
            (_, Some(last)) => last.2.end = line + 1,
            (None, None) => {}
        }
    }
    for (k, pair) in paragraphs.windows(2).enumerate() {
        let [(name1, tokens1, lines1), (name2, tokens2, lines2)] = pair else {
            continue;
        };
        // Both kinds were named together before either is described.
        // A name that opens another names the whole the other is part of
        // (Kinesis, Kinesis Data Streams), not a kind beside it.
        if name1.starts_with(name2.as_str()) || name2.starts_with(name1.as_str()) {
            continue;
        }
        let names_both = |l: usize| {
            let text = &nodes[l].text;
            text.contains(name1.as_str()) && text.contains(name2.as_str())
        };
        let announced = (run.start..lines1.start)
            .chain(nodes[run.start].parent)
            .any(names_both);
        // A heading that announces their difference (「AとBの違い」) pairs what
        // is left of the two descriptions in order.
        let heading_contrasts = nodes[run.start]
            .parent
            .is_some_and(|p| names_both(p) && announces_contrast(&nodes[p].text));
        // A third paragraph on another subject before them breaks the set.
        if !announced || (k > 0 && paragraphs.len() > MAX_CONTRASTED) {
            continue;
        }
        // A statement's value starts after the subject it opens with.
        let after_subject = |mut u: Unit| {
            if let Some((_, _, rest)) = opening_subject(input, u.node, &u.range, under_contrast) {
                u.range.start = rest.start;
            }
            u
        };
        let units1: Vec<Unit> = units_of(input, lines1.clone(), name1, heading_contrasts)
            .into_iter()
            .map(after_subject)
            .collect();
        let units2: Vec<Unit> = units_of(input, lines2.clone(), name2, heading_contrasts)
            .into_iter()
            .map(after_subject)
            .collect();
        contrast_sides(
            input,
            sink,
            PARAGRAPHS.name,
            [(name1, tokens1, &units1), (name2, tokens2, &units2)],
            PAIR_SIMILARITY,
            heading_contrasts,
        );
    }
}

/// Words in a heading that announce a contrast: 違い "difference", 比較
/// "comparison", 差 "gap".
const CONTRAST_HEADINGS: &[&str] = &["違い", "比較", "差"];

/// Whether a heading announces a contrast: 違い/比較/差, or two names set
/// against each other with 「vs」 (「EBS vs インスタンスストア」).
pub(super) fn announces_contrast(text: &str) -> bool {
    // (searchers built once: `str::contains` prepares its search on every call)
    static HEADINGS: LazyLock<Vec<memchr::memmem::Finder<'static>>> = LazyLock::new(|| {
        CONTRAST_HEADINGS
            .iter()
            .map(memchr::memmem::Finder::new)
            .collect()
    });
    HEADINGS.iter().any(|f| f.find(text.as_bytes()).is_some()) || is_versus(text)
}

/// Whether a line sets names against each other with 「vs」/「VS」.
pub(super) fn is_versus(text: &str) -> bool {
    // (a line without a v is split into words no further)
    memchr::memchr2(b'v', b'V', text.as_bytes()).is_some()
        && text
            .split_whitespace()
            .any(|w| w.eq_ignore_ascii_case("vs") || w.eq_ignore_ascii_case("vs."))
}

/// Two sides, each (name, the tokens of its name, its statements),
/// contrasted statement by statement: the pairs [`aligned`] finds, then, with
/// `by_position`, the statements left over paired in order when both sides
/// make as many.
fn contrast_sides(
    input: &Input,
    sink: &mut super::Sink,
    rule: &'static str,
    [(name1, tokens1, units1), (name2, tokens2, units2)]: [(&str, &[Token], &[Unit]); 2],
    threshold: f64,
    by_position: bool,
) {
    let names = sorted_words(tokens1.iter().chain(tokens2).map(Token::base));
    let class = class_word(tokens1, tokens2);
    let (words1, words2) = (unit_words(input, units1), unit_words(input, units2));
    let mut pairs = aligned([(units1, &words1), (units2, &words2)], threshold, &names);
    if by_position && units1.len() == units2.len() {
        for (a, b) in units1.iter().zip(units2) {
            if !pairs
                .iter()
                .any(|(x, y)| x.range == a.range || y.range == b.range)
            {
                pairs.push((a.clone(), b.clone()));
            }
        }
    }
    for (a, b) in pairs {
        if let Some((attribute, v1, v2)) = contrasted(input, &a, &b, &class) {
            push_pair(
                input,
                sink,
                rule,
                &attribute,
                [(a.node, name1, &v1), (b.node, name2, &v2)],
            );
        }
    }
}

/// A concept measured against another described in passing: 「Aでは、Xので、
/// YするBより安価に…」. What A does and the clause describing B are the
/// values; the word they share is the attribute.
///
/// ```text
/// SSDでは半導体メモリに記録するので、磁気ディスクに記録するHDDより高速に読み書きできる
/// → comparison | HDD | 記録 | 磁気ディスクに記録する
/// ```
pub static THAN: Rule = Rule {
    name: "comparison/than",
    kind: FactKind::Comparison,
    examples: &[
        (
            "SSDでは半導体メモリに記録するので、磁気ディスクに記録するHDDより高速に読み書きできる",
            "comparison|HDD|記録|磁気ディスクに記録する",
        ),
        (
            "光回線は光ファイバーで通信するため、銅線で通信するADSLよりも遅延が小さい",
            "comparison|光回線|通信|光ファイバーで通信する",
        ),
        (
            "小さな現場では、手作業のFTPより自動化されたrsyncの方が転送の手間はずっと少ない",
            "comparison|rsync|転送の手間|転送の手間はずっと少ない",
        ),
    ],
    run: |input, sink| {
        definition::for_each_sentence_range(input, &["より"], |index, range| {
            better_side(input, sink, index, &range);
            let text = &input.outline.nodes[index].text;
            let tokens = &input.node_tokens(index).tokens;
            let Some((name_a, tokens_a, rest)) = opening_subject(input, index, &range, false)
            else {
                return;
            };
            let inside = &tokens[tokens_in(tokens, &(rest.start..range.end))];
            let Some(than) = inside
                .iter()
                .position(|t| t.surface == "より" && t.pos().starts_with("助詞,格助詞"))
            else {
                return;
            };
            let Some((phrase, clause)) = described_before(inside, than) else {
                return;
            };
            let b_tokens = &inside[phrase.clone()];
            let name_b = definition::term_name(
                &text[b_tokens[0].byte_range.start..b_tokens[b_tokens.len() - 1].byte_range.end],
            );
            if !is_named(b_tokens) || name_b == name_a || clause.start == 0 {
                return;
            }
            let b = inside[clause.start].byte_range.start..inside[clause.end - 1].byte_range.end;
            let a_text = text[rest.start..b.start].trim_end_matches(['、', ' ']);
            let Some(a_text) = ["ので", "ため", "から"]
                .iter()
                .find_map(|e| a_text.strip_suffix(e))
            else {
                return;
            };
            if a_text.is_empty() {
                return;
            }
            let a = rest.start..rest.start + a_text.len();
            let class = class_word(tokens_a, b_tokens);
            let Some(attribute) = shared_run(text, tokens, &a, &b, &class) else {
                return;
            };
            push_pair(
                input,
                sink,
                THAN.name,
                &attribute,
                [(index, &name_a, &text[a]), (index, &name_b, &text[b])],
            );
        });
    },
};

/// The side preferred in 「AよりBの方がXはY」 "B rather than A is Y in X":
/// the noun phrase X marked by は or が after 「の方が」 is the attribute, and
/// 「XはY」 B's value. Both A and B must be named noun phrases right before
/// より and の方が (a modifier such as 「手作業の」「マネージドな」 before them is
/// dropped); without an X (「AよりBの方が安い」) there is no attribute to name,
/// and nothing is said.
fn better_side(
    input: &Input,
    sink: &mut super::Sink,
    index: usize,
    range: &std::ops::Range<usize>,
) {
    let text = &input.outline.nodes[index].text;
    let tokens = &input.node_tokens(index).tokens;
    let inside = &tokens[tokens_in(tokens, range)];
    let is_particle = |t: &Token, s: &str| t.surface == s && t.pos().starts_with("助詞");
    let Some(than) = inside
        .iter()
        .position(|t| t.surface == "より" && t.pos().starts_with("助詞,格助詞"))
    else {
        return;
    };
    // 「Bの方が」 after より (「よりも」 too).
    let mut b_start = than + 1;
    if inside.get(b_start).is_some_and(|t| is_particle(t, "も")) {
        b_start += 1;
    }
    if inside.get(b_start).is_some_and(|t| t.surface == "、") {
        b_start += 1;
    }
    let Some(side) = (b_start..inside.len().saturating_sub(2)).find(|&k| {
        inside[k].surface == "の"
            && inside[k + 1].surface == "方"
            && is_particle(&inside[k + 2], "が")
    }) else {
        return;
    };
    // The noun run right before a token, named.
    let noun_run = |end: usize| -> Option<std::ops::Range<usize>> {
        let start = end
            - inside[..end]
                .iter()
                .rev()
                .take_while(|t| is_nounish(t) || t.surface == "・")
                .count();
        (start < end && is_named(&inside[start..end])).then_some(start..end)
    };
    let (Some(a), Some(b)) = (noun_run(than), noun_run(side)) else {
        return;
    };
    if b.start < b_start {
        return;
    }
    let span = |r: &std::ops::Range<usize>| {
        definition::term_name(
            &text[inside[r.start].byte_range.start..inside[r.end - 1].byte_range.end],
        )
    };
    let (name_a, name_b) = (span(&a), span(&b));
    if name_a == name_b || name_a.is_empty() || name_b.is_empty() {
        return;
    }
    // X: a noun phrase, then は or が, then what is said of it.
    let x_start = side + 3;
    let x_end = x_start
        + inside[x_start..]
            .iter()
            .take_while(|t| {
                is_nounish(t) || (t.surface == "の" && t.pos().starts_with("助詞,連体化"))
            })
            .count();
    if x_end == x_start
        || x_end + 1 >= inside.len()
        || !(is_particle(&inside[x_end], "は") || is_particle(&inside[x_end], "が"))
        || !is_noun_phrase(&inside[x_start..x_end])
    {
        return;
    }
    let attribute = &text[inside[x_start].byte_range.start..inside[x_end - 1].byte_range.end];
    let value =
        text[inside[x_start].byte_range.start..range.end].trim_end_matches(['。', '、', ' ']);
    let value = strip_definition_ending(value);
    let value = ["です", "だ", "である"]
        .iter()
        .find_map(|e| value.strip_suffix(e))
        .unwrap_or(value);
    // One clause only: a second 「、」 says more than the comparison.
    if value.contains('、') || value.len() <= attribute.len() {
        return;
    }
    let group = sink.group();
    sink.push(
        input,
        index,
        FactKind::Comparison,
        &name_b,
        attribute,
        value,
        THAN.name,
        group,
    );
}

/// A sentence that names what two labelled things differ in, 「AとBの違いは、
/// Xである」, next to their `A:…` / `B:…` lines: X is the attribute and the
/// labels' explanations its values.
///
/// ```text
/// ・POP3:メールを端末に取り込む
/// ・IMAP:メールをサーバに置いたまま読む
/// POP3とIMAPの違いは、メールをどこに置くかである。
/// → comparison | IMAP | メールをどこに置くか | メールをサーバに置いたまま読む
/// ```
pub static STATED_DIFFERENCE: Rule = Rule {
    name: "comparison/stated-difference",
    kind: FactKind::Comparison,
    examples: &[
        (
            "・POP3:メールを端末に取り込む\n・IMAP:メールをサーバに置いたまま読む\nPOP3とIMAPの違いは、メールをどこに置くかである。",
            "comparison|IMAP|メールをどこに置くか|メールをサーバに置いたまま読む",
        ),
        (
            "HDDとSSDの違いは記録する媒体だ\nHDD:磁気ディスクに記録する\nSSD:フラッシュメモリに記録する",
            "comparison|SSD|記録する媒体|フラッシュメモリに記録する",
        ),
    ],
    run: |input, sink| {
        let nodes = &input.outline.nodes;
        let needles = super::text::Needles::new(&["の違いは"]);
        for (index, node) in nodes.iter().enumerate() {
            if !needles.any_in_node(input, index) {
                continue;
            }
            let Some(found) = DIFFERENCE_STATED.captures(&node.text) else {
                continue;
            };
            let names = [found["a"].trim(), found["b"].trim()];
            let attribute = found["x"].trim();
            if attribute.is_empty() || attribute.chars().count() > MAX_STATED_ATTRIBUTE {
                continue;
            }
            // The labelled lines nearest the sentence, before or after it,
            // within the same section (no topic or heading between).
            let mut cells: [Option<(usize, String)>; 2] = [None, None];
            let near = (index.saturating_sub(NEAR_LINES)..index)
                .rev()
                .take_while(|&j| !matches!(nodes[j + 1].kind, NodeKind::Topic | NodeKind::Heading))
                .chain(
                    (index + 1..nodes.len().min(index + 1 + NEAR_LINES)).take_while(|&j| {
                        !matches!(nodes[j].kind, NodeKind::Topic | NodeKind::Heading)
                    }),
                );
            for j in near {
                let Some((label, colon)) = labelled(input, j) else {
                    continue;
                };
                for (k, name) in names.iter().enumerate() {
                    if cells[k].is_none()
                        && crate::catalog::key(&label) == crate::catalog::key(name)
                    {
                        let value = nodes[j].text[colon + ':'.len_utf8()..].trim();
                        cells[k] = Some((j, value.to_string()));
                    }
                }
            }
            if let [Some((node_a, value_a)), Some((node_b, value_b))] = &cells {
                push_pair(
                    input,
                    sink,
                    STATED_DIFFERENCE.name,
                    attribute,
                    [(*node_a, names[0], value_a), (*node_b, names[1], value_b)],
                );
            }
        }
    },
};

/// 「AとBの違いは、Xである」: the two names and what they differ in.
static DIFFERENCE_STATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<a>[^、。と]{1,25})と(?P<b>[^、。と]{1,25})の違いは、?(?P<x>[^。]+?)(?:である|です|だ)?。?$")
        .expect("valid pattern")
});

/// How far from the sentence the labelled lines may be.
const NEAR_LINES: usize = 6;
/// The longest attribute a sentence may name.
const MAX_STATED_ATTRIBUTE: usize = 30;

/// Entities written as labels, each with its explanation after a colon, under
/// a heading that announces the contrast (「…の違い」) or names them:
/// statement by statement, as [`PARALLEL`] contrasts entity lines; statements
/// left over pair by position when both sides make as many.
///
/// ```text
/// 【TCPとUDPの違い】
/// TCP:コネクション型。信頼性が高いが遅い
/// UDP:コネクションレス型。信頼性は低いが速い
/// → comparison | UDP | 信頼性 | 信頼性は低いが速い
/// ```
pub static LABELLED: Rule = Rule {
    name: "comparison/labelled",
    kind: FactKind::Comparison,
    examples: &[
        (
            "【TCPとUDPの違い】\nTCP:コネクション型。信頼性が高いが遅い\nUDP:コネクションレス型。信頼性は低いが速い",
            "comparison|UDP|信頼性|信頼性は低いが速い",
        ),
        (
            "IPv4とIPv6\n・IPv4:アドレス長は32ビット。表記は10進数\n・IPv6:アドレス長は128ビット。表記は16進数",
            "comparison|IPv6|表記|16進数",
        ),
        (
            "■ページ置換\n置換方式の種類は2つ。\n・FIFO：最も古くに読み込んだページを追い出す\n・LRU：最も長く参照されていないページを追い出す",
            "comparison|LRU|ページ|最も長く参照されていないページを追い出す",
        ),
    ],
    run: |input, sink| {
        let nodes = &input.outline.nodes;
        let mut k = 0;
        while k < nodes.len() {
            // A run of labelled lines under one parent.
            let start = k;
            let mut run: Vec<(usize, String, usize)> = Vec::new();
            while k < nodes.len()
                && nodes[k].parent == nodes[start].parent
                && let Some((name, colon)) = labelled(input, k)
            {
                run.push((k, name, colon));
                k += 1;
            }
            if run.is_empty() {
                k += 1;
                continue;
            }
            if !(2..=MAX_CONTRASTED).contains(&run.len()) {
                continue;
            }
            let Some(parent) = nodes[start].parent else {
                continue;
            };
            let heading = &nodes[parent].text;
            // A line right before the run that announces kinds (「Xの種類は2つ」)
            // sets them side by side as a heading would.
            // So does one that counts them by name (「A、B、Cの3つがある」).
            let kinds = start > 0
                && nodes[start - 1].kind == NodeKind::Text
                && super::enumeration::announces_list(&nodes[start - 1].text)
                && (["種類", "タイプ"]
                    .iter()
                    .any(|w| nodes[start - 1].text.contains(w))
                    || run
                        .iter()
                        .filter(|(_, n, _)| nodes[start - 1].text.contains(n.as_str()))
                        .count()
                        >= 2);
            let announced = kinds
                || announces_contrast(heading)
                || run
                    .iter()
                    .filter(|(_, n, _)| heading.contains(n.as_str()))
                    .count()
                    >= 2;
            if !announced {
                continue;
            }
            for pair in run.windows(2) {
                let [(n1, name1, c1), (n2, name2, c2)] = pair else {
                    continue;
                };
                let (u1, u2) = (value_units(input, *n1, *c1), value_units(input, *n2, *c2));
                let t1 = &input.node_tokens(*n1).tokens;
                let t2 = &input.node_tokens(*n2).tokens;
                let (l1, l2) = (&t1[tokens_in(t1, &(0..*c1))], &t2[tokens_in(t2, &(0..*c2))]);
                contrast_sides(
                    input,
                    sink,
                    LABELLED.name,
                    [(name1, l1, &u1), (name2, l2, &u2)],
                    ANNOUNCED_SIMILARITY,
                    true,
                );
                // Values glossed in brackets that end in the same noun
                // (「…(プル型)」「…(プッシュ型)」) contrast on that noun too.
                if let Some((attribute, g1, g2)) = shared_gloss(input, *n1, *n2) {
                    push_pair(
                        input,
                        sink,
                        LABELLED.name,
                        &attribute,
                        [(*n1, name1, &g1), (*n2, name2, &g2)],
                    );
                }
            }
        }
    },
};

/// A line 「A:説明」 whose label is a name: the name and the colon's byte.
fn labelled(input: &Input, node: usize) -> Option<(String, usize)> {
    let n = &input.outline.nodes[node];
    if !matches!(n.kind, NodeKind::Text | NodeKind::Bullet) {
        return None;
    }
    let colon = n.text.find(':')?;
    let value = n.text[colon + 1..].trim();
    // A spelled-out name in brackets does not make the label long.
    let bare = n.text[..colon].split('(').next().unwrap_or("");
    if value.is_empty() || bare.chars().count() > MAX_LABEL_CHARS {
        return None;
    }
    let tokens = &input.node_tokens(node).tokens;
    let label = &tokens[tokens_in(tokens, &(0..colon))];
    (is_noun_phrase(label) && bracket_depth(&n.text[..colon]) == 0)
        .then(|| (definition::term_name(&n.text[..colon]), colon))
}

/// The longest label that names an entity.
const MAX_LABEL_CHARS: usize = 25;

/// The statements after a label's colon: its sentences.
fn value_units(input: &Input, node: usize, colon: usize) -> Vec<Unit> {
    let text = &input.outline.nodes[node].text;
    let from = colon + ':'.len_utf8();
    input
        .sentences(node)
        .iter()
        .filter(|r| r.end > from)
        .map(|r| Unit {
            node,
            range: r.start.max(from)..r.end,
        })
        .filter(|u| !text[u.range.clone()].trim().is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing;

    /// The rows `rule` yields on `notes`, as `entity|attribute|value`.
    fn rows(rule: &Rule, notes: &str) -> Vec<String> {
        let processed = testing::process("example.txt", notes);
        let input = Input::new(
            &processed.outline,
            &processed.tokens,
            &testing::pipeline().catalog,
        );
        let mut sink = super::super::Sink::default();
        (rule.run)(&input, &mut sink);
        sink.facts
            .iter()
            .map(|f| format!("{}|{}|{}", f.subject, f.predicate, f.object))
            .collect()
    }

    #[test]
    fn numbered_items_with_the_same_labels_are_compared() {
        let got = rows(
            &LAID_OUT,
            "1-1. 回線の種類\n(1) 専用線\n　用途:拠点間を常時つなぐ\n　費用:月額が高い\n(2) インターネットVPN\n　用途:拠点間を安くつなぐ\n　費用:月額が安い",
        );
        assert!(
            got.iter().any(|r| r == "インターネットVPN|費用|月額が安い"),
            "{got:?}"
        );
    }

    #[test]
    fn arrow_lines_to_one_thing_gloss_rather_than_contrast() {
        let got = rows(
            &PARALLEL,
            "覚え方\n専用線 → 高価で安定した回線\nインターネットVPN → 安価で不安定な回線",
        );
        assert!(got.is_empty(), "{got:?}");
        let got = rows(
            &PARALLEL,
            "選び方\n専用線 → 帯域保証あり、月額が高い\nインターネットVPN → 帯域保証なし、月額が安い",
        );
        assert!(got.iter().any(|r| r == "専用線|月額|月額が高い"), "{got:?}");
    }

    #[test]
    fn items_naming_attributes_compare_the_concepts_under_them() {
        let got = rows(
            &LAID_OUT,
            "比較\n(1) 保存先\n　S3:バケット\n　EBS:ボリューム\n(2) 単位\n　S3:オブジェクト\n　EBS:ブロック",
        );
        assert!(got.iter().any(|r| r == "EBS|単位|ブロック"), "{got:?}");
    }

    #[test]
    fn what_an_arrow_leads_from_is_not_a_subject() {
        let got = rows(&CONTRAST, "回線 → 専用線は月額10万円、VPNは月額1万円");
        assert!(got.iter().all(|r| !r.contains('→')), "{got:?}");
        assert!(got.iter().any(|r| r.starts_with("専用線|")), "{got:?}");
    }

    #[test]
    fn numbered_entries_of_a_log_are_not_compared() {
        let text = "No.1 ×\n問題: 拠点間をつなぐ方法は?\n正解: 専用線\n\nNo.2 ○\n問題: 安くつなぐ方法は?\n正解: インターネットVPN";
        assert!(rows(&LAID_OUT, text).is_empty());
        assert!(rows(&PARALLEL, text).is_empty());
        assert!(numbers_an_entry("問3 △"));
        assert!(numbers_an_entry("Q12"));
        assert!(!numbers_an_entry("RAID1"));
        assert!(!numbers_an_entry("IPv4"));
    }

    #[test]
    fn labelled_lines_after_a_count_by_name_are_contrasted() {
        let got = rows(
            &LABELLED,
            "【配信方式】\nユニキャスト、マルチキャストの2つがある。\nユニキャスト：1台の相手へデータを送る\nマルチキャスト：特定のグループへデータを送る",
        );
        assert!(
            got.iter().any(|r| r.starts_with("マルチキャスト|")
                && r.ends_with("|特定のグループへデータを送る")),
            "{got:?}"
        );
    }

    #[test]
    fn an_adjectival_predicate_names_what_the_halves_differ_in() {
        let got = rows(
            &CONTRAST,
            "HDDは安価に大容量を用意できるのに対して、SSDは小さなファイルの読み書きが得意",
        );
        assert!(
            got.iter()
                .any(|r| r == "SSD|得意|小さなファイルの読み書きが得意"),
            "{got:?}"
        );
    }

    #[test]
    fn labelled_values_glossed_alike_contrast_on_the_gloss() {
        let got = rows(
            &LABELLED,
            "【POP3とIMAP】\nPOP3（Post Office Protocol version 3）：メールを端末に取り込む（ダウンロード型）\nIMAP（Internet Message Access Protocol）：メールをサーバに置いたまま読む（サーバ保管型）",
        );
        assert!(got.iter().any(|r| r == "IMAP|型|サーバ保管型"), "{got:?}");
    }

    #[test]
    fn a_word_in_a_bracketed_aside_is_no_attribute() {
        let got = rows(
            &PARALLEL,
            "## L1とL2の違い\n### L1キャッシュ\n- 応答を速くするのが目的(容量は小さい)\n### L2キャッシュ\n- 容量を補うのが目的\n",
        );
        assert!(
            got.iter()
                .any(|r| r == "L2キャッシュ|目的|容量を補うのが目的"),
            "{got:?}"
        );
        assert!(got.iter().all(|r| !r.contains("|容量|")), "{got:?}");
    }

    #[test]
    fn a_unit_counted_on_both_sides_is_the_attribute() {
        let got = rows(
            &CONTRAST,
            "MD5は128ビット、SHA-1は160ビットのハッシュ値を出す",
        );
        assert!(got.iter().any(|r| r == "MD5|ビット|128ビット"), "{got:?}");
    }

    #[test]
    fn a_difference_heading_pairs_definitions_of_plain_words() {
        let notes = "【ポーリングと割り込みの違い】\nポーリングは、CPUが一定間隔で装置の状態を確かめる方式である。\n割り込みは、装置の側からCPUへ処理の要求を知らせる方式である。";
        let got = rows(&PARAGRAPHS, notes);
        assert!(
            got.iter()
                .any(|r| r == "割り込み|方式|装置の側からCPUへ処理の要求を知らせる方式"),
            "{got:?}"
        );
        // Without the heading the two definitions stay definitions.
        let plain = notes
            .split_once('\n')
            .map(|(_, rest)| rest)
            .unwrap_or(notes);
        assert!(rows(&PARAGRAPHS, plain).is_empty());
    }

    #[test]
    fn a_sentence_about_another_subject_is_no_side_of_the_contrast() {
        let rows = rows(
            &PARALLEL,
            "記録媒体\n・HDD\n磁気ディスクにデータを記録する\n・SSD\nフラッシュメモリにデータを記録する\nHDDは磁気ディスクにデータを記録する",
        );
        assert!(
            rows.iter()
                .any(|r| r == "SSD|記録|フラッシュメモリにデータを記録する"),
            "{rows:?}"
        );
        assert!(
            !rows
                .iter()
                .any(|r| r.starts_with("SSD|") && r.contains("磁気")),
            "{rows:?}"
        );
    }

    #[test]
    fn depths_carried_on_are_those_counted_from_the_start() {
        let sample = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/notes/aws-saa.txt"
        ))
        .expect("the sample notes");
        let brackets = "a(b「c」d『e』f[g]h【i】j)k))「「】】(";
        for line in sample.lines().chain([brackets]) {
            // Ascending ends, then one behind them, as Depth is asked.
            let mut depth = Depth::new(line);
            let ends = line.char_indices().map(|(end, _)| end);
            for end in ends.chain([line.len(), 0, line.len() / 2]) {
                let expected = line.get(..end).map(bracket_depth);
                assert_eq!(depth.at(end), expected, "{line:?} at {end}");
            }
        }
    }

    #[test]
    fn definitions_are_looked_up_as_they_are_sought() {
        let sample = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/notes/aws-saa.txt"
        ))
        .expect("the sample notes");
        let facts = testing::process("aws-saa.txt", &sample).extraction.facts;
        let definitions = Definitions::new(&facts);
        let all = || facts.iter().filter(|f| f.kind == FactKind::Definition);
        assert!(all().count() > 10);
        let last_line = facts.iter().map(|f| f.line).max().unwrap_or(0);
        for line in 0..=last_line + 1 {
            let expected: Vec<&super::super::Fact> = all().filter(|f| f.line == line).collect();
            assert_eq!(definitions.on_line(line), &expected[..], "line {line}");
        }
        for subject in facts.iter().map(|f| f.subject.as_str()).chain(["", "無い"]) {
            let expected: Vec<&super::super::Fact> =
                all().filter(|f| f.subject == subject).collect();
            let got: Vec<&super::super::Fact> = definitions.of_subject(subject).collect();
            assert_eq!(got, expected, "{subject}");
        }
    }

    /// [`subject_and_rest`] as it was first written: the first は or が
    /// outside brackets, wherever it stands, then the test of the subject.
    fn subject_and_rest_in_full(
        text: &str,
        tokens: &[Token],
        clause: std::ops::Range<usize>,
    ) -> Option<(std::ops::Range<usize>, std::ops::Range<usize>)> {
        let clause_tokens = &tokens[tokens_in(tokens, &clause)];
        let at = clause_tokens.iter().position(|t| {
            (t.surface == "は" || t.surface == "が")
                && t.pos().starts_with("助詞")
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

    #[test]
    fn a_subject_is_sought_no_further_than_a_noun_phrase_runs() {
        let sample = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/notes/aws-saa.txt"
        ))
        .expect("the sample notes");
        let extra = "「Aは」Bは速い、(Cが)Dが遅い。E【は】Fは";
        let processed = testing::process("aws-saa.txt", &format!("{sample}\n{extra}"));
        let mut clauses = Vec::new();
        let mut subjects = 0;
        for (node, tokens) in processed.outline.nodes.iter().zip(&processed.tokens.nodes) {
            let text = &node.text;
            clauses_into(text, true, &mut clauses);
            // Each clause, each from a later start, and the whole line.
            let starts = clauses.iter().map(|c| c.start).chain(
                tokens
                    .tokens
                    .iter()
                    .map(|t| t.byte_range.start)
                    .filter(|&s| s < text.len()),
            );
            let ranges = clauses
                .clone()
                .into_iter()
                .chain(starts.map(|s| s..text.len()));
            for range in ranges {
                let expected = subject_and_rest_in_full(text, &tokens.tokens, range.clone());
                subjects += usize::from(expected.is_some());
                assert_eq!(
                    subject_and_rest(text, &tokens.tokens, range.clone()),
                    expected,
                    "{:?}",
                    &text[range]
                );
            }
        }
        assert!(subjects > 100, "{subjects}");
    }

    #[test]
    fn words_by_address_are_words_by_text() {
        let sample = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/notes/aws-saa.txt"
        ))
        .expect("the sample notes");
        let processed = testing::process("aws-saa.txt", &sample);
        // Each sentence's content words, by address and by text.
        let mut sentences: Vec<(Vec<Word>, Vec<&str>)> = Vec::new();
        for (node, tokens) in processed.outline.nodes.iter().zip(&processed.tokens.nodes) {
            for range in crate::extract::text::sentences(&node.text) {
                let words = content_words(&tokens.tokens, &range);
                let mut texts: Vec<&str> = tokens.tokens[tokens_in(&tokens.tokens, &range)]
                    .iter()
                    .filter(|t| {
                        (is_nounish(t) || t.pos().starts_with("動詞,自立"))
                            && !is_light_verb(t.base())
                    })
                    .map(|t| t.base().as_str())
                    .collect();
                texts.sort_unstable();
                texts.dedup();
                assert_eq!(words.len(), texts.len(), "{texts:?}");
                sentences.push((words, texts));
            }
        }
        assert!(sentences.len() > 100);
        // Surfaces too: the tokens of each line and the next are one word
        // where they are one text.
        for lines in processed.tokens.nodes.windows(2) {
            for a in &lines[0].tokens {
                for b in lines[0].tokens.iter().chain(&lines[1].tokens) {
                    let same = a.surface.as_str() == b.surface.as_str();
                    assert_eq!(word(&a.surface) == word(&b.surface), same);
                }
            }
        }
        // Words two sentences share, those of a third aside.
        for three in sentences.windows(3) {
            let [(a, ta), (b, tb), (c, tc)] = three else {
                continue;
            };
            let expected = ta
                .iter()
                .filter(|w| tb.contains(w) && !tc.contains(w))
                .count();
            assert_eq!(common_count(a, b, c), expected, "{ta:?} {tb:?} {tc:?}");
        }
    }

    #[test]
    fn counters_and_proper_nouns_are_found_at_any_level() {
        let sample = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/notes/aws-saa.txt"
        ))
        .expect("the sample notes");
        let processed = testing::process("aws-saa.txt", &sample);
        let parts_of_speech = processed
            .tokens
            .nodes
            .iter()
            .flat_map(|n| n.tokens.iter().map(|t| t.pos().to_string()));
        let chars = ['助', '数', '詞', '固', '有', '名', ','];
        for pos in parts_of_speech.chain(testing::texts_over(&chars, 5)) {
            let expected = pos.contains("助数詞") || pos.contains("固有名詞");
            assert_eq!(counter_or_proper(&pos), expected, "{pos:?}");
        }
    }

    /// [`about_another`] as it was first written: the sentence's tokens
    /// found in full first.
    fn about_another_in_full(
        input: &Input,
        line: usize,
        sentence: &std::ops::Range<usize>,
        name: &str,
    ) -> bool {
        let tokens = &input.node_tokens(line).tokens;
        let inside = &tokens[tokens_in(tokens, sentence)];
        let subject = inside
            .iter()
            .take_while(|t| is_nounish(t) || matches!(t.surface.as_ref(), "," | "、" | "・"))
            .count();
        if subject == 0
            || inside
                .get(subject)
                .is_none_or(|t| t.surface != "は" || !t.pos().starts_with("助詞,係助詞"))
        {
            return false;
        }
        if !is_named(&inside[..subject]) {
            return false;
        }
        let key = |s: &str| s.to_lowercase();
        let name = key(name);
        !inside[..subject].iter().any(|t| {
            (t.surface.chars().count() >= 2 || t.surface.chars().all(|c| c.is_ascii_alphanumeric()))
                && is_nounish(t)
                && name.contains(&key(&t.surface))
        })
    }

    #[test]
    fn a_sentence_about_another_is_found_from_its_first_token() {
        let sample = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/notes/aws-saa.txt"
        ))
        .expect("the sample notes");
        let extra = "EC2、S3は速い。Lambdaは。EC2は";
        let processed = testing::process("aws-saa.txt", &format!("{sample}\n{extra}"));
        let input = Input::new(
            &processed.outline,
            &processed.tokens,
            &testing::pipeline().catalog,
        );
        let mut others = 0;
        for (line, node) in processed.outline.nodes.iter().enumerate() {
            let name = definition::term_name(&node.text);
            // Each sentence, and each part of it from a token on.
            let tokens = &input.node_tokens(line).tokens;
            let ranges = input
                .sentences(line)
                .iter()
                .cloned()
                .chain(tokens.iter().map(|t| t.byte_range.start..node.text.len()));
            for range in ranges {
                for name in [name.as_str(), "", "EC2", "s3"] {
                    let expected = about_another_in_full(&input, line, &range, name);
                    others += usize::from(expected);
                    assert_eq!(
                        about_another(&input, line, &range, name),
                        expected,
                        "{:?} {name}",
                        &node.text[range.clone()]
                    );
                }
            }
        }
        assert!(others > 20, "{others}");
    }

    #[test]
    fn a_pair_without_statements_or_glosses_makes_nothing() {
        let sample = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/notes/aws-saa.txt"
        ))
        .expect("the sample notes");
        let processed = testing::process("aws-saa.txt", &sample);
        let input = Input::new(
            &processed.outline,
            &processed.tokens,
            &testing::pipeline().catalog,
        );
        let nodes = &processed.outline.nodes;
        let (mut unstated, mut unglossed) = (0, 0);
        for e in 0..nodes.len() {
            if statement_lines(&input, e).next().is_none() {
                unstated += 1;
                for announced in [false, true] {
                    assert!(units(&input, e, &nodes[e].text, announced).is_empty());
                }
            }
            if !may_gloss(&nodes[e].text) {
                unglossed += 1;
                for other in [e.saturating_sub(1), e + 1, e + 2] {
                    if other < nodes.len() {
                        assert!(shared_gloss(&input, e, other).is_none());
                        assert!(shared_gloss(&input, other, e).is_none());
                    }
                }
            }
        }
        assert!(unstated > 10 && unglossed > 10, "{unstated} {unglossed}");
    }

    #[test]
    fn a_line_without_the_openers_words_opens_no_clause() {
        assert!(
            CONTRAST_OPENERS
                .iter()
                .all(|o| o.contains("一方") || o.contains("対して"))
        );
        let chars = ['一', '方', '対', 'し', 'て', 'で', 'こ', '、', '。', 'あ'];
        let (mut with, mut without) = (Vec::new(), Vec::new());
        for text in testing::sample_lines_and_texts_over(&chars, 4) {
            if text.contains("一方") || text.contains("対して") {
                continue;
            }
            for (at, _) in text.char_indices() {
                assert_eq!(skip_openers(&text, at), at, "{text:?}");
            }
            clauses_into(&text, true, &mut with);
            clauses_into(&text, false, &mut without);
            assert_eq!(with, without, "{text:?}");
        }
    }

    #[test]
    fn a_thing_that_is_is_no_reason() {
        assert!(breaks_unit("容量を決めるので、"));
        assert!(!breaks_unit("容量を決めるもので、"));
    }
}
