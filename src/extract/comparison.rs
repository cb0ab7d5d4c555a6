//! Comparisons: two or more concepts contrasted attribute by attribute.
//!
//! Rows: `comparison | entity | attribute | value`, one per cell.

use std::collections::{BTreeSet, HashSet};

use super::{FactKind, Input, Rule};
use crate::outline::NodeKind;

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
                let name = input.outline.nodes[*entity].text.clone();
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
    // Label, value, label, value … as plain lines.
    let texts: Vec<usize> = children
        .iter()
        .copied()
        .filter(|&c| nodes[c].kind == NodeKind::Text)
        .collect();
    if texts.len() >= 4 && texts.len() == children.len() {
        let pairs: Vec<(String, String)> = texts
            .chunks(2)
            .filter(|p| p.len() == 2 && nodes[p[0]].text.chars().count() <= 8)
            .map(|p| (nodes[p[0]].text.clone(), nodes[p[1]].text.clone()))
            .collect();
        if pairs.len() * 2 >= texts.len() - 1 {
            return pairs;
        }
    }
    Vec::new()
}
