//! Helpers for integration tests: write fixture portals and run the binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A fixture portal in a temporary directory.
pub struct Fixture {
    pub dir: tempfile::TempDir,
}

impl Fixture {
    /// An empty fixture.
    pub fn new() -> Fixture {
        Fixture {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// The portal root.
    pub fn root(&self) -> PathBuf {
        self.dir.path().join("portal")
    }

    /// Writes a file under the portal root.
    pub fn write(&self, path: &str, text: &str) -> &Self {
        let full = self.root().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
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
}

/// Runs `tracemark` with arguments.
pub fn tracemark(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tracemark"))
        .args(args)
        .output()
        .expect("run tracemark")
}

/// Runs `tracemark build --root ROOT --today 2026-11-28` plus extra arguments.
pub fn build(root: &Path, extra: &[&str]) -> Output {
    let root = root.to_str().unwrap();
    let mut args = vec!["build", "--root", root, "--today", "2026-11-28"];
    args.extend_from_slice(extra);
    tracemark(&args)
}

/// Runs `tracemark check --root ROOT --today 2026-11-28` plus extra arguments.
pub fn check(root: &Path, extra: &[&str]) -> Output {
    let root = root.to_str().unwrap();
    let mut args = vec!["check", "--root", root, "--today", "2026-11-28"];
    args.extend_from_slice(extra);
    tracemark(&args)
}

/// Every file under `dir` with its bytes, sorted by path (file names included, so a search
/// over it covers names too).
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().display().to_string(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

/// Standard error as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A small, valid portal with its own three-control framework.
#[allow(dead_code)]
pub fn small_portal() -> Fixture {
    let f = Fixture::new();
    f.write(
        "portal.yaml",
        "title: Fixture Portal\norganization: Fixture Ltd\nframeworks: [mini]\nrisk:\n  scale: 5\n  appetite: 9\n  categories: [user-harm, legal]\nreviews:\n  default_interval: annual\n  due_soon: 30d\n",
    )
    .write(
        "content/frameworks/mini.yaml",
        "framework: { id: mini, name: Mini Framework, version: \"1\" }\ngroups:\n  - id: M.1\n    title: Governance\n    controls:\n      - { id: M.1.1, title: Policy }\n      - { id: M.1.2, title: Roles }\n  - id: M.2\n    title: Operations\n    controls:\n      - { id: M.2.1, title: Monitoring }\n",
    )
    .write(
        "content/controls/soa.yaml",
        "controls:\n  - ref: mini:M.1.1\n    applicable: true\n    justification: Needed for governance\n    status: implemented\n    owner: CISO\n    implementation: See [[POL-1]].\n  - ref: mini:M.1.2\n    applicable: true\n    justification: Needed for roles\n    status: partial\n  - ref: mini:M.2.1\n    applicable: false\n    justification: No monitoring in scope\n",
    )
    .write(
        "content/policies/one.md",
        "---\nid: POL-1\ntitle: Governance Policy\nowner: CISO\nstatus: approved\nversion: \"2.0\"\nlast_review: 2025-10-01\nreview_interval: annual\ncontrols: [mini:M.1.1]\n---\n# Governance\n\n## Scope\n\nSee [[RSK-1]] and [the other policy](two.md#rules).\n\n```yaml\nkey: value\n```\n",
    )
    .write(
        "content/policies/two.md",
        "---\nid: POL-2\ntitle: Roles Standard\nkind: standard\nowner: HR\nstatus: approved\nnext_review: 2026-12-10\ncontrols: [M.1.2]\n---\n## Rules\n\nBack to [[POL-1|governance]].\n",
    )
    .write(
        "content/systems/s.yaml",
        "systems:\n  - id: SYS-1\n    name: Scoring model\n    owner: ML Lead\n    last_review: 2026-06-01\n",
    )
    .write(
        "content/risks/r.yaml",
        "risks:\n  - id: RSK-1\n    title: Biased scores\n    system: SYS-1\n    category: user-harm\n    owner: ML Lead\n    likelihood: 4\n    impact: 5\n    treatment: mitigate\n    controls: [mini:M.1.1, mini:M.1.2]\n    residual: { likelihood: 2, impact: 4 }\n    last_review: 2026-09-01\n  - id: RSK-2\n    title: Untreated exposure\n    category: legal\n    owner: Counsel\n    likelihood: 3\n    impact: 4\n    treatment: transfer\n    last_review: 2026-09-01\n",
    )
    .write(
        "content/evidence/e.yaml",
        "evidence:\n  - id: EV-1\n    title: Fairness report\n    file: files/fairness.csv\n    collected: 2026-10-01\n    valid_for: 180d\n    controls: [mini:M.1.1]\n    risks: [RSK-1]\n  - id: EV-2\n    title: Old access review\n    url: https://example.com/review\n    collected: 2025-06-01\n    expires: 2026-06-01\n    controls: [mini:M.1.2]\n  - id: EV-3\n    title: Roles attestation\n    url: https://example.com/roles\n    collected: 2026-01-01\n    expires: 2026-12-15\n    controls: [mini:M.1.2]\n",
    )
    .write("content/evidence/files/fairness.csv", "group,rate\nwomen,0.41\nmen,0.43\n");
    f
}

/// An SVG diagram with every way an SVG can run script or load from elsewhere, around a
/// drawing (a path with id `flow-edge`, the text `Approval flow`) that must survive.
pub const HOSTILE_SVG: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<?xml-stylesheet href="https://evil.example/sheet.css"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 200 100" onload="alert('onload')">
  <script type="text/javascript">alert('script')</script>
  <foreignObject width="100" height="50"><div xmlns="http://www.w3.org/1999/xhtml" onclick="alert('fo')">html inside</div></foreignObject>
  <a xlink:href="javascript:alert('xlink')"><rect width="10" height="10" onmouseover="alert('hover')"/></a>
  <a href="https://evil.example/phish"><circle cx="5" cy="5" r="4"/></a>
  <image href="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+PC9zdmc+" width="5" height="5"/>
  <set attributeName="href" to="javascript:alert('set')"/>
  <style>@import url("https://evil.example/x.css"); .edge { stroke: black }</style>
  <path id="flow-edge" class="edge" d="M10 50 L190 50" fill="url(#grad)" stroke="url(https://evil.example/p)"/>
  <text x="20" y="40">Approval flow</text>
</svg>
"##;

/// Asserts that a sanitised SVG keeps the drawing of [`HOSTILE_SVG`] and nothing of its attacks.
pub fn assert_svg_is_safe(svg: &str) {
    let lower = svg.to_ascii_lowercase();
    for bad in [
        "<script",
        "alert",
        "onload",
        "onclick",
        "onmouseover",
        "foreignobject",
        "javascript:",
        "data:",
        "evil.example",
        "@import",
        "<set",
        "<!doctype",
        "<?xml-stylesheet",
    ] {
        assert!(!lower.contains(bad), "`{bad}` left in the SVG:\n{svg}");
    }
    for kept in [
        "<path id=\"flow-edge\" class=\"edge\" d=\"M10 50 L190 50\" fill=\"url(#grad)\"/>",
        "<text x=\"20\" y=\"40\">Approval flow</text>",
        "viewBox=\"0 0 200 100\"",
        "<circle cx=\"5\" cy=\"5\" r=\"4\"/>",
    ] {
        assert!(svg.contains(kept), "`{kept}` lost from the SVG:\n{svg}");
    }
}

/// Property-test settings: `PROPTEST_CASES` cases (256 unless set; CI keeps the default, a
/// longer session raises it), and no failure files written into the tree.
pub fn proptest_config() -> proptest::test_runner::Config {
    proptest::test_runner::Config {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(256),
        failure_persistence: None,
        ..proptest::test_runner::Config::default()
    }
}
