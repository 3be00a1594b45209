//! The search index in parts: a large site's pages are split into parts of about
//! [`PAGES_PER_PART`] pages, each a Pagefind index of its own, and Pagefind's search script
//! merges them in the browser (`mergeIndex`).
//!
//! Pagefind parses pages one at a time under its own lock and holds every parsed page until
//! the index is written, so one index of 10,000 pages takes one core for most of the build and
//! more than a gigabyte of memory. Parts are built side by side, one per core, and each part's
//! memory goes back as soon as it is written; `serve` re-indexes only the parts whose pages
//! changed. A page's part depends only on its site path and the number of parts (a fixed hash,
//! so parts are a fair sample of the site and word statistics, which rank results, are alike in
//! every part), and within a part pages keep the indexing order: the same site always gives the
//! same files.
//!
//! Part 0 is the bundle Pagefind's script starts from, in [`BUNDLE_DIR`], with the script and
//! the WebAssembly; part `k` is in `BUNDLE_DIR/part-k/` and holds only its index (the merged
//! instances use the first one's WebAssembly). [`LIST_FILE`] in part 0 lists the other parts for
//! the search box's script.

use rayon::prelude::*;

use crate::render::Output;

use super::BUNDLE_DIR;
use super::bundle::{BundleError, Bundler};

/// About how many pages one part holds: small enough that `serve` re-indexes a part in well
/// under a second, large enough that a query does not fetch a file from too many parts.
pub const PAGES_PER_PART: usize = 625;

/// The environment variable Pagefind reads the size of its index files from (in word
/// positions; Pagefind's default is 20,000), and the size the search index is built with. A
/// query fetches, from every part, the file that holds each of its words; with Pagefind's
/// default each of those files holds much more than the word, and a first query on the
/// 10,000-page bench corpus fetched 1.4 MB. With 1,000 it fetches 394 KB, less than the one
/// index of the same pages did with the default (397 KB); smaller sizes only make the lists of
/// files longer. Pagefind reads no setting for it but this variable, which the program sets
/// for itself when it starts (see `main`), unless it is set already.
pub const CHUNK_SIZE_VARIABLE: (&str, &str) = ("PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE", "1000");

/// The file in part 0 that lists the other parts' folders, relative to [`BUNDLE_DIR`].
pub const LIST_FILE: &str = "parts.json";

/// A page to index: its site path and its finished HTML.
pub type Page = (String, Vec<u8>);

/// The number of parts for `pages` pages to index (at least one).
pub fn count(pages: usize) -> usize {
    pages.div_ceil(PAGES_PER_PART).max(1)
}

/// The part of the page at `path` when there are `count` parts.
pub fn of(path: &str, count: usize) -> usize {
    // FNV-1a: fixed for every platform and Rust version, unlike the standard library's hashers.
    let hash = path.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    });
    (hash % count.max(1) as u64) as usize
}

/// The site folder of part `part`.
pub fn dir(part: usize) -> String {
    if part == 0 {
        BUNDLE_DIR.to_owned()
    } else {
        format!("{BUNDLE_DIR}part-{part}/")
    }
}

/// The part a file of the bundle belongs to, from its path relative to [`BUNDLE_DIR`].
pub fn of_bundle_file(relative: &str) -> usize {
    relative
        .strip_prefix("part-")
        .and_then(|rest| rest.split('/').next())
        .and_then(|number| number.parse().ok())
        .unwrap_or(0)
}

/// Splits `pages` (in indexing order) into `count` parts, each in indexing order.
pub fn split<T>(
    pages: impl IntoIterator<Item = (String, T)>,
    count: usize,
) -> Vec<Vec<(String, T)>> {
    let mut parts: Vec<Vec<(String, T)>> = (0..count).map(|_| Vec::new()).collect();
    for (path, page) in pages {
        parts[of(&path, count)].push((path, page));
    }
    parts
}

/// The list of the other parts' folders, relative to part 0's: `{"parts":["part-1/",…]}`.
fn list(count: usize) -> Output {
    let folders: Vec<String> = (1..count).map(|part| format!("part-{part}/")).collect();
    Output {
        path: format!("{BUNDLE_DIR}{LIST_FILE}"),
        bytes: serde_json::json!({ "parts": folders })
            .to_string()
            .into_bytes(),
    }
}

/// Builds the given parts of a site with `count` parts, side by side on the rayon pool, and
/// returns their files in part order. `parts` holds each part's number and its pages (site
/// path, finished HTML) in indexing order; a part may be empty.
pub fn build(
    language: &str,
    count: usize,
    parts: Vec<(usize, Vec<Page>)>,
) -> Result<Vec<Output>, BundleError> {
    let built: Vec<Result<Vec<Output>, BundleError>> = parts
        .into_par_iter()
        .map(|(part, pages)| {
            let mut bundler = Bundler::new(language)?;
            for (path, html) in pages {
                bundler.add(Output { path, bytes: html })?;
            }
            let mut files = bundler.finish(part)?;
            if part == 0 {
                files.push(list(count));
            }
            Ok(files)
        })
        .collect();
    let mut files = Vec::new();
    for part in built {
        files.extend(part?);
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_grow_with_the_site_and_every_page_has_one() {
        assert_eq!(
            [0, 1, 625, 626, 1250, 10_000].map(count),
            [1, 1, 1, 2, 2, 16]
        );
        // A page's part is fixed by its path; the pages spread over every part.
        let paths: Vec<String> = (0..2_000).map(|i| format!("/guides/page-{i}/")).collect();
        let mut sizes = [0usize; 4];
        for path in &paths {
            assert_eq!(of(path, 4), of(path, 4));
            sizes[of(path, 4)] += 1;
        }
        assert!(sizes.iter().all(|&n| (400..600).contains(&n)), "{sizes:?}");
        assert_eq!(of("/anything/", 1), 0);
    }

    #[test]
    fn split_keeps_the_indexing_order_within_each_part() {
        let pages: Vec<(String, usize)> = (0..50).map(|i| (format!("/p{i}/"), i)).collect();
        let parts = split(pages, 3);
        assert_eq!(parts.iter().map(Vec::len).sum::<usize>(), 50);
        for (number, part) in parts.iter().enumerate() {
            assert!(part.windows(2).all(|w| w[0].1 < w[1].1));
            assert!(part.iter().all(|(path, _)| of(path, 3) == number));
        }
    }

    #[test]
    fn folders_and_files_name_their_part() {
        assert_eq!(dir(0), "/pagefind/");
        assert_eq!(dir(7), "/pagefind/part-7/");
        assert_eq!(of_bundle_file("pagefind.js"), 0);
        assert_eq!(of_bundle_file("index/en_1.pf_index"), 0);
        assert_eq!(of_bundle_file("part-12/fragment/x.pf_fragment"), 12);
        assert_eq!(of_bundle_file(LIST_FILE), 0);
        assert_eq!(
            String::from_utf8(list(3).bytes).unwrap(),
            r#"{"parts":["part-1/","part-2/"]}"#
        );
    }
}
