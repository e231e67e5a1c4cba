//! `lint`'s benchmark: the static lint of the ops-center baseline (offline,
//! as `lint --all --backend B` runs it, per backend; target well under
//! 100 ms) and its trace on PostgreSQL (`lint --trace`; target under 2 s),
//! each the median of RUNS runs (first argument or `BENCH_RUNS`; default 5).
//! The trace's scratch databases go beside the `postgres` database of
//! `BENCH_POSTGRES_URL` (default `postgres://postgres@127.0.0.1:5432`) and
//! are dropped. Run: `cargo bench -p migration --bench lint -- 5`.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use migrate_kit::Backend;
use migrate_kit::config::{DatabaseUrl, Settings, Timeouts};
use migrate_kit::engine::Migrations;
use migrate_kit::lint::programs;
use migrate_kit::lint_trace;
use migration::Migrator;

fn main() -> ExitCode {
    let runs: usize = std::env::args()
        .nth(1)
        .filter(|arg| !arg.starts_with('-'))
        .or_else(|| std::env::var("BENCH_RUNS").ok())
        .and_then(|text| text.parse().ok())
        .unwrap_or(5);
    let server = std::env::var("BENCH_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_owned());
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("cannot start the runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(measure(runs, &server)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("lint benchmark failed: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn measure(runs: usize, server: &str) -> Result<(), migrate_kit::Error> {
    println!("lint of the ops-center baseline, median of {runs} runs");
    println!("| what | median | target |");
    println!("|---|---|---|");
    let migrations = Migrations::of::<Migrator>();
    for backend in [Backend::Postgres, Backend::Mysql, Backend::Sqlite] {
        let mut times = Vec::new();
        for _ in 0..runs {
            let clock = Instant::now();
            programs::offline(&migrations, backend, Timeouts::default(), None, None).await?;
            times.push(clock.elapsed());
        }
        println!(
            "| static lint, {backend} | {} | < 100 ms |",
            show(median(times))
        );
    }
    let url = DatabaseUrl::parse(&format!("{server}/postgres"))
        .map_err(|e| migrate_kit::Error::Scratch(e.to_string()))?;
    let settings = Settings::for_url(url);
    let versions = migrations.versions();
    let mut times = Vec::new();
    for _ in 0..runs {
        let clock = Instant::now();
        lint_trace::trace::<Migrator>(&settings, &versions).await?;
        times.push(clock.elapsed());
    }
    println!("| trace on PostgreSQL | {} | < 2 s |", show(median(times)));
    Ok(())
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

fn show(duration: Duration) -> String {
    format!("{:.1} ms", duration.as_secs_f64() * 1000.0)
}
