#!/usr/bin/env python3
"""Generate a synthetic portal of a given size for benchmarks: gen-portal.py DIR N

N risks, N evidence records and N/10 policies over the built-in iso42001 and soc2 catalogs.
The Statement of Applicability is copied from the built-in example.
"""
import os
import shutil
import sys

out, n = sys.argv[1], int(sys.argv[2])
here = os.path.dirname(os.path.abspath(__file__))
repo = os.path.dirname(here)
if os.path.exists(out):
    shutil.rmtree(out)
for d in ["policies", "risks", "evidence/files", "controls", "systems"]:
    os.makedirs(os.path.join(out, "content", d))
shutil.copy(os.path.join(repo, "portal.yaml"), out)
excluded = ("iso42001:A.7.3", "iso42001:A.9.3", "soc2:P2.1", "soc2:P3.2")
refs = []
for name in sorted(os.listdir(os.path.join(repo, "content", "controls"))):
    refs += [l.split("ref: ")[1].strip() for l in open(os.path.join(repo, "content", "controls", name)) if "ref: " in l]
applicable = [c for c in refs if c not in excluded]
with open(os.path.join(out, "content/controls/soa.yaml"), "w") as f:
    f.write("controls:\n")
    for c in refs:
        f.write(f"  - ref: {c}\n    applicable: {'false' if c in excluded else 'true'}\n    justification: Synthetic entry for {c}\n")
        if c not in excluded:
            f.write("    status: implemented\n    implementation: Implemented through the synthetic policies.\n")
with open(os.path.join(out, "content/systems/s.yaml"), "w") as f:
    f.write("systems:\n")
    for s in range(10):
        f.write(f"  - id: SYS-{s}\n    name: System {s}\n    owner: Owner {s}\n    last_review: 2026-06-01\n")
with open(os.path.join(out, "content/risks/r.yaml"), "w") as f:
    f.write("risks:\n")
    for i in range(n):
        c1, c2 = applicable[i % len(applicable)], applicable[(i * 7) % len(applicable)]
        f.write(f"  - id: RSK-{i}\n    title: Risk number {i}\n    system: SYS-{i % 10}\n    category: operational\n"
                f"    owner: Owner {i % 17}\n    likelihood: {1 + i % 5}\n    impact: {1 + (i // 5) % 5}\n"
                f"    treatment: mitigate\n    controls: [{c1}, {c2}]\n    last_review: 2026-09-01\n"
                f"    description: Risk {i} is about [[SYS-{i % 10}]] and treated by [[{c1}]].\n")
with open(os.path.join(out, "content/evidence/e.yaml"), "w") as f:
    f.write("evidence:\n")
    for i in range(n):
        f.write(f"  - id: EV-{i}\n    title: Evidence {i}\n    url: https://example.com/{i}\n    collected: 2026-0{1 + i % 9}-01\n"
                f"    controls: [{applicable[i % len(applicable)]}]\n    risks: [RSK-{i}]\n")
for p in range(max(1, n // 10)):
    with open(os.path.join(out, f"content/policies/p{p}.md"), "w") as f:
        f.write(f"---\nid: POL-{p}\ntitle: Policy {p}\nowner: Owner {p % 5}\nstatus: approved\nlast_review: 2026-05-01\n"
                f"controls: [{applicable[p % len(applicable)]}]\n---\n# Policy {p}\n\n## Purpose\n\n"
                + "Text about governance and [[RSK-%d]].\n\n" % (p % n)
                + "| a | b |\n|---|---|\n| 1 | 2 |\n\n```yaml\nkey: value\n```\n")
print(f"wrote {out}: {n} risks, {n} evidence, {max(1, n // 10)} policies")
