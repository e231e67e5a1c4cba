//! Backups for humans and as JSON: the `backup list` table and document,
//! `backup show`'s details, sizes.

use backup::Metadata;
use backup::store::{Listed, Orphan};
use serde::Serialize;

use crate::cli::views::{plural, timestamp};

/// `backup list --json`, schema version 1.
#[derive(Serialize)]
pub struct ListReport<'a> {
    /// The version of this document's schema.
    pub schema_version: u32,
    /// Where the backups are.
    pub directory: String,
    /// Every backup, newest first.
    pub backups: Vec<Entry<'a>>,
    /// The size of every backup listed together, in bytes.
    pub total_size: u64,
    /// What interrupted backups left behind.
    pub orphans: &'a [Orphan],
}

/// The size of the backups `listed` together, in bytes.
pub fn total_size(listed: &[Listed]) -> u64 {
    listed.iter().map(|l| l.metadata.file_size).sum()
}

/// One backup in JSON: its metadata, plus whether it is valid.
#[derive(Serialize)]
pub struct Entry<'a> {
    #[serde(flatten)]
    metadata: &'a Metadata,
    valid: bool,
    problem: Option<&'a str>,
}

impl<'a> From<&'a Listed> for Entry<'a> {
    fn from(listed: &'a Listed) -> Self {
        Self {
            metadata: &listed.metadata,
            valid: listed.is_valid(),
            problem: listed.problem.as_deref(),
        }
    }
}

/// `backup list` for humans: a header, then one line per backup and per
/// orphan, in columns as wide as their longest value.
pub fn table(listed: &[Listed], orphans: &[Orphan]) -> String {
    let mut rows: Vec<[String; 5]> = vec![[
        "ID".to_owned(),
        "TAKEN".to_owned(),
        "SIZE".to_owned(),
        "MIGRATION HEAD".to_owned(),
        "STATUS".to_owned(),
    ]];
    for entry in listed {
        let m = &entry.metadata;
        let status = match (&entry.problem, m.pinned) {
            (Some(problem), _) => format!("INVALID: {problem}"),
            (None, true) => "valid, pinned".to_owned(),
            (None, false) => "valid".to_owned(),
        };
        rows.push([
            m.id.clone(),
            timestamp(m.created_at),
            size(m.file_size),
            m.migration_head.clone().unwrap_or_else(|| "-".to_owned()),
            status,
        ]);
    }
    for orphan in orphans {
        rows.push([
            orphan.name.clone(),
            "-".to_owned(),
            size(orphan.size),
            "-".to_owned(),
            format!(
                "ORPHAN: {}; `backup prune` deletes it",
                orphan.kind.describe()
            ),
        ]);
    }
    let width = |column: usize| {
        rows.iter()
            .map(|row| row[column].chars().count())
            .max()
            .unwrap_or(0)
    };
    let (id, taken, bytes, head) = (width(0), width(1), width(2), width(3));
    rows.iter()
        .map(|[a, b, c, d, e]| format!("{a:<id$}  {b:<taken$}  {c:>bytes$}  {d:<head$}  {e}\n"))
        .collect()
}

/// One backup in full, for `backup show`.
pub fn details(listed: &Listed) -> String {
    let m = &listed.metadata;
    let mut out = format!(
        "id:              {}\nstatus:          {}\nfile:            {} ({}, sha256 {})\ndatabase:        {} ({} {}, {})\ntaken:           {} ({}) by `{}` (reason {})\nexpires:         {}\nmigration head:  {}\ntool:            {} ({}), format {}\ntables:          {}\n",
        m.id,
        listed
            .problem
            .as_deref()
            .map_or("valid".to_owned(), |p| format!("INVALID: {p}")),
        m.file,
        size(m.file_size),
        m.sha256,
        m.database,
        m.backend,
        m.server_version,
        size(m.database_size),
        timestamp(m.created_at),
        m.age(),
        m.command,
        m.reason,
        m.expires_at.map_or("never (pinned)".to_owned(), timestamp),
        m.migration_head.as_deref().unwrap_or("none"),
        m.tool,
        m.tool_version,
        m.format,
        m.table_count,
    );
    for (table, rows) in &m.row_counts {
        let noun = plural(*rows, "row", "rows");
        out.push_str(&format!("  {table:<40} {rows:>12} {noun}\n"));
    }
    out
}

/// A size for humans: `512 B`, `1.5 MiB`.
pub fn size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KiB", "MiB", "GiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}
