#!/usr/bin/env python3
"""Generate a deterministic, realistic portal for benchmarks.

    gen-portal.py DIR N                       N policies, N risks, N evidence records
    gen-portal.py DIR --policies P --risks R --evidence E [--hugo HUGO_DIR]

Policies are Markdown with headings, lists, a table, one or two fenced code blocks, `[[ID]]`
links and relative `.md` links, spread over folders. Risks are split over several register
files, evidence records carry small artifact files, systems are N/100, and the Statement of
Applicability has an entry for every control of iso42001 and soc2 (taken from the built-in
example). A third of the items are public, a few confidential, the rest internal, so each
audience builds a different portal. With --hugo, the same policy Markdown is also written as a
Hugo site, for a side-by-side comparison. The same arguments always give the same files.
"""
import argparse
import os
import random
import shutil

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
            out.append("| Item | Owner | Frequency |\n|---|---|---|\n")
            out.append("".join(f"| {rng.choice(WORDS)} | {rng.choice(WORDS)} | {rng.choice(['monthly', 'quarterly', 'annual'])} |\n" for _ in range(4)))
        if h in (1, 3) or (h == 2 and p % 2 == 0):
            lang, code = LANGS[(p + h) % len(LANGS)]
            out.append(f"```{lang}\n{code}```\n")
    return "\n".join(out)


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
                f"version: \"1.{p % 9}\"\nlast_review: 2026-05-01\nvisibility: {visibility(p)}\n"
                f"summary: {sentence(rng, 10)}\ncontrols: [{applicable[p % len(applicable)]}]\n---\n" + body
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


def write_registers(rng, args, applicable):
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
                f.write(f"  - id: EV-{i}\n    title: Evidence {i}\n{source}"
                        f"    collected: 2026-0{1 + i % 9}-01\n    controls: [{applicable[i % len(applicable)]}]\n"
                        f"{risk}    visibility: {visibility(i + 1)}\n")
                if i % 4 == 0:
                    with open(os.path.join(args.dir, f"content/evidence/files/ev-{i}.txt"), "w") as a:
                        a.write(f"Evidence artifact {i}\n{paragraph(rng)}\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dir")
    ap.add_argument("n", nargs="?", type=int, help="shorthand for --policies N --risks N --evidence N")
    ap.add_argument("--policies", type=int)
    ap.add_argument("--risks", type=int)
    ap.add_argument("--evidence", type=int)
    ap.add_argument("--hugo", help="also write the policies as a Hugo site here")
    args = ap.parse_args()
    for field in ("policies", "risks", "evidence"):
        if getattr(args, field) is None:
            setattr(args, field, args.n or 0)
    rng = random.Random(42)
    if os.path.exists(args.dir):
        shutil.rmtree(args.dir)
    for d in ["policies", "risks", "evidence/files", "controls", "systems"]:
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
    write_registers(rng, args, applicable)
    bodies = write_policies(rng, args, applicable)
    if args.hugo:
        write_hugo(args.hugo, bodies)
    print(f"wrote {args.dir}: {args.policies} policies, {args.risks} risks, {args.evidence} evidence records")


if __name__ == "__main__":
    main()
