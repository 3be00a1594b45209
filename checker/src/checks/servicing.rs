//! When each Windows version stops getting security updates, compiled in.
//!
//! The `os` check compares the report's date with this table to say whether the reader's
//! version is past its end of support. Dates are Microsoft's published lifecycle dates for each
//! feature update. A version missing here (one released after [`TABLE_DATE`]) is not judged.

/// The day this table was last brought up to date; the `os` check quotes it.
pub const TABLE_DATE: &str = "2026-12-05";

/// Which servicing timeline an edition follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    /// Home, Pro, Pro Education, Pro for Workstations: the shorter timeline.
    HomePro,
    /// Enterprise, Education, IoT Enterprise: the longer timeline.
    EnterpriseEducation,
    /// Long-Term Servicing Channel editions (EnterpriseS, IoTEnterpriseS).
    Ltsc,
}

impl Channel {
    /// The timeline of an `EditionID`.
    pub fn of_edition(edition_id: &str) -> Channel {
        if edition_id.starts_with("EnterpriseS") || edition_id.starts_with("IoTEnterpriseS") {
            Channel::Ltsc
        } else if edition_id.starts_with("Enterprise")
            || edition_id.starts_with("IoTEnterprise")
            || edition_id.starts_with("Education")
            || edition_id == "ServerRdsh"
        {
            Channel::EnterpriseEducation
        } else {
            Channel::HomePro
        }
    }
}

/// One version's end of security updates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EndOfSupport {
    /// The last day of security updates, `YYYY-MM-DD`.
    pub ends: &'static str,
    /// For Windows 10 22H2 on Home and Pro: the last day of the paid or free Extended Security
    /// Updates a PC may be enrolled in (the checker cannot see the enrollment).
    pub extended_until: Option<&'static str>,
}

const fn end(ends: &'static str) -> Option<EndOfSupport> {
    Some(EndOfSupport {
        ends,
        extended_until: None,
    })
}

/// The end of support of `build` (CurrentBuild) on `channel`, if the table knows it.
/// Builds identify versions: 19045 is Windows 10 22H2, 26100 Windows 11 24H2, and so on.
pub fn end_of_support(build: u32, channel: Channel) -> Option<EndOfSupport> {
    use Channel::{EnterpriseEducation as Ent, HomePro as Home, Ltsc};
    match (build, channel) {
        // Windows 10
        (19041, Home) => end("2021-12-14"), // 2004
        (19041, Ent) => end("2021-12-14"),
        (19042, Home) => end("2022-05-10"), // 20H2
        (19042, Ent) => end("2023-05-09"),
        (19043, Home | Ent) => end("2022-12-13"), // 21H1
        (19044, Home) => end("2023-06-13"),       // 21H2
        (19044, Ent) => end("2024-06-11"),
        (19044, Ltsc) => end("2027-01-12"), // Enterprise LTSC 2021
        (19045, Home) => Some(EndOfSupport {
            ends: "2025-10-14",
            extended_until: Some("2026-10-13"),
        }),
        (19045, Ent) => end("2025-10-14"),  // 22H2
        (17763, Ltsc) => end("2029-01-09"), // Enterprise LTSC 2019
        (14393, Ltsc) => end("2026-10-13"), // Enterprise LTSB 2016
        // Windows 11
        (22000, Home) => end("2023-10-10"), // 21H2
        (22000, Ent) => end("2024-10-08"),
        (22621, Home) => end("2024-10-08"), // 22H2
        (22621, Ent) => end("2025-10-14"),
        (22631, Home) => end("2025-11-11"), // 23H2
        (22631, Ent) => end("2026-11-10"),
        (26100, Home) => end("2026-10-13"), // 24H2
        (26100, Ent) => end("2027-10-12"),
        (26100, Ltsc) => end("2029-10-09"), // Enterprise LTSC 2024
        (26200, Home) => end("2027-10-12"), // 25H2
        (26200, Ent) => end("2028-10-10"),
        // Every other Windows 10 build before 19041 is long out of support.
        (10240..19041, Home | Ent) => end("2021-05-11"),
        _ => None,
    }
}

/// Whether `today` (`YYYY-MM-DD`, or an RFC 3339 time) is after the last day `ends`.
pub fn is_past(today: &str, ends: &str) -> bool {
    today.get(..10).is_some_and(|day| day > ends)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channels_of_editions() {
        let table = [
            ("Core", Channel::HomePro),
            ("Professional", Channel::HomePro),
            ("ProfessionalEducation", Channel::HomePro),
            ("Enterprise", Channel::EnterpriseEducation),
            ("Education", Channel::EnterpriseEducation),
            ("IoTEnterprise", Channel::EnterpriseEducation),
            ("EnterpriseS", Channel::Ltsc),
            ("IoTEnterpriseS", Channel::Ltsc),
        ];
        for (edition, channel) in table {
            assert_eq!(Channel::of_edition(edition), channel, "{edition}");
        }
    }

    #[test]
    fn end_dates_and_the_day_they_pass() {
        let home_22h2 = end_of_support(19045, Channel::HomePro).unwrap();
        assert_eq!(home_22h2.ends, "2025-10-14");
        assert_eq!(home_22h2.extended_until, Some("2026-10-13"));
        assert_eq!(
            end_of_support(26100, Channel::HomePro).unwrap().ends,
            "2026-10-13"
        );
        assert_eq!(
            end_of_support(26100, Channel::EnterpriseEducation)
                .unwrap()
                .ends,
            "2027-10-12"
        );
        assert_eq!(end_of_support(29000, Channel::HomePro), None);
        assert!(!is_past("2026-10-13T23:00:00Z", "2026-10-13"));
        assert!(is_past("2026-10-14T00:00:00Z", "2026-10-13"));
        assert!(!is_past("garbage", "2026-10-13"));
    }
}
