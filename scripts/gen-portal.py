#!/usr/bin/env python3
"""Generate a deterministic, realistic portal for benchmarks.

    gen-portal.py DIR N                       N policies, N risks, N evidence records
    gen-portal.py DIR --policies P --risks R --evidence E [--records K] [--hugo HUGO_DIR] [--git]

Policies are Markdown with headings, lists, a table, one or two fenced code blocks, `[[ID]]`
links and relative `.md` links, spread over folders, with a version `history:`; each names 2
to 8 controls (so a policy page reaches every risk behind them, as real policies do). Risks are
split over several register files, evidence records carry small artifact files (and some
evidence the management-system clauses), systems are N/100, and the Statement of Applicability
has an entry for every control of iso42001 and soc2 (taken from the built-in example). The
records an auditor samples come in a realistic share of the registers (K = max(risks, policies)
unless --records says): K/200 internal audits with three findings each under a programme per
year, a nonconformity for every major or minor finding (the majors closed, verified effective)
and for one incident in five, K/5000 management reviews with every required input, K/100
objectives with measurements, K/100 incidents. A third of the items are public, a few
confidential, the rest internal, so each audience builds a different portal. With --hugo, the
same policy Markdown is also written as a Hugo site, for a side-by-side comparison; with --git
the portal is a git repository with dated commits (history read from git, builds `--at` a
date), none after an approval. It passes `tracemark check` clean (at most the catalog notes).
The same arguments always give the same files.
"""
import argparse
import os
import random
import re
import shutil
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

WORDS = (
    "model data training bias fairness oversight human review approval risk control evidence "
    "incident response access owner vendor supplier retention deletion consent purpose lawful "
    "monitoring drift accuracy robustness security privacy transparency explainability record "
    "register assessment impact system lifecycle deployment release rollback threshold metric "
    "validation audit logging encryption key rotation backup recovery continuity change "
    "procedure standard guideline exception waiver quarterly annual sampling population"
).split()
LANGS = [
    ("yaml", "threshold:\n  selection_rate_ratio: 0.8\n  review: quarterly\nowners:\n  - governance\n  - security\n"),
    ("python", "def selection_rate(hired, applied):\n    if applied == 0:\n        return 0.0\n    return hired / applied\n\nprint(selection_rate(8, 40))\n"),
    ("bash", "#!/usr/bin/env bash\nset -euo pipefail\nfor model in ranker lend assist; do\n  echo \"checking $model\"\ndone\n"),
    ("json", "{\n  \"model\": \"ranker\",\n  \"version\": \"3.4\",\n  \"metrics\": {\"auc\": 0.91, \"ratio\": 0.83}\n}\n"),
    ("rust", "fn ratio(hired: u32, applied: u32) -> f64 {\n    if applied == 0 { return 0.0; }\n    f64::from(hired) / f64::from(applied)\n}\n"),
]
AREAS = ["governance", "security", "privacy", "lifecycle", "operations", "people", "suppliers", "legal"]
CATEGORIES = ["user-harm", "legal", "operational", "reputation"]


def sentence(rng, n=None):
    n = n or rng.randint(8, 18)
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def paragraph(rng):
    return " ".join(sentence(rng) for _ in range(rng.randint(2, 5)))


def visibility(i):
    return "public" if i % 3 == 0 else ("confidential" if i % 17 == 5 else "internal")


def target(source, candidate, n):
    """An index near `candidate` that the item `source` may reference without a W307 warning."""
    j = candidate % n
    if visibility(source) == "public" or visibility(j) == "confidential":
        j -= j % 3  # multiples of 3 are always public
    return j


def soa_refs():
    refs = []
    for name in sorted(os.listdir(os.path.join(REPO, "content", "controls"))):
        with open(os.path.join(REPO, "content", "controls", name)) as f:
            refs += [line.split("ref: ")[1].strip() for line in f if line.strip().startswith("- ref: ")]
    return refs


def requirement_refs():
    """The management-system clauses of iso42001 (catalog groups 4 to 10): they take evidence
    but no Statement of Applicability entry."""
    with open(os.path.join(REPO, "catalogs", "iso42001.yaml")) as f:
        return [f"iso42001:{m}" for m in re.findall(r'^\s+- \{ id: "([0-9][0-9.]*)"', f.read(), re.M)]


def policy_controls(p, applicable):
    """2 to 8 controls, spread so that every control is named by some policy."""
    return [applicable[(p * 5 + j * 11) % len(applicable)] for j in range(2 + p % 7)]


def policy_path(p):
    return f"{AREAS[p % len(AREAS)]}/p{p}.md"


def policy_body(rng, p, args, applicable):
    out = [f"# Policy {p}\n", paragraph(rng) + "\n"]
    for h in range(rng.randint(3, 5)):
        out.append(f"## Section {h + 1}: {rng.choice(WORDS)} {rng.choice(WORDS)}\n")
        out.append(paragraph(rng) + "\n")
        if h == 0 and args.risks:
            out.append(f"This section treats [[RSK-{target(p, p * 7, args.risks)}]] through [[{applicable[p % len(applicable)]}]].\n")
        if h == 1 and args.policies > 1:
            other = target(p, p + 1, args.policies)
            rel = os.path.relpath(policy_path(other), os.path.dirname(policy_path(p)))
            out.append(f"See also [policy {other}]({rel}) and [[POL-{target(p, p + 2, args.policies)}]].\n")
        if h == 1:
            out.append("".join(f"- {sentence(rng, 6)}\n" for _ in range(rng.randint(3, 6))))
        if h == 2:
            # One part: the blocks are joined by blank lines, which would end the table.
            rows = "".join(f"| {rng.choice(WORDS)} | {rng.choice(WORDS)} | {rng.choice(['monthly', 'quarterly', 'annual'])} |\n" for _ in range(4))
            out.append("| Item | Owner | Frequency |\n|---|---|---|\n" + rows)
        if h in (1, 3) or (h == 2 and p % 2 == 0):
            lang, code = LANGS[(p + h) % len(LANGS)]
            out.append(f"```{lang}\n{code}```\n")
    return "\n".join(out)


def policy_version(p):
    return f"1.{1 + p % 8}"


def policy_history(p):
    """One to three versions, newest first, the newest approved on the policy's `effective` date."""
    body = "Executive Committee" if p % 4 == 0 else "Risk Committee"
    rows = [f'  - {{ version: "{policy_version(p)}", date: 2026-0{1 + p % 4}-15, summary: Yearly review, approved_by: {body} }}\n']
    if p % 3 != 2:
        rows.append('  - { version: "1.0", date: 2025-03-01, summary: First issue, approved_by: Executive Committee }\n')
    if p % 3 == 0:
        rows.append(f'  - {{ version: "0.9", date: 2025-0{1 + p % 2}-10, summary: Draft for consultation }}\n')
    return "history:\n" + "".join(rows)


def write_policies(rng, args, applicable):
    bodies = []
    for p in range(args.policies):
        rel = policy_path(p)
        path = os.path.join(args.dir, "content/policies", rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        body = policy_body(rng, p, args, applicable)
        bodies.append((rel, p, body))
        with open(path, "w") as f:
            f.write(
                f"---\nid: POL-{p}\ntitle: Policy {p}\nowner: Owner {p % 5}\nstatus: approved\n"
                f"version: \"{policy_version(p)}\"\nlast_review: 2026-05-01\nvisibility: {visibility(p)}\n"
                f"summary: {sentence(rng, 10)}\ncontrols: [{', '.join(policy_controls(p, applicable))}]\n"
                f"effective: 2026-0{1 + p % 4}-15\napproved_by: {'Executive Committee' if p % 4 == 0 else 'Risk Committee'}\n"
                + policy_history(p) + "---\n" + body
            )
    return bodies


def write_hugo(hugo, bodies):
    if os.path.exists(hugo):
        shutil.rmtree(hugo)
    os.makedirs(os.path.join(hugo, "layouts/_default"))
    with open(os.path.join(hugo, "hugo.toml"), "w") as f:
        f.write('baseURL = "https://example.org/"\ntitle = "Bench"\ndisableKinds = ["taxonomy", "term"]\n'
                "[markup.highlight]\nnoClasses = false\n")
    layout = ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>'
              "<body><nav>{{ range .Site.Sections }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a> {{ end }}</nav>"
              "<main>{{ block \"main\" . }}{{ end }}</main></body></html>\n")
    with open(os.path.join(hugo, "layouts/_default/baseof.html"), "w") as f:
        f.write(layout)
    with open(os.path.join(hugo, "layouts/_default/single.html"), "w") as f:
        f.write('{{ define "main" }}<h1>{{ .Title }}</h1>{{ .TableOfContents }}{{ .Content }}{{ end }}\n')
    with open(os.path.join(hugo, "layouts/_default/list.html"), "w") as f:
        f.write('{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}'
                '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n')
    for rel, p, body in bodies:
        path = os.path.join(hugo, "content/policies", rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(f"---\ntitle: Policy {p}\n---\n" + body)


def write_registers(rng, args, applicable, requirements):
    systems = max(1, args.risks // 100)
    with open(os.path.join(args.dir, "content/systems/systems.yaml"), "w") as f:
        f.write("systems:\n")
        for s in range(systems):
            f.write(f"  - id: SYS-{s}\n    name: System {s}\n    owner: Owner {s % 7}\n    last_review: 2026-06-01\n"
                    f"    visibility: {visibility(s)}\n    description: {sentence(rng)}\n")
    files = max(1, min(8, args.risks // 500))
    for k in range(files):
        with open(os.path.join(args.dir, f"content/risks/register-{k}.yaml"), "w") as f:
            f.write("risks:\n")
            for i in range(k, args.risks, files):
                c1, c2 = applicable[i % len(applicable)], applicable[(i * 7) % len(applicable)]
                f.write(f"  - id: RSK-{i}\n    title: Risk {i} {rng.choice(WORDS)} {rng.choice(WORDS)}\n"
                        f"    system: SYS-{target(i, i, systems)}\n    category: {CATEGORIES[i % 4]}\n"
                        f"    owner: Owner {i % 17}\n    likelihood: {1 + i % 5}\n    impact: {1 + (i // 5) % 5}\n"
                        f"    treatment: mitigate\n    controls: [{c1}, {c2}]\n    last_review: 2026-09-01\n"
                        f"    residual: {{ likelihood: 1, impact: {max(1, (i // 5) % 5)} }}\n    visibility: {visibility(i)}\n"
                        f"    description: {sentence(rng)} Treated by [[{c1}]].\n")
    files = max(1, min(8, args.evidence // 500))
    for k in range(files):
        with open(os.path.join(args.dir, f"content/evidence/evidence-{k}.yaml"), "w") as f:
            f.write("evidence:\n")
            for i in range(k, args.evidence, files):
                source = f"    file: files/ev-{i}.txt\n" if i % 4 == 0 else f"    url: https://evidence.example/{i}\n"
                risk = f"    risks: [RSK-{target(i + 1, i, args.risks)}]\n" if args.risks else ""
                # Every sixth record (all public) also evidences a clause of the management system.
                clause = f", {requirements[(i // 6) % len(requirements)]}" if i % 6 == 2 else ""
                f.write(f"  - id: EV-{i}\n    title: Evidence {i}\n{source}"
                        f"    collected: 2026-0{1 + i % 9}-01\n    controls: [{applicable[i % len(applicable)]}{clause}]\n"
                        f"{risk}    visibility: {visibility(i + 1)}\n")
                if i % 4 == 0:
                    with open(os.path.join(args.dir, f"content/evidence/files/ev-{i}.txt"), "w") as a:
                        a.write(f"Evidence artifact {i}\n{paragraph(rng)}\n")


def public(x, n, offset=0):
    """A public item's index near x among n items (public: index % 3 == offset), or None."""
    if n <= offset:
        return None
    j = (x % n) - (x % n) % 3 + offset
    return j if j < n else offset


def ids(prefix, *indexes):
    return ", ".join(f"{prefix}{i}" for i in indexes if i is not None)


def write_records(rng, args, applicable, requirements):
    """Audits with findings, nonconformities, management reviews, objectives and incidents.

    Records are internal, as the trust center shows none unless marked public, and name only
    public entities (risks and systems of index 0 mod 3, evidence 2 mod 3, policies 0 mod 3),
    so no edition warns about a reference it cannot show."""
    k_all = args.records
    audits, incidents, objectives = k_all // 200, k_all // 100, k_all // 100
    reviews = max(1, k_all // 5000) if k_all else 0
    ev = lambda x: public(x, args.evidence, 2)
    risk = lambda x: public(x, args.risks)
    systems = max(1, args.risks // 100)
    system = lambda x: public(x, systems) if args.risks else None
    nonconformities = []  # (id, source, origin, severity, date (y, m), k)
    d = os.path.join(args.dir, "content")
    with open(os.path.join(d, "audits", "audits.yaml"), "w") as f:
        f.write("programmes:\n")
        for year in (2025, 2026):
            mine = [k for k in range(audits) if 2025 + k % 2 == year]
            f.write(f"  - id: AP-{year}\n    title: Internal audit programme {year}\n    owner: Internal Audit Lead\n"
                    f"    period: {{ from: {year}-01-01, to: {year}-12-31 }}\n"
                    f"    scope: [{', '.join(requirements[:8])}]\n    description: {sentence(rng)}\n")
            if mine:
                f.write("    planned:\n" + "".join(f"      - {{ audit: IA-{k}, title: Audit {k}, due: {year}-{1 + k % 9:02}-28 }}\n" for k in mine))
        f.write("audits:\n" if audits else "audits: []\n")
        for k in range(audits):
            year, month = 2025 + k % 2, 1 + k % 9
            evidence = ids("EV-", ev(k * 13))
            f.write(f"  - id: IA-{k}\n    title: Internal audit {k}, {AREAS[k % len(AREAS)]}\n    programme: AP-{year}\n"
                    f"    status: completed\n    start: {year}-{month:02}-05\n    end: {year}-{month:02}-12\n"
                    f"    reported: {year}-{month:02}-20\n    auditor: Internal Audit Lead\n"
                    f"    independence: Reports to the audit committee; no role in what is audited\n"
                    f"    criteria: ISO/IEC 42001 clauses 4 to 10 and Annex A\n"
                    f"    scope: [{requirements[k % len(requirements)]}, {applicable[k % len(applicable)]}]\n"
                    f"    evidence: [{evidence}]\n    summary: {sentence(rng)} See [[{ids('RSK-', risk(k * 31)) or ids('POL-', public(k, args.policies)) or 'AP-2025'}]].\n"
                    f"    visibility: internal\n    findings:\n")
            for j, kind in enumerate(["major" if k % 5 == 0 else "minor", "observation", "opportunity"]):
                control = requirements[(k + j) % len(requirements)] if j == 0 else applicable[(k * 3 + j) % len(applicable)]
                f.write(f"      - id: IA-{k}-{j + 1}\n        type: {kind}\n        control: {control}\n"
                        f"        statement: {sentence(rng)}\n        evidence: [{evidence}]\n")
                if j == 0:
                    nonconformities.append((f"IA-{k}-1", "audit", kind, year, month, k, control))
    incident_ncs = {}
    with open(os.path.join(d, "incidents", "incidents.yaml"), "w") as f:
        f.write("incidents:\n" if incidents else "incidents: []\n")
        for k in range(incidents):
            month, day, hour = 1 + k % 10, 1 + k % 18, k % 20
            breach = k % 4 == 0
            serious = k % 25 == 7
            f.write(f"  - id: INC-{k}\n    title: Incident {k} about {rng.choice(WORDS)} {rng.choice(WORDS)}\n"
                    + (f"    system: SYS-{system(k)}\n" if system(k) is not None else "")
                    + f"    detected: 2026-{month:02}-{day:02}T{hour:02}:10Z\n    aware: 2026-{month:02}-{day:02}T{hour + 1:02}:40Z\n"
                    f"    severity: {['low', 'medium', 'high'][k % 3]}\n    serious: {'true' if serious else 'false'}\n"
                    + (f"    notified: 2026-{month:02}-{day + 9:02}\n" if serious else "")
                    + (f"    personal_data_breach: true\n    breach_notified: 2026-{month:02}-{day + 2:02}T{hour:02}:00Z\n" if breach else "")
                    + f"    status: {['resolved', 'closed', 'open'][k % 3]}\n")
            if args.risks:
                f.write(f"    risks: [{ids('RSK-', risk(k * 7))}]\n")
            if ev(k * 11) is not None:
                f.write(f"    evidence: [{ids('EV-', ev(k * 11))}]\n")
            if k % 5 == 0:
                incident_ncs[k] = f"NC-{len(nonconformities)}"
                f.write(f"    nonconformities: [{incident_ncs[k]}]\n")
                nonconformities.append((f"INC-{k}", "incident", "minor", 2026, month, k, applicable[k % len(applicable)]))
            f.write(f"    description: {paragraph(rng)}\n    visibility: internal\n")
    with open(os.path.join(d, "nonconformities", "nonconformities.yaml"), "w") as f:
        f.write("nonconformities:\n" if nonconformities else "nonconformities: []\n")
        for n, (source, origin, severity, year, month, k, control) in enumerate(nonconformities):
            raised = f"{year}-{month:02}-{'20' if origin == 'audit' else '25'}"
            closed = severity == "major" or n % 3 == 1
            f.write(f"  - id: NC-{n}\n    title: Nonconformity {n} about {rng.choice(WORDS)} {rng.choice(WORDS)}\n"
                    f"    source: {source}\n    origin: {origin}\n    severity: {severity}\n    raised: {raised}\n"
                    f"    owner: Owner {n % 7}\n    description: {sentence(rng)} Raised from [[{source}]].\n"
                    f"    controls: [{control}]\n")
            if args.risks:
                f.write(f"    risks: [{ids('RSK-', risk(n * 17))}]\n")
            f.write(f"    correction: {sentence(rng)}\n    root_cause: {sentence(rng)}\n    actions:\n")
            if closed:
                f.write(f"      - {{ action: {sentence(rng, 6)[:-1]}, owner: Owner {n % 5}, due: {year}-{month + 2:02}-28, "
                        f"done: {year}-{month + 1:02}-10 }}\n"
                        f"    effectiveness: {{ date: {year}-{month + 2:02}-15, result: effective, by: Internal Audit Lead, "
                        f"note: Sample of {5 + n % 6} cases }}\n    status: closed\n")
            else:
                f.write(f"      - {{ action: {sentence(rng, 6)[:-1]}, owner: Owner {n % 5}, due: 2027-0{1 + n % 6}-28 }}\n"
                        f"    status: open\n")
            if ev(n * 5) is not None:
                f.write(f"    evidence: [{ids('EV-', ev(n * 5))}]\n")
    inputs = ["previous_actions", "context_changes", "interested_parties", "nonconformities", "measurement_results",
              "audit_results", "improvement_opportunities"]
    with open(os.path.join(d, "management-reviews", "reviews.yaml"), "w") as f:
        f.write("management_reviews:\n" if reviews else "management_reviews: []\n")
        for k in range(reviews):
            year, month = (2026, 1 + (k // 2) % 10) if k % 2 == 0 else (2025, 1 + (k // 2) % 12)
            f.write(f"  - id: MR-{k}\n    title: Management review {k}\n    date: {year}-{month:02}-20\n"
                    f"    chair: Chief Executive Officer\n    attendees: [Executive Committee, CISO, Head of AI Governance]\n"
                    + (f"    evidence: [{ids('EV-', ev(k * 7))}]\n" if ev(k * 7) is not None else "")
                    + f"    summary: {sentence(rng)}\n    inputs:\n")
            for i, key in enumerate(inputs):
                reviewed = {"nonconformities": ids("NC-", *range(k % 7, min(len(nonconformities), k % 7 + 3))),
                            "audit_results": ids("IA-", *range(k % 5, min(audits, k % 5 + 3))),
                            "measurement_results": ids("OBJ-", *range(k % 3, min(objectives, k % 3 + 3)))}.get(key, "")
                f.write(f"      {key}: {{ summary: {sentence(rng, 8)[:-1]}" + (f", reviewed: [{reviewed}]" if reviewed else "") + " }\n")
            f.write(f"    outputs:\n      decisions: [{sentence(rng, 8)[:-1]}]\n      changes: [{sentence(rng, 6)[:-1]}]\n"
                    f"      resources: [{sentence(rng, 6)[:-1]}]\n"
                    f"      actions:\n        - {{ action: {sentence(rng, 6)[:-1]}, owner: Owner {k % 5}, due: 2027-03-31 }}\n"
                    f"    visibility: internal\n")
    with open(os.path.join(d, "objectives.yaml"), "w") as f:
        f.write("objectives:\n" if objectives else "objectives: []\n")
        for k in range(objectives):
            policy = public(k, args.policies)
            f.write(f"  - id: OBJ-{k}\n    title: Objective {k} on {rng.choice(WORDS)} {rng.choice(WORDS)}\n"
                    + (f"    policy: POL-{policy}\n" if policy is not None else "")
                    + f"    owner: Owner {k % 9}\n    resources: {sentence(rng, 8)}\n    due: 2026-12-31\n"
                    f"    evaluation: {sentence(rng)}\n"
                    f"    target: {{ metric: {rng.choice(WORDS).capitalize()} rate, comparison: at-least, value: 90, unit: \"%\", by: 2026-12-31 }}\n")
            if k % 4 != 3:
                f.write("    measurements:\n")
                for m in range(1 + k % 3):
                    f.write(f"      - {{ date: 2026-{3 + m * 3:02}-30, value: {91 + (k + m) % 8}"
                            + (f", evidence: [{ids('EV-', ev(k + m))}]" if ev(k + m) is not None else "") + " }\n")
            f.write(f"    controls: [iso42001:6.2, {applicable[k % len(applicable)]}]\n"
                    + (f"    systems: [SYS-{system(k * 3)}]\n" if system(k * 3) is not None else "")
                    + f"    description: {sentence(rng)}\n    visibility: internal\n")
    return (f"{audits} audits, {len(nonconformities)} nonconformities, {reviews} management reviews, "
            f"{objectives} objectives, {incidents} incidents")


def git(args, *command, date=None):
    env = dict(os.environ, GIT_AUTHOR_NAME="Bench", GIT_AUTHOR_EMAIL="bench@example.org", GIT_COMMITTER_NAME="Bench",
               GIT_COMMITTER_EMAIL="bench@example.org")
    if date:
        env.update(GIT_AUTHOR_DATE=f"{date}T12:00:00Z", GIT_COMMITTER_DATE=f"{date}T12:00:00Z")
    subprocess.run(["git", "-C", args.dir, *command], check=True, env=env, stdout=subprocess.DEVNULL)


def make_git_history(args):
    """A repository with dated commits: everything, then policy texts changed before their
    approval, then front matter only and a register after it (neither is W331 nor W332)."""
    path = os.path.join(args.dir, "portal.yaml")
    with open(path) as f:
        text = f.read()
    with open(path, "w") as f:
        f.write(text.replace("git_history: false", "git_history: true"))
    git(args, "init", "-q", "-b", "main")
    git(args, "add", "-A")
    git(args, "commit", "-q", "-m", "Portal as first published", date="2025-06-01")
    for when, what in (("2025-09-01", "body"), ("2026-06-01", "owner")):
        for p in range(0, args.policies, 20):
            path = os.path.join(args.dir, "content/policies", policy_path(p + (what == "owner")))
            if not os.path.exists(path):
                continue
            with open(path) as f:
                text = f.read()
            with open(path, "w") as f:
                f.write(text + "\nReviewed with the process owners.\n" if what == "body" else text.replace("owner: Owner", "owner: Lead", 1))
        git(args, "commit", "-q", "--allow-empty", "-am", f"Policies: {what} updated", date=when)
    registers = os.path.join(args.dir, "content/risks/register-0.yaml")
    if os.path.exists(registers) and args.risks:
        with open(registers) as f:
            text = f.read()
        with open(registers, "w") as f:
            f.write(text.replace("treatment: mitigate", "treatment: mitigate", 1).replace("title: Risk 0 ", "title: Risk zero ", 1))
        git(args, "commit", "-q", "-am", "Risk register reviewed", date="2026-07-01")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dir")
    ap.add_argument("n", nargs="?", type=int, help="shorthand for --policies N --risks N --evidence N")
    ap.add_argument("--policies", type=int)
    ap.add_argument("--risks", type=int)
    ap.add_argument("--evidence", type=int)
    ap.add_argument("--records", type=int, help="scale of the audit, incident... records (default: max(risks, policies))")
    ap.add_argument("--hugo", help="also write the policies as a Hugo site here")
    ap.add_argument("--git", action="store_true", help="make the portal a git repository with dated commits")
    args = ap.parse_args()
    for field in ("policies", "risks", "evidence"):
        if getattr(args, field) is None:
            setattr(args, field, args.n or 0)
    if args.records is None:
        args.records = max(args.risks, args.policies)
    rng = random.Random(42)
    if os.path.exists(args.dir):
        shutil.rmtree(args.dir)
    for d in ["policies", "risks", "evidence/files", "controls", "systems", "audits", "nonconformities",
              "management-reviews", "incidents"]:
        os.makedirs(os.path.join(args.dir, "content", d))
    shutil.copy(os.path.join(REPO, "portal.yaml"), args.dir)
    refs = soa_refs()
    excluded = {"iso42001:A.7.3", "iso42001:A.9.3", "soc2:P2.1", "soc2:P3.2"}
    applicable = [c for c in refs if c not in excluded]
    with open(os.path.join(args.dir, "content/controls/soa.yaml"), "w") as f:
        f.write("controls:\n")
        for i, c in enumerate(refs):
            f.write(f"  - ref: {c}\n    applicable: {'false' if c in excluded else 'true'}\n"
                    f"    justification: Synthetic entry for {c}\n    visibility: {'internal' if c in excluded else 'public'}\n")
            if c not in excluded:
                f.write("    status: implemented\n    implementation: Implemented through the synthetic policies.\n")
    requirements = requirement_refs()
    write_registers(rng, args, applicable, requirements)
    bodies = write_policies(rng, args, applicable)
    counts = write_records(rng, args, applicable, requirements)
    if args.hugo:
        write_hugo(args.hugo, bodies)
    if args.git:
        make_git_history(args)
    print(f"wrote {args.dir}: {args.policies} policies, {args.risks} risks, {args.evidence} evidence records, {counts}"
          + (", git history" if args.git else ""))


if __name__ == "__main__":
    main()
