//! The `linked` check: is the Windows license likely linked to the Microsoft account.
//!
//! No documented API reads "linked to your Microsoft account": the link lives at Microsoft.
//! So this check only says what the facts on this PC decide, and otherwise says `unknown`,
//! why, and where Settings shows the real answer:
//!
//! - not activated → `problem`: there is nothing to link yet;
//! - a volume license (`Volume:MAK`, `Volume:GVLK`) → `attention`: it belongs to an
//!   organization and cannot be linked;
//! - a local account, a standard user, or a work, school or domain account → `unknown`: the
//!   signed-in user cannot hold or see the link, but another administrator's Microsoft
//!   account on the same PC may have linked it;
//! - a license that is not a digital license (`OEM:NONSLP` …) → `unknown`: a product-key
//!   activation may or may not have become a digital license;
//! - activated with a digital license (`Retail` or `OEM:DM`), by an administrator signed in
//!   with a Microsoft account → `ok`, "probably linked", never "linked".

use super::account::{self, AccountKind};
use super::activation::{self, Channel, LicenseStatus, NoLicense};
use super::os::{self, WindowsRelease};
use super::{admin, decided, probe_failed, unknown};
use crate::checks::activation::channel_label;
use crate::probe::Probes;
use crate::report::{Check, CheckId, Facts};

/// The sentence Settings shows when the license is linked (English Windows).
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

/// What the license's activation says about a link.
enum License {
    /// Activated, with this channel (if reported).
    Activated(Option<Channel>),
    /// Not activated: nothing to link.
    NotActivated,
}

fn license(probes: &Probes) -> Result<License, String> {
    let probe = probes
        .activation
        .as_ref()
        .map_err(|e| format!("the activation state could not be read ({e})"))?;
    match activation::windows_license(probe) {
        Err(NoLicense::NoWindowsKey) => Ok(License::NotActivated),
        Err(NoLicense::NoRows) => {
            Err("the activation state could not be read (no WMI data)".into())
        }
        Err(NoLicense::MissingProperties(p)) => Err(format!(
            "the activation state could not be read (WMI lacks {})",
            p.join(", ")
        )),
        Ok(license) => match license.status {
            Some(LicenseStatus::Licensed) => Ok(License::Activated(license.channel)),
            Some(LicenseStatus::Undocumented(n)) => Err(format!(
                "the activation state could not be read (undocumented LicenseStatus {n})"
            )),
            Some(_) => Ok(License::NotActivated),
            None => Err("the activation state could not be read (LicenseStatus is null)".into()),
        },
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
    let settings = settings_path(os::release(&probes.os));
    let license = license(probes);
    let account = match &probes.account {
        Ok(probe) => account::kind(probe),
        Err(e) => Err(format!("the account could not be read ({e})")),
    };
    let admin = admin::is_admin(&probes.admin)
        .ok_or_else(|| "whether you are an administrator could not be read".to_owned());

    let yes_no = |value: bool| if value { "Yes" } else { "No" };
    let unread = "Could not be read";
    let mut facts = Facts::new();
    facts.insert(
        "activated",
        "Windows activated",
        match &license {
            Ok(License::Activated(_)) => "Yes",
            Ok(License::NotActivated) => "No",
            Err(_) => unread,
        },
    );
    let channel = match &license {
        Ok(License::Activated(channel)) => channel.clone(),
        _ => None,
    };
    if let Some(channel) = &channel {
        facts.insert("license_type", "License type", channel_label(channel));
    }
    facts.insert(
        "microsoft_account",
        "Signed in with a Microsoft account",
        match &account {
            Ok(kind) => yes_no(*kind == AccountKind::Microsoft),
            Err(_) => unread,
        },
    );
    facts.insert(
        "administrator",
        "Administrator",
        match &admin {
            Ok(is_admin) => yes_no(*is_admin),
            Err(_) => unread,
        },
    );
    facts.insert("confirm_in", "Where Windows shows the answer", settings);
    let look = format!("open {settings} and look for \"{LINKED_SENTENCE}\"");

    if let Ok(License::NotActivated) = license {
        return decided(
            id,
            "not-activated",
            "Nothing to link yet: Windows is not activated",
            facts,
        );
    }
    if let Some(channel) = channel.as_ref().filter(|c| c.is_volume()) {
        return decided(
            id,
            "volume-license",
            format!(
                "This PC has an organization's volume license ({}), which cannot be linked to a \
                 Microsoft account",
                channel.as_str()
            ),
            facts,
        );
    }
    match account {
        Ok(AccountKind::WorkOrSchool | AccountKind::Domain) => {
            return unknown(
                id,
                "other-account",
                "Cannot tell from this account: a work, school or domain account cannot hold \
                 the link",
                format!(
                    "a license links to a personal Microsoft account only; sign in with one as \
                     an administrator, then {look}"
                ),
                facts,
            );
        }
        Ok(AccountKind::Local) => {
            return unknown(
                id,
                "local-account",
                "Cannot tell from a local account: the link belongs to a Microsoft account",
                format!(
                    "another administrator on this PC may have linked the license with their \
                     Microsoft account; switch to a Microsoft account, then {look}"
                ),
                facts,
            );
        }
        _ => {}
    }
    if admin == Ok(false) {
        return unknown(
            id,
            "standard-user",
            "Cannot tell from a standard user: only an administrator can see and make the link",
            format!("sign in as an administrator, then {look}"),
            facts,
        );
    }
    let unreadable: Vec<String> = [license.err(), account.err(), admin.err()]
        .into_iter()
        .flatten()
        .collect();
    if !unreadable.is_empty() {
        return unknown(
            id,
            "could-not-read",
            "Could not tell whether your license is linked",
            format!(
                "no Windows API reports the link, and {}; {look}",
                unreadable.join("; ")
            ),
            facts,
        );
    }
    match channel {
        Some(channel) if is_digital_license(&channel) => decided(
            id,
            "likely-linked",
            format!("Probably linked to your Microsoft account; {settings} confirms it"),
            facts,
        ),
        _ => unknown(
            id,
            "not-digital",
            "Cannot tell: Windows was activated with a product key, which may not be linked",
            format!(
                "a key that came with the PC or an unknown license type may or may not have \
                 become a digital license; {look}"
            ),
            facts,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::account::{AccountProbe, JoinState, LocalUser, UserIdentity};
    use crate::probe::activation::{ActivationProbe, LicensingRow, Query, WINDOWS_APPLICATION_ID};
    use crate::probe::admin::{AdminProbe, Membership};
    use crate::probe::os::OsProbe;
    use crate::probe::{ProbeError, Probed};
    use crate::report::{Status, find_outcome};

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
                license_status_reason: Some(0),
                description: None,
            }],
            query: Query::WindowsKeys,
            missing_properties: vec![],
        })
    }

    fn account_of(
        sid: &str,
        on_this_pc: bool,
        microsoft: bool,
        domain: bool,
    ) -> Probed<AccountProbe> {
        Ok(AccountProbe {
            identity: Ok(UserIdentity {
                sid: sid.into(),
                on_this_pc,
            }),
            local_user: Ok(if on_this_pc {
                LocalUser::Found {
                    internet_identity: microsoft,
                    principal_name: microsoft.then(|| "jo@outlook.com".into()),
                }
            } else {
                LocalUser::NotLocal
            }),
            join: Ok(JoinState::NotJoined),
            domain_joined: Ok(domain),
        })
    }

    fn account(microsoft: bool) -> Probed<AccountProbe> {
        account_of("S-1-5-21-1-2-3-1001", true, microsoft, false)
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
    fn every_decision_with_its_outcome() {
        let no_key = Ok(ActivationProbe {
            query: Query::WindowsKeys,
            ..ActivationProbe::default()
        });
        let table: Vec<(&str, Probes, &str, &str)> = vec![
            (
                "all good, OEM:DM",
                all_good(),
                "likely-linked",
                "Probably linked",
            ),
            (
                "all good, Retail",
                Probes {
                    activation: activation(1, "Retail"),
                    ..all_good()
                },
                "likely-linked",
                "Probably linked",
            ),
            (
                "not activated",
                Probes {
                    activation: activation(0, "Retail"),
                    ..all_good()
                },
                "not-activated",
                "Nothing to link yet",
            ),
            (
                "notification mode, local account",
                Probes {
                    activation: activation(5, "Retail"),
                    account: account(false),
                    ..all_good()
                },
                "not-activated",
                "Nothing to link yet",
            ),
            (
                "no key",
                Probes {
                    activation: no_key,
                    ..all_good()
                },
                "not-activated",
                "Nothing",
            ),
            (
                "KMS",
                Probes {
                    activation: activation(1, "Volume:GVLK"),
                    ..all_good()
                },
                "volume-license",
                "volume license (Volume:GVLK)",
            ),
            (
                "MAK, standard user",
                Probes {
                    activation: activation(1, "Volume:MAK"),
                    admin: admin(Membership::NotMember),
                    ..all_good()
                },
                "volume-license",
                "cannot be linked",
            ),
            // Another administrator's Microsoft account may have linked it: never "not linked".
            (
                "local account",
                Probes {
                    account: account(false),
                    ..all_good()
                },
                "local-account",
                "Cannot tell from a local account",
            ),
            (
                "standard user",
                Probes {
                    admin: admin(Membership::NotMember),
                    ..all_good()
                },
                "standard-user",
                "Cannot tell from a standard user",
            ),
            (
                "Entra user",
                Probes {
                    account: account_of("S-1-12-1-5-6-7-8", false, false, false),
                    ..all_good()
                },
                "other-account",
                "work, school or domain",
            ),
            (
                "domain user",
                Probes {
                    account: account_of("S-1-5-21-7-7-7-1104", false, false, true),
                    ..all_good()
                },
                "other-account",
                "work, school or domain",
            ),
            (
                "OEM:NONSLP",
                Probes {
                    activation: activation(1, "OEM:NONSLP"),
                    ..all_good()
                },
                "not-digital",
                "product key",
            ),
            (
                "activation unreadable",
                Probes {
                    activation: err("WMI timed out"),
                    ..all_good()
                },
                "could-not-read",
                "Could not tell",
            ),
            (
                "undocumented status",
                Probes {
                    activation: activation(9, "Retail"),
                    ..all_good()
                },
                "could-not-read",
                "Could not tell",
            ),
            (
                "account unreadable",
                Probes {
                    account: err("NetUserGetInfo failed"),
                    ..all_good()
                },
                "could-not-read",
                "Could not tell",
            ),
            (
                "admin unreadable",
                Probes {
                    admin: err("OpenProcessToken failed"),
                    ..all_good()
                },
                "could-not-read",
                "Could not tell",
            ),
        ];
        for (case, probes, outcome, summary) in table {
            let check = check(&probes);
            assert_eq!(check.outcome, outcome, "{case}");
            let status = find_outcome(CheckId::Linked, outcome).unwrap().status;
            assert_eq!(check.status, status, "{case}");
            assert!(check.summary.contains(summary), "{case}: {}", check.summary);
            assert_eq!(
                check.reason_unknown.is_some(),
                status == Status::Unknown,
                "{case}"
            );
            if let Some(reason) = &check.reason_unknown {
                assert!(reason.contains(LINKED_SENTENCE), "{case}: {reason}");
                assert!(reason.contains("Settings > System > Activation"), "{case}");
            }
            assert_eq!(
                check.facts.get("confirm_in").map(|f| f.value.as_str()),
                Some("Settings > System > Activation"),
                "{case}"
            );
            assert!(!check.summary.contains("Not likely linked"), "{case}");
        }
    }

    #[test]
    fn facts_read_as_words() {
        let check = check(&all_good());
        let value = |key: &str| check.facts.get(key).map(|f| f.value.clone());
        assert_eq!(value("activated").as_deref(), Some("Yes"));
        assert_eq!(value("microsoft_account").as_deref(), Some("Yes"));
        assert_eq!(value("administrator").as_deref(), Some("Yes"));
        assert!(
            value("license_type")
                .unwrap()
                .starts_with("Came with the PC")
        );
        let unread = super::check(&Probes {
            admin: err("x"),
            ..all_good()
        });
        assert_eq!(
            unread.facts.get("administrator").map(|f| f.value.as_str()),
            Some("Could not be read")
        );
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
        let unknown_os = check(&Probes {
            os: err("registry timed out"),
            ..all_good()
        });
        assert_eq!(
            unknown_os.status,
            Status::Ok,
            "the os is not a precondition"
        );
        let confirm = &unknown_os.facts.get("confirm_in").unwrap().value;
        assert!(confirm.contains("(Windows 10)") && confirm.contains("(Windows 11)"));
    }

    #[test]
    fn off_windows_it_needs_windows() {
        let check = check(&Probes::not_windows());
        assert_eq!(check.status, Status::Unknown);
        assert_eq!(check.outcome, "not-windows");
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
}
