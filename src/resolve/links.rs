//! Where every entity's page is and what it is called: the URL and title that links to it show.

use super::{Portal, Target};
use crate::shared::urls;

/// Where an `[[ID]]` or a `.md` link leads.
#[derive(Debug, Clone)]
pub struct Link {
    /// Root-relative URL.
    pub url: String,
    /// Title to show for `[[ID]]`.
    pub title: String,
}

/// The URL and title of any entity.
pub fn link_of(portal: &Portal, target: Target) -> Link {
    match target {
        Target::Policy(i) => {
            let m = &portal.policies[i].doc.meta;
            Link {
                url: urls::policy(&m.id),
                title: m.title.clone(),
            }
        }
        Target::Page(i) => {
            let m = &portal.pages[i].meta;
            Link {
                url: m.place.url.clone(),
                title: m.title.clone(),
            }
        }
        Target::System(i) => {
            let s = &portal.systems[i].system;
            Link {
                url: urls::system(&s.id),
                title: s.name.clone(),
            }
        }
        Target::Risk(i) => {
            let r = &portal.risks[i].risk;
            Link {
                url: urls::risk(&r.id),
                title: r.title.clone(),
            }
        }
        Target::Control(i) => {
            let c = &portal.controls[i];
            Link {
                url: urls::control(&c.framework_id, &c.id),
                title: format!("{} {}", c.label, c.title),
            }
        }
        Target::Evidence(i) => {
            let e = &portal.evidence[i].evidence;
            Link {
                url: urls::evidence(&e.id),
                title: e.title.clone(),
            }
        }
        Target::Record(i) => Link {
            url: portal.record_url(i),
            title: portal.record_title(i),
        },
    }
}
