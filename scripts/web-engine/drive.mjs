import puppeteer from "puppeteer-core";
const url = process.argv[2];
const b = await puppeteer.launch({executablePath: "/usr/bin/chromium", headless: true,
  args: ["--no-sandbox", "--enable-features=SharedArrayBuffer"]});
const p = await b.newPage();
const reqs = [];
p.on("request", r => reqs.push(r.url()));
p.on("console", m => console.error("console:", m.text()));
await p.goto(url);
await p.waitForFunction("window.result !== undefined", {timeout: 600000});
const r = await p.evaluate("window.result");
r.foreign_requests = reqs.filter(u => !u.startsWith("http://127.0.0.1")).length;
console.log(JSON.stringify(r));
await b.close();
