//! Enumerations: lists announced in prose or laid out as bullets.
//!
//! Rows: `enumeration | topic | item | each item`, items in order. Where the
//! prose announces a count (「以下の7つ」), the count is kept on the facts and a
//! diagnostic notes a list whose length differs.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use super::definition::{self, term_name};
use super::text::{clean_phrase, noun_phrase_before, tokens_in, topic_phrase};
use super::{FactKind, Input, Rule, comparison};
use crate::outline::{NodeKind, is_hiragana};
use crate::tokens::Token;

/// 「以下の7つ」「次の3種類」「下記の特徴」: 以下/次/下記 = "the following",
/// then a count with its counter (つ, 種類 = kinds, 個, 点 = points) or a noun.
/// Read by the scan [`following`]; the pattern holds it in a test.
#[cfg(test)]
static FOLLOWING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:以下|次|下記)の(?:(?P<n>\d+)(?:つ|種類|個|点|項目|タイプ|パターン)|(?P<noun>[^\s、。のよう]{1,12}?)(?:が|を|に|で|は|。|、|$)|ような)")
        .expect("valid pattern")
});

/// 「3つに大別される」「2種類に分かれている」「3つある」: a count followed by
/// に大別 "roughly divided into", に分かれ "split into", に分類 "classified", ある "there are".
/// Read by the scan [`counted`]; the pattern holds it in a test.
#[cfg(test)]
static COUNTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<n>\d+)(?:つ|種類|個|タイプ)(?:のタイプ)?(?:に大別|に分かれ|に分れ|に分類|がある|あり|ある|存在|[。:]?$)")
        .expect("valid pattern")
});

/// 「として」 "as", searched for in every sentence.
static AS_MARKER: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new("として"));

/// Terms quoted inline: 「A」「B」「C」.
static QUOTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"「([^「」]+)」").expect("valid pattern"));

/// A list announced in prose, its items the bullets that follow (or the
/// terms quoted in the same sentence, or the described topics that follow a
/// topic line with a count, as many as it counts).
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
            "ハッシュ関数\n特徴は以下のとおり\n・同じ入力から同じ値が得られる\n・元のデータに戻せない",
            "enumeration|ハッシュ関数の特徴|item|元のデータに戻せない",
        ),
        (
            "解説: 記憶装置の種類は以下のとおり\n・主記憶装置\n・補助記憶装置",
            "enumeration|記憶装置の種類|item|補助記憶装置",
        ),
        (
            "冗長化の方式は以下の2つ\n・アクティブ/スタンバイ\n・アクティブ/アクティブ",
            "enumeration|冗長化の方式|item|アクティブ/スタンバイ",
        ),
        (
            "正規化には次の3種類がある\n1. 第1正規形\n2. 第2正規形\n3. 第3正規形",
            "enumeration|正規化|item|第3正規形",
        ),
        (
            "バックアップの方式(2つある)\nフルバックアップ\n全データを毎回複製する\n差分バックアップ\n前回以降の変更分だけを複製する\nリストア\n復元の作業",
            "enumeration|バックアップの方式|item|差分バックアップ",
        ),
        (
            "障害対策\n  対策の3つ\n  - 回避\n  - 低減\n  - 移転",
            "enumeration|対策|item|低減",
        ),
        (
            "## 仮想化とは？\n種類は3つ：\n- ホスト型\n- ハイパーバイザ型\n- コンテナ型",
            "enumeration|仮想化の種類|item|コンテナ型",
        ),
        (
            "**NTP**\n時刻同期の仕組み。階層は以下の通り。\n1. stratum 0\n2. stratum 1",
            "enumeration|階層|item|stratum 1",
        ),
    ],
    run: |input, sink| {
        for (index, node) in input.outline.nodes.iter().enumerate() {
            if !input.announces_list(index) {
                continue;
            }
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
            // 「AとBの2種類がある」 counts the items before it: the lines after
            // are its items only when they name them again; else the list is
            // the inline rule's.
            if counts_its_own_items(&node.text, &announcement)
                && !(items.len() >= 2
                    && items
                        .iter()
                        .all(|(_, t)| node.text.contains(item_text(t).as_str())))
            {
                continue;
            }
            if items.is_empty() {
                items = QUOTED
                    .captures_iter(&node.text[..announcement.at])
                    .map(|c| (index, c[1].to_string()))
                    .collect();
            }
            // 「Xのタイプ(3つある)」 over described sub-topics: the kinds are
            // the topics that follow, as many as the count says.
            if items.is_empty()
                && node.kind == NodeKind::Topic
                && let Some(n) = announcement.count
            {
                items = following_topics(input, index, n)
                    .into_iter()
                    .map(|i| {
                        // (the name with its variant, without the gloss)
                        let text = &input.outline.nodes[i].text;
                        (
                            i,
                            text.split(['(', '（'])
                                .next()
                                .unwrap_or(text)
                                .trim()
                                .to_string(),
                        )
                    })
                    .collect();
            }
            // The count reached, a blank line ends the list: what follows is a
            // new section (「■トランザクション」), not one more item.
            if let Some(n) = announcement.count
                && n >= 2
                && items.len() > n
            {
                let nodes = &input.outline.nodes;
                let (at, _) = items[n];
                if nodes[at].line > nodes[at - 1].line + 1 {
                    items.truncate(n);
                }
            }
            if items.len() < 2 {
                continue;
            }
            let texts: Vec<String> = items.iter().map(|(_, item)| item_text(item)).collect();
            let group = push_list(input, sink, index, &subject, &texts, ANNOUNCED.name);
            if let Some(n) = announcement.count {
                sink.announce(group, n);
                // (variants of one kind, 「X:A型」「X:B型」, are one item)
                let mut distinct = texts.clone();
                distinct.sort_unstable();
                distinct.dedup();
                if n != distinct.len() {
                    sink.diagnose(
                        node.line,
                        format!(
                            "「{subject}」 announces {n} items but lists {}",
                            distinct.len()
                        ),
                    );
                }
            }
        }
    },
};

/// A topic or heading with a run of two or more bullets under it; under a
/// short label ending in a colon (「対応形式:」), the heading's list of that
/// label (画像変換ツールの対応形式), whatever its bullets say.
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
        (
            "## 画像変換ツール\n対応形式:\n・PNGは可逆圧縮で扱える\n・JPEGは画質を選べる",
            "enumeration|画像変換ツールの対応形式|item|PNGは可逆圧縮で扱える",
        ),
        (
            "問7 ×\n解説: 記憶装置の種類は以下のとおり(主なもの)\n・主記憶装置\n・補助記憶装置",
            "enumeration|記憶装置の種類|item|補助記憶装置",
        ),
        (
            "---- 苦手な用語 ----\n・正規化\n・排他制御",
            "enumeration|苦手な用語|item|排他制御",
        ),
    ],
    run: |input, sink| {
        let compared = comparison::compared_entities(input);
        // (Whether each node announces a list of the lines after it, asked
        // of each node once.)
        let after: Vec<bool> = (0..input.outline.nodes.len())
            .map(|index| announces_after(input, index))
            .collect();
        let claimed = announced_items(input, &after);
        for (index, node) in input.outline.nodes.iter().enumerate() {
            if !matches!(
                node.kind,
                NodeKind::Topic | NodeKind::Heading | NodeKind::Bullet | NodeKind::Numbered
            )
                // (A run needs two items among the children.)
                || input
                    .outline
                    .children(index)
                    .filter(|&c| matches!(input.kind(c), NodeKind::Bullet | NodeKind::Numbered))
                    .nth(1)
                    .is_none()
                || compared.contains(&index)
                || after[index]
                || COMPARISON_HEADINGS.iter().any(|w| node.text.ends_with(w))
                || comparison::is_versus(&node.text)
                // 「Xとは?」 asks what X is: its bullets explain X, point by point.
                || node.text.ends_with("とは?")
                || node.text.ends_with("とは")
                // 「Xまわり」「Xの補足」「メモ」: a section of sundry notes.
                || MISCELLANY_HEADINGS.iter().any(|w| node.text.ends_with(w))
                // 「AとB」: two names set side by side; the bullets are about the pair.
                || pairs_two_names(input, &node.text)
                // An item that is a sentence (「XとはY」) has points under it, not items.
                || (matches!(node.kind, NodeKind::Bullet | NodeKind::Numbered)
                    && definition::states_a_definition(&node.text))
            {
                continue;
            }
            // Runs of consecutive bullets among the children; prose between
            // them ends a run, and a run right after a prose line belongs to it.
            let mut run: Vec<usize> = Vec::new();
            let mut intro: Option<usize> = None;
            let children: Vec<usize> = input.outline.children(index).collect();
            for (at, &child) in children.iter().enumerate() {
                // An item that announces a list of its own heads that list.
                let is_item = matches!(input.kind(child), NodeKind::Bullet | NodeKind::Numbered)
                    && !claimed[child]
                    && !after[child];
                if is_item {
                    if run.is_empty() {
                        intro = at
                            .checked_sub(1)
                            .map(|p| children[p])
                            .filter(|&p| input.kind(p) == NodeKind::Text);
                    }
                    run.push(child);
                }
                if !is_item || at + 1 == children.len() {
                    // Bullets that mostly state things of their own (「XはY」,
                    // 「X＝Y」, 「X → Y」, two sentences) are notes, not a list.
                    // (A label over them announces them: 「特徴:」.)
                    let statements = run.iter().filter(|&&i| states(input, i)).count();
                    if run.len() >= 2
                        && (statements * 2 <= run.len() || labels_a_list(input, index))
                    {
                        // A prose line that names an item introduces the run.
                        // (So does one that says 「Xは以下のとおり」.)
                        let subject = intro
                            .filter(|&line| {
                                let text = &input.outline.nodes[line].text;
                                AS_FOLLOWS.iter().any(|w| text.contains(w))
                                    || run.iter().any(|&i| {
                                        text.contains(
                                            item_text(&input.outline.nodes[i].text).as_str(),
                                        )
                                    })
                            })
                            .and_then(|line| intro_subject(input, line))
                            .or_else(|| {
                                // An entry number names no list; a banner names
                                // it by the words between its marks.
                                (!ENTRY_NUMBER.is_match(node.text.trim()))
                                    .then(|| list_heading(unbannered(&node.text)))
                                    .filter(|heading| !heading.is_empty())
                            });
                        let Some(subject) = subject else {
                            run.clear();
                            continue;
                        };
                        let texts: Vec<String> = run
                            .iter()
                            .map(|&item| item_text(&input.outline.nodes[item].text))
                            .collect();
                        push_list(input, sink, index, &subject, &texts, BULLET_RUN.name);
                    }
                    run.clear();
                }
            }
        }
    },
};

/// Items written inline: three or more terms joined by 「、」「と」「や」 (the
/// last one closed by など, the first perhaps after a short clause in て:
/// 「大きく分けてAとB」), or two before 「がある」 ("there are") or a count
/// that matches (「の2種類の鍵」, the counted noun joining the topic), after
/// the topic marked by は/には (or, with a count, a later clause's:
/// 「XはYで、方式はAとBの2つ」 → Xの方式) or 「…として」, or after 「例:」 under a topic (the topic's examples); or
/// clauses ending in こと before 「が挙げられる」.
///
/// ```text
/// OSI参照モデルの下位層は、物理層、データリンク層、ネットワーク層に分かれる
/// → enumeration | OSI参照モデルの下位層 | item | データリンク層
/// ```
pub static INLINE: Rule = Rule {
    name: "enumeration/inline",
    kind: FactKind::Enumeration,
    examples: &[
        (
            "OSI参照モデルの下位層は、物理層、データリンク層、ネットワーク層に分かれる",
            "enumeration|OSI参照モデルの下位層|item|データリンク層",
        ),
        (
            "RAIDにはミラーリングとストライピングがある",
            "enumeration|RAID|item|ストライピング",
        ),
        (
            "RAIDは「RAID0」「RAID1」「RAID5」の3つに大別される",
            "enumeration|RAID|item|RAID5",
        ),
        (
            "バックアップにはフルバックアップと差分バックアップの2種類がある",
            "enumeration|バックアップの種類|item|差分バックアップ",
        ),
        (
            "暗号方式には大きく分けて共通鍵方式と公開鍵方式の2種類がある",
            "enumeration|暗号方式の種類|item|公開鍵方式",
        ),
        (
            "画像変換ツールはPNGやJPEG、GIFなど多くの形式に対応する",
            "enumeration|画像変換ツール|item|GIF",
        ),
        (
            "ハッシュ表は検索の速い表で、解き方はチェイン法と開番地法の2つ",
            "enumeration|ハッシュ表の解き方|item|開番地法",
        ),
        (
            "ジョブの管理には「スケジューラ」「キュー」「ワーカー」が使われる",
            "enumeration|ジョブの管理|item|ワーカー",
        ),
        (
            "公開鍵暗号では「公開鍵」と「秘密鍵」の2種類の鍵を使う",
            "enumeration|公開鍵暗号の鍵|item|秘密鍵",
        ),
        (
            "PostgreSQLは可用性の機能として「ストリーミングレプリケーション」「ホットスタンバイ」を備えている",
            "enumeration|可用性の機能|item|ホットスタンバイ",
        ),
        (
            "正規化の利点は、データの重複を減らせること、更新時の不整合を防げることが挙げられる",
            "enumeration|正規化の利点|item|更新時の不整合を防げる",
        ),
        (
            "標的型攻撃\n  特定の組織を狙って行う攻撃\n  例：偽装メール、水飲み場攻撃、USBメモリの放置",
            "enumeration|標的型攻撃の例|item|水飲み場攻撃",
        ),
    ],
    run: |input, sink| {
        // (A topic is marked by 「は」: the line's words say whether it holds one.)
        let topic_mark = super::text::Needles::new(&["は"]);
        for (index, node) in input.outline.nodes.iter().enumerate() {
            if node.kind == NodeKind::TableRow {
                continue;
            }
            let node_tokens = input.node_tokens(index);
            let marks_topic = topic_mark.any_in_node(input, index);
            for range in input.sentences(index) {
                // Every list here joins its items by one of these (or quotes
                // them): a sentence without any holds none.
                if !holds_list_joiner(&node.text[range.clone()]) {
                    continue;
                }
                let token_range = tokens_in(&node_tokens.tokens, range);
                let tokens = &node_tokens.tokens[token_range.clone()];
                // The list's topic: marked by は, or by として "as" right
                // before the list (「耐障害性の機能として「A」「B」を備える」).
                // (A phrase of the line is cleaned only once a list is found
                // after it; a name is taken as it is.)
                let mut starts: Vec<(Cow<str>, usize, bool)> = Vec::new();
                if marks_topic && let Some((phrase, at)) = topic_phrase(&node.text, tokens) {
                    starts.push((
                        Cow::Borrowed(&node.text[phrase]),
                        tokens[at].byte_range.end,
                        false,
                    ));
                }
                // No topic in the line (a bullet 「AとBの2種類がある」): the
                // section's concept is, when a count confirms the list.
                let mut counted_only = false;
                if starts.is_empty()
                    && range.start == 0
                    && let Some(parent) = node.parent
                    && input.outline.nodes[parent].kind != NodeKind::Text
                    && cues(&node.text[range.clone()]).counts
                    && CHAIN_COUNT_ANYWHERE.is_match(&node.text[range.clone()])
                {
                    // (Of a parent that defines its term, 「XとはY」, X.)
                    let parent_text = &input.outline.nodes[parent].text;
                    let name =
                        term_name(definition::defined_term(parent_text).unwrap_or(parent_text));
                    if !name.is_empty() && name.chars().count() <= 30 {
                        starts.push((Cow::Owned(name), range.start, false));
                        counted_only = true;
                    }
                }
                // 「例:A、B、C」 under a topic: the topic's examples.
                if starts.is_empty()
                    && range.start == 0
                    && let Some(parent) = node.parent
                    && input.outline.nodes[parent].kind != NodeKind::Text
                    && let Some(label) = EXAMPLE_LABELS.iter().find(|l| {
                        node.text
                            .strip_prefix(**l)
                            .is_some_and(|rest| rest.starts_with(':'))
                    })
                {
                    let name = term_name(&input.outline.nodes[parent].text);
                    let items: Vec<String> =
                        split_items(node.text[label.len() + 1..range.end].trim_end_matches('。'))
                            .map(|i| i.trim().trim_end_matches("など").to_string())
                            .collect();
                    if !name.is_empty()
                        && name.chars().count() <= 30
                        && items.len() >= 2
                        && items
                            .iter()
                            .all(|i| !i.is_empty() && i.chars().count() <= 20 && !i.contains('。'))
                    {
                        let subject = format!("{name}の{label}");
                        push_list(input, sink, index, &subject, &items, INLINE.name);
                    }
                    continue;
                }
                // (Its tokens are read only when the sentence holds 「として」.)
                let marked: &[Token] = if AS_MARKER
                    .find(node.text[range.clone()].as_bytes())
                    .is_some()
                {
                    tokens
                } else {
                    &[]
                };
                for t in marked {
                    if t.surface == "として"
                        && let Some(phrase) = noun_phrase_before(tokens, t.byte_range.start)
                    {
                        let mut after = t.byte_range.end;
                        for word in ["は", "、", "他に", "、"] {
                            if node.text[after..].starts_with(word) {
                                after += word.len();
                            }
                        }
                        starts.push((Cow::Borrowed(&node.text[phrase]), after, true));
                    }
                }
                // A topic of a later clause (「XはYで、エンジンはAとBの2つ」),
                // when a count confirms the list: a part of the first topic's
                // when a short native word.
                let first_later = starts.len();
                if marks_topic && cues(&node.text[range.clone()]).counts {
                    later_topics(input, index, tokens, &mut starts);
                }
                for (k, (topic, after, as_list)) in starts.into_iter().enumerate() {
                    let counted_only = counted_only || k >= first_later;
                    let text = &node.text[after..range.end];
                    let subject = || match &topic {
                        Cow::Borrowed(phrase) => clean_phrase(phrase),
                        Cow::Owned(name) => name.clone(),
                    };
                    // (topic, items, the count the prose gives)
                    let mut lists: Vec<(String, Vec<&str>, Option<usize>)> = Vec::new();
                    if let Some(chain) = item_chain(text) {
                        // 「…の2種類の方法がある」: a count that matches confirms
                        // the list, and the counted noun names what it lists.
                        let count = CHAIN_COUNT
                            .captures(&text[chain.end..])
                            .filter(|c| c["n"].parse::<usize>().ok() == Some(chain.items.len()));
                        let enough = if counted_only {
                            count.is_some()
                        } else {
                            chain.items.len() >= 3
                                || (chain.items.len() == 2
                                    && (chain.exists || as_list || count.is_some()))
                        };
                        if enough && chain.items.iter().all(|i| i.chars().count() <= 40) {
                            // 「…の2種類の方法」 counts 方法; a bare 「2種類」 counts kinds.
                            let noun = count.as_ref().and_then(|c| {
                                c.name("noun").or_else(|| {
                                    c.name("unit")
                                        .filter(|u| matches!(u.as_str(), "種類" | "タイプ"))
                                })
                            });
                            let subject = subject();
                            let subject = match noun {
                                Some(noun) if !subject.ends_with(noun.as_str()) => {
                                    format!("{subject}の{}", noun.as_str())
                                }
                                _ => subject,
                            };
                            let n = count.as_ref().map(|_| chain.items.len());
                            lists.push((subject, chain.items, n));
                        }
                    }
                    // 「XのメリットはAこと、Bことが挙げられる」: clauses ending in こと.
                    if !as_list
                        && !counted_only
                        && let Some(items) = koto_items(text)
                    {
                        lists.push((subject(), items, None));
                    }
                    for (subject, items, count) in lists {
                        let group = push_list(input, sink, index, &subject, &items, INLINE.name);
                        if let Some(n) = count {
                            sink.announce(group, n);
                        }
                    }
                }
            }
        }
    },
};

/// The topics of the clauses after the first of a sentence (each right
/// after 「、」), with where their は ends: of a short word in kana or
/// kanji, the first clause's topic's (「XはYで、種類はAとB」 → Xの種類).
fn later_topics(
    input: &Input,
    index: usize,
    tokens: &[Token],
    starts: &mut Vec<(Cow<'_, str>, usize, bool)>,
) {
    let text = &input.outline.nodes[index].text;
    let first = topic_phrase(text, tokens);
    let Some((first_phrase, first_at)) = first else {
        return;
    };
    let owner = clean_phrase(&text[first_phrase]);
    for (k, t) in tokens.iter().enumerate().skip(first_at + 1) {
        if t.surface != "、" {
            continue;
        }
        let rest = &tokens[k + 1..];
        let Some((phrase, at)) = topic_phrase(text, rest) else {
            continue;
        };
        let name = clean_phrase(&text[phrase]);
        if name.is_empty() || name.chars().count() > OWNER_CHARS {
            continue;
        }
        let subject = if name.chars().count() <= LATER_PART_CHARS
            && !name.is_ascii()
            && !name.chars().any(|c| c.is_ascii_alphanumeric())
        {
            format!("{owner}の{name}")
        } else {
            name
        };
        starts.push((Cow::Owned(subject), rest[at].byte_range.end, false));
    }
}

/// The longest later topic read as a part of the first (エンジン, 種類).
const LATER_PART_CHARS: usize = 6;

/// Whether a text holds what [`INLINE`]'s items are joined by (「A、B」「A,B」
/// 「AとB」「AやB」, 「A、B」 after 「例:」, 「…こと、…こと」) or open with
/// (「A」「B」): the others in one pass, then the ASCII comma by a byte search
/// (rarer in Japanese sentences, so searched for last).
fn holds_list_joiner(text: &str) -> bool {
    static WORDS: LazyLock<Words> = LazyLock::new(|| Words::new(&["、", "と", "や", "「"]));
    WORDS.any_in(text) || memchr::memchr(b',', text.as_bytes()).is_some()
}

/// A count right after an inline list, with the noun it counts:
/// 「の2種類の方法」「と呼ばれる2種類の鍵」「の3つ」.
static CHAIN_COUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:の|と呼ばれる|という|、)?(?P<n>\d+)(?P<unit>つ|種類|個|タイプ)(?:の(?P<noun>[^\s、。のをがでにはへと]{1,8}?)(?:が|を|で|に|は|。|$))?")
        .expect("valid pattern")
});

/// Whether [`CHAIN_COUNT`] matches at the start of `text`: most texts lack
/// the number it needs (after one of its leading words at most), and a test
/// of one character spares them the regex.
fn starts_with_count(text: &str) -> bool {
    let number_first = |t: &str| t.chars().next().is_some_and(char::is_numeric);
    (number_first(text)
        || ["の", "と呼ばれる", "という", "、"]
            .iter()
            .any(|lead| text.strip_prefix(lead).is_some_and(number_first)))
        && CHAIN_COUNT.is_match(text)
}

/// Labels of a line of examples: 例 "example", 具体例 "concrete example".
const EXAMPLE_LABELS: &[&str] = &["例", "具体例"];

/// A count of kinds somewhere in a line (「…の2種類がある」).
static CHAIN_COUNT_ANYWHERE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d+(?:つ|種類|個|タイプ)").expect("valid pattern"));

/// Endings of a list of clauses: 「…ことが挙げられる」 "can be named",
/// 「…ことがある」, 「…ことだ」.
const KOTO_LIST_ENDINGS: &[&str] = &[
    "ことが挙げられる",
    "ことが挙げられます",
    "ことがあげられる",
    "ことがある",
    "ことです",
    "ことだ",
];

/// Clauses each ending in こと, joined by 「こと、」 and closed by one of
/// [`KOTO_LIST_ENDINGS`]: each clause without its こと.
fn koto_items(text: &str) -> Option<Vec<&str>> {
    let text = text
        .trim_start_matches(['、', ' '])
        .trim_end_matches(['。', ' ']);
    let body = KOTO_LIST_ENDINGS
        .iter()
        .find_map(|e| text.strip_suffix(e))?;
    let items: Vec<&str> = body
        .split("こと、")
        .map(str::trim)
        .filter(|i| !i.is_empty())
        .collect();
    (items.len() >= 2 && items.iter().all(|i| i.chars().count() <= KOTO_ITEM_CHARS))
        .then_some(items)
}

/// The longest clause a こと-list item may be.
const KOTO_ITEM_CHARS: usize = 80;

/// Items joined by 「・」 and named as a kind right after: 「A・B・Cという
/// N」「A・BといったN」. The topic of the sentence owns N, when it has one;
/// without one, two items may be one compound and are left alone.
///
/// ```text
/// ルーターについては、経路の追加・削除・変更という操作が用意されている
/// → enumeration | ルーターの操作 | item | 削除
/// ```
pub static NAMED_KIND: Rule = Rule {
    name: "enumeration/named-kind",
    kind: FactKind::Enumeration,
    examples: &[
        (
            "ルーターについては、経路の追加・削除・変更という操作が用意されている",
            "enumeration|ルーターの操作|item|削除",
        ),
        (
            "トランザクションは原子性・一貫性・独立性・永続性といった性質を持つ",
            "enumeration|トランザクションの性質|item|独立性",
        ),
    ],
    run: |input, sink| {
        // (「という」「といった」: the line's words say whether it holds 「とい」.)
        let cue = super::text::Needles::new(&["とい"]);
        for (index, node) in input.outline.nodes.iter().enumerate() {
            if node.kind == NodeKind::TableRow || !cue.any_in_node(input, index) {
                continue;
            }
            let node_tokens = input.node_tokens(index);
            for range in input.sentences(index) {
                let sentence = &node.text[range.clone()];
                // (The items are joined by 「・」: without one, no list.)
                if !sentence.contains('・') {
                    continue;
                }
                for found in NAMED_LIST.captures_iter(sentence) {
                    let (Some(list), Some(noun)) = (found.name("items"), found.name("noun")) else {
                        continue;
                    };
                    let mut items: Vec<&str> = list.as_str().split('・').collect();
                    // The first item starts after the words that qualify the
                    // whole list (「経路の追加」 → 追加).
                    let mut cut = 0;
                    if let Some(first) = items.first_mut() {
                        cut = first
                            .char_indices()
                            .rfind(|&(_, c)| is_hiragana(c))
                            .map_or(0, |(i, c)| i + c.len_utf8());
                        *first = &first[cut..];
                    }
                    if items.len() < 2
                        || items.iter().any(|i| {
                            i.is_empty() || i.chars().count() > 15 || i.chars().any(is_hiragana)
                        })
                    {
                        continue;
                    }
                    let tokens = &node_tokens.tokens[tokens_in(&node_tokens.tokens, range)];
                    let topic = topic_phrase(&node.text, tokens)
                        .filter(|(phrase, _)| phrase.end <= range.start + list.start() + cut)
                        .map(|(phrase, _)| clean_phrase(&node.text[phrase]));
                    // Two items and no topic may be one compound (「暗号化・復号」).
                    let subject = match topic {
                        Some(topic) => format!("{topic}の{}", noun.as_str()),
                        None if items.len() >= 3 => noun.as_str().to_string(),
                        None => continue,
                    };
                    push_list(input, sink, index, &subject, &items, NAMED_KIND.name);
                }
            }
        }
    },
};

/// 「A・B・CというN」「A・BといったN」: the items and the noun naming them.
static NAMED_LIST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<items>[^、。,「」『』()\s・]+(?:・[^、。,「」『』()\s・]+)+)(?:という|といった)(?P<noun>[^\s、。をがでにはへと「」]{1,12}?)(?:が|を|で|に|は|も|。|$)")
        .expect("valid pattern")
});

/// 「X(A、B、C)」: a list in brackets after the noun phrase it lists.
///
/// ```text
/// 障害対応の手順(検知、切り分け、復旧)を決める
/// → enumeration | 障害対応の手順 | item | 切り分け
/// ```
pub static BRACKETED: Rule = Rule {
    name: "enumeration/bracketed",
    kind: FactKind::Enumeration,
    examples: &[
        (
            "障害対応の手順(検知、切り分け、復旧)を決める",
            "enumeration|障害対応の手順|item|切り分け",
        ),
        (
            "三大栄養素(炭水化物、脂質、タンパク質)",
            "enumeration|三大栄養素|item|脂質",
        ),
    ],
    run: |input, sink| {
        for (index, node) in input.outline.nodes.iter().enumerate() {
            let tokens = &input.node_tokens(index).tokens;
            for (range, inner) in definition::bracket_groups(&node.text) {
                if !definition::is_bracketed_list(inner) {
                    continue;
                }
                let items: Vec<&str> = split_items(inner)
                    .map(str::trim)
                    .filter(|i| !i.is_empty())
                    .collect();
                let inner_range = range.start + 1..range.end - 1;
                let inner_tokens = &tokens[tokens_in(tokens, &inner_range)];
                // Each item one short noun phrase, none a number.
                if items
                    .iter()
                    .any(|i| i.chars().count() > 15 || i.chars().any(|c| c.is_ascii_digit()))
                    || inner_tokens.iter().any(|t| {
                        t.pos().starts_with("助動詞")
                            || (t.pos().starts_with("助詞") && !t.pos().starts_with("助詞,連体化"))
                    })
                {
                    continue;
                }
                let Some(subject) = noun_phrase_before(tokens, range.start) else {
                    continue;
                };
                push_list(
                    input,
                    sink,
                    index,
                    &node.text[subject],
                    &items,
                    BRACKETED.name,
                );
            }
        }
    },
};

/// Pushes a list's items, in order, as one group; returns the group.
fn push_list<S: AsRef<str>>(
    input: &Input,
    sink: &mut super::Sink,
    index: usize,
    subject: &str,
    items: &[S],
    rule: &'static str,
) -> usize {
    let subject = owned_subject(input, index, subject);
    let group = sink.group();
    for item in items {
        sink.push(
            input,
            index,
            FactKind::Enumeration,
            &subject,
            "item",
            item.as_ref(),
            rule,
            group,
        );
    }
    group
}

/// Whether the items an announced count counts stand right before it in the
/// line (「標準キューとFIFOキューの2種類がある」).
fn counts_its_own_items(text: &str, announcement: &Announcement) -> bool {
    let Some(n) = announcement.count else {
        return false;
    };
    let starts = std::iter::once(0).chain(
        text[..announcement.at]
            .char_indices()
            .filter(|&(_, c)| matches!(c, 'は' | '、'))
            .map(|(i, c)| i + c.len_utf8()),
    );
    starts.into_iter().any(|start| {
        item_chain(&text[start..])
            .is_some_and(|c| c.items.len() == n && start + c.end <= announcement.at + 3)
    })
}

/// A list's topic that is a generic noun alone (特徴, メリット) belongs to the
/// concept of the section it sits in: 「◆ハッシュ関数 … 特徴は以下のとおり」 →
/// ハッシュ関数の特徴.
fn owned_subject(input: &Input, index: usize, subject: &str) -> String {
    if !GENERIC_LIST_NOUNS.contains(&subject) && !labels_a_list(input, index) {
        return subject.to_string();
    }
    let nodes = &input.outline.nodes;
    let mut at = nodes[index].parent;
    if matches!(
        nodes[index].kind,
        NodeKind::Heading | NodeKind::Topic | NodeKind::Bullet
    ) && nodes[index].text.trim() != subject
    {
        at = Some(index);
    }
    while let Some(p) = at {
        let node = &nodes[p];
        let name = term_name(&list_heading(node.text.trim_end_matches(['。', ' '])));
        if matches!(
            node.kind,
            NodeKind::Heading | NodeKind::Topic | NodeKind::Bullet
        ) && name != subject
            && !name.is_empty()
            && name.chars().count() <= OWNER_CHARS
            && !name.ends_with(subject)
            && !name.contains('。')
        {
            return format!("{name}の{subject}");
        }
        at = node.parent;
    }
    subject.to_string()
}

/// Whether node `index` is a short label ending in a colon with nothing
/// after it (「利点:」 over bullets), under a heading: it names a list of
/// that heading's parts, its items laid out below, whatever they say.
fn labels_a_list(input: &Input, index: usize) -> bool {
    let node = &input.outline.nodes[index];
    node.kind == NodeKind::Topic
        && node.parent.is_some()
        && node.text.strip_suffix(':').is_some_and(|label| {
            let n = label.trim().chars().count();
            (1..=LABEL_LIST_CHARS).contains(&n) && !label.contains(['、', '。', ' '])
        })
}

/// The longest label over bullets that names a part of its heading's topic.
const LABEL_LIST_CHARS: usize = 8;

/// Nouns that name a list of something's parts rather than a topic:
/// 特徴 "features", メリット/利点 "advantages", デメリット/欠点 "drawbacks",
/// 種類 "kinds", 機能 "functions", 方法 "ways", 手順 "steps", 注意点
/// "cautions", ポイント "points", 用途 "uses", 例 "examples", 構成 "parts".
pub(super) const GENERIC_LIST_NOUNS: &[&str] = &[
    "特徴",
    "メリット",
    "デメリット",
    "利点",
    "欠点",
    "種類",
    "機能",
    "方法",
    "手順",
    "注意点",
    "ポイント",
    "用途",
    "例",
    "構成",
    "特長",
    "長所",
    "短所",
];

/// The longest section name that can own a generic list topic.
const OWNER_CHARS: usize = 30;

/// A run of co-ordinated items in a clause.
struct Chain<'a> {
    items: Vec<&'a str>,
    /// The chain is followed by 「がある」「があり」 ("there are").
    exists: bool,
    /// Byte offset, in the text read, where the chain ends.
    end: usize,
}

/// Terms joined by 「、」「と」「や」 at the start of a clause (each may carry a
/// bracket and quotes), when there are two or more.
fn item_chain(text: &str) -> Option<Chain<'_>> {
    item_chain_from(text).or_else(|| {
        // 「大きく分けてAとB」: a short adverbial clause in て before the
        // first item is not part of it.
        let head: String = text.chars().take(LEAD_CLAUSE_CHARS).collect();
        let at = head
            .char_indices()
            .find(|&(i, c)| {
                c == 'て'
                    && head[i + c.len_utf8()..]
                        .chars()
                        .next()
                        .is_some_and(|n| !('\u{3041}'..='\u{309F}').contains(&n) && n != '、')
            })
            .map(|(i, c)| i + c.len_utf8())?;
        let chain = item_chain_from(&text[at..])?;
        Some(Chain {
            end: chain.end + at,
            ..chain
        })
    })
}

/// The longest adverbial clause (「大きく分けて」) read past before a chain.
const LEAD_CLAUSE_CHARS: usize = 8;

fn item_chain_from(text: &str) -> Option<Chain<'_>> {
    // (A first item joined to nothing is no chain.)
    let (first, separator, mut rest) = next_item(text)?;
    separator?;
    let mut items = vec![first];
    while let Some((item, separator, after)) = next_item(rest) {
        items.push(item);
        rest = after;
        if separator.is_none() {
            let exists = ["がある", "があり", "が用意", "の両方", "がいる"]
                .iter()
                .any(|e| after.starts_with(e));
            return Some(Chain {
                items,
                exists,
                end: text.len() - after.len(),
            });
        }
    }
    None
}

/// One item at the start of `text`: a quoted term, or a run of characters
/// without particles; then the separator after it, if any.
fn next_item(text: &str) -> Option<(&str, Option<char>, &str)> {
    let text = text.trim_start_matches([' ', '、']);
    if let Some(inner) = text.strip_prefix('「') {
        let close = inner.find('」')?;
        let item = &inner[..close];
        let after = &inner[close + '」'.len_utf8()..];
        // 「A」と「B」 joins; 「A」と呼ばれる ends the list.
        let separator = after.chars().next().filter(|c| {
            matches!(c, '、' | ',' | '「')
                || (matches!(c, 'と' | 'や') && after[c.len_utf8()..].starts_with(['「', '、']))
        });
        let after = match separator {
            Some('「') | None => after,
            Some(c) => &after[c.len_utf8()..],
        };
        return Some((item, separator, after));
    }
    let mut depth = 0;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            // (「64,000」: a comma between digits groups thousands)
            ',' if groups_thousands(text, i) => {}
            '、' | ',' | 'と' | 'や' if depth == 0 => {
                let item = text[..i].trim();
                if item.is_empty() || !is_term_like(item) {
                    return None;
                }
                return Some((item, Some(c), &text[i + c.len_utf8()..]));
            }
            // 「AとBの2種類」: a count closes the list.
            'の' if depth == 0 && starts_with_count(&text[i..]) => {
                let item = text[..i].trim();
                if item.is_empty() || !is_term_like(item) {
                    return None;
                }
                return Some((item, None, &text[i..]));
            }
            // 「A、B、Cなど」: など closes the list (「A、BなどのX」 modifies
            // a noun, like 「A、Bの」).
            'な' if depth == 0 && text[i..].starts_with("など") => {
                if text[i..].starts_with("などの") {
                    return None;
                }
                let item = text[..i].trim();
                if item.is_empty() || !is_term_like(item) {
                    return None;
                }
                return Some((item, None, &text[i..]));
            }
            // 「A、B、Cの処理」 modifies a noun: no list of the topic's.
            'の' if depth == 0 => return None,
            'に' | 'が' | 'を' | 'で' | 'は' | 'へ' | 'も' | '。' if depth == 0 => {
                let item = text[..i].trim();
                if item.is_empty() || !is_term_like(item) {
                    return None;
                }
                return Some((item, None, &text[i..]));
            }
            _ => {}
        }
    }
    None
}

/// Whether the comma at byte `at` of `text` groups a number's thousands
/// (「64,000」「1,024,000」): a digit before it, exactly three after it.
fn groups_thousands(text: &str, at: usize) -> bool {
    let (before, after) = (&text.as_bytes()[..at], &text.as_bytes()[at + 1..]);
    before.last().is_some_and(u8::is_ascii_digit)
        && after.len() >= 3
        && after[..3].iter().all(u8::is_ascii_digit)
        && after.get(3).is_none_or(|b| !b.is_ascii_digit())
}

/// Splits a run of items at 「、」 and at commas that do not group a number's
/// thousands.
fn split_items(text: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    let mut cuts: Vec<(usize, usize)> = text
        .char_indices()
        .filter(|&(i, c)| c == '、' || (c == ',' && !groups_thousands(text, i)))
        .map(|(i, c)| (i, i + c.len_utf8()))
        .collect();
    cuts.push((text.len(), text.len()));
    cuts.into_iter().map(move |(end, next)| {
        let item = &text[start..end];
        start = next;
        item
    })
}

/// An item reads as a term: no hiragana outside brackets (particles and
/// verb endings are hiragana), at most 30 characters.
fn is_term_like(item: &str) -> bool {
    // (One pass counts and tests the characters.)
    let mut depth = 0;
    let mut chars = 0;
    item.chars().all(|c| {
        chars += 1;
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        depth > 0 || !('\u{3041}'..='\u{309F}').contains(&c)
    }) && chars <= 30
}

/// Whether a bullet states something rather than name an item: a topic
/// marked by は, an equation or arrow after its label, or a second sentence.
fn states(input: &Input, index: usize) -> bool {
    let text = &input.outline.nodes[index].text;
    let head = text.split(':').next().unwrap_or(text);
    let tokens = &input.node_tokens(index).tokens;
    super::text::topic_particle(head, &tokens[tokens_in(tokens, &(0..head.len()))]).is_some()
        || head.contains(['=', '→'])
        || head.trim_end_matches('。').contains('。')
}

/// Whether each node is an item an announced list takes, given whether each
/// node announces a list of the lines after it ([`announces_after`]).
fn announced_items(input: &Input, after: &[bool]) -> Vec<bool> {
    let mut claimed = vec![false; after.len()];
    for (index, _) in after.iter().enumerate().filter(|&(_, &a)| a) {
        for item in following_items(input, index) {
            claimed[item] = true;
        }
    }
    claimed
}

/// The subject of a prose line that introduces a bullet run: its は/には topic.
fn intro_subject(input: &Input, line: usize) -> Option<String> {
    let node = &input.outline.nodes[line];
    let (phrase, _) = topic_phrase(&node.text, &input.node_tokens(line).tokens)?;
    Some(without_label(&term_name(&node.text[phrase])).to_string())
}

/// The longest label (「解説:」「答え:」) [`without_label`] takes off.
const LABEL_CHARS: usize = 5;

/// `text` without a short label before a colon (「解説: Xの種類」 → 「Xの種類」).
fn without_label(text: &str) -> &str {
    match text.split_once(':') {
        Some((label, rest))
            if label.chars().count() <= LABEL_CHARS
                && !label.contains(' ')
                && !rest.trim().is_empty() =>
        {
            rest.trim()
        }
        _ => text,
    }
}

/// 「Xは以下のとおり」「次の通り」: a line that says its list follows.
const AS_FOLLOWS: &[&str] = &["のとおり", "の通り"];

/// An entry number (「No.3」「問2」「Q1」「第4問」, perhaps marked ○×△).
static ENTRY_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:No\.?|NO\.?|no\.?|Q|問|第)\s*[0-9０-９]+\s*(?:問|番)?[\s○×△◯✕xX!?！？]*$")
        .expect("valid pattern")
});

/// The marks a banner line is drawn with (「==== 復習 ====」「---- 用語 ----」).
const BANNER_MARKS: &[char] = &['=', '-', '*', '~', '#', '─', '━', '＝'];

/// The words of a banner (「==== 復習 ====」 → 「復習」), or `text` as it is
/// when it is not drawn between two or more marks on each side.
fn unbannered(text: &str) -> &str {
    let text = text.trim();
    let inner = text.trim_matches(BANNER_MARKS);
    let marks = |s: &str| s.chars().filter(|c| BANNER_MARKS.contains(c)).count();
    match text.find(inner) {
        Some(at)
            if !inner.is_empty()
                && marks(&text[..at]) >= 2
                && marks(&text[at + inner.len()..]) >= 2 =>
        {
            inner.trim()
        }
        _ => text,
    }
}

/// Whether a heading is two names joined by と (「SQSとSNS」), each a Latin
/// name or one the catalog knows.
fn pairs_two_names(input: &Input, text: &str) -> bool {
    let mut parts = text.split('と').map(str::trim);
    let (Some(first), Some(second), None) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    [first, second].iter().all(|p| {
        !p.is_empty()
            && (p
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || " -".contains(c))
                || input.catalog.lookup(p).is_some())
    })
}

/// Heading endings that gather sundry notes rather than name a list:
/// まわり/周り "around X", 補足 "supplement", メモ "memo", その他 "other".
const MISCELLANY_HEADINGS: &[&str] = &["まわり", "周り", "補足", "メモ", "その他"];

/// Heading endings that announce a contrast, whose bullets are the compared
/// concepts rather than a list: 違い "difference", 比較 "comparison".
const COMPARISON_HEADINGS: &[&str] = &["違い", "の比較", "比較"];

/// Where and how a line announces a list.
struct Announcement {
    /// Byte offset of the announcing phrase.
    at: usize,
    /// The count, when given.
    count: Option<usize>,
    /// The noun after 以下の, when given (以下の特徴 → 特徴).
    noun: Option<String>,
}

/// Whether a line announces a list of the lines after it: an announcement
/// that does not count items of its own (「AとBの2種類がある」).
fn announces_following(text: &str) -> bool {
    announcement(text).is_some_and(|a| !counts_its_own_items(text, &a))
}

/// Whether node `index` announces a list of the lines after it.
fn announces_after(input: &Input, index: usize) -> bool {
    input.announces_list(index) && announces_following(&input.outline.nodes[index].text)
}

/// Whether a line announces a list (「以下の7つ」「3種類に分かれる」).
pub fn announces_list(text: &str) -> bool {
    let cues = cues(text);
    (cues.follows && following(text).is_some()) || (cues.counts && counted(text).is_some())
}

/// What [`FOLLOWING`] starts with (the first [`FOLLOWING_CUES`] words) and
/// the counters [`COUNTED`] needs right after a number.
const CUE_WORDS: &[&str] = &["以下の", "次の", "下記の", "つ", "種類", "個", "タイプ"];
const FOLLOWING_CUES: usize = 3;

/// Which of the two list announcements a line may hold: most lines hold
/// neither, and one search for the words they need spares them the reading
/// ([`following`], [`counted`]).
#[derive(Debug, PartialEq, Eq)]
struct Cues {
    /// A word [`FOLLOWING`] starts with (以下の, 次の, 下記の).
    follows: bool,
    /// A counter [`COUNTED`] needs right after a number (「3つ」「2種類」).
    counts: bool,
}

/// The search for [`CUE_WORDS`].
static CUES: LazyLock<Words> = LazyLock::new(|| Words::new(CUE_WORDS));

/// The [`Cues`] of a line, found in one pass for all the words.
fn cues(text: &str) -> Cues {
    let mut cues = Cues {
        follows: false,
        counts: false,
    };
    CUES.each(text, |word, at| {
        if word < FOLLOWING_CUES {
            cues.follows = true;
        } else if text[..at].chars().next_back().is_some_and(char::is_numeric) {
            cues.counts = true;
        }
    });
    cues
}

/// A few words looked for together, such that no two places of them in a
/// text can overlap (none holds another, none ends with what one starts
/// with): one pass over a text finds every place of each.
struct Words {
    words: &'static [&'static str],
    /// A packed SIMD searcher, where the CPU has one; else each word is
    /// searched for by itself.
    packed: Option<aho_corasick::packed::Searcher>,
}

impl Words {
    fn new(words: &'static [&'static str]) -> Words {
        let mut builder = aho_corasick::packed::Config::new().builder();
        for word in words {
            builder.add(word);
        }
        Words {
            words,
            packed: builder.build(),
        }
    }

    /// Calls `found` with the index of the word and its byte offset, for
    /// each place a word stands in `text`.
    fn each(&self, text: &str, mut found: impl FnMut(usize, usize)) {
        // (The packed searcher reports matches that do not overlap: as the
        // words' places never do, every one.)
        match &self.packed {
            Some(searcher) => {
                for m in searcher.find_iter(text) {
                    found(m.pattern().as_usize(), m.start());
                }
            }
            None => {
                for (word, w) in self.words.iter().enumerate() {
                    for at in memchr::memmem::find_iter(text.as_bytes(), w) {
                        found(word, at);
                    }
                }
            }
        }
    }

    /// Whether `text` holds any of the words.
    fn any_in(&self, text: &str) -> bool {
        match &self.packed {
            Some(searcher) => searcher.find(text).is_some(),
            None => self
                .words
                .iter()
                .any(|w| memchr::memmem::find(text.as_bytes(), w.as_bytes()).is_some()),
        }
    }
}

fn announcement(text: &str) -> Option<Announcement> {
    let cues = cues(text);
    if cues.follows
        && let Some(found) = following(text)
    {
        // 「以下のとおり」 "as follows" names no noun.
        let noun = found
            .noun
            .filter(|n| !matches!(*n, "とおり" | "通り"))
            .map(str::to_string);
        return Some(Announcement {
            at: found.at,
            count: found.count.and_then(|n| n.parse().ok()),
            noun,
        });
    }
    if !cues.counts {
        return None;
    }
    counted(text).map(|(at, n)| Announcement {
        at,
        count: n.parse().ok(),
        noun: None,
    })
}

/// Where [`FOLLOWING`] matches a text and what it captures.
#[derive(Debug, PartialEq, Eq)]
struct Following<'t> {
    /// Byte offset of the match.
    at: usize,
    /// The count (`n`), when given.
    count: Option<&'t str>,
    /// The noun after 以下の (`noun`), when given.
    noun: Option<&'t str>,
}

/// What [`FOLLOWING`] finds and captures, found by a scan (its captures cost
/// a regex thousands of instructions a line): at the first 以下の, 次の or
/// 下記の that reads so, a count and its counter, else a noun of one to
/// twelve characters as short as the word after it allows, else 「ような」.
fn following(text: &str) -> Option<Following<'_>> {
    following_in(&CUES, text)
}

/// [`following`], with the places of its leads (the first [`FOLLOWING_CUES`]
/// of [`CUE_WORDS`]) found by `words`: of the leads that read, the first.
fn following_in<'t>(words: &Words, text: &'t str) -> Option<Following<'t>> {
    const COUNTERS: &[&str] = &["つ", "種類", "個", "点", "項目", "タイプ", "パターン"];
    const AFTER_NOUN: &[&str] = &["が", "を", "に", "で", "は", "。", "、"];
    let read = |at: usize, lead: &str| {
        let rest = &text[at + lead.len()..];
        let digits = rest
            .char_indices()
            .find(|&(_, c)| !is_digit(c))
            .map_or(rest.len(), |(i, _)| i);
        if digits > 0 && COUNTERS.iter().any(|c| rest[digits..].starts_with(c)) {
            return Some(Following {
                at,
                count: Some(&rest[..digits]),
                noun: None,
            });
        }
        let mut end = 0;
        for c in rest.chars().take(12) {
            if c.is_whitespace() || matches!(c, '、' | '。' | 'の' | 'よ' | 'う') {
                break;
            }
            end += c.len_utf8();
            let after = &rest[end..];
            if after.is_empty() || AFTER_NOUN.iter().any(|w| after.starts_with(w)) {
                return Some(Following {
                    at,
                    count: None,
                    noun: Some(&rest[..end]),
                });
            }
        }
        rest.starts_with("ような").then_some(Following {
            at,
            count: None,
            noun: None,
        })
    };
    let mut first: Option<Following> = None;
    words.each(text, |word, at| {
        if word < FOLLOWING_CUES
            && first.as_ref().is_none_or(|f| at < f.at)
            && let Some(found) = read(at, CUE_WORDS[word])
        {
            first = Some(found);
        }
    });
    first
}

/// Whether a character is what `\d` matches: a decimal digit of any script
/// (Unicode Nd), which every numeric character but a few is not.
fn is_digit(c: char) -> bool {
    static DIGIT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d$").expect("valid pattern"));
    c.is_ascii_digit()
        || (!c.is_ascii() && c.is_numeric() && DIGIT.is_match(c.encode_utf8(&mut [0; 4])))
}

/// What [`COUNTED`] finds and captures, found from the places of its
/// counters (the [`CUE_WORDS`] after the first [`FOLLOWING_CUES`]): the first
/// run of digits right before a counter (and 「のタイプ」) and an ending; the
/// run's offset and the run.
fn counted(text: &str) -> Option<(usize, &str)> {
    counted_in(&CUES, text)
}

/// [`counted`], with the places of the counters found by `words`.
fn counted_in<'t>(words: &Words, text: &'t str) -> Option<(usize, &'t str)> {
    const ENDINGS: &[&str] = &[
        "に大別",
        "に分かれ",
        "に分れ",
        "に分類",
        "がある",
        "あり",
        "ある",
        "存在",
    ];
    let ends =
        |rest: &str| ENDINGS.iter().any(|e| rest.starts_with(e)) || matches!(rest, "" | "。" | ":");
    // (A match starting within a run of digits ends as one at its start.)
    let mut first: Option<(usize, &str)> = None;
    words.each(text, |word, at| {
        if word < FOLLOWING_CUES || first.is_some_and(|(start, _)| start < at) {
            return;
        }
        let Some(start) = text[..at]
            .char_indices()
            .rev()
            .take_while(|&(_, c)| is_digit(c))
            .last()
            .map(|(i, _)| i)
        else {
            return;
        };
        let after = &text[at + CUE_WORDS[word].len()..];
        if after.strip_prefix("のタイプ").is_some_and(ends) || ends(after) {
            first = Some((start, &text[start..at]));
        }
    });
    first
}

/// The list's topic: the noun phrase marked by は/には before the
/// announcement (plus the noun after 以下の), else the topic above.
fn list_subject(input: &Input, index: usize, announcement: &Announcement) -> Option<String> {
    let node = &input.outline.nodes[index];
    let tokens = &input.node_tokens(index).tokens;
    // Within the announcing sentence (「DNSサービス。種類は以下の通り」).
    let sentence_start = node.text[..announcement.at]
        .rfind('。')
        .map_or(0, |at| at + '。'.len_utf8());
    let before = &tokens[tokens_in(tokens, &(sentence_start..announcement.at))];
    let subject = topic_phrase(&node.text, before)
        .map(|(phrase, _)| without_label(&term_name(&node.text[phrase])).to_string())
        .or_else(|| counted_noun(&node.text, before, announcement));
    let subject = match subject {
        Some(s) => s,
        None if node.kind != NodeKind::Text => {
            list_heading(node.text[..announcement.at].trim_end_matches(['(', '（', ' ']))
        }
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

/// 「Xの4つ」 "the four X": a line that is the counted noun phrase alone
/// names its list.
fn counted_noun(text: &str, before: &[Token], announcement: &Announcement) -> Option<String> {
    let head = text[..announcement.at].strip_suffix('の')?;
    let rest = text[announcement.at..].trim_end_matches('。');
    let counted = announcement.count.is_some()
        && rest
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .chars()
            .count()
            <= 3;
    let head_tokens = &before[..before
        .iter()
        .position(|t| t.byte_range.end > head.len())
        .unwrap_or(before.len())];
    (counted && super::text::is_noun_phrase(head_tokens)).then(|| term_name(head))
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

/// The `n` kinds described after topic `index`, each a topic line with its
/// explanation under it; variants of one kind (「X:A型」「X:B型」) count once.
/// Empty unless exactly `n` kinds follow before anything else.
fn following_topics(input: &Input, index: usize, n: usize) -> Vec<usize> {
    let nodes = &input.outline.nodes;
    let kind_of = |i: usize| {
        let name = term_name(&nodes[i].text);
        name.split([':', '：'])
            .next()
            .unwrap_or_default()
            .to_string()
    };
    let mut topics: Vec<usize> = Vec::new();
    let mut kinds = 0;
    for (i, node) in nodes.iter().enumerate().skip(index + 1) {
        match node.kind {
            NodeKind::Topic => {
                let same_kind = topics.last().is_some_and(|&t| kind_of(t) == kind_of(i));
                if !same_kind {
                    if kinds == n {
                        break;
                    }
                    kinds += 1;
                }
                topics.push(i);
            }
            _ if topics
                .last()
                .is_some_and(|&t| input.outline.ancestors(i).any(|a| a == t)) => {}
            _ => break,
        }
    }
    let described = topics
        .iter()
        .all(|&t| input.outline.children(t).next().is_some());
    if kinds == n && described && n >= 2 {
        topics
    } else {
        Vec::new()
    }
}

/// A list heading without framing words (「…について」「…とは?」, a trailing colon).
fn list_heading(text: &str) -> String {
    let text = text.trim().trim_end_matches([':', '：']);
    ["について", "とは?", "とは"]
        .iter()
        .find_map(|frame| text.strip_suffix(frame))
        .unwrap_or(text)
        .trim()
        .to_string()
}

/// An item as written, without an explanation after a colon or a leader.
fn item_text(text: &str) -> String {
    let head = text.split_once(':').map_or(text, |(head, _)| head);
    // 「X…Y」: a leader (「...」 after NFKC) ends the item too.
    head.split_once("...")
        .filter(|(item, _)| !item.trim().is_empty())
        .map_or(head, |(item, _)| item)
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use crate::extract::FactKind;
    use crate::testing;

    /// A line's cues say what substring tests say: a word of [`FOLLOWING`]
    /// anywhere, a counter right after a number.
    #[test]
    fn cues_are_the_words_a_line_holds() {
        let expected = |text: &str| super::Cues {
            follows: ["以下の", "次の", "下記の"]
                .iter()
                .any(|w| text.contains(w)),
            counts: ["つ", "種類", "個", "タイプ"].iter().any(|w| {
                text.match_indices(w)
                    .any(|(at, _)| text[..at].chars().next_back().is_some_and(char::is_numeric))
            }),
        };
        // The sample's lines and every text of up to four characters drawn from the words, digits
        // (ASCII, Arabic-Indic, 〇) and others.
        let chars = [
            '以', '下', 'の', '次', '記', 'つ', '種', '類', '個', 'タ', 'イ', 'プ', '3', '٣', '〇',
            'x',
        ];
        let mut texts = crate::testing::sample_lines_and_texts_over(&chars, 4);
        // (Long texts, which the searcher reads otherwise than short ones.)
        texts.push(format!("{}以下の3つ{}", "あ".repeat(40), "い".repeat(40)));
        texts.push(format!("{}2種類{}次の", "ア".repeat(40), "x".repeat(40)));
        // (And the search without the packed searcher finds the same places.)
        let by_word = super::Words {
            words: super::CUE_WORDS,
            packed: None,
        };
        let packed = super::Words::new(super::CUE_WORDS);
        let places = |words: &super::Words, text: &str| {
            let mut found = Vec::new();
            words.each(text, |word, at| found.push((at, word)));
            found.sort_unstable();
            found
        };
        for text in &texts {
            assert_eq!(super::cues(text), expected(text), "{text:?}");
            assert_eq!(places(&packed, text), places(&by_word, text), "{text:?}");
            assert_eq!(packed.any_in(text), by_word.any_in(text), "{text:?}");
        }
    }

    /// The tests that spare texts the regexes pass every text the regexes
    /// match.
    #[test]
    fn regex_pre_checks_pass_what_the_regexes_match() {
        // Every text of up to four characters from the regexes' words,
        // numbers (ASCII, Arabic-Indic, 〇) and others.
        let chars = [
            'の', '3', '٣', '〇', 'つ', '種', '類', '個', 'と', 'い', 'う', '、', '・', 'A', 'が',
        ];
        let texts = crate::testing::sample_lines_and_texts_over(&chars, 4);
        let mut matched = [0; 3];
        for text in &texts {
            for (at, _) in text.char_indices() {
                let rest = &text[at..];
                assert_eq!(
                    super::starts_with_count(rest),
                    super::CHAIN_COUNT.is_match(rest),
                    "{rest:?}"
                );
                matched[0] += usize::from(super::CHAIN_COUNT.is_match(rest));
            }
            if super::CHAIN_COUNT_ANYWHERE.is_match(text) {
                assert!(super::cues(text).counts, "{text:?}");
                matched[1] += 1;
            }
            if super::NAMED_LIST.is_match(text) {
                assert!(text.contains('・'), "{text:?}");
                matched[2] += 1;
            }
        }
        assert!(matched.iter().all(|&n| n > 0), "{matched:?}");
    }

    /// A text without what items are joined by or open with holds no chain
    /// of items nor こと-list, from wherever in it the list would start.
    #[test]
    fn texts_without_joiners_hold_no_list() {
        // Every text of up to four characters from joiners, particles,
        // brackets, counts and words.
        let chars = [
            'A', 'の', 'が', 'を', 'は', 'こ', '」', '(', ')', '2', 'つ', '。', '、', ',', 'と',
            'や', '「',
        ];
        let texts = crate::testing::sample_lines_and_texts_over(&chars, 4);
        let mut read = 0;
        let joiners = ['、', ',', 'と', 'や', '「'];
        for text in &texts {
            assert_eq!(
                super::holds_list_joiner(text),
                text.contains(joiners),
                "{text:?}"
            );
        }
        for text in texts.iter().filter(|t| !t.contains(joiners)) {
            for (at, _) in text.char_indices() {
                let rest = &text[at..];
                assert!(super::item_chain(rest).is_none(), "{rest:?}");
                assert!(super::koto_items(rest).is_none(), "{rest:?}");
                read += 1;
            }
        }
        assert!(read > 10_000);
    }

    /// A sentence has a topic only on a line that holds 「は」 ([`INLINE`]
    /// reads topics only there).
    #[test]
    fn a_topic_stands_only_on_a_line_holding_wa() {
        let mut notes = crate::testing::sample_lines_and_texts_over(&['a'], 0).join("\n");
        notes.push_str("\nRAIDにはミラーリングとストライピングがある\n「A」は、B。Cでは(Dは)E\n");
        let processed = testing::process("sample.txt", &notes);
        let mut topics = 0;
        for (node, tokens) in processed.outline.nodes.iter().zip(&processed.tokens.nodes) {
            for range in super::super::text::sentences(&node.text) {
                let tokens = &tokens.tokens[super::tokens_in(&tokens.tokens, &range)];
                if super::topic_phrase(&node.text, tokens).is_some() {
                    assert!(node.text.contains('は'), "{:?}", node.text);
                    topics += 1;
                }
            }
        }
        assert!(topics > 100, "{topics}");
    }

    /// The scan of `following` finds what [`FOLLOWING`] finds and captures.
    #[test]
    fn following_is_found_as_by_its_pattern() {
        let pieces = [
            "以下の",
            "次の",
            "下記の",
            "以下",
            "の",
            "3",
            "٣",
            "Ⅳ",
            "つ",
            "種類",
            "パターン",
            "ような",
            "よ",
            "が",
            "、",
            "。",
            " ",
            "\u{3000}",
            "あ",
            "a",
        ];
        let mut texts = crate::testing::texts_of(&pieces, 4);
        texts.extend(crate::testing::sample_lines_and_texts_over(&['a'], 0));
        for n in [11, 12, 13] {
            texts.push(format!("以下の{}が", "あ".repeat(n)));
            texts.push(format!("次の{}", "ア".repeat(n)));
            texts.push(format!("下記の{}。次のような", "x".repeat(n)));
        }
        // (And with each word searched for by itself, which finds the
        // places in another order.)
        let by_word = super::Words {
            words: super::CUE_WORDS,
            packed: None,
        };
        let mut found = 0;
        for text in &texts {
            let expected = super::FOLLOWING.captures(text).map(|c| super::Following {
                at: c.get(0).unwrap().start(),
                count: c.name("n").map(|m| m.as_str()),
                noun: c.name("noun").map(|m| m.as_str()),
            });
            found += usize::from(expected.is_some());
            assert_eq!(super::following(text), expected, "{text:?}");
            assert_eq!(super::following_in(&by_word, text), expected, "{text:?}");
        }
        assert!(found > 10_000, "{found}");
    }

    /// The scan of `counted` finds what [`COUNTED`] finds and captures.
    #[test]
    fn counted_is_found_as_by_its_pattern() {
        let pieces = [
            "3",
            "12",
            "٣",
            "Ⅳ",
            "つ",
            "種類",
            "個",
            "タイプ",
            "のタイプ",
            "の",
            "に分類",
            "ある",
            "が",
            "。",
            ":",
            "あ",
            "a",
        ];
        let mut texts = crate::testing::texts_of(&pieces, 4);
        texts.extend(crate::testing::sample_lines_and_texts_over(&['a'], 0));
        // (And with each word searched for by itself, which finds the
        // places in another order.)
        let by_word = super::Words {
            words: super::CUE_WORDS,
            packed: None,
        };
        let mut found = 0;
        for text in &texts {
            let expected = super::COUNTED
                .captures(text)
                .map(|c| (c.get(0).unwrap().start(), c.name("n").unwrap().as_str()));
            found += usize::from(expected.is_some());
            assert_eq!(super::counted(text), expected, "{text:?}");
            assert_eq!(super::counted_in(&by_word, text), expected, "{text:?}");
        }
        assert!(found > 5_000, "{found}");
    }

    fn items(notes: &str) -> Vec<(String, String)> {
        testing::process("n.md", notes)
            .extraction
            .facts
            .into_iter()
            .filter(|f| f.kind == FactKind::Enumeration)
            .map(|f| (f.subject, f.object))
            .collect()
    }

    #[test]
    fn a_comma_grouping_thousands_splits_no_item() {
        let split: Vec<&str> = super::split_items("最大12,500回、1,024,000件,3,5").collect();
        assert_eq!(split, ["最大12,500回", "1,024,000件", "3", "5"]);
        let got = items(
            "## 上限
- 小型機は最大16,000件、大型機は最大80,000件まで保存できる
",
        );
        assert!(
            got.iter().all(|(_, item)| !item.starts_with("000")),
            "{got:?}"
        );
    }

    #[test]
    fn bullets_that_state_things_are_no_list() {
        let got = items(
            "## ロードバランサ\n- L4はポート番号で振り分ける\n- L7はURLの中身まで見て振り分ける\n- ヘルスチェック ＝ 振り分け先の死活監視\n",
        );
        assert!(got.is_empty(), "{got:?}");
        let got = items("## 振り分け方式\n- ラウンドロビン\n- 最小コネクション\n- 重み付け\n");
        assert_eq!(got.len(), 3, "{got:?}");
    }

    #[test]
    fn points_under_a_definition_are_no_list_but_its_kinds_are() {
        let got = items(
            "## 仮想化\n- ハイパーバイザとは、仮想マシンを動かす制御ソフトのこと\n  - ホスト型とベアメタル型の2種類がある\n  - ベアメタル型は性能が高い\n",
        );
        assert_eq!(
            got,
            [
                ("ハイパーバイザの種類".to_string(), "ホスト型".to_string()),
                (
                    "ハイパーバイザの種類".to_string(),
                    "ベアメタル型".to_string()
                )
            ]
        );
    }

    #[test]
    fn a_blank_line_after_the_announced_count_ends_the_list() {
        let got = items(
            "■アルゴリズム\n【ソートの分類】\nソートの方式は次の2つ。\n・クイックソート\n・マージソート\n\n■探索\n二分探索は整列済みの配列で使う\n",
        );
        assert_eq!(got.len(), 2, "{got:?}");
    }

    #[test]
    fn an_entry_number_names_no_list() {
        assert!(super::ENTRY_NUMBER.is_match("No.12 ○"));
        assert!(super::ENTRY_NUMBER.is_match("第3問"));
        assert!(!super::ENTRY_NUMBER.is_match("No.1の製品"));
        assert_eq!(super::unbannered("==== 復習 ===="), "復習");
        assert_eq!(super::unbannered("A-B間の通信"), "A-B間の通信");
    }

    #[test]
    fn a_pair_of_names_is_no_list_topic() {
        let got = items("## TCPとUDP\n- 再送制御の有無\n- ヘッダの大きさ\n");
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn a_section_of_sundry_notes_is_no_list() {
        let got = items("## ディスクまわり\n- RAID\n- SSD\n- バックアップ\n");
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn names_set_against_each_other_are_no_list() {
        let got = items("## HDD vs SSD\n- HDD\n- SSD\n");
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn a_question_heading_explains_rather_than_lists() {
        let got =
            items("## 仮想化とは？\n- 1台の物理サーバで複数のOSを動かす\n- 資源の利用率が上がる\n");
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn counted_topics_stop_at_the_count() {
        let objects = |notes: &str| items(notes).into_iter().map(|(_, o)| o).collect::<Vec<_>>();
        // Variants of one kind count once; the topic after the count is no item.
        assert_eq!(
            objects(
                "RAIDの方式(2つある)\nRAID1:ミラーリング型(2台)\n同じデータを2台に書く\nRAID1:三重化型(3台)\n3台に書く\nRAID5(3台以上)\nパリティを分散して書く\nホットスペア\n予備のディスク"
            ),
            ["RAID1", "RAID5"]
        );
        // Fewer kinds than counted: no list.
        assert_eq!(
            objects(
                "RAIDの方式(3つある)\nRAID1\n同じデータを2台に書く\nRAID5\nパリティを分散して書く"
            ),
            Vec::<String>::new()
        );
    }
}
