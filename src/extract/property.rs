//! Properties: the features a topic lists for a concept.
//!
//! Rows: `property | concept | has | feature as written`.

use super::{FactKind, Rule};
use crate::outline::NodeKind;

/// Heading endings that announce features of what precedes them:
/// 特徴 "features", メリット "merits", デメリット "drawbacks", 利点 "advantages".
const FEATURE_WORDS: &[&str] = &["の特徴", "のメリット", "のデメリット", "の利点", "の欠点"];

/// 「Xの特徴」 with bullets under it: X has each bullet.
///
/// ```text
/// オブジェクトストレージの特徴
/// ・容量無制限
/// ・高い耐久性
/// → property | オブジェクトストレージ | has | 容量無制限
/// ```
pub static FEATURE_BULLETS: Rule = Rule {
    name: "property/feature-bullets",
    kind: FactKind::Property,
    examples: &[
        (
            "オブジェクトストレージの特徴\n・容量無制限\n・高い耐久性",
            "property|オブジェクトストレージ|has|容量無制限",
        ),
        (
            "## サーバーレスのメリット\n- 運用負荷が小さい\n- 従量課金",
            "property|サーバーレス|has|従量課金",
        ),
    ],
    run: |input, sink| {
        for (index, node) in input.outline.nodes.iter().enumerate() {
            if !matches!(node.kind, NodeKind::Topic | NodeKind::Heading) {
                continue;
            }
            let Some(concept) = FEATURE_WORDS.iter().find_map(|w| node.text.strip_suffix(w)) else {
                continue;
            };
            let group = sink.group();
            for child in input.outline.children(index) {
                if matches!(input.kind(child), NodeKind::Bullet | NodeKind::Numbered) {
                    sink.push(
                        input,
                        child,
                        FactKind::Property,
                        concept,
                        "has",
                        &input.outline.nodes[child].text,
                        FEATURE_BULLETS.name,
                        group,
                    );
                }
            }
        }
    },
};
