//! The `kioku` command: parse the arguments, resolve them to a `Config`, run
//! one command, print the error chain and map it to an exit code (0 success,
//! 1 failure, 2 usage error).

mod cli;
mod commands;

use std::process::ExitCode;

use cli::{Args, Command, Config, DictCommand, Exit};

/// mimalloc: kioku allocates many small strings and vectors per line, and
/// frees them in bulk; the system allocator spends a sixth of a run on that.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = <Args as clap::Parser>::parse();
    let config = Config::from_args(&args);
    let result = match &args.command {
        Command::Build {
            paths,
            out,
            format,
            deck_name,
            merge,
            glob,
            name,
            force,
        } => commands::build(
            &config,
            paths,
            out,
            format,
            deck_name,
            merge.as_deref(),
            glob,
            name,
            *force,
        ),
        Command::Extract {
            file,
            name,
            explain,
        } => commands::extract(&config, file, name, *explain),
        Command::Tokenize { file } => commands::tokenize(&config, file),
        Command::Terms { file } => commands::terms(&config, file),
        Command::Outline { file } => commands::outline(file),
        Command::Graph {
            paths,
            format,
            glob,
        } => commands::graph(&config, paths, *format, glob),
        Command::Stats { paths, glob } => commands::stats(&config, paths, glob),
        Command::Diff { old, new } => commands::diff(old, new),
        Command::Dict {
            command: DictCommand::Build { from, force },
        } => commands::dict_build(&config, from, *force),
        Command::Completions { shell } => commands::completions(*shell),
    };
    match result {
        Ok(code) => code.into(),
        Err(error) => {
            // A closed pipe (`kioku extract … | head`) is not a failure.
            if error
                .downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            {
                return ExitCode::SUCCESS;
            }
            eprintln!("kioku: {error}");
            for cause in error.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            Exit::Failure.into()
        }
    }
}
