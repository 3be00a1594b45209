//! A random value fixed for the life of the process, for markers the build puts into HTML.
//!
//! Raw-segment fences and widget markers are comments that later steps look for in rendered
//! HTML. Content could write the same text on purpose; it cannot write text holding a value it
//! never sees, so every marker carries this one.

use std::hash::{BuildHasher, Hasher};
use std::sync::OnceLock;

/// This process's nonce, as 16 hex digits.
pub(crate) fn nonce() -> &'static str {
    static NONCE: OnceLock<String> = OnceLock::new();
    NONCE.get_or_init(|| {
        // `RandomState` is seeded from the OS's random source; the clock only adds to it.
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        format!("{:016x}", hasher.finish())
    })
}
