#!/usr/bin/env node
// Looks at one built page as a person would: a screenshot at a width, or the page in print
// emulation as a PDF, and the widest elements when the page scrolls sideways.
// Usage: NODE_PATH=$PORTAL_JUDGES_CACHE/node/node_modules node scripts/page-shot.js \
//          FILE OUT.(png|pdf) [WIDTH] [--print]
// Needs playwright-core (the judges' cache, /work/shared/tools/README.md) and /usr/bin/chromium.
const { chromium } = require("playwright-core");
const path = require("path");

(async () => {
  const [file, out, widthArg, ...flags] = process.argv.slice(2);
  if (!file || !out) {
    console.error("usage: page-shot.js FILE OUT.(png|pdf) [WIDTH] [--print]");
    process.exit(2);
  }
  const width = Number(widthArg || 1280);
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium" });
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  await page.goto("file://" + path.resolve(file));
  if (flags.includes("--print")) await page.emulateMedia({ media: "print" });
  const report = await page.evaluate(() => {
    const vw = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll("body *")]
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.right > vw + 1)
      .slice(0, 8)
      .map(({ el, r }) => `${el.tagName.toLowerCase()}.${el.className} right=${Math.round(r.right)}`);
    return { page: document.documentElement.scrollWidth, viewport: vw, wide };
  });
  console.log(JSON.stringify(report, null, 1));
  if (out.endsWith(".pdf")) {
    await page.pdf({ path: out, preferCSSPageSize: true, printBackground: false });
  } else {
    await page.screenshot({ path: out, fullPage: true });
  }
  await browser.close();
})();
