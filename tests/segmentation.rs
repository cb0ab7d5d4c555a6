//! kioku drives lindera's Viterbi lattice itself (`Tokenizer::segment_into`)
//! rather than through lindera's `Segmenter`: the two must cut every text into
//! the same morphemes, with the same words, at the same byte offsets.

use std::path::Path;

use proptest::prelude::*;

fn agrees(text: &str) {
    let tokenizer = &kioku::testing::pipeline().tokenizer;
    if let Err(difference) = tokenizer.compare_with_lindera(text) {
        panic!("{difference}");
    }
}

/// Every line of a notes file, as written and as kioku tokenizes it (NFKC,
/// outline markup removed), and the whole file at once.
fn file_agrees(path: &Path) {
    let bytes = std::fs::read(path).unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    for line in text.lines() {
        agrees(line);
    }
    agrees(&text);
    let source = kioku::source::decode("n.txt", path, &bytes).unwrap();
    for node in kioku::outline::parse(&source).nodes {
        agrees(&node.text);
    }
}

#[test]
fn the_sample_segments_as_lindera_segments_it() {
    file_agrees(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data/notes/aws-saa.txt"));
}

#[test]
fn the_fixtures_segment_as_lindera_segments_them() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut n = 0;
    for case in std::fs::read_dir(fixtures).unwrap() {
        let case = case.unwrap().path();
        if !case.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(case).unwrap() {
            let path = file.unwrap().path();
            if path.file_stem().is_some_and(|s| s == "notes") {
                file_agrees(&path);
                n += 1;
            }
        }
    }
    assert!(n >= 5, "{n} fixtures");
}

#[test]
fn whitespace_and_sentence_ends_segment_as_lindera_segments_them() {
    for text in [
        "",
        " ",
        "\t",
        "  S3  とは　オブジェクト ストレージ\t。",
        "、、。。",
        "a\u{3000}b\u{a0}c\u{85}d",
        "EC2、S3。Lambda\tRDS\nDynamoDB",
    ] {
        agrees(text);
    }
    // Longer than lindera's 32 KiB sentence cap, with no sentence end: cut
    // where lindera cuts.
    agrees(&"データベースの可用性".repeat(1200));
    agrees(&format!(
        "{}、{}",
        "あ".repeat(11_000),
        "x y".repeat(12_000)
    ));
}

/// Pieces of text: kana, kanji, Latin, digits, spaces, sentence ends, symbols.
const PIECES: &[&str] = &[
    "は",
    "の",
    "とは",
    "する",
    "データ",
    "ベース",
    "可用性",
    "高い",
    "S3",
    "Amazon",
    "EC2",
    "123",
    "４５",
    " ",
    "  ",
    "\t",
    "　",
    "、",
    "。",
    "・",
    "(",
    ")",
    "「",
    "」",
    "→",
    "ー",
    "ｶﾀｶﾅ",
    "é",
    "😀",
    "\u{a0}",
    "\u{2028}",
    "-",
    "_",
    "/",
];

proptest! {
    #[test]
    fn any_text_segments_as_lindera_segments_it(
        pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..60)
    ) {
        agrees(&pieces.concat());
    }
}
