//! The entity-first benchmark (a program, not a timed test): a synthetic
//! schema of 300 tables (10 columns, 3 indexes and 2 foreign keys each, the
//! shape of `shared/peers/alembic-300/models.py`) is created once from DDL on
//! PostgreSQL and on SQLite, then, over N runs, read back, diffed against a
//! changed copy (one added column, one added index) and rendered as a
//! migration, as `generate --autogenerate` does. It also times the scratch
//! databases `check` builds for the ops-center schema. It prints the median
//! of every phase as a Markdown table, with the targets.
//!
//! Usage: `cargo bench -p migration --bench entity_first -- [RUNS]` (or
//! `BENCH_RUNS`; default 5). PostgreSQL server: `BENCH_POSTGRES_URL`
//! (default `postgres://postgres@127.0.0.1:5432`); the benchmark creates its
//! own database there and drops it at the end, even when it fails or is
//! interrupted. SQLite: a temporary file, removed at the end.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use database::catalog::schema::{
    self, Column, ForeignKey, Index, ReferentialAction, Schema, Table,
};
use database::{Backend, DatabaseUrl};
use migrate_kit::autogenerate::{RenderContext, render};
use migrate_kit::config::Settings;
use migrate_kit::diff::{self, Change, Renames};
use migrate_kit::schemas;
use sea_orm::{ConnectionTrait, TransactionTrait};

/// Any failure of the benchmark, as its message.
type BenchError = Box<dyn std::error::Error>;

/// The number of synthetic tables.
const TABLES: usize = 300;

/// The end-to-end target (read, diff, render) on each backend.
const END_TO_END_TARGET: Duration = Duration::from_secs(2);

/// The target for the scratch-database set-up of `check` on the ops-center schema.
const CHECK_SETUP_TARGET: Duration = Duration::from_secs(1);

/// The table the changed copy adds a column to, and that column.
const CHANGED_TABLE: &str = "t150";
const ADDED_COLUMN: &str = "extra";

/// The table the changed copy adds an index to, and that index.
const INDEXED_TABLE: &str = "t200";
const ADDED_INDEX: &str = "ix_t200_amount";

fn main() -> ExitCode {
    let runs = runs();
    let server = std::env::var("BENCH_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_owned());
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    let name = format!(
        "mk_bench_entity_first_{}_{}",
        std::process::id(),
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or_default()
    );
    let database = match runtime.block_on(BenchDatabase::create(&server, &name)) {
        Ok(database) => database,
        Err(error) => {
            eprintln!("error: cannot create the PostgreSQL database {name}: {error}");
            return ExitCode::FAILURE;
        }
    };
    // Whatever the benchmark does (fails, panics, is interrupted), the
    // database and the scratch databases are dropped below.
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        runtime.block_on(async {
            tokio::select! {
                result = bench(runs, &database.url) => result,
                _ = tokio::signal::ctrl_c() => Err("interrupted".into()),
            }
        })
    }));
    runtime.block_on(async {
        migrate_kit::run::scratch::discard_abandoned().await;
        if let Err(error) = database.drop().await {
            eprintln!("error: cannot drop the PostgreSQL database {name}: {error}");
        }
    });
    match outcome {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(error)) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
        Err(_) => ExitCode::FAILURE,
    }
}

/// The number of runs: the first numeric argument (cargo passes `--bench`
/// too), else `BENCH_RUNS`, else 5.
fn runs() -> usize {
    std::env::args()
        .skip(1)
        .find_map(|arg| arg.parse().ok())
        .or_else(|| std::env::var("BENCH_RUNS").ok()?.parse().ok())
        .filter(|runs| *runs > 0)
        .unwrap_or(5)
}

/// The PostgreSQL database the benchmark made for itself.
struct BenchDatabase {
    /// The server's maintenance database, where the benchmark's is created and dropped.
    admin: String,
    /// The benchmark database's name.
    name: String,
    /// The benchmark database's URL.
    url: String,
}

impl BenchDatabase {
    /// Creates the database `name` on the server of `server`.
    async fn create(server: &str, name: &str) -> Result<Self, BenchError> {
        let mut admin = url::Url::parse(server)?;
        admin.set_path("/postgres");
        let mut url = admin.clone();
        url.set_path(&format!("/{name}"));
        let database = Self {
            admin: admin.to_string(),
            name: name.to_owned(),
            url: url.to_string(),
        };
        database
            .on_server(&format!("CREATE DATABASE {name}"))
            .await?;
        Ok(database)
    }

    /// Drops the database, closing whatever connections are left on it.
    async fn drop(&self) -> Result<(), BenchError> {
        let name = &self.name;
        self.on_server(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .await
    }

    /// Runs `sql` on the maintenance database.
    async fn on_server(&self, sql: &str) -> Result<(), BenchError> {
        let db = database::connection::open(&self.admin).await?;
        let result = db.execute_unprepared(sql).await;
        let _ = db.close().await;
        result?;
        Ok(())
    }
}

/// Every measurement, on PostgreSQL (database `postgres_url`) and on a
/// temporary SQLite file, printed as one table.
async fn bench(runs: usize, postgres_url: &str) -> Result<(), BenchError> {
    let load_before = load_average();
    let directory = tempfile::tempdir()?;
    let sqlite_path = directory.path().join("entity_first.sqlite");
    let sqlite_url = DatabaseUrl::sqlite_file(&sqlite_path, "rwc")?;
    std::fs::File::create(&sqlite_path)?;

    let mut rows = Vec::new();
    for (label, url) in [
        ("PostgreSQL", DatabaseUrl::parse(postgres_url)?),
        ("SQLite", sqlite_url),
    ] {
        rows.extend(bench_backend(label, &url, runs).await?);
    }
    println!();
    println!(
        "Entity-first: {TABLES} tables (10 columns, 3 indexes, 2 foreign keys each), \
         {runs} runs, median wall time"
    );
    println!();
    println!("| backend | phase | median | target | |");
    println!("|---|---|---|---|---|");
    for row in &rows {
        println!("{row}");
    }
    println!();
    println!(
        "load average (1, 5, 15 min): {load_before} before, {} after",
        load_average()
    );
    Ok(())
}

/// The synthetic schema's and the ops-center set-up's rows of the table on
/// the database of `url`.
async fn bench_backend(
    label: &str,
    url: &DatabaseUrl,
    runs: usize,
) -> Result<Vec<String>, BenchError> {
    let backend = url.backend();
    let model = model(backend);
    set_up(url, backend, &model).await?;

    let mut end_to_end = Phases::default();
    let mut check_like = Phases::default();
    let mut source_lines = 0;
    for _ in 0..runs {
        let (phases, lines) = generate_once(url).await?;
        end_to_end.add(phases);
        source_lines = lines;
        check_like.add(check_once(url, &model).await?);
    }

    let mut check_setup = Phases::default();
    let settings = Settings::for_url(url.clone());
    let entities = migration::entities();
    let mut differences = 0;
    for _ in 0..runs {
        let mut laps = Laps::start();
        let migrations = schemas::of_migrations::<migration::Migrator>(&settings, None).await?;
        laps.lap("migrations' scratch database (build, read)");
        let wanted = schemas::of_entities(&settings, &entities).await?;
        laps.lap("entities' scratch database (build, read)");
        check_setup.add(laps.finish());
        differences = diff::diff(&migrations, &wanted, &Renames::new())?
            .changes
            .len();
    }

    let mut rows = Vec::new();
    let row = |phase: &str, median: Duration, target: Option<Duration>| {
        let (target, verdict) = match target {
            Some(target) => (
                format!("< {} ms", target.as_millis()),
                if median < target { "met" } else { "MISSED" },
            ),
            None => (String::new(), ""),
        };
        format!(
            "| {label} | {phase} | {:.1} ms | {target} | {verdict} |",
            median.as_secs_f64() * 1000.0
        )
    };
    for (phase, median) in end_to_end.medians() {
        rows.push(row(&phase, median, None));
    }
    rows.push(row(
        &format!("end to end: connect, read, diff, render ({source_lines} lines)"),
        end_to_end.total_median(),
        Some(END_TO_END_TARGET),
    ));
    rows.push(row(
        "check's comparison: connect, read, diff",
        check_like.total_median(),
        None,
    ));
    for (phase, median) in check_setup.medians() {
        rows.push(row(&format!("ops-center {phase}"), median, None));
    }
    rows.push(row(
        &format!("ops-center check set-up ({differences} differences)"),
        check_setup.total_median(),
        Some(CHECK_SETUP_TARGET),
    ));
    Ok(rows)
}

/// Creates the synthetic schema from its DDL on the database of `url` (not
/// timed) and makes sure that it reads back as `model`.
async fn set_up(url: &DatabaseUrl, backend: Backend, model: &Schema) -> Result<(), BenchError> {
    let db = database::connection::open(url.expose()).await?;
    let transaction = db.begin().await?;
    for statement in ddl(backend) {
        transaction.execute_unprepared(&statement).await?;
    }
    transaction.commit().await?;
    let read = schema::read(&db, None, &[]).await?;
    let _ = db.close().await;
    let found = diff::diff(&read, model, &Renames::new())?;
    if !found.changes.is_empty() {
        return Err(format!(
            "the DDL does not read back as the model on {backend:?}: {:?}",
            found.changes
        )
        .into());
    }
    Ok(())
}

/// One run of what `generate --autogenerate` does once its schemas are
/// there: read the database back, diff it against the changed copy,
/// reverse, render (rustfmt included). Returns the phases and the number of
/// lines of the migration.
async fn generate_once(url: &DatabaseUrl) -> Result<(Vec<Lap>, usize), BenchError> {
    let mut laps = Laps::start();
    let db = database::connection::open(url.expose()).await?;
    laps.lap("connect");
    let current = schema::read(&db, None, &[]).await?;
    laps.lap("read");
    let desired = changed(&current)?;
    laps.lap("changed copy (clone, add column and index)");
    let found = diff::diff(&current, &desired, &Renames::new())?;
    laps.lap("diff");
    let down = diff::reversed(&found.changes);
    laps.lap("reversed");
    let source = render(
        &found.changes,
        &down,
        &RenderContext {
            current,
            desired,
            fills: BTreeMap::new(),
        },
    )?;
    laps.lap("render (rustfmt included)");
    let laps = laps.finish();
    let _ = db.close().await;
    expect_the_two_changes(&found.changes)?;
    Ok((laps, source.lines().count()))
}

/// One run of the comparison `check` makes: read the database back and diff
/// it against the model (no difference).
async fn check_once(url: &DatabaseUrl, model: &Schema) -> Result<Vec<Lap>, BenchError> {
    let mut laps = Laps::start();
    let db = database::connection::open(url.expose()).await?;
    let current = schema::read(&db, None, &[]).await?;
    let found = diff::diff(&current, model, &Renames::new())?;
    laps.lap("connect, read, diff");
    let laps = laps.finish();
    let _ = db.close().await;
    if !found.changes.is_empty() {
        return Err(format!("check's comparison found changes: {:?}", found.changes).into());
    }
    Ok(laps)
}

/// Fails unless `changes` are the added column and the added index.
fn expect_the_two_changes(changes: &[Change]) -> Result<(), BenchError> {
    let column = changes.iter().any(|change| {
        matches!(change, Change::AddColumn { table, column }
            if table == CHANGED_TABLE && column.name == ADDED_COLUMN)
    });
    let index = changes
        .iter()
        .any(|change| format!("{change:?}").contains(ADDED_INDEX));
    match (changes.len(), column, index) {
        (2, true, true) => Ok(()),
        _ => Err(format!("expected the added column and index, found {changes:?}").into()),
    }
}

/// The spelling of each column type of the synthetic schema as `backend`
/// reads it back (PostgreSQL's `format_type`, SQLite's declared type).
struct Types {
    integer: &'static str,
    varchar_120: &'static str,
    varchar_40: &'static str,
    text: &'static str,
    boolean: &'static str,
    numeric: &'static str,
    json: &'static str,
    timestamptz: &'static str,
}

impl Types {
    /// The spellings of `backend`.
    fn of(backend: Backend) -> Self {
        match backend {
            Backend::Postgres => Self {
                integer: "integer",
                varchar_120: "character varying(120)",
                varchar_40: "character varying(40)",
                text: "text",
                boolean: "boolean",
                numeric: "numeric(12,2)",
                json: "jsonb",
                timestamptz: "timestamp with time zone",
            },
            _ => Self {
                integer: "integer",
                varchar_120: "varchar(120)",
                varchar_40: "varchar(40)",
                text: "text",
                boolean: "boolean",
                numeric: "numeric(12,2)",
                json: "json_text",
                timestamptz: "timestamp_with_timezone_text",
            },
        }
    }
}

/// Table `i`'s foreign keys: `(column, referenced table, ON DELETE)`.
fn foreign_keys_of(i: usize) -> Vec<(&'static str, String, ReferentialAction)> {
    let mut keys = Vec::new();
    if i > 0 {
        keys.push(("a_id", format!("t{}", i - 1), ReferentialAction::Cascade));
    }
    if i > 1 {
        keys.push(("b_id", format!("t{}", i - 2), ReferentialAction::SetNull));
    }
    keys
}

/// The synthetic schema built directly as the model, as `backend` reads it back.
fn model(backend: Backend) -> Schema {
    let types = Types::of(backend);
    let column = |name: &str, data_type: &str, nullable: bool| Column {
        name: name.to_owned(),
        data_type: data_type.to_owned(),
        nullable,
        default: None,
        auto_increment: false,
    };
    let mut schema = Schema::new(backend);
    for i in 0..TABLES {
        let name = format!("t{i}");
        let index = |suffix: &str, column: &str, unique: bool| Index {
            name: format!("{}_t{i}_{suffix}", if unique { "ux" } else { "ix" }),
            columns: vec![column.to_owned()],
            unique,
            predicate: None,
        };
        let table = Table {
            name: name.clone(),
            columns: vec![
                Column {
                    auto_increment: true,
                    ..column("id", types.integer, false)
                },
                column("name", types.varchar_120, false),
                column("slug", types.varchar_120, false),
                column("body", types.text, true),
                column("active", types.boolean, false),
                column("amount", types.numeric, true),
                column("meta", types.json, true),
                column("created_at", types.timestamptz, false),
                column("a_id", types.integer, true),
                column("b_id", types.integer, true),
            ],
            primary_key: vec!["id".to_owned()],
            // By name, as the reader orders them.
            indexes: vec![
                index("created", "created_at", false),
                index("name", "name", false),
                index("slug", "slug", true),
            ],
            foreign_keys: foreign_keys_of(i)
                .into_iter()
                .map(|(column, foreign_table, on_delete)| ForeignKey {
                    name: match backend {
                        Backend::Sqlite => String::new(),
                        _ => format!("fk_t{i}_{column}"),
                    },
                    columns: vec![column.to_owned()],
                    foreign_table,
                    foreign_columns: vec!["id".to_owned()],
                    on_delete,
                    on_update: ReferentialAction::NoAction,
                })
                .collect(),
            checks: Vec::new(),
        };
        schema.tables.insert(name, table);
    }
    schema
}

/// The synthetic schema's DDL on `backend`: per table, `CREATE TABLE` with
/// its primary and foreign keys, then its three indexes.
fn ddl(backend: Backend) -> Vec<String> {
    let (id, numeric, json, timestamptz) = match backend {
        Backend::Postgres => (
            "serial PRIMARY KEY",
            "numeric(12,2)",
            "jsonb",
            "timestamptz",
        ),
        _ => (
            "integer PRIMARY KEY",
            "numeric(12,2)",
            "json_text",
            "timestamp_with_timezone_text",
        ),
    };
    let mut statements = Vec::new();
    for i in 0..TABLES {
        let keys: String = foreign_keys_of(i)
            .into_iter()
            .map(|(column, foreign_table, on_delete)| {
                let name = match backend {
                    Backend::Sqlite => String::new(),
                    _ => format!("CONSTRAINT fk_t{i}_{column} "),
                };
                format!(
                    ", {name}FOREIGN KEY ({column}) REFERENCES {foreign_table} (id) ON DELETE {}",
                    on_delete.sql()
                )
            })
            .collect();
        statements.push(format!(
            "CREATE TABLE t{i} (id {id}, name varchar(120) NOT NULL, \
             slug varchar(120) NOT NULL, body text, active boolean NOT NULL, \
             amount {numeric}, meta {json}, created_at {timestamptz} NOT NULL, \
             a_id integer, b_id integer{keys})"
        ));
        statements.push(format!("CREATE INDEX ix_t{i}_name ON t{i} (name)"));
        statements.push(format!("CREATE UNIQUE INDEX ux_t{i}_slug ON t{i} (slug)"));
        statements.push(format!("CREATE INDEX ix_t{i}_created ON t{i} (created_at)"));
    }
    statements
}

/// The changed copy of `current`: column `extra` (`varchar(40)`, NULL) added
/// to t150 and index `ix_t200_amount` to t200, spelled as its backend spells them.
fn changed(current: &Schema) -> Result<Schema, BenchError> {
    let types = Types::of(current.backend);
    let mut desired = current.clone();
    desired
        .tables
        .get_mut(CHANGED_TABLE)
        .ok_or("no table t150")?
        .columns
        .push(Column {
            name: ADDED_COLUMN.to_owned(),
            data_type: types.varchar_40.to_owned(),
            nullable: true,
            default: None,
            auto_increment: false,
        });
    let indexed = desired
        .tables
        .get_mut(INDEXED_TABLE)
        .ok_or("no table t200")?;
    indexed.indexes.push(Index {
        name: ADDED_INDEX.to_owned(),
        columns: vec!["amount".to_owned()],
        unique: false,
        predicate: None,
    });
    indexed.indexes.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(desired)
}

/// One timed phase: its name and how long it took.
type Lap = (String, Duration);

/// A stopwatch that records the time since the previous lap under a name.
struct Laps {
    start: Instant,
    last: Instant,
    laps: Vec<Lap>,
}

impl Laps {
    /// Starts the stopwatch.
    fn start() -> Self {
        let now = Instant::now();
        Self {
            start: now,
            last: now,
            laps: Vec::new(),
        }
    }

    /// Records the time since the previous lap as `name`.
    fn lap(&mut self, name: &str) {
        let now = Instant::now();
        self.laps.push((name.to_owned(), now - self.last));
        self.last = now;
    }

    /// The laps, and the total from the start as `total`.
    fn finish(mut self) -> Vec<Lap> {
        self.laps.push(("total".to_owned(), self.last - self.start));
        self.laps
    }
}

/// The laps of every run, by phase, in the order they first came.
#[derive(Default)]
struct Phases {
    phases: Vec<(String, Vec<Duration>)>,
}

impl Phases {
    /// Adds one run's laps.
    fn add(&mut self, laps: Vec<Lap>) {
        for (name, duration) in laps {
            match self.phases.iter_mut().find(|(phase, _)| *phase == name) {
                Some((_, durations)) => durations.push(duration),
                None => self.phases.push((name, vec![duration])),
            }
        }
    }

    /// The median of each phase but the total.
    fn medians(&self) -> Vec<(String, Duration)> {
        (self.phases.iter())
            .filter(|(name, _)| name != "total")
            .map(|(name, durations)| (name.clone(), median(durations)))
            .collect()
    }

    /// The median of the totals.
    fn total_median(&self) -> Duration {
        (self.phases.iter())
            .find(|(name, _)| name == "total")
            .map(|(_, durations)| median(durations))
            .unwrap_or_default()
    }
}

/// The median of `durations` (the mean of the two middle ones when even).
fn median(durations: &[Duration]) -> Duration {
    let mut sorted = durations.to_vec();
    sorted.sort();
    match sorted.len() {
        0 => Duration::ZERO,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2,
    }
}

/// The load average over 1, 5 and 15 minutes, as `/proc/loadavg` says.
fn load_average() -> String {
    std::fs::read_to_string(Path::new("/proc/loadavg"))
        .map(|text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_else(|_| "unknown".to_owned())
}
