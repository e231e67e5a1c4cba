//! `restore ID|latest [--yes]`: the library's restore (confirmation, lock,
//! safety backup, swap, history), shown as it goes.

use sea_orm_migration::MigratorTrait;

use crate::Error;
use crate::cli::Exit;
use crate::cli::prompt::TerminalPrompt;
use crate::cli::views::restore::RestoreView;
use crate::config::Settings;

/// Restores backup `id` of the configured database.
pub async fn run<M: MigratorTrait>(
    settings: &Settings,
    id: &str,
    yes: bool,
) -> Result<Exit, Error> {
    let mut prompt = TerminalPrompt { yes, json: false };
    let restored = crate::run::restore::<M>(settings, id, &mut prompt, &mut RestoreView).await?;
    println!(
        "history: recorded the restore and carried over {} event(s) from after the backup",
        restored.carried
    );
    Ok(Exit::Success)
}
