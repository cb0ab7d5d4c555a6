//! End-to-end tests of the `kioku` binary: run it as a user would and check
//! what it writes and says. One binary, a module per theme.

mod util;

mod build {
    use crate::util::*;

    #[test]
    fn the_sample_gives_five_valid_files() {
        let out = build_into(&sample());
        assert_eq!(
            files_in(out.path()),
            [
                "aws-saa.apkg",
                "aws-saa.csv",
                "aws-saa.dot",
                "aws-saa.json",
                "aws-saa.triples.csv"
            ]
        );
        // The triples CSV has the contract's header and parses row by row.
        let mut reader = csv::Reader::from_path(out.path().join("aws-saa.triples.csv")).unwrap();
        assert_eq!(
            reader.headers().unwrap(),
            vec!["kind", "subject", "predicate", "object", "source", "line"]
        );
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        assert!(rows.len() > 200, "only {} facts", rows.len());
        for row in &rows {
            assert!(
                [
                    "definition",
                    "abbreviation",
                    "enumeration",
                    "comparison",
                    "property",
                    "relation"
                ]
                .contains(&&row[0])
            );
            assert_eq!(&row[4], "aws-saa.txt");
            let line: usize = row[5].parse().unwrap();
            assert!((1..=618).contains(&line), "line {line}");
        }
        // The JSON parses and counts the same facts.
        let json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.path().join("aws-saa.json")).unwrap())
                .unwrap();
        assert_eq!(json["facts"].as_array().unwrap().len(), rows.len());
        // The .apkg is a zip holding an Anki collection.
        let apkg = std::fs::read(out.path().join("aws-saa.apkg")).unwrap();
        assert!(apkg.starts_with(b"PK"));
        assert!(apkg.windows(16).any(|w| w == b"collection.anki2"));
        // The Anki CSV opens with its header lines.
        let anki_csv = std::fs::read_to_string(out.path().join("aws-saa.csv")).unwrap();
        assert!(anki_csv.starts_with("#separator:tab\n#html:true\n#guid column:1\n"));
    }

    #[test]
    fn two_runs_are_byte_identical() {
        let first = build_into(&sample());
        let second = build_into(&sample());
        for name in [
            "aws-saa.triples.csv",
            "aws-saa.csv",
            "aws-saa.dot",
            "aws-saa.json",
        ] {
            let a = std::fs::read(first.path().join(name)).unwrap();
            let b = std::fs::read(second.path().join(name)).unwrap();
            assert!(a == b, "{name} differs between two runs");
        }
    }

    #[test]
    fn the_concept_map_renders_with_dot() {
        let out = build_into(&sample());
        let svg = out.path().join("map.svg");
        let status = std::process::Command::new("dot")
            .arg("-Tsvg")
            .arg(out.path().join("aws-saa.dot"))
            .arg("-o")
            .arg(&svg)
            .status()
            .expect("Graphviz `dot` is installed (make test installs it)");
        assert!(status.success());
        assert!(std::fs::read_to_string(&svg).unwrap().contains("<svg"));
    }

    #[test]
    fn extract_prints_the_same_triples() {
        let out = build_into(&sample());
        let printed = kioku()
            .arg("extract")
            .arg(sample())
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        assert_eq!(
            printed,
            std::fs::read(out.path().join("aws-saa.triples.csv")).unwrap()
        );
    }

    /// `--explain` adds a seventh column naming the rule; the other six stay
    /// those of the triples.
    #[test]
    fn extract_explain_names_each_rule() {
        let run = |explain: bool| {
            let mut command = kioku();
            command.arg("extract").arg(sample());
            if explain {
                command.arg("--explain");
            }
            let stdout = command.assert().success().get_output().stdout.clone();
            let mut reader = csv::Reader::from_reader(stdout.as_slice());
            let header = reader.headers().unwrap().clone();
            let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
            (header, rows)
        };
        let (header, rows) = run(true);
        let (_, plain) = run(false);
        assert_eq!(header.len(), 7);
        assert_eq!(&header[6], "rule");
        assert_eq!(rows.len(), plain.len());
        for (row, plain) in rows.iter().zip(&plain) {
            assert_eq!(
                row.iter().take(6).collect::<Vec<_>>(),
                plain.iter().collect::<Vec<_>>()
            );
            let kind = &row[0];
            assert!(row[6].starts_with(&format!("{kind}/")), "{row:?}");
        }
    }
}

mod input {
    use crate::util::*;
    use encoding_rs::{EUC_JP, SHIFT_JIS};

    const NOTES: &str = "冗長化の方式\n・アクティブ/スタンバイ\n・アクティブ/アクティブ\nフェイルオーバーとは、障害時に待機系へ切り替える仕組みのこと\n";

    /// The same notes saved in each encoding give the same triples.
    #[test]
    fn encodings_are_detected_and_agree() {
        let dir = tempfile::tempdir().unwrap();
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(NOTES.as_bytes());
        let crlf = NOTES.replace('\n', "\r\n");
        let variants: Vec<(&str, Vec<u8>, &str)> = vec![
            ("utf8", NOTES.as_bytes().to_vec(), "UTF-8"),
            ("bom", bom, "UTF-8 with BOM"),
            ("sjis", SHIFT_JIS.encode(&crlf).0.into_owned(), "Shift_JIS"),
            ("eucjp", EUC_JP.encode(NOTES).0.into_owned(), "EUC-JP"),
        ];
        let mut outputs = Vec::new();
        for (folder, bytes, encoding) in variants {
            let path = dir.path().join(folder).join("notes.txt");
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, bytes).unwrap();
            let output = kioku()
                .arg("extract")
                .arg("-v")
                .arg(&path)
                .assert()
                .success()
                .get_output()
                .clone();
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(stderr.contains(encoding), "{folder}: {stderr}");
            outputs.push(String::from_utf8(output.stdout).unwrap());
        }
        assert!(
            outputs[0].contains("フェイルオーバー,is,障害時に待機系へ切り替える仕組み"),
            "{}",
            outputs[0]
        );
        assert!(outputs.iter().all(|o| *o == outputs[0]));
    }

    #[test]
    fn a_binary_file_is_refused_without_output() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("image.txt");
        std::fs::write(&input, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR").unwrap();
        let out = dir.path().join("out");
        let stderr = fails(kioku().arg("build").arg(&input).arg("--out").arg(&out));
        assert!(
            stderr.contains("image.txt") && stderr.contains("not a text file"),
            "{stderr}"
        );
        assert!(!stderr.contains("panicked"));
        assert!(files_in(&out).is_empty());
    }

    #[test]
    fn undecodable_bytes_name_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("broken.txt");
        std::fs::write(&input, b"ok\n\xff\xfe\xfa\xff\n").unwrap();
        let stderr = fails(kioku().arg("extract").arg(&input));
        assert!(
            stderr.contains("broken.txt") && stderr.contains("line 2"),
            "{stderr}"
        );
    }
}

mod dictionary {
    use crate::util::*;

    #[test]
    fn a_missing_dictionary_is_a_clear_error_without_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let stderr = fails(
            kioku()
                .arg("build")
                .arg(sample())
                .arg("--out")
                .arg(&out)
                .arg("--dict")
                .arg(dir.path().join("no-dictionary-here")),
        );
        assert!(stderr.contains("kioku dict build"), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(files_in(&out).is_empty());
    }

    #[test]
    fn build_then_reuse_then_load() {
        let dir = tempfile::tempdir().unwrap();
        let dict = dir.path().join("ipadic");
        let built = kioku()
            .args(["dict", "build", "--from"])
            .arg(ipadic_sources())
            .arg("--dict")
            .arg(&dict)
            .assert()
            .success()
            .get_output()
            .clone();
        assert!(String::from_utf8_lossy(&built.stderr).contains("built the dictionary"));
        let again = kioku()
            .args(["dict", "build", "--from"])
            .arg(ipadic_sources())
            .arg("--dict")
            .arg(&dict)
            .assert()
            .success()
            .get_output()
            .clone();
        assert!(String::from_utf8_lossy(&again.stderr).contains("up to date"));
        let notes = dir.path().join("n.txt");
        std::fs::write(&notes, "ネットワークACLはサブネット単位で制御する").unwrap();
        let tokens = kioku()
            .arg("tokenize")
            .arg(&notes)
            .arg("--dict")
            .arg(&dict)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let tokens = String::from_utf8(tokens).unwrap();
        assert!(
            tokens
                .lines()
                .any(|l| l.starts_with("1\tネットワークACL\t")),
            "{tokens}"
        );
        assert!(
            tokens
                .lines()
                .any(|l| l.starts_with("1\t制御\t名詞,サ変接続")),
            "{tokens}"
        );
    }

    #[test]
    fn a_broken_dictionary_names_the_rebuild() {
        let dir = tempfile::tempdir().unwrap();
        let dict = dir.path().join("ipadic");
        std::fs::create_dir_all(&dict).unwrap();
        std::fs::write(dict.join("metadata.json"), "{ not json").unwrap();
        let notes = dir.path().join("n.txt");
        std::fs::write(&notes, "テスト").unwrap();
        let stderr = fails(kioku().arg("tokenize").arg(&notes).arg("--dict").arg(&dict));
        assert!(
            stderr.contains("unusable") && stderr.contains("kioku dict build"),
            "{stderr}"
        );
    }

    #[test]
    fn not_ipadic_sources_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let stderr = fails(
            kioku()
                .args(["dict", "build", "--from"])
                .arg(dir.path())
                .arg("--dict")
                .arg(dir.path().join("d")),
        );
        assert!(stderr.contains("matrix.def is missing"));
    }

    #[test]
    fn a_malformed_user_dictionary_row_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let userdic = dir.path().join("mine.csv");
        std::fs::write(
            &userdic,
            "冗長構成,カスタム名詞,ジョウチョウコウセイ\n壊れた行,カスタム名詞\n",
        )
        .unwrap();
        let stderr = fails(
            kioku()
                .arg("tokenize")
                .arg(sample())
                .arg("--userdic")
                .arg(&userdic),
        );
        assert!(stderr.contains("mine.csv:2"), "{stderr}");
    }

    #[test]
    fn a_user_dictionary_adds_words() {
        let dir = tempfile::tempdir().unwrap();
        let userdic = dir.path().join("mine.csv");
        std::fs::write(
            &userdic,
            "冗長構成管理,カスタム名詞,ジョウチョウコウセイカンリ\n",
        )
        .unwrap();
        let notes = dir.path().join("n.txt");
        std::fs::write(&notes, "冗長構成管理を行う").unwrap();
        let tokens = kioku()
            .arg("tokenize")
            .arg(&notes)
            .arg("--userdic")
            .arg(&userdic)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        assert!(
            String::from_utf8(tokens)
                .unwrap()
                .starts_with("1\t冗長構成管理\tカスタム名詞")
        );
    }
}
