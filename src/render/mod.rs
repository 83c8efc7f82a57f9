//! Render: Markdown through pulldown-cmark and syntect, pages through Tera, data files through
//! their serialisers. Pure functions of the plan: no disk access.

pub mod data;
pub mod highlight;
pub mod markdown;
mod sanitize;
mod search_index;
pub mod templates;

use tera::Tera;

use crate::diagnostics::Diagnostic;
use crate::plan::LinkTable;
use crate::plan::PageJob;

/// Everything rendering needs, loaded once per process and shared by every thread.
pub struct Renderer {
    tera: Tera,
    overrides: Vec<(String, String)>,
    highlighter: highlight::Highlighter,
    links: LinkTable,
    sanitizer: ammonia::Builder<'static>,
}

impl Renderer {
    /// Compiles templates and loads the precompiled syntax set. Raw HTML in Markdown is
    /// cleaned for every audience (scripts, event handlers, `javascript:` URLs, iframes
    /// removed; remote images made links): the handbook and the auditor package are opened
    /// by people too. With `trust_shell` (the public build), pages wear the trust-center shell.
    pub fn new(
        overrides: &[(String, String)],
        links: LinkTable,
        trust_shell: bool,
    ) -> Result<Renderer, Diagnostic> {
        Ok(Renderer {
            tera: templates::compile_for(overrides, trust_shell)
                .map_err(|text| templates::diagnostic(&text, overrides, "compiling templates"))?,
            overrides: overrides.to_vec(),
            highlighter: highlight::Highlighter::new(),
            links,
            sanitizer: sanitize::builder(),
        })
    }

    /// Renders one page to HTML.
    pub fn page(&self, job: &PageJob) -> Result<String, Diagnostic> {
        let root = crate::shared::urls::root_of(&job.path);
        let mut context = job.context.clone();
        let mut lists: std::collections::BTreeMap<&str, Vec<String>> = Default::default();
        for slot in &job.markdown {
            let (html, toc) = self.markdown(slot, &root);
            if slot.append {
                lists.entry(slot.key.as_ref()).or_default().push(html);
                continue;
            }
            context.insert(slot.key.clone(), &html);
            if let Some(toc_key) = slot.toc_key {
                context.insert(toc_key, &toc);
            }
        }
        for (key, htmls) in lists {
            context.insert(key.to_string(), &htmls);
        }
        self.tera.render(job.template, &context).map_err(|err| {
            templates::diagnostic(
                &templates::describe(&err),
                &self.overrides,
                &format!("rendering `{}` with `{}`", job.path, job.template),
            )
        })
    }
}

impl Renderer {
    /// One Markdown text as (sanitised where asked) HTML and its headings.
    fn markdown(
        &self,
        slot: &crate::plan::MarkdownSlot,
        root: &str,
    ) -> (String, Vec<markdown::TocEntry>) {
        let rendered = markdown::render_prefixed(
            &slot.text,
            &slot.file,
            root,
            &self.links,
            &self.highlighter,
            &slot.id_prefix,
        );
        // ammonia parses and rewrites the whole text; Markdown without raw HTML or unsafe
        // URLs is safe as pulldown-cmark writes it, and gets only the same finishing touches.
        let html = if rendered.needs_sanitising {
            sanitize::clean(&self.sanitizer, &rendered.html)
        } else {
            sanitize::finish(&rendered.html)
        };
        (html, rendered.toc)
    }
}

/// The stylesheet rules for highlighted code, from a built-in light theme.
pub fn highlight_css() -> String {
    highlight::stylesheet()
}
