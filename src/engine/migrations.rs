//! A migrator's migrations, in code order, with their source checksums and
//! the two tables that record them: the stock tracking table and our run
//! history beside it.

use std::collections::BTreeMap;

use sea_orm_migration::{MigrationTrait, MigratorTrait};

use crate::checksum::{self, Sources};
use crate::history::History;
use crate::tracking::TrackingTable;

/// A migrator's migrations and the tables that record them.
pub struct Migrations {
    list: Vec<Box<dyn MigrationTrait>>,
    checksums: BTreeMap<String, String>,
    tracking: TrackingTable,
    history: History,
}

impl Migrations {
    /// `M`'s migrations and tables, with the source checksums registered for
    /// this process (see [`checksum::register`]).
    pub fn of<M: MigratorTrait>() -> Self {
        let tracking = TrackingTable::new(M::migration_table_name());
        Self {
            list: M::migrations(),
            checksums: BTreeMap::new(),
            history: History::new(&tracking.name()),
            tracking,
        }
        .with_sources(checksum::registered())
    }

    /// The same migrations with these source checksums.
    pub fn with_sources(mut self, sources: Sources) -> Self {
        self.checksums = sources
            .iter()
            .map(|(name, sum)| ((*name).to_owned(), (*sum).to_owned()))
            .collect();
        self
    }

    /// The checksum of `version`'s source, if the migrator embeds it.
    pub fn checksum(&self, version: &str) -> Option<String> {
        self.checksums.get(version).cloned()
    }

    /// The migrations, oldest first.
    pub fn list(&self) -> &[Box<dyn MigrationTrait>] {
        &self.list
    }

    /// The migration named `version`, if the code has it.
    pub fn find(&self, version: &str) -> Option<&dyn MigrationTrait> {
        self.list
            .iter()
            .find(|m| m.name() == version)
            .map(AsRef::as_ref)
    }

    /// The versions, oldest first.
    pub fn versions(&self) -> Vec<String> {
        self.list.iter().map(|m| m.name().to_owned()).collect()
    }

    /// The tracking table.
    pub fn tracking(&self) -> &TrackingTable {
        &self.tracking
    }

    /// The run history.
    pub fn history(&self) -> &History {
        &self.history
    }
}
