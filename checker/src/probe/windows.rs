//! The real Windows probes: registry, WMI, NetAPI and the process token.
//!
//! Each function reads raw values into the plain probe structs and decides nothing. Only
//! numbers and fixed English identifiers are read, never localized text. APIs that may be
//! absent (`NetGetAadJoinInformation` is missing on older Windows and on Wine) are looked up
//! at run time, so a missing one makes its value unreadable instead of stopping the program
//! from starting.

use std::collections::HashMap;

use ::windows::Win32::Foundation::{
    CloseHandle, ERROR_FILE_NOT_FOUND, ERROR_MORE_DATA, ERROR_SUCCESS, HANDLE, HLOCAL, LocalFree,
    WIN32_ERROR,
};
use ::windows::Win32::NetworkManagement::NetManagement::{
    DSREG_DEVICE_JOIN, DSREG_JOIN_INFO, DSREG_WORKPLACE_JOIN, NERR_Success, NERR_UserNotFound,
    NETSETUP_JOIN_STATUS, NetApiBufferFree, NetGetJoinInformation, NetSetupDomainName,
    NetUserGetInfo, USER_INFO_24,
};
use ::windows::Win32::Security::Authorization::ConvertSidToStringSidW;
use ::windows::Win32::Security::{
    CreateWellKnownSid, EqualSid, GetTokenInformation, LookupAccountSidW, PSID,
    SECURITY_MAX_SID_SIZE, SID_AND_ATTRIBUTES, SID_NAME_USE, TOKEN_ELEVATION, TOKEN_GROUPS,
    TOKEN_INFORMATION_CLASS, TOKEN_QUERY, TOKEN_USER, TokenElevation, TokenGroups, TokenUser,
    WinBuiltinAdministratorsSid,
};
use ::windows::Win32::System::LibraryLoader::{
    GetProcAddress, LOAD_LIBRARY_SEARCH_SYSTEM32, LoadLibraryExW,
};
use ::windows::Win32::System::Registry::{
    HKEY, HKEY_LOCAL_MACHINE, KEY_READ, KEY_WOW64_64KEY, RRF_RT_REG_DWORD, RRF_RT_REG_SZ,
    RegCloseKey, RegGetValueW, RegOpenKeyExW,
};
use ::windows::Win32::System::SystemInformation::{ComputerNameNetBIOS, GetComputerNameExW};
use ::windows::Win32::System::Threading::{GetCurrentProcess, OpenProcessToken};
use ::windows::Win32::System::WindowsProgramming::GetUserNameW;
use ::windows::core::{HRESULT, HSTRING, PCWSTR, PWSTR, s, w};
use wmi::{Variant, WMIConnection, WMIError};

use super::account::{AccountProbe, JoinState, LocalUser, UserIdentity};
use super::activation::{
    ActivationProbe, LicensingRow, Query, READ_PROPERTIES, WINDOWS_APPLICATION_ID,
};
use super::admin::{AdminProbe, Membership};
use super::os::{CURRENT_VERSION_KEY, OsProbe, Unread};
use super::{ProbeError, Probed};

// ---------------------------------------------------------------------------------------------
// os: HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion, 64-bit view

/// An open registry key, closed on drop.
struct Key(HKEY);

impl Drop for Key {
    fn drop(&mut self) {
        // SAFETY: the key was opened by RegOpenKeyExW and is closed once.
        unsafe {
            let _ = RegCloseKey(self.0);
        }
    }
}

fn win32(what: &str, error: WIN32_ERROR) -> ProbeError {
    ProbeError::new(format!(
        "{what} failed: {} (error {})",
        ::windows::core::Error::from_hresult(error.to_hresult()).message(),
        error.0
    ))
}

pub(super) fn os() -> Probed<OsProbe> {
    let mut hkey = HKEY::default();
    // SAFETY: valid constant key, NUL-terminated path, out pointer to a local.
    let opened = unsafe {
        RegOpenKeyExW(
            HKEY_LOCAL_MACHINE,
            w!(r"SOFTWARE\Microsoft\Windows NT\CurrentVersion"),
            Some(0),
            KEY_READ | KEY_WOW64_64KEY,
            &mut hkey,
        )
    };
    if opened != ERROR_SUCCESS {
        return Err(win32(&format!("opening {CURRENT_VERSION_KEY}"), opened));
    }
    let key = Key(hkey);
    let mut unread = Vec::new();
    let mut string = |name: &str| match read_string(&key, name) {
        Ok(value) => value,
        Err(e) => {
            unread.push(Unread::new(name, e.reason));
            None
        }
    };
    let product_name = string("ProductName");
    let edition_id = string("EditionID");
    let display_version = string("DisplayVersion");
    let release_id = string("ReleaseId");
    let current_build = string("CurrentBuild");
    let installation_type = string("InstallationType");
    let ubr = match read_dword(&key, "UBR") {
        Ok(value) => value,
        Err(e) => {
            unread.push(Unread::new("UBR", e.reason));
            None
        }
    };
    Ok(OsProbe {
        product_name,
        edition_id,
        display_version,
        release_id,
        current_build,
        ubr,
        installation_type,
        unread,
    })
}

/// A REG_SZ value; `Ok(None)` when it does not exist.
fn read_string(key: &Key, name: &str) -> Result<Option<String>, ProbeError> {
    let name = HSTRING::from(name);
    for _ in 0..3 {
        let mut size = 0u32;
        // SAFETY: size query with no buffer.
        let error = unsafe {
            RegGetValueW(
                key.0,
                PCWSTR::null(),
                &name,
                RRF_RT_REG_SZ,
                None,
                None,
                Some(&mut size),
            )
        };
        if error == ERROR_FILE_NOT_FOUND {
            return Ok(None);
        }
        if error != ERROR_SUCCESS {
            return Err(win32("RegGetValueW", error));
        }
        let mut buffer = vec![0u16; (size as usize).div_ceil(2)];
        // SAFETY: the buffer holds `size` bytes.
        let error = unsafe {
            RegGetValueW(
                key.0,
                PCWSTR::null(),
                &name,
                RRF_RT_REG_SZ,
                None,
                Some(buffer.as_mut_ptr().cast()),
                Some(&mut size),
            )
        };
        if error == ERROR_MORE_DATA {
            continue; // The value grew between the calls; ask again.
        }
        if error != ERROR_SUCCESS {
            return Err(win32("RegGetValueW", error));
        }
        buffer.truncate(size as usize / 2);
        while buffer.last() == Some(&0) {
            buffer.pop();
        }
        return Ok(Some(String::from_utf16_lossy(&buffer)));
    }
    Err(ProbeError::new(
        "RegGetValueW: the value kept changing size",
    ))
}

/// A REG_DWORD value; `Ok(None)` when it does not exist.
fn read_dword(key: &Key, name: &str) -> Result<Option<u32>, ProbeError> {
    let name = HSTRING::from(name);
    let mut value = 0u32;
    let mut size = std::mem::size_of::<u32>() as u32;
    // SAFETY: a 4-byte buffer for a DWORD.
    let error = unsafe {
        RegGetValueW(
            key.0,
            PCWSTR::null(),
            &name,
            RRF_RT_REG_DWORD,
            None,
            Some((&mut value as *mut u32).cast()),
            Some(&mut size),
        )
    };
    match error {
        ERROR_SUCCESS => Ok(Some(value)),
        ERROR_FILE_NOT_FOUND => Ok(None),
        other => Err(win32("RegGetValueW", other)),
    }
}

// ---------------------------------------------------------------------------------------------
// activation: WMI root\cimv2 SoftwareLicensingProduct

/// `WBEM_E_INVALID_QUERY` (wbemcli.h): a query naming a property the class lacks, as on Wine.
const WBEM_E_INVALID_QUERY: i32 = 0x8004_1017_u32 as i32;

pub(super) fn activation() -> Probed<ActivationProbe> {
    let wmi = WMIConnection::new()
        .map_err(|e| ProbeError::new(format!("could not connect to WMI root\\cimv2: {e}")))?;
    // The filtered query is quick on Windows, and an empty answer means no Windows key. A WMI
    // that lacks a named property (Wine's class has only LicenseStatus and LicenseIsAddon)
    // rejects the whole query as invalid; only then are all instances read, for the check to
    // filter. Never otherwise: on Windows `SELECT *` evaluates the license properties of
    // hundreds of instances and could outlast WMI_TIMEOUT.
    let filtered = format!(
        "SELECT {} FROM SoftwareLicensingProduct WHERE ApplicationID = \
         '{WINDOWS_APPLICATION_ID}' AND PartialProductKey IS NOT NULL",
        READ_PROPERTIES.join(", ")
    );
    let failed =
        |e: WMIError| ProbeError::new(format!("WMI query of SoftwareLicensingProduct failed: {e}"));
    let (rows, query): (Vec<HashMap<String, Variant>>, Query) = match wmi.raw_query(&filtered) {
        Ok(rows) => (rows, Query::WindowsKeys),
        Err(WMIError::HResultError { hres }) if hres == WBEM_E_INVALID_QUERY => (
            wmi.raw_query("SELECT * FROM SoftwareLicensingProduct")
                .map_err(failed)?,
            Query::Everything,
        ),
        Err(e) => return Err(failed(e)),
    };
    let rows: Vec<HashMap<String, Variant>> = rows
        .into_iter()
        .map(|row| {
            row.into_iter()
                .map(|(k, v)| (k.to_ascii_lowercase(), v))
                .collect()
        })
        .collect();
    let missing_properties = READ_PROPERTIES
        .iter()
        .filter(|p| {
            let p = p.to_ascii_lowercase();
            !rows.is_empty() && !rows.iter().any(|row| row.contains_key(&p))
        })
        .map(|p| (*p).to_owned())
        .collect();
    let rows = rows.iter().map(licensing_row).collect();
    Ok(ActivationProbe {
        rows,
        query,
        missing_properties,
    })
}

fn licensing_row(row: &HashMap<String, Variant>) -> LicensingRow {
    let get = |name: &str| row.get(&name.to_ascii_lowercase());
    LicensingRow {
        application_id: get("ApplicationID").and_then(variant_string),
        // Never more than the last 5 characters: Windows returns only those, and the
        // activation check refuses to show anything longer (its `partial_key_fact`).
        partial_product_key: get("PartialProductKey").and_then(variant_string),
        license_status: get("LicenseStatus").and_then(variant_u32),
        license_is_addon: get("LicenseIsAddon").and_then(variant_bool),
        product_key_channel: get("ProductKeyChannel").and_then(variant_string),
        grace_period_remaining: get("GracePeriodRemaining").and_then(variant_u32),
        license_status_reason: get("LicenseStatusReason").and_then(variant_hresult),
        description: get("Description").and_then(variant_string),
    }
}

/// An HRESULT, which WMI may hand over signed (`0xC004F213` as a negative I4).
fn variant_hresult(value: &Variant) -> Option<u32> {
    match *value {
        Variant::I4(n) => Some(n as u32),
        Variant::I8(n) => u32::try_from(n).ok().or(Some(n as i32 as u32)),
        _ => variant_u32(value),
    }
}

fn variant_string(value: &Variant) -> Option<String> {
    match value {
        Variant::String(s) => Some(s.clone()),
        _ => None,
    }
}

fn variant_u32(value: &Variant) -> Option<u32> {
    match *value {
        Variant::UI1(n) => Some(n.into()),
        Variant::UI2(n) => Some(n.into()),
        Variant::UI4(n) => Some(n),
        Variant::UI8(n) => u32::try_from(n).ok(),
        Variant::I1(n) => u32::try_from(n).ok(),
        Variant::I2(n) => u32::try_from(n).ok(),
        Variant::I4(n) => u32::try_from(n).ok(),
        Variant::I8(n) => u32::try_from(n).ok(),
        Variant::String(ref s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn variant_bool(value: &Variant) -> Option<bool> {
    match *value {
        Variant::Bool(b) => Some(b),
        _ => variant_u32(value).map(|n| n != 0),
    }
}

// ---------------------------------------------------------------------------------------------
// account: the token user, LookupAccountSidW, NetUserGetInfo level 24, join state

pub(super) fn account() -> Probed<AccountProbe> {
    let identity = identity();
    let local_user = match &identity {
        Ok(UserIdentity {
            on_this_pc: false, ..
        }) => Ok(LocalUser::NotLocal),
        _ => user_name().and_then(|name| local_user(&name)),
    };
    Ok(AccountProbe {
        identity,
        local_user,
        join: join_state(),
        domain_joined: domain_joined(),
    })
}

/// The token user's SID as text, and whether its account domain is this PC.
fn identity() -> Probed<UserIdentity> {
    let mut token = HANDLE::default();
    // SAFETY: the pseudo-handle of this process; out pointer to a local.
    unsafe { OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &mut token) }
        .map_err(|e| ProbeError::new(format!("OpenProcessToken failed: {}", e.message())))?;
    let token = Handle(token);
    let buffer = token_information(&token, TokenUser)
        .map_err(|e| ProbeError::new(format!("reading the token's user: {e}")))?;
    // SAFETY: TokenUser fills the buffer with a TOKEN_USER whose SID points into the buffer,
    // which outlives every use below.
    let sid = unsafe { (*(buffer.as_ptr() as *const TOKEN_USER)).User.Sid };
    let mut text = PWSTR::null();
    // SAFETY: a valid SID; Windows allocates the string, freed with LocalFree below.
    unsafe { ConvertSidToStringSidW(sid, &mut text) }
        .map_err(|e| ProbeError::new(format!("ConvertSidToStringSidW failed: {}", e.message())))?;
    // SAFETY: on success `text` is a NUL-terminated string owned by us.
    let sid_text = unsafe {
        let copied = wide(text);
        LocalFree(Some(HLOCAL(text.0.cast())));
        copied
    }
    .ok_or_else(|| ProbeError::new("ConvertSidToStringSidW returned an empty SID"))?;
    let domain = account_domain(sid)?;
    let computer = computer_name()?;
    Ok(UserIdentity {
        sid: sid_text,
        on_this_pc: domain.eq_ignore_ascii_case(&computer),
    })
}

/// The account domain `LookupAccountSidW` names for a SID (the PC's name for local users).
fn account_domain(sid: PSID) -> Result<String, ProbeError> {
    let mut name = vec![0u16; 256];
    let mut domain = vec![0u16; 256];
    let (mut name_len, mut domain_len) = (name.len() as u32, domain.len() as u32);
    let mut use_ = SID_NAME_USE::default();
    // SAFETY: both buffers hold the lengths passed; `sid` is valid.
    unsafe {
        LookupAccountSidW(
            PCWSTR::null(),
            sid,
            Some(PWSTR(name.as_mut_ptr())),
            &mut name_len,
            Some(PWSTR(domain.as_mut_ptr())),
            &mut domain_len,
            &mut use_,
        )
    }
    .map_err(|e| ProbeError::new(format!("LookupAccountSidW failed: {}", e.message())))?;
    domain.truncate(domain_len as usize);
    Ok(String::from_utf16_lossy(&domain))
}

/// This PC's NetBIOS name, the account domain of its local users.
fn computer_name() -> Result<String, ProbeError> {
    let mut buffer = vec![0u16; 256];
    let mut len = buffer.len() as u32;
    // SAFETY: the buffer holds `len` UTF-16 units.
    unsafe {
        GetComputerNameExW(
            ComputerNameNetBIOS,
            Some(PWSTR(buffer.as_mut_ptr())),
            &mut len,
        )
    }
    .map_err(|e| ProbeError::new(format!("GetComputerNameExW failed: {}", e.message())))?;
    buffer.truncate(len as usize);
    Ok(String::from_utf16_lossy(&buffer))
}

/// Whether the PC is joined to an on-premises domain (`NetGetJoinInformation`).
fn domain_joined() -> Probed<bool> {
    let mut name = PWSTR::null();
    let mut status = NETSETUP_JOIN_STATUS::default();
    // SAFETY: local computer (null); out pointers to locals; the name buffer is freed below.
    let error = unsafe { NetGetJoinInformation(PCWSTR::null(), &mut name, &mut status) };
    if !name.is_null() {
        // SAFETY: allocated by NetGetJoinInformation, freed once.
        unsafe {
            NetApiBufferFree(Some(name.0 as *const _));
        }
    }
    if error != NERR_Success {
        return Err(ProbeError::new(format!(
            "NetGetJoinInformation failed: {} (error {error})",
            ::windows::core::Error::from_hresult(HRESULT::from_win32(error)).message()
        )));
    }
    Ok(status == NetSetupDomainName)
}

fn user_name() -> Result<String, ProbeError> {
    let mut buffer = vec![0u16; 257]; // UNLEN + 1
    let mut len = buffer.len() as u32;
    // SAFETY: the buffer holds `len` UTF-16 units.
    unsafe { GetUserNameW(Some(PWSTR(buffer.as_mut_ptr())), &mut len) }
        .map_err(|e| ProbeError::new(format!("GetUserNameW failed: {}", e.message())))?;
    buffer.truncate((len as usize).saturating_sub(1)); // `len` counts the NUL.
    Ok(String::from_utf16_lossy(&buffer))
}

/// A NUL-terminated wide string owned by someone else, copied.
///
/// # Safety
/// `p` is null or points to a NUL-terminated UTF-16 string.
unsafe fn wide(p: PWSTR) -> Option<String> {
    if p.is_null() {
        return None;
    }
    // SAFETY: the caller promises a NUL-terminated string.
    let text = unsafe { p.to_string() }.ok()?;
    (!text.is_empty()).then_some(text)
}

fn local_user(name: &str) -> Probed<LocalUser> {
    let name = HSTRING::from(name);
    let mut buffer: *mut u8 = std::ptr::null_mut();
    // SAFETY: local server (null), NUL-terminated name, out pointer to a local.
    let status = unsafe { NetUserGetInfo(PCWSTR::null(), &name, 24, &mut buffer) };
    if status == NERR_UserNotFound {
        return Ok(LocalUser::NotLocal);
    }
    if status != NERR_Success || buffer.is_null() {
        return Err(ProbeError::new(format!(
            "NetUserGetInfo (level 24) failed: {} (error {status})",
            ::windows::core::Error::from_hresult(HRESULT::from_win32(status)).message()
        )));
    }
    // SAFETY: on success the buffer holds a USER_INFO_24, freed below with NetApiBufferFree.
    let user = unsafe {
        let info = &*(buffer as *const USER_INFO_24);
        let user = LocalUser::Found {
            internet_identity: info.usri24_internet_identity.as_bool(),
            principal_name: wide(info.usri24_internet_principal_name),
        };
        NetApiBufferFree(Some(buffer as *const _));
        user
    };
    Ok(user)
}

type NetGetAadJoinInformationFn =
    unsafe extern "system" fn(PCWSTR, *mut *mut DSREG_JOIN_INFO) -> HRESULT;
type NetFreeAadJoinInformationFn = unsafe extern "system" fn(*const DSREG_JOIN_INFO);

fn join_state() -> Probed<JoinState> {
    // SAFETY: loading a system DLL by name from System32 only.
    let netapi = unsafe { LoadLibraryExW(w!("netapi32.dll"), None, LOAD_LIBRARY_SEARCH_SYSTEM32) }
        .map_err(|e| ProbeError::new(format!("could not load netapi32.dll: {}", e.message())))?;
    // SAFETY: looking up exports by name in a loaded module.
    let (get, free) = unsafe {
        (
            GetProcAddress(netapi, s!("NetGetAadJoinInformation")),
            GetProcAddress(netapi, s!("NetFreeAadJoinInformation")),
        )
    };
    let (Some(get), Some(free)) = (get, free) else {
        return Err(ProbeError::new(
            "NetGetAadJoinInformation is not available on this system (netapi32.dll lacks it)",
        ));
    };
    // SAFETY: the exports have these documented signatures.
    type Farproc = unsafe extern "system" fn() -> isize;
    let (get, free) = unsafe {
        (
            std::mem::transmute::<Farproc, NetGetAadJoinInformationFn>(get),
            std::mem::transmute::<Farproc, NetFreeAadJoinInformationFn>(free),
        )
    };
    let mut info: *mut DSREG_JOIN_INFO = std::ptr::null_mut();
    // SAFETY: null tenant id asks about the default tenant; out pointer to a local.
    let hr = unsafe { get(PCWSTR::null(), &mut info) };
    if hr.is_err() {
        return Err(ProbeError::new(format!(
            "NetGetAadJoinInformation failed: {} ({hr:?})",
            ::windows::core::Error::from_hresult(hr).message()
        )));
    }
    if info.is_null() {
        return Ok(JoinState::NotJoined);
    }
    // SAFETY: a non-null result is a valid DSREG_JOIN_INFO, freed once here.
    let join_type = unsafe {
        let join_type = (*info).joinType;
        free(info);
        join_type
    };
    Ok(match join_type {
        DSREG_DEVICE_JOIN => JoinState::EntraJoined,
        DSREG_WORKPLACE_JOIN => JoinState::EntraRegistered,
        other => JoinState::Other(other.0),
    })
}

// ---------------------------------------------------------------------------------------------
// admin: the process token's groups and elevation

/// `SE_GROUP_ENABLED` (winnt.h).
const SE_GROUP_ENABLED: u32 = 0x0000_0004;
/// `SE_GROUP_USE_FOR_DENY_ONLY` (winnt.h): the group only denies; an unelevated admin token
/// carries Administrators this way.
const SE_GROUP_USE_FOR_DENY_ONLY: u32 = 0x0000_0010;

/// A handle closed on drop.
struct Handle(HANDLE);

impl Drop for Handle {
    fn drop(&mut self) {
        // SAFETY: the handle was opened by us and is closed once.
        unsafe {
            let _ = CloseHandle(self.0);
        }
    }
}

pub(super) fn admin() -> Probed<AdminProbe> {
    let mut token = HANDLE::default();
    // SAFETY: the pseudo-handle of this process; out pointer to a local.
    unsafe { OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &mut token) }
        .map_err(|e| ProbeError::new(format!("OpenProcessToken failed: {}", e.message())))?;
    let token = Handle(token);
    Ok(AdminProbe {
        membership: membership(&token),
        elevated: elevated(&token),
    })
}

/// The bytes of one token information class, in an 8-byte aligned buffer.
fn token_information(token: &Handle, class: TOKEN_INFORMATION_CLASS) -> Result<Vec<u64>, String> {
    let mut needed = 0u32;
    // SAFETY: size query; this call is expected to fail with ERROR_INSUFFICIENT_BUFFER.
    let _ = unsafe { GetTokenInformation(token.0, class, None, 0, &mut needed) };
    if needed == 0 {
        return Err("GetTokenInformation returned no size".to_owned());
    }
    let mut buffer = vec![0u64; (needed as usize).div_ceil(8)];
    // SAFETY: the buffer holds at least `needed` bytes.
    unsafe {
        GetTokenInformation(
            token.0,
            class,
            Some(buffer.as_mut_ptr().cast()),
            (buffer.len() * 8) as u32,
            &mut needed,
        )
    }
    .map_err(|e| format!("GetTokenInformation failed: {}", e.message()))?;
    Ok(buffer)
}

fn membership(token: &Handle) -> Probed<Membership> {
    let buffer = token_information(token, TokenGroups)
        .map_err(|e| ProbeError::new(format!("reading the token's groups: {e}")))?;
    let mut sid = [0u64; (SECURITY_MAX_SID_SIZE as usize).div_ceil(8)];
    let mut size = SECURITY_MAX_SID_SIZE;
    let admins = PSID(sid.as_mut_ptr().cast());
    // SAFETY: the SID buffer holds SECURITY_MAX_SID_SIZE bytes.
    unsafe { CreateWellKnownSid(WinBuiltinAdministratorsSid, None, Some(admins), &mut size) }
        .map_err(|e| ProbeError::new(format!("CreateWellKnownSid failed: {}", e.message())))?;
    // SAFETY: TokenGroups fills the buffer with a TOKEN_GROUPS header followed by
    // GroupCount SID_AND_ATTRIBUTES entries, whose SIDs point into the same buffer.
    let groups: &[SID_AND_ATTRIBUTES] = unsafe {
        let header = &*(buffer.as_ptr() as *const TOKEN_GROUPS);
        std::slice::from_raw_parts(header.Groups.as_ptr(), header.GroupCount as usize)
    };
    for group in groups {
        // SAFETY: both SIDs are valid for the duration of the call.
        if unsafe { EqualSid(group.Sid, admins) }.is_ok() {
            return Ok(if group.Attributes & SE_GROUP_USE_FOR_DENY_ONLY != 0 {
                Membership::DenyOnly
            } else if group.Attributes & SE_GROUP_ENABLED != 0 {
                Membership::Active
            } else {
                Membership::Disabled
            });
        }
    }
    Ok(Membership::NotMember)
}

fn elevated(token: &Handle) -> Probed<bool> {
    let buffer = token_information(token, TokenElevation)
        .map_err(|e| ProbeError::new(format!("reading TokenElevation: {e}")))?;
    // SAFETY: TokenElevation fills a TOKEN_ELEVATION.
    let elevation = unsafe { &*(buffer.as_ptr() as *const TOKEN_ELEVATION) };
    Ok(elevation.TokenIsElevated != 0)
}
