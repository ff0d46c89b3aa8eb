// Writes takeover-signin-sqlite.sql and takeover-signin.json: a SQLite database the real
// Better Auth 1.6.9 reference server created and wrote, plus what a client of that server
// knows about it (the secret, the users' passwords, the session cookies it was given, a
// password-reset token from its outbox). Uses only node built-ins and the sqlite3 CLI.
//
//   node gen-takeover.mjs <betterauth-node dir> <output dir>
//
// e.g. node gen-takeover.mjs /tmp/goauth-conformance/betterauth-node .
import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const [refDir, outDir] = process.argv.slice(2);
if (!refDir || !outDir) {
  console.error("usage: node gen-takeover.mjs <betterauth-node dir> <output dir>");
  process.exit(2);
}
const port = 4300 + Math.floor(Math.random() * 500);
const base = `http://127.0.0.1:${port}`;
const secret = "takeover-fixture-secret-0123456789abcdefghijklmnop";
const work = fs.mkdtempSync(path.join(os.tmpdir(), "ba-takeover-"));
const dbPath = path.join(work, "ba.db");
const outbox = path.join(work, "outbox.jsonl");

const server = spawn("node", ["server.mjs"], {
  cwd: refDir,
  env: { ...process.env, PORT: String(port), BASE_URL: base, SECRET: secret, DATABASE: dbPath,
    OUTBOX: outbox, PROFILE: "core", RATE_LIMIT: "off", NODE_ENV: "development" },
  stdio: ["ignore", "inherit", "inherit"],
});
try {
  await waitHealthy();
  const facts = await populate();
  server.kill("SIGTERM");
  await new Promise((r) => server.once("exit", r));
  const dump = execFileSync("sqlite3", [dbPath, ".dump"], { encoding: "utf8" });
  fs.writeFileSync(path.join(outDir, "takeover-signin-sqlite.sql"), dump);
  fs.writeFileSync(path.join(outDir, "takeover-signin.json"), JSON.stringify(facts, null, 2) + "\n");
} finally {
  if (server.exitCode === null) server.kill("SIGKILL");
  fs.rmSync(work, { recursive: true, force: true });
}

async function waitHealthy() {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${base}/health`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("reference server did not start");
}

async function call(method, route, { body, cookie, ua = "FixtureAgent/1.0" } = {}) {
  const headers = { origin: base, "user-agent": ua };
  if (body) headers["content-type"] = "application/json";
  if (cookie) headers.cookie = cookie;
  const res = await fetch(`${base}/api/auth${route}`, { method, headers, body: body && JSON.stringify(body), redirect: "manual" });
  const text = await res.text();
  if (res.status >= 400) throw new Error(`${method} ${route}: ${res.status} ${text}`);
  const set = res.headers.getSetCookie().find((c) => c.startsWith("better-auth.session_token="));
  return { json: text ? JSON.parse(text) : null, sessionCookie: set && set.split(";")[0].slice("better-auth.session_token=".length) };
}

function mail(kind, to) {
  const lines = fs.readFileSync(outbox, "utf8").trim().split("\n").map((l) => JSON.parse(l));
  return lines.reverse().find((m) => m.kind === kind && m.to === to);
}

async function populate() {
  const users = [
    { name: "Ann", email: "ann@example.com", password: "ann-correct-horse-1" },
    { name: "Bob Ünïcode 🙂", email: "Bob@Example.com", password: "bob-Pässwörd-Ωmega", image: "https://example.com/bob.png" },
    // Fullwidth letters: Better Auth hashes the NFKC form ("carol-fullwidth-pw").
    { name: "Carol", email: "carol@example.com", password: "ｃａｒｏｌ-fullwidth-pw" },
  ];
  const sessions = [];
  for (const u of users) {
    const { password, ...rest } = u;
    const r = await call("POST", "/sign-up/email", { body: { ...rest, password } });
    sessions.push({ email: r.json.user.email, userAgent: "FixtureAgent/1.0", cookie: r.sessionCookie, token: r.json.token });
  }
  // A second session for Ann from another client, and one that is signed out.
  let r = await call("POST", "/sign-in/email", { body: { email: "ann@example.com", password: users[0].password }, ua: "FixtureAgent/2.0" });
  sessions.push({ email: "ann@example.com", userAgent: "FixtureAgent/2.0", cookie: r.sessionCookie, token: r.json.token });
  r = await call("POST", "/sign-in/email", { body: { email: "ann@example.com", password: users[0].password }, ua: "FixtureAgent/3.0" });
  const out = { email: "ann@example.com", userAgent: "FixtureAgent/3.0", cookie: r.sessionCookie, token: r.json.token, signedOut: true };
  await call("POST", "/sign-out", { cookie: `better-auth.session_token=${out.cookie}` });
  sessions.push(out);
  // Bob verifies his email.
  await call("GET", `/verify-email?token=${mail("verification-email", "bob@example.com").token}`);
  // Carol asks for a password reset; the token stays unused in the database.
  await call("POST", "/request-password-reset", { body: { email: "carol@example.com", redirectTo: `${base}/reset` } });
  const reset = mail("reset-password", "carol@example.com").token;
  return {
    betterAuth: "1.6.9",
    baseURL: base,
    secret,
    generatedAt: new Date().toISOString(),
    users: users.map(({ name, email, password }) => ({ name, email: email.toLowerCase(), password })),
    sessions,
    resetPassword: { email: "carol@example.com", token: reset },
  };
}
