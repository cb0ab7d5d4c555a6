//! Enumerations: lists announced in prose or laid out as bullets.
//!
//! Rows: `enumeration | topic | item | each item`, items in order. Where the
//! prose announces a count (「以下の7つ」), the count is kept on the facts and a
//! diagnostic notes a list whose length differs.

use std::sync::LazyLock;

use regex::Regex;

use super::definition::term_name;
use super::text::{is_noun_phrase, tokens_in, topic_particle};
use super::{FactKind, Input, Rule, comparison};
use crate::outline::NodeKind;

/// 「以下の7つ」「次の3種類」「下記の特徴」: 以下/次/下記 = "the following",
/// then a count with its counter (つ, 種類 = kinds, 個, 点 = points) or a noun.
static FOLLOWING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:以下|次|下記)の(?:(?P<n>\d+)(?:つ|種類|個|点|項目|タイプ|パターン)|(?P<noun>[^\s、。のよう]{1,12}?)(?:が|を|に|で|は|。|、|$)|ような)")
        .expect("valid pattern")
});

/// 「3つに大別される」「2種類に分かれている」「3つある」: a count followed by
/// に大別 "roughly divided into", に分かれ "split into", に分類 "classified", ある "there are".
static COUNTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<n>\d+)(?:つ|種類|個|タイプ)(?:のタイプ)?(?:に大別|に分かれ|に分れ|に分類|がある|あり|ある|存在)")
        .expect("valid pattern")
});

/// Terms quoted inline: 「A」「B」「C」.
static QUOTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"「([^「」]+)」").expect("valid pattern"));

/// A list announced in prose, its items the bullets that follow (or the
/// terms quoted in the same sentence).
///
/// ```text
/// 冗長化の方式は以下の2つ
/// ・アクティブ/スタンバイ
/// ・アクティブ/アクティブ
/// → enumeration | 冗長化の方式 | item | アクティブ/スタンバイ
/// ```
pub static ANNOUNCED: Rule = Rule {
    name: "enumeration/announced",
    kind: FactKind::Enumeration,
    examples: &[
        (
            "冗長化の方式は以下の2つ\n・アクティブ/スタンバイ\n・アクティブ/アクティブ",
            "enumeration|冗長化の方式|item|アクティブ/スタンバイ",
        ),
        (
            "正規化には次の3種類がある\n1. 第1正規形\n2. 第2正規形\n3. 第3正規形",
            "enumeration|正規化|item|第3正規形",
        ),
        (
            "RAIDは「RAID0」「RAID1」「RAID5」の3つに大別される",
            "enumeration|RAID|item|RAID5",
        ),
    ],
    run: |input, sink| {
        for (index, node) in input.outline.nodes.iter().enumerate() {
            let Some(announcement) = announcement(&node.text) else {
                continue;
            };
            let subject = match list_subject(input, index, &announcement) {
                Some(s) => s,
                None => continue,
            };
            let mut items: Vec<(usize, String)> = following_items(input, index)
                .into_iter()
                .map(|i| (i, input.outline.nodes[i].text.clone()))
                .collect();
            if items.is_empty() {
                items = QUOTED
                    .captures_iter(&node.text[..announcement.at])
                    .map(|c| (index, c[1].to_string()))
                    .collect();
            }
            if items.len() < 2 {
                continue;
            }
            let group = sink.group();
            for (_, item) in &items {
                sink.push(
                    input,
                    index,
                    FactKind::Enumeration,
                    &subject,
                    "item",
                    &item_text(item),
                    ANNOUNCED.name,
                    group,
                );
            }
            if let Some(n) = announcement.count {
                sink.announce(group, n);
                if n != items.len() {
                    sink.diagnose(
                        node.line,
                        format!(
                            "「{subject}」 announces {n} items but lists {}",
                            items.len()
                        ),
                    );
                }
            }
        }
    },
};

/// A topic or heading with a run of two or more bullets under it.
///
/// ```text
/// 負荷分散の方式
/// ・ラウンドロビン
/// ・最小コネクション
/// → enumeration | 負荷分散の方式 | item | ラウンドロビン
/// ```
pub static BULLET_RUN: Rule = Rule {
    name: "enumeration/bullet-run",
    kind: FactKind::Enumeration,
    examples: &[
        (
            "負荷分散の方式\n・ラウンドロビン\n・最小コネクション",
            "enumeration|負荷分散の方式|item|最小コネクション",
        ),
        (
            "## OSI参照モデルの層\n- 物理層\n- データリンク層\n- ネットワーク層",
            "enumeration|OSI参照モデルの層|item|データリンク層",
        ),
    ],
    run: |input, sink| {
        let compared = comparison::compared_entities(input);
        for (index, node) in input.outline.nodes.iter().enumerate() {
            if !matches!(
                node.kind,
                NodeKind::Topic | NodeKind::Heading | NodeKind::Bullet | NodeKind::Numbered
            ) || compared.contains(&index)
            {
                continue;
            }
            let children: Vec<usize> = input.outline.children(index).collect();
            // A list that prose announces belongs to ANNOUNCED.
            if children.iter().any(|&c| {
                input.kind(c) == NodeKind::Text
                    && announcement(&input.outline.nodes[c].text).is_some()
            }) || announcement(&node.text).is_some()
            {
                continue;
            }
            let items: Vec<usize> = children
                .into_iter()
                .filter(|&c| matches!(input.kind(c), NodeKind::Bullet | NodeKind::Numbered))
                .collect();
            if items.len() < 2 {
                continue;
            }
            let subject = list_heading(&node.text);
            let group = sink.group();
            for item in items {
                sink.push(
                    input,
                    index,
                    FactKind::Enumeration,
                    &subject,
                    "item",
                    &item_text(&input.outline.nodes[item].text),
                    BULLET_RUN.name,
                    group,
                );
            }
        }
    },
};

/// Where and how a line announces a list.
struct Announcement {
    /// Byte offset of the announcing phrase.
    at: usize,
    /// The count, when given.
    count: Option<usize>,
    /// The noun after 以下の, when given (以下の特徴 → 特徴).
    noun: Option<String>,
}

fn announcement(text: &str) -> Option<Announcement> {
    if let Some(caps) = FOLLOWING.captures(text) {
        let noun = caps.name("noun").map(|m| m.as_str().to_string());
        return Some(Announcement {
            at: caps.get(0).expect("group 0").start(),
            count: caps.name("n").and_then(|m| m.as_str().parse().ok()),
            noun,
        });
    }
    COUNTED.captures(text).map(|caps| Announcement {
        at: caps.get(0).expect("group 0").start(),
        count: caps["n"].parse().ok(),
        noun: None,
    })
}

/// The list's topic: the noun phrase marked by は/には before the
/// announcement (plus the noun after 以下の), else the topic above.
fn list_subject(input: &Input, index: usize, announcement: &Announcement) -> Option<String> {
    let node = &input.outline.nodes[index];
    let tokens = &input.node_tokens(index).tokens;
    let before = &tokens[tokens_in(tokens, &(0..announcement.at))];
    let subject = topic_particle(&node.text, before)
        .map(|at| {
            // 「Xには」: drop the case particle before は.
            let mut end = at;
            while end > 0 && before[end - 1].pos.starts_with("助詞") {
                end -= 1;
            }
            &before[..end]
        })
        .filter(|s| is_noun_phrase(s))
        .map(|s| term_name(&node.text[s[0].byte_range.start..s[s.len() - 1].byte_range.end]));
    let subject = match subject {
        Some(s) => s,
        None if node.kind != NodeKind::Text => list_heading(&node.text[..announcement.at]),
        None => list_heading(input.outline.context(index).last()?),
    };
    if subject.is_empty() {
        return None;
    }
    Some(match &announcement.noun {
        Some(noun) if !subject.ends_with(noun.as_str()) => format!("{subject}の{noun}"),
        _ => subject,
    })
}

/// The bullets that follow node `index`, skipping their explanation lines,
/// up to the next topic, heading or unrelated prose.
fn following_items(input: &Input, index: usize) -> Vec<usize> {
    let nodes = &input.outline.nodes;
    let own: Vec<usize> = input
        .outline
        .children(index)
        .filter(|&c| matches!(nodes[c].kind, NodeKind::Bullet | NodeKind::Numbered))
        .collect();
    if own.len() >= 2 {
        return own;
    }
    let mut items = Vec::new();
    let mut level = None;
    for (i, node) in nodes.iter().enumerate().skip(index + 1) {
        match node.kind {
            NodeKind::Bullet | NodeKind::Numbered => {
                let this_level = node.level;
                if *level.get_or_insert(this_level) == this_level {
                    items.push(i);
                } else if this_level < level.unwrap_or(0) {
                    break;
                }
            }
            NodeKind::Text | NodeKind::Footnote
                if input.outline.ancestors(i).any(|a| items.contains(&a)) => {}
            _ => break,
        }
    }
    items
}

/// A list heading without framing words (「…について」, a trailing colon).
fn list_heading(text: &str) -> String {
    let text = text.trim().trim_end_matches([':', '：']);
    text.strip_suffix("について")
        .unwrap_or(text)
        .trim()
        .to_string()
}

/// An item as written, without an explanation after a colon.
fn item_text(text: &str) -> String {
    text.split_once(':')
        .map_or(text, |(head, _)| head)
        .trim()
        .to_string()
}
