//! Durations as people type them on the command line (`90s`, `5m`, `1h`,
//! `500ms`, or a plain number of seconds), and as every message shows them.

use std::time::Duration;

use super::quantity::number_and_unit;

/// Parses a duration like `90s`, `5m`, `1h`, `500ms` or a plain number of seconds.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let (value, unit) = number_and_unit(text, "duration", "30s, 5m, 1h")?;
    let seconds = match unit {
        "ms" => value / 1000.0,
        "" | "s" => value,
        "m" | "min" => value * 60.0,
        "h" => value * 3600.0,
        other => {
            return Err(format!(
                "unknown duration unit `{other}` (use ms, s, m or h)"
            ));
        }
    };
    Duration::try_from_secs_f64(seconds)
        .map_err(|_| format!("`{text}` is not a duration this tool can wait (too long)"))
}

/// Formats a duration the one way every message and view shows it: `850 ms`
/// under a second, `4.0 s` under ten minutes, then `12m 05s` (`1h 02m 05s`).
pub fn format_duration(elapsed: Duration) -> String {
    if elapsed < Duration::from_secs(1) {
        return format!("{} ms", elapsed.as_millis());
    }
    if elapsed < Duration::from_secs(600) {
        // Truncated to tenths, so 599.99 s never reads as `600.0 s`.
        let tenths = elapsed.as_millis() / 100;
        return format!("{}.{} s", tenths / 10, tenths % 10);
    }
    let seconds = elapsed.as_secs();
    let (hours, minutes, seconds) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    match hours {
        0 => format!("{minutes}m {seconds:02}s"),
        _ => format!("{hours}h {minutes:02}m {seconds:02}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_with_units() {
        assert_eq!(parse_duration("2s"), Ok(Duration::from_secs(2)));
        assert_eq!(parse_duration("5m"), Ok(Duration::from_secs(300)));
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_duration("10"), Ok(Duration::from_secs(10)));
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("3 weeks").is_err());
        assert!(parse_duration("99999999999999999999h").is_err());
    }

    #[test]
    fn under_a_second_is_shown_in_whole_milliseconds() {
        assert_eq!(format_duration(Duration::from_micros(850_900)), "850 ms");
        assert_eq!(format_duration(Duration::ZERO), "0 ms");
    }

    #[test]
    fn under_ten_minutes_is_shown_in_tenths_of_seconds() {
        assert_eq!(format_duration(Duration::from_millis(1_000)), "1.0 s");
        assert_eq!(format_duration(Duration::from_millis(4_017)), "4.0 s");
        assert_eq!(format_duration(Duration::from_millis(18_650)), "18.6 s");
        assert_eq!(format_duration(Duration::from_millis(599_990)), "599.9 s");
    }

    #[test]
    fn ten_minutes_and_more_are_shown_in_minutes_and_seconds() {
        assert_eq!(format_duration(Duration::from_secs(600)), "10m 00s");
        assert_eq!(format_duration(Duration::from_secs(725)), "12m 05s");
        assert_eq!(format_duration(Duration::from_secs(3_725)), "1h 02m 05s");
    }
}
