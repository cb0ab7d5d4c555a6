//! Definitions: how Japanese notes say "X is Y".
//!
//! Rows: `definition | X | is | Y`, with X the whole term (a compound noun
//! phrase) and Y the definition as written, without its copula.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::text::{
    CONTRAST_FRAME_WORDS, bracket_depth, clause_before, clean_phrase, ends_in_noun, find_full_stop,
    find_short, is_loanword_term, is_native_japanese, is_noun_phrase, is_nounish,
    noun_phrase_before, sentences, strip_definition_ending, tokens_in, topic_particle,
};
use super::{FactKind, Input, Rule};
use crate::catalog;
use crate::outline::NodeKind;
use crate::tokens::Token;

/// 「XとはYのこと」「Xとは、Y」: the explicit definition marker とは ("as for what X is").
///
/// ```text
/// 冗長化とは、障害に備えて同じ構成を複数用意しておくこと
/// → definition | 冗長化 | is | 障害に備えて同じ構成を複数用意しておくこと
/// ```
pub static TOWA: Rule = Rule {
    name: "definition/towa",
    kind: FactKind::Definition,
    examples: &[
        (
            "冗長化とは、障害に備えて同じ構成を複数用意しておくこと",
            "definition|冗長化|is|障害に備えて同じ構成を複数用意しておくこと",
        ),
        (
            "正規化とはデータの重複をなくすように表を分割することをいう",
            "definition|正規化|is|データの重複をなくすように表を分割すること",
        ),
    ],
    run: |input, sink| {
        for_each_sentence(input, &["とは"], |index, text, tokens| {
            let Some(at) = tokens.iter().position(|t| {
                (t.surface == "とは" || (t.surface == "と" && tokens_after_is(tokens, t)))
                    // 「Aとは反対に」「Aとは異なり」 sets A against another term.
                    && !sets_apart(&text[t.byte_range.end..])
            }) else {
                return;
            };
            let marker_end = if tokens[at].surface == "とは" {
                at + 1
            } else {
                at + 2
            };
            // 「なお、XとはY」: a leading connective is not part of X.
            let (subject_tokens, rest) = (without_openers(&tokens[..at]), &tokens[marker_end..]);
            // 「Xとは?」 asks; the answer is on the lines below (a heading's).
            let asked = rest
                .iter()
                .all(|t| t.surface.chars().all(|c| !c.is_alphanumeric()));
            if rest.is_empty() || asked || !is_noun_phrase(subject_tokens) {
                return;
            }
            let subject = span(text, subject_tokens);
            let object = strip_definition_ending(span_to_end(text, rest));
            sink.push(
                input,
                index,
                FactKind::Definition,
                &term_name(subject),
                "is",
                object,
                TOWA.name,
                0,
            );
        });
    },
};

/// A question line 「(Q.) Xとは?」「Xって何?」 answered on the line below
/// (「A.」「→」 or plain): the answer's first sentence defines X.
///
/// ```text
/// Q. VLANって何？
/// A. 配線によらず論理的にネットワークを分ける技術
/// → definition | VLAN | is | 配線によらず論理的にネットワークを分ける技術
/// ```
pub static QUESTION: Rule = Rule {
    name: "definition/question",
    kind: FactKind::Definition,
    examples: &[
        (
            "Q. VLANって何？\nA. 配線によらず論理的にネットワークを分ける技術",
            "definition|VLAN|is|配線によらず論理的にネットワークを分ける技術",
        ),
        (
            "Q3 シンクライアントとは何か？\n→処理をサーバ側で行い、端末には最小限の機能だけを持たせる方式。",
            "definition|シンクライアント|is|処理をサーバ側で行い、端末には最小限の機能だけを持たせる方式",
        ),
    ],
    run: |input, sink| {
        let nodes = &input.outline.nodes;
        for (index, node) in nodes.iter().enumerate() {
            if !matches!(node.kind, NodeKind::Text | NodeKind::Topic) || !node.text.ends_with('?') {
                continue;
            }
            let Some(caps) = ASKED.captures(&node.text) else {
                continue;
            };
            let term = caps.name("x").expect("group x");
            let tokens = &input.node_tokens(index).tokens;
            if !is_noun_phrase(&tokens[tokens_in(tokens, &term.range())]) {
                continue;
            }
            // The answer: the next line, of the same parent or under the question.
            let Some(next) = nodes.get(index + 1) else {
                continue;
            };
            // (A noun-phrase answer may read as a topic line.)
            if !matches!(next.kind, NodeKind::Text | NodeKind::Topic) || next.line != node.line + 1
            {
                continue;
            }
            let answer = ANSWER_MARK
                .find(&next.text)
                .map_or(next.text.as_str(), |m| &next.text[m.end()..])
                .trim();
            let object = strip_definition_ending(first_sentence(answer));
            if object.is_empty() || object.ends_with('?') {
                continue;
            }
            sink.push(
                input,
                index,
                FactKind::Definition,
                &term_name(term.as_str()),
                "is",
                object,
                QUESTION.name,
                0,
            );
        }
    },
};

/// 「(Q1.) Xとは(何)(ですか/か)?」「Xって(何)?」: the term asked about.
static ASKED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:Q\d*[.:)]?\s*)?(?P<x>[^?]+?)(?:とは|って)(?:何|なに)?(?:ですか|でしょうか|か)?\?$",
    )
    .expect("valid pattern")
});

/// What opens an answer line: 「A.」「A1:」「答え:」「→」.
static ANSWER_MARK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:A\d*[.:)]|答え?:|→)\s*").expect("valid pattern"));

/// Whether what follows 「Aと(は)」 sets A apart from another term rather than
/// define it: 反対に/異なり/違い/逆に, or 別 "other than" and 異なる/違う
/// "differs from" (「プライマリとは別のAZ」).
fn sets_apart(after: &str) -> bool {
    let after = after.trim_start_matches('は');
    CONTRAST_FRAME_WORDS.iter().any(|w| after.starts_with(w))
        || ["別", "異なる", "違う"]
            .iter()
            .any(|w| after.starts_with(w))
}

/// 「XはYのこと」: a topic marked by は and a predicate ending in のこと ("the thing that …");
/// and the cleft 「YのがXです」 ("what Ys is X").
///
/// ```text
/// 可用性はシステムが継続して稼働できる能力のこと
/// → definition | 可用性 | is | システムが継続して稼働できる能力
/// ```
pub static NO_KOTO: Rule = Rule {
    name: "definition/no-koto",
    kind: FactKind::Definition,
    examples: &[
        (
            "可用性はシステムが継続して稼働できる能力のこと",
            "definition|可用性|is|システムが継続して稼働できる能力",
        ),
        (
            "主キーは、表の行を一意に識別する列のことです。",
            "definition|主キー|is|表の行を一意に識別する列",
        ),
        (
            "表は行と列からなるが、行を一意に識別するのが主キーです。",
            "definition|主キー|is|行を一意に識別する",
        ),
    ],
    run: |input, sink| {
        for_each_sentence(input, &["のこと"], |index, text, tokens| {
            let sentence = span_to_end(text, tokens).trim_end_matches(['。', ' ']);
            if !sentence.contains("のこと") {
                return;
            }
            if let Some((subject, object)) = topic_and_predicate(text, tokens) {
                sink.push(
                    input,
                    index,
                    FactKind::Definition,
                    &term_name(subject),
                    "is",
                    strip_definition_ending(object),
                    NO_KOTO.name,
                    0,
                );
            }
        });
        // 「YのがXです」: the cleft, "what Ys is X".
        for_each_sentence(input, &["のが"], |index, text, tokens| {
            let sentence = span_to_end(text, tokens);
            if let Some((term, clause)) = cleft(sentence) {
                let start = offset_in(text, term);
                let term_tokens = &tokens[tokens_in(tokens, &(start..start + term.len()))];
                // (One word, 「正解」「ベスト」, more often judges than names.)
                if term_tokens.len() >= 2 && is_noun_phrase(term_tokens) {
                    sink.push(
                        input,
                        index,
                        FactKind::Definition,
                        &term_name(term),
                        "is",
                        clause,
                        NO_KOTO.name,
                        0,
                    );
                }
            }
        });
    },
};

/// Copulas that close a cleft sentence (「…のがXです」).
const CLEFT_COPULAS: &[&str] = &["です", "である", "だ"];

/// The longest term a cleft names.
const CLEFT_TERM_CHARS: usize = 25;

/// 「(…、)YのがXです」: X and the clause Y (from its last comma), when Y
/// ends in a verb or adjective in kana before the nominalizer の.
fn cleft(sentence: &str) -> Option<(&str, &str)> {
    let body = sentence.trim_end_matches(['。', ' ']);
    let body = CLEFT_COPULAS.iter().find_map(|c| body.strip_suffix(c))?;
    let at = body.rfind("のが")?;
    let (clause, term) = (&body[..at], body[at + "のが".len()..].trim());
    let clause = clause.rsplit('、').next().unwrap_or(clause).trim();
    let verb_end = clause.chars().last().is_some_and(|c| {
        matches!(
            c,
            'る' | 'う' | 'く' | 'す' | 'つ' | 'ぬ' | 'む' | 'ぶ' | 'ぐ' | 'い' | 'た'
        )
    });
    (verb_end
        && clause.chars().count() >= 4
        && !term.is_empty()
        && term.chars().count() <= CLEFT_TERM_CHARS
        && !term.contains(['、', '。', 'の']))
    .then_some((term, clause))
}

/// 「XはY」 where Y is a noun phrase (体言止め, the copula left out, or
/// 「である」「です」「を指します」 after it): 「XはYするサービス」「XはYする機能」.
///
/// ```text
/// Amazon SNSは、メッセージをプッシュ配信するサービス
/// → definition | Amazon SNS | is | メッセージをプッシュ配信するサービス
/// ```
pub static WA_NOUN_PHRASE: Rule = Rule {
    name: "definition/wa-noun-phrase",
    kind: FactKind::Definition,
    examples: &[
        (
            "Amazon SNSは、メッセージをプッシュ配信するサービス",
            "definition|Amazon SNS|is|メッセージをプッシュ配信するサービス",
        ),
        (
            "ルーターは異なるネットワーク同士を中継する機器である。",
            "definition|ルーター|is|異なるネットワーク同士を中継する機器",
        ),
        (
            "TCP、UDPはトランスポート層で動作するプロトコル",
            "definition|TCP|is|トランスポート層で動作するプロトコル",
        ),
        (
            "ゲートウェイは、異なるプロトコルの網をつなぐ機器を指します。",
            "definition|ゲートウェイ|is|異なるプロトコルの網をつなぐ機器",
        ),
    ],
    run: |input, sink| {
        // (a sentence holds 「のこと」 only on a line that does)
        let no_koto = super::text::Needles::new(&["のこと"]);
        for_each_sentence(input, &["は"], |index, text, tokens| {
            if no_koto.any_in_node(input, index) && span_to_end(text, tokens).contains("のこと")
            {
                return; // NO_KOTO's
            }
            let Some((subject, object)) = topic_and_predicate(text, tokens) else {
                return;
            };
            let object = without_list_lead(first_predicate(strip_pointing_ending(object)));
            let start = offset_in(text, object);
            let object_tokens = &tokens[tokens_in(tokens, &(start..start + object.len()))];
            // 「…作成可能」「…が必要」 end in an adjectival noun: a property,
            // not the class the term belongs to.
            let adjectival = object_tokens
                .iter()
                .rev()
                .find(|t| !t.pos().starts_with("記号"))
                .is_some_and(|t| t.pos().starts_with("名詞,形容動詞語幹"));
            // 「Xは次の4種類」 announces X's list rather than say what X is;
            // 「XはYなので非推奨」 gives a reason, then a verdict.
            // 「…使えない(…の場合)」: a bracketed aside at the end does not
            // make the predicate a noun phrase.
            let bare = without_trailing_aside(object);
            let bare_tokens =
                &object_tokens[..tokens_in(object_tokens, &(start..start + bare.len())).end];
            if object_tokens.len() < 2
                || !ends_in_noun(bare_tokens)
                || adjectival
                || object.contains("ので")
                || super::enumeration::announces_list(object)
                || is_condition(subject)
                || states_no_identity(object)
            {
                return;
            }
            sink.push(
                input,
                index,
                FactKind::Definition,
                &term_name(subject),
                "is",
                object,
                WA_NOUN_PHRASE.name,
                0,
            );
        });
    },
};

/// The marks a banner line is drawn with.
const BANNER_MARKS: &[char] = &['=', '-', '*', '~', '#', '─', '━', '＝'];

/// Whether a line is a banner: words between two or more marks on each side
/// (「==== 復習(苦手なもの) ====」).
fn is_banner(text: &str) -> bool {
    let text = text.trim();
    let lead = text
        .chars()
        .take_while(|c| BANNER_MARKS.contains(c))
        .count();
    let tail = text
        .chars()
        .rev()
        .take_while(|c| BANNER_MARKS.contains(c))
        .count();
    lead >= 2 && tail >= 2 && text.chars().count() > lead + tail
}

/// The nouns that end a time or a condition: 「障害時」「更新する場合」
/// 「容量が足りないとき」「起動の際」.
const CONDITION_ENDS: &[&str] = &["場合", "とき", "時", "際"];

/// Whether `text` names a time or a condition (「障害時」「…の場合」) rather
/// than a thing: such a topic says when something holds, never what a term
/// is. (A bare 「時」 counts only after a word of two or more characters:
/// 「同時」「日時」 are words.)
fn is_condition(text: &str) -> bool {
    let text = text.trim_end_matches(['、', ',', ' ']);
    let text = text
        .strip_suffix('に')
        .unwrap_or(text)
        .strip_suffix('は')
        .unwrap_or(text);
    CONDITION_ENDS.iter().any(|end| {
        text.strip_suffix(end)
            .is_some_and(|rest| *end != "時" || rest.chars().count() >= 2)
    })
}

/// `text` without the bracket group that ends it (「読み取り不可(通常の場合)」
/// → 「読み取り不可」); unchanged when it does not end in one or is all bracket.
fn without_trailing_aside(text: &str) -> &str {
    let trimmed = text.trim_end();
    for (open, close) in [('(', ')'), ('（', '）')] {
        if trimmed.ends_with(close)
            && let Some(at) = trimmed.rfind(open)
            && at > 0
        {
            return trimmed[..at].trim_end();
        }
    }
    text
}

/// The words before a number that still make it a measure: 「最大10GB」「約5分」.
const MEASURE_LEADS: &[&str] = &[
    "最大",
    "最小",
    "最高",
    "最低",
    "最長",
    "最短",
    "上限",
    "下限",
    "約",
    "およそ",
];

/// The endings of an abbreviation sentence (「XはYの略」): the abbreviation
/// rule reads it.
const ABBREVIATION_ENDS: &[&str] = &["の略", "の略称", "の略語", "の頭字語"];

/// Whether a predicate 「Y」 of 「XはY」 says something other than what X is:
/// a number or a measure (「最大100件」, a property), an abbreviation's
/// expansion (「…の略」), or a second topic after a comma (「XはA、ZはB」
/// contrasts two things rather than define one).
fn states_no_identity(object: &str) -> bool {
    let bare = without_trailing_aside(object).trim_end_matches(['。', '.']);
    let mut rest = object.trim_start();
    for lead in MEASURE_LEADS {
        if let Some(r) = rest.strip_prefix(lead) {
            rest = r.trim_start_matches([' ', ':']);
            break;
        }
    }
    let numeric = rest.starts_with(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c));
    let abbreviation = ABBREVIATION_ENDS.iter().any(|e| bare.ends_with(e));
    let contrast = object.split('、').skip(1).any(|part| {
        part.find('は').is_some_and(|at| {
            // (「とは」「では」「には」 are no topic of their own)
            at > 0
                && !part[..at].contains(['。', 'を', 'が', 'に'])
                && !part[..at].ends_with(['と', 'で'])
        })
    });
    numeric || abbreviation || contrast
}

/// The verbs of naming after a quoted term: という/と言う/といい "is called",
/// と呼ぶ/と呼び/と呼ばれ/と呼んで "call(ed)", とする "take as".
const NAMING_AFTER_QUOTE: &[&str] = &[
    "という",
    "と言う",
    "といい",
    "と呼ぶ",
    "と呼び",
    "と呼ばれ",
    "と呼んで",
    "とする",
];

/// 「Yを「X」という」「Yを『X』と呼ぶ」: naming, the term after the description;
/// the description Y and the term X. What the pattern
/// `^(?P<y>.+)を[「『](?P<x>[^「『」』]+)[」』](?:\([^)]*\))?(?:という|…|とする)`
/// captures, found by a scan: Y takes the most it can, so the last 「を「」
/// or 「を『」 after which the rest reads is the one.
fn naming(sentence: &str) -> Option<(&str, &str)> {
    const OPEN_QUOTES: [[u8; 3]; 2] = [[0xE3, 0x80, 0x8C], [0xE3, 0x80, 0x8E]];
    let bytes = sentence.as_bytes();
    // (Y, `.+`, is one character or more and holds no line break.)
    let y_end = memchr::memchr(b'\n', bytes).unwrap_or(bytes.len());
    // 「を」 is E3 82 92: each place of its last byte, right to left.
    memchr::memrchr_iter(0x92, bytes)
        .filter(|&last| last >= 2 && bytes[last - 2..last] == [0xE3, 0x82])
        .map(|last| last - 2)
        .filter(|&at| at > 0 && at <= y_end)
        .filter(|&at| {
            bytes
                .get(at + 3..at + 6)
                .is_some_and(|q| OPEN_QUOTES.iter().any(|o| q == o))
        })
        .find_map(|at| {
            let quoted = &sentence[at + 6..];
            // X runs to the first quote mark, which closes it.
            let close = quoted.find(['「', '『', '」', '』'])?;
            if close == 0 || quoted[close..].starts_with(['「', '『']) {
                return None;
            }
            let mut after = &quoted[close + '」'.len_utf8()..];
            // (a bracket after the term, 「X」(…))
            if after.starts_with('(') {
                after = &after[after.find(')')? + 1..];
            }
            NAMING_AFTER_QUOTE
                .iter()
                .any(|v| after.starts_with(v))
                .then(|| (&sentence[..at], &quoted[..close]))
        })
}

/// 「Yを「X」という」: a description named by という ("is called") or と呼ぶ ("call it").
///
/// ```text
/// 処理を複数のサーバーに振り分けることを「負荷分散」という
/// → definition | 負荷分散 | is | 処理を複数のサーバーに振り分けること
/// ```
pub static WO_TO_IU: Rule = Rule {
    name: "definition/wo-to-iu",
    kind: FactKind::Definition,
    examples: &[
        (
            "処理を複数のサーバーに振り分けることを「負荷分散」という",
            "definition|負荷分散|is|処理を複数のサーバーに振り分けること",
        ),
        (
            "一定時間ごとに状態を確認する仕組みを『死活監視』と呼ぶ。",
            "definition|死活監視|is|一定時間ごとに状態を確認する仕組み",
        ),
        (
            "なお、HTTPでは要求を送る側を「クライアント」、要求に応える側を「サーバー」と呼ぶ",
            "definition|クライアント|is|要求を送る側",
        ),
    ],
    run: |input, sink| {
        for_each_sentence(input, &["を「", "を『"], |index, text, tokens| {
            let sentence = span_to_end(text, tokens);
            let Some((y, x)) = naming(sentence) else {
                return;
            };
            // 「Aを「X」、Bを「Y」と呼ぶ」 names two things: each pair stands
            // before a 「」、.
            let mut pairs: Vec<(&str, &str)> = Vec::new();
            let mut rest = y;
            while let Some(close) = rest.find("」、") {
                let (head, tail) = (&rest[..close], &rest[close + "」、".len()..]);
                let Some(open) = head.rfind("を「") else {
                    break;
                };
                pairs.push((&head[..open], &head[open + "を「".len()..]));
                rest = tail;
            }
            pairs.push((rest, x));
            for (described, term) in pairs {
                // A frame set before the description (「Kinesisでは…」) is not part of it.
                let described = described.trim_start_matches(LEAD_INS);
                let described = match described.split_once("では") {
                    Some((frame, after)) if !frame.contains('を') && !after.is_empty() => after,
                    _ => described,
                };
                sink.push(
                    input,
                    index,
                    FactKind::Definition,
                    &term_name(term),
                    "is",
                    described.trim_start_matches(LEAD_INS).trim(),
                    WO_TO_IU.name,
                    0,
                );
            }
        });
    },
};

/// Connectives that open a sentence but are not part of what it describes:
/// なお "by the way", また "also", このように "in this way", ここでいう "here".
const LEAD_INS: &[char] = &[' ', '、'];

/// 「※X」 followed by its explanation: a footnote defines its term.
///
/// ```text
/// ※スループット
/// 単位時間あたりに処理できるデータ量
/// → definition | スループット | is | 単位時間あたりに処理できるデータ量
/// ```
pub static FOOTNOTE: Rule = Rule {
    name: "definition/footnote",
    kind: FactKind::Definition,
    examples: &[
        (
            "※スループット\n単位時間あたりに処理できるデータ量",
            "definition|スループット|is|単位時間あたりに処理できるデータ量",
        ),
        (
            "※「シャーディング」\nデータを複数のノードに分けて保存すること",
            "definition|シャーディング|is|データを複数のノードに分けて保存すること",
        ),
        (
            "※スラッシング…ページの入れ替えが頻発して処理が進まなくなる状態",
            "definition|スラッシング|is|ページの入れ替えが頻発して処理が進まなくなる状態",
        ),
    ],
    run: |input, sink| {
        for (index, node) in input.outline.nodes.iter().enumerate() {
            if node.kind != NodeKind::Footnote {
                continue;
            }
            // 「※X…Y」: the term, an ellipsis (folded to 「...」), its explanation.
            if let Some((head, explanation)) = node.text.split_once("...") {
                let tokens = &input.node_tokens(index).tokens;
                let head_tokens = &tokens[tokens_in(tokens, &(0..head.len()))];
                let explanation = explanation.trim_start_matches('.').trim();
                if !head.trim().is_empty() && !explanation.is_empty() && is_noun_phrase(head_tokens)
                {
                    sink.push(
                        input,
                        index,
                        FactKind::Definition,
                        &heading_term(head),
                        "is",
                        strip_definition_ending(first_sentence(explanation)),
                        FOOTNOTE.name,
                        0,
                    );
                }
                continue;
            }
            let term = heading_term(&node.text);
            if let Some(child) = input
                .outline
                .children(index)
                .find(|&c| input.kind(c) == NodeKind::Text)
                && is_noun_phrase(&input.node_tokens(index).tokens)
            {
                let object = first_sentence(&input.outline.nodes[child].text);
                sink.push(
                    input,
                    index,
                    FactKind::Definition,
                    &term,
                    "is",
                    strip_definition_ending(object),
                    FOOTNOTE.name,
                    0,
                );
            }
        }
    },
};

/// A topic, heading or bullet that is one term, explained by the line under it.
///
/// ```text
/// ・ステートレス
/// 通信の状態を保持せず、戻りの通信も明示的に許可する必要がある
/// → definition | ステートレス | is | 通信の状態を保持せず、戻りの通信も明示的に許可する必要がある
/// ```
pub static HEADING_EXPLANATION: Rule = Rule {
    name: "definition/heading-explanation",
    kind: FactKind::Definition,
    examples: &[
        (
            "・ステートレス\n通信の状態を保持せず、戻りの通信も明示的に許可する必要がある",
            "definition|ステートレス|is|通信の状態を保持せず、戻りの通信も明示的に許可する必要がある",
        ),
        (
            "ジョブスケジューラ\n決められた時刻にバッチ処理を起動する仕組み",
            "definition|ジョブスケジューラ|is|決められた時刻にバッチ処理を起動する仕組み",
        ),
        (
            "## ホットスタンバイとは？\n本番系とは別の待機系を常に起動しておく方式のこと。",
            "definition|ホットスタンバイ|is|本番系とは別の待機系を常に起動しておく方式",
        ),
        (
            "**NTP**\n時刻同期の仕組み。階層は以下の通り。\n1. stratum 0\n2. stratum 1",
            "definition|NTP|is|時刻同期の仕組み",
        ),
        (
            "ページング\n  仮想記憶の管理方式\n  固定長のページ単位で入れ替える",
            "definition|ページング|is|仮想記憶の管理方式。固定長のページ単位で入れ替える",
        ),
    ],
    run: |input, sink| {
        let compared = super::comparison::compared_entities(input);
        for (index, node) in input.outline.nodes.iter().enumerate() {
            if !matches!(
                node.kind,
                NodeKind::Topic | NodeKind::Heading | NodeKind::Bullet | NodeKind::Numbered
            ) {
                continue;
            }
            // Entities of a comparison and their attribute lines are the table's.
            if compared.contains(&index) || node.parent.is_some_and(|p| compared.contains(&p)) {
                continue;
            }
            // The explanation: the prose lines under the heading, less a line
            // that only repeats the heading's name.
            let children = || input.outline.children(index);
            let first_child = children().next();
            // In Markdown, one nested item under an item explains it.
            let nested_explanation = node.kind == NodeKind::Bullet
                && first_child.is_some_and(|c| {
                    children().nth(1).is_none()
                        && input.kind(c) == NodeKind::Bullet
                        && input.outline.children(c).next().is_none()
                });
            let explains = |c: usize| input.kind(c) == NodeKind::Text || nested_explanation;
            // (Nothing under the heading explains it: whatever it names.)
            if !first_child.is_some_and(explains) {
                continue;
            }
            let Some(term) = heading_defines(input, index) else {
                continue;
            };
            // (The term's key, made once it is needed.)
            let term_key = std::cell::OnceCell::new();
            let term_key = || term_key.get_or_init(|| catalog::key(&term)).as_str();
            let explanation: Vec<usize> = children()
                .take_while(|&c| explains(c))
                // (Keys compared only for lines short enough to be the name.)
                .filter(|&c| {
                    let text = &input.outline.nodes[c].text;
                    text.len() > term.len() * 2 + 8 || catalog::key(text) != term_key()
                })
                .take(EXPLANATION_LINES)
                .collect();
            let Some(&first) = explanation.first() else {
                continue;
            };
            let first_text = &input.outline.nodes[first].text;
            let first_tokens = &input.node_tokens(first).tokens;
            // A line that states 「XはY」 of another X, or that is a bare noun
            // phrase (a value, a sub-heading), does not define the heading; one
            // that states it of the heading's own term does.
            let first_sentence = input
                .sentences(first)
                .first()
                .cloned()
                .unwrap_or(0..first_text.len());
            let sentence_tokens = &first_tokens[tokens_in(first_tokens, &first_sentence)];
            let own_subject = match topic_and_predicate(first_text, sentence_tokens) {
                Some((subject, _)) => {
                    let child_subject = term_name(subject);
                    let (a, b) = (catalog::key(&child_subject), term_key());
                    if !(a == b || (child_subject.is_ascii() && b.contains(&a))) {
                        continue;
                    }
                    true
                }
                None => false,
            };
            // A heading that asks 「Xとは(?)」 is answered by a noun phrase too.
            let asks = node.text.ends_with("とは") || node.text.ends_with("とは?");
            // So is a topic line by the line indented under it (plain text).
            let indented_under = node.kind == NodeKind::Topic
                && !node.indented
                && input.outline.nodes[first].indented;
            // A line that labels another term (「Y＝…」「Y:…」) defines that one.
            let labels_another = label_mark(first_text).is_some_and(|(at, _)| {
                let label = term_name(&first_text[..at]);
                label.chars().count() <= 25
                    && catalog::key(&label) != term_key()
                    && is_noun_phrase(&first_tokens[tokens_in(first_tokens, &(0..at))])
            });
            // (A list announced after the first sentence leaves it a definition.)
            let first_sentence_announces = || {
                if first_sentence == (0..first_text.len()) {
                    // (a line of one sentence, asked once for the document)
                    input.announces_list(first)
                } else {
                    super::enumeration::announces_list(&first_text[first_sentence.clone()])
                }
            };
            if defines_with_towa(first_text)
                || labels_another
                || first_sentence_announces()
                || (!own_subject && mentions_term(&first_text[first_sentence.clone()], &term))
                || (is_noun_phrase(first_tokens) && !asks && !indented_under)
            {
                continue;
            }
            let mut object = String::new();
            for (n, &line) in explanation.iter().enumerate() {
                // Later lines join while they go on about the heading, not when
                // they state something of another topic or announce a list.
                if n > 0 {
                    let text = &input.outline.nodes[line].text;
                    let tokens = &input.node_tokens(line).tokens;
                    // Nor an aside (「例:…」「補足:…」).
                    let aside = text
                        .split_once(':')
                        .is_some_and(|(label, _)| ASIDE_LABELS.contains(&label.trim()));
                    if input.announces_list(line)
                        || topic_and_predicate(text, tokens).is_some()
                        || aside
                    {
                        break;
                    }
                }
                let mut text = strip_definition_ending(&input.outline.nodes[line].text);
                // The first line up to a sentence announcing a list.
                if line == first && super::enumeration::announces_list(text) {
                    text = strip_definition_ending(&first_text[first_sentence.clone()]);
                }
                // 「XはY」 about the heading's own term: Y is the definition.
                if own_subject && line == first {
                    let tokens = &input.node_tokens(line).tokens;
                    if let Some((_, predicate)) =
                        topic_and_predicate(text, &tokens[tokens_in(tokens, &(0..text.len()))])
                    {
                        text = strip_definition_ending(predicate.trim_start_matches(['、', ' ']));
                    }
                }
                if !object.is_empty() {
                    if object.chars().count() + text.chars().count() > EXPLANATION_CHARS {
                        break;
                    }
                    object.push('。');
                }
                object.push_str(text);
            }
            sink.push(
                input,
                index,
                FactKind::Definition,
                &term,
                "is",
                &object,
                HEADING_EXPLANATION.name,
                0,
            );
        }
    },
};

/// A definition's copula stripped ([`strip_definition_ending`]), and also
/// the polite 「…を指します」 "refers to" (the plain 「…を指す」 is one of its
/// endings).
fn strip_pointing_ending(text: &str) -> &str {
    let trimmed = text.trim_end_matches(['。', ' ']);
    match trimmed.strip_suffix("を指します") {
        Some(object) if !object.ends_with("のこと") => object.trim_end(),
        _ => strip_definition_ending(text),
    }
}

/// The term a line defines with 「XとはY」, when it opens with one.
pub(super) fn defined_term(text: &str) -> Option<&str> {
    let (term, rest) = text.split_once("とは")?;
    (!term.trim().is_empty() && !sets_apart(rest) && !term.contains(['、', '。']))
        .then(|| term.trim())
}

/// Whether a line states a definition (「XとはY」) rather than name a topic.
pub(super) fn states_a_definition(text: &str) -> bool {
    defined_term(text).is_some_and(|_| {
        let rest = text.split_once("とは").map_or("", |(_, r)| r);
        rest.trim_start_matches(['、', ' ', '?']).chars().count() > 0
    })
}

/// Whether a line holds a 「XとはY」 definition of its own (not 「Aとは別の」).
fn defines_with_towa(text: &str) -> bool {
    text.match_indices("とは")
        .any(|(at, w)| !sets_apart(&text[at + w.len()..]))
}

/// Whether a sentence names a term: as a word of its own for Latin names
/// (「C」 is not named by 「CPU」), as a substring otherwise.
fn mentions_term(sentence: &str, term: &str) -> bool {
    if !term.is_ascii() {
        return find_short(sentence, term).is_some();
    }
    // (bytes: a character other than ASCII neither starts nor ends with an
    // ASCII letter or digit)
    let bytes = sentence.as_bytes();
    let word_at = |at: usize| {
        !bytes[..at].last().is_some_and(u8::is_ascii_alphanumeric)
            && !bytes
                .get(at + term.len())
                .is_some_and(u8::is_ascii_alphanumeric)
    };
    // Each place it stands, left to right, as `match_indices` finds them
    // (an empty term stands at every character boundary).
    if term.is_empty() {
        return (0..=sentence.len())
            .filter(|&at| sentence.is_char_boundary(at))
            .any(word_at);
    }
    let mut from = 0;
    while let Some(at) = find_short(&sentence[from..], term) {
        if word_at(from + at) {
            return true;
        }
        from += at + term.len();
    }
    false
}

/// How many explanation lines a heading's definition takes at most.
const EXPLANATION_LINES: usize = 3;
/// How long a heading's definition grows at most, in characters.
const EXPLANATION_CHARS: usize = 160;

/// The term a heading line names, if it names one: a quoted 「X」 in it, or
/// the whole line when it is one noun phrase without spaces between words.
fn heading_defines(input: &Input, index: usize) -> Option<String> {
    let node = &input.outline.nodes[index];
    // A labelled line (「X:Y」「X＝Y」) defines its own label.
    if node.text.contains('=') && label_mark(&node.text).is_some_and(|(_, m)| m == '=') {
        return None;
    }
    // A gloss in brackets (「ISMS(Information Security Management System)」)
    // does not make the heading long.
    let bare = node.text.split('(').next().unwrap_or(&node.text);
    if bare.chars().count() > 40 {
        return None;
    }
    // A quoted term names the heading when the heading ends with it
    // (「Auto Scalingの「終了ポリシー」」), not when it qualifies something else.
    if holds_quote(&node.text)
        && let Some(caps) = QUOTED_TERM.captures(&node.text)
    {
        let end = caps.get(0).expect("group 0").end();
        let tail = node.text[end..].trim();
        if tail.is_empty() || HEADING_FRAMES.contains(&tail) {
            return Some(term_name(&caps[1]));
        }
        return None;
    }
    let tokens = &input.node_tokens(index).tokens;
    let core = heading_core_tokens(&node.text, tokens);
    // (each space found by a byte search)
    let spaced_words = || {
        memchr::memchr_iter(b' ', node.text.as_bytes()).any(|i| {
            node.text[..i].chars().last().is_some_and(|p| !p.is_ascii())
                || node.text[i + 1..]
                    .chars()
                    .next()
                    .is_some_and(|n| !n.is_ascii())
        })
    };
    (is_noun_phrase(core) && !spaced_words()).then(|| heading_term(&node.text))
}

/// A term quoted in a heading: 「…の「動的スケーリング」」.
static QUOTED_TERM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[「『]([^「」『』]+)[」』]").expect("valid pattern"));

/// Words that introduce an aside rather than name a term, before a colon:
/// 例 "example", 注 "note", 参考 "reference", 補足 "supplement", ポイント "point",
/// キーワード "keyword", まとめ "summary", 答え/回答 "answer", 理由 "reason",
/// 代表/代表例/具体例 "typical example".
const ASIDE_LABELS: &[&str] = &[
    "例",
    "注",
    "注意",
    "参考",
    "補足",
    "ポイント",
    "メモ",
    "例えば",
    "キーワード",
    "まとめ",
    "結論",
    "答え",
    "回答",
    "理由",
    "解説",
    "代表",
    "代表例",
    "具体例",
];

/// 「X:Y」 (or 「X＝Y」, 「X…Y」, 「X → Y」 with Y a noun phrase) on one line: a
/// label and its explanation.
///
/// ```text
/// RPO:障害発生時にどの時点までデータを復旧できるかの目標
/// → definition | RPO | is | 障害発生時にどの時点までデータを復旧できるかの目標
/// ```
pub static LABEL_VALUE: Rule = Rule {
    name: "definition/label-value",
    kind: FactKind::Definition,
    examples: &[
        (
            "RPO:障害発生時にどの時点までデータを復旧できるかの目標",
            "definition|RPO|is|障害発生時にどの時点までデータを復旧できるかの目標",
        ),
        (
            "・スループット：単位時間あたりの処理量",
            "definition|スループット|is|単位時間あたりの処理量",
        ),
        (
            "・MTBF(Mean Time Between Failures): 平均故障間隔",
            "definition|MTBF|is|平均故障間隔",
        ),
        (
            "・ジッタ…パケットの到着間隔のゆらぎ",
            "definition|ジッタ|is|パケットの到着間隔のゆらぎ",
        ),
        (
            "・ハイパーバイザ → 仮想マシンを動かすための制御ソフト",
            "definition|ハイパーバイザ|is|仮想マシンを動かすための制御ソフト",
        ),
        (
            "- RTO ＝ 障害から業務を再開するまでの目標時間",
            "definition|RTO|is|障害から業務を再開するまでの目標時間",
        ),
    ],
    run: |input, sink| {
        let layout = &LabelLayout::new(input);
        for (index, node) in input.outline.nodes.iter().enumerate() {
            if node.kind == NodeKind::TableRow {
                continue;
            }
            let Some((colon, mark)) = label_mark(&node.text) else {
                continue;
            };
            let (label, mut value) = (
                &node.text[..colon],
                node.text[colon + mark_len(mark)..]
                    .trim_start_matches('.')
                    .trim(),
            );
            if mark == '→' {
                // 「X → Y」 glosses X only when Y names what X is (ends in a
                // noun, 体言止め); else the arrow leads to a consequence.
                let first = first_sentence(value);
                let start = node.text.len() - value.len();
                let tokens = &input.node_tokens(index).tokens;
                let value_tokens = &tokens[tokens_in(tokens, &(start..start + first.len()))];
                if !ends_in_noun(value_tokens)
                    || first.chars().last().is_none_or(|c| c.is_ascii())
                    || label.trim().chars().count() < 2
                {
                    continue;
                }
                value = first;
            }
            if mark == '=' {
                // 「X = Y → …」: what the arrow leads to is a consequence, not Y.
                value = value.split('→').next().unwrap_or(value).trim();
                // 「r=4」「?lang=jp」: an assignment, not a gloss.
                if label.trim().chars().count() < 2
                    || label.contains(['「', '?', '/'])
                    || !value.chars().any(|c| !c.is_ascii() && c.is_alphabetic())
                {
                    continue;
                }
            }
            // In a heading, 「ボリュームゲートウェイ:キャッシュ型」 is one name.
            let name_like = value
                .chars()
                .all(|c| !('\u{3041}'..='\u{309F}').contains(&c) || c == 'の');
            if matches!(node.kind, NodeKind::Topic | NodeKind::Heading) && name_like && mark == ':'
            {
                continue;
            }
            // A label of a repeated layout (「目的:」「特徴:」 under each item)
            // names an attribute, never a term: the first such line right
            // under an item's name says what the item is.
            if input.outline.labels.contains(label.trim())
                || (mark == ':'
                    && (beside_attribute_labels(input, index, layout)
                        || repeats_across_blocks(input, index, colon, layout)))
            {
                if let Some(term) = entry_named_above(input, index, layout)
                    && !value.ends_with('?')
                {
                    sink.push(
                        input,
                        index,
                        FactKind::Definition,
                        &term,
                        "is",
                        strip_definition_ending(value),
                        LABEL_VALUE.name,
                        0,
                    );
                }
                continue;
            }
            // A gloss in brackets (「RPO(Recovery Point Objective)」) does not
            // make the label long.
            let bare = label.split('(').next().unwrap_or(label);
            // 「メリット:…」「特徴:…」 give a property of the section's topic,
            // not a definition of the word メリット.
            if value.is_empty()
                || value.starts_with('/')
                || bare.chars().count() > 25
                || ASIDE_LABELS.contains(&label.trim())
                || super::enumeration::GENERIC_LIST_NOUNS.contains(&label.trim())
            {
                continue;
            }
            let tokens = &input.node_tokens(index).tokens;
            let label_tokens = &tokens[tokens_in(tokens, &(0..colon))];
            if is_noun_phrase(label_tokens) && bracket_depth(label) == 0 {
                sink.push(
                    input,
                    index,
                    FactKind::Definition,
                    &term_name(label),
                    "is",
                    strip_definition_ending(value),
                    LABEL_VALUE.name,
                    0,
                );
            }
        }
    },
};

/// Whether line `index` sits among lines labelled with attribute labels
/// ([`crate::outline::Outline::labels`]) of its own kind (prose among
/// prose, a bullet among bullets) under the same name: its label is
/// one more attribute of that entry (「料金:」 beside 「目的:」「特徴:」).
fn beside_attribute_labels(input: &Input, index: usize, layout: &LabelLayout) -> bool {
    let node = &input.outline.nodes[index];
    node.parent.is_some_and(|p| {
        layout
            .attributes
            .get(&(p, std::mem::discriminant(&node.kind)))
            .is_some_and(|lines| lines.iter().any(|&l| l != index))
    })
}

/// What [`LABEL_VALUE`] asks of the whole layout, gathered once: the lines
/// labelled with attribute labels by (parent, kind), the labelled lines in
/// blocks by label and their blocks, and the lines whose names are told
/// apart only by their numbers.
struct LabelLayout<'t> {
    attributes: rustc_hash::FxHashMap<(usize, std::mem::Discriminant<NodeKind>), Vec<usize>>,
    blocks: rustc_hash::FxHashMap<&'t str, Vec<usize>>,
    /// For each line in a block, its block's number (0 for other lines).
    runs: Vec<usize>,
    serial: rustc_hash::FxHashSet<usize>,
}

impl<'t> LabelLayout<'t> {
    fn new(input: &'t Input) -> Self {
        let nodes = &input.outline.nodes;
        let labelled = |i: usize| {
            nodes
                .get(i)
                .is_some_and(|n| label_mark(&n.text).is_some_and(|(_, mark)| mark == ':'))
        };
        let mut attributes: rustc_hash::FxHashMap<_, Vec<usize>> = Default::default();
        let mut blocks: rustc_hash::FxHashMap<&str, Vec<usize>> = Default::default();
        // (shape, the first text of that shape, whether another text shares it)
        let mut shapes: rustc_hash::FxHashMap<String, (&str, Vec<usize>)> = Default::default();
        let mut runs = vec![0; nodes.len()];
        for (i, n) in nodes.iter().enumerate() {
            if let Some(p) = n.parent
                && crate::outline::label_prefix(&n.text)
                    .is_some_and(|(label, _)| input.outline.labels.contains(label))
            {
                attributes
                    .entry((p, std::mem::discriminant(&n.kind)))
                    .or_default()
                    .push(i);
            }
            // (the outline's nesting of such blocks varies with their
            // indentation: a block is a run of labelled lines, one after another)
            if let Some((colon, ':')) = label_mark(&n.text)
                && (labelled(i + 1) || (i > 0 && labelled(i - 1)))
            {
                blocks.entry(&n.text[..colon]).or_default().push(i);
                // (a run is numbered by its first line, plus one)
                runs[i] = if i > 0 && runs[i - 1] != 0 {
                    runs[i - 1]
                } else {
                    i + 1
                };
            }
            if n.text.bytes().any(|b| b.is_ascii_digit()) {
                let shape: String = n.text.chars().filter(|c| !c.is_ascii_digit()).collect();
                shapes
                    .entry(shape)
                    .or_insert((&n.text, Vec::new()))
                    .1
                    .push(i);
            }
        }
        let serial = shapes
            .into_values()
            .filter(|(first, lines)| lines.iter().any(|&l| nodes[l].text != **first))
            .flat_map(|(_, lines)| lines)
            .collect();
        LabelLayout {
            attributes,
            blocks,
            runs,
            serial,
        }
    }
}

/// Whether the label of line `index` (its text up to byte `colon`) opens
/// lines in two blocks of labelled lines, with another value in each
/// (「ローテーション:可能」 under one item, 「ローテーション:なし」 under the
/// next): an attribute laid out item by item, or an entity compared under
/// several headings, not a term with one definition.
fn repeats_across_blocks(input: &Input, index: usize, colon: usize, layout: &LabelLayout) -> bool {
    let nodes = &input.outline.nodes;
    let text = &nodes[index].text;
    let run = layout.runs[index];
    run != 0
        && layout.blocks.get(&text[..colon]).is_some_and(|lines| {
            lines
                .iter()
                .any(|&l| layout.runs[l] != run && nodes[l].text != *text)
        })
}

/// The term an entry names, when line `index` is the first line under the
/// entry's name (a heading, topic or list item) and that name is a noun
/// phrase. Names told apart only by their numbers (「No.3」「No.12」) are
/// serial entries, not terms.
fn entry_named_above(input: &Input, index: usize, layout: &LabelLayout) -> Option<String> {
    let nodes = &input.outline.nodes;
    let parent = nodes[index].parent?;
    if input.outline.children(parent).next() != Some(index)
        || !matches!(
            nodes[parent].kind,
            NodeKind::Heading | NodeKind::Topic | NodeKind::Numbered | NodeKind::Bullet
        )
    {
        return None;
    }
    let name = &nodes[parent].text;
    if label_mark(name).is_some() || name.chars().count() > 40 {
        return None;
    }
    if layout.serial.contains(&parent) {
        return None;
    }
    let term = term_name(name);
    let tokens = &input.node_tokens(parent).tokens;
    (!term.is_empty() && is_noun_phrase(tokens)).then_some(term)
}

/// Where a line's label ends and its mark: the first 「:」, else the first
/// 「=」 (「X＝Y」 "X equals Y", folded to ASCII by NFKC) that is not part of
/// 「==」「=>」, else the first arrow 「→」; a leader 「…」 (「...」 after NFKC)
/// is returned as '…', three bytes long in the text as 「...」.
fn label_mark(text: &str) -> Option<(usize, char)> {
    // (byte scans: every mark is ASCII but 「→」, whose lead byte 0xE2 no kana
    // or kanji has)
    let bytes = text.as_bytes();
    if let Some(colon) = memchr::memchr(b':', bytes) {
        return Some((colon, ':'));
    }
    // 「X…Y」: a leader (folded to 「...」 by NFKC), as in a glossary.
    let leader = memchr::memchr_iter(b'.', bytes).find(|&at| bytes[at..].starts_with(b"..."));
    if let Some(at) = leader.filter(|&at| at > 0) {
        return Some((at, '…'));
    }
    if let Some(at) = memchr::memchr(b'=', bytes) {
        let after = bytes.get(at + 1);
        return (!matches!(after, Some(b'=' | b'>'))).then_some((at, '='));
    }
    memchr::memchr_iter(0xE2, bytes)
        .find(|&at| bytes[at..].starts_with("→".as_bytes()))
        .filter(|&at| at > 0)
        .map(|at| (at, '→'))
}

/// How many bytes a label mark takes in the text: 「...」 for the leader.
fn mark_len(mark: char) -> usize {
    if mark == '…' { 3 } else { mark.len_utf8() }
}

/// A quantity in brackets (「最大20秒」「3つある」): no gloss.
static QUANTITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\d+\s*(?:秒|分|時間|日|年|%|台|個|件|回|つ|種類|[KMGT]?B)").expect("valid pattern")
});

/// A bracketed group: its byte range in the line and its inner text.
pub fn bracket_groups(text: &str) -> impl Iterator<Item = (std::ops::Range<usize>, &str)> {
    super::text::round_brackets(text).map(|(whole, inner)| (whole, text[inner].trim()))
}

/// Whether a bracket holds a list (「検出、調査、復旧」) rather than a gloss.
pub fn is_bracketed_list(inner: &str) -> bool {
    inner
        .split(['、', ','])
        .filter(|i| !i.trim().is_empty())
        .count()
        >= 2
}

/// 「X(Y)」: a term glossed in brackets, or a plain word followed by the term
/// it stands for (「遅延(レイテンシー)」 defines レイテンシー as 遅延).
///
/// ```text
/// 冗長化(障害に備えて構成を二重にすること)を行う
/// → definition | 冗長化 | is | 障害に備えて構成を二重にすること
/// ```
pub static BRACKET_GLOSS: Rule = Rule {
    name: "definition/bracket-gloss",
    kind: FactKind::Definition,
    examples: &[
        (
            "冗長化(障害に備えて構成を二重にすること)を行う",
            "definition|冗長化|is|障害に備えて構成を二重にすること",
        ),
        (
            "通信の往復時間(ラウンドトリップタイム)を測る",
            "definition|ラウンドトリップタイム|is|通信の往復時間",
        ),
        (
            "RTO(Recovery Time Objective:障害から復旧するまでの目標時間)を決める",
            "definition|RTO|is|障害から復旧するまでの目標時間",
        ),
    ],
    run: |input, sink| {
        for (index, node) in input.outline.nodes.iter().enumerate() {
            // 「ファイルゲートウェイ(ファイル単位)」: a heading or item that ends in a
            // bracket annotates a name rather than glossing it.
            if node.kind == NodeKind::TableRow
                || (node.kind != NodeKind::Text && node.text.ends_with(')'))
                || is_banner(&node.text)
            {
                continue;
            }
            let tokens = &input.node_tokens(index).tokens;
            // 「知識(パスワード)、所持(スマホ)、…」: brackets on the Japanese
            // words of a list give each word's example, not a gloss (on names,
            // 「Amazon S3(ストレージ)、…」, they give the class).
            // (Counted once a bracket asks: most lines hold none.)
            let listed = std::cell::OnceCell::new();
            let listed = || {
                *listed.get_or_init(|| {
                    bracket_groups(&node.text)
                        .filter(|(range, _)| node.text[range.end..].starts_with('、'))
                        .count()
                        >= 2
                })
            };
            for (range, inner) in bracket_groups(&node.text) {
                let after_word = node.text[..range.start]
                    .chars()
                    .last()
                    .is_some_and(|c| !c.is_ascii());
                if after_word && !inner.is_ascii() && listed() {
                    continue;
                }
                if inner.starts_with(|c: char| c.is_ascii_digit())
                    || QUANTITY.is_match(inner)
                    || ASIDE_LABELS.iter().any(|a| inner.starts_with(a))
                    || is_bracketed_list(inner)
                {
                    continue;
                }
                let before = &node.text[..range.start];
                // The compound term right before the bracket (not a 「の」 phrase:
                // 「すべてのインバウンド通信(…)」 glosses インバウンド通信).
                let term = input
                    .node_tokens(index)
                    .terms
                    .iter()
                    .find(|t| t.byte_range.end == range.start)
                    .map(|t| t.text.as_str())
                    .filter(|t| t.chars().any(|c| c.is_alphabetic()));
                // 「TLS(Transport Layer Security:…)」: the expansion is the
                // abbreviation's; the gloss after the colon defines.
                let (head, gloss) = match inner.split_once(':') {
                    Some((h, g)) => (h.trim(), Some(g.trim())),
                    None => (inner, None),
                };
                if let Some(gloss) = gloss {
                    if let Some(term) = term
                        && head.is_ascii()
                        && !is_loanword_term(gloss)
                        && !gloss.is_empty()
                    {
                        sink.push(
                            input,
                            index,
                            FactKind::Definition,
                            term,
                            "is",
                            gloss,
                            BRACKET_GLOSS.name,
                            0,
                        );
                    }
                    continue;
                }
                // Latin in brackets after Latin (an expansion, an abbreviation) is
                // the abbreviation rule's; after a Japanese word it is a translation.
                if head.is_ascii() && term.is_some() {
                    continue;
                }
                // An alias or a part of the same name is no definition.
                let same_concept = |a: &str, b: &str| {
                    let (ka, kb) = (catalog::key(a), catalog::key(b));
                    ka.contains(&kb)
                        || kb.contains(&ka)
                        // (b is looked up only if a names an entry)
                        || input.catalog.lookup(a).is_some_and(|x| {
                            input.catalog.lookup(b).is_some_and(|y| x.name == y.name)
                        })
                };
                let glossed = match term {
                    // 「遅延(レイテンシー)」「コピー(エクスポート)」: the term is in the brackets.
                    Some(outside)
                        if is_loanword_term(head)
                            && (is_native_japanese(outside)
                                || head.chars().count() >= outside.chars().count()) =>
                    {
                        Some((head, outside))
                    }
                    // 「冗長化(障害に備えて…)」: the brackets gloss the term.
                    Some(outside) if outside.chars().count() > 1 => Some((outside, head)),
                    _ => None,
                };
                // 「攻撃(XやYなど)」: examples of an ordinary word (one native
                // word of the dictionary), not what a term means.
                let examples_of_word = inner.ends_with("など")
                    && term.is_some_and(|t| {
                        let start = range.start.saturating_sub(t.len());
                        let words: Vec<_> = tokens
                            .iter()
                            .filter(|w| {
                                w.byte_range.start >= start && w.byte_range.end <= range.start
                            })
                            .collect();
                        words.len() == 1
                            && !words[0].is_domain_word()
                            && !t.chars().any(|c| {
                                c.is_ascii_alphabetic() || ('\u{30A1}'..='\u{30FA}').contains(&c)
                            })
                    });
                if let Some((defined, gloss)) = glossed.filter(|_| !examples_of_word) {
                    // 「移行(回線が細いとき)」: a condition is no gloss.
                    if !same_concept(defined, gloss) && !is_condition(gloss) {
                        sink.push(
                            input,
                            index,
                            FactKind::Definition,
                            defined,
                            "is",
                            gloss,
                            BRACKET_GLOSS.name,
                            0,
                        );
                    }
                    continue;
                }
                match term {
                    // 「…購入すればよい(従量課金制)」: a clause, then the term it names.
                    None if is_noun_phrase(
                        &tokens[tokens_in(tokens, &(range.start + 1..range.end - 1))],
                    ) =>
                    {
                        let clause = clause_before(before, before.len());
                        // 「…使えない(通常の場合)」: a condition names nothing.
                        if !clause.is_empty() && !is_condition(head) {
                            sink.push(
                                input,
                                index,
                                FactKind::Definition,
                                head,
                                "is",
                                clause,
                                BRACKET_GLOSS.name,
                                0,
                            );
                        }
                    }
                    _ => {}
                }
            }
        }
    },
};

/// Calls `f` with each sentence's tokens of every node whose text holds one of
/// `needles` (the words the rule keys on, a cheap test before any token work).
pub(super) fn for_each_sentence(
    input: &Input,
    needles: &[&str],
    mut f: impl FnMut(usize, &str, &[Token]),
) {
    for_each_sentence_range(input, needles, |index, range| {
        let tokens = &input.node_tokens(index).tokens;
        let slice = &tokens[tokens_in(tokens, &range)];
        if !slice.is_empty() {
            f(index, &input.outline.nodes[index].text, slice);
        }
    });
}

/// Calls `f` with each sentence's node and byte range, on lines that hold one
/// of `needles`.
pub(super) fn for_each_sentence_range(
    input: &Input,
    needles: &[&str],
    mut f: impl FnMut(usize, std::ops::Range<usize>),
) {
    let needles = super::text::Needles::new(needles);
    for (index, node) in input.outline.nodes.iter().enumerate() {
        // A line without the words a rule keys on is no business of the rule's.
        if node.kind == NodeKind::TableRow || !needles.any_in_node(input, index) {
            continue;
        }
        for range in input.sentences(index) {
            f(index, range.clone());
        }
    }
}

fn tokens_after_is(tokens: &[Token], t: &Token) -> bool {
    tokens
        .iter()
        .find(|n| n.byte_range.start == t.byte_range.end)
        .is_some_and(|n| n.surface == "は")
}

/// The first `start` from `from` on whose `tokens[start..to]` is a noun
/// phrase ([`is_noun_phrase`]), else `to`; in one pass back from `to`.
fn first_noun_phrase(tokens: &[Token], from: usize, to: usize) -> usize {
    if from >= to || tokens[to - 1].surface == "の" {
        return to;
    }
    // Every token of the phrase is a noun or joins one: it starts after the
    // last that does neither, and holds a noun.
    let low = (from..to)
        .rev()
        .find(|&k| !is_nounish(&tokens[k]) && !super::text::joins_noun_phrase(&tokens[k]))
        .map_or(from, |k| k + 1);
    let Some(noun) = (low..to).rev().find(|&k| is_nounish(&tokens[k])) else {
        return to;
    };
    // Nor does it start with 「の」.
    (low..=noun)
        .find(|&k| tokens[k].surface != "の")
        .unwrap_or(to)
}

/// Splits 「XはY」 at its topic particle when X is a noun phrase.
fn topic_and_predicate<'t>(text: &'t str, tokens: &[Token]) -> Option<(&'t str, &'t str)> {
    let at = topic_particle(text, tokens)?;
    let rest = &tokens[at + 1..];
    if rest.is_empty() {
        return None;
    }
    // The subject is the noun phrase that ends the clause before は: after
    // the last 「、」, without lead-ins (なお、また、) or modifiers (AWSなどの…).
    let clause_start = tokens[..at]
        .iter()
        .rposition(|t| t.surface == "、" || t.surface == "→")
        .map_or(0, |i| i + 1);
    let start = first_noun_phrase(tokens, clause_start, at);
    // (a noun phrase, or none left)
    let subject_tokens = &tokens[start..at];
    if subject_tokens.is_empty() {
        return None;
    }
    // A suffix is taken only after 「の」 or a modifier particle, not after a verb.
    if start > clause_start && !tokens[start - 1].pos().starts_with("助詞") {
        return None;
    }
    // 「A、Bは…」: co-ordinated terms before the subject share its predicate.
    let mut first = start;
    while start == clause_start && first >= 2 && tokens[first - 1].surface == "、" {
        let previous = tokens[..first - 1]
            .iter()
            .rposition(|t| t.surface == "、")
            .map_or(0, |i| i + 1);
        let term = &tokens[previous..first - 1];
        if !is_noun_phrase(term) || term.iter().any(|t| t.surface == "の") {
            break;
        }
        first = previous;
    }
    let subject = span(text, &tokens[first..at]);
    if subject.chars().count() > 40 {
        return None;
    }
    Some((subject, span_to_end(text, rest)))
}

fn span<'t>(text: &'t str, tokens: &[Token]) -> &'t str {
    match (tokens.first(), tokens.last()) {
        (Some(first), Some(last)) => &text[first.byte_range.start..last.byte_range.end],
        _ => "",
    }
}

/// From the first token to the end of its sentence (keeping trailing text
/// the tokenizer skipped, such as closing brackets).
fn span_to_end<'t>(text: &'t str, tokens: &[Token]) -> &'t str {
    match (tokens.first(), tokens.last()) {
        (Some(first), Some(last)) => {
            // The sentence's own 「。」 may be its last token: look from it.
            let end = find_full_stop(&text[last.byte_range.start..])
                .map_or(text.len(), |i| last.byte_range.start + i);
            &text[first.byte_range.start..end]
        }
        _ => "",
    }
}

/// Connectives after which a predicate goes on to something else:
/// 「…で、」「…であり、」 "is … and", 「…に対し」 "whereas", 「…だが」 "but".
const PREDICATE_BREAKS: &[&str] = &["に対し", "で、", "であり、", "であるが", "だが、", "だが"];

/// The first predicate of a chain: 「Xで、Y」 → X.
fn first_predicate(object: &str) -> &str {
    // Every break opens with に, で or だ (E3 81 AB, A7, A0 in UTF-8): the
    // places of their last bytes are found by one byte search, and the
    // first that opens a break is where the first break starts.
    let bytes = object.as_bytes();
    memchr::memchr3_iter(0xAB, 0xA7, 0xA0, bytes)
        .filter(|&last| last >= 2 && bytes[last - 2..last] == [0xE3, 0x81])
        .map(|last| last - 2)
        .find(|&at| {
            PREDICATE_BREAKS
                .iter()
                .any(|b| bytes[at..].starts_with(b.as_bytes()))
        })
        .filter(|&at| at > 0)
        .map_or(object, |at| object[..at].trim_end_matches(['、', ' ']))
}

/// A definition without a leading 「以下の特徴をもつ、」 ("which has the
/// following features,"): that clause announces a list, it does not define.
fn without_list_lead(object: &str) -> &str {
    if (object.starts_with("以下の") || object.starts_with("次の"))
        && let Some((_, rest)) = object.split_once('、')
        && !rest.trim().is_empty()
    {
        return rest.trim();
    }
    object
}

/// Byte offset of `part`, a slice of `text`, within `text`.
fn offset_in(text: &str, part: &str) -> usize {
    part.as_ptr() as usize - text.as_ptr() as usize
}

fn first_sentence(text: &str) -> &str {
    sentences(text).first().map_or(text, |r| &text[r.clone()])
}

/// A defined term's name: without a trailing parenthetical gloss
/// (`Amazon EFS(Elastic File System)` → `Amazon EFS`).
pub fn term_name(subject: &str) -> String {
    let cleaned = clean_phrase(subject);
    // A name of one or two characters (「M(汎用)」) keeps its gloss: alone it
    // would not say what it names.
    // A spelled-out Latin name (「CA(Certificate Authority)」) is the
    // abbreviation's, and goes.
    if let Some(open) = cleaned.find('(')
        && cleaned.ends_with(')')
        && (cleaned[..open].trim().chars().count() > 2 || is_spelled_out(&cleaned[open..]))
    {
        return clean_phrase(&cleaned[..open]);
    }
    cleaned
}

/// Whether a bracket spells a name out in Latin words: 「(Certificate Authority)」.
fn is_spelled_out(bracket: &str) -> bool {
    let inner = bracket.trim_start_matches('(').trim_end_matches(')').trim();
    inner.contains(' ')
        && inner
            .chars()
            .all(|c| c.is_ascii_alphabetic() || " -".contains(c))
}

/// Heading words that frame a term rather than belong to it:
/// とは "what is", について "about", の特徴 "features of".
const HEADING_FRAMES: &[&str] = &["とは?", "とは", "について"];

/// The term a heading names, without とは / について and glosses.
pub(super) fn heading_term(text: &str) -> String {
    let mut core = text.trim();
    for frame in HEADING_FRAMES {
        core = core.strip_suffix(frame).unwrap_or(core);
    }
    term_name(core)
}

pub(super) fn heading_core_tokens<'a>(text: &str, tokens: &'a [Token]) -> &'a [Token] {
    let mut end = tokens.len();
    for frame in HEADING_FRAMES {
        if text.ends_with(frame) {
            let cut = text.len() - frame.len();
            end = tokens
                .iter()
                .position(|t| t.byte_range.start >= cut)
                .unwrap_or(end);
        }
    }
    &tokens[..end]
}

/// Verbs of naming after 「と」: いう/言う "call", 呼ぶ "name".
const NAMING_VERBS: &[&str] = &["いう", "言う", "呼ぶ"];
/// Sentence openers that are not part of a description: なお "by the way",
/// また "also", このように "in this way", ここでいう "as meant here".
const OPENERS: &[&str] = &[
    "なお",
    "また",
    "このように",
    "このような",
    "ここでいう",
    "つまり",
    "さらに",
];

/// 「YをXという」「YをXと呼ぶ」 without quotes: the noun phrase before と is the
/// term, what precedes を its description.
///
/// ```text
/// 通信を暗号化して送ることを暗号化通信と呼ぶ
/// → definition | 暗号化通信 | is | 通信を暗号化して送ること
/// ```
pub static NAMING_PLAIN: Rule = Rule {
    name: "definition/naming-plain",
    kind: FactKind::Definition,
    examples: &[
        (
            "通信を暗号化して送ることを暗号化通信と呼ぶ",
            "definition|暗号化通信|is|通信を暗号化して送ること",
        ),
        (
            "なお、同じデータを複数の場所に持つことをデータの冗長化という。",
            "definition|データの冗長化|is|同じデータを複数の場所に持つこと",
        ),
        (
            "なお集中処理とは反対に、処理を複数の拠点に分けるシステムを分散的なシステムという",
            "definition|分散的なシステム|is|処理を複数の拠点に分けるシステム",
        ),
    ],
    run: |input, sink| {
        for_each_sentence(
            input,
            &["とい", "と言", "と呼"],
            |index, text, tokens| {
                let Some(to) = tokens.iter().enumerate().position(|(i, t)| {
                    (t.surface == "と"
                        && t.pos().starts_with("助詞,格助詞")
                        && tokens
                            .get(i + 1)
                            .is_some_and(|v| NAMING_VERBS.contains(&v.base().as_str()))
                        && tokens.get(i + 2).is_none_or(|n| !is_nounish(n)))
                        // 「…をXという。」 read as one particle という, ending the sentence.
                        || (t.surface == "という"
                            && tokens[i + 1..].iter().all(|n| n.pos().starts_with("記号")))
                }) else {
                    return;
                };
                let Some(object_at) = tokens[..to]
                    .iter()
                    .rposition(|t| t.surface == "を" && t.pos().starts_with("助詞"))
                else {
                    return;
                };
                let term_tokens = &tokens[object_at + 1..to];
                // 「モノリシックなシステム」: an adjectival noun with な still names.
                let adjectival =
                    |i: usize, t: &Token| t.surface == "な" && i > 0 && i + 1 < term_tokens.len();
                let nouns: Vec<Token> = term_tokens
                    .iter()
                    .enumerate()
                    .filter(|&(i, t)| !adjectival(i, t))
                    .map(|(_, t)| t.clone())
                    .collect();
                if term_tokens.is_empty()
                    || !is_noun_phrase(&nouns)
                    || text[term_tokens[0].byte_range.start..].starts_with('「')
                {
                    return;
                }
                let described = without_openers(&tokens[..object_at]);
                if described.is_empty() {
                    return;
                }
                sink.push(
                    input,
                    index,
                    FactKind::Definition,
                    &term_name(span(text, term_tokens)),
                    "is",
                    span(text, described),
                    NAMING_PLAIN.name,
                    0,
                );
            },
        );
    },
};

/// 「YをXというNでV」「YはXというNでV」: X is the N in which Y is V'd —
/// the unit, form or way the sentence names (「単位」「形式」「方式」).
///
/// ```text
/// ネットワークでは、送るデータを「パケット」という単位で分割して送る
/// → definition | パケット | is | 送るデータを分割して送る単位
/// ```
pub static NAMED_MEANS: Rule = Rule {
    name: "definition/named-means",
    kind: FactKind::Definition,
    examples: &[
        (
            "ネットワークでは、送るデータを「パケット」という単位で分割して送る",
            "definition|パケット|is|送るデータを分割して送る単位",
        ),
        (
            "また、ファイルシステムのデータはブロックという単位で管理される。",
            "definition|ブロック|is|ファイルシステムのデータが管理される単位",
        ),
    ],
    run: |input, sink| {
        for_each_sentence(input, &["という"], |index, text, tokens| {
            let Some(iu) = tokens.iter().position(|t| t.surface == "という") else {
                return;
            };
            // N: the nouns right after という, then で and the verb phrase.
            let noun_end = tokens[iu + 1..]
                .iter()
                .position(|t| !is_nounish(t))
                .map_or(tokens.len(), |n| iu + 1 + n);
            if noun_end == iu + 1
                || tokens
                    .get(noun_end)
                    .is_none_or(|t| t.surface != "で" || !t.pos().starts_with("助詞,格助詞"))
            {
                return;
            }
            let verb = tokens[noun_end + 1..]
                .iter()
                .filter(|t| !t.pos().starts_with("記号"))
                .collect::<Vec<_>>();
            if !verb.iter().any(|t| t.pos().starts_with("動詞")) {
                return;
            }
            let verb = span(text, &tokens[noun_end + 1..]).trim_end_matches(['。', ' ']);
            // X: a quoted term or the noun phrase right before という.
            let (term, x_start) = if iu >= 1 && tokens[iu - 1].surface == "」" {
                let Some(open) = tokens[..iu - 1].iter().rposition(|t| t.surface == "「") else {
                    return;
                };
                (span(text, &tokens[open + 1..iu - 1]), open)
            } else {
                let Some(range) = noun_phrase_before(tokens, tokens[iu].byte_range.start) else {
                    return;
                };
                let start = tokens
                    .iter()
                    .position(|t| t.byte_range.start == range.start)
                    .unwrap_or(iu);
                (&text[range], start)
            };
            // Y: what comes before X, marked by を (kept) or は (then が).
            let Some(marker) = x_start.checked_sub(1).map(|m| &tokens[m]) else {
                return;
            };
            let particle = match marker.surface.as_str() {
                "を" => "を",
                "は" => "が",
                _ => return,
            };
            let y = describing_clause(text, &tokens[..x_start - 1]);
            if term.is_empty() || y.is_empty() {
                return;
            }
            let noun = span(text, &tokens[iu + 1..noun_end]);
            sink.push(
                input,
                index,
                FactKind::Definition,
                &term_name(term),
                "is",
                &format!("{y}{particle}{verb}{noun}"),
                NAMED_MEANS.name,
                0,
            );
        });
    },
};

/// A quoted term 「X」 described by what stands next to it: a relative clause
/// before it (「…を管理する「X」」), a noun before it (「ソフトウェアスイート「X」」),
/// 「YにXがある」 ("Y includes X"), or 「X」というN ("an N called X").
///
/// ```text
/// 接続の状態を保持する「セッション管理」を使う
/// → definition | セッション管理 | is | 接続の状態を保持する
/// ```
pub static APPOSITIVE: Rule = Rule {
    name: "definition/appositive",
    kind: FactKind::Definition,
    examples: &[
        (
            "接続の状態を保持する「セッション管理」を使う",
            "definition|セッション管理|is|接続の状態を保持する",
        ),
        (
            "文書を共有する機能に「共有ドライブ」がある",
            "definition|共有ドライブ|is|文書を共有する機能",
        ),
        (
            "処理を順に並べた「パイプライン」という仕組みで実行する",
            "definition|パイプライン|is|処理を順に並べた仕組み",
        ),
        (
            "検索エンジンの「Elasticsearch」を使う",
            "definition|Elasticsearch|is|検索エンジン",
        ),
    ],
    run: |input, sink| {
        let quotes = super::text::Needles::new(&["「"]);
        for (index, node) in input.outline.nodes.iter().enumerate() {
            let text = &node.text;
            if !quotes.any_in_node(input, index) {
                continue;
            }
            let tokens = &input.node_tokens(index).tokens;
            let quotes = std::iter::successors(quoted_term(text, 0), |(whole, _)| {
                quoted_term(text, whole.end)
            });
            for (whole, term) in quotes {
                let term = text[term].trim();
                // A term, not a quoted phrase: no hiragana but 「の」, two characters or more.
                if term.chars().count() < 2
                    || term
                        .chars()
                        .any(|c| ('\u{3041}'..='\u{309F}').contains(&c) && c != 'の')
                {
                    continue;
                }
                let before_tokens = &tokens[..tokens
                    .iter()
                    .position(|t| t.byte_range.start >= whole.start)
                    .unwrap_or(tokens.len())];
                let after = &text[whole.end..];
                let Some(last) = before_tokens.last() else {
                    continue;
                };
                let clause = describing_clause(text, before_tokens);
                // 「X」というN: the clause before (if any) and N describe X.
                if after.starts_with("という") {
                    let noun_start = tokens
                        .iter()
                        .position(|t| t.byte_range.start >= whole.end + "という".len())
                        .unwrap_or(tokens.len());
                    let noun_end = tokens[noun_start..]
                        .iter()
                        .position(|t| !is_nounish(t))
                        .map_or(tokens.len(), |n| noun_start + n);
                    let noun = span(text, &tokens[noun_start..noun_end]);
                    if noun.chars().count() >= 2 {
                        let modifier = if is_modifier_end(last) { clause } else { "" };
                        sink.push(
                            input,
                            index,
                            FactKind::Definition,
                            &term_name(term),
                            "is",
                            &format!("{modifier}{noun}"),
                            APPOSITIVE.name,
                            0,
                        );
                    }
                    continue;
                }
                // YにXがある.
                if last.surface == "に"
                    && (after.starts_with("がある") || after.starts_with("があり"))
                {
                    let owner = describing_clause(text, &before_tokens[..before_tokens.len() - 1]);
                    if owner.chars().count() >= 4 {
                        sink.push(
                            input,
                            index,
                            FactKind::Definition,
                            &term_name(term),
                            "is",
                            owner,
                            APPOSITIVE.name,
                            0,
                        );
                    }
                    continue;
                }
                // A relative clause or a noun right before the quote.
                let adjacent = last.byte_range.end == whole.start;
                let joins_next = adjacent
                    && after.starts_with([
                        'と', 'が', 'を', 'は', 'で', 'に', 'も', 'な', 'や', '、', '。',
                    ])
                    || after.is_empty();
                if joins_next
                    && (is_modifier_end(last) || is_nounish(last))
                    && clause.chars().count() >= 3
                {
                    sink.push(
                        input,
                        index,
                        FactKind::Definition,
                        &term_name(term),
                        "is",
                        clause,
                        APPOSITIVE.name,
                        0,
                    );
                }
            }
        }
    },
};

/// 「NにXがある」 without quotes: X is one of the N (「公開鍵暗号方式の代表例にRSAがある」).
///
/// ```text
/// 代表的な表計算ソフトにスプレッドシートがある
/// → definition | スプレッドシート | is | 代表的な表計算ソフト
/// ```
pub static EXISTENTIAL: Rule = Rule {
    name: "definition/existential",
    kind: FactKind::Definition,
    examples: &[
        (
            "代表的な表計算ソフトにスプレッドシートがある",
            "definition|スプレッドシート|is|代表的な表計算ソフト",
        ),
        (
            "公開鍵基盤の中核に認証局がある。",
            "definition|認証局|is|公開鍵基盤の中核",
        ),
    ],
    run: |input, sink| {
        for_each_sentence(input, &["があ"], |index, text, tokens| {
            for (ga, token) in tokens.iter().enumerate() {
                let exists = token.surface == "が"
                    && token.pos().starts_with("助詞")
                    && tokens.get(ga + 1).is_some_and(|t| t.base() == "ある");
                if !exists {
                    continue;
                }
                // X: the noun phrase before が, right after に (not には).
                let Some(ni) = tokens[..ga].iter().rposition(|t| {
                    !(is_nounish(t) || (t.surface == "の" && t.pos().starts_with("助詞,連体化")))
                }) else {
                    continue;
                };
                let term = &tokens[ni + 1..ga];
                if tokens[ni].surface != "に"
                    || term.is_empty()
                    || !is_noun_phrase(term)
                    || text[term[0].byte_range.start..].starts_with('「')
                {
                    continue;
                }
                let owner = describing_clause(text, &tokens[..ni]);
                if owner.chars().count() >= 3
                    && ends_in_noun(
                        &tokens[tokens_in(
                            tokens,
                            &(offset_in(text, owner)..offset_in(text, owner) + owner.len()),
                        )],
                    )
                {
                    sink.push(
                        input,
                        index,
                        FactKind::Definition,
                        &term_name(span(text, term)),
                        "is",
                        owner,
                        EXISTENTIAL.name,
                        0,
                    );
                }
            }
        });
    },
};

/// 「X」はY: a quoted term as the topic of a sentence is being introduced.
///
/// ```text
/// 「シャーディング」は、データを複数のノードに分けて保存する
/// → definition | シャーディング | is | データを複数のノードに分けて保存する
/// ```
pub static QUOTED_TOPIC: Rule = Rule {
    name: "definition/quoted-topic",
    kind: FactKind::Definition,
    examples: &[
        (
            "「シャーディング」は、データを複数のノードに分けて保存する",
            "definition|シャーディング|is|データを複数のノードに分けて保存する",
        ),
        (
            "「主キー」は行を識別する際に使用し、「外部キー」は表を関連付ける際に使用する",
            "definition|外部キー|is|表を関連付ける際に使用する",
        ),
    ],
    run: |input, sink| {
        let quoted_topics = super::text::Needles::new(&["」は"]);
        for (index, node) in input.outline.nodes.iter().enumerate() {
            // One substring test spares most lines the scan.
            if !quoted_topics.any_in_node(input, index) {
                continue;
            }
            let text = &node.text;
            let mut at = 0;
            while let Some((whole, term, described)) = quoted_topic(text, at) {
                let described =
                    strip_definition_ending(text[described].trim_end_matches(['、', ' ']));
                let described = described.strip_suffix('し').unwrap_or(described);
                sink.push(
                    input,
                    index,
                    FactKind::Definition,
                    &term_name(&text[term]),
                    "is",
                    described,
                    QUOTED_TOPIC.name,
                    0,
                );
                at = whole.end.saturating_sub("「".len()).max(whole.start + 1);
                if !node.text.is_char_boundary(at) {
                    break;
                }
            }
        }
    },
};

/// The first quoted term 「X」 (one to thirty characters, no bracket in
/// them) from byte `from` on: the byte ranges of the whole and of X. What
/// the pattern `「([^「」]{1,30})」` finds, found by a scan.
fn quoted_term(text: &str, from: usize) -> Option<(Range<usize>, Range<usize>)> {
    static OPEN: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new("「"));
    let mut at = from;
    loop {
        let open = at + OPEN.find(text.as_bytes().get(at..)?)?;
        let inner = open + '「'.len_utf8();
        // The quote closes within thirty characters, no bracket before.
        let mut close = None;
        for (n, (i, c)) in text[inner..].char_indices().enumerate() {
            if c == '」' && n > 0 {
                close = Some(inner + i);
            }
            if matches!(c, '「' | '」') || n == 30 {
                break;
            }
        }
        if let Some(close) = close {
            return Some((open..close + '」'.len_utf8(), inner..close));
        }
        // (A match can start at the next 「 at the earliest.)
        at = inner;
    }
}

/// Whether a text holds 「 or 『: E3 80 8C or E3 80 8E in UTF-8, whose last
/// bytes one byte search finds (cheaper on a line's short text than two
/// substring searches).
fn holds_quote(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr2_iter(0x8C, 0x8E, bytes)
        .any(|last| last >= 2 && bytes[last - 2..last] == [0xE3, 0x80])
}

/// The first 「X」は(、)Y from byte `from` on, Y running to the first 「、「」,
/// 「。」 or the end of the text (no bracket or 「。」 in it): the byte ranges of
/// the whole, of X and of Y. What the pattern
/// `「([^「」]{1,30})」は、?([^「」。]+?)(?:、「|。|$)` finds, found by a scan.
fn quoted_topic(text: &str, from: usize) -> Option<(Range<usize>, Range<usize>, Range<usize>)> {
    // Y and where the whole ends, Y starting at byte `start`: as short as
    // the end allows.
    let described = |start: usize| {
        let mut end = start;
        for c in text[start..].chars() {
            if matches!(c, '「' | '」' | '。') {
                return None;
            }
            end += c.len_utf8();
            let rest = &text[end..];
            if rest.starts_with("、「") {
                return Some((start..end, end + "、「".len()));
            }
            if rest.starts_with('。') {
                return Some((start..end, end + "。".len()));
            }
            if rest.is_empty() {
                return Some((start..end, end));
            }
        }
        None
    };
    let mut at = from;
    loop {
        let (quote, term) = quoted_term(text, at)?;
        if let Some(rest) = text[quote.end..].strip_prefix('は') {
            let start = text.len() - rest.len();
            // 「、」 is taken if Y can follow it, else left to Y.
            let found = rest
                .strip_prefix('、')
                .and_then(|_| described(start + "、".len()))
                .or_else(|| described(start));
            if let Some((y, end)) = found {
                return Some((quote.start..end, term, y));
            }
        }
        at = quote.start + '「'.len_utf8();
    }
}

/// 「X(A、B)」 where A and B are loan words: each is an X
/// (「設定ファイル(レシピ、クックブック)」 → レシピ is a 設定ファイル).
///
/// ```text
/// 構成管理ツール(アンシブル、テラフォーム)
/// → definition | アンシブル | is | 構成管理ツール
/// ```
pub static LIST_MEMBERS: Rule = Rule {
    name: "definition/list-members",
    kind: FactKind::Definition,
    examples: &[
        (
            "構成管理ツール(アンシブル、テラフォーム)を使う",
            "definition|アンシブル|is|構成管理ツール",
        ),
        (
            "DBの索引構造(Bツリー、ハッシュ)",
            "definition|ハッシュ|is|DBの索引構造",
        ),
    ],
    run: |input, sink| {
        for (index, node) in input.outline.nodes.iter().enumerate() {
            let tokens = &input.node_tokens(index).tokens;
            for (range, inner) in bracket_groups(&node.text) {
                let items: Vec<&str> = inner
                    .split(['、', ','])
                    .map(str::trim)
                    .filter(|i| !i.is_empty())
                    .collect();
                if items.len() < 2
                    || !items
                        .iter()
                        .all(|i| is_loanword_term(i) && i.chars().count() >= 2)
                {
                    continue;
                }
                let Some(owner) = super::text::noun_phrase_before(tokens, range.start) else {
                    continue;
                };
                for item in items {
                    sink.push(
                        input,
                        index,
                        FactKind::Definition,
                        item,
                        "is",
                        &node.text[owner.clone()],
                        LIST_MEMBERS.name,
                        0,
                    );
                }
            }
        }
    },
};

/// Whether a token ends a modifier: a verb, an adjective, an auxiliary (た, な,
/// である) or the attributive 「の」.
fn is_modifier_end(token: &Token) -> bool {
    token.pos().starts_with("動詞")
        || token.pos().starts_with("形容詞")
        || token.pos().starts_with("助動詞")
        || (token.surface == "の" && token.pos().starts_with("助詞,連体化"))
}

/// The clause that ends with `tokens`: back to the last 「、」 or topic
/// particle, without openers, and without a trailing copula or 「の」.
fn describing_clause<'t>(text: &'t str, tokens: &[Token]) -> &'t str {
    let boundary = |tokens: &[Token]| {
        tokens
            .iter()
            .rposition(|t| {
                t.surface == "、"
                    || (matches!(t.surface.as_str(), "は" | "には" | "では")
                        && t.pos().starts_with("助詞"))
                    || t.surface == "「"
                    || t.surface == "」"
            })
            .map_or(0, |i| i + 1)
    };
    let mut start = boundary(tokens);
    // 「A、B、Cなどを定義した」: a comma between nouns joins a list inside
    // the clause rather than ending it.
    while start >= 2 && tokens[start - 1].surface == "、" && is_nounish(&tokens[start - 2]) {
        start = boundary(&tokens[..start - 1]);
    }
    let clause = without_openers(&tokens[start..]);
    let mut end = clause.len();
    while end > 0
        && (clause[end - 1].surface == "の"
            || matches!(clause[end - 1].base().as_str(), "だ" | "です" | "である"))
    {
        end -= 1;
    }
    span(text, &clause[..end])
}

/// Tokens without leading openers (なお、また、) and commas.
fn without_openers(tokens: &[Token]) -> &[Token] {
    // 「ここでいう」 "as meant here" qualifies the term; it is no part of it.
    let mut start = match tokens {
        [here, de, iu, ..]
            if here.surface == "ここ" && de.surface == "で" && iu.base().as_str() == "いう" =>
        {
            3
        }
        _ => 0,
    };
    while start < tokens.len()
        && (OPENERS.contains(&tokens[start].surface.as_str())
            || tokens[start].surface == "、"
            || tokens[start].pos().starts_with("接続詞"))
    {
        start += 1;
    }
    &tokens[start..]
}

/// A heading or topic whose first bullet describes it in a noun phrase — a
/// clause, then the class it belongs to (「フルマネージドなメッセージキュー
/// サービス」) — and that has no explanation line of its own.
///
/// ```text
/// ## Amazon SQS
/// - フルマネージドなメッセージキューサービス
/// - 最大メッセージサイズは256KB
/// → definition | Amazon SQS | is | フルマネージドなメッセージキューサービス
/// ```
pub static FIRST_BULLET: Rule = Rule {
    name: "definition/first-bullet",
    kind: FactKind::Definition,
    examples: &[
        (
            "## Amazon SQS\n- フルマネージドなメッセージキューサービス\n- 最大メッセージサイズは256KB",
            "definition|Amazon SQS|is|フルマネージドなメッセージキューサービス",
        ),
        (
            "■Redis\n・データを主記憶に置いて高速に読み書きするデータストア\n・永続化の設定もできる",
            "definition|Redis|is|データを主記憶に置いて高速に読み書きするデータストア",
        ),
    ],
    run: |input, sink| {
        let nodes = &input.outline.nodes;
        for (index, node) in nodes.iter().enumerate() {
            // A banner (「==== 復習 ====」) heads a section, it names no term.
            if is_banner(&node.text) {
                continue;
            }
            if !matches!(
                node.kind,
                NodeKind::Heading | NodeKind::Topic | NodeKind::Bullet
            ) {
                continue;
            }
            let mut children = input.outline.children(index);
            let Some(first) = children.next() else {
                continue;
            };
            // A second bullet makes the first one an item among features.
            if nodes[first].kind != NodeKind::Bullet
                || children
                    .next()
                    .is_none_or(|c| nodes[c].kind != NodeKind::Bullet)
            {
                continue;
            }
            let text = nodes[first].text.trim_end_matches(['。', ' ']);
            // A labelled bullet (「X:Y」「X＝Y」) defines its own label.
            if label_mark(text).is_some() {
                continue;
            }
            let tokens = &input.node_tokens(first).tokens;
            // A noun phrase with a describing clause in it: a verb or an
            // adjectival な/の before the final noun, no topic of its own.
            let describes = tokens
                .iter()
                .any(|t| t.pos().starts_with("動詞") || t.pos().starts_with("助動詞"));
            if tokens.len() < 3
                || !describes
                || !ends_in_noun(tokens)
                || topic_particle(text, tokens).is_some()
                || text.contains(':')
                || super::enumeration::announces_list(text)
            {
                continue;
            }
            let name = term_name(&node.text);
            if name.is_empty() || name.chars().count() > 30 || name == text {
                continue;
            }
            sink.push(
                input,
                first,
                FactKind::Definition,
                &name,
                "is",
                strip_definition_ending(text),
                FIRST_BULLET.name,
                0,
            );
        }
    },
};

/// 「Yは「X」と呼ばれる」: a thing said to be called X — X is that thing, as
/// the clause names it.
///
/// ```text
/// OSI参照モデルでは、第3層は「ネットワーク層」と呼ばれる
/// → definition | ネットワーク層 | is | OSI参照モデルでは、第3層
/// ```
pub static CALLED: Rule = Rule {
    name: "definition/called",
    kind: FactKind::Definition,
    examples: &[
        (
            "OSI参照モデルでは、第3層は「ネットワーク層」と呼ばれる",
            "definition|ネットワーク層|is|OSI参照モデルでは、第3層",
        ),
        (
            "障害に備えて待機するサーバーは『スタンバイ機』と呼ばれている。",
            "definition|スタンバイ機|is|障害に備えて待機するサーバー",
        ),
    ],
    run: |input, sink| {
        for_each_sentence(
            input,
            &["と呼ばれ", "と言われ"],
            |index, text, tokens| {
                let sentence = span_to_end(text, tokens);
                let Some(caps) = CALLED_PASSIVE.captures(sentence) else {
                    return;
                };
                let y = caps["y"].trim_start_matches(['※', ' ']);
                let y = y.strip_prefix("なお、").unwrap_or(y);
                if y.chars().count() < 2 || y.chars().count() > MAX_CALLED_CHARS {
                    return;
                }
                sink.push(
                    input,
                    index,
                    FactKind::Definition,
                    &term_name(&caps["x"]),
                    "is",
                    y,
                    CALLED.name,
                    0,
                );
            },
        );
    },
};

/// 「Yは「X」と呼ばれる」「Yは『X』と言われている」.
static CALLED_PASSIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?P<y>[^「『]+?)は[「『](?P<x>[^「『」』]+)[」』](?:\([^)]*\))?と(?:呼ばれ|言われ)",
    )
    .expect("valid pattern")
});

/// The longest description a passive naming gives.
const MAX_CALLED_CHARS: usize = 60;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing;

    fn definitions(name: &str, notes: &str) -> Vec<(String, String)> {
        testing::process(name, notes)
            .extraction
            .facts
            .into_iter()
            .filter(|f| f.kind == FactKind::Definition)
            .map(|f| (f.subject, f.object))
            .collect()
    }

    #[test]
    fn conditions_negations_measures_and_expansions_define_nothing() {
        for line in [
            "停電時は予備の電源の系統",
            "待機系は書き込みに使えない(通常構成の場合)。",
            "大容量タイプは最大500件の同時接続",
            "CPUはCentral Processing Unitの略",
            "前者は集計用の倉庫、後者は日々の取引処理",
            "移行(回線が細いとき)向けの装置",
            "==== 復習(苦手なもの) ====",
        ] {
            let got = definitions("n.txt", &format!("{line}\n"));
            assert!(got.is_empty(), "{line}: {got:?}");
        }
        // A word that ends in 時 is no condition; nor is 「とは」 a second topic.
        let got = definitions("n.txt", "日時は記録を取った瞬間の時刻\n");
        assert_eq!(
            got,
            [("日時".to_string(), "記録を取った瞬間の時刻".to_string())]
        );
        let got = definitions(
            "n.txt",
            "縮小機能は拡大とは異なり、容量が余った際に働く仕組み\n",
        );
        assert_eq!(got.len(), 1, "{got:?}");
    }

    #[test]
    fn a_cleft_names_a_term_but_not_a_judgement() {
        let got = definitions("n.txt", "毎年鍵を替えるのが正解です。\n");
        assert!(got.is_empty(), "{got:?}");
        let got = definitions("n.txt", "宛先ごとに経路を選ぶのが経路表です。\n");
        assert_eq!(
            got,
            [("経路表".to_string(), "宛先ごとに経路を選ぶ".to_string())]
        );
    }

    #[test]
    fn layout_labels_define_their_item_not_themselves() {
        let notes = "1. 鍵管理\n(1) 鍵サーバー\n  目的:鍵を一か所で保管する\n  特徴:専用の機器で守る\n  料金:台数で決まる\n(2) 証明書ストア\n  目的:証明書を配る\n  特徴:期限を見張る\n  料金:無料\n";
        let got = definitions("n.txt", notes);
        assert!(
            got.iter()
                .all(|(term, _)| !["目的", "特徴", "料金"].contains(&term.as_str())),
            "{got:?}"
        );
        assert!(
            got.contains(&("鍵サーバー".to_string(), "鍵を一か所で保管する".to_string())),
            "{got:?}"
        );
        let notes = "No.1 ×\n問題: 鍵を守りたい。どれ?\n正解: 鍵サーバー\n\nNo.2 ○\n問題: 証明書を配りたい。どれ?\n正解: 証明書ストア\n";
        let got = definitions("n.txt", notes);
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn a_question_heading_is_answered_by_the_line_below() {
        let got = definitions(
            "n.md",
            "### 読み取り専用コピーとは？\n参照だけを受け付ける複製のこと。\n- 非同期で更新される\n",
        );
        assert_eq!(
            got,
            [(
                "読み取り専用コピー".to_string(),
                "参照だけを受け付ける複製".to_string()
            )]
        );
    }

    #[test]
    fn towa_setting_a_term_apart_defines_nothing() {
        let got = definitions("n.txt", "待機系は本番系とは別のゾーンに置く構成である\n");
        assert!(got.iter().all(|(s, _)| s != "本番系"), "{got:?}");
    }

    #[test]
    fn an_equals_sign_labels_but_an_assignment_does_not() {
        let got = definitions("n.txt", "・RTO ＝ 復旧までにかかる時間の目標\n・r=4、w=2\n");
        assert_eq!(
            got,
            [("RTO".to_string(), "復旧までにかかる時間の目標".to_string())]
        );
    }

    #[test]
    fn an_arrow_glosses_only_with_a_noun_phrase() {
        let got = definitions(
            "n.txt",
            "・ハイパーバイザ → 仮想マシンを動かすための制御ソフト\n・負荷が高い → スケールアウトする\n・chmod 755 → rwxr-xr-x\n",
        );
        assert_eq!(
            got,
            [(
                "ハイパーバイザ".to_string(),
                "仮想マシンを動かすための制御ソフト".to_string()
            )]
        );
    }

    #[test]
    fn an_announced_list_is_no_definition() {
        let got = definitions(
            "n.txt",
            "バックアップの方式は次の3種類\n・フル\n・差分\n・増分\n",
        );
        assert!(
            got.iter().all(|(s, _)| s != "バックアップの方式"),
            "{got:?}"
        );
    }

    #[test]
    fn a_labelled_line_defines_its_label_not_the_heading() {
        let got = definitions(
            "n.md",
            "## 覚えること\n- ハブ ＝ 全ポートへ転送する機器 → 衝突が起きる\n- スイッチ ＝ 宛先のポートだけへ転送する機器\n",
        );
        assert!(got.iter().all(|(s, _)| s != "覚えること"), "{got:?}");
        assert!(
            got.contains(&("ハブ".to_string(), "全ポートへ転送する機器".to_string())),
            "{got:?}"
        );
    }

    #[test]
    fn asides_reasons_and_other_labels_define_nothing() {
        let got = definitions(
            "n.txt",
            "ハッシュ関数\n  任意の長さのデータから固定長の値を作る関数\n  代表：SHA-256\nFTPは暗号化しないので非推奨\n\n・リスク保有\nリスク移転＝保険などで損失を他者に移すこと\n",
        );
        assert!(
            got.iter()
                .all(|(s, _)| !["代表", "FTP", "リスク保有"].contains(&s.as_str())),
            "{got:?}"
        );
        assert!(got.iter().any(|(s, _)| s == "リスク移転"), "{got:?}");
    }

    #[test]
    fn a_question_is_answered_by_the_next_line_only() {
        let got = definitions(
            "n.txt",
            "Q. VLANって何？\nA. 論理的にネットワークを分ける技術\n\nQ. 障害に備えるにはどうする？\nA. 冗長化する\nQ. トランクとは？\n\n複数のVLANを1本で運ぶ\n",
        );
        assert_eq!(
            got,
            [(
                "VLAN".to_string(),
                "論理的にネットワークを分ける技術".to_string()
            )]
        );
    }

    #[test]
    fn brackets_on_listed_items_are_examples() {
        let got = definitions(
            "n.txt",
            "認証の要素は知識(暗証番号)、所持(ICカード)、生体(静脈)の3つ\n",
        );
        assert!(got.is_empty(), "{got:?}");
        let got = definitions(
            "n.txt",
            "連携先はAmazon SQS(キュー)、Amazon SNS(通知)など\n",
        );
        assert!(
            got.iter().any(|(s, o)| s == "Amazon SQS" && o == "キュー"),
            "{got:?}"
        );
    }

    #[test]
    fn an_aspect_label_defines_nothing() {
        let got = definitions(
            "n.txt",
            "【仮想化】\nメリット：物理サーバの台数を減らせる\n",
        );
        assert!(got.iter().all(|(s, _)| s != "メリット"), "{got:?}");
    }

    #[test]
    fn a_glossary_leader_labels_a_term() {
        let got = definitions("n.txt", "・ジッタ…到着間隔のゆらぎ\n");
        assert_eq!(
            got,
            [("ジッタ".to_string(), "到着間隔のゆらぎ".to_string())]
        );
    }

    #[test]
    fn an_example_line_does_not_join_a_definition() {
        let got = definitions(
            "n.txt",
            "標的型攻撃\n  特定の組織を狙って行う攻撃\n  例：偽装メール、水飲み場攻撃\n",
        );
        assert_eq!(
            got,
            [(
                "標的型攻撃".to_string(),
                "特定の組織を狙って行う攻撃".to_string()
            )]
        );
    }

    #[test]
    fn a_spelled_out_gloss_leaves_a_short_name() {
        assert_eq!(term_name("CA(Certificate Authority)"), "CA");
        assert_eq!(term_name("M(汎用)"), "M(汎用)");
    }

    #[test]
    fn a_footnote_with_an_ellipsis_defines_its_term() {
        let got = definitions(
            "n.txt",
            "索引を使う\n※カーディナリティ…列の値の種類の多さ\n",
        );
        assert!(
            got.contains(&(
                "カーディナリティ".to_string(),
                "列の値の種類の多さ".to_string()
            )),
            "{got:?}"
        );
    }

    #[test]
    fn examples_of_an_ordinary_word_are_no_gloss() {
        let defined = |notes: &str| {
            testing::process("example.txt", notes)
                .extraction
                .facts
                .into_iter()
                .filter(|f| f.kind == FactKind::Definition)
                .map(|f| f.subject)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            defined("障害(停電やディスク故障など)に備えて構成を二重にする\n"),
            Vec::<String>::new()
        );
        // A term of the field is glossed by its examples.
        assert_eq!(
            defined("ミドルウェア(データベースやWebサーバーなど)を自動で更新する\n"),
            ["ミドルウェア"]
        );
    }

    #[test]
    fn an_adjectival_predicate_is_no_definition() {
        let facts = testing::process("example.txt", "リードレプリカは最大15個まで作成可能\n")
            .extraction
            .facts;
        assert!(
            facts.iter().all(|f| f.kind != FactKind::Definition),
            "{:?}",
            facts.iter().map(|f| &f.object).collect::<Vec<_>>()
        );
    }

    /// The one-pass search finds what trying each start in turn finds.
    #[test]
    fn first_noun_phrase_agrees_with_trying_each_start() {
        let mut notes = String::new();
        for path in [
            "data/notes/aws-saa.txt",
            "tests/fixtures/prose-os/notes.txt",
        ] {
            notes.push_str(&std::fs::read_to_string(path).expect("sample notes"));
            notes.push('\n');
        }
        notes.push_str("のの\nAWSのS3のは\n・の\n「S3」の・バケット\nなお、EC2インスタンスのは\n");
        let processed = testing::process("sample.txt", &notes);
        for node in &processed.tokens.nodes {
            let tokens = &node.tokens;
            for to in 0..=tokens.len() {
                for from in 0..=to {
                    let mut start = from;
                    while start < to && !is_noun_phrase(&tokens[start..to]) {
                        start += 1;
                    }
                    assert_eq!(first_noun_phrase(tokens, from, to), start);
                }
            }
        }
    }

    /// The byte scans of `label_mark` find what `str::find` finds.
    #[test]
    fn label_marks_are_found_as_by_str_find() {
        fn by_str_find(text: &str) -> Option<(usize, char)> {
            if let Some(colon) = text.find(':') {
                return Some((colon, ':'));
            }
            if let Some(at) = text.find("...").filter(|&at| at > 0) {
                return Some((at, '…'));
            }
            if let Some(at) = text.find('=') {
                let after = text[at + 1..].chars().next();
                return (!matches!(after, Some('=' | '>'))).then_some((at, '='));
            }
            text.find('→').filter(|&at| at > 0).map(|at| (at, '→'))
        }
        let texts = crate::testing::texts_over(&[':', '.', '=', '>', '→', '←', 'a', 'あ'], 5);
        for text in &texts {
            assert_eq!(label_mark(text), by_str_find(text), "{text:?}");
        }
    }

    /// The byte search of `first_predicate` cuts where the first break starts.
    #[test]
    fn a_predicate_is_cut_at_its_first_break() {
        fn by_str_find(object: &str) -> &str {
            PREDICATE_BREAKS
                .iter()
                .filter_map(|b| object.find(b))
                .min()
                .filter(|&at| at > 0)
                .map_or(object, |at| object[..at].trim_end_matches(['、', ' ']))
        }
        let texts = crate::testing::texts_over(
            &['で', 'あ', 'り', '、', 'だ', 'が', 'る', 'に', '対', 'し'],
            4,
        );
        for text in texts.iter().map(String::as_str).chain([
            "安価なストレージであり、耐久性が高い",
            "Aに対しBは、で、",
            "だが、であるが",
        ]) {
            assert_eq!(first_predicate(text), by_str_find(text), "{text:?}");
        }
    }

    /// The scan of `naming` finds what its pattern captures.
    #[test]
    fn namings_are_found_as_by_their_pattern() {
        let pattern = Regex::new(
            r"^(?P<y>.+)を[「『](?P<x>[^「『」』]+)[」』](?:\([^)]*\))?(?:という|と言う|といい|と呼ぶ|と呼び|と呼ばれ|と呼んで|とする)",
        )
        .unwrap();
        let pieces = [
            "を「",
            "を『",
            "を",
            "「",
            "」",
            "』",
            "(",
            ")",
            "a",
            "\n",
            "と",
            "という",
            "と呼ばれ",
            "とする",
        ];
        let mut texts = crate::testing::texts_of(&pieces, 5);
        texts.extend(crate::testing::sample_lines_and_texts_over(&['a'], 0));
        texts.extend([
            "処理を複数のサーバーに振り分けることを「負荷分散」という".to_string(),
            "AをBを「X」(x)と呼ぶ".to_string(),
            "Aを「X」、Bを「Y」と呼ぶ".to_string(),
            "Aを「X」(x(y))と呼ぶ".to_string(),
        ]);
        for text in &texts {
            let expected = pattern
                .captures(text)
                .map(|c| (c.name("y").unwrap().as_str(), c.name("x").unwrap().as_str()));
            assert_eq!(naming(text), expected, "{text:?}");
        }
        // (the pieces make namings, not only misses)
        assert!(texts.iter().filter(|t| naming(t).is_some()).count() > 1000);
    }

    /// The byte search for quotes finds what substring searches find.
    #[test]
    fn quotes_are_found_as_by_str_contains() {
        // (が, ヌ and Č end in 8C too, ホ in 8E)
        let texts = crate::testing::sample_lines_and_texts_over(
            &['「', '『', '」', 'が', 'ヌ', 'Č', 'ホ', 'a', 'あ'],
            5,
        );
        for text in &texts {
            assert_eq!(holds_quote(text), text.contains(['「', '『']), "{text:?}");
        }
    }

    /// The quote scans find what their patterns find.
    #[test]
    fn quotes_are_found_as_by_their_patterns() {
        let quote = Regex::new(r"「([^「」]{1,30})」").unwrap();
        let topic = Regex::new(r"「([^「」]{1,30})」は、?([^「」。]+?)(?:、「|。|$)").unwrap();
        let long = |n: usize| "あ".repeat(n);
        let mut texts = crate::testing::texts_over(&['「', '」', 'は', '、', '。', 'a', 'あ'], 6);
        for n in [29, 30, 31] {
            texts.push(format!("「{}」は説明", long(n)));
            texts.push(format!("「「{}」は、説明。「b」は、c", long(n)));
        }
        for text in &texts {
            for from in (0..=text.len()).filter(|&at| text.is_char_boundary(at)) {
                let expected = quote
                    .captures_at(text, from)
                    .map(|c| (c.get(0).unwrap().range(), c.get(1).unwrap().range()));
                assert_eq!(quoted_term(text, from), expected, "{text:?} {from}");
                let expected = topic.captures_at(text, from).map(|c| {
                    (
                        c.get(0).unwrap().range(),
                        c.get(1).unwrap().range(),
                        c.get(2).unwrap().range(),
                    )
                });
                assert_eq!(quoted_topic(text, from), expected, "{text:?} {from}");
            }
        }
    }

    /// A Latin term is found as a word of its own where `match_indices`
    /// finds it.
    #[test]
    fn terms_are_mentioned_as_match_indices_finds_them() {
        fn by_match_indices(sentence: &str, term: &str) -> bool {
            if term.is_ascii() {
                sentence.match_indices(term).any(|(at, _)| {
                    let before = sentence[..at].chars().last();
                    let after = sentence[at + term.len()..].chars().next();
                    !before.is_some_and(|c| c.is_ascii_alphanumeric())
                        && !after.is_some_and(|c| c.is_ascii_alphanumeric())
                })
            } else {
                sentence.contains(term)
            }
        }
        let texts = crate::testing::texts_over(&['a', 'b', '1', ' ', 'あ', 'é'], 5);
        let terms = ["", "a", "ab", "aa", "a a", "1", "あ", "aあ", "é"];
        for sentence in &texts {
            for term in terms {
                assert_eq!(
                    mentions_term(sentence, term),
                    by_match_indices(sentence, term),
                    "{sentence:?} {term:?}"
                );
            }
        }
    }
}
