//! The files of every output besides the pages: the marker that says a directory is ours, the
//! auditor package's own files, and the built-in static assets. `plan` lists them (so that no
//! page can take their paths) and `write` writes them.

/// The marker file that says a directory was written by Tracemark and may be replaced.
pub const MARKER: &str = ".tracemark";

/// Built-in static files, copied to the output root unless the portal has its own.
pub const BUILTIN_STATIC: &[(&str, &[u8])] = &[
    (
        "assets/style.css",
        include_bytes!("../../static/assets/style.css"),
    ),
    (
        "assets/search.js",
        include_bytes!("../../static/assets/search.js"),
    ),
    (
        "assets/trust.css",
        include_bytes!("../../static/assets/trust.css"),
    ),
    (
        "assets/faq.js",
        include_bytes!("../../static/assets/faq.js"),
    ),
    (
        "assets/site.js",
        include_bytes!("../../static/assets/site.js"),
    ),
    (
        "assets/request.js",
        include_bytes!("../../static/assets/request.js"),
    ),
];

/// The manifest's file name at the output root.
pub const MANIFEST: &str = "manifest.json";

/// The signature of `manifest.json` (SSH signature format), beside it.
pub const SIGNATURE: &str = "manifest.json.sig";

/// The package's checksums in the format `sha256sum -c` reads, so an auditor checks the files
/// without Tracemark: every file but the manifest, the signatures and itself.
pub const SHA256SUMS: &str = "SHA256SUMS";

/// The signature of `SHA256SUMS` (SSH signature format, the manifest's namespace), beside it.
pub const SHA256SUMS_SIGNATURE: &str = "SHA256SUMS.sig";

/// A file that repeats the manifest's own fields inside the hashed content, so that editing
/// them in `manifest.json` alone is caught by `verify`.
pub const PACKAGE_INFO: &str = "package-info.json";
