//! Relations: sentences that tie one concept to another through particles
//! and verbs.
//!
//! Rows: `relation | concept | verb (base form) | concept`. Concepts are the
//! catalog's services and features and the terms the notes define, named as
//! the notes name them.

use super::concepts::{Lexicon, Mention};
use super::text::{governing_verb_at, tokens_in};
use super::{FactKind, Input, Rule};
use crate::outline::NodeKind;
use crate::tokens::Token;

/// Particles that mark the subject of a clause: は (topic), が (subject),
/// では/には (topic of a place or case), も (also).
const SUBJECT_PARTICLES: &[&str] = &["は", "が", "では", "には", "も"];
/// Particles that join co-ordinated nouns: と "and", や "or", 、.
/// Also または/もしくは "or", および/及び "and".
const COORDINATORS: &[&str] = &[
    "と",
    "や",
    "、",
    ",",
    "または",
    "もしくは",
    "および",
    "及び",
];

/// A sentence that names two concepts: the one marked by は/が (or else the
/// concept the section is about) is tied to each other one that is an
/// argument of a verb, labelled with that verb.
///
/// ```text
/// Amazon Athenaの結果をAmazon QuickSightで可視化する
/// → relation | Amazon Athena | 可視化する | Amazon QuickSight
/// ```
pub static SENTENCE: Rule = Rule {
    name: "relation/sentence",
    kind: FactKind::Relation,
    examples: &[
        (
            "Amazon Athenaの結果をAmazon QuickSightで可視化する",
            "relation|Amazon Athena|可視化する|Amazon QuickSight",
        ),
        (
            "AWS GlueはAmazon Athenaのカタログを作成する",
            "relation|AWS Glue|作成する|Amazon Athena",
        ),
        (
            "Amazon SQS\nキューに溜めたメッセージをAWS Lambdaで処理する",
            "relation|Amazon SQS|処理する|AWS Lambda",
        ),
        (
            "AWS LambdaはAmazon S3またはAmazon DynamoDBに書き込む",
            "relation|AWS Lambda|書き込む|Amazon S3",
        ),
    ],
    run: |input, sink| {
        let lexicon = Lexicon::build(input, &sink.facts);
        let sections = section_concepts(input, &lexicon);
        let mut rows = Vec::new();
        for (index, node) in input.outline.nodes.iter().enumerate() {
            if node.kind == NodeKind::TableRow {
                continue;
            }
            let node_tokens = input.node_tokens(index);
            let tokens = &node_tokens.tokens;
            let section = sections[index].clone();
            for range in input.sentences(index) {
                let token_range = tokens_in(tokens, range);
                let mentions = lexicon.mentions(&node.text, node_tokens, &token_range);
                if mentions.is_empty() {
                    continue;
                }
                let explicit = mentions
                    .iter()
                    .position(|m| followed_by(tokens, m, SUBJECT_PARTICLES));
                let subject: Option<Mention> = match explicit {
                    Some(i) => Some(mentions[i].clone()),
                    None => section
                        .clone()
                        .or_else(|| (mentions.len() >= 2).then(|| mentions[0].clone())),
                };
                let co_subjects =
                    explicit.map_or(Vec::new(), |i| coordinated(tokens, &mentions, i));
                // Each mention's case particle and verb; a co-ordinated mention
                // takes those of the last mention of its chain (「A、B、Cに割り当てる」).
                let arguments: Vec<Option<(String, usize, String)>> = (0..mentions.len())
                    .map(|i| {
                        let last = chain_end(tokens, &mentions, i);
                        let particle = tokens
                            .get(mentions[last].term_end)
                            .filter(|t| t.pos.starts_with("助詞"))?;
                        let (at, verb) =
                            governing_verb_at(&tokens[..token_range.end], mentions[last].term_end)?;
                        Some((particle.surface.to_string(), at, verb))
                    })
                    .collect();
                // 「XをYにV」 with no subject named: X is put to Y (theme → goal).
                let mut paired = vec![false; mentions.len()];
                if explicit.is_none() {
                    for (x, theme) in arguments.iter().enumerate() {
                        let Some((particle, at, verb)) = theme else {
                            continue;
                        };
                        if particle != "を" {
                            continue;
                        }
                        for (y, goal) in arguments.iter().enumerate() {
                            if let Some((goal_particle, goal_at, _)) = goal
                                && matches!(goal_particle.as_str(), "に" | "へ")
                                && goal_at == at
                                && mentions[x].name != mentions[y].name
                            {
                                rows.push((
                                    index,
                                    mentions[x].name.clone(),
                                    verb.clone(),
                                    mentions[y].name.clone(),
                                    THEME_GOAL,
                                ));
                                paired[x] = true;
                                paired[y] = true;
                            }
                        }
                    }
                }
                let Some(subject) = subject else { continue };
                for (i, mention) in mentions.iter().enumerate() {
                    // A mention marked by は/が heads a clause of its own.
                    if followed_by(tokens, mention, SUBJECT_PARTICLES) {
                        continue;
                    }
                    if paired[i]
                        || mention.name == subject.name
                        || co_subjects.contains(&i)
                        || (mention.generic && subject.generic)
                    {
                        continue;
                    }
                    // A subject the sentence leaves unsaid is a guess: only
                    // two known concepts are tied on it.
                    if explicit.is_none() && !(subject.known && mention.known) {
                        continue;
                    }
                    let Some((particle, at, verb)) = &arguments[i] else {
                        continue;
                    };
                    // 「Xの…」 qualifies a noun: on a subject the sentence
                    // leaves unsaid, that is too far from a relation.
                    if explicit.is_none() && particle == "の" {
                        continue;
                    }
                    // A mention whose verb comes before the subject is named
                    // sits in a clause of its own (「Sの…で発行されるURLは…」).
                    if explicit.is_some() && *at < subject.token_range.start {
                        continue;
                    }
                    rows.push((
                        index,
                        subject.name.clone(),
                        verb.clone(),
                        mention.name.clone(),
                        if explicit.is_some() {
                            SENTENCE.name
                        } else {
                            SECTION_SUBJECT
                        },
                    ));
                }
            }
        }
        for (index, subject, verb, object, how) in rows {
            sink.push(
                input,
                index,
                FactKind::Relation,
                &subject,
                &verb,
                &object,
                how,
                0,
            );
        }
    },
};

/// How a relation row was found, beyond [`SENTENCE`] itself (its subject
/// marked by は/が): the subject is the concept the section is about, or the
/// row pairs a theme with a goal (「XをYにV」).
const SECTION_SUBJECT: &str = "relation/sentence:section-subject";
const THEME_GOAL: &str = "relation/sentence:theme-goal";

/// Whether the token after a mention is one of `particles`.
fn followed_by(tokens: &[Token], mention: &Mention, particles: &[&str]) -> bool {
    let end = mention.term_end;
    tokens
        .get(end)
        .is_some_and(|t| particles.contains(&t.surface.as_str()) && t.pos.starts_with("助詞"))
        || tokens
            .get(end)
            .is_some_and(|t| t.surface == "で" || t.surface == "に")
            && tokens.get(end + 1).is_some_and(|t| t.surface == "は")
}

/// Whether the tokens between two mentions co-ordinate them: one
/// coordinator, quotes around the mentions aside (「A」または「B」).
fn joins(tokens: &[Token], between: std::ops::Range<usize>) -> bool {
    // (A bracket after the first mention may reach past the second's start.)
    let Some(between) = tokens.get(between) else {
        return false;
    };
    let mut words = between
        .iter()
        .filter(|t| !matches!(t.surface.as_str(), "「" | "」" | "『" | "』"));
    words
        .next()
        .is_some_and(|t| COORDINATORS.contains(&t.surface.as_str()))
        && words.next().is_none()
}

/// The last mention of the co-ordinated chain that starts at mention `i`.
fn chain_end(tokens: &[Token], mentions: &[Mention], i: usize) -> usize {
    let mut last = i;
    while let Some(next) = mentions.get(last + 1) {
        let between = mentions[last].term_end..next.token_range.start;
        if joins(tokens, between) {
            last += 1;
        } else {
            break;
        }
    }
    last
}

/// The mentions co-ordinated with mention `subject` (「AとBは」「A、B、Cは」).
fn coordinated(tokens: &[Token], mentions: &[Mention], subject: usize) -> Vec<usize> {
    let mut joined = Vec::new();
    let mut current = subject;
    while current > 0 {
        let previous = &mentions[current - 1];
        let between = previous.term_end..mentions[current].token_range.start;
        let joins = joins(tokens, between);
        if !joins {
            break;
        }
        joined.push(current - 1);
        current -= 1;
    }
    joined
}

/// The concept each node's section is about: the nearest heading, topic or
/// item above it that names a concept, or whose first mention is one.
/// Computed in one pass down the tree (parents come before children).
fn section_concepts(input: &Input, lexicon: &Lexicon) -> Vec<Option<Mention>> {
    let nodes = &input.outline.nodes;
    let mut own: Vec<Option<Mention>> = Vec::with_capacity(nodes.len());
    let mut sections: Vec<Option<Mention>> = Vec::with_capacity(nodes.len());
    for (index, node) in nodes.iter().enumerate() {
        let concept = if node.kind == NodeKind::Text {
            None
        } else {
            let node_tokens = input.node_tokens(index);
            match lexicon.resolve(&node.text) {
                Some((name, generic, known)) => Some(Mention {
                    name: name.to_string(),
                    token_range: 0..0,
                    term_end: 0,
                    generic,
                    known,
                }),
                None => lexicon
                    .mentions(&node.text, node_tokens, &(0..node_tokens.tokens.len()))
                    .into_iter()
                    .next(),
            }
        };
        let section = node
            .parent
            .and_then(|p| own[p].clone().or_else(|| sections[p].clone()));
        own.push(concept);
        sections.push(section);
    }
    sections
}
