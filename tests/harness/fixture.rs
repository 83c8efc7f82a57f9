//! [`Fixture`]: a portal in a temporary folder, written file by file (raw text, for tests
//! about the text itself: line numbers, broken YAML, encodings) or from the typed builders of
//! [`super::model`]; and [`small_portal`], the valid three-control portal most tests start
//! from and change.

use std::path::PathBuf;

use super::model::*;

/// A fixture portal in a temporary directory.
pub struct Fixture {
    pub dir: tempfile::TempDir,
}

impl Default for Fixture {
    fn default() -> Self {
        Fixture::new()
    }
}

impl Fixture {
    /// An empty fixture.
    pub fn new() -> Fixture {
        Fixture {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// A copy of the fixture portal folder `tests/fixtures/NAME` (see [`fixture_dir`]), to
    /// build and change without touching the checked-in files.
    pub fn from_folder(name: &str) -> Fixture {
        let from = fixture_dir(name);
        let f = Fixture::new();
        for entry in walkdir::WalkDir::new(&from) {
            let entry = entry.unwrap();
            let rel = entry.path().strip_prefix(&from).unwrap();
            let target = f.root().join(rel);
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
        f
    }

    /// The portal root.
    pub fn root(&self) -> PathBuf {
        self.dir.path().join("portal")
    }

    /// Writes a file under the portal root, whole: the text goes to a file beside the portal
    /// first and is renamed into place, as editors save, so a running `serve` never reads it
    /// half-written (an empty register in between would be a real, but other, edit).
    pub fn write(&self, path: &str, text: &str) -> &Self {
        let full = self.root().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        let staged = self.dir.path().join(".saving");
        std::fs::write(&staged, text).unwrap();
        std::fs::rename(&staged, full).unwrap();
        self
    }

    /// The default output directory of the default (internal) audience.
    pub fn out(&self) -> PathBuf {
        self.root().join("handbook")
    }

    /// Reads an output file as text.
    pub fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.out().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    /// Writes `portal.yaml`.
    pub fn config(&self, config: &Config) -> &Self {
        self.write("portal.yaml", &yaml_document(config))
    }

    /// Writes `content/frameworks/ID.yaml`.
    pub fn framework(&self, framework: &Framework) -> &Self {
        self.write(
            &format!("content/frameworks/{}.yaml", framework.id),
            &framework.to_yaml(),
        )
    }

    /// Writes the Statement of Applicability, `content/controls/soa.yaml`.
    pub fn soa(&self, entries: &[SoaEntry]) -> &Self {
        self.write("content/controls/soa.yaml", &yaml_list("controls", entries))
    }

    /// Writes `content/policies/NAME.md`.
    pub fn policy(&self, name: &str, policy: &Policy) -> &Self {
        self.write(
            &format!("content/policies/{name}.md"),
            &policy.to_markdown(),
        )
    }

    /// Writes `content/systems/NAME.yaml`.
    pub fn systems(&self, name: &str, systems: &[System]) -> &Self {
        self.write(
            &format!("content/systems/{name}.yaml"),
            &yaml_list("systems", systems),
        )
    }

    /// Writes `content/risks/NAME.yaml`.
    pub fn risks(&self, name: &str, risks: &[Risk]) -> &Self {
        self.write(
            &format!("content/risks/{name}.yaml"),
            &yaml_list("risks", risks),
        )
    }

    /// Writes `content/evidence/NAME.yaml`.
    pub fn evidence(&self, name: &str, evidence: &[Evidence]) -> &Self {
        self.write(
            &format!("content/evidence/{name}.yaml"),
            &yaml_list("evidence", evidence),
        )
    }
}

/// The checked-in fixture folder `tests/fixtures/NAME` (portals on disk: `handbook`,
/// `real-handbook`; the catalog `corpus`).
pub fn fixture_dir(name: &str) -> PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A small, valid portal with its own three-control framework `mini`: two policies, one
/// system, two risks, three evidence records (one expired, one due soon) and a CSV artifact.
/// Its line layout is load-bearing: diagnostics tests name lines of these files.
pub fn small_portal() -> Fixture {
    let f = Fixture::new();
    f.config(&Config {
        title: "Fixture Portal",
        organization: "Fixture Ltd",
        frameworks: vec!["mini"],
        risk: Some(RiskScale {
            scale: 5,
            appetite: 9,
            categories: vec!["user-harm", "legal"],
            ..RiskScale::default()
        }),
        reviews: Some(Reviews {
            default_interval: "annual",
            due_soon: "30d",
        }),
        ..Config::default()
    })
    .framework(&Framework {
        id: "mini",
        name: "Mini Framework",
        version: "1",
        groups: vec![
            (
                "M.1",
                "Governance",
                vec![("M.1.1", "Policy"), ("M.1.2", "Roles")],
            ),
            ("M.2", "Operations", vec![("M.2.1", "Monitoring")]),
        ],
    })
    .soa(&[
        SoaEntry {
            control: "mini:M.1.1",
            applicable: true,
            justification: "Needed for governance",
            status: "implemented",
            owner: "CISO",
            implementation: "See [[POL-1]].",
            ..SoaEntry::default()
        },
        SoaEntry {
            control: "mini:M.1.2",
            applicable: true,
            justification: "Needed for roles",
            status: "partial",
            ..SoaEntry::default()
        },
        SoaEntry {
            control: "mini:M.2.1",
            applicable: false,
            justification: "No monitoring in scope",
            ..SoaEntry::default()
        },
    ])
    .policy("one", &governance_policy())
    .policy(
        "two",
        &Policy {
            id: "POL-2",
            title: "Roles Standard",
            kind: "standard",
            owner: "HR",
            status: "approved",
            next_review: "2026-12-10",
            controls: vec!["M.1.2"],
            body: "## Rules\n\nBack to [[POL-1|governance]].\n",
            ..Policy::default()
        },
    )
    .systems(
        "s",
        &[System {
            id: "SYS-1",
            name: "Scoring model",
            owner: "ML Lead",
            last_review: "2026-06-01",
            ..System::default()
        }],
    )
    .risks("r", &small_portal_risks())
    .evidence(
        "e",
        &[
            Evidence {
                id: "EV-1",
                title: "Fairness report",
                file: "files/fairness.csv",
                collected: "2026-10-01",
                valid_for: "180d",
                controls: vec!["mini:M.1.1"],
                risks: vec!["RSK-1"],
                ..Evidence::default()
            },
            Evidence {
                id: "EV-2",
                title: "Old access review",
                url: "https://example.com/review",
                collected: "2025-06-01",
                expires: "2026-06-01",
                controls: vec!["mini:M.1.2"],
                ..Evidence::default()
            },
            Evidence {
                id: "EV-3",
                title: "Roles attestation",
                url: "https://example.com/roles",
                collected: "2026-01-01",
                expires: "2026-12-15",
                controls: vec!["mini:M.1.2"],
                ..Evidence::default()
            },
        ],
    )
    .write(
        "content/evidence/files/fairness.csv",
        "group,rate\nwomen,0.41\nmen,0.43\n",
    );
    f
}

/// POL-1 of [`small_portal`] (`content/policies/one.md`), to change a field or two of.
pub fn governance_policy() -> Policy<'static> {
    Policy {
        id: "POL-1",
        title: "Governance Policy",
        owner: "CISO",
        status: "approved",
        version: "2.0",
        last_review: "2025-10-01",
        review_interval: "annual",
        controls: vec!["mini:M.1.1"],
        body: "# Governance\n\n## Scope\n\nSee [[RSK-1]] and [the other policy](two.md#rules).\n\n```yaml\nkey: value\n```\n",
        ..Policy::default()
    }
}

/// RSK-1 and RSK-2 of [`small_portal`] (`content/risks/r.yaml`), to change a field or two of.
pub fn small_portal_risks() -> [Risk<'static>; 2] {
    [
        Risk {
            id: "RSK-1",
            title: "Biased scores",
            system: "SYS-1",
            category: "user-harm",
            owner: "ML Lead",
            likelihood: Some(4),
            impact: Some(5),
            treatment: "mitigate",
            controls: vec!["mini:M.1.1", "mini:M.1.2"],
            residual: Some(Residual {
                likelihood: 2,
                impact: 4,
            }),
            last_review: "2026-09-01",
            ..Risk::default()
        },
        Risk {
            id: "RSK-2",
            title: "Untreated exposure",
            category: "legal",
            owner: "Counsel",
            likelihood: Some(3),
            impact: Some(4),
            treatment: "transfer",
            last_review: "2026-09-01",
            ..Risk::default()
        },
    ]
}
