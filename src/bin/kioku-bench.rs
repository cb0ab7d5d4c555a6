//! `kioku-bench`: the measurements behind `make bench` (driven by scripts/bench.py, which writes bench/RESULTS.md).
//!
//! `kioku-bench lindera FILE` segments FILE with lindera alone (the system
//! dictionary, no user dictionary, no kioku) and prints a JSON line with the
//! bytes, tokens and seconds. `kioku-bench stages FILE OUT` runs kioku's
//! stages one after another on FILE, timing each, and writes the exports to
//! OUT. Both load the dictionary from $KIOKU_DICT or the user cache.

use std::path::{Path, PathBuf};
use std::time::Instant;

use kioku::catalog::Catalog;
use kioku::export::{self, ExportOptions};
use kioku::graph::ConceptGraph;
use kioku::tokens::{RawSegmenter, TokenizerConfig, dictionary};

/// mimalloc: kioku allocates many small strings and vectors per line, and
/// frees them in bulk; the system allocator spends a sixth of a run on that.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["lindera", file] => lindera(Path::new(file), false),
        ["lindera-user", file] => lindera(Path::new(file), true),
        ["stages", file, out] => stages(Path::new(file), Path::new(out)),
        _ => Err("usage: kioku-bench lindera FILE | kioku-bench lindera-user FILE | kioku-bench stages FILE OUT".to_string()),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("kioku-bench: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn lindera(file: &Path, with_user: bool) -> Result<(), String> {
    let started = Instant::now();
    let segmenter = if with_user {
        RawSegmenter::with_user_dictionary(&TokenizerConfig::default(), &Catalog::bundled())
    } else {
        RawSegmenter::new(&dictionary::default_dir())
    }
    .map_err(|e| e.to_string())?;
    let loaded = started.elapsed().as_secs_f64();
    let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let segmenting = Instant::now();
    let tokens = segmenter.count_tokens(&text);
    println!(
        "{{\"bytes\": {}, \"tokens\": {tokens}, \"load_seconds\": {loaded:.4}, \"segment_seconds\": {:.4}}}",
        text.len(),
        segmenting.elapsed().as_secs_f64()
    );
    Ok(())
}

fn stages(file: &Path, out: &Path) -> Result<(), String> {
    let mut timings: Vec<(&str, f64)> = Vec::new();
    let mut clock = Instant::now();
    let mut lap = |name: &'static str, timings: &mut Vec<(&str, f64)>| {
        timings.push((name, clock.elapsed().as_secs_f64()));
        clock = Instant::now();
    };
    let catalog = Catalog::bundled();
    let pipeline =
        kioku::Pipeline::new(&TokenizerConfig::default(), catalog).map_err(|e| e.to_string())?;
    lap("load dictionaries", &mut timings);
    let source = kioku::source::read(file).map_err(|e| e.to_string())?;
    let bytes = std::fs::metadata(file).map_err(|e| e.to_string())?.len();
    lap("read and normalise", &mut timings);
    let outline = kioku::outline::parse(&source);
    lap("outline", &mut timings);
    let tokens = pipeline
        .tokenizer
        .tokenize(&outline)
        .map_err(|e| e.to_string())?;
    lap("tokens", &mut timings);
    let extraction = kioku::extract::run(&outline, &tokens, &pipeline.catalog);
    lap("extraction", &mut timings);
    let graph = ConceptGraph::from_extraction(&extraction, &pipeline.catalog);
    lap("graph", &mut timings);
    let options = ExportOptions {
        deck_root: "kioku".to_string(),
        stem: source.stem(),
    };
    std::fs::create_dir_all(out).map_err(|e| e.to_string())?;
    let notes = export::cards::notes(&graph, &options);
    lap("cards", &mut timings);
    let path = |suffix: &str| -> PathBuf { out.join(format!("{}.{suffix}", options.stem)) };
    export::write_atomic(&path("triples.csv"), |w| export::triples::write(&graph, w))
        .map_err(|e| e.to_string())?;
    lap("export triples.csv", &mut timings);
    export::write_atomic_file(&path("apkg"), |f| {
        export::anki::write(&notes, &options, &Default::default(), f)
    })
    .map_err(|e| e.to_string())?;
    lap("export apkg", &mut timings);
    export::write_atomic(&path("csv"), |w| export::anki_csv::write(&notes, w))
        .map_err(|e| e.to_string())?;
    lap("export csv", &mut timings);
    export::write_atomic(&path("dot"), |w| export::dot::write(&graph, &options, w))
        .map_err(|e| e.to_string())?;
    lap("export dot", &mut timings);
    export::write_atomic(&path("json"), |w| export::json::write(&graph, w))
        .map_err(|e| e.to_string())?;
    lap("export json", &mut timings);
    let stages: Vec<String> = timings
        .iter()
        .map(|(name, seconds)| format!("{{\"stage\": \"{name}\", \"seconds\": {seconds:.4}}}"))
        .collect();
    println!(
        "{{\"bytes\": {bytes}, \"lines\": {}, \"facts\": {}, \"notes\": {}, \"stages\": [{}]}}",
        source.lines.len(),
        graph.facts.len(),
        notes.len(),
        stages.join(", ")
    );
    Ok(())
}
