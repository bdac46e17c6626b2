//! `folio-gen TIMES [DATA]`: writes D3.5 (or DATA) scaled TIMES times to standard output, for
//! benchmarks: `cargo run -p folio-bench --bin folio-gen -- 10 > data/d35x10.toml`.

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(times) = args.first().and_then(|t| t.parse::<usize>().ok()).filter(|t| (1..=1000).contains(t)) else {
        let _ = writeln!(std::io::stderr(), "usage: folio-gen TIMES [DATA]   (TIMES from 1 to 1000)");
        return ExitCode::from(2);
    };
    let data = match args.get(1) {
        Some(path) => match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                let _ = writeln!(std::io::stderr(), "cannot read {path}: {e}");
                return ExitCode::from(2);
            }
        },
        None => folio_bench::d35(),
    };
    let out = folio_bench::scaled(&data, times);
    match std::io::stdout().lock().write_all(out.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe is not worth a message.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "cannot write: {e}");
            ExitCode::from(2)
        }
    }
}
