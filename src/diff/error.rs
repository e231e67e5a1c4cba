//! What can go wrong in a diff: a declared rename that does not fit the two
//! schemas, and a rename argument that does not parse.

/// A declared rename that does not fit the two schemas; the diff is not computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DiffError {
    /// The rename's old name is not in the current schema.
    #[error("rename {rename}: the current schema has no {object}; check the old name")]
    NotInCurrent {
        /// The rename, as the command line spells it (`table.old=new`).
        rename: String,
        /// What is missing (``table `a` ``, ``column `a.b` ``).
        object: String,
    },
    /// The rename's new name is not in the desired schema.
    #[error("rename {rename}: the desired schema has no {object}; check the new name")]
    NotInDesired {
        /// The rename, as the command line spells it.
        rename: String,
        /// What is missing.
        object: String,
    },
    /// The rename's new name is already taken in the current schema.
    #[error(
        "rename {rename}: the current schema already has {object}; drop it first or choose another name"
    )]
    TargetTaken {
        /// The rename, as the command line spells it.
        rename: String,
        /// What already exists.
        object: String,
    },
    /// Two renames give the same new name.
    #[error("rename {rename}: {object} is already the new name of another rename")]
    DuplicateTarget {
        /// The rename, as the command line spells it.
        rename: String,
        /// The name given twice.
        object: String,
    },
}

/// A rename argument that is neither `old=new` (a table) nor `table.old=new` (a column).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid rename `{0}`: expected `old=new` for a table or `table.old=new` for a column")]
pub struct RenameSyntaxError(pub String);
