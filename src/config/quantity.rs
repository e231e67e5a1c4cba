//! A quantity as typed on the command line: a number, then a unit (`90s`,
//! `1.5G`), for the duration and size parsers to interpret.

/// `text`, trimmed, split into its number and its (trimmed, maybe empty)
/// unit; `what` and `examples` word the error when there is no number.
pub(super) fn number_and_unit<'a>(
    text: &'a str,
    what: &str,
    examples: &str,
) -> Result<(f64, &'a str), String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let value = number
        .parse()
        .map_err(|_| format!("`{text}` is not a {what} (use e.g. {examples})"))?;
    Ok((value, unit.trim()))
}
