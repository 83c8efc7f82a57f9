//! Every diagnostic code Tracemark emits, in one table: the code, its severity, a one-line
//! title and an explanation (what it means, an example of the cause, how to fix it).
//!
//! `tracemark explain CODE` prints from this table, and the table in
//! `docs/guide/diagnostics.md` is generated from it (a unit test fails when they differ;
//! `TRACEMARK_BLESS=1 cargo test --lib` rewrites it). A unit test also checks that every code
//! written in `src/` is here, and that every code here is written somewhere in `src/`.

use super::Severity;

/// One diagnostic code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code {
    /// The stable code, such as `E201`.
    pub code: &'static str,
    /// Error, warning or note.
    pub severity: Severity,
    /// What went wrong, in one line.
    pub title: &'static str,
    /// What it means, an example of the cause, and how to fix it (Markdown, paragraphs
    /// separated by blank lines).
    pub explanation: &'static str,
}

const fn error(code: &'static str, title: &'static str, explanation: &'static str) -> Code {
    Code {
        code,
        severity: Severity::Error,
        title,
        explanation,
    }
}

const fn warning(code: &'static str, title: &'static str, explanation: &'static str) -> Code {
    Code {
        code,
        severity: Severity::Warning,
        title,
        explanation,
    }
}

const fn note(code: &'static str, title: &'static str, explanation: &'static str) -> Code {
    Code {
        code,
        severity: Severity::Note,
        title,
        explanation,
    }
}

/// Every code, errors then warnings then notes, each in numeric order.
pub static CODES: &[Code] = &[
    error(
        "E001",
        "a file or folder cannot be read",
        "Tracemark could not open or read a file or folder of the portal (permissions, a file \
         removed while reading, a broken disk); the message gives the operating system's reason.\n\n\
         Example: `content/risks/ai.yaml` is mode `000`.\n\n\
         Fix: make the file readable by the user running Tracemark, or remove it.",
    ),
    error(
        "E002",
        "a file is not UTF-8",
        "Every text file (YAML, Markdown, templates) must be UTF-8; the error points at the first \
         bad byte. A UTF-8 byte order mark at the start is allowed.\n\n\
         Example: a policy exported from a word processor as Windows-1252 or UTF-16.\n\n\
         Fix: re-save the file as UTF-8 (e.g. `iconv -f WINDOWS-1252 -t UTF-8`).",
    ),
    error(
        "E003",
        "a symlink leaves its folder",
        "A symbolic link under `content/`, `templates/` or `static/` points outside that folder. \
         It is not followed, so nothing outside the portal's sources is ever read or published; \
         each such link is one error.\n\n\
         Example: `content/evidence/files/logs -> /var/log`.\n\n\
         Fix: copy the file into the folder instead of linking it, or point the link inside it.",
    ),
    error(
        "E004",
        "a symlink loop",
        "A symbolic link leads, directly or through others, back to a folder that contains it, \
         so walking the folder would never end.\n\n\
         Example: `content/pages/loop -> ..`.\n\n\
         Fix: remove or re-point the link.",
    ),
    error(
        "E005",
        "two outputs would be written to one file",
        "Two outputs would land on the same path, or on paths that are the same file on some \
         disks. Both paths are named. The causes: a `static/` file over a generated page, data \
         file or evidence artifact (only the built-in static files, such as \
         `assets/style.css`, may be replaced); two evidence records naming one file; names that \
         differ only in letter case or Unicode normalisation (NFC/NFD, one file on macOS and \
         Windows); two pages, or files beside them, whose source names differ only so; ids that \
         are the same once made into file names; or a file where another output needs a folder.\n\n\
         Example: `static/index.html` would replace the dashboard; `Policy.md` and `policy.md` \
         in one folder.\n\n\
         Fix: rename or remove one of the two sources.",
    ),
    error(
        "E006",
        "an output file or folder name longer than 255 bytes",
        "No disk can hold a file or folder name longer than 255 bytes, so the build would fail \
         while writing; the error is reported at the source the name comes from.\n\n\
         Example: a page named from a 251-character file name, whose output adds `.html`.\n\n\
         Fix: shorten the source's file name (or its `id`).",
    ),
    error(
        "E101",
        "YAML syntax error, or YAML nested too deeply",
        "A YAML file (a register, `portal.yaml`, front matter) cannot be parsed, or nests deeper \
         than 128 levels (refused before parsing). The checks that depend on the file are skipped \
         (a note says how many) and the ids on its `id:`/`ref:` lines still count as known.\n\n\
         Example: a tab used for indentation, or an unclosed `[` in a flow list.\n\n\
         Fix: correct the syntax at the line and column given, then check again.",
    ),
    error(
        "E102",
        "unknown field or top-level key",
        "A field or key that the schema does not have. Unknown fields are errors, so a typo \
         never silently drops data; the help says \"did you mean\" or lists the known fields. \
         (Free pages are the exception: unknown front-matter fields are kept for templates.)\n\n\
         Example: `owenr: CISO` in a risk.\n\n\
         Fix: correct the field's name, or remove it.",
    ),
    error(
        "E103",
        "missing required field",
        "A required field is missing, the front matter or `portal.yaml` is empty, or an \
         evidence record has neither `file` nor `url`.\n\n\
         Example: a risk without `owner`; a policy without `title`.\n\n\
         Fix: add the field named in the message.",
    ),
    error(
        "E104",
        "wrong type or unknown value",
        "A value of the wrong type, or not in its fixed list: a treatment, status or kind, or a \
         value outside a closed vocabulary (system `lifecycle`, `role`, `risk_class`, evidence \
         `method`), with \"did you mean\"; or a risk scale outside 1..100.\n\n\
         Example: `treatment: mitigated` where `mitigate` is meant; `likelihood: high` where a \
         number is expected.\n\n\
         Fix: use one of the values the help lists (the full lists are in docs/DESIGN.md).",
    ),
    error(
        "E105",
        "a date that does not exist or is malformed",
        "Dates are written `YYYY-MM-DD` and must exist.\n\n\
         Example: `collected: 2026-02-30`, or `last_review: 03/04/2026`.\n\n\
         Fix: write a real date as `YYYY-MM-DD`.",
    ),
    error(
        "E106",
        "a policy's front matter is missing or not closed",
        "A policy must start with front matter between `---` lines; the help lists the required \
         fields. Free pages need none.\n\n\
         Example: a policy file that starts with `# Access control policy`, or whose closing \
         `---` is missing.\n\n\
         Fix: add front matter with at least `id`, `title` and `owner`, closed by `---`.",
    ),
    error(
        "E107",
        "a register file that is empty or not a list under its key",
        "A register file holds one list under its key: `systems:`, `risks:`, `controls:`, \
         `evidence:`, `subprocessors:` or `questions:`.\n\n\
         Example: an empty `content/risks/new.yaml`, or a file that starts with `- id: RSK-1` \
         without `risks:`.\n\n\
         Fix: put the entries in a list under the folder's key, or remove the file.",
    ),
    error(
        "E108",
        "an OSCAL catalog that cannot be read or used",
        "An OSCAL catalog JSON under `content/frameworks/` cannot be read, or a part of it \
         cannot be used, at its line: a control without an `id`, `controls` that is not a list, \
         a group that is not an object.\n\n\
         Example: a catalog saved as an OSCAL profile rather than a catalog.\n\n\
         Fix: export the catalog in the OSCAL catalog model, or correct the part named.",
    ),
    error(
        "E109",
        "a control character",
        "A control character in a text file, whether written raw, as a YAML escape (`\"\\x1b\"`, \
         `\"\\u202e\"`) or as a Markdown character reference (`&#x1b;`): C0 controls other than tab \
         and newline (a CR only as part of CRLF), DEL, C1 controls (U+0080..U+009F), and the \
         bidirectional overrides and isolates U+202A..U+202E and U+2066..U+2069, which can make \
         text read differently from what it says. A raw form feed in a Markdown body is read as \
         a space; in YAML and front matter it stays this error.\n\n\
         Example: a terminal escape pasted into a risk's title.\n\n\
         Fix: delete the character at the line and column given.",
    ),
    error(
        "E201",
        "a reference to something that does not exist",
        "An id that names nothing: a risk's system or control, evidence's control or risk, a \
         Statement of Applicability entry's control or policy, a policy's control or system, a \
         system's `technical_documentation` document or evidence record, or \
         an `[[ID]]` in any text. The help suggests the closest id.\n\n\
         Example: `controls: [iso42001:A.6.2.44]` where `iso42001:A.6.2.4` is meant.\n\n\
         Fix: correct the id, or add the item it should name.",
    ),
    error(
        "E202",
        "a reference to the wrong kind of entity",
        "The id exists, but names another kind of item than the field expects.\n\n\
         Example: a risk's `system: RSK-3`, where `RSK-3` is a risk, not a system.\n\n\
         Fix: name an item of the kind the field takes.",
    ),
    error(
        "E203",
        "an ambiguous bare control id",
        "A control id written without its framework (`A.6.2.4` rather than \
         `iso42001:A.6.2.4`) that more than one in-scope framework has; the candidates are \
         listed.\n\n\
         Example: `controls: [A.5.1]` with both `iso42001` and `iso27001` in scope.\n\n\
         Fix: write the framework prefix, `fw:CONTROL`.",
    ),
    error(
        "E204",
        "a malformed id",
        "An entity or framework id must match `[A-Za-z0-9][A-Za-z0-9._-]*` and be at most 100 \
         bytes (so `.` and `..` are refused); a catalog control id must be neither empty nor too \
         long. Ids become file names and URLs.\n\n\
         Example: `id: RSK 1` (a space) or `id: ../x`.\n\n\
         Fix: use letters, digits, `.`, `_` and `-` only, starting with a letter or digit.",
    ),
    error(
        "E205",
        "a duplicate id",
        "Two items have the same id, in one file or across files; the message says where the \
         first one is. Also a top-level free page whose path is an entity's id or a bare control \
         id.\n\n\
         Example: two risks `RSK-4` in two registers.\n\n\
         Fix: give one of them another id (and update its references).",
    ),
    error(
        "E206",
        "ids that differ only in letter case",
        "Two ids that are the same but for letter case, which would be one file on macOS and \
         Windows and are easy to confuse.\n\n\
         Example: `POL-ai-use` and `POL-AI-USE`.\n\n\
         Fix: rename one of them.",
    ),
    error(
        "E207",
        "`portal.yaml` names an unknown framework",
        "A framework in `portal.yaml` that is neither built in nor defined under \
         `content/frameworks/`; reported at its line.\n\n\
         Example: `frameworks: [iso42001, soc-2]` where `soc2` is meant.\n\n\
         Fix: use a built-in framework id (see the help), or add the catalog.",
    ),
    error(
        "E208",
        "a relative link that leads nowhere",
        "A relative link, in Markdown or in raw HTML, that leads to no policy, page, folder of \
         pages or file under `content/pages/`, at its file and line. Only links that really \
         lead nowhere are reported.\n\n\
         Example: `[leave policy](../hr/leave.md)` after `leave.md` was renamed.\n\n\
         Fix: correct the link's path, or restore the file.",
    ),
    error(
        "E209",
        "an id reserved for a section page",
        "The ids `index`, `heatmap` and `page-N` are the names of section pages, so an item with \
         such an id would replace one.\n\n\
         Example: a free page with `id: index`.\n\n\
         Fix: choose another id.",
    ),
    error(
        "E210",
        "an entity id that is also a control id",
        "An entity whose id is also a control's id, so `[[ID]]` would be ambiguous.\n\n\
         Example: an evidence record with `id: CC6.1` while SOC 2 is in scope.\n\n\
         Fix: give the entity an id of its own (e.g. `EV-CC6.1`).",
    ),
    error(
        "E211",
        "a portal catalog with the id of another catalog",
        "A catalog under `content/frameworks/` that has the id of a built-in catalog, or of \
         another portal catalog: it would replace it.\n\n\
         Example: a custom `content/frameworks/soc2.yaml` with `id: soc2`.\n\n\
         Fix: give the portal's catalog an id of its own.",
    ),
    error(
        "E212",
        "`portal.yaml` `soa:` documents a framework that is not in scope",
        "The `soa:` section of `portal.yaml` (the Statement of Applicability's version and \
         approval) names a framework that is not in `frameworks`.\n\n\
         Example: `soa: { iso27001: {...} }` with `frameworks: [iso42001]`.\n\n\
         Fix: add the framework to `frameworks`, or remove its `soa:` entry.",
    ),
    error(
        "E213",
        "a link to a file a browser would run, or to an SVG that cannot be sanitised",
        "A link to a file beside the pages that a browser would run as a document (`.html`, \
         `.htm`, `.xhtml`, `.xml`, `.shtml`, `.xht`, `.xsl`, `.xslt`, `.mht`, `.mhtml`, `.svgz`) \
         is refused; so is a link to an SVG that cannot be sanitised (not well-formed XML, not \
         UTF-8/UTF-16/Latin-1, or declaring entities other than short plain text).\n\n\
         Example: `[old page](legacy/export.html)` in a page.\n\n\
         Fix: convert the file to Markdown, link a PDF or image instead, or fix the SVG.",
    ),
    error(
        "E240",
        "a technical documentation key that is not an Annex IV point",
        "A key of an AI system's `technical_documentation:` that is not one of the nine points \
         of EU AI Act Annex IV (`1` to `9`). The help names the point meant when the key holds \
         one (`AnnexIV.4`, `point 4`).\n\n\
         Example: `technical_documentation: { AnnexIV.4: [EV-001] }`.\n\n\
         Fix: write the point's number as the key: `4: [EV-001]`.",
    ),
    error(
        "E250",
        "a nonconformity's `origin` contradicts its `source`",
        "A nonconformity's `source` names a record (an audit finding, an incident or a \
         management review), and its `origin` says it came from somewhere else. The origin \
         follows from the source record, so the two cannot differ.\n\n\
         Example: `source: IA-2025-04-01` (an audit finding) with `origin: incident`.\n\n\
         Fix: leave `origin` out when `source` names a record, or correct whichever is wrong.",
    ),
    error(
        "E251",
        "an audit's dates out of order",
        "An internal audit's fieldwork `start`, `end` and `reported` dates must follow each \
         other: the report is issued after fieldwork ends, which is after it starts.\n\n\
         Example: `start: 2025-12-01`, `end: 2025-11-24`.\n\n\
         Fix: correct the dates.",
    ),
    error(
        "E252",
        "a programme plans an audit of another programme",
        "A planned audit of an audit programme names an audit record (`planned[].audit`) whose \
         own `programme` is a different programme.\n\n\
         Example: `AP-2026` plans `audit: IA-2025-04`, which says `programme: AP-2025`.\n\n\
         Fix: name the right audit, or correct the audit's `programme`.",
    ),
    error(
        "E253",
        "findings of an audit that was not carried out",
        "An audit with `status: planned` or `cancelled` records findings. Findings come from \
         fieldwork (ISO/IEC 42001 9.2), so the audit was carried out, or the findings belong to \
         another audit.\n\n\
         Example: `status: planned` with `findings: [{id: IA-2026-01-01, ...}]`.\n\n\
         Fix: set `status: in-progress` or `completed`, or move the findings.",
    ),
    error(
        "E254",
        "a nonconformity's `severity` contradicts its audit finding",
        "A nonconformity raised from an audit finding (`source`) that is a major or minor \
         nonconformity says the other severity. The audit grades the finding; the \
         nonconformity record follows it.\n\n\
         Example: finding `IA-2026-01-03` has `type: minor`, and the nonconformity raised from \
         it says `severity: major`.\n\n\
         Fix: leave `severity` out (it follows from the finding) or correct the finding.",
    ),
    error(
        "E260",
        "a serious incident reported late under EU AI Act Art. 73, or not at all",
        "An incident marked `serious: true` (a serious incident under EU AI Act Art. 3(49)) was \
         notified to the market surveillance authority (`notified`) after the Art. 73 deadline, \
         or not at all and the deadline has passed as of `--today`. The deadline runs from \
         `aware` (when the provider became aware; `detected` when not given): 15 days \
         (Art. 73(2)); 10 days where a person died (`limb: death`, Art. 73(4)); 2 days for a \
         widespread infringement or a serious and irreversible disruption of critical \
         infrastructure (`limb: widespread-infringement` or `critical-infrastructure`, \
         Art. 73(3)). With times on both dates (`2026-09-01T14:30Z`) the instants are \
         compared; with a date alone the deadline lasts the whole of its day (UTC). A \
         `notified` date after `--today` does not count (W330). The incident is also a gap \
         (\"Incidents notified late or not at all\").\n\n\
         Example: `serious: true`, `aware: 2026-09-01`, `notified: 2026-09-20` (due \
         2026-09-16, 4 days late).\n\n\
         Fix: a late report stays late: record the true date, and raise a nonconformity on the \
         reporting process; if it was not a serious incident, set `serious: false`.",
    ),
    error(
        "E261",
        "a personal-data breach notified later than 72 hours under GDPR Art. 33, or not at all",
        "An incident marked `personal_data_breach: true` was notified to the data protection \
         supervisory authority more than 72 hours after `aware` (or `detected`), or not at all \
         and the 72 hours have passed as of `--today`, and `not_notifiable` does not say why no \
         notice is due. The notice is `breach_notified`; when that is not given and the \
         incident is not serious, `notified` is taken as the breach notice (a serious \
         incident's `notified` is its Art. 73 report, to another authority). Times and zones \
         count as for E260.\n\n\
         Example: `personal_data_breach: true`, `aware: 2026-10-22T09:14Z`, no notice, built \
         with `--today 2026-11-28`.\n\n\
         Fix: record the notice's date in `breach_notified`; or, when the breach is unlikely to \
         result in a risk to people (or the organisation is the processor, whose duty is to \
         tell the controller), say so in `not_notifiable`.",
    ),
    error(
        "E262",
        "an empty `not_notifiable` reason",
        "An incident's `not_notifiable` is empty. A breach that is not notified must be \
         documented with the reason (GDPR Art. 33(5)); an empty reason exempts nothing, so the \
         72-hour deadline still applies.\n\n\
         Example: `not_notifiable: \"\"`.\n\n\
         Fix: write why no notice is due, or remove the field.",
    ),
    error(
        "E270",
        "`import`: the spreadsheet cannot be read",
        "`tracemark import` could not open the spreadsheet, or it is not one it reads: a CSV \
         file (separated by `,`, `;` or tab, in UTF-8, UTF-16 with a byte order mark, or \
         Windows-1252) or a workbook (`.xlsx`, `.xlsm`, `.xls`, `.ods`); `--sheet` named a \
         worksheet the workbook does not have.\n\n\
         Example: `tracemark import risks register.numbers`, or a workbook saved with the \
         `.csv` extension.\n\n\
         Fix: export the register as `.xlsx` or CSV from the spreadsheet program, and name the \
         file by its real format.",
    ),
    error(
        "E271",
        "`import`: no header row",
        "No row of the spreadsheet names at least three columns the import knows (by our field \
         names or their usual synonyms: `Risk ID`, `Likelihood (1-5)`, `Risk owner`...). Title \
         rows above the header are skipped, but the header itself must be recognised.\n\n\
         Example: a register whose columns are `Nr`, `Was`, `Wer` (German headings).\n\n\
         Fix: name the columns with `--map \"Nr=id\" --map \"Was=title\" --map \"Wer=owner\"`, or \
         rename them in the spreadsheet.",
    ),
    error(
        "E272",
        "`import`: no column for a required field",
        "Every risk has an `id`, `title`, `owner`, `likelihood`, `impact` and `treatment`; every \
         evidence record an `id`, `title` and `collected` date. The header has no column the \
         import matched to the field named; the message lists the columns it did not match.\n\n\
         Example: a register with `Probability Level` where the import expects `Likelihood` or \
         `Probability`.\n\n\
         Fix: `--map \"Probability Level=likelihood\"`, or add the column to the spreadsheet.",
    ),
    error(
        "E273",
        "`import`: a cell cannot be read",
        "A cell's value is not one the field takes: a rating outside the portal's scale or a \
         word the scale does not have, a date in no usual form, a treatment or status that is \
         not one of ours, an id with spaces, or an empty required cell. The error names the \
         file, the row as the spreadsheet shows it and the column (its letter in a workbook, \
         its number in a CSV file, and its header); nothing is written.\n\n\
         Example: `register.xlsx:7:5: row 7, column E (\"Likelihood (1-5)\"): `Huge` is not a \
         likelihood on the portal's 1-5 scale`.\n\n\
         Fix: correct the cell in the spreadsheet (the message lists the values allowed), then \
         import again.",
    ),
    error(
        "E274",
        "`import`: an id is already in the portal, or twice in the spreadsheet",
        "Import never overwrites: an id that the portal already has (in any register, in any \
         letter case) or that an earlier row of the spreadsheet has is refused, and nothing is \
         written.\n\n\
         Example: importing a register again after adding a row: its old rows are already in \
         `content/risks/imported.yaml`.\n\n\
         Fix: import only the new rows (delete the others from a copy), or give the row an id \
         of its own.",
    ),
    error(
        "E275",
        "`import`: a `--map` option names no column or no field",
        "`--map COLUMN=field` must name a column of the header row (its text, letter case and \
         punctuation aside) and a field of the register (`likelihood`, `residual.impact`, \
         `acceptance.by`...) or `-` to leave the column out.\n\n\
         Example: `--map \"Owner=owners\"`.\n\n\
         Fix: write the column as the header does and the field as the message lists it.",
    ),
    error(
        "E276",
        "`import`: the register file cannot take the entries",
        "The entries go to a YAML file under `content/risks/` (or `content/evidence/`), where \
         the portal reads them; an existing file is appended to as `soa --add-missing` does, \
         which needs its list in block style under its top-level key.\n\n\
         Example: `--into imported.yaml` (outside `content/risks/`), or a file written as \
         `risks: [{id: R-1, ...}]`.\n\n\
         Fix: name a file under the register's folder, or rewrite the file in block style.",
    ),
    error(
        "E277",
        "`import`: two columns hold one field",
        "Two columns of the header were matched to the same field (for example `Risk` and \
         `Risk title` both to `title`), so the import cannot tell which to use.\n\n\
         Example: a register with both `Owner` and `Risk owner`.\n\n\
         Fix: leave one out with `--map \"Owner=-\"`, or map it to another field.",
    ),
    error(
        "E301",
        "an evidence file outside `content/`",
        "An evidence record's `file` must be a relative path inside `content/`; this one is \
         reached through `..` or a symlink that leaves it.\n\n\
         Example: `file: ../../secrets/audit-log.csv`.\n\n\
         Fix: copy the artifact under `content/evidence/files/` and name that path.",
    ),
    error(
        "E302",
        "an evidence file or attestation file that does not exist",
        "An evidence record's `file`, or an attestation's `file` under `static/`, names a file \
         that is not there.\n\n\
         Example: `file: files/pentest-2026.pdf` before the report was added.\n\n\
         Fix: add the file, or correct the path.",
    ),
    error(
        "E303",
        "an evidence file that is a Git LFS pointer",
        "An evidence record's `file` holds a Git LFS pointer (a small text file starting \
         `version https://git-lfs.github.com/spec/v1`) instead of the artifact: its content was \
         never fetched, so the hash the portal and the auditor manifest would state is the \
         pointer's, not the artifact's. A build `--at` a commit always meets the pointer, since \
         it reads what git stores.\n\n\
         Example: a clone made without `git lfs` installed, where \
         `content/evidence/files/pentest-2026.pdf` is 130 bytes of text.\n\n\
         Fix: run `git lfs pull` and build the work tree, or keep the artifact in git itself.",
    ),
    error(
        "E380",
        "an audience block that is not closed",
        "A Markdown body opens a per-audience block (`<!-- audience: public -->`) and never \
         closes it, or opens another before closing it (blocks do not nest).\n\n\
         Example: `<!-- audience: public -->` above a paragraph, and no `<!-- /audience -->` \
         below it.\n\n\
         Fix: end the block with `<!-- /audience -->` on a line of its own.",
    ),
    error(
        "E381",
        "an audience block names no audience",
        "The list of an audience block (`<!-- audience: internal, auditor -->`) may only name \
         `public`, `internal` and `auditor`.\n\n\
         Example: `<!-- audience: customers -->`.\n\n\
         Fix: write the edition's name as on the command line (`--audience public`).",
    ),
    error(
        "E382",
        "an audience block closed that was never opened",
        "A `<!-- /audience -->` line with no `<!-- audience: ... -->` line open above it.\n\n\
         Example: a block's opening line deleted, its closing line left.\n\n\
         Fix: remove the closing line, or open the block above it.",
    ),
    error(
        "E385",
        "a document card id that is not plain, or used twice",
        "Each attestation and each entry of `public.documents:` in `portal.yaml` is a card on \
         the trust center's `documents.html`, and its id is the card's anchor \
         (`documents.html#soc2-type-ii`), which the home page and customers' bookmarks link \
         to. An `id` you write must be lowercase letters, digits and single hyphens, and no \
         two cards may share one (an attestation without `id` takes one made from its \
         name).\n\n\
         Example: `id: Pentest_2026`, or two attestations both named `SOC 2`.\n\n\
         Fix: write a plain id such as `pentest-2026`, or give one of the cards its own `id`.",
    ),
    error(
        "E386",
        "a document file that does not exist",
        "An entry of `public.documents:` names a `file` (relative to `static/`) that is not \
         there.\n\n\
         Example: `file: documents/pentest-2026.pdf` before the summary was added.\n\n\
         Fix: add the file under `static/`, or correct the path. A file of an `access: nda` \
         document is copied to the internal and auditor builds only, never to the public \
         trust center.",
    ),
    error(
        "E387",
        "a document address that is not a web address, or both a file and an address",
        "An entry of `public.documents:` gives a `url` that does not start with `https://` or \
         `http://`, or gives both `file` and `url`, so the card could not say where the \
         document is.\n\n\
         Example: `url: www.example.com/letter.pdf`.\n\n\
         Fix: write the full address, or keep only `file` (published with the portal) or \
         only `url` (published elsewhere).",
    ),
    error(
        "E388",
        "a document without a date or period",
        "An entry of `public.documents:` has neither `date` (the day it was issued) nor \
         `period` (what it covers). Customers judge a document by its date, and the card \
         shows it.\n\n\
         Example: a penetration-test summary with only `title`, `type` and `access`.\n\n\
         Fix: add `date: 2026-08-14` or `period: { start: 2026-07-01, end: 2026-07-31 }`.",
    ),
    error(
        "E389",
        "a document period that ends before it starts",
        "An entry of `public.documents:` has a `period` whose `end` is before its \
         `start`.\n\n\
         Example: `period: { start: 2026-09-30, end: 2025-10-01 }`.\n\n\
         Fix: swap or correct the dates.",
    ),
    error(
        "E401",
        "likelihood or impact outside the scale",
        "A risk's likelihood or impact (inherent or residual) must lie in `1..scale`, where the \
         scale is `risk.scale` in `portal.yaml`.\n\n\
         Example: `impact: 6` on a 5-point scale.\n\n\
         Fix: use a value on the scale.",
    ),
    error(
        "E402",
        "residual higher than inherent",
        "A risk's residual score (after treatment) is higher than its inherent score; controls \
         do not make a risk worse.\n\n\
         Example: `likelihood: 2, impact: 3` with `residual: {likelihood: 3, impact: 3}`.\n\n\
         Fix: correct the scores.",
    ),
    error(
        "E403",
        "unknown risk category",
        "A risk's `category` is not one of the categories `portal.yaml` lists.\n\n\
         Example: `category: privcy`.\n\n\
         Fix: use a listed category, or add it to `portal.yaml`.",
    ),
    error(
        "E404",
        "an accepted risk without `acceptance`",
        "A risk with `treatment: accept` must record who accepted it and until when.\n\n\
         Example: `treatment: accept` and no `acceptance:`.\n\n\
         Fix: add `acceptance: {by, date, expires}`.",
    ),
    error(
        "E405",
        "evidence that expires before it was collected",
        "An evidence record's `expires` is earlier than its `collected` date.\n\n\
         Example: `collected: 2026-03-01`, `expires: 2025-03-01`.\n\n\
         Fix: correct one of the dates.",
    ),
    error(
        "E406",
        "risk levels that do not cover the scale",
        "The `risk.levels` in `portal.yaml` must cover every score from 1 to scale x scale.\n\n\
         Example: levels up to 20 on a 5-point scale (scores reach 25).\n\n\
         Fix: give the last level a `max` of at least scale x scale.",
    ),
    error(
        "E407",
        "an interval that does not parse",
        "An interval (`review_interval`, `valid_for`, `reviews.*`, `evidence.*`) that is not \
         one Tracemark reads.\n\n\
         Example: `review_interval: every year`.\n\n\
         Fix: write `monthly`, `quarterly`, `semiannual`, `annual` or a number of days such \
         as `90d`.",
    ),
    error(
        "E409",
        "a URL with a scheme that is not allowed",
        "An evidence `url` must be `https://`, `http://` or `mailto:`; a subprocessor `website` \
         `https://` or `http://`. Other schemes (`javascript:`, `file:`) are refused.\n\n\
         Example: `url: file:///srv/reports/q3.pdf`.\n\n\
         Fix: link a web address, or attach the file with `file:` instead.",
    ),
    error(
        "E501",
        "a second Statement of Applicability entry for a control",
        "Each control of an in-scope framework has one Statement of Applicability entry.\n\n\
         Example: `iso42001:A.6.2.4` listed in two SoA files.\n\n\
         Fix: merge the two entries into one.",
    ),
    error(
        "E502",
        "an in-scope control without a Statement of Applicability entry",
        "Every control of an in-scope framework needs an entry saying whether it applies and \
         why.\n\n\
         Example: `soc2` added to `frameworks` without SoA entries for its criteria.\n\n\
         Fix: run `tracemark soa --add-missing` to append entries marked `assessed: false`, \
         then decide each one.",
    ),
    error(
        "E503",
        "a Statement of Applicability entry without justification",
        "Every entry, applicable or not, must say why.\n\n\
         Example: `- ref: iso42001:A.10.3` with `applicable: false` and no `justification`.\n\n\
         Fix: add `justification:`.",
    ),
    error(
        "E504",
        "an excluded control that policies or risks rely on",
        "A control marked `applicable: false` in the Statement of Applicability is named by a \
         policy or a risk as one that treats it.\n\n\
         Example: a risk with `controls: [iso42001:A.7.4]` while A.7.4 is excluded.\n\n\
         Fix: include the control, or stop relying on it.",
    ),
    error(
        "E505",
        "an entry that excludes a management-system requirement",
        "Clauses 4-10 of a management-system standard (ISO/IEC 42001, ISO/IEC 27001) always \
         apply and cannot be excluded by a Statement of Applicability entry.\n\n\
         Example: `- ref: iso42001:9.2` with `applicable: false`.\n\n\
         Fix: remove the entry: requirements need no SoA entry.",
    ),
    error(
        "E506",
        "`soa --add-missing` cannot edit the file's shape",
        "`soa --add-missing` edits only a block `controls:` list (or an empty `controls: []`); \
         it refuses a flow list with entries, JSON, several documents, or a file ending in \
         `...`, at its line, and leaves the file untouched. The message says how to convert it.\n\n\
         Example: `controls: [{ref: A.5.2, applicable: true, justification: x}]`.\n\n\
         Fix: convert the list to block style (one `- ref:` entry per item), then run it again.",
    ),
    error(
        "E600",
        "a template failed to compile or render",
        "A Tera template failed; for an override, the error is at `templates/<name>:line:col` \
         and lists the variables the template's context has.\n\n\
         Example: an override of `policy.html` that uses `{{ policy.name }}`, which does not \
         exist.\n\n\
         Fix: correct the template (use a variable the message lists), or remove the override.",
    ),
    error(
        "E700",
        "the leak gate found a hidden item's id or file name in an output",
        "Every file a build writes is scanned for the ids, file names and page URLs of items \
         its audience may not see; this one was found (the output is named in the message), and \
         nothing was written. The error is at the item's source.\n\n\
         Example: a template override that prints every policy id, in the public build.\n\n\
         Fix: stop the output from carrying the item (often a template override), or change the \
         item's `visibility` if it is meant to be seen.",
    ),
    error(
        "E900",
        "a built-in catalog is broken",
        "A catalog compiled into Tracemark cannot be read. This is a bug in Tracemark, not in \
         your portal.\n\n\
         Example: a release built from a catalog with a syntax error.\n\n\
         Fix: report it, with the message, to the Tracemark maintainers.",
    ),
    warning(
        "W006",
        "an output path too long for Windows in a zip",
        "A path inside the zip of the build (`handbook/...`) longer than 260 characters: \
         Windows cannot unzip it.\n\n\
         Example: pages nested 40 folders deep with long names.\n\n\
         Fix: shorten the folder or file names of the source named.",
    ),
    warning(
        "W210",
        "a crosswalk names a control its catalog does not have",
        "A crosswalk maps a control that the catalog on that side does not have; the mapping is \
         left out.\n\n\
         Example: a crosswalk to `iso27001:A.5.40` where the catalog stops at A.5.37.\n\n\
         Fix: correct the control id in the crosswalk.",
    ),
    warning(
        "W211",
        "part of an OSCAL catalog that Tracemark does not read",
        "A key outside the OSCAL catalog model, a part without a name, or a parameter the text \
         inserts but the catalog does not define, at its line. The rest of the catalog is used.\n\n\
         Example: a part with no `name`, shown as a plain part.\n\n\
         Fix: correct the catalog, or ignore the warning if the part is not needed.",
    ),
    warning(
        "W301",
        "expired evidence",
        "An evidence record whose validity (`expires`, `valid_for` or \
         `evidence.default_validity`) ended before `--today`. It no longer counts as valid \
         evidence for its controls.\n\n\
         Example: an access review collected 14 months ago, valid for 12.\n\n\
         Fix: collect it again and update `collected`.",
    ),
    warning(
        "W302",
        "an overdue review",
        "A policy, system or risk whose next review (`next_review`, or `last_review` plus \
         its interval) was due before `--today`.\n\n\
         Example: `last_review: 2025-01-10` with `review_interval: 12 months`.\n\n\
         Fix: review the item and update `last_review`.",
    ),
    warning(
        "W303",
        "an approved policy links to a draft one",
        "An approved policy relies on a policy that is still a draft.\n\n\
         Example: `status: approved` linking `[[POL-DRAFT]]`.\n\n\
         Fix: approve the draft, or remove the link.",
    ),
    warning(
        "W304",
        "an applicable control without valid evidence",
        "An applicable control of an in-scope framework that no valid (unexpired) evidence \
         record supports.\n\n\
         Example: `iso42001:A.6.2.4` applicable, its only evidence expired.\n\n\
         Fix: add an evidence record with `controls: [the control]`.",
    ),
    warning(
        "W305",
        "a risk above appetite",
        "A risk whose residual score is above `risk.appetite` in `portal.yaml` and that has no \
         acceptance in force: none, one dated after `--today` (W330), one that expired (W308). \
         An `acceptance` counts under any treatment, when it is by the body \
         `risk.acceptance_by` names for it (`above_appetite`, else the risk's level); the help \
         names that body. A risk accepted by someone else is W334 instead.\n\n\
         Example: residual 4 x 4 = 16 with an appetite of 12, and no `acceptance`.\n\n\
         Fix: treat the risk further, or record its acceptance by the named body \
         (`acceptance: { by: Executive Committee, date: 2026-11-12 }`).",
    ),
    warning(
        "W306",
        "a risk no control treats",
        "A risk that is not closed and names no control under `controls:`.\n\n\
         Example: a new risk with `treatment: mitigate` and no `controls:`.\n\n\
         Fix: name the controls that treat it under `controls:` (or close the risk).",
    ),
    warning(
        "W307",
        "a reference to an item the audience's build does not show",
        "An item this audience sees refers to one it may not see (answers and subprocessors \
         included): the build leaves the reference out, or writes the item's `public_label:` \
         in running text (W380-W382 name each sentence that loses one). Reported by \
         `check --audience public` (and for confidential items in the internal build).\n\n\
         Example: a public policy citing `[[RSK-7]]`, an internal risk.\n\n\
         Fix: nothing if that is intended; else make the target visible or drop the reference.",
    ),
    warning(
        "W308",
        "a risk acceptance that has expired",
        "The `acceptance` of an accepted risk expired before `--today`.\n\n\
         Example: `acceptance: {by: CEO, expires: 2026-06-30}`.\n\n\
         Fix: renew the acceptance or treat the risk.",
    ),
    warning(
        "W309",
        "a file under `content/` that nothing reads",
        "A file in a place Tracemark does not read: usually a misspelt folder or extension. \
         Files beside pages are read as their images and attachments.\n\n\
         Example: `content/risk/ai.yaml` (for `content/risks/`), or `policy.markdown`.\n\n\
         Fix: move or rename the file, or remove it.",
    ),
    warning(
        "W310",
        "a tag in raw HTML that is not an HTML element",
        "A tag in Markdown's raw HTML that is no HTML element, typically a placeholder left \
         from a template; it is shown as text.\n\n\
         Example: `Contact <Company Name> security`.\n\n\
         Fix: fill in the placeholder, or write it as `&lt;Company Name&gt;`.",
    ),
    warning(
        "W311",
        "a high-risk system without its legal basis",
        "A system whose `risk_class` is high-risk names no EU AI Act Annex III point or Annex I \
         section in `high_risk_basis`.\n\n\
         Example: a recruitment-screening system with `risk_class: high` and no basis.\n\n\
         Fix: add `high_risk_basis: [eu-ai-act:AnnexIII.4.a]` (the point that applies).",
    ),
    warning(
        "W312",
        "a management-system requirement without valid evidence",
        "A requirement (clause 4-10) of an in-scope management-system standard that no valid \
         evidence supports; it is a gap on the framework page.\n\n\
         Example: `iso42001:9.2.2` (internal audit programme) with no audit report recorded. \
         Evidence cited against a clause (`iso42001:9.2`) counts for each of its sub-clauses; \
         the clause itself is no gap of its own.\n\n\
         Fix: add an evidence record citing the clause.",
    ),
    warning(
        "W313",
        "an unknown page field that looks like a misspelling",
        "An unknown front-matter field of a free page is kept for templates (`page.extra`), \
         but one that is a near miss of a known field is probably a typo.\n\n\
         Example: `titel: Onboarding`.\n\n\
         Fix: correct the field's name.",
    ),
    warning(
        "W314",
        "a link's `#fragment` names no heading or anchor",
        "A link's `#fragment` names no heading or anchor of the page it leads to (GitHub and \
         Docusaurus heading slugs are understood).\n\n\
         Example: `[scope](policy.md#scop)`.\n\n\
         Fix: correct the fragment, or the heading it should find.",
    ),
    warning(
        "W315",
        "a Statement of Applicability entry not assessed yet",
        "An entry marked `assessed: false` (written by `init --blank` and `soa --add-missing`): \
         a gap until decided; no evidence is asked of it yet.\n\n\
         Example: every entry of a portal just made with `init --blank`.\n\n\
         Fix: decide `applicable`, write the `justification`, and remove `assessed: false`.",
    ),
    warning(
        "W320",
        "a value outside an open vocabulary",
        "A value outside the usual list of an open vocabulary (evidence `kind`, system \
         `impact_level`); it is kept, with \"did you mean\".\n\n\
         Example: `kind: reprot`.\n\n\
         Fix: use the suggested value, or keep yours if it is meant.",
    ),
    warning(
        "W330",
        "a record dated after `--today`",
        "A record states something in its past (evidence `collected`, a `last_review`, a \
         policy's `effective` date or `history` entry, a risk's `identified` date or \
         `acceptance.date`, the Statement of Applicability's `approved` date or `history`, an \
         attestation's `issued` date, an announcement's `date`) on a day after `--today`, the \
         day the portal's data is as of. As of that day it has not happened, so the record \
         does not count: its evidence is `future`, not valid for any control; a review after \
         today is no review; a policy or Statement of Applicability is not yet approved or in \
         force; an acceptance is not in force; an announcement is not published. Dates that look ahead (`expires`, \
         `next_review`, `acceptance.expires`, periods, a subprocessor's `since`) are never \
         judged.\n\n\
         Example: `collected: 2026-11-20` in a build with `--today 2026-10-12`.\n\n\
         Fix: correct the date, or build with a `--today` on or after it.",
    ),
    warning(
        "W331",
        "a document changed after its latest approval",
        "Git shows a commit, later than the document's latest approval (the newest `history:` \
         entry or the `effective` date, whichever is later), that changed its text after the \
         front matter. The text in force is then not the text approved (ISO/IEC 42001 and \
         27001, 7.5.3). The commit that added the file does not count, nor does one that \
         changed only the front matter (the commit that records the approval). The document's \
         page says \"changed since approval\" (internal and auditor builds).\n\n\
         Example: `history:` ends with version 3.1 of 2025-12-04, and commit `1a2b3c4` of \
         2026-06-02 rewrote a section.\n\n\
         Fix: approve the changed text and record it (a new `history:` entry, `version` and \
         `effective`), or revert the change.",
    ),
    warning(
        "W332",
        "an AI system changed since its last assessment",
        "Git shows a commit, later than the AI system's latest assessment, that changed a field \
         of its record calling for reassessment (ISO/IEC 42001 practice: new deployments, model \
         retraining, data changes): `models`, `data`, `vendors`, `lifecycle`, `scope`, `users` \
         or `affected`. The latest assessment is the latest of the system's `last_review`, the \
         approval (newest `history:` entry or `effective`) or `last_review` of an impact \
         assessment naming it (not a draft), and the `last_review` of its risks. The commit that \
         added the system does not count, nor does one that changed other fields (`owner`, \
         `description`). The system's page, the gaps page and the reviews page show it \
         (internal and auditor builds). Risks and evidence edited after their `last_review` are \
         not flagged: their reviews are dated on purpose.\n\n\
         Example: `last_review: 2026-07-14`, and commit `1a2b3c4` of 2026-09-02 changed `models` \
         from `ranker v3.4` to `ranker v3.5`.\n\n\
         Fix: reassess the system (its impact assessment and risks) and record the review, or \
         revert the change.",
    ),
    warning(
        "W333",
        "a high-risk AI system without an impact assessment",
        "An AI system whose `risk_class` is high-risk (EU AI Act) that no impact assessment in \
         force covers: no document of `kind: impact-assessment` with `status: approved` whose \
         `systems:` names it (ISO/IEC 42001 6.1.4 and A.5; the EU AI Act's risk management and, \
         for some deployers, Art. 27). A draft, a retired assessment or one dated after \
         `--today` (W330) is not in force; the message names them. Reported at the system's \
         `risk_class`.\n\n\
         Example: `SYS-LOAN` with `risk_class: high-risk` and `IA-LOAN` still `status: draft`, \
         or no assessment naming `SYS-LOAN` at all.\n\n\
         Fix: assess the system and approve the assessment (a document with `kind: \
         impact-assessment`, `status: approved` and `systems: [SYS-LOAN]`), or correct the \
         system's `risk_class`.",
    ),
    warning(
        "W334",
        "a risk accepted by someone the method does not allow",
        "A risk (not closed) whose `acceptance.by` is not the body `risk.acceptance_by` in \
         `portal.yaml` names for it: the body for `above_appetite` when its residual (inherent, \
         unrated) score is above the appetite, else the body for its level. `risk owner` there \
         means the risk's own `owner`. Names match whatever their letter case and spacing. A \
         risk above the appetite with no acceptance in force at all is W305, which then names \
         the body that must accept it; one accepted by the wrong body is this warning alone, \
         naming both, and does not count as accepted (nor on the gaps page). An acceptance may \
         be recorded under any treatment.\n\n\
         Example: `acceptance_by: { above_appetite: Executive Committee }` and a risk with \
         residual 12, above the appetite of 9, whose `acceptance: { by: AI Risk Committee, \
         date: 2026-10-27 }`.\n\n\
         Fix: record the acceptance by the named body (`acceptance.by`, `acceptance.date`), or \
         change `risk.acceptance_by` if the method changed.",
    ),
    warning(
        "W345",
        "a high-risk AI system with Annex IV points nothing covers",
        "An AI system whose `risk_class` is high-risk names, in `technical_documentation:`, no \
         document or evidence record for one or more of the nine points of EU AI Act Annex IV \
         (Art. 11(1)). The message lists the points; each is a gap on the gaps page and on the \
         system's `technical-documentation/<ID>.html` page.\n\n\
         Example: `technical_documentation: { 1: [IA-HIRE], 2: [EV-001] }`, with points 3 to 9 \
         not named.\n\n\
         Fix: name what covers each point (`7: [EV-014]`: a policy, impact assessment, page or \
         evidence record id), or write the missing document.",
    ),
    warning(
        "W346",
        "a CUEC in a Statement of Applicability",
        "An applicability entry names a complementary user entity control (`cuec:`), but its \
         framework has a Statement of Applicability (ISO), not a scope: CUECs are a SOC 2 \
         notion, and the Statement of Applicability does not show them.\n\n\
         Example: `- ref: iso42001:A.10.3` with `cuec: Customers vet their own suppliers`.\n\n\
         Fix: remove `cuec:` and say in the `justification` what customers do.",
    ),
    warning(
        "W350",
        "a planned audit past its due date, not done",
        "An audit programme plans an audit (`planned:`) whose `due` date has passed, and no \
         completed audit record stands for it: no `audit:` names one, or the audit it names is \
         still planned, in progress, cancelled, or completed only after `--today`. ISO/IEC \
         42001 and 27001 9.2.2 ask for the programme to be carried out as planned.\n\n\
         Example: `planned: [{title: Clauses 4-10, due: 2025-06-30}]` with no audit record.\n\n\
         Fix: record the audit and name it with `audit:`, or re-plan it with a new `due` and \
         say why in the programme's description.",
    ),
    warning(
        "W351",
        "an audit nonconformity without a corrective action record",
        "A major or minor nonconformity finding of a completed audit is not the `source` of \
         any nonconformity record, so nothing shows its correction, root cause, corrective \
         actions and their effectiveness (ISO/IEC 42001 10.2). The gaps page lists it.\n\n\
         Example: finding `IA-2025-04-02` (`type: minor`) and no nonconformity with \
         `source: IA-2025-04-02`.\n\n\
         Fix: add a nonconformity under `content/nonconformities/` with `source:` naming the \
         finding.",
    ),
    warning(
        "W352",
        "a corrective action past its due date",
        "A nonconformity's action has a `due` date before `--today` and no `done` date on or \
         before today (a `done` date after today does not count). The gaps page lists the \
         nonconformity.\n\n\
         Example: `actions: [{action: Monthly privileged access review, due: 2026-10-31}]` in \
         a build with `--today 2026-11-28`.\n\n\
         Fix: record `done:` when it is done, or agree a new `due` date and say why.",
    ),
    warning(
        "W353",
        "a nonconformity closed without a verified effective correction",
        "A nonconformity says `status: closed`, but no effectiveness check found its actions \
         effective on or before `--today`: `effectiveness` is missing, its `result` is \
         `not-effective`, or its date is after today (ISO/IEC 42001 10.2 d). The gaps page \
         lists it.\n\n\
         Example: `status: closed` with no `effectiveness:`.\n\n\
         Fix: record the check (`effectiveness: {date, result: effective, by}`), or keep \
         `status: resolved` until it is done.",
    ),
    warning(
        "W354",
        "a nonconformity resolved or closed with an action not done",
        "A nonconformity says `status: resolved` or `closed`, but one of its actions has no \
         `done` date on or before `--today`.\n\n\
         Example: `status: closed` and an action with `due: 2026-03-31` and no `done`.\n\n\
         Fix: record the action's `done` date, or set `status: open`.",
    ),
    warning(
        "W355",
        "an open major nonconformity",
        "A major nonconformity (its `severity`, or the type of the finding it was raised from) \
         is not closed as of `--today`. A certification body does not certify with an open \
         major nonconformity; the dashboard and the gaps page show it.\n\n\
         Example: `severity: major`, `status: open`.\n\n\
         Fix: carry out the corrective actions, verify their effectiveness and close it.",
    ),
    warning(
        "W356",
        "an audit that does not state its auditor's independence",
        "An audit in progress or completed has no `independence:` statement. ISO/IEC 42001 \
         and 27001 9.2.2 c ask that auditors be selected to ensure the objectivity and \
         impartiality of the audit, and an auditor samples that statement.\n\n\
         Example: `auditor: Internal Audit Lead` and no `independence`.\n\n\
         Fix: add `independence:` (whom the auditor reports to, and that they have no role in \
         what they audit).",
    ),
    warning(
        "W357",
        "effectiveness checked before the corrective actions were done",
        "A nonconformity's `effectiveness.date` is earlier than the latest `done` date of its \
         actions: the check judged actions not yet in place.\n\n\
         Example: `effectiveness: {date: 2026-02-01, ...}` and an action `done: 2026-03-12`.\n\n\
         Fix: check the effectiveness again after the last action and record that date.",
    ),
    warning(
        "W360",
        "a management review missing an input its frameworks require",
        "A management review (`content/management-reviews/*.yaml`) does not record an input \
         that a framework in scope (`frameworks:` in `portal.yaml`) requires in 9.3.2. For \
         ISO/IEC 42001: `previous_actions` (a), `context_changes` (b), `interested_parties` \
         (c), `nonconformities`, `measurement_results` and `audit_results` (d) and \
         `improvement_opportunities` (e); ISO/IEC 27001 also asks for `objectives` (d), \
         `interested_party_feedback` (e) and `risk_assessment_results` (f). The warning names \
         the item, and the review is a gap (\"Management reviews missing required inputs\"); \
         its page marks the input missing.\n\n\
         Example: minutes that do not say what became of the previous review's actions.\n\n\
         Fix: add the input under `inputs:` with a `summary` and the records it `reviewed`; \
         if the review did not cover it, leave it out (the warning is then the truth) and cover \
         it in the next review.",
    ),
    warning(
        "W361",
        "no management review within the planned interval",
        "The latest management review (not counting one dated after `--today`) is older than \
         `reviews.default_interval` of `portal.yaml` (a year by default): the top management \
         reviews the management system at planned intervals (9.3.1).\n\n\
         Example: the latest review met on 2025-10-02, and the portal is built with `--today \
         2026-11-28`.\n\n\
         Fix: hold the review and record it under `content/management-reviews/`.",
    ),
    warning(
        "W362",
        "a management review action past its due date",
        "An action of a management review's outputs (`outputs.actions`) has a `due` date \
         before `--today` and no `done` date on or before it. The review is a gap (\"Corrective \
         and review actions past their due date\").\n\n\
         Example: `{ action: Make AI training a condition for production access, due: \
         2026-06-30 }` with no `done:`.\n\n\
         Fix: record `done:` when it was done, or agree a new `due:` (and say why in the next \
         review).",
    ),
    warning(
        "W363",
        "an objective off track",
        "An objective (`content/objectives.yaml`) is off track as of `--today`: its latest \
         measurement misses the target and either the target's `by` date has passed, or the \
         last two measurements do not move toward the target (or there is only one). It is \
         on track when the latest measurement meets the target, or when the last two move \
         toward it before `by`; without a measurement it is \"not measured\", which is no \
         warning. Measurements dated after `--today` do not count (W330).\n\n\
         Example: target `at-least 95 %` by 2026-12-31, measurements 93 % then 91 %.\n\n\
         Fix: act to bring it back on track (a nonconformity or a review action), or revise \
         the target in the management review.",
    ),
    warning(
        "W370",
        "a serious incident not reported yet, with its Art. 73 deadline ahead",
        "An incident marked `serious: true` has no `notified` date, and its Art. 73 deadline \
         (see E260) has not passed as of `--today`. The message says when it is due; once the \
         day has passed it is an error (E260).\n\n\
         Example: `serious: true`, `aware: 2026-11-20`, built with `--today 2026-11-28` (due \
         2026-12-05).\n\n\
         Fix: report it and record the date in `notified`.",
    ),
    warning(
        "W371",
        "a personal-data breach not notified yet, within its 72 hours",
        "An incident marked `personal_data_breach: true`, with no `not_notifiable` reason, has \
         no breach notice yet, and its 72 hours from awareness (GDPR Art. 33) have not passed \
         as of `--today`. The message says when it is due; after that it is an error \
         (E261).\n\n\
         Example: `personal_data_breach: true`, `aware: 2026-11-27T16:00Z`, built with \
         `--today 2026-11-28`.\n\n\
         Fix: notify and record it in `breach_notified`, or say in `not_notifiable` why no \
         notice is due.",
    ),
    warning(
        "W372",
        "a `limb` on an incident that is not serious",
        "An incident names a limb of the serious-incident definition (EU AI Act Art. 3(49)) \
         other than `other`, but is not marked `serious: true`, so no Art. 73 deadline is \
         checked.\n\n\
         Example: `limb: death` without `serious: true`.\n\n\
         Fix: set `serious: true` if it is a serious incident, or remove `limb`.",
    ),
    warning(
        "W373",
        "an incident's dates out of order",
        "An incident's `aware` date is before its `detected` date, or a notice (`notified`, \
         `breach_notified`) is dated before the provider became aware of it. The deadlines \
         run from `aware`, so a wrong date moves them.\n\n\
         Example: `detected: 2026-10-05`, `aware: 2026-10-01`.\n\n\
         Fix: correct the dates.",
    ),
    warning(
        "W374",
        "an incident field that says nothing for this incident",
        "`breach_notified` on an incident not marked `personal_data_breach: true`, or a \
         `not_notifiable` reason on a serious incident that is not a breach: Art. 73 has no \
         exemption, so the reason does not excuse the report.\n\n\
         Example: `serious: true` and `not_notifiable: no harm done`.\n\n\
         Fix: mark the breach, or, if the incident is not serious, set `serious: false` and \
         keep the reason.",
    ),
    warning(
        "W380",
        "a hidden item left out of a list or a title in the public edition",
        "A text the public edition shows names an item it does not show, in a list, a \
         parenthesis or a phrase such as a title (`Governance [[RSK-7]]` reads `Governance`). The item has no `public_label:`, so the public edition leaves it out \
         with its separator (and a parenthesis with nothing else in it goes too): no \
         placeholder is written in its place.\n\n\
         Example: `(CC7.4 Incident response, [[POL-SEC-003]], [[EV-010]])` in a public answer, \
         where the policy and the evidence are internal: customers read `(CC7.4 Incident \
         response)`.\n\n\
         Fix: nothing if that reads well; else give the item a `public_label:` (words customers \
         may read, e.g. `incident response plan (available on request)`), or make it public.",
    ),
    warning(
        "W381",
        "a sentence left out of the public edition",
        "A sentence the public edition shows rests on an item it does not show (not in a \
         list: \"Details are in our [[POL-SEC-002]], available on request.\"). The item has no \
         `public_label:`, so the whole sentence is left out of the public edition rather than \
         shown broken.\n\n\
         Example: `See also the [[POL-X]] and our [[POL-Y]].` with both internal.\n\n\
         Fix: give the item a `public_label:` so the sentence can stay, make the item public, \
         or reword the sentence.",
    ),
    warning(
        "W382",
        "a field emptied in the public edition",
        "A field that holds nothing but the id of an item the public edition does not show \
         (`source: IA-1-01`) is left empty there, as the item has no `public_label:`.\n\n\
         Example: an evidence record whose `source:` names an internal impact assessment.\n\n\
         Fix: give the item a `public_label:`, or make it public.",
    ),
    warning(
        "W385",
        "a public document with nothing to read",
        "An entry of `public.documents:` is `access: public` but has neither `file` nor \
         `url`, so its card on `documents.html` offers nothing to open.\n\n\
         Example: `access: public` on a status letter whose PDF was never added.\n\n\
         Fix: give `file` (under `static/`) or `url`, or make it `access: nda` so customers \
         request it.",
    ),
    warning(
        "W386",
        "an address on an NDA document",
        "An entry of `public.documents:` is `access: nda` and gives a `url`. NDA documents \
         are requested, not linked, so the trust center does not show the address.\n\n\
         Example: `access: nda` with `url: https://files.example.com/pentest.pdf`.\n\n\
         Fix: remove `url`, or make the document `access: public` if anyone may read it.",
    ),
    warning(
        "W700",
        "the leak gate found a hidden item's title in an output",
        "The title of an item the audience may not see appears in an output file. A title can \
         be ordinary words, so this is a warning, not an error.\n\n\
         Example: a confidential policy titled `Incident response`, words a public page also \
         uses.\n\n\
         Fix: check the output named; if the words are not about the item, ignore it.",
    ),
    note(
        "N101",
        "checks skipped because a file could not be parsed",
        "A file that cannot be parsed (E101, E106, E002) stops the checks that depend on it; \
         this note, printed after the errors, says how many were skipped. It is a note, not a \
         diagnostic: it never fails a build, its code is not printed, and it is not in \
         `--format json`.\n\n\
         Example: `note: content/risks/a.yaml: 3 checks that depend on it were skipped`.\n\n\
         Fix: fix the syntax error first, then check again.",
    ),
    note(
        "N102",
        "no history from git",
        "The portal root is inside a git work tree but git could not be read (it failed, or \
         printed what Tracemark does not understand), so the pages show the front-matter \
         `history:` only; the message says why. A note never fails a build.\n\n\
         Example: `note: no history from git: `git log` failed: fatal: detected dubious \
         ownership in repository`.\n\n\
         Fix: make the repository readable to the user running Tracemark (for the example, \
         `git config --global --add safe.directory PATH`), or set `git_history: false` in \
         `portal.yaml`.",
    ),
];

/// The entry for `code`, in any letter case.
pub fn lookup(code: &str) -> Option<&'static Code> {
    let code = code.trim();
    CODES.iter().find(|c| c.code.eq_ignore_ascii_case(code))
}

fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// What `tracemark explain` prints: with a code, its title and explanation; without, every
/// code with its title. An unknown code is an error naming the closest known one.
pub fn explain(code: Option<&str>) -> Result<String, String> {
    let Some(code) = code else {
        let mut out = String::new();
        for c in CODES {
            out.push_str(&format!(
                "{}  {:<7}  {}\n",
                c.code,
                severity_name(c.severity),
                c.title
            ));
        }
        out.push_str("\n`tracemark explain CODE` explains one.\n");
        return Ok(out);
    };
    match lookup(code) {
        Some(c) => Ok(format!(
            "{} ({}): {}\n\n{}\n",
            c.code,
            severity_name(c.severity),
            c.title,
            c.explanation
        )),
        None => {
            let wanted = code.trim().to_ascii_uppercase();
            let hint = match super::closest(&wanted, CODES.iter().map(|c| c.code)) {
                Some(near) => format!("did you mean `{near}`?"),
                None => "`tracemark explain` lists every code".to_string(),
            };
            Err(format!("unknown diagnostic code `{}`; {hint}", code.trim()))
        }
    }
}

/// The Markdown table of every code (with an explanation section per code) that
/// `docs/guide/diagnostics.md` holds between its marker comments.
pub fn markdown() -> String {
    let mut out = String::from("| code | severity | meaning |\n|---|---|---|\n");
    for c in CODES {
        out.push_str(&format!(
            "| [{}](#{}) | {} | {} |\n",
            c.code,
            c.code.to_ascii_lowercase(),
            severity_name(c.severity),
            c.title.replace('|', "\\|")
        ));
    }
    for c in CODES {
        out.push_str(&format!(
            "\n### {}\n\n**{}** ({}).\n\n{}\n",
            c.code,
            c.title,
            severity_name(c.severity),
            c.explanation
        ));
    }
    out
}

/// The marker comments around the generated part of `docs/guide/diagnostics.md`.
pub const BEGIN: &str = "<!-- diagnostics:begin (generated from src/diagnostics/registry.rs; TRACEMARK_BLESS=1 cargo test --lib rewrites it) -->";
/// See [`BEGIN`].
pub const END: &str = "<!-- diagnostics:end -->";

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use std::path::{Path, PathBuf};

    fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    /// Every `"E123"`-style string literal in a text.
    fn code_literals(text: &str) -> Vec<String> {
        let bytes = text.as_bytes();
        let mut found = Vec::new();
        for i in 0..bytes.len().saturating_sub(5) {
            let w = &bytes[i..i + 6];
            if w[0] == b'"'
                && matches!(w[1], b'E' | b'W' | b'N')
                && w[2..5].iter().all(u8::is_ascii_digit)
                && w[5] == b'"'
            {
                found.push(String::from_utf8_lossy(&w[1..5]).into_owned());
            }
        }
        found
    }

    #[test]
    fn every_code_used_in_src_is_registered_and_every_registered_code_is_used() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        rust_files(&src, &mut files);
        let this = Path::new(file!()).file_name().unwrap();
        let mut used = BTreeSet::new();
        for file in files {
            // This file lists every code; it proves nothing about their use.
            if file.ends_with(Path::new("diagnostics").join(this)) {
                continue;
            }
            let text = std::fs::read_to_string(&file).unwrap();
            used.extend(code_literals(&text));
        }
        let registered: BTreeSet<String> = CODES.iter().map(|c| c.code.to_string()).collect();
        let missing: Vec<&String> = used.difference(&registered).collect();
        assert!(
            missing.is_empty(),
            "codes used in src/ but not in the registry: {missing:?}"
        );
        let unused: Vec<&String> = registered.difference(&used).collect();
        assert!(
            unused.is_empty(),
            "codes in the registry that src/ never uses: {unused:?}"
        );
    }

    #[test]
    fn codes_are_unique_ordered_and_match_their_severity() {
        let mut seen = BTreeSet::new();
        for c in CODES {
            assert!(seen.insert(c.code), "{} twice", c.code);
            let letter = match c.severity {
                Severity::Error => 'E',
                Severity::Warning => 'W',
                Severity::Note => 'N',
            };
            assert!(
                c.code.starts_with(letter),
                "{} is a {:?}",
                c.code,
                c.severity
            );
            assert!(!c.title.is_empty() && !c.title.contains('\n'), "{}", c.code);
            assert!(c.explanation.contains("Fix:"), "{} says how to fix", c.code);
        }
        let order: Vec<(Severity, &str)> = CODES.iter().map(|c| (c.severity, c.code)).collect();
        let mut sorted = order.clone();
        sorted.sort();
        assert_eq!(order, sorted, "the registry is in severity then code order");
    }

    #[test]
    fn the_guide_holds_the_table_generated_from_the_registry() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/guide/diagnostics.md");
        let text = std::fs::read_to_string(&path).unwrap();
        let start = text.find(BEGIN).expect("the begin marker") + BEGIN.len();
        let end = text.find(END).expect("the end marker");
        let wanted = format!("\n{}\n", markdown());
        if std::env::var_os("TRACEMARK_BLESS").is_some() {
            let updated = format!("{}{wanted}{}", &text[..start], &text[end..]);
            std::fs::write(&path, updated).unwrap();
            return;
        }
        assert!(
            text[start..end] == wanted,
            "docs/guide/diagnostics.md's table differs from the registry; \
             run `TRACEMARK_BLESS=1 cargo test --lib` to rewrite it"
        );
    }

    #[test]
    fn explain_prints_a_code_lists_all_and_suggests_the_closest() {
        let first = &CODES[0];
        let text = explain(Some(&first.code.to_lowercase())).unwrap();
        assert!(text.starts_with(&format!("{} (error): {}", first.code, first.title)));
        assert!(text.contains(first.explanation));
        let all = explain(None).unwrap();
        assert_eq!(
            all.lines().filter(|l| !l.is_empty()).count(),
            CODES.len() + 1
        );
        let wrong = format!("{}x", CODES[1].code);
        let err = explain(Some(&wrong)).unwrap_err();
        assert!(
            err.contains(&format!("did you mean `{}`", CODES[1].code)),
            "{err}"
        );
        let err = explain(Some("nonsense-code")).unwrap_err();
        assert!(
            err.contains("`tracemark explain` lists every code"),
            "{err}"
        );
    }
}
