//! Gives the Windows build its resources, so Explorer's Properties and SmartScreen show what
//! the file is: a version-info resource (product, description, version, the site it was built
//! for) and the application manifest (`guidepost-check.exe.manifest`: run as the invoker,
//! Windows 10 and 11, UTF-8). The resource script is written here from the package's version
//! and `GUIDEPOST_SITE_URL`, then compiled and linked by `embed-resource` (MinGW's `windres`
//! for `*-windows-gnu`). Other targets get nothing.

use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-changed=guidepost-check.exe.manifest");
    println!("cargo:rerun-if-env-changed=GUIDEPOST_SITE_URL");
    let target = std::env::var("TARGET").unwrap_or_default();
    if !target.contains("windows") {
        return;
    }
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    let numbers: Vec<u16> = version
        .split(['.', '-', '+'])
        .take(3)
        .map(|n| n.parse().unwrap_or(0))
        .collect();
    let [major, minor, patch] = [0, 1, 2].map(|i| numbers.get(i).copied().unwrap_or(0));
    let site =
        std::env::var("GUIDEPOST_SITE_URL").unwrap_or_else(|_| "http://127.0.0.1:1111/".into());
    let manifest_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let manifest = manifest_dir.join("guidepost-check.exe.manifest");
    let quoted = |text: &str| text.replace('"', "\"\"");
    // Numbers instead of winver.h names: VOS_NT_WINDOWS32 = 0x40004, VFT_APP = 1, the
    // manifest is resource type 24 (RT_MANIFEST) with id 1, US English / Unicode = 0x409, 1200.
    let script = format!(
        r#"1 VERSIONINFO
FILEVERSION {major},{minor},{patch},0
PRODUCTVERSION {major},{minor},{patch},0
FILEOS 0x40004
FILETYPE 0x1
BEGIN
  BLOCK "StringFileInfo"
  BEGIN
    BLOCK "040904B0"
    BEGIN
      VALUE "ProductName", "guidepost-check"
      VALUE "FileDescription", "guidepost-check: reads this PC's Windows activation and account status"
      VALUE "FileVersion", "{version}"
      VALUE "ProductVersion", "{version}"
      VALUE "CompanyName", "Guidepost help site, {site}"
      VALUE "Comments", "Made for {site}. Reads only; sends nothing over the network."
      VALUE "InternalName", "guidepost-check"
      VALUE "OriginalFilename", "guidepost-check.exe"
    END
  END
  BLOCK "VarFileInfo"
  BEGIN
    VALUE "Translation", 0x409, 1200
  END
END
1 24 "{manifest}"
"#,
        site = quoted(&site),
        manifest = manifest.display().to_string().replace('\\', "/"),
    );
    let out =
        PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("guidepost-check.rc");
    std::fs::write(&out, script).expect("write the resource script into OUT_DIR");
    embed_resource::compile(&out, embed_resource::NONE)
        .manifest_required()
        .expect("compile the Windows resources (needs MinGW's windres: bash scripts/setup.sh)");
}
