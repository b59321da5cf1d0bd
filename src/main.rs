//! The `siteplan` command-line tool: parses arguments, runs a subcommand,
//! maps errors to exit codes (0 ok, 2 bad input or usage, 3 no feasible
//! plan, 130 stopped by Ctrl-C, 1 anything else).

use std::process::ExitCode;

use clap::Parser;

mod cli;

fn main() -> ExitCode {
    return_freed_memory();
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

/// Gives memory that large working sets free back to the system. glibc
/// raises its mmap threshold after the first large block is freed, and from
/// then on blocks of up to 32 MB (a cost matrix's row blocks, the engine's
/// per-site tables) come from the heap and stay with the process when
/// freed: a million-point p-median whose rows grow held 1.3 GB it no longer
/// used (peak 5.4 GB instead of 4.1 GB). A fixed threshold keeps them
/// mapped apart, returned at once.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn return_freed_memory() {
    const THRESHOLD: libc::c_int = 128 * 1024;
    // SAFETY: mallopt only sets the allocator's parameters; it is called
    // first thing in `main`, before any other thread exists.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, THRESHOLD);
        libc::mallopt(libc::M_TRIM_THRESHOLD, THRESHOLD);
    }
}

/// Other platforms' allocators keep their own policy.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn return_freed_memory() {}
