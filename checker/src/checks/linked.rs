//! The `linked` check: is the Windows licence likely linked to the Microsoft account.
//!
//! No documented API reads "linked to your Microsoft account", so this check only infers,
//! from the other checks' probe values, whether every precondition of a link holds:
//!
//! 1. Windows is activated (`LicenseStatus` 1);
//! 2. with a digital license: channel `Retail` or `OEM:DM`. A digital license shows as
//!    `Retail` (Store purchase, free upgrade, retail key) or `OEM:DM` (the key in the firmware,
//!    which Windows turns into a digital license tied to the hardware); these are the licences
//!    Windows offers to link. Volume licences (`Volume:MAK`, `Volume:GVLK`) belong to an
//!    organisation, and other OEM channels are keys tied to the PC, so neither counts;
//! 3. the user is signed in with a Microsoft account;
//! 4. the user is an administrator (only an administrator can link the licence).
//!
//! All four hold → `ok`, "likely linked", never "linked". One fails → `attention`, naming what
//! is missing. Otherwise something could not be read → `unknown`, naming what. Every outcome
//! tells where Settings shows the real answer.

use super::account::{self, AccountKind};
use super::activation::{self, Channel, LicenseStatus, NoLicence};
use super::os::{self, WindowsRelease};
use super::{admin, decided, probe_failed, unknown};
use crate::probe::Probes;
use crate::report::{Check, CheckId, Facts, Status};

/// The sentence Settings shows when the licence is linked (English Windows).
pub const LINKED_SENTENCE: &str =
    "Windows is activated with a digital license linked to your Microsoft account";

/// Where Settings shows the activation state for a release (both paths when unknown).
pub fn settings_path(release: Option<WindowsRelease>) -> &'static str {
    match release {
        Some(WindowsRelease::Windows11) => "Settings > System > Activation",
        Some(WindowsRelease::Windows10) => "Settings > Update & Security > Activation",
        _ => {
            "Settings > System > Activation (Windows 11) or Settings > Update & Security > \
             Activation (Windows 10)"
        }
    }
}

/// Whether a channel is a digital license that can be linked (rule 2 above).
pub fn is_digital_license(channel: &Channel) -> bool {
    matches!(channel, Channel::Retail | Channel::OemDm)
}

/// One precondition: its fact label, whether it holds (or why that is unknown), the fact
/// text, and how to say it is missing.
struct Condition {
    label: &'static str,
    holds: Result<bool, String>,
    fact: String,
    missing: String,
}

fn activated(probes: &Probes) -> Condition {
    let label = "Activated";
    let (holds, fact) = match &probes.activation {
        Err(e) => (Err(format!("activation status ({e})")), String::new()),
        Ok(probe) => match activation::windows_licence(probe) {
            Err(NoLicence::NoWindowsKey) => (Ok(false), "no (no Windows key installed)".into()),
            Err(NoLicence::NoRows) => {
                (Err("activation status (no WMI data)".into()), String::new())
            }
            Err(NoLicence::MissingProperties(p)) => (
                Err(format!("activation status (WMI lacks {})", p.join(", "))),
                String::new(),
            ),
            Ok(licence) => match licence.status {
                Some(LicenseStatus::Licensed) => (Ok(true), "yes".into()),
                Some(LicenseStatus::Undocumented(n)) => (
                    Err(format!(
                        "activation status (undocumented LicenseStatus {n})"
                    )),
                    String::new(),
                ),
                Some(other) => (
                    Ok(false),
                    format!("no (LicenseStatus {})", other.describe()),
                ),
                None => (
                    Err("activation status (LicenseStatus is null)".into()),
                    String::new(),
                ),
            },
        },
    };
    finish(label, holds, fact, "Windows is not activated".into())
}

fn digital(probes: &Probes) -> Condition {
    let label = "Digital license (channel Retail or OEM:DM)";
    let channel = match &probes.activation {
        Err(e) => Err(format!("licence channel ({e})")),
        Ok(probe) => match activation::windows_licence(probe) {
            Ok(licence) => licence
                .channel
                .ok_or_else(|| "licence channel (ProductKeyChannel not reported)".to_owned()),
            Err(NoLicence::NoWindowsKey) => Err("licence channel (no Windows key)".into()),
            Err(_) => Err("licence channel (Windows licence not found in WMI)".into()),
        },
    };
    let (holds, fact, missing) = match channel {
        Ok(channel) => {
            let digital = is_digital_license(&channel);
            let missing = if channel.is_volume() {
                format!(
                    "the licence is a volume licence ({}), managed by an organisation",
                    channel.as_str()
                )
            } else {
                format!(
                    "the licence channel is {}, not a digital license",
                    channel.as_str()
                )
            };
            let fact = format!("{} ({})", super::yes_no(digital), channel.as_str());
            (Ok(digital), fact, missing)
        }
        Err(e) => (Err(e), String::new(), String::new()),
    };
    finish(label, holds, fact, missing)
}

fn microsoft_account(probes: &Probes) -> Condition {
    let label = "Microsoft account";
    let (holds, fact, missing) = match &probes.account {
        Err(e) => (
            Err(format!("account kind ({e})")),
            String::new(),
            String::new(),
        ),
        Ok(probe) => match account::kind(probe) {
            Ok(AccountKind::Microsoft) => (Ok(true), "yes".to_owned(), String::new()),
            Ok(other) => (
                Ok(false),
                format!("no ({})", other.label()),
                format!("signed in with a {}", other.label()),
            ),
            Err(reason) => (
                Err(format!("account kind ({reason})")),
                String::new(),
                String::new(),
            ),
        },
    };
    finish(label, holds, fact, missing)
}

fn administrator(probes: &Probes) -> Condition {
    let label = "Administrator";
    let holds = match admin::is_admin(&probes.admin) {
        Some(is_admin) => Ok(is_admin),
        None => Err(match &probes.admin {
            Err(e) => format!("administrator membership ({e})"),
            Ok(probe) => match &probe.membership {
                Err(e) => format!("administrator membership ({e})"),
                Ok(_) => "administrator membership".to_owned(),
            },
        }),
    };
    let fact = match holds {
        Ok(true) => "yes".to_owned(),
        _ => "no (standard user)".to_owned(),
    };
    finish(
        label,
        holds,
        fact,
        "the user is not an administrator".into(),
    )
}

fn finish(
    label: &'static str,
    holds: Result<bool, String>,
    fact: String,
    missing: String,
) -> Condition {
    let fact = if holds.is_err() {
        "could not be read".to_owned()
    } else {
        fact
    };
    Condition {
        label,
        holds,
        fact,
        missing,
    }
}

/// Decides the `linked` check from the other checks' probe values.
pub fn check(probes: &Probes) -> Check {
    let id = CheckId::Linked;
    let not_windows = [
        probes.os.as_ref().err(),
        probes.activation.as_ref().err(),
        probes.account.as_ref().err(),
        probes.admin.as_ref().err(),
    ]
    .into_iter()
    .flatten()
    .find(|e| e.is_needs_windows());
    if let Some(error) = not_windows {
        return probe_failed(id, error);
    }

    let conditions = [
        activated(probes),
        digital(probes),
        microsoft_account(probes),
        administrator(probes),
    ];
    let settings = settings_path(os::release(&probes.os));
    let verify = format!("check {settings} for \"{LINKED_SENTENCE}\"");

    let mut facts = Facts::new();
    for condition in &conditions {
        facts.insert(condition.label, condition.fact.clone());
    }
    let missing: Vec<&str> = conditions
        .iter()
        .filter(|c| c.holds == Ok(false))
        .map(|c| c.missing.as_str())
        .collect();
    let unread: Vec<&str> = conditions
        .iter()
        .filter_map(|c| c.holds.as_ref().err())
        .map(String::as_str)
        .collect();
    if !missing.is_empty() {
        facts.insert("Missing", missing.join("; "));
    }
    if !unread.is_empty() {
        facts.insert("Could not read", unread.join("; "));
    }
    facts.insert("Verify in", settings);
    facts.insert("Look for", LINKED_SENTENCE);

    if !missing.is_empty() {
        let summary = format!("Not likely linked: {}", missing.join("; "));
        decided(id, Status::Attention, summary, facts)
    } else if !unread.is_empty() {
        let reason = format!(
            "no Windows API reports the link, and these could not be read: {}; {verify}",
            unread.join("; ")
        );
        unknown(
            id,
            "Could not tell whether the licence is linked",
            reason,
            facts,
        )
    } else {
        decided(
            id,
            Status::Ok,
            format!(
                "Likely linked: activated with a digital license, Microsoft account, \
                 administrator; to be sure, {verify}"
            ),
            facts,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::account::{AccountProbe, JoinState, LocalUser};
    use crate::checks::activation::{ActivationProbe, LicensingRow, Query, WINDOWS_APPLICATION_ID};
    use crate::checks::admin::{AdminProbe, Membership};
    use crate::checks::os::OsProbe;
    use crate::probe::{ProbeError, Probed};

    fn os(build: &str) -> Probed<OsProbe> {
        Ok(OsProbe {
            current_build: Some(build.into()),
            ..OsProbe::default()
        })
    }

    fn activation(status: u32, channel: &str) -> Probed<ActivationProbe> {
        Ok(ActivationProbe {
            rows: vec![LicensingRow {
                application_id: Some(WINDOWS_APPLICATION_ID.into()),
                partial_product_key: Some("3V66T".into()),
                license_status: Some(status),
                license_is_addon: Some(false),
                product_key_channel: Some(channel.into()),
                grace_period_remaining: Some(0),
            }],
            query: Query::WindowsKeys,
            missing_properties: vec![],
        })
    }

    fn account(microsoft: bool) -> Probed<AccountProbe> {
        Ok(AccountProbe {
            local_user: Ok(LocalUser::Found {
                internet_identity: microsoft,
                principal_name: microsoft.then(|| "jo@outlook.com".into()),
                provider_name: None,
            }),
            join: Ok(JoinState::NotJoined),
        })
    }

    fn admin(membership: Membership) -> Probed<AdminProbe> {
        Ok(AdminProbe {
            membership: Ok(membership),
            elevated: Ok(false),
        })
    }

    fn all_good() -> Probes {
        Probes {
            os: os("22631"),
            activation: activation(1, "OEM:DM"),
            account: account(true),
            admin: admin(Membership::DenyOnly),
        }
    }

    fn err<T>(reason: &str) -> Probed<T> {
        Err(ProbeError::new(reason))
    }

    #[test]
    fn all_conditions_hold_is_likely_linked_and_says_so_only() {
        for channel in ["Retail", "OEM:DM"] {
            let probes = Probes {
                activation: activation(1, channel),
                ..all_good()
            };
            let check = check(&probes);
            assert_eq!(check.status, Status::Ok, "{channel}");
            assert!(
                check.summary.starts_with("Likely linked"),
                "{}",
                check.summary
            );
            assert!(check.summary.contains("Settings > System > Activation"));
            assert_eq!(check.facts.get("Activated"), Some("yes"));
            assert_eq!(
                check
                    .facts
                    .get("Digital license (channel Retail or OEM:DM)"),
                Some(format!("yes ({channel})").as_str())
            );
            assert_eq!(check.facts.get("Microsoft account"), Some("yes"));
            assert_eq!(check.facts.get("Administrator"), Some("yes"));
            assert_eq!(check.facts.get("Look for"), Some(LINKED_SENTENCE));
            assert_eq!(check.facts.get("Missing"), None);
            assert_eq!(
                check.help,
                "/activation/link-license-to-microsoft-account/#check"
            );
        }
    }

    #[test]
    fn each_missing_condition_is_attention_naming_it() {
        let table: Vec<(Probes, &str)> = vec![
            (
                Probes {
                    activation: activation(0, "Retail"),
                    ..all_good()
                },
                "Windows is not activated",
            ),
            (
                Probes {
                    activation: activation(5, "Retail"),
                    ..all_good()
                },
                "Windows is not activated",
            ),
            (
                Probes {
                    activation: Ok(ActivationProbe {
                        rows: vec![LicensingRow::default()],
                        query: Query::Everything,
                        missing_properties: vec![],
                    }),
                    ..all_good()
                },
                "Windows is not activated",
            ),
            (
                Probes {
                    activation: activation(1, "Volume:GVLK"),
                    ..all_good()
                },
                "volume licence (Volume:GVLK)",
            ),
            (
                Probes {
                    activation: activation(1, "Volume:MAK"),
                    ..all_good()
                },
                "volume licence (Volume:MAK)",
            ),
            (
                Probes {
                    activation: activation(1, "OEM:NONSLP"),
                    ..all_good()
                },
                "channel is OEM:NONSLP, not a digital license",
            ),
            (
                Probes {
                    account: account(false),
                    ..all_good()
                },
                "signed in with a local account",
            ),
            (
                Probes {
                    account: Ok(AccountProbe {
                        local_user: Ok(LocalUser::NotLocal),
                        join: Ok(JoinState::EntraJoined),
                    }),
                    ..all_good()
                },
                "signed in with a work or school account",
            ),
            (
                Probes {
                    admin: admin(Membership::NotMember),
                    ..all_good()
                },
                "the user is not an administrator",
            ),
            (
                Probes {
                    admin: admin(Membership::NotMember),
                    account: err("timed out"),
                    ..all_good()
                },
                "the user is not an administrator",
            ),
        ];
        for (probes, missing) in table {
            let check = check(&probes);
            assert_eq!(check.status, Status::Attention, "{missing}");
            assert!(check.summary.contains(missing), "{}", check.summary);
            assert!(check.facts.get("Missing").unwrap().contains(missing));
            assert!(check.reason_unknown.is_none());
            assert_eq!(
                check.facts.get("Verify in"),
                Some("Settings > System > Activation")
            );
        }
    }

    #[test]
    fn unreadable_conditions_are_unknown_naming_them() {
        let wine_activation = Ok(ActivationProbe {
            rows: vec![LicensingRow {
                license_status: Some(1),
                ..LicensingRow::default()
            }],
            query: Query::Everything,
            missing_properties: vec!["ApplicationID".into(), "PartialProductKey".into()],
        });
        let table: Vec<(Probes, &str)> = vec![
            (
                Probes {
                    activation: err("WMI timed out"),
                    ..all_good()
                },
                "activation status (WMI timed out)",
            ),
            (
                Probes {
                    activation: wine_activation,
                    ..all_good()
                },
                "WMI lacks ApplicationID",
            ),
            (
                Probes {
                    activation: activation(9, "Retail"),
                    ..all_good()
                },
                "undocumented LicenseStatus 9",
            ),
            (
                Probes {
                    account: err("NetUserGetInfo failed"),
                    ..all_good()
                },
                "account kind (NetUserGetInfo failed)",
            ),
            (
                Probes {
                    admin: err("OpenProcessToken failed"),
                    ..all_good()
                },
                "administrator membership",
            ),
            (
                Probes {
                    admin: Ok(AdminProbe {
                        membership: err("TokenGroups failed"),
                        elevated: Ok(false),
                    }),
                    ..all_good()
                },
                "administrator membership (TokenGroups failed)",
            ),
        ];
        for (probes, what) in table {
            let check = check(&probes);
            assert_eq!(check.status, Status::Unknown, "{what}");
            let reason = check.reason_unknown.clone().unwrap();
            assert!(reason.contains(what), "{reason}");
            assert!(
                reason.contains("Settings > System > Activation"),
                "{reason}"
            );
            assert!(reason.contains(LINKED_SENTENCE));
            assert!(check.facts.values_contain("could not be read"));
        }
    }

    /// The Windows row of [`activation`]`(1, "Retail")`, changed by `change`.
    fn activation_with(change: impl FnOnce(&mut LicensingRow)) -> Probed<ActivationProbe> {
        let mut probe = activation(1, "Retail")?;
        change(&mut probe.rows[0]);
        Ok(probe)
    }

    #[test]
    fn a_channel_not_reported_a_null_status_or_no_wmi_rows_are_unknown_naming_them() {
        let no_rows = Ok(ActivationProbe {
            query: Query::Everything,
            ..ActivationProbe::default()
        });
        let table: Vec<(Probed<ActivationProbe>, &str, &str)> = vec![
            (
                activation_with(|row| row.product_key_channel = None),
                "Digital license (channel Retail or OEM:DM)",
                "licence channel (ProductKeyChannel not reported)",
            ),
            (
                activation_with(|row| row.license_status = None),
                "Activated",
                "activation status (LicenseStatus is null)",
            ),
            (
                no_rows.clone(),
                "Activated",
                "activation status (no WMI data)",
            ),
            (
                no_rows,
                "Digital license (channel Retail or OEM:DM)",
                "licence channel (Windows licence not found in WMI)",
            ),
        ];
        for (activation, label, unread) in table {
            let check = check(&Probes {
                activation,
                ..all_good()
            });
            assert_eq!(check.status, Status::Unknown, "{unread}");
            assert_eq!(
                check.facts.get(label),
                Some("could not be read"),
                "{unread}"
            );
            assert!(
                check.facts.get("Could not read").unwrap().contains(unread),
                "{:?}",
                check.facts.get("Could not read")
            );
            let reason = check.reason_unknown.unwrap();
            assert!(reason.contains(unread), "{reason}");
            assert_eq!(check.facts.get("Missing"), None);
        }
        // The status alone can still rule the link out.
        let unlicensed = check(&Probes {
            activation: activation_with(|row| {
                row.license_status = Some(0);
                row.product_key_channel = None;
            }),
            ..all_good()
        });
        assert_eq!(unlicensed.status, Status::Attention);
        assert_eq!(
            unlicensed.facts.get("Activated"),
            Some("no (LicenseStatus 0 (unlicensed))")
        );
    }

    #[test]
    fn no_windows_key_from_the_filtered_query_is_attention() {
        let check = check(&Probes {
            activation: Ok(ActivationProbe {
                query: Query::WindowsKeys,
                ..ActivationProbe::default()
            }),
            ..all_good()
        });
        assert_eq!(check.status, Status::Attention);
        assert_eq!(
            check.facts.get("Activated"),
            Some("no (no Windows key installed)")
        );
        assert_eq!(check.facts.get("Missing"), Some("Windows is not activated"));
    }

    #[test]
    fn settings_path_follows_the_windows_release() {
        let win10 = Probes {
            os: os("19045"),
            ..all_good()
        };
        assert!(
            check(&win10)
                .summary
                .contains("Settings > Update & Security > Activation")
        );
        let unknown_os = Probes {
            os: err("registry timed out"),
            ..all_good()
        };
        let check = check(&unknown_os);
        assert_eq!(check.status, Status::Ok, "the os is not a precondition");
        assert!(
            check
                .facts
                .get("Verify in")
                .unwrap()
                .contains("(Windows 10)")
        );
        assert!(
            check
                .facts
                .get("Verify in")
                .unwrap()
                .contains("(Windows 11)")
        );
    }

    #[test]
    fn off_windows_it_needs_windows() {
        let check = check(&Probes::not_windows());
        assert_eq!(check.status, Status::Unknown);
        assert_eq!(
            check.reason_unknown.as_deref(),
            Some(ProbeError::NEEDS_WINDOWS)
        );
    }

    #[test]
    fn the_digital_license_rule() {
        assert!(is_digital_license(&Channel::Retail));
        assert!(is_digital_license(&Channel::OemDm));
        for other in [
            Channel::OemNonSlp,
            Channel::VolumeMak,
            Channel::VolumeGvlk,
            Channel::Other("OEM:COA_NSLP".into()),
        ] {
            assert!(!is_digital_license(&other), "{other:?}");
        }
    }

    trait ValuesContain {
        fn values_contain(&self, needle: &str) -> bool;
    }

    impl ValuesContain for Facts {
        fn values_contain(&self, needle: &str) -> bool {
            self.iter().any(|(_, v)| v.contains(needle))
        }
    }
}
