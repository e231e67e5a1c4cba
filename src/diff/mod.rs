//! The schema diff: a pure function from two schema models to the ordered
//! changes that turn the first into the second.

mod change;

pub use change::Change;
