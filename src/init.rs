//! `guidepost init DIR`: a new site that builds at once.
//!
//! It writes a `site.yaml`, a home page, one section and one guide that shows the front matter
//! keys, and never overwrites: if any file it would write exists, it writes nothing.

use std::path::{Path, PathBuf};

use crate::fs_util::{self, IoError};

const FILES: &[(&str, &str)] = &[
    (
        "site.yaml",
        "# Settings of this site; every key is optional. See the Guidepost README for the full list.\n\
title: My help site\n\
base_url: http://localhost:8000/\n\
language: en\n\
description: Answers to common questions, without ads or trackers.\n\
output_dir: public\n\
taxonomies: [tags, categories]\n",
    ),
    (
        "content/_index.md",
        "---\ntitle: My help site\ndescription: Answers to common questions.\n---\n\nWelcome. Start with the [guides](/guides/).\n",
    ),
    (
        "content/guides/_index.md",
        "---\ntitle: Guides\ndescription: Step-by-step guides.\nweight: 1\n---\n\nStep-by-step guides, one task each.\n",
    ),
    (
        "content/guides/first-guide.md",
        "---\ntitle: Write your first guide\ndate: 2026-01-01\ndescription: How a guide file is laid out.\nexcerpt: How a guide file is laid out.\ntags: [getting-started]\ncategories: [guides]\n---\n\nA guide is a Markdown file with YAML front matter at the top.\n\n## Steps\n\n1. Copy this file and change its title.\n2. Run `guidepost build` and open `public/index.html`.\n\n> [!TIP]\n> Run `guidepost check` to find broken links before you publish.\n\nBack to the [top](#steps).\n",
    ),
    ("static/.gitkeep", ""),
    ("templates/.gitkeep", ""),
];

/// Why `init` wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    /// A file it would write exists already.
    #[error("{} exists already; init writes nothing into an existing site", .0.display())]
    Exists(PathBuf),
    /// The file system failed.
    #[error(transparent)]
    Io(#[from] IoError),
}

/// Creates a new site in `dir`; returns the files written.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, InitError> {
    for (name, _) in FILES {
        let path = dir.join(name);
        if path.exists() {
            return Err(InitError::Exists(path));
        }
    }
    if dir.join("content").exists() {
        return Err(InitError::Exists(dir.join("content")));
    }
    let mut written = Vec::new();
    for (name, text) in FILES {
        let path = dir.join(name);
        fs_util::write(&path, text).map_err(InitError::Io)?;
        written.push(path);
    }
    Ok(written)
}
