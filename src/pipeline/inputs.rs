//! Stage 1, load: everything the build reads before it plans the site, each problem collected
//! (a bad `site.yaml` is reported and the content still checked with the defaults).

use guidepost_check::report::Report;

use super::{BuildError, BuildOptions, Progress};
use crate::clean::Cleaner;
use crate::config::Config;
use crate::diagnostic::Diagnostics;
use crate::downloads::{self, Download};
use crate::load::{self, Asset, Loaded};
use crate::model::CopiedFile;
use crate::next_steps::NextSteps;
use crate::render::Templates;
use crate::widgets;

/// What [`load`] read, for [`super::plan`].
pub(crate) struct Inputs {
    /// Problems found while reading.
    pub(crate) diagnostics: Diagnostics,
    /// Settings (the defaults when `site.yaml` has errors).
    pub(crate) config: Config,
    /// The Markdown files and other files of `content/`.
    pub(crate) content: Loaded,
    /// The files of `static/`.
    pub(crate) static_files: Vec<Asset>,
    /// The template set (`None` when it has errors).
    pub(crate) templates: Option<Templates>,
    /// The HTML cleaner (`None` when cleaning is off or its rules have errors).
    pub(crate) cleaner: Option<Cleaner>,
    /// What the widgets show.
    pub(crate) widget_inputs: WidgetInputs,
}

/// What the widgets show besides their arguments.
pub(crate) struct WidgetInputs {
    /// The advice for each check outcome (`next-steps.yaml`).
    pub(crate) next_steps: NextSteps,
    /// The checker downloads offered.
    pub(crate) downloads: Vec<Download>,
    /// The downloads' files, published with the site.
    pub(crate) download_files: Vec<CopiedFile>,
    /// The report the status widgets show (`--status`), for a preview.
    pub(crate) report: Option<Report>,
}

/// Stage 1: reads the settings, `content/`, `static/`, the templates, the cleaner's rules and
/// the widgets' inputs; `build` (not `check`) first rebuilds a checker download that is older
/// than its sources.
pub(crate) fn load(options: &BuildOptions, progress: &dyn Progress) -> Result<Inputs, BuildError> {
    let root = &options.root;
    if !root.is_dir() {
        return Err(BuildError::NoRoot(root.clone()));
    }
    let mut diagnostics = Diagnostics::default();
    let mut config = Config::load(root).unwrap_or_else(|problems| {
        diagnostics.extend(problems);
        Config::default()
    });
    if let Some(base_url) = &options.base_url {
        config.base_url = base_url.clone();
        if let Err(problem) = config.validate_base_url() {
            diagnostics.push(problem);
        }
    }

    progress.stage("reading", 0);
    let (content, content_problems) = load::load(root);
    diagnostics.extend(content_problems.sorted());
    let (static_files, static_problems) = load::static_files(root);
    diagnostics.extend(static_problems);
    let templates = Templates::load(root)
        .map_err(|problems| diagnostics.extend(problems))
        .ok();
    let cleaner = if options.clean {
        Cleaner::new(&config.clean, root, &config.base_url())
            .map_err(|problems| diagnostics.extend(problems))
            .ok()
    } else {
        None
    };
    if options.write {
        diagnostics.extend(downloads::build_outdated(root, &config, &|m| {
            progress.note(m)
        }));
    }
    let (next_steps, next_step_problems) = NextSteps::load(root);
    diagnostics.extend(next_step_problems);
    let (downloads, download_files, download_problems) = downloads::collect(root, &config);
    diagnostics.extend(download_problems);
    let report = options.status.as_ref().and_then(|file| {
        widgets::implicits::read_report(root, file)
            .map_err(|problem| diagnostics.push(problem))
            .ok()
    });
    Ok(Inputs {
        diagnostics,
        config,
        content,
        static_files,
        templates,
        cleaner,
        widget_inputs: WidgetInputs {
            next_steps,
            downloads,
            download_files,
            report,
        },
    })
}
