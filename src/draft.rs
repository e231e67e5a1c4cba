//! `generate --autogenerate`'s whole run: the schema the migrations produce
//! and the one the entities ask for, each built on a scratch database and
//! read back, then drafted into a migration (`autogenerate::decisions`).

use sea_orm_migration::MigratorTrait;

use crate::Error;
use crate::autogenerate::decisions::{self, Ask, Draft, DraftError, Request};
use crate::config::Settings;
use crate::entities::Entities;
use crate::schemas;

/// Drafts the migration that turns what `M`'s migrations produce into what
/// `entities` ask for, building both on scratch databases beside `scratch`.
pub async fn draft<M: MigratorTrait>(
    scratch: &Settings,
    entities: &Entities,
    request: Request,
    ask: &mut dyn Ask,
) -> Result<Draft, Error> {
    if entities.is_empty() {
        return Err(DraftError::NoEntities.into());
    }
    let current = schemas::of_migrations::<M>(scratch, None).await?;
    let desired = schemas::of_entities(scratch, entities).await?;
    let renames = entities.renames_in(&current);
    Ok(decisions::draft(current, desired, renames, request, ask)?)
}
