//! The search index built in a child process, for `serve`.
//!
//! `serve` keeps running while authors edit; Pagefind holds every parsed page of a part in
//! memory, twice while it builds (about 130 MB for a part of 625 pages), and its work cannot be
//! interrupted. So `serve`
//! runs each re-index in a child process (`guidepost search-index`): the memory goes back to
//! the system when the child exits, a newer edit can stop a re-index that has become stale, and
//! a failure there cannot take the server down. The child builds the parts of the index it is
//! asked for (`--parts N --build 0,3`, see [`super::parts`]): it reads those parts' pages on its
//! standard input and writes their files on its standard output, each as a frame: the site
//! path's length (u32, little-endian), the path, the content's length (u64, little-endian), the
//! content.

use std::io::{self, BufReader, BufWriter, Read, Write};

use crate::render::Output;

use super::bundle::BundleError;
use super::parts;

/// Why the `search-index` child built no bundle (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum PipeError {
    /// Reading the pages from standard input failed.
    #[error("reading pages: {0}")]
    Read(#[source] io::Error),
    /// A page belongs to a part the child was not asked to build.
    #[error("page {page} belongs to part {part}, which is not among the parts to build")]
    NotAsked {
        /// The page's site path.
        page: String,
        /// Its part.
        part: usize,
    },
    /// Pagefind failed.
    #[error(transparent)]
    Bundle(#[from] BundleError),
    /// Writing the bundle to standard output failed.
    #[error("writing the index: {0}")]
    Write(#[source] io::Error),
}

/// Writes one file (its site path and contents) as a frame.
pub fn write_frame(to: &mut impl Write, path: &str, bytes: &[u8]) -> io::Result<()> {
    let path_len = u32::try_from(path.len())
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "site path too long"))?;
    to.write_all(&path_len.to_le_bytes())?;
    to.write_all(path.as_bytes())?;
    to.write_all(&(bytes.len() as u64).to_le_bytes())?;
    to.write_all(bytes)
}

/// Reads one frame; `None` at the end of the stream.
pub fn read_frame(from: &mut impl Read) -> io::Result<Option<Output>> {
    let mut len = [0u8; 4];
    // The stream may end between frames, and only there.
    loop {
        match from.read(&mut len[..1]) {
            Ok(0) => return Ok(None),
            Ok(_) => break,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    from.read_exact(&mut len[1..])?;
    let mut path = vec![0u8; u32::from_le_bytes(len) as usize];
    from.read_exact(&mut path)?;
    let path = String::from_utf8(path)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "site path is not UTF-8"))?;
    let mut len = [0u8; 8];
    from.read_exact(&mut len)?;
    let len = usize::try_from(u64::from_le_bytes(len))
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "file too large"))?;
    let mut bytes = Vec::new();
    from.take(len as u64).read_to_end(&mut bytes)?;
    if bytes.len() != len {
        return Err(io::ErrorKind::UnexpectedEof.into());
    }
    Ok(Some(Output { path, bytes }))
}

/// The child's side: builds the parts `build` of a site with `count` parts from the pages on
/// standard input (in indexing order) and writes their files to standard output.
pub fn index_stdio(language: &str, count: usize, build: &[usize]) -> Result<(), PipeError> {
    let mut input = BufReader::new(io::stdin().lock());
    let mut pages: Vec<(usize, Vec<parts::Page>)> =
        build.iter().map(|&part| (part, Vec::new())).collect();
    while let Some(page) = read_frame(&mut input).map_err(PipeError::Read)? {
        let part = parts::of(&page.path, count);
        let Some((_, into)) = pages.iter_mut().find(|(number, _)| *number == part) else {
            return Err(PipeError::NotAsked {
                page: page.path,
                part,
            });
        };
        into.push((page.path, page.bytes));
    }
    let mut output = BufWriter::new(io::stdout().lock());
    for file in parts::build(language, count, pages)? {
        write_frame(&mut output, &file.path, &file.bytes).map_err(PipeError::Write)?;
    }
    output.flush().map_err(PipeError::Write)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip_and_end_cleanly() {
        let files = [
            Output {
                path: "/a/".to_owned(),
                bytes: b"<p>x</p>".to_vec(),
            },
            Output {
                path: "/pagefind/pagefind.js".to_owned(),
                bytes: Vec::new(),
            },
        ];
        let mut stream = Vec::new();
        for file in &files {
            write_frame(&mut stream, &file.path, &file.bytes).unwrap();
        }
        let mut reader = stream.as_slice();
        for file in &files {
            let read = read_frame(&mut reader).unwrap().unwrap();
            assert_eq!(
                (read.path, read.bytes),
                (file.path.clone(), file.bytes.clone())
            );
        }
        assert!(read_frame(&mut reader).unwrap().is_none());
        // A stream cut inside a frame is an error, not a shorter file.
        for cut_at in [stream.len() - 3, 16, 2] {
            let mut cut = &stream[..cut_at];
            let whole = std::iter::from_fn(|| read_frame(&mut cut).transpose()).last();
            assert!(whole.unwrap().is_err(), "cut at {cut_at}");
        }
    }
}
