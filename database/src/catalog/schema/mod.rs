//! The schema reader: one database schema read back into the
//! [`Schema`] model, one file per backend for its catalog queries.

mod model;

pub use model::{Check, Column, ForeignKey, Index, ReferentialAction, Schema, Table};
