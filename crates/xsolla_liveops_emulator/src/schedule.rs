//! Scheduled resets (`recurrent_schedule`): when the current period began and when the next
//! one begins. Used by offer chains now and by promotion limits later.

use chrono::{Datelike, Duration, FixedOffset, NaiveDate, Offset, TimeZone};
use xsolla_liveops::models::common::RecurrentSchedule;

use crate::error::{ApiError, ApiResult};

/// The hour and UTC offset of a `"HH:00:00+hh:mm"` time.
pub fn parse_time(time: &str) -> Option<(u32, FixedOffset)> {
    let b = time.as_bytes();
    if b.len() != 14 || &time[2..6] != ":00:" || &time[6..8] != "00" || b[11] != b':' {
        return None;
    }
    let hour: u32 = time[0..2].parse().ok()?;
    let sign = match b[8] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let oh: i32 = time[9..11].parse().ok()?;
    let om: i32 = time[12..14].parse().ok()?;
    if hour > 23 || oh > 23 || om > 59 {
        return None;
    }
    Some((hour, FixedOffset::east_opt(sign * (oh * 3600 + om * 60))?))
}

/// Checks the fields the schema cannot: time format, day of week, day of month.
pub fn validate(property: &str, schedule: &RecurrentSchedule) -> ApiResult<()> {
    let bad = |field: &str, text: &str| {
        ApiError::validation(
            &format!("{property}.{field}"),
            format!("The property `{property}.{field}` {text}"),
        )
    };
    let check_time = |time: &str| {
        parse_time(time).map(|_| ()).ok_or_else(|| {
            bad(
                "time",
                "must be a whole hour with a UTC offset, like 02:00:00+03:00",
            )
        })
    };
    match schedule {
        RecurrentSchedule::Hourly {} => Ok(()),
        RecurrentSchedule::Daily { time } => check_time(time),
        RecurrentSchedule::Weekly { day_of_week, time } => {
            if !(1..=7).contains(day_of_week) {
                return Err(bad("day_of_week", "must be between 1 and 7"));
            }
            check_time(time)
        }
        RecurrentSchedule::Monthly { day_of_month, time } => {
            if !(1..=31).contains(day_of_month) {
                return Err(bad("day_of_month", "must be between 1 and 31"));
            }
            check_time(time)
        }
    }
}

fn at(date: NaiveDate, hour: u32, offset: FixedOffset) -> i64 {
    date.and_hms_opt(hour, 0, 0)
        .and_then(|dt| offset.from_local_datetime(&dt).single())
        .map_or(0, |dt| dt.timestamp())
}

fn month_day(year: i32, month: u32, day: u8) -> NaiveDate {
    let first = NaiveDate::from_ymd_opt(year, month, 1).unwrap_or_default();
    let next_first = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    }
    .unwrap_or_default();
    let last = (next_first - first).num_days() as u32;
    first + Duration::days(i64::from(u32::from(day).clamp(1, last) - 1))
}

fn add_months(year: i32, month: u32, delta: i32) -> (i32, u32) {
    let index = year * 12 + month as i32 - 1 + delta;
    (index.div_euclid(12), (index.rem_euclid(12) + 1) as u32)
}

/// The last reset at or before `now` and the next reset after it, as Unix seconds.
pub fn bounds(schedule: &RecurrentSchedule, now: i64) -> (i64, i64) {
    let parsed = |time: &str| parse_time(time).unwrap_or((0, chrono::Utc.fix()));
    let local_date = |offset: FixedOffset| {
        offset
            .timestamp_opt(now, 0)
            .single()
            .map_or_else(NaiveDate::default, |d| d.date_naive())
    };
    match schedule {
        RecurrentSchedule::Hourly {} => {
            let prev = now - now.rem_euclid(3600);
            (prev, prev + 3600)
        }
        RecurrentSchedule::Daily { time } => {
            let (hour, offset) = parsed(time);
            let today = at(local_date(offset), hour, offset);
            let prev = if today <= now { today } else { today - 86_400 };
            (prev, prev + 86_400)
        }
        RecurrentSchedule::Weekly { day_of_week, time } => {
            let (hour, offset) = parsed(time);
            let date = local_date(offset);
            let back = (i64::from(date.weekday().number_from_monday()) - i64::from(*day_of_week))
                .rem_euclid(7);
            let mut prev = at(date - Duration::days(back), hour, offset);
            if prev > now {
                prev -= 7 * 86_400;
            }
            (prev, prev + 7 * 86_400)
        }
        RecurrentSchedule::Monthly { day_of_month, time } => {
            let (hour, offset) = parsed(time);
            let date = local_date(offset);
            let (y, m) = (date.year(), date.month());
            let this = at(month_day(y, m, *day_of_month), hour, offset);
            let (py, pm) = if this <= now {
                (y, m)
            } else {
                add_months(y, m, -1)
            };
            let prev = at(month_day(py, pm, *day_of_month), hour, offset);
            let (ny, nm) = add_months(py, pm, 1);
            (prev, at(month_day(ny, nm, *day_of_month), hour, offset))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> i64 {
        chrono::DateTime::parse_from_rfc3339(s).unwrap().timestamp()
    }

    #[test]
    fn boundaries() {
        let now = ts("2025-03-12T10:30:00Z"); // a Wednesday
        assert_eq!(
            bounds(&RecurrentSchedule::Hourly {}, now),
            (ts("2025-03-12T10:00:00Z"), ts("2025-03-12T11:00:00Z"))
        );
        let weekly = RecurrentSchedule::Weekly {
            day_of_week: 1,
            time: "01:00:00+08:00".into(),
        };
        assert_eq!(
            bounds(&weekly, now),
            (
                ts("2025-03-10T01:00:00+08:00"),
                ts("2025-03-17T01:00:00+08:00")
            )
        );
        let monthly = RecurrentSchedule::Monthly {
            day_of_month: 31,
            time: "00:00:00+00:00".into(),
        };
        assert_eq!(
            bounds(&monthly, now),
            (ts("2025-02-28T00:00:00Z"), ts("2025-03-31T00:00:00Z"))
        );
        let daily = RecurrentSchedule::Daily {
            time: "12:00:00+00:00".into(),
        };
        assert_eq!(
            bounds(&daily, now),
            (ts("2025-03-11T12:00:00Z"), ts("2025-03-12T12:00:00Z"))
        );
        assert!(parse_time("25:00:00+00:00").is_none());
        assert!(parse_time("02:30:00+00:00").is_none());
    }
}
