//! Exact rendering of the migrations whose code needs a database (it reads
//! data or inspects the schema): the plan is applied to a scratch database
//! brought to the live database's migration state, and what each step's
//! migration code executed there is captured through the scratch
//! connection's statement callback. Never the live database.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};

use sea_orm::Statement;
use sea_orm_migration::MigratorTrait;

use super::scratch::with_scratch;
use crate::Error;
use crate::config::Settings;
use crate::engine::{Engine, Migrations};
use crate::events::{Event, Observer, Unobserved};
use crate::plan::{AppliedRecord, Command, Plan, Step, UpTarget};

/// Statements captured while a step runs; `None` between steps.
type Capture = Arc<Mutex<Option<Vec<Statement>>>>;

/// What each migration of `plan` executes, by version, as captured on a
/// scratch database where the migrations recorded in `applied` ran first.
pub async fn exact_bodies<M: MigratorTrait>(
    settings: &Settings,
    plan: &Plan,
    applied: &[AppliedRecord],
) -> Result<BTreeMap<String, Vec<Statement>>, Error> {
    let capture: Capture = Arc::new(Mutex::new(None));
    let sink = capture.clone();
    let configure = move |db: &mut sea_orm::DatabaseConnection| {
        db.set_metric_callback(move |info| {
            let mut captured = sink.lock().unwrap_or_else(PoisonError::into_inner);
            if let (Some(list), false) = (captured.as_mut(), info.failed) {
                list.push(info.statement.clone());
            }
        });
    };
    with_scratch(settings, configure, async |db| {
        let engine =
            Engine::with_migrations(db, Migrations::of::<M>()).with_timeouts(settings.timeouts);
        let local = engine.migrations().versions();
        let replay = Plan {
            command: Command::Up(UpTarget::All),
            steps: local
                .into_iter()
                .filter(|v| applied.iter().any(|r| r.version == *v))
                .map(Step::Apply)
                .collect(),
        };
        engine.execute(&replay, &mut Unobserved, None).await?;
        let own: Vec<Vec<String>> = engine
            .program(plan)?
            .steps
            .iter()
            .map(|step| {
                step.own_statements()
                    .iter()
                    .map(|s| s.sql.clone())
                    .collect()
            })
            .collect();
        let mut recorder = Recorder {
            capture: capture.clone(),
            own,
            index: 0,
            bodies: BTreeMap::new(),
        };
        let executed = engine.execute(plan, &mut recorder, None).await;
        let _ = engine.into_connection().close().await;
        executed.map(|()| recorder.bodies)
    })
    .await
}

/// Keeps, per step, what ran between its start and its end that is not the
/// program's own bookkeeping: the migration's code.
struct Recorder {
    capture: Capture,
    /// The SQL (values apart) of each step's own statements, in plan order.
    own: Vec<Vec<String>>,
    index: usize,
    bodies: BTreeMap<String, Vec<Statement>>,
}

impl Recorder {
    fn slot(&self) -> std::sync::MutexGuard<'_, Option<Vec<Statement>>> {
        self.capture.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Observer for Recorder {
    fn on_event(&mut self, event: &Event<'_>) {
        match event {
            Event::StepStarted(_) => *self.slot() = Some(Vec::new()),
            Event::StepFinished { step, .. } => {
                let captured = self.slot().take().unwrap_or_default();
                let own = self.own.get(self.index).cloned().unwrap_or_default();
                self.index += 1;
                if let Some(version) = step.version() {
                    let body = captured
                        .into_iter()
                        .filter(|s| !own.contains(&s.sql))
                        .collect();
                    self.bodies.insert(version.to_owned(), body);
                }
            }
            _ => {}
        }
    }
}
