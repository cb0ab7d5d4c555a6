//! Relations: sentences that tie one concept to another through particles
//! and verbs.
//!
//! Rows: `relation | concept | verb (base form) | concept`. Concepts are the
//! catalog's services and features and the terms the notes define, named as
//! the notes name them.

use super::concepts::{Lexicon, Mention};
use super::text::{governing_verb_at, is_nounish, negated, tokens_in};
use super::{FactKind, Input, Rule};
use crate::outline::NodeKind;
use crate::tokens::Token;

/// Particles that mark the subject of a clause: は (topic), が (subject),
/// では/には (topic of a place or case), も (also).
const SUBJECT_PARTICLES: &[&str] = &["は", "が", "では", "には", "も"];
/// Particles that join co-ordinated nouns: と "and", や "or", 、.
/// Also または/もしくは "or", および/及び "and", and the middle dot of
/// 「A・B・C」.
const COORDINATORS: &[&str] = &[
    "と",
    "や",
    "、",
    ",",
    "・",
    "または",
    "もしくは",
    "および",
    "及び",
];

/// A sentence that names two concepts: each one that is an argument of a
/// verb is tied, labelled with that verb, to the subject of its clause (see
/// [`clause_subject`]; when the sentence names none, the concept the
/// sentence before it in a paragraph of prose defined, else the concept the
/// section is about). A subject of a relative clause is tied to the noun the
/// clause modifies (「XがVするY」). 「Xとは、…」 makes X the subject; a cleft
/// (「Xで保護できるのは、A、Bである」) ties its clause to its focus.
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
        (
            "Amazon SNSはプッシュ型で配信し、Amazon SQSはAWS Lambdaからポーリングされる",
            "relation|Amazon SQS|ポーリングする|AWS Lambda",
        ),
        (
            "AWS DataSyncはAmazon EFSから、Amazon FSxへファイルを転送する",
            "relation|AWS DataSync|転送する|Amazon EFS",
        ),
        (
            "AWS Step Functionsのように処理の流れを組み立てる仕組みを「ワークフローエンジン」と呼ぶ",
            "relation|AWS Step Functions|呼ぶ|ワークフローエンジン",
        ),
        (
            "AWS Configが記録するAmazon Auroraに変更が起きると通知が届く",
            "relation|AWS Config|記録する|Amazon Aurora",
        ),
        (
            "Glueとは、Redshiftのテーブルを整える道具",
            "relation|Glue|整える|Redshift",
        ),
        (
            "Backupで複製できるのは、EFSやDynamoDBである",
            "relation|Backup|複製する|DynamoDB",
        ),
    ],
    run: |input, sink| {
        let lexicon = Lexicon::build(input, &sink.facts);
        let Sections {
            own,
            sections,
            mut whole,
        } = section_concepts(input, &lexicon);
        let mut rows = Vec::new();
        // What is worked out for each mention of a sentence, in buffers
        // reused from one sentence to the next.
        let mut mentions: Vec<Mention> = Vec::new();
        let mut arguments: Vec<Option<(&str, usize, String)>> = Vec::new();
        let mut marked: Vec<bool> = Vec::new();
        let mut relative: Vec<bool> = Vec::new();
        let mut paired: Vec<bool> = Vec::new();
        // The topic of the last sentence, and its node.
        let mut carried: Option<(usize, Mention)> = None;
        for (index, node) in input.outline.nodes.iter().enumerate() {
            if node.kind == NodeKind::TableRow {
                continue;
            }
            let node_tokens = input.node_tokens(index);
            let tokens = &node_tokens.tokens;
            // 「X:Yする」: the label is what its value speaks of.
            let mut label = labelled_concept(&node.text, &lexicon);
            let under = sections[index].and_then(|i| own[i].as_ref());
            // 「データ元:…を分析する」 under a service: a label the catalog does
            // not know, before an action, names what the section's concept
            // acts on, not who acts; a kind of that concept named after it
            // (「X Standard:」 under X) still acts.
            if let (Some(l), Some(s)) = (&label, under)
                && !l.known
                && s.known
                && !crate::catalog::key(l.name).contains(crate::catalog::key(s.name).as_str())
                && ends_in_action(tokens)
            {
                label = None;
            }
            let node_section: Option<&Mention> = label.as_ref().or(under);
            // (A topic goes on into the next line of a paragraph of prose.)
            if carried.as_ref().is_some_and(|(at, _)| {
                let before = &input.outline.nodes[*at];
                *at != index
                    && !(node.kind == NodeKind::Text
                        && before.kind == NodeKind::Text
                        && before.parent == node.parent
                        && before.line + 1 == node.line)
            }) {
                carried = None;
            }
            let mut whole = whole[index].take();
            for range in input.sentences(index) {
                let token_range = tokens_in(tokens, range);
                // (The mentions of all the node's tokens may be found already.)
                match whole.take() {
                    Some(found) if token_range == (0..tokens.len()) => mentions = found,
                    _ => {
                        lexicon.mentions_into(&node.text, node_tokens, &token_range, &mut mentions)
                    }
                }
                // A sentence that names no subject of its own speaks of the
                // concept the sentence before it in the paragraph defined
                // (「Xは、…する方式です。Yに対応している」); a label still
                // names its value's subject.
                let continued = carried
                    .as_ref()
                    .filter(|_| label.is_none() && node.kind == NodeKind::Text)
                    .map(|(_, m)| m.clone());
                let section = label.as_ref().or(continued.as_ref()).or(node_section);
                // 「ゲートウェイ型は」: a kind's short name as the topic names
                // the concept it shortens.
                if let Some((start, wa)) = bare_kind_topic(tokens, &token_range, &mentions)
                    && let Some((name, generic, known)) = lexicon.shortened(
                        &node.text[tokens[start].byte_range.start..tokens[wa - 1].byte_range.end],
                    )
                {
                    let at = mentions.partition_point(|m| m.token_range.start < start);
                    mentions.insert(
                        at,
                        Mention {
                            name,
                            token_range: start..wa,
                            term_end: wa,
                            generic,
                            known,
                        },
                    );
                }
                match sentence_topic(tokens, &token_range, &mentions) {
                    Topic::Concept(m) => carried = Some((index, mentions[m].clone())),
                    Topic::Other => carried = None,
                    Topic::Unsaid => {}
                }
                // A bracket right after a term glosses it (「ACM(証明書を
                // 管理するサービス)」): what it names belongs to the gloss.
                let mut gloss_end = 0;
                mentions.retain(|m| {
                    let inside = m.token_range.start < gloss_end;
                    gloss_end = gloss_end.max(m.term_end);
                    !inside
                });
                // A lone mention can only be tied to the section's concept:
                // not when there is none, nor when it is that concept.
                if mentions.is_empty()
                    || (mentions.len() == 1 && section.is_none_or(|s| s.name == mentions[0].name))
                {
                    continue;
                }
                // Each mention's case particle and verb; a co-ordinated mention
                // takes those of the last mention of its chain (「A、B、Cに割り当てる」).
                arguments.clear();
                let mut previous = None;
                for i in 0..mentions.len() {
                    // (The chain of the mention before may reach this one:
                    // then both take its last mention's argument.)
                    let last = match previous {
                        Some(last) if last >= i => last,
                        _ => list_end(tokens, &mentions, i),
                    };
                    let argument = if previous == Some(last) {
                        arguments[i - 1].clone()
                    } else {
                        // 「Xの前段に」: a place beside X is X's argument.
                        let end = beside(tokens, mentions[last].term_end)
                            .unwrap_or(mentions[last].term_end);
                        tokens
                            .get(end)
                            .filter(|t| t.pos().starts_with("助詞"))
                            .and_then(|particle| {
                                let (at, verb) = governing_verb_at(&tokens[..token_range.end], end)
                                    .or_else(|| verbal_noun_end(&tokens[..token_range.end], end))?;
                                Some((particle.surface.as_str(), at, verb))
                            })
                    };
                    arguments.push(argument);
                    previous = Some(last);
                }
                // 「Xで保護できるのは、A、Bである」: the focus after the
                // nominalised clause is the argument its verb lacks; when the
                // clause names neither a subject nor a means, the focus is
                // what acts (「Yから接続できるのもZだ」).
                let mut focus_subject = None;
                if let Some((nominal, at, verb)) = cleft(&tokens[..token_range.end], &token_range) {
                    let clause = mentions.partition_point(|m| m.token_range.start < nominal);
                    let acting = (0..clause).any(|j| {
                        followed_by(tokens, &mentions[j], SUBJECT_PARTICLES)
                            || arguments[j].as_ref().is_some_and(|(p, _, _)| *p == "で")
                    });
                    let clause_arguments = (0..clause)
                        .any(|j| arguments[j].as_ref().is_some_and(|(_, a, _)| *a == at));
                    if !acting && clause_arguments && clause < mentions.len() {
                        focus_subject = Some((clause, at, verb));
                    } else {
                        for argument in &mut arguments[clause..] {
                            if argument.is_none() {
                                *argument = Some(("を", at, verb.clone()));
                            }
                        }
                    }
                }
                // 「XはYを持たない」 ties X to Y by no relation: a negated
                // verb is blanked, and its rows are dropped below, while
                // which mention is the subject stays as the verb makes it.
                for (_, at, verb) in arguments.iter_mut().flatten() {
                    if negated(&tokens[..token_range.end], *at) {
                        verb.clear();
                    }
                }
                marked.clear();
                marked.extend(mentions.iter().enumerate().map(|(i, m)| {
                    followed_by(tokens, m, SUBJECT_PARTICLES)
                        || defined_topic(tokens, m)
                        || owns_topic(tokens, m)
                        || arguments[i].as_ref().is_some_and(|(particle, at, _)| {
                            // (「Sの X」: the phrase, not X alone, is the argument.)
                            m.token_range
                                .start
                                .checked_sub(1)
                                .is_none_or(|p| tokens[p].surface != "の")
                                && describes_topic(
                                    &tokens[..token_range.end],
                                    &mentions,
                                    particle,
                                    *at,
                                )
                        })
                }));
                // 「XはAを…し、BやCもVできる」: after a topic, a mention
                // marked by も with no other argument (no case particle)
                // before its verb is the object that も also marks, not a
                // second subject (「YもZでVできる」 is one).
                for j in 0..mentions.len() {
                    if marked[j]
                        && tokens
                            .get(mentions[j].term_end)
                            .is_some_and(|t| t.surface == "も")
                        && (0..j).any(|k| {
                            marked[k]
                                && tokens
                                    .get(mentions[k].term_end)
                                    .is_some_and(|t| t.surface != "も")
                        })
                        && arguments[j].as_ref().is_some_and(|(_, at, _)| {
                            tokens
                                .get(mentions[j].term_end + 1..*at)
                                .unwrap_or_default()
                                .iter()
                                .all(|t| !t.pos().starts_with("助詞,格助詞"))
                        })
                    {
                        marked[j] = false;
                    }
                }
                paired.clear();
                paired.resize(mentions.len(), false);
                if let Some((clause, at, verb)) = focus_subject.take() {
                    let focus = &mentions[clause];
                    for j in 0..clause {
                        if arguments[j].as_ref().is_some_and(|(_, a, _)| *a == at)
                            && !verb.is_empty()
                            && mentions[j].name != focus.name
                        {
                            rows.push((index, focus.name, verb.clone(), mentions[j].name, CLEFT));
                            paired[j] = true;
                        }
                    }
                    paired[clause] = true;
                }
                let explicit = marked.iter().position(|&m| m);
                // A subject whose verb heads a relative clause reaches no
                // further than that verb; 「XがVするY」 ties X to Y.
                relative.clear();
                relative.extend((0..mentions.len()).map(|j| {
                    let Some((_, at, verb)) = arguments[j].as_ref().filter(|_| marked[j]) else {
                        return false;
                    };
                    let Some(head) = relative_head(&tokens[..token_range.end], *at) else {
                        return false;
                    };
                    let is_ga = tokens
                        .get(mentions[j].term_end)
                        .is_some_and(|t| t.surface == "が");
                    // A topic after another topic may sit in a clause of
                    // its own; the first topic is the sentence's.
                    if !is_ga && !marked[..j].contains(&true) {
                        return false;
                    }
                    // The noun the clause modifies, or a name in quotes
                    // right after it (「Xが提供するサービス「Y」」), not a
                    // noun after 「の」.
                    let modified = tokens[head.clone()]
                        .iter()
                        .position(|t| t.surface == "の")
                        .map_or(head.end, |p| head.start + p);
                    if is_ga
                        && let Some(y) = mentions.iter().rposition(|m| {
                            m.token_range.start >= head.start && m.token_range.start < modified
                        })
                        && mentions[y].name != mentions[j].name
                    {
                        rows.push((
                            index,
                            mentions[j].name,
                            verb.clone(),
                            mentions[y].name,
                            RELATIVE_HEAD,
                        ));
                    }
                    true
                }));
                // 「XをYにV」 with no subject named: X is put to Y (theme → goal).
                if explicit.is_none() {
                    for (x, theme) in arguments.iter().enumerate() {
                        let Some((particle, at, verb)) = theme else {
                            continue;
                        };
                        if *particle != "を" {
                            continue;
                        }
                        for (y, goal) in arguments.iter().enumerate() {
                            if let Some((goal_particle, goal_at, _)) = goal
                                && matches!(*goal_particle, "に" | "へ")
                                && goal_at == at
                                && mentions[x].name != mentions[y].name
                            {
                                rows.push((
                                    index,
                                    mentions[x].name,
                                    verb.clone(),
                                    mentions[y].name,
                                    THEME_GOAL,
                                ));
                                paired[x] = true;
                                paired[y] = true;
                            }
                        }
                    }
                }
                // 「AとBを接続する」: a verb that joins things joins the pair.
                for i in 1..mentions.len() {
                    let (a, b) = (&mentions[i - 1], &mentions[i]);
                    if tokens.get(a.term_end).is_some_and(|t| t.surface == "と")
                        && b.token_range.start == a.term_end + 1
                        && let Some((particle, _, verb)) = &arguments[i]
                        && *particle == "を"
                        && JOINING_VERBS.contains(&verb.as_str())
                        && a.name != b.name
                    {
                        rows.push((index, a.name, verb.clone(), b.name, JOINED));
                        paired[i - 1] = true;
                        paired[i] = true;
                    }
                    // 「S3 + CloudFront の構成」: a plus sign combines the two.
                    if b.token_range.start == a.term_end + 1
                        && tokens.get(a.term_end).is_some_and(|t| t.surface == "+")
                        && a.name != b.name
                    {
                        rows.push((index, a.name, "組み合わせる".to_string(), b.name, JOINED));
                        paired[i - 1] = true;
                        paired[i] = true;
                    }
                }
                let assumed = match explicit {
                    Some(_) => None,
                    // With no section concept, the first of several mentions,
                    // unless it only qualifies the next (「XのY」) or is listed
                    // with it (「AとBを利用する」).
                    None => section.or_else(|| {
                        (mentions.len() >= 2
                            && !(followed_by(tokens, &mentions[0], &["の"])
                                && mentions[1].token_range.start == mentions[0].term_end + 1)
                            && chain_end(tokens, &mentions, 0) == 0)
                            .then(|| &mentions[0])
                    }),
                };
                for (i, mention) in mentions.iter().enumerate() {
                    // A mention marked by は/が heads a clause of its own.
                    if marked[i] || paired[i] || set_beside(tokens, mention) {
                        continue;
                    }
                    // 「…を「Z」という」 names Z: a definition, no relation,
                    // save to a concept it was likened to (「XのようなYを…」).
                    if let Some(label) = naming(&tokens[..token_range.end], mention) {
                        if let Some(example) =
                            mentions[..i].iter().rev().find(|m| likened(tokens, m))
                            && example.name != mention.name
                        {
                            rows.push((
                                index,
                                example.name,
                                label.to_string(),
                                mention.name,
                                EXAMPLE_OF,
                            ));
                        }
                        continue;
                    }
                    let Some((particle, at, verb)) = &arguments[i] else {
                        continue;
                    };
                    // A mention whose verb comes before the subject is named
                    // sits in a clause of its own (「Xと連携すると、Yが…」),
                    // whose subject is unsaid.
                    let named = explicit.and_then(|_| {
                        clause_subject(tokens, &mentions, &marked, &relative, &arguments, i)
                    });
                    let stated = named.filter(|&s| *at >= mentions[s].token_range.start);
                    let assumed = assumed.or(named.and(section));
                    // With no subject named, a known concept the action is done
                    // with or in (「Xで…を設定し、…を選択する」) stands for it.
                    let means = stated
                        .is_none()
                        .then(|| {
                            (0..i).rev().find(|&j| {
                                mentions[j].known
                                    && chain_end(tokens, &mentions, j) < i
                                    && arguments[j].as_ref().is_some_and(|(p, _, _)| *p == "で")
                            })
                        })
                        .flatten();
                    let subject = match (stated.or(means), &assumed) {
                        (Some(s), _) => &mentions[s],
                        (None, Some(assumed)) => *assumed,
                        (None, None) => continue,
                    };
                    // A label names its value's subject: no guess.
                    let guessed = stated.is_none()
                        && !(means.is_none()
                            && label.as_ref().is_some_and(|l| l.name == subject.name));
                    let co_subjects =
                        stated.map_or(Vec::new(), |s| coordinated(tokens, &mentions, s));
                    if mention.name == subject.name
                        || co_subjects.contains(&i)
                        || (mention.generic && subject.generic)
                    {
                        continue;
                    }
                    // A subject the sentence leaves unsaid is a guess: only a
                    // known concept is tied to it.
                    if guessed && !mention.known {
                        continue;
                    }
                    // 「Xの…」 qualifies a noun: on a subject the sentence
                    // leaves unsaid, that is too far from a relation.
                    if guessed && *particle == "の" {
                        continue;
                    }
                    // On a guessed subject, only the main clause counts: a
                    // clause that describes a noun (「VPC内に公開されたドメイン
                    // を管理する」) says nothing of the section's concept.
                    // (A first mention taken for the subject that is an
                    // argument of the same verb, 「AからBへVする構成」, is no
                    // section concept: the clause ties the two.)
                    let same_verb = std::ptr::eq(subject, &mentions[0])
                        && arguments[0].as_ref().is_some_and(|(_, a, _)| a == at);
                    if guessed
                        && !same_verb
                        && relative_head(&tokens[..token_range.end], *at).is_some()
                    {
                        continue;
                    }
                    // A clause that describes another concept (「Yを設定できる
                    // 「Z」という機能」) speaks of that concept, not the subject.
                    if let Some(head) = relative_head(&tokens[..token_range.end], *at)
                        && mentions.iter().any(|m| {
                            m.token_range.start >= head.start
                                && m.token_range.start < head.end
                                && m.name != subject.name
                        })
                    {
                        continue;
                    }
                    // A clause that says when sets the scene (「…に保存するときに」).
                    if says_when(&tokens[..token_range.end], *at) {
                        continue;
                    }
                    // A topic comes first: a mention before it qualifies the
                    // topic's own noun phrase (「Xで解析可能なデータには…」),
                    // save 「Xの…」 (a part of X); a mention before 「Yが」 may
                    // be a fronted argument (「ZをYが参照する」).
                    if let Some(s) = stated
                        && s > i
                        && *particle != "の"
                        && tokens
                            .get(subject.term_end)
                            .is_none_or(|t| t.surface != "が")
                    {
                        continue;
                    }
                    rows.push((
                        index,
                        subject.name,
                        verb.clone(),
                        mention.name,
                        if stated.is_some() {
                            SENTENCE.name
                        } else if means.is_some() {
                            MEANS
                        } else if continued.as_ref().is_some_and(|c| c.name == subject.name) {
                            PREVIOUS_TOPIC
                        } else {
                            SECTION_SUBJECT
                        },
                    ));
                }
            }
        }
        // 「XにはAとBがある」 lists kinds: an enumeration, not a relation.
        // 「Xのポリシーには以下の7種類がある」 announces one: both ends in its topic.
        let mut enumerations: Vec<&super::Fact> = sink
            .facts
            .iter()
            .filter(|f| f.kind == FactKind::Enumeration)
            .collect();
        enumerations.sort_by_key(|f| f.line);
        let rows: Vec<_> = rows
            .into_iter()
            .filter(|(index, subject, verb, object, _)| {
                if verb.is_empty() {
                    return false;
                }
                if !EXISTENCE_VERBS.contains(&verb.as_str()) {
                    return true;
                }
                // (The list may be laid out under the line's topic.)
                let node = &input.outline.nodes[*index];
                let line = node
                    .parent
                    .map_or(node.line, |p| input.outline.nodes[p].line);
                let start = enumerations.partition_point(|f| f.line < line);
                !enumerations[start..]
                    .iter()
                    .take_while(|f| f.line <= node.line)
                    .any(|f| {
                        // (an item may carry a gloss: 「AWS Fargate(…)」)
                        f.object.starts_with(subject)
                            || f.object.starts_with(object)
                            || (f.subject.contains(subject) && f.subject.contains(object))
                    })
            })
            .collect();
        for (index, subject, verb, object, how) in rows {
            sink.push(
                input,
                index,
                FactKind::Relation,
                subject,
                &verb,
                object,
                how,
                0,
            );
        }
    },
};

/// Verbs that say a thing exists: ある, いる.
const EXISTENCE_VERBS: &[&str] = &["ある", "いる"];

/// How a relation row was found, beyond [`SENTENCE`] itself (its subject
/// marked by は/が): the subject is the concept the section is about, or the
/// row pairs a theme with a goal (「XをYにV」).
const SECTION_SUBJECT: &str = "relation/sentence:section-subject";
const THEME_GOAL: &str = "relation/sentence:theme-goal";
const MEANS: &str = "relation/sentence:means";
const JOINED: &str = "relation/sentence:joined";
const CLEFT: &str = "relation/sentence:cleft";
const PREVIOUS_TOPIC: &str = "relation/sentence:previous-topic";

/// What a sentence sets as its topic (「Xは」「Xとは」).
enum Topic {
    /// A mention, by its index, that the sentence defines: it ends in a
    /// noun (「Xは、…する方式です」).
    Concept(usize),
    /// A noun that names no concept (「インターフェイス型は」), or a concept
    /// the sentence says something of (「Xは…に対応しない」) rather than
    /// defines: what follows is not sure to speak of it.
    Other,
    /// No topic: the sentence goes on with the one before.
    Unsaid,
}

/// A topic that names a kind by a noun and a suffix and no concept
/// (「インターフェイス型は」): where its noun phrase starts, and its 「は」.
fn bare_kind_topic(
    tokens: &[Token],
    range: &std::ops::Range<usize>,
    mentions: &[Mention],
) -> Option<(usize, usize)> {
    let end = range.end.min(tokens.len());
    let wa = (range.start + 1..end).find(|&k| {
        tokens[k].surface == "は"
            && tokens[k].pos().starts_with("助詞,係助詞")
            && is_nounish(&tokens[k - 1])
    })?;
    if !tokens[wa - 1].pos().starts_with("名詞,接尾") {
        return None;
    }
    let mut start = wa - 1;
    while start > range.start && tokens[start - 1].pos().starts_with("名詞") {
        start -= 1;
    }
    (start < wa - 1
        && !mentions
            .iter()
            .any(|m| m.token_range.start < wa && m.term_end > start))
    .then_some((start, wa))
}

/// The topic of a sentence: the noun before its first 「は」 (or 「とは」),
/// 「では」「には」 aside; a concept counts when the sentence defines it.
fn sentence_topic(tokens: &[Token], range: &std::ops::Range<usize>, mentions: &[Mention]) -> Topic {
    let end = range.end.min(tokens.len());
    let Some(wa) = (range.start + 1..end).find(|&k| {
        let before = &tokens[k - 1];
        tokens[k].surface == "は"
            && tokens[k].pos().starts_with("助詞,係助詞")
            && (is_nounish(before)
                || (before.surface == "と" && before.pos().starts_with("助詞,格助詞,引用")))
    }) else {
        return Topic::Unsaid;
    };
    let noun_end = if tokens[wa - 1].surface == "と" {
        wa - 1
    } else {
        wa
    };
    // (The sentence's last word, its copula and marks aside.)
    let defines = tokens[range.start..end]
        .iter()
        .rev()
        .find(|t| !t.pos().starts_with("記号") && !t.pos().starts_with("助動詞"))
        .is_some_and(|t| is_nounish(t) || t.pos().starts_with("名詞"));
    match mentions.iter().position(|m| m.term_end == noun_end) {
        Some(m) if defines => Topic::Concept(m),
        _ => Topic::Other,
    }
}

/// Verbs that join two things to each other: 接続 "connect", 連携 "link",
/// 統合 "integrate", 組み合わせる "combine", 結ぶ/つなぐ "tie", 紐付ける
/// "associate", 併用 "use together", 中継 "relay".
const JOINING_VERBS: &[&str] = &[
    "接続する",
    "連携する",
    "統合する",
    "組み合わせる",
    "結ぶ",
    "つなぐ",
    "繋ぐ",
    "紐付ける",
    "関連付ける",
    "併用する",
    "中継する",
    "ピアリングする",
];
const RELATIVE_HEAD: &str = "relation/sentence:relative-head";
const EXAMPLE_OF: &str = "relation/sentence:example-of";

/// The mention that is the stated subject of mention `i`'s clause: the
/// nearest subject before it, where a subject inside a relative clause
/// (「NATゲートウェイでは利用できない機能を」「Xが監視するリソースを」) reaches
/// only the mentions of its own verb; else the first subject named after it
/// (「YをXが参照する」).
///
/// ```text
/// NATゲートウェイはマネージドだが、NATインスタンスはEC2インスタンスから作成する
/// → EC2インスタンス's subject is NATインスタンス
/// ```
fn clause_subject(
    tokens: &[Token],
    mentions: &[Mention],
    marked: &[bool],
    relative: &[bool],
    arguments: &[Option<(&str, usize, String)>],
    i: usize,
) -> Option<usize> {
    let verb = arguments[i].as_ref().map(|(_, at, _)| *at);
    // The verb a subject is the subject of: the first after it, a comma
    // right after its particle aside (「Xが、Yから…起動する」).
    let own_verb = |j: usize| {
        tokens[mentions[j].term_end..]
            .iter()
            .take_while(|t| t.surface != "。")
            .position(|t| t.pos().starts_with("動詞,自立") || t.pos().starts_with("形容詞,自立"))
            .map(|p| mentions[j].term_end + p)
    };
    let is_ga = |j: usize| {
        tokens
            .get(mentions[j].term_end)
            .is_some_and(|t| t.surface == "が")
    };
    (0..i)
        .rev()
        .find(|&j| {
            marked[j] && (!(relative[j] || is_ga(j)) || (verb.is_some() && own_verb(j) == verb))
        })
        .or_else(|| (i + 1..mentions.len()).find(|&j| marked[j]))
}

/// The first token after the verb at `at` and its auxiliaries (「保存され
/// ている」: the endings, and て/で before a helping verb).
fn after_auxiliaries(tokens: &[Token], at: usize) -> usize {
    let mut k = at + 1;
    while let Some(t) = tokens.get(k) {
        let auxiliary = t.pos().starts_with("助動詞")
            || t.pos().starts_with("動詞,接尾")
            || t.pos().starts_with("動詞,非自立")
            || (t.pos().starts_with("助詞,接続助詞")
                && matches!(t.surface.as_str(), "て" | "で")
                && tokens
                    .get(k + 1)
                    .is_some_and(|n| n.pos().starts_with("動詞,非自立")));
        if !auxiliary {
            break;
        }
        k += 1;
    }
    k
}

/// The noun phrase a verb modifies when the verb ends a relative clause
/// whose head is itself an argument of what follows: 「Xが所属するAZに…」
/// → AZ; not 「XはYを収集するサービス」 (the head ends the sentence), nor
/// 「…する際に」「…するため」 (an adverbial noun, no head).
fn relative_head(tokens: &[Token], at: usize) -> Option<std::ops::Range<usize>> {
    let mut k = after_auxiliaries(tokens, at);
    // (A quoted name may head the clause: 「…を設定できる「X」という機能」.)
    let first = tokens
        .get(k)
        .filter(|t| !matches!(t.surface.as_str(), "「" | "『"))
        .or_else(|| tokens.get(k + 1))?;
    if !is_nounish(first) || matches!(first.pos_minor(), "非自立" | "副詞可能" | "数") {
        return None;
    }
    let start = k;
    while let Some(t) = tokens.get(k) {
        let in_phrase = is_nounish(t)
            || t.pos().starts_with("名詞")
            || t.pos().starts_with("接頭詞")
            || matches!(t.surface.as_str(), "「" | "」" | "『" | "』")
            || (t.surface == "の" && t.pos().starts_with("助詞,連体化"))
            || (t.surface == "な" && t.pos().starts_with("助動詞"));
        if !in_phrase {
            break;
        }
        k += 1;
    }
    tokens
        .get(k)
        .is_some_and(|t| t.pos().starts_with("助詞") && t.surface != "の")
        .then_some(start..k)
}

/// Nouns that turn the clause before them into a circumstance: 時/とき/
/// タイミング "when", 際 "on the occasion of", 場合 "in case", 前/後
/// "before/after".
const CIRCUMSTANCE_NOUNS: &[&str] = &["時", "とき", "際", "場合", "前", "後", "タイミング"];

/// Whether the verb at `at` ends a clause that says when the main action
/// happens (「データをS3に保存するときに…」): its arguments set the scene and
/// are tied to nothing by the sentence.
///
/// ```text
/// Auto Scalingグループでスケールインが発生した時に、終了ポリシーで削除する
/// → Auto Scalingグループ is no argument of the sentence's subject
/// ```
fn says_when(tokens: &[Token], at: usize) -> bool {
    let k = after_auxiliaries(tokens, at);
    if !tokens.get(k).is_some_and(|t| {
        t.pos().starts_with("名詞") && CIRCUMSTANCE_NOUNS.contains(&t.surface.as_str())
    }) {
        return false;
    }
    // 「Xは…する際に使用する」: what a thing is used for is its purpose, no
    // scene.
    !governing_verb_at(tokens, k + 1).is_some_and(|(_, verb)| USE_VERBS.contains(&verb.as_str()))
}

/// Verbs of using something: after a clause that says when, that clause is
/// the purpose of the thing used.
const USE_VERBS: &[&str] = &["使用する", "利用する", "使う", "用いる"];

/// The naming verb when a mention is the name a sentence gives:
/// 「…を「Z」という」「…を「Z」と呼ぶ」.
fn naming(tokens: &[Token], mention: &Mention) -> Option<&'static str> {
    let end = mention.term_end;
    match tokens.get(end).map(|t| t.surface.as_str()) {
        Some("という") => tokens
            .get(end + 1)
            .is_none_or(|t| t.pos().starts_with("記号") || t.pos().starts_with("助動詞"))
            .then_some("いう"),
        Some("と") => tokens.get(end + 1).and_then(|t| match t.base().as_str() {
            "いう" | "言う" => Some("いう"),
            "呼ぶ" => Some("呼ぶ"),
            _ => None,
        }),
        _ => None,
    }
}

/// Whether a mention is what something is likened to: 「Xのような」「Xのように」.
///
/// ```text
/// Amazon SQSのようなキューを介す仕組みを「メッセージキューイング」という
/// → relation | Amazon SQS | いう | メッセージキューイング
/// ```
fn likened(tokens: &[Token], mention: &Mention) -> bool {
    tokens
        .get(mention.term_end)
        .is_some_and(|t| t.surface == "の")
        && tokens
            .get(mention.term_end + 1)
            .is_some_and(|t| t.surface == "よう")
}

/// Whether the token after a mention is one of `particles`.
fn followed_by(tokens: &[Token], mention: &Mention, particles: &[&str]) -> bool {
    let end = mention.term_end;
    tokens
        .get(end)
        .is_some_and(|t| particles.contains(&t.surface.as_str()) && t.pos().starts_with("助詞"))
        || tokens
            .get(end)
            .is_some_and(|t| t.surface == "で" || t.surface == "に")
            && tokens.get(end + 1).is_some_and(|t| t.surface == "は")
}

/// Whether a mention is the term a sentence defines: 「Xとは、…」. The
/// definition speaks of X, so X is its subject.
///
/// ```text
/// Glueとは、Redshiftのテーブルを整える道具
/// → relation | Glue | 整える | Redshift
/// ```
fn defined_topic(tokens: &[Token], mention: &Mention) -> bool {
    let end = mention.term_end;
    tokens
        .get(end)
        .is_some_and(|t| t.surface == "と" && t.pos().starts_with("助詞,格助詞,引用"))
        && tokens
            .get(end + 1)
            .is_some_and(|t| t.surface == "は" && t.pos().starts_with("助詞"))
}

/// A clause that ends in a verbal noun, as terse notes write them
/// (「パーミッションを変更」「psで確認、killで終了」): the noun right after
/// the argument's particle, closing the clause, is its verb (「変更する」).
fn verbal_noun_end(tokens: &[Token], particle: usize) -> Option<(usize, String)> {
    let at = particle + 1;
    let noun = tokens.get(at)?;
    // (「実行、管理する」 co-ordinates the noun with a verb after the comma.)
    let coordinated = tokens
        .get(at + 2..)
        .unwrap_or_default()
        .iter()
        .take_while(|t| !matches!(t.surface.as_str(), "。" | "、" | ","))
        .any(|t| t.pos().starts_with("動詞") || t.pos().starts_with("助動詞"));
    let closes = tokens.get(at + 1).is_none_or(|t| match t.surface.as_str() {
        "。" | ")" | "」" => true,
        "、" | "," => !coordinated,
        _ => false,
    });
    (tokens[particle].pos().starts_with("助詞,格助詞")
        && noun.pos().starts_with("名詞,サ変接続")
        && closes)
        .then(|| (at, format!("{}する", noun.surface)))
}

/// Nouns of a place relative to a thing: 前段/後段 "in front of/behind",
/// 手前 "before", 背後 "behind", 配下 "under", 内側/外側 "inside/outside",
/// 隣 "next to".
const PLACE_NOUNS: &[&str] = &["前段", "後段", "手前", "背後", "配下", "内側", "外側", "隣"];

/// Where the particle of a place beside a mention is: 「Xの前段に」 → に.
///
/// ```text
/// ALBの前段にAWS WAFを置く → AWS WAF is put at ALB
/// ```
fn beside(tokens: &[Token], term_end: usize) -> Option<usize> {
    (tokens.get(term_end)?.surface == "の"
        && PLACE_NOUNS.contains(&tokens.get(term_end + 1)?.surface.as_str())
        && matches!(
            tokens.get(term_end + 2)?.surface.as_str(),
            "に" | "へ" | "で" | "から"
        ))
    .then_some(term_end + 2)
}

/// Whether a mention owns the sentence's topic: 「XのYは」, Y a plain noun
/// phrase that names no concept. The sentence speaks of X's Y, so X is its
/// subject.
///
/// ```text
/// Amazon DynamoDBのデータはパーティションという単位で分散して保存される
/// → relation | Amazon DynamoDB | 分散する | パーティション
/// ```
fn owns_topic(tokens: &[Token], mention: &Mention) -> bool {
    let end = mention.term_end;
    if !tokens
        .get(end)
        .is_some_and(|t| t.surface == "の" && t.pos().starts_with("助詞,連体化"))
    {
        return false;
    }
    let mut k = end + 1;
    while tokens.get(k).is_some_and(|t| {
        t.pos().starts_with("名詞") || t.pos().starts_with("接頭詞") || t.surface == "の"
    }) {
        k += 1;
    }
    // (「Xの場合は」「Xの時は」 say when, not whose.)
    k > end + 1
        && tokens[k - 1].pos().starts_with("名詞")
        && !matches!(tokens[k - 1].pos_minor(), "副詞可能" | "非自立" | "数")
        && tokens
            .get(k)
            .is_some_and(|t| t.surface == "は" && t.pos().starts_with("助詞"))
}

/// Whether a mention's clause describes the sentence's topic: 「Xに保存された
/// Yは」, Y a noun that names no concept. The sentence speaks of the Y that
/// belongs with X, so X is its subject.
///
/// ```text
/// Amazon S3に置かれたログは、Amazon Athenaで分析できる
/// → relation | Amazon S3 | 分析する | Amazon Athena
/// ```
fn describes_topic(tokens: &[Token], mentions: &[Mention], particle: &str, at: usize) -> bool {
    if !matches!(particle, "に" | "で" | "から" | "へ") {
        return false;
    }
    let Some(head) = relative_head(tokens, at) else {
        return false;
    };
    tokens
        .get(head.end)
        .is_some_and(|t| t.surface == "は" && t.pos().starts_with("助詞"))
        && !mentions
            .iter()
            .any(|m| m.token_range.start < head.end && m.term_end > head.start)
}

/// Words after 「Xと」 that set X beside the subject instead of making it an
/// argument: 「Xと同じく」「Xと同様に」「Xと異なり」「Xと比べて」.
const LIKENESS_WORDS: &[&str] = &[
    "同じく",
    "同じ",
    "同様",
    "異なり",
    "違い",
    "反対",
    "逆",
    "比べ",
];

/// Whether a mention is set beside the subject, not an argument of a verb:
/// 「Xと同じく」「Xと異なり」, or 「Xより(も)」 (a comparison).
///
/// ```text
/// Amazon Auroraは、Amazon RDSと同じくマネージドなデータベースを提供する
/// → Amazon RDS is no argument of 提供する
/// ```
fn set_beside(tokens: &[Token], mention: &Mention) -> bool {
    let particle = tokens.get(mention.term_end).map(|t| t.surface.as_str());
    let next = tokens.get(mention.term_end + 1).map(|t| t.surface.as_str());
    match particle {
        Some("より") => true,
        Some("と") => next.is_some_and(|w| LIKENESS_WORDS.contains(&w)),
        _ => false,
    }
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

/// The last mention of the list that starts at mention `i`, where an item
/// may be a noun phrase a mention qualifies (「AのX、BのYを」「AやBのX、Cを」):
/// the list's case particle is that of its last item.
///
/// ```text
/// Amazon EC2のログ、AWS Lambdaの出力を集める → both are arguments of 集める
/// ```
fn list_end(tokens: &[Token], mentions: &[Mention], i: usize) -> usize {
    let mut last = i;
    loop {
        let mut k = mentions[last].term_end;
        if tokens
            .get(k)
            .is_some_and(|t| t.surface == "の" && t.pos().starts_with("助詞,連体化"))
        {
            let start = k + 1;
            k = start;
            while tokens
                .get(k)
                .is_some_and(|t| is_nounish(t) || t.pos().starts_with("名詞"))
            {
                k += 1;
            }
            if k == start {
                break;
            }
        }
        let Some(next) = (last + 1..mentions.len()).find(|&j| mentions[j].token_range.start >= k)
        else {
            break;
        };
        if !joins(tokens, k..mentions[next].token_range.start) {
            break;
        }
        last = next;
    }
    last
}

/// A cleft sentence, 「Xで保護できるのは、A、Bである」: a clause made a noun
/// by 「の」 and set as the topic by は/も, whose verb the focus after it
/// completes. The position of that 「の」, and the verb (its token, base form).
fn cleft(tokens: &[Token], range: &std::ops::Range<usize>) -> Option<(usize, usize, String)> {
    let nominal = (range.start + 1..range.end.min(tokens.len()).saturating_sub(1)).find(|&k| {
        tokens[k].surface == "の"
            && tokens[k].pos().starts_with("名詞,非自立")
            && matches!(tokens[k + 1].surface.as_str(), "は" | "も")
            && tokens[k + 1].pos().starts_with("助詞")
    })?;
    // Back over the auxiliaries to the verb (「対応している」「保護できる」).
    let mut v = nominal - 1;
    while v > range.start {
        let t = &tokens[v];
        let auxiliary = t.pos().starts_with("助動詞")
            || t.pos().starts_with("動詞,非自立")
            || t.pos().starts_with("動詞,接尾")
            || (t.pos().starts_with("助詞,接続助詞") && matches!(t.surface.as_str(), "て" | "で"))
            || (t.base() == "できる"
                && tokens[v - 1].pos().starts_with("動詞,自立")
                && tokens[v - 1].byte_range.end == t.byte_range.start);
        if !auxiliary {
            break;
        }
        v -= 1;
    }
    let verb = &tokens[v];
    if !(verb.pos().starts_with("動詞,自立") || verb.pos().starts_with("形容詞,自立")) {
        return None;
    }
    let name = match tokens.get(v.wrapping_sub(1)) {
        Some(noun)
            if v > range.start
                && matches!(verb.base().as_str(), "する" | "できる")
                && is_nounish(noun)
                && noun.byte_range.end == verb.byte_range.start =>
        {
            format!("{}する", noun.surface)
        }
        _ => verb.base().to_string(),
    };
    Some((nominal, v, name))
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
fn section_concepts<'l>(input: &'l Input, lexicon: &'l Lexicon) -> Sections<'l> {
    let nodes = &input.outline.nodes;
    let mut own: Vec<Option<Mention>> = Vec::with_capacity(nodes.len());
    let mut sections: Vec<Option<usize>> = Vec::with_capacity(nodes.len());
    let mut whole: Vec<Option<Vec<Mention>>> = vec![None; nodes.len()];
    for (index, node) in nodes.iter().enumerate() {
        let concept = if node.kind == NodeKind::Text {
            None
        } else {
            let node_tokens = input.node_tokens(index);
            // A heading glossed in brackets names what precedes the gloss
            // (「ボリュームゲートウェイ:キャッシュ型(ボリューム単位)」).
            match lexicon
                .resolve(&node.text)
                .or_else(|| lexicon.resolve(&super::definition::term_name(&node.text)))
            {
                Some((name, generic, known)) => Some(Mention {
                    name,
                    token_range: 0..0,
                    term_end: 0,
                    generic,
                    known,
                }),
                // A heading that names several things (「SQSとSNS」) is about
                // none of them alone.
                None => {
                    let mentions =
                        lexicon.mentions(&node.text, node_tokens, &(0..node_tokens.tokens.len()));
                    let concept = (mentions.len() < 2
                        || chain_end(&node_tokens.tokens, &mentions, 0) == 0)
                        .then(|| mentions.first().cloned())
                        .flatten();
                    whole[index] = Some(mentions);
                    concept
                }
            }
        };
        let section = node
            .parent
            .and_then(|p| own[p].is_some().then_some(p).or(sections[p]));
        own.push(concept);
        sections.push(section);
    }
    Sections {
        own,
        sections,
        whole,
    }
}

/// What [`section_concepts`] finds, per node.
struct Sections<'l> {
    /// The concept the node names itself.
    own: Vec<Option<Mention<'l>>>,
    /// The node whose concept is the node's section's.
    sections: Vec<Option<usize>>,
    /// The mentions of all the node's tokens, where they were looked for
    /// (a sentence that spans those tokens takes them).
    whole: Vec<Option<Vec<Mention<'l>>>>,
}

/// The concept a line's label names, 「外部キー:他の表の主キーを参照する列」
/// → 外部キー: a short label before the first colon that resolves to a
/// concept of the document.
///
/// ```text
/// ブリッジ:MACアドレスをもとにフレームを中継する
/// → relation | ブリッジ | 中継する | MACアドレス
/// ```
fn labelled_concept<'l>(text: &str, lexicon: &'l Lexicon) -> Option<Mention<'l>> {
    // (':' is ASCII: a byte search finds it.)
    let colon = memchr::memchr(b':', text.as_bytes())?;
    let label = super::definition::term_name(&text[..colon]);
    if label.is_empty()
        || label.chars().count() > LABEL_CHARS
        || text[colon + 1..].trim().is_empty()
    {
        return None;
    }
    let (name, generic, known) = lexicon.resolve(&label)?;
    Some(Mention {
        name,
        token_range: 0..0,
        term_end: 0,
        generic,
        known,
    })
}

/// Whether a line ends in a verb (「…を分析する」), not in a noun or a
/// copula.
fn ends_in_action(tokens: &[Token]) -> bool {
    tokens
        .iter()
        .rev()
        .find(|t| !t.pos().starts_with("記号"))
        .is_some_and(|t| {
            t.pos().starts_with("動詞")
                || (t.pos().starts_with("助動詞") && !matches!(t.base().as_str(), "だ" | "です"))
        })
}

/// The longest label [`labelled_concept`] reads.
const LABEL_CHARS: usize = 25;

#[cfg(test)]
mod tests {
    use crate::extract::FactKind;
    use crate::testing;

    /// The relation rows (`subject|predicate|object`) found in a piece of notes.
    fn relations(notes: &str) -> Vec<String> {
        testing::process("example.txt", notes)
            .extraction
            .facts
            .iter()
            .filter(|f| f.kind == FactKind::Relation)
            .map(|f| format!("{}|{}|{}", f.subject, f.predicate, f.object))
            .collect()
    }

    #[test]
    fn a_lone_mention_is_tied_only_to_the_section_concept() {
        let rows = relations("AWS Lambda\nAmazon SQSからメッセージを読み取る");
        assert_eq!(rows, ["AWS Lambda|読み取る|Amazon SQS"]);
        assert!(relations("Amazon SQSからメッセージを読み取る").is_empty());
        assert!(relations("Amazon SQS\nAmazon SQSからメッセージを読み取る").is_empty());
    }

    #[test]
    fn a_term_set_beside_the_subject_is_no_argument() {
        let rows = relations("Amazon Auroraは、Amazon RDSと同じくAWS Backupでバックアップを取る");
        assert!(
            rows.contains(&"Amazon Aurora|取る|AWS Backup".to_string()),
            "{rows:?}"
        );
        assert!(rows.iter().all(|r| !r.contains("Amazon RDS")), "{rows:?}");
        let rows = relations("Amazon DynamoDBはAmazon RDSよりも高速に読み込める");
        assert!(rows.iter().all(|r| !r.contains("Amazon RDS")), "{rows:?}");
    }

    #[test]
    fn the_owner_of_the_topic_is_the_subject() {
        let rows = relations("Amazon Auroraのストレージは6つのコピーをAmazon S3へバックアップする");
        assert_eq!(rows, ["Amazon Aurora|バックアップする|Amazon S3"]);
        // 「Xの場合は」 says when, not whose.
        let rows = relations("Amazon SNS\nAmazon SQSの場合はAWS Lambdaからポーリングする");
        assert!(
            rows.iter().all(|r| !r.starts_with("Amazon SQS|")),
            "{rows:?}"
        );
    }

    #[test]
    fn a_clause_describing_the_topic_names_its_owner() {
        let rows = relations("Amazon S3に置かれたログは、Amazon Athenaで分析できる");
        assert_eq!(rows, ["Amazon S3|分析する|Amazon Athena"]);
    }

    #[test]
    fn a_clause_before_the_named_subject_takes_the_section_concept() {
        let rows = relations("AWS Lambda\nAmazon SQSと連携すると、メッセージが関数に渡される");
        assert_eq!(rows, ["AWS Lambda|連携する|Amazon SQS"]);
    }

    #[test]
    fn a_clause_describing_another_concept_is_that_concepts() {
        let rows =
            relations("AWS Configには、Amazon S3を監視する「マネージドルール」という仕組みがある");
        assert!(
            rows.iter().all(|r| r != "AWS Config|監視する|Amazon S3"),
            "{rows:?}"
        );
    }

    #[test]
    fn kinds_listed_under_the_topic_are_no_relations() {
        let rows = relations(
            "EC2のストレージ\nEC2インスタンスのディスクは、用途によって主に「Amazon EBS」と「インスタンスストア」がある\n・Amazon EBS(ネットワーク接続)\n・インスタンスストア",
        );
        assert!(rows.iter().all(|r| !r.contains("|ある|")), "{rows:?}");
    }

    #[test]
    fn listed_or_qualifying_first_mentions_are_no_subject() {
        let rows = relations("Amazon VPCのセキュリティグループとAWS WAFを利用する");
        assert!(
            rows.iter().all(|r| !r.starts_with("Amazon VPC|")),
            "{rows:?}"
        );
        // (An owner of a noun that names no concept may act: 「Xの結果を」.)
        let rows = relations("Amazon Athenaの結果をAmazon QuickSightで可視化する");
        assert_eq!(rows, ["Amazon Athena|可視化する|Amazon QuickSight"]);
        let rows = relations("Amazon SQSとAWS Lambdaを利用する");
        assert!(
            rows.iter().all(|r| !r.starts_with("Amazon SQS|")),
            "{rows:?}"
        );
        let rows = relations("Amazon SQSからAWS Lambdaを呼び出す");
        assert_eq!(rows, ["Amazon SQS|呼び出す|AWS Lambda"]);
    }

    #[test]
    fn a_label_names_its_values_subject() {
        let rows = relations("Amazon SQS\n・AWS Lambda:Amazon DynamoDBのストリームを読み取る");
        assert!(
            rows.contains(&"AWS Lambda|読み取る|Amazon DynamoDB".to_string()),
            "{rows:?}"
        );
        assert!(
            rows.iter().all(|r| !r.starts_with("Amazon SQS|")),
            "{rows:?}"
        );
    }

    #[test]
    fn a_place_beside_a_concept_is_its_argument() {
        let rows = relations("Amazon VPC\nNLBの前段にAWS Global Acceleratorを置く");
        assert_eq!(rows, ["AWS Global Accelerator|置く|NLB"]);
    }

    #[test]
    fn a_clause_may_end_in_a_verbal_noun() {
        let rows =
            relations("Amazon EC2\n- IAMロール:Amazon S3へのアクセスを許可、Amazon RDSに接続");
        assert!(
            rows.contains(&"IAMロール|接続する|Amazon RDS".to_string()),
            "{rows:?}"
        );
        // 「実行、管理する」: the noun shares the verb after the comma.
        let rows = relations("Amazon ECSはAmazon EC2を起動、管理するサービス");
        assert!(rows.iter().all(|r| !r.contains("|起動する|")), "{rows:?}");
    }

    #[test]
    fn with_no_subject_the_means_acts() {
        let rows = relations(
            "Amazon S3\nAmazon CloudFrontでバケットをオリジンに設定し、AWS WAFを関連付ける",
        );
        assert!(
            rows.contains(&"Amazon CloudFront|関連付ける|AWS WAF".to_string()),
            "{rows:?}"
        );
        assert!(
            rows.contains(&"Amazon S3|設定する|Amazon CloudFront".to_string()),
            "{rows:?}"
        );
        assert!(
            rows.iter().all(|r| r != "Amazon S3|関連付ける|AWS WAF"),
            "{rows:?}"
        );
    }

    #[test]
    fn a_clause_that_says_when_sets_the_scene() {
        let rows =
            relations("AWS KMSはデータをAmazon EBSに書き込むときにAWS CloudHSMの鍵で暗号化する");
        assert!(rows.iter().all(|r| !r.contains("Amazon EBS")), "{rows:?}");
        // 「…する際に使用する」: the clause is what the thing is used for.
        let rows = relations("IAMロールはAWS LambdaからAmazon DynamoDBにアクセスする際に使用する");
        assert!(
            rows.contains(&"IAMロール|アクセスする|Amazon DynamoDB".to_string()),
            "{rows:?}"
        );
    }

    #[test]
    fn a_general_concept_before_a_loanword_names_a_kind_of_its_own() {
        let rows = relations("AWS Outpostsはオンプレミスデータセンターに設置する");
        assert_eq!(rows, ["AWS Outposts|設置する|オンプレミスデータセンター"]);
    }

    #[test]
    fn a_heading_naming_two_things_is_about_neither() {
        let rows = relations(
            "## Amazon SNSとAmazon SQS\n- Amazon EventBridgeからAWS Lambdaへ通知する構成もある",
        );
        assert_eq!(rows, ["Amazon EventBridge|通知する|AWS Lambda"]);
    }

    #[test]
    fn a_plus_sign_combines_two_concepts() {
        let rows = relations("A. Amazon SQS + AWS Lambda の構成にする");
        assert_eq!(rows, ["Amazon SQS|組み合わせる|AWS Lambda"]);
    }

    #[test]
    fn a_negated_verb_ties_nothing() {
        for notes in [
            "VPCエンドポイントはNATゲートウェイを経由せずにAmazon S3へ接続する",
            "プライベートサブネットはインターネットゲートウェイへのルートを持たない",
            "Amazon S3はAmazon EC2を使いません",
            "CloudFrontはZone Apexに設定できない",
        ] {
            let rows = relations(notes);
            assert!(
                rows.iter().all(|r| !r.contains("経由")
                    && !r.contains("持つ")
                    && !r.contains("使う")
                    && !r.contains("設定")),
                "{notes}: {rows:?}"
            );
        }
        // The clause's subject stays the subject of the verb that is not negated.
        let rows = relations(
            "NATインスタンスは、NATゲートウェイでは利用できないポート転送機能を設定できる。",
        );
        assert!(
            rows.iter().all(|r| !r.starts_with("NATゲートウェイ|")),
            "{rows:?}"
        );
    }

    #[test]
    fn a_joining_verb_joins_the_pair() {
        let rows = relations("Amazon EventBridgeはAmazon SNSとAWS Lambdaを連携する");
        assert!(
            rows.contains(&"Amazon SNS|連携する|AWS Lambda".to_string()),
            "{rows:?}"
        );
        assert!(
            rows.iter().all(|r| !r.starts_with("Amazon EventBridge|")),
            "{rows:?}"
        );
    }

    #[test]
    fn a_concept_name_with_a_domain_word_after_it_names_a_part() {
        let rows = relations("Amazon RDSエンドポイントとAmazon EC2を接続する");
        assert_eq!(rows, ["Amazon RDSエンドポイント|接続する|Amazon EC2"]);
    }

    #[test]
    fn kinds_said_to_exist_are_a_list_not_relations() {
        let notes = "Amazon EC2のストレージにはAmazon EBSとインスタンスストアの2種類がある";
        let rows = relations(notes);
        assert!(rows.iter().all(|r| !r.contains("|ある|")), "{rows:?}");
        let listed = testing::process("example.txt", notes)
            .extraction
            .facts
            .iter()
            .filter(|f| f.kind == FactKind::Enumeration)
            .count();
        assert_eq!(listed, 2);
    }

    #[test]
    fn a_gloss_in_brackets_belongs_to_its_term() {
        let rows =
            relations("Amazon Auroraは、AWS Backup(Amazon EBSを保護するサービス)から復元できる");
        assert!(rows.iter().any(|r| r.ends_with("|AWS Backup")), "{rows:?}");
        assert!(rows.iter().all(|r| !r.contains("Amazon EBS")), "{rows:?}");
    }

    #[test]
    fn a_mention_before_the_topic_qualifies_it() {
        let rows = relations("Amazon Athenaで検索可能なAWS CloudTrailには操作の記録も含まれる");
        assert!(
            rows.iter().all(|r| !r.contains("Amazon Athena")),
            "{rows:?}"
        );
    }

    #[test]
    fn a_name_given_is_no_relation() {
        let rows = relations("Amazon SNSでは、通知を受け取る側を「サブスクライバー」と呼ぶ");
        assert!(
            rows.iter().all(|r| !r.contains("サブスクライバー")),
            "{rows:?}"
        );
    }

    #[test]
    fn a_guessed_subject_skips_clauses_that_describe_a_noun() {
        let rows = relations("AWS Backup\nAmazon EBSに保存されたデータの複製を管理する");
        assert!(rows.iter().all(|r| !r.contains("Amazon EBS")), "{rows:?}");
    }

    #[test]
    fn a_defined_term_is_the_subject_of_its_definition() {
        let rows = relations(
            "Amazon Inspectorとは、Amazon EC2やAmazon ECRのイメージ、AWS Lambdaの関数を評価するサービスを指す",
        );
        for object in ["Amazon EC2", "Amazon ECR", "AWS Lambda"] {
            assert!(
                rows.contains(&format!("Amazon Inspector|評価する|{object}")),
                "{object}: {rows:?}"
            );
        }
    }

    #[test]
    fn a_middle_dot_lists_concepts() {
        let rows = relations("AWS DataSyncはAmazon S3・Amazon EFS・Amazon FSxへデータを転送する");
        for object in ["Amazon S3", "Amazon EFS", "Amazon FSx"] {
            assert!(
                rows.contains(&format!("AWS DataSync|転送する|{object}")),
                "{object}: {rows:?}"
            );
        }
    }

    #[test]
    fn the_focus_of_a_cleft_completes_its_clause() {
        let rows = relations("AWS WAFで保護できるのは、Amazon CloudFrontとAmazon API Gatewayだ");
        for object in ["Amazon CloudFront", "Amazon API Gateway"] {
            assert!(
                rows.contains(&format!("AWS WAF|保護する|{object}")),
                "{object}: {rows:?}"
            );
        }
        // With no subject or means in the clause, the focus acts.
        let rows = relations("Amazon EC2から接続できるのは、AWS Lambdaの方だ");
        assert_eq!(rows, ["AWS Lambda|接続する|Amazon EC2"]);
    }

    #[test]
    fn a_mention_marked_by_mo_after_a_topic_is_an_object() {
        let rows = relations(
            "AWS Transit GatewayにはAmazon VPCを接続でき、AWS Site-to-Site VPNやAWS Direct Connectもアタッチできる",
        );
        assert!(
            rows.contains(&"AWS Transit Gateway|アタッチする|AWS Direct Connect".to_string()),
            "{rows:?}"
        );
        // Another argument before the verb makes it a subject of its own.
        let rows = relations("Amazon S3はAWS KMSで暗号化でき、Amazon EBSもAWS KMSで暗号化できる");
        assert!(
            rows.iter().all(|r| r != "Amazon S3|暗号化する|Amazon EBS"),
            "{rows:?}"
        );
    }

    #[test]
    fn a_sentence_with_no_subject_speaks_of_the_concept_defined_before_it() {
        let rows = relations(
            "## Amazon VPC\nNATゲートウェイは、外へ出る通信を中継する部品です。\nElastic IPアドレスを割り当てて使います。",
        );
        assert!(
            rows.contains(&"NATゲートウェイ|割り当てる|Elastic IPアドレス".to_string()),
            "{rows:?}"
        );
        // A topic the sentence says something of, not defines, is not carried.
        let rows = relations(
            "## Amazon VPC\nNATゲートウェイは、外へ出る通信を中継する。\nElastic IPアドレスを割り当てて使います。",
        );
        assert!(
            rows.iter().all(|r| !r.starts_with("NATゲートウェイ|")),
            "{rows:?}"
        );
    }

    #[test]
    fn a_kinds_short_name_as_topic_names_the_kind() {
        let rows = relations(
            "## Amazon VPC\nゲートウェイ型エンドポイントは経路を足す方式です。\n\nインターフェイス型エンドポイントは部品を作る方式です。\n\nゲートウェイ型はAmazon S3に対応する。",
        );
        assert!(
            rows.contains(&"ゲートウェイ型エンドポイント|対応する|Amazon S3".to_string()),
            "{rows:?}"
        );
        assert!(
            rows.iter().all(|r| !r.starts_with("Amazon VPC|")),
            "{rows:?}"
        );
    }

    #[test]
    fn an_unknown_label_before_an_action_is_what_the_section_acts_on() {
        let rows = relations(
            "Amazon Kinesis\n・インプットソース：Amazon S3やAmazon EFSから記録を読み込む",
        );
        assert!(
            rows.contains(&"Amazon Kinesis|読み込む|Amazon S3".to_string()),
            "{rows:?}"
        );
        assert!(
            rows.iter().all(|r| !r.starts_with("インプットソース|")),
            "{rows:?}"
        );
        // A kind named after the section's concept still acts.
        let rows =
            relations("Amazon Kinesis\n・Kinesis Pro：Amazon S3やAmazon EFSから記録を読み込む");
        assert!(
            rows.contains(&"Kinesis Pro|読み込む|Amazon S3".to_string()),
            "{rows:?}"
        );
    }

    #[test]
    fn counted_or_qualified_compounds_are_no_concepts() {
        // 「各リージョン」 selects regions; 「数千IOPS」 is a quantity.
        let rows = relations(
            "Amazon DynamoDBは各リージョンにある複数のテーブルへ書き込む。\nAmazon EBSは数千IOPSを発揮する",
        );
        assert!(
            rows.iter()
                .all(|r| !r.contains("各リージョン") && !r.contains("数千IOPS")),
            "{rows:?}"
        );
    }
}
