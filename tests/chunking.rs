//! Compound-term chunking on sentences of the sample notes, through the real
//! tokenizer and dictionary.

fn terms(sentence: &str) -> Vec<String> {
    let processed = kioku::testing::process("t.txt", sentence);
    processed.tokens.nodes[0]
        .terms
        .iter()
        .map(|t| t.text.to_string())
        .collect()
}

fn check(sentence: &str, expected: &[&str]) {
    let got = terms(sentence);
    for term in expected {
        assert!(
            got.iter().any(|t| t == term),
            "{term:?} not among {got:?} in {sentence:?}"
        );
    }
}

#[test]
fn katakana_compounds_stay_whole() {
    check(
        "Egress-Onlyインターネットゲートウェイは、NATゲートウェイとインターネットゲートウェイの特徴を併せ持つIPv6専用の機能",
        &[
            "Egress-Onlyインターネットゲートウェイ",
            "NATゲートウェイ",
            "インターネットゲートウェイ",
            "IPv6専用",
        ],
    );
    check(
        "セキュリティグループは通信状態を管理する「ステートフル」なファイアウォール",
        &[
            "セキュリティグループ",
            "通信状態",
            "ステートフル",
            "ファイアウォール",
        ],
    );
}

#[test]
fn latin_names_keep_their_spaces() {
    check(
        "Amazon EFS(Elastic File System)は以下の特徴をもつ、フルマネージド型のストレージサービス",
        &["Amazon EFS", "Elastic File System", "ストレージサービス"],
    );
    check(
        "AWS Key Management Service(KMS)と連携すると、シークレットを保護するためにCDK(カスタマーデータキー)が使用される。",
        &[
            "AWS Key Management Service",
            "KMS",
            "CDK",
            "カスタマーデータキー",
        ],
    );
}

#[test]
fn suffixes_and_split_alphanumerics_join() {
    check(
        "EFSはデフォルトで保管時のデータの暗号化が有効になっている。",
        &["EFS", "暗号化"],
    );
    check(
        "プライベートサブネット内のEC2インスタンスから、プライベートネットワーク経由でAmazon DynamoDBのデータアクセスをするための機能",
        &["EC2インスタンス", "Amazon DynamoDB", "データアクセス"],
    );
    check(
        "S3のデータを一旦Redshiftへ取り込んでからアクセスを行うよりも高速にアクセスできる",
        &["S3", "Redshift"],
    );
}

#[test]
fn particles_and_verbs_end_terms() {
    let got = terms(
        "ネットワークACLはVPC上でネットワークアクセスをサブネットごとに制御するファイアウォール",
    );
    assert!(got.contains(&"ネットワークACL".to_string()), "{got:?}");
    assert!(
        got.iter().all(|t| !t.contains('は') && !t.contains('を')),
        "{got:?}"
    );
}
