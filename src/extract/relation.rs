//! Relations: sentences that tie one concept to another through particles
//! and verbs.
//!
//! Rows: `relation | concept | verb (base form) | concept`, both ends named
//! by the catalog.

use super::text::{governing_verb, sentences, tokens_in};
use super::{FactKind, Input, Rule};
use crate::outline::NodeKind;
use crate::tokens::Term;

/// A sentence that names two catalog concepts: the one marked by は/が (or
/// else the topic the sentence sits under) is tied to each other one by the
/// verb that governs it.
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
    ],
    run: |input, sink| {
        for (index, node) in input.outline.nodes.iter().enumerate() {
            if node.kind == NodeKind::TableRow {
                continue;
            }
            let node_tokens = input.node_tokens(index);
            let topic_concept = input
                .outline
                .context(index)
                .iter()
                .rev()
                .find_map(|t| concept_in(input, t));
            for range in sentences(&node.text) {
                let token_range = tokens_in(&node_tokens.tokens, &range);
                let mentions: Vec<(&Term, String)> = node_tokens
                    .terms
                    .iter()
                    .filter(|t| token_range.contains(&t.token_range.start))
                    .filter_map(|t| input.catalog.lookup(&t.text).map(|e| (t, e.name.clone())))
                    .collect();
                let subject = mentions
                    .iter()
                    .find(|(t, _)| marked_as_subject(&node_tokens.tokens, t))
                    .map(|(_, name)| name.clone())
                    .or_else(|| topic_concept.clone())
                    .or_else(|| mentions.first().map(|(_, name)| name.clone()));
                let Some(subject) = subject else { continue };
                let group = sink.group();
                for (term, name) in &mentions {
                    if *name == subject {
                        continue;
                    }
                    if let Some(verb) = governing_verb(&node_tokens.tokens, term.token_range.end) {
                        sink.push(
                            input,
                            index,
                            FactKind::Relation,
                            &subject,
                            &verb,
                            name,
                            SENTENCE.name,
                            group,
                        );
                    }
                }
            }
        }
    },
};

/// Whether the term is followed by は or が (the topic or subject particle).
fn marked_as_subject(tokens: &[crate::tokens::Token], term: &Term) -> bool {
    tokens
        .get(term.token_range.end)
        .is_some_and(|t| (t.surface == "は" || t.surface == "が") && t.pos.starts_with("助詞"))
}

/// The catalog concept a heading names, if any (its longest known prefix word).
fn concept_in(input: &Input, heading: &str) -> Option<String> {
    if let Some(entry) = input.catalog.lookup(heading) {
        return Some(entry.name.clone());
    }
    let head = heading.split(['の', '(', ' ', '「']).next()?;
    input.catalog.lookup(head).map(|e| e.name.clone())
}
