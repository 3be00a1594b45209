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
    /// Long-Term Servicing Channel editions (EnterpriseS).
    Ltsc,
    /// IoT Enterprise LTSC (IoTEnterpriseS), which some LTSC releases support for longer.
    IotLtsc,
}

impl Channel {
    /// The timeline of an `EditionID`.
    pub fn of_edition(edition_id: &str) -> Channel {
        if edition_id.starts_with("IoTEnterpriseS") {
            Channel::IotLtsc
        } else if edition_id.starts_with("EnterpriseS") {
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
    /// For Windows 10 22H2: the last day of the Extended Security Updates a PC may be
    /// enrolled in (the checker cannot see the enrollment).
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
/// A build the table does not list (an Insider build, a version newer than the table) gives
/// `None`: the check then says nothing about its updates.
pub fn end_of_support(build: u32, channel: Channel) -> Option<EndOfSupport> {
    use Channel::{EnterpriseEducation as Ent, HomePro as Home, IotLtsc, Ltsc};
    match (build, channel) {
        // Windows 10, by version: Home and Pro, then Enterprise and Education.
        (10240, Home | Ent) => end("2017-05-09"), // 1507
        (10586, Home) => end("2017-10-10"),       // 1511
        (10586, Ent) => end("2018-04-10"),
        (14393, Home) => end("2018-04-10"), // 1607
        (14393, Ent) => end("2019-04-09"),
        (15063, Home) => end("2018-10-09"), // 1703
        (15063, Ent) => end("2019-10-08"),
        (16299, Home) => end("2019-04-09"), // 1709
        (16299, Ent) => end("2020-10-13"),
        (17134, Home) => end("2019-11-12"), // 1803
        (17134, Ent) => end("2021-05-11"),
        (17763, Home) => end("2020-11-10"), // 1809
        (17763, Ent) => end("2021-05-11"),
        (18362, Home | Ent) => end("2020-12-08"), // 1903
        (18363, Home) => end("2021-05-11"),       // 1909
        (18363, Ent) => end("2022-05-10"),
        (19041, Home | Ent) => end("2021-12-14"), // 2004
        (19042, Home) => end("2022-05-10"),       // 20H2
        (19042, Ent) => end("2023-05-09"),
        (19043, Home | Ent) => end("2022-12-13"), // 21H1
        (19044, Home) => end("2023-06-13"),       // 21H2
        (19044, Ent) => end("2024-06-11"),
        // 22H2: Home and Pro could enroll in one year of consumer Extended Security Updates,
        // organizations in up to three years of commercial ones.
        (19045, Home) => extended("2025-10-14", "2026-10-13"),
        (19045, Ent) => extended("2025-10-14", "2028-10-10"),
        // Windows 10 long-term servicing releases.
        (10240, Ltsc | IotLtsc) => end("2025-10-14"), // LTSB 2015
        (14393, Ltsc | IotLtsc) => end("2026-10-13"), // LTSB 2016
        (17763, Ltsc | IotLtsc) => end("2029-01-09"), // LTSC 2019
        (19044, Ltsc) => end("2027-01-12"),           // LTSC 2021
        (19044, IotLtsc) => end("2032-01-13"),        // IoT Enterprise LTSC 2021
        // Windows 11, by version.
        (22000, Home) => end("2023-10-10"), // 21H2
        (22000, Ent) => end("2024-10-08"),
        (22621, Home) => end("2024-10-08"), // 22H2
        (22621, Ent) => end("2025-10-14"),
        (22631, Home) => end("2025-11-11"), // 23H2
        (22631, Ent) => end("2026-11-10"),
        (26100, Home) => end("2026-10-13"), // 24H2
        (26100, Ent) => end("2027-10-12"),
        (26100, Ltsc) => end("2029-10-09"), // Enterprise LTSC 2024
        (26100, IotLtsc) => end("2034-10-10"), // IoT Enterprise LTSC 2024
        (26200, Home) => end("2027-10-12"), // 25H2
        (26200, Ent) => end("2028-10-10"),
        _ => None,
    }
}

const fn extended(ends: &'static str, extended_until: &'static str) -> Option<EndOfSupport> {
    Some(EndOfSupport {
        ends,
        extended_until: Some(extended_until),
    })
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
            ("IoTEnterpriseS", Channel::IotLtsc),
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
        // Insider builds and LTSC editions of general-availability builds are not guessed.
        assert_eq!(end_of_support(26120, Channel::HomePro), None);
        assert_eq!(end_of_support(22631, Channel::Ltsc), None);
        assert_eq!(
            end_of_support(10240, Channel::Ltsc).unwrap().ends,
            "2025-10-14"
        );
        assert_eq!(
            end_of_support(19044, Channel::IotLtsc).unwrap().ends,
            "2032-01-13"
        );
        assert_eq!(
            end_of_support(18363, Channel::EnterpriseEducation)
                .unwrap()
                .ends,
            "2022-05-10"
        );
        assert_eq!(
            end_of_support(19045, Channel::EnterpriseEducation)
                .unwrap()
                .extended_until,
            Some("2028-10-10")
        );
        assert!(!is_past("2026-10-13T23:00:00Z", "2026-10-13"));
        assert!(is_past("2026-10-14T00:00:00Z", "2026-10-13"));
        assert!(!is_past("garbage", "2026-10-13"));
    }
}
