//! Drafting a migration from two schemas, the migrations' and the
//! entities': they are diffed; renames are settled (declared, asked, or
//! refused), destructive steps and NOT NULL columns without a fill are
//! refused unless allowed or answered; then the changes are rendered as a
//! Rust migration. Pure but for the questions; the top-level `draft`
//! module builds the two schemas.

use std::collections::BTreeMap;

use super::{RenderContext, RenderError, render};
use crate::diff::{self, Change, DiffError, RenameCandidate, Renames};
use database::catalog::schema::Schema;

/// What the user gave on the command line.
#[derive(Debug, Default)]
pub struct Request {
    /// Renames declared with `--rename`.
    pub renames: Vec<RenameCandidate>,
    /// One-off values for new NOT NULL columns, by (table, column).
    pub fills: BTreeMap<(String, String), String>,
    /// Whether steps that lose data may be generated.
    pub allow_destructive: bool,
}

/// How the user answers what the diff cannot decide; `None` when nobody
/// can be asked (no terminal).
pub trait Ask {
    /// Whether `candidate` is a rename.
    fn rename(&mut self, candidate: &RenameCandidate) -> Option<bool>;
    /// The value that fills existing rows of the new NOT NULL `table.column`.
    fn fill(&mut self, table: &str, column: &str) -> Option<String>;
}

/// Nobody to ask.
pub struct NoTerminal;

impl Ask for NoTerminal {
    fn rename(&mut self, _: &RenameCandidate) -> Option<bool> {
        None
    }

    fn fill(&mut self, _: &str, _: &str) -> Option<String> {
        None
    }
}

/// A drafted migration.
#[derive(Debug)]
pub struct Draft {
    /// The steps of `up()`, in order.
    pub up: Vec<Change>,
    /// The migration's Rust source; empty when nothing differs.
    pub source: String,
}

/// Why no migration was drafted.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DraftError {
    /// A declared rename does not fit the two schemas.
    #[error(transparent)]
    Diff(#[from] DiffError),
    /// The changes could not be written as Rust.
    #[error(transparent)]
    Render(#[from] RenderError),
    /// The migrator registers no entities.
    #[error(
        "no entities registered, so there is nothing to generate from; register them in main.rs with `migrate_kit::cli::main_with_entities` (see docs/entity-first.md)"
    )]
    NoEntities,
    /// A dropped and an added column or table look alike, and nobody could be asked.
    #[error(
        "{} looks like a rename (one dropped, one of the same shape added): pass `--rename {}` if it is one, or `--allow-destructive` to drop and add, or run on a terminal to be asked{}",
        .0[0], .0[0].argument(), more(.0.len())
    )]
    Undecided(Vec<RenameCandidate>),
    /// Steps that lose data, without `--allow-destructive`.
    #[error(
        "the migration would {}{}; pass --allow-destructive to generate it (each such step is commented in the file)",
        .0[0], more(.0.len())
    )]
    Destructive(Vec<Change>),
    /// A NOT NULL column without a default is added to an existing table.
    #[error(
        "{0}.{1} is NOT NULL without a default, so existing rows need a value: pass `--default {0}.{1}=VALUE` (a SQL literal, e.g. 0 or 'none'), or give the column a default or make it nullable in the entity"
    )]
    NeedsFill(String, String),
}

fn more(n: usize) -> String {
    match n {
        0 | 1 => String::new(),
        2 => " (and 1 more)".to_owned(),
        n => format!(" (and {} more)", n - 1),
    }
}

/// Drafts the migration that turns `current` into `desired`, with the
/// declared `renames` and the user's `request`.
pub fn draft(
    current: Schema,
    desired: Schema,
    mut renames: Renames,
    request: Request,
    ask: &mut dyn Ask,
) -> Result<Draft, DraftError> {
    for rename in request.renames {
        renames.insert(rename);
    }
    let up = settle(&current, &desired, renames, request.allow_destructive, ask)?;
    let destructive: Vec<Change> = up.iter().filter(|c| c.is_destructive()).cloned().collect();
    if !destructive.is_empty() && !request.allow_destructive {
        return Err(DraftError::Destructive(destructive));
    }
    let fills = fills(&up, request.fills, ask)?;
    let down = diff::reversed(&up);
    let source = match up.is_empty() {
        true => String::new(),
        false => render(
            &up,
            &down,
            &RenderContext {
                current,
                desired,
                fills,
            },
        )?,
    };
    Ok(Draft { up, source })
}

/// The diff once every rename candidate is settled: asked, or with
/// `--allow-destructive` taken as the drop and add it looks like.
fn settle(
    current: &Schema,
    desired: &Schema,
    mut renames: Renames,
    allow_destructive: bool,
    ask: &mut dyn Ask,
) -> Result<Vec<Change>, DraftError> {
    loop {
        let found = diff::diff(current, desired, &renames)?;
        let Some(candidate) = found.undecided.first().cloned() else {
            return Ok(found.changes);
        };
        match ask.rename(&candidate) {
            Some(true) => renames.insert(candidate),
            Some(false) => renames.decline(candidate),
            None if allow_destructive => {
                for candidate in found.undecided {
                    renames.decline(candidate);
                }
            }
            None => return Err(DraftError::Undecided(found.undecided)),
        }
    }
}

/// The fill value of every NOT NULL column without a default added to an
/// existing table: given, asked, or refused.
fn fills(
    up: &[Change],
    mut given: BTreeMap<(String, String), String>,
    ask: &mut dyn Ask,
) -> Result<BTreeMap<(String, String), String>, DraftError> {
    let mut fills = BTreeMap::new();
    for change in up {
        let Change::AddColumn { table, column } = change else {
            continue;
        };
        if column.nullable || column.default.is_some() || column.auto_increment {
            continue;
        }
        let key = (table.clone(), column.name.clone());
        let value = match given.remove(&key) {
            Some(value) => value,
            None => ask
                .fill(table, &column.name)
                .ok_or_else(|| DraftError::NeedsFill(table.clone(), column.name.clone()))?,
        };
        fills.insert(key, value);
    }
    Ok(fills)
}
