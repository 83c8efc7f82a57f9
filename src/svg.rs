//! SVG files beside the pages, made safe to publish: an SVG is a document that can run script
//! on the portal's origin when opened, so it is parsed as XML and written again from an
//! allowlist of drawing elements and attributes.
//!
//! What is kept: shapes, text, gradients, patterns, markers, clip paths, masks and filters,
//! with their geometry and presentation attributes. What goes: `script`, `foreignObject`,
//! animation (`set`/`animate` can write `href`), every `on*` handler and any other attribute
//! or element not listed, comments and processing instructions (`<?xml-stylesheet?>`), the
//! DOCTYPE, and every reference that could leave the file: an `href` must be a `#fragment` or
//! a relative path, a `url(...)` in an attribute or style must be a `#fragment`, any other
//! value holding a scheme (`javascript:`, `data:`) or `//` is dropped, and CSS (comments
//! removed) with `@import` or escapes is dropped. Entity declarations are refused unless they
//! are short plain text (as older editors declare namespaces), so an expansion stays bounded.
//!
//! The output depends only on the input, so builds stay reproducible.

use std::fmt::Write as _;
use std::path::Path;

use roxmltree::{Document, Node, ParsingOptions};

const SVG_NS: &str = "http://www.w3.org/2000/svg";
const XLINK_NS: &str = "http://www.w3.org/1999/xlink";
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// More nodes than any drawing needs; bounds the memory one file may take.
const NODES_LIMIT: u32 = 4_000_000;

/// Elements kept (SVG 1.1 and 2 drawing elements; no script, animation or foreign content).
const ELEMENTS: &[&str] = &[
    "svg",
    "g",
    "defs",
    "desc",
    "title",
    "symbol",
    "use",
    "image",
    "switch",
    "a",
    "view",
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "text",
    "tspan",
    "textPath",
    "marker",
    "pattern",
    "clipPath",
    "mask",
    "linearGradient",
    "radialGradient",
    "stop",
    "style",
    "filter",
    "feBlend",
    "feColorMatrix",
    "feComponentTransfer",
    "feComposite",
    "feConvolveMatrix",
    "feDiffuseLighting",
    "feDisplacementMap",
    "feDistantLight",
    "feDropShadow",
    "feFlood",
    "feFuncA",
    "feFuncB",
    "feFuncG",
    "feFuncR",
    "feGaussianBlur",
    "feImage",
    "feMerge",
    "feMergeNode",
    "feMorphology",
    "feOffset",
    "fePointLight",
    "feSpecularLighting",
    "feSpotLight",
    "feTile",
    "feTurbulence",
];

/// Attributes without a namespace that are kept, compared ignoring case (geometry,
/// presentation, gradient and filter parameters; no event handlers, no animation timing).
const ATTRIBUTES: &[&str] = &[
    "alignment-baseline",
    "amplitude",
    "azimuth",
    "basefrequency",
    "baseline-shift",
    "bias",
    "class",
    "clip",
    "clip-path",
    "clip-rule",
    "clippathunits",
    "color",
    "color-interpolation",
    "color-interpolation-filters",
    "color-rendering",
    "cx",
    "cy",
    "d",
    "diffuseconstant",
    "direction",
    "display",
    "divisor",
    "dominant-baseline",
    "dx",
    "dy",
    "edgemode",
    "elevation",
    "enable-background",
    "exponent",
    "fill",
    "fill-opacity",
    "fill-rule",
    "filter",
    "filterunits",
    "flood-color",
    "flood-opacity",
    "font-family",
    "font-size",
    "font-size-adjust",
    "font-stretch",
    "font-style",
    "font-variant",
    "font-weight",
    "fr",
    "fx",
    "fy",
    "gradienttransform",
    "gradientunits",
    "height",
    "href",
    "id",
    "image-rendering",
    "in",
    "in2",
    "intercept",
    "isolation",
    "k",
    "k1",
    "k2",
    "k3",
    "k4",
    "kernelmatrix",
    "kernelunitlength",
    "kerning",
    "lang",
    "lengthadjust",
    "letter-spacing",
    "lighting-color",
    "limitingconeangle",
    "marker",
    "marker-end",
    "marker-mid",
    "marker-start",
    "markerheight",
    "markerunits",
    "markerwidth",
    "mask",
    "maskcontentunits",
    "maskunits",
    "media",
    "method",
    "mix-blend-mode",
    "mode",
    "numoctaves",
    "offset",
    "opacity",
    "operator",
    "order",
    "orient",
    "overflow",
    "paint-order",
    "path",
    "pathlength",
    "patterncontentunits",
    "patterntransform",
    "patternunits",
    "pointer-events",
    "points",
    "pointsatx",
    "pointsaty",
    "pointsatz",
    "preservealpha",
    "preserveaspectratio",
    "primitiveunits",
    "r",
    "radius",
    "refx",
    "refy",
    "requiredextensions",
    "requiredfeatures",
    "result",
    "rotate",
    "rx",
    "ry",
    "scale",
    "seed",
    "shape-rendering",
    "side",
    "slope",
    "spacing",
    "specularconstant",
    "specularexponent",
    "spreadmethod",
    "startoffset",
    "stddeviation",
    "stitchtiles",
    "stop-color",
    "stop-opacity",
    "stroke",
    "stroke-dasharray",
    "stroke-dashoffset",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-miterlimit",
    "stroke-opacity",
    "stroke-width",
    "style",
    "surfacescale",
    "systemlanguage",
    "tablevalues",
    "targetx",
    "targety",
    "text-anchor",
    "text-decoration",
    "text-rendering",
    "textlength",
    "transform",
    "transform-origin",
    "type",
    "unicode-bidi",
    "vector-effect",
    "version",
    "viewbox",
    "visibility",
    "white-space",
    "width",
    "word-spacing",
    "writing-mode",
    "x",
    "x1",
    "x2",
    "xchannelselector",
    "y",
    "y1",
    "y2",
    "ychannelselector",
    "z",
];

/// Why a file could not be sanitised (it is then not published).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SvgError(pub String);

impl std::fmt::Display for SvgError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Whether a file is an SVG by its extension (any letter case).
pub fn is_svg(path: &str) -> bool {
    extension(path).is_some_and(|e| e.eq_ignore_ascii_case("svg"))
}

/// Extensions of files a browser (or a web server's type table) treats as documents that run
/// script: HTML, XHTML and XML (an XML document runs `<script>` in the XHTML namespace), XSLT,
/// saved web archives, and compressed SVG, which cannot be sanitised as text.
const REFUSED: &[&str] = &[
    "html", "htm", "shtml", "xht", "xhtml", "xml", "xsl", "xslt", "mht", "mhtml", "svgz",
];

/// Whether a file beside the pages is a document a browser would run script in on the
/// portal's origin (`.html`, `.htm`, `.xhtml`, `.xml` and the like): such files are refused,
/// not published.
pub fn is_refused(path: &str) -> bool {
    extension(path).is_some_and(|e| REFUSED.iter().any(|r| e.eq_ignore_ascii_case(r)))
}

fn extension(path: &str) -> Option<&str> {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.rsplit_once('.').map(|(_, e)| e)
}

/// Reads an SVG file and returns its sanitised bytes.
pub fn sanitize_file(path: &Path) -> Result<Vec<u8>, SvgError> {
    let bytes = std::fs::read(path).map_err(|e| SvgError(format!("cannot be read: {e}")))?;
    sanitize_bytes(&bytes).map(String::into_bytes)
}

/// Sanitises an SVG given as bytes: UTF-8 (an optional byte order mark), UTF-16 with a byte
/// order mark, or the single-byte encodings older editors declare (`ISO-8859-1`,
/// `windows-1252`); the output is UTF-8.
pub fn sanitize_bytes(bytes: &[u8]) -> Result<String, SvgError> {
    sanitize(&decode(bytes)?)
}

/// The text of an SVG file, by its byte order mark or its XML declaration.
fn decode(bytes: &[u8]) -> Result<std::borrow::Cow<'_, str>, SvgError> {
    let utf16 = |big_endian: bool, body: &[u8]| {
        let units: Vec<u16> = body
            .chunks(2)
            .map(|pair| match pair {
                [a, b] if big_endian => u16::from_be_bytes([*a, *b]),
                [a, b] => u16::from_le_bytes([*a, *b]),
                _ => 0xFFFD,
            })
            .collect();
        String::from_utf16(&units)
            .map(std::borrow::Cow::Owned)
            .map_err(|_| SvgError("is not valid UTF-16".into()))
    };
    if let Some(body) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(false, body);
    }
    if let Some(body) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(true, body);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(std::borrow::Cow::Borrowed(text)),
        Err(_) if single_byte(bytes) => Ok(std::borrow::Cow::Owned(
            bytes.iter().map(|&b| windows_1252(b)).collect(),
        )),
        Err(e) => Err(SvgError(format!(
            "is not UTF-8 (at byte {}) and declares no other encoding; save it as UTF-8",
            e.valid_up_to()
        ))),
    }
}

/// Whether the XML declaration names a single-byte Western encoding.
fn single_byte(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(200)];
    let Some(end) = head.windows(2).position(|w| w == b"?>") else {
        return false;
    };
    let declaration = String::from_utf8_lossy(&head[..end]).to_ascii_lowercase();
    if !declaration.starts_with("<?xml") {
        return false;
    }
    [
        "iso-8859-1",
        "latin1",
        "latin-1",
        "windows-1252",
        "cp1252",
        "us-ascii",
    ]
    .iter()
    .any(|name| {
        declaration.contains(&format!("encoding=\"{name}\""))
            || declaration.contains(&format!("encoding='{name}'"))
    })
}

/// A windows-1252 byte as a character (ISO-8859-1 but for 0x80..0x9F, which browsers read
/// as windows-1252 for either label).
fn windows_1252(byte: u8) -> char {
    const HIGH: [u16; 32] = [
        0x20AC, 0x81, 0x201A, 0x192, 0x201E, 0x2026, 0x2020, 0x2021, 0x2C6, 0x2030, 0x160, 0x2039,
        0x152, 0x8D, 0x17D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x2DC, 0x2122, 0x161, 0x203A, 0x153, 0x9D, 0x17E, 0x178,
    ];
    match byte {
        0x80..=0x9F => {
            char::from_u32(u32::from(HIGH[usize::from(byte - 0x80)])).unwrap_or('\u{FFFD}')
        }
        _ => char::from(byte),
    }
}

/// Sanitises an SVG document: the same drawing, without anything that runs or loads.
pub fn sanitize(text: &str) -> Result<String, SvgError> {
    check_entities(text)?;
    let options = ParsingOptions {
        // A DOCTYPE (as older editors write) is read and left out of the output.
        allow_dtd: true,
        nodes_limit: NODES_LIMIT,
        entity_resolver: None,
    };
    let doc = Document::parse_with_options(text, options)
        .map_err(|e| SvgError(format!("is not well-formed XML: {e}")))?;
    let root = doc.root_element();
    if root.tag_name().name() != "svg" || !in_svg(root) {
        return Err(SvgError(format!(
            "is not an SVG image: its root element is `{}`, not `svg`",
            root.tag_name().name()
        )));
    }
    Ok(write(root))
}

/// The longest entity value accepted: enough for the namespace URIs older editors declare
/// (`<!ENTITY ns_svg "http://www.w3.org/2000/svg">`), small enough that no file can expand
/// to more than a bounded multiple of its size.
const MAX_ENTITY: usize = 256;

/// Refuses entity declarations that could expand beyond measure or load anything: only
/// short plain-text internal entities (no references, markup or parameter entities inside,
/// nothing external) may be declared, so an expansion is at most [`MAX_ENTITY`] bytes per
/// reference.
fn check_entities(text: &str) -> Result<(), SvgError> {
    let refuse = |why: &str| {
        Err(SvgError(format!(
            "declares {why} (`<!ENTITY`), which are not expanded; export it again without a DOCTYPE"
        )))
    };
    for (at, _) in text.match_indices("<!ENTITY") {
        let rest = text[at + "<!ENTITY".len()..].trim_start();
        if rest.starts_with('%') {
            return refuse("parameter entities");
        }
        let after_name = rest
            .trim_start_matches(|c: char| !c.is_whitespace())
            .trim_start();
        let Some(quote) = after_name
            .chars()
            .next()
            .filter(|c| *c == '"' || *c == '\'')
        else {
            return refuse("external entities");
        };
        let value = &after_name[1..];
        let Some(end) = value.find(quote) else {
            return refuse("an unterminated entity");
        };
        let value = &value[..end];
        if value.len() > MAX_ENTITY || value.contains(['&', '<', '%']) {
            return refuse("entities longer than 256 bytes or holding references or markup");
        }
    }
    Ok(())
}

/// Whether an element is in the SVG namespace (or in none, as some editors write it).
fn in_svg(node: Node) -> bool {
    matches!(node.tag_name().namespace(), None | Some(SVG_NS))
}

/// Whether an element is kept (with what it holds).
fn kept_element(node: Node) -> bool {
    if !in_svg(node) {
        return false;
    }
    let name = node.tag_name().name();
    if !ELEMENTS.contains(&name) {
        return false;
    }
    if name == "style" {
        let type_ok = node
            .attribute("type")
            .is_none_or(|t| t.trim().eq_ignore_ascii_case("text/css"));
        return type_ok && safe_css(&style_sheet(node));
    }
    true
}

/// The CSS of a `style` element, without its comments.
fn style_sheet(node: Node) -> String {
    let css: String = node
        .children()
        .filter(|c| c.is_text())
        .filter_map(|c| c.text())
        .collect();
    without_comments(&css)
}

/// CSS without its `/* comments */`, which could split a word the checks look for
/// (`@im/**/port`); an unclosed one runs to the end, as in CSS. Where text on both sides of a
/// comment would meet as a new `/*` (`*//**/*`), a space keeps them apart, so the result has no
/// comment left and sanitising it again changes nothing.
fn without_comments(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        push_apart(&mut out, &rest[..start]);
        rest = match rest[start + 2..].find("*/") {
            Some(end) => &rest[start + 2 + end + 2..],
            None => "",
        };
    }
    push_apart(&mut out, rest);
    out
}

/// Appends `text`, with a space first where the two would meet as `/*`.
fn push_apart(out: &mut String, text: &str) {
    if out.ends_with('/') && text.starts_with('*') {
        out.push(' ');
    }
    out.push_str(text);
}

/// Writes the kept elements under `root`, walking the tree without recursion so that nesting
/// depth cannot overflow the stack.
fn write(root: Node) -> String {
    let mut out = String::new();
    let mut current = root;
    'walk: loop {
        if visit(&mut out, current, root)
            && let Some(child) = current.first_child()
        {
            current = child;
            continue;
        }
        // Next sibling, else close the parents until one has a next sibling.
        let mut node = current;
        loop {
            if node == root {
                break 'walk;
            }
            if let Some(next) = node.next_sibling() {
                current = next;
                continue 'walk;
            }
            let Some(parent) = node.parent() else {
                break 'walk;
            };
            let _ = write!(out, "</{}>", parent.tag_name().name());
            node = parent;
        }
    }
    out.push('\n');
    out
}

/// Writes a node as it opens; whether to go into its children (a kept element that has some).
/// Dropped elements go with all they hold; comments and processing instructions are left out.
fn visit(out: &mut String, node: Node, root: Node) -> bool {
    if node.is_element() {
        if !kept_element(node) {
            return false;
        }
        if node.tag_name().name() == "style" {
            // Written whole, as the checked text (comments out), not node by node.
            let css = style_sheet(node);
            open_tag(out, node, node == root, !css.is_empty());
            if !css.is_empty() {
                escape_text(out, &css);
                out.push_str("</style>");
            }
            return false;
        }
        // Children all dropped make an empty element, so that sanitising again changes nothing.
        let children = node
            .children()
            .any(|c| c.is_text() || (c.is_element() && kept_element(c)));
        open_tag(out, node, node == root, children);
        return children;
    }
    if node.is_text() {
        escape_text(out, node.text().unwrap_or(""));
    }
    false
}

/// Writes an element's start tag with its kept attributes (`/>` when nothing it holds is kept).
fn open_tag(out: &mut String, node: Node, is_root: bool, children: bool) {
    let name = node.tag_name().name();
    let _ = write!(out, "<{name}");
    if is_root {
        let _ = write!(out, " xmlns=\"{SVG_NS}\" xmlns:xlink=\"{XLINK_NS}\"");
    }
    for attribute in node.attributes() {
        let local = attribute.name();
        let value = if local.eq_ignore_ascii_case("style") {
            std::borrow::Cow::Owned(without_comments(attribute.value()))
        } else {
            std::borrow::Cow::Borrowed(attribute.value())
        };
        let value = value.as_ref();
        let qualified = match attribute.namespace() {
            None if ATTRIBUTES.iter().any(|a| a.eq_ignore_ascii_case(local)) => local.to_string(),
            Some(XLINK_NS) if local == "href" => "xlink:href".to_string(),
            Some(XML_NS) if local == "space" || local == "lang" => format!("xml:{local}"),
            _ => continue,
        };
        if !safe_value(local, value) {
            continue;
        }
        let _ = write!(out, " {qualified}=\"");
        escape_attribute(out, value);
        out.push('"');
    }
    out.push_str(if children { ">" } else { "/>" });
}

/// Whether an attribute's value may stay: references only inside the file or beside it.
fn safe_value(name: &str, value: &str) -> bool {
    if name.eq_ignore_ascii_case("href") {
        return safe_reference(value);
    }
    // No value needs a scheme or another host, and browsers skip whitespace and controls
    // inside one (`java&#9;script:`).
    let squeezed: String = value
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    if ["javascript:", "vbscript:", "data:", "//"]
        .iter()
        .any(|bad| squeezed.contains(bad))
    {
        return false;
    }
    if name.eq_ignore_ascii_case("style") {
        return safe_css(value);
    }
    // Presentation attributes (`fill`, `filter`, `mask`, `marker-end`) take `url(...)`.
    !value.contains('\\') && urls_are_fragments(value)
}

/// Whether an `href` is a `#fragment` or a relative path: no scheme (`javascript:`, `data:`,
/// `https:`), no other host (`//host`, `\\host`), nothing a browser would strip to make one.
pub fn safe_reference(value: &str) -> bool {
    let value = value.trim_matches(|c: char| c.is_ascii_whitespace());
    if value.chars().any(|c| c.is_control() || c.is_whitespace()) || value.contains('\\') {
        return false;
    }
    if value.starts_with('#') {
        return true;
    }
    if value.is_empty() || value.starts_with('/') {
        return false;
    }
    let before = value.split(['/', '?', '#']).next().unwrap_or(value);
    !before.contains(':')
}

/// Whether CSS (without its comments) loads nothing from elsewhere: no `@import`, every `url(`
/// a `#fragment`, and no escapes that could hide either (`u\72l(`).
fn safe_css(css: &str) -> bool {
    let lower = css.to_ascii_lowercase();
    !lower.contains("@import")
        && !lower.contains('\\')
        && !lower.contains("expression(")
        && !lower.contains("javascript:")
        // Functions that take a URL as a plain string (`image-set("https://...")`).
        && !lower.contains("image-set")
        && !lower.contains("src(")
        && urls_are_fragments(&lower)
}

/// Whether every `url(...)` in a value names a `#fragment` of the same file.
fn urls_are_fragments(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    lower.match_indices("url(").all(|(at, _)| {
        let inside = lower[at + 4..].trim_start_matches(|c: char| c.is_ascii_whitespace());
        let inside = inside.trim_start_matches(['"', '\'']);
        inside.starts_with('#')
    })
}

fn escape_text(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
}

fn escape_attribute(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Kept as references: a parser would read a raw one back as a space.
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            _ => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &str = r##"<?xml version="1.0"?>
<?xml-stylesheet href="https://evil.example/x.css"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:s="http://www.w3.org/2000/svg" viewBox="0 0 10 10" onload="alert(1)" ONCLICK="alert(2)">
  <!-- a comment -->
  <script>alert(3)</script>
  <s:script>alert(4)</s:script>
  <foreignObject><body xmlns="http://www.w3.org/1999/xhtml"><script>alert(5)</script></body></foreignObject>
  <a href="javascript:alert(6)"><text x="1" y="2">Flow &amp; more</text></a>
  <a xlink:href=" java&#9;script:alert(7)"><rect width="1" height="1"/></a>
  <a href="https://evil.example/"><circle r="1"/></a>
  <a href="//evil.example/"><circle r="2"/></a>
  <image href="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=" width="1"/>
  <use xlink:href="#shape"/>
  <image href="img/photo.png" width="2"/>
  <path id="shape" d="M0 0L10 10" fill="url(#grad)" stroke="url(https://evil.example/#x)"/>
  <set attributeName="href" to="javascript:alert(8)"/>
  <animate attributeName="href" values="javascript:alert(9)"/>
  <style>@import url(https://evil.example/a.css); rect { fill: red }</style>
  <style>.ok { fill: url(#grad) }</style>
  <rect style="fill: url(https://evil.example/t.png)" width="3"/>
  <rect style="fill: blue" width="4"/>
  <iframe src="https://evil.example/"/>
</svg>"##;

    #[test]
    fn removes_what_runs_or_loads_and_keeps_the_drawing() {
        let out = sanitize(HOSTILE).unwrap();
        let lower = out.to_ascii_lowercase();
        for bad in [
            "script",
            "onload",
            "onclick",
            "alert",
            "foreignobject",
            "evil.example",
            "data:",
            "<set",
            "<animate",
            "@import",
            "doctype",
            "<?xml",
            "<!--",
            "iframe",
        ] {
            assert!(!lower.contains(bad), "`{bad}` left in:\n{out}");
        }
        for good in [
            "<path id=\"shape\" d=\"M0 0L10 10\" fill=\"url(#grad)\"/>",
            "Flow &amp; more</text>",
            "<use xlink:href=\"#shape\"/>",
            "<image href=\"img/photo.png\" width=\"2\"/>",
            "<style>.ok { fill: url(#grad) }</style>",
            "<rect style=\"fill: blue\" width=\"4\"/>",
            "viewBox=\"0 0 10 10\"",
        ] {
            assert!(out.contains(good), "`{good}` missing from:\n{out}");
        }
        // The output is itself well-formed SVG.
        let reparsed = Document::parse(&out).unwrap();
        assert_eq!(reparsed.root_element().tag_name().namespace(), Some(SVG_NS));
    }

    #[test]
    fn reads_the_namespace_entities_older_editors_declare() {
        // As Adobe Illustrator wrote SVG: namespaces declared as entities, then referenced.
        let text = r#"<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [
	<!ENTITY ns_svg "http://www.w3.org/2000/svg">
	<!ENTITY ns_xlink "http://www.w3.org/1999/xlink">
]>
<svg version="1.1" xmlns="&ns_svg;" xmlns:xlink="&ns_xlink;" width="10" height="10" xml:space="preserve">
<g><circle fill="&#x23;0F0" cx="5" cy="5" r="4"/><text x="1" y="9">Hi &amp; bye</text></g>
</svg>"#;
        let out = sanitize(text).unwrap();
        assert!(
            out.contains("<circle fill=\"#0F0\" cx=\"5\" cy=\"5\" r=\"4\"/>"),
            "{out}"
        );
        assert!(out.contains("xml:space=\"preserve\""), "{out}");
        assert!(out.contains(">Hi &amp; bye</text>"), "{out}");
        assert!(!out.contains("ENTITY"), "{out}");
    }

    #[test]
    fn reads_latin_1_and_utf_16_files() {
        let latin = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><svg xmlns=\"http://www.w3.org/2000/svg\"><text>Caf\xe9 \x96 \x80</text></svg>";
        let out = sanitize_bytes(latin).unwrap();
        assert!(
            out.contains("<text>Caf\u{e9} \u{2013} \u{20ac}</text>"),
            "{out}"
        );
        let text = "<svg xmlns=\"http://www.w3.org/2000/svg\"><text>\u{65e5}</text></svg>";
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        assert!(
            sanitize_bytes(&utf16)
                .unwrap()
                .contains("<text>\u{65e5}</text>")
        );
        assert!(sanitize_bytes(&[0xFF, 0xFE, 0x00, 0xD8]).is_err());
    }

    #[test]
    fn text_meeting_across_a_removed_comment_does_not_open_a_new_one() {
        // Found by `hostile_documents_come_out_safe`: `*/` + `*/` made `*/*/` before.
        assert_eq!(without_comments("*//* a comment */*/"), "*/ */");
        assert_eq!(without_comments("a/**/b"), "ab");
        assert_eq!(without_comments("//**/*x"), "/ *x");
    }

    #[test]
    fn css_comments_are_removed_not_a_reason_to_drop_the_styles() {
        let text = "<svg xmlns=\"http://www.w3.org/2000/svg\"><style><![CDATA[/* Illustrator */ .st0{fill:#FFF;} /* a > b */]]></style><rect class=\"st0\" style=\"fill:red /* x */\"/><style>@im/**/port url(https://x.example/a.css);</style><rect style=\"fill: u/**/rl(https://x.example/)\"/></svg>";
        let out = sanitize(text).unwrap();
        assert!(out.contains("<style> .st0{fill:#FFF;} </style>"), "{out}");
        assert!(
            out.contains("<rect class=\"st0\" style=\"fill:red \"/>"),
            "{out}"
        );
        assert!(!out.contains("x.example") && !out.contains("@im"), "{out}");
    }

    #[test]
    fn sanitising_twice_changes_nothing() {
        let once = sanitize(HOSTILE).unwrap();
        assert_eq!(sanitize(&once).unwrap(), once);
    }

    #[test]
    fn refuses_what_it_cannot_read() {
        let nested = r#"<!DOCTYPE svg [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>"#;
        assert!(sanitize(nested).unwrap_err().0.contains("ENTITY"));
        let long = format!(
            r#"<!DOCTYPE svg [<!ENTITY a "{}">]><svg xmlns="http://www.w3.org/2000/svg"/>"#,
            "a".repeat(300)
        );
        assert!(sanitize(&long).unwrap_err().0.contains("ENTITY"));
        for other in [
            r#"<!DOCTYPE svg [<!ENTITY % p "x">]><svg xmlns="http://www.w3.org/2000/svg"/>"#,
            r#"<!DOCTYPE svg [<!ENTITY e SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg"><text>&e;</text></svg>"#,
            r#"<!DOCTYPE svg [<!ENTITY e "<script>alert(1)</script>">]><svg xmlns="http://www.w3.org/2000/svg">&e;</svg>"#,
            "<!DOCTYPE svg [<!ENTITY",
        ] {
            assert!(sanitize(other).unwrap_err().0.contains("ENTITY"), "{other}");
        }
        assert!(
            sanitize("<svg><g></svg>")
                .unwrap_err()
                .0
                .contains("well-formed")
        );
        assert!(sanitize("<html/>").unwrap_err().0.contains("not an SVG"));
        assert!(
            sanitize_bytes(b"<svg>\xff</svg>")
                .unwrap_err()
                .0
                .contains("UTF-8")
        );
        assert!(sanitize("").is_err());
    }

    #[test]
    fn deep_nesting_does_not_overflow_the_stack() {
        let depth = 200_000;
        let text = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\">{}{}</svg>",
            "<g>".repeat(depth),
            "</g>".repeat(depth)
        );
        // Either answer is fine; a crash is not.
        let _ = sanitize(&text);
    }

    #[test]
    fn references_stay_in_the_file_or_beside_it() {
        for ok in ["#a", "img.png", "sub/img.png#x", "../up.svg", "a?b=c:d"] {
            assert!(safe_reference(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JAVASCRIPT:x",
            "data:image/png;base64,AA",
            "https://x.example/",
            "//x.example/",
            "\\\\x.example",
            "/root/abs.png",
            "java\tscript:x",
            "",
        ] {
            assert!(!safe_reference(bad), "{bad}");
        }
    }

    /// Pieces of SVG, XML and CSS (hostile ones among them), so that random documents reach
    /// deep into the parser and the sanitiser instead of failing on the first byte.
    fn svgish() -> impl proptest::strategy::Strategy<Value = String> {
        let atoms = proptest::sample::select(vec![
            "<svg xmlns=\"http://www.w3.org/2000/svg\">",
            "</svg>",
            "<g>",
            "</g>",
            "<text x=\"1\">",
            "</text>",
            "<script>",
            "</script>",
            "<foreignObject>",
            "</foreignObject>",
            "<style>",
            "</style>",
            "<a href=\"",
            "<a xlink:href=\"",
            "<path d=\"M0 0\" ",
            "<set attributeName=\"href\" to=\"",
            "onload=\"",
            "ONCLICK=\"",
            "style=\"",
            "fill=\"",
            "url(",
            "#a",
            "javascript:",
            "data:",
            "https://x.example/",
            "@import ",
            "\\",
            "\"",
            "'",
            "/>",
            ">",
            "<",
            "&amp;",
            "&#106;",
            "&lt;",
            "<![CDATA[",
            "]]>",
            "<!--",
            "-->",
            "<?xml-stylesheet href=\"x\"?>",
            "<!DOCTYPE svg [",
            "<!ENTITY e \"",
            "]>",
            "&e;",
            " ",
            "\t",
            "\n",
            "é",
            "–",
            "\u{0}",
        ]);
        proptest::collection::vec(atoms, 0..40).prop_map(|parts| parts.concat())
    }

    use proptest::strategy::Strategy as _;

    /// Elements the generated documents are made of: hostile, harmless and unknown.
    const ELEMENT_NAMES: &[&str] = &[
        "g",
        "text",
        "a",
        "script",
        "svg:script",
        "foreignObject",
        "style",
        "set",
        "animate",
        "path",
        "rect",
        "image",
        "use",
        "title",
        "iframe",
        "switch",
        "feImage",
        "handler",
    ];

    /// Attributes: event handlers, links, styles and plain geometry.
    const ATTRIBUTE_NAMES: &[&str] = &[
        "onload",
        "ONCLICK",
        "href",
        "xlink:href",
        "style",
        "fill",
        "id",
        "x",
        "xml:base",
        "xml:space",
        "d",
        "filter",
        "requiredFeatures",
        "type",
        "to",
        "values",
    ];

    /// Attribute values: script and remote URLs in their disguises, and harmless ones.
    const ATTRIBUTE_VALUES: &[&str] = &[
        "#a",
        "javascript:alert(1)",
        "  JaVaScRiPt:x",
        "&#106;avascript:x",
        "java&#9;script:x",
        "data:image/png;base64,AA",
        "https://x.example/",
        "//x.example/a",
        "\\\\x.example\\a",
        "url(#a)",
        "url(https://x.example/)",
        "fill: url( 'https://x.example/' )",
        "fill: u\\72l(https://x.example/)",
        "@import 'https://x.example/'",
        "image-set('https://x.example/' 1x)",
        "fill: u/**/rl(https://x.example/)",
        "fill: red /* unclosed",
        "a.png",
        "text/css",
        "&quot;é–",
    ];

    /// Text content: markup, comments and style sheets that load or hide something.
    const TEXT: &[&str] = &[
        "hi",
        "&amp;",
        "&lt;script&gt;",
        "<![CDATA[<script>x</script>]]>",
        "<!-- c -->",
        "<?pi x?>",
        "@import url(https://x.example/a.css);",
        ".a{fill:url(#g)}",
        "rect{fill:url(https://x.example/)}",
        "@im/**/port url(https://x.example/a.css);",
        "/* a comment */",
        "/*",
        "*/",
        " ",
    ];

    /// Well-formed SVG documents of hostile and harmless elements, attributes and text, so
    /// that every one reaches the sanitiser's allowlists.
    fn svg_documents() -> impl proptest::strategy::Strategy<Value = String> {
        let names = proptest::sample::select(ELEMENT_NAMES.to_vec());
        let attribute_names = proptest::sample::select(ATTRIBUTE_NAMES.to_vec());
        let values = proptest::sample::select(ATTRIBUTE_VALUES.to_vec());
        let attributes =
            proptest::collection::btree_map(attribute_names, values, 0..4).prop_map(|map| {
                map.into_iter()
                    .map(|(n, v)| format!(" {n}=\"{v}\""))
                    .collect::<String>()
            });
        let text = proptest::sample::select(TEXT.to_vec()).prop_map(str::to_string);
        let tree = text.prop_recursive(5, 80, 6, move |inner| {
            (
                names.clone(),
                attributes.clone(),
                proptest::collection::vec(inner, 0..6),
            )
                .prop_map(|(name, attributes, children)| {
                    format!("<{name}{attributes}>{}</{name}>", children.concat())
                })
        });
        proptest::collection::vec(tree, 0..6).prop_map(|children| {
            format!(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" xmlns:svg=\"http://www.w3.org/2000/svg\">{}</svg>",
                children.concat()
            )
        })
    }

    /// Asserts what no sanitised output may hold.
    fn assert_safe(out: &str) -> Result<(), proptest::test_runner::TestCaseError> {
        let doc = Document::parse(out).expect("the output is well-formed");
        for node in doc.descendants().filter(|n| n.is_element()) {
            let name = node.tag_name().name();
            proptest::prop_assert!(ELEMENTS.contains(&name), "{name} in {out}");
            if name == "style" {
                let css = node.text().unwrap_or("").to_ascii_lowercase();
                proptest::prop_assert!(!css.contains("x.example"), "{out}");
            }
            for attribute in node.attributes() {
                let value = attribute.value().to_ascii_lowercase();
                proptest::prop_assert!(!attribute.name().to_ascii_lowercase().starts_with("on"));
                proptest::prop_assert!(attribute.name() != "base", "{out}");
                proptest::prop_assert!(
                    !value.contains("javascript:")
                        && !value.contains("x.example")
                        && !value.contains("data:"),
                    "{out}"
                );
            }
        }
        let lower = out.to_ascii_lowercase();
        proptest::prop_assert!(!lower.contains("<script") && !lower.contains("<?pi"));
        proptest::prop_assert!(!lower.contains("<!--") && !lower.contains("foreignobject"));
        Ok(())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(256),
            failure_persistence: None,
            ..proptest::prelude::ProptestConfig::default()
        })]

        /// Whatever the text: no panic; what comes out is a well-formed SVG that sanitises to
        /// itself and holds no script, handler, foreign content or outside reference.
        #[test]
        fn any_text_sanitises_to_a_safe_fixed_point_or_an_error(text in svgish()) {
            if let Ok(out) = sanitize(&text) {
                assert_safe(&out)?;
                let again = sanitize(&out);
                proptest::prop_assert_eq!(again, Ok(out));
            }
        }

        /// Every well-formed document of hostile parts is published, safe, and sanitises to
        /// itself.
        #[test]
        fn hostile_documents_come_out_safe(text in svg_documents()) {
            let out = sanitize(&text).map_err(|e| {
                proptest::test_runner::TestCaseError::fail(format!("{e}: {text}"))
            })?;
            assert_safe(&out)?;
            let again = sanitize(&out);
            proptest::prop_assert_eq!(again, Ok(out));
        }
    }

    #[test]
    fn knows_refused_and_svg_names() {
        assert!(is_svg("content/pages/a/Flow.SVG"));
        assert!(!is_svg("content/pages/svg"));
        for refused in ["a.html", "b/c.HTM", "d.xhtml", "e.xml", "f.svgz", "g.xsl"] {
            assert!(is_refused(refused), "{refused}");
        }
        assert!(!is_refused("a.png"));
        assert!(!is_refused("html"));
    }
}
