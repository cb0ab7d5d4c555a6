//! Property tests: reading, outline and extraction never panic and always
//! finish on arbitrary bytes and on arbitrary notes-like text. Run longer with
//! `PROPTEST_CASES=20000 cargo test --release --test properties`.

use proptest::prelude::*;

/// Runs bytes through the whole pipeline; only errors, never a panic.
fn pipeline_survives(bytes: &[u8]) {
    if let Ok(source) = kioku::source::decode("fuzz.txt", "fuzz.txt".as_ref(), bytes) {
        let outline = kioku::outline::parse(&source);
        assert!(outline.nodes.len() + outline.diagnostics.len() <= source.lines.len());
        if let Ok(processed) = kioku::testing::pipeline().process(source) {
            let graph = kioku::graph::ConceptGraph::from_extraction(
                &processed.extraction,
                &kioku::testing::pipeline().catalog,
            );
            let mut sink = Vec::new();
            kioku::export::triples::write(&graph, &mut sink).unwrap();
            kioku::export::dot::write(
                &graph,
                &kioku::export::ExportOptions {
                    deck_root: "k".into(),
                    stem: "f".into(),
                },
                &mut sink,
            )
            .unwrap();
            kioku::export::json::write(&graph, &mut sink).unwrap();
        }
    }
}

/// Pieces notes are made of: markers, particles, brackets, terms, line ends.
const PIECES: &[&str] = &[
    "・",
    "- ",
    "* ",
    "● ",
    "■",
    "①",
    "1. ",
    "(1) ",
    "※",
    "【",
    "】",
    "# ",
    "## ",
    "| ",
    " |",
    "---",
    "```",
    "「",
    "」",
    "『",
    "』",
    "(",
    ")",
    "（",
    "）",
    ":",
    "：",
    "、",
    "。",
    ",",
    "\n",
    "\r\n",
    "  ",
    "\t",
    "\u{3000}",
    "は",
    "が",
    "を",
    "に",
    "の",
    "と",
    "とは",
    "のこと",
    "という",
    "と呼ぶ",
    "以下の3つ",
    "(3つある)",
    "・",
    "という",
    "といった",
    "の前段に",
    "とは",
    "で実現可能なこと",
    "する際に",
    "を変更",
    "の場合は",
    "に保存された",
    "など)",
    "2種類がある",
    "に対して",
    "一方、",
    "Amazon S3",
    "AWS Lambda",
    "EFS",
    "Elastic File System",
    "セキュリティグループ",
    "冗長化",
    "サービス",
    "する",
    "できる",
    "<script>",
    "\"",
    "\\",
    "{",
    "}",
    "=",
    "@",
    "💥",
    "\u{feff}",
    "ｶﾅ",
    "ＡＷＳ",
];

fn notes_like() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..200).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256),
        ..ProptestConfig::default()
    })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        pipeline_survives(&bytes);
    }

    #[test]
    fn notes_like_text_never_panics(text in notes_like()) {
        pipeline_survives(text.as_bytes());
    }
}

/// Inputs that once broke something, kept as regressions.
#[test]
fn regressions() {
    for case in [
        "",
        "(",
        "「」は",
        "とは",
        "・\n・",
        "は、は、は",
        "X(Y:)",
        "(:)",
        "以下の3つ\n",
        "AはBに対して、",
    ] {
        pipeline_survives(case.as_bytes());
    }
}
