//! `check [--json] [--dev-url URL]`: exit 0 when the migrations produce the
//! entities' schema and, with a database configured, its recorded state is
//! valid and its schema is what its applied migrations produce; exit 6
//! (`Exit::Drift`) with every difference otherwise.

use sea_orm_migration::MigratorTrait;
use serde::Serialize;

use crate::Error;
use crate::check::{self, Questions, Report};
use crate::cli::Exit;
use crate::cli::views::{check as view, findings, print_json};
use crate::config::Settings;
use crate::entities::Entities;
use crate::lint::Diagnostic;

/// Runs the check `questions` ask; `scratch` is where the scratch databases go.
pub async fn run<M: MigratorTrait>(
    settings: &Settings,
    scratch: &Settings,
    entities: &Entities,
    questions: Questions,
    json: bool,
) -> Result<Exit, Error> {
    let report = check::check::<M>(settings, scratch, entities, questions).await?;
    if json {
        #[derive(Serialize)]
        struct Json<'a> {
            schema_version: u32,
            passed: bool,
            entities_registered: bool,
            database_checked: bool,
            differences: Vec<check::Difference<'a>>,
            problems: Vec<findings::JsonProblem<'a>>,
            pending: Vec<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            lint: Option<&'a [Diagnostic]>,
        }
        let live = report.live.as_ref();
        print_json(&Json {
            schema_version: 1,
            passed: report.passes(),
            entities_registered: report.entities.is_some(),
            database_checked: live.is_some(),
            differences: report.differences(),
            problems: live
                .map(|l| findings::json_problems(&l.findings))
                .unwrap_or_default(),
            pending: live
                .map(|l| l.pending.iter().map(String::as_str).collect())
                .unwrap_or_default(),
            lint: report.lint.as_deref(),
        })?;
    } else {
        print!("{}", view::text(&report));
    }
    Ok(outcome(&report))
}

fn outcome(report: &Report) -> Exit {
    match report.passes() {
        true => Exit::Success,
        false => Exit::Drift,
    }
}
