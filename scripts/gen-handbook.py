#!/usr/bin/env python3
"""Generate a large, messy company handbook as docs sites keep them: gen-handbook.py DIR [N] [BROKEN]

N Markdown pages (default 1000) under DIR/content/pages, in folders up to five deep, with
index.md, _index.md or README.md in most folders (some folders have none), the same file
names in many folders, names with spaces, `&`, parentheses and accents, pages without front
matter, front matter with docs-site fields (description, sidebar_position, tags, slug), raw
HTML tables linking pages and images, percent-encoded links, links to folders, extensionless
links, heading links written as GitHub slugs, reference-style links, code blocks holding
link-like text, external, mailto and root-absolute links, and images.

With BROKEN > 0, that many links that really lead nowhere are planted, and their places are
written to DIR/expected-broken.txt as `file:line` (sorted), for comparing with `check`.
"""
import os
import random
import shutil
import sys
import urllib.parse

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
broken_wanted = int(sys.argv[3]) if len(sys.argv) > 3 else 0
rng = random.Random(42)
if os.path.exists(out):
    shutil.rmtree(out)
pages_dir = os.path.join(out, "content", "pages")
os.makedirs(pages_dir)
with open(os.path.join(out, "portal.yaml"), "w") as f:
    f.write("title: Messy Handbook\norganization: Messy Co\n")

TOP = ["Engineering", "people", "Sales & Marketing", "legal", "finance", "Product (beta)",
       "security", "customer success", "Führung", "it-ops", "design", "data"]
SUB = ["onboarding", "policies", "how we work", "tools", "teams", "rituals", "guides",
       "runbooks", "faq", "archive", "2024 plans", "Q&A"]
NAMES = ["overview", "faq", "getting started", "how-to", "tools", "contacts", "glossary",
         "process", "checklist", "README-notes", "meeting notes", "on call", "budget (draft)",
         "café rules", "values", "hiring", "offboarding", "security review", "roadmap", "api"]
HEADINGS = ["Purpose", "Who we are & what we do", "How to: request access", "FAQ", "Q&A: who decides?",
            "Step 1 - prepare", "Contacts", "Tools we use", "Escalation (urgent)", "Open questions"]

# Folders: a random tree.
folders = [""]
for top in TOP:
    folders.append(top)
    for sub in rng.sample(SUB, 4):
        path = f"{top}/{sub}"
        folders.append(path)
        if rng.random() < 0.5:
            for deeper in rng.sample(SUB, 2):
                folders.append(f"{path}/{deeper}")
                if rng.random() < 0.3:
                    folders.append(f"{path}/{deeper}/deep dive")

files = {}  # relative path -> list of headings (title first)
for folder in folders:
    roll = rng.random()
    index = "index.md" if roll < 0.5 else "README.md" if roll < 0.75 else "_index.md" if roll < 0.85 else None
    if index:
        rel = f"{folder}/{index}".lstrip("/")
        files[rel] = None
while len(files) < n:
    folder = rng.choice(folders)
    name = rng.choice(NAMES)
    if rng.random() < 0.3:
        name = f"{name} {rng.randint(1, 99)}"
    rel = f"{folder}/{name}.md".lstrip("/")
    files.setdefault(rel, None)
rels = sorted(files)
for rel in rels:
    files[rel] = rng.sample(HEADINGS, 4)

def link_to(src, dst, style):
    """A relative link from src to dst, written as handbooks do."""
    src_dir = os.path.dirname(src)
    rel = os.path.relpath(dst, src_dir or ".")
    if style == "encoded":
        return urllib.parse.quote(rel)
    if style == "angle":
        return f"<{rel}>"
    if style == "extensionless" and rel.endswith(".md") and not os.path.basename(rel) in ("index.md", "README.md", "_index.md"):
        return urllib.parse.quote(rel[:-3])
    if style == "folder":
        folder = os.path.relpath(os.path.dirname(dst) or ".", src_dir or ".")
        return urllib.parse.quote(folder) + "/"
    return urllib.parse.quote(rel) if " " in rel else rel

def github_slug(text):
    return "".join(c.lower() if c.isalnum() or c in "-_" else "-" if c == " " else "" for c in text.strip())

expected = []
images = []
for i, rel in enumerate(rels):
    headings = files[rel]
    lines = []
    if rng.random() < 0.35:
        lines += ["---"]
        if rng.random() < 0.5:
            lines.append(f"description: Page {i} of the handbook")
        if rng.random() < 0.5:
            lines.append(f"sidebar_position: {rng.randint(1, 20)}")
        if rng.random() < 0.3:
            lines.append("tags: [handbook, generated]")
        if rng.random() < 0.2:
            lines.append(f"slug: /page-{i}")
        if rng.random() < 0.2:
            lines.append("draft: false")
        lines += ["---"]
    if rng.random() < 0.1:
        lines += ["<!-- generated; do not edit -->", ""]
    title = f"{os.path.splitext(os.path.basename(rel))[0].title()} ({i})"
    lines += [f"# {title}", ""]
    for h in headings:
        lines += [f"## {h}", "", f"Text about {h.lower()} for page {i}."]
        for _ in range(rng.randint(1, 3)):
            dst = rng.choice(rels)
            style = rng.choice(["plain", "encoded", "angle", "extensionless", "folder", "plain"])
            url = link_to(rel, dst, style)
            if style == "angle":
                lines.append(f"See [{dst}]({url}).")
            else:
                frag = ""
                if style in ("plain", "encoded") and rng.random() < 0.3:
                    frag = "#" + github_slug(rng.choice(files[dst]))
                lines.append(f"See [the page]({url}{frag}).")
        lines.append("")
    if rng.random() < 0.2:
        dst = rng.choice(rels)
        img = f"{os.path.dirname(rel)}/images/diagram {i}.png".lstrip("/")
        images.append(img)
        lines += ["<table>", "<tr><th>Item</th><th>Link</th></tr>",
                  f"<tr><td>Related</td><td><a href=\"{urllib.parse.quote(os.path.relpath(dst, os.path.dirname(rel) or '.'))}\">page</a></td></tr>",
                  f"<tr><td>Diagram</td><td><img src=\"images/diagram%20{i}.png\" alt=\"diagram\"></td></tr>",
                  "</table>", ""]
    if rng.random() < 0.2:
        dst = rng.choice(rels)
        lines += ["Read [the reference][ref] too.", "", f"[ref]: {link_to(rel, dst, 'encoded')}", ""]
    if rng.random() < 0.2:
        lines += ["```markdown", "[not a link](nowhere.md) and [[not-an-id]]", "```", ""]
    route = urllib.parse.quote(rng.choice(rels)[:-3])
    lines += ["External: [site](https://example.com/docs/page.md), [mail](mailto:team@example.com), "
              f"[route](/handbook/{route}), [top](#top).", ""]
    if broken_wanted and len(expected) < broken_wanted and rng.random() < 0.05:
        lines.append(f"A stale link: [old page](gone-{i}.md).")
        expected.append(f"content/pages/{rel}:{len(lines)}")
        lines.append("")
    path = os.path.join(pages_dir, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write("\n".join(lines))
for img in images:
    path = os.path.join(pages_dir, img)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
with open(os.path.join(out, "expected-broken.txt"), "w") as f:
    f.write("".join(f"{e}\n" for e in sorted(expected)))
print(f"{len(rels)} pages, {len(folders)} folders, {len(images)} images, {len(expected)} broken links planted")
