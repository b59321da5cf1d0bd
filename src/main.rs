//! The `siteplan` command-line tool: parses arguments, runs a subcommand,
//! maps errors to exit codes (0 ok, 2 bad input or usage, 3 no feasible
//! plan, 130 stopped by Ctrl-C, 1 anything else).

use std::process::ExitCode;

use clap::Parser;

mod cli;

fn main() -> ExitCode {
    let args = match cli::Cli::try_parse() {
        Ok(a) => a,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match cli::run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            if let Some(stopped) = err.downcast_ref::<cli::Stopped>() {
                eprintln!("siteplan: {stopped}");
                return ExitCode::from(130);
            }
            eprintln!("error: {err}");
            // A cause the line before already ends with (an I/O error after
            // its file's name) is not repeated.
            let mut said = err.to_string();
            for cause in err.chain().skip(1) {
                let text = cause.to_string();
                if !said.ends_with(&text) {
                    eprintln!("  caused by: {text}");
                }
                said = text;
            }
            let code = err
                .downcast_ref::<siteplan::Error>()
                .map_or(1, |e| e.exit_code());
            ExitCode::from(code as u8)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
