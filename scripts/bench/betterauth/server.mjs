// Better Auth 1.6.9 server for the load comparison (scripts/bench/run.sh), configured like
// the conformance reference's "core" profile (../../../docs/performance.md): email and
// password, verification and reset mails to a JSONL outbox, change-email and delete-user,
// no plugins, on better-sqlite3.
//
// env: PORT, BASE_URL (origin), SECRET, DATABASE (SQLite file, recreated at start),
//      OUTBOX (JSONL file), RATE_LIMIT=off|on, COOKIE_CACHE=compact|jwt|jwe (unset: off)
import fs from "node:fs";
import http from "node:http";
import Database from "better-sqlite3";
import { betterAuth } from "better-auth";
import { toNodeHandler } from "better-auth/node";

const port = Number(process.env.PORT || 4100);
const baseURL = process.env.BASE_URL || `http://127.0.0.1:${port}`;
const dbPath = process.env.DATABASE || "./bench.db";
const outbox = process.env.OUTBOX || "./outbox.jsonl";
const rl = (process.env.RATE_LIMIT || "").toLowerCase();
const cache = process.env.COOKIE_CACHE || "";

for (const s of ["", "-journal", "-wal", "-shm"]) fs.rmSync(dbPath + s, { force: true });
fs.writeFileSync(outbox, "");
const out = (msg) => fs.appendFileSync(outbox, JSON.stringify({ ...msg, at: new Date().toISOString() }) + "\n");

const auth = betterAuth({
	appName: "BetterAuthRef",
	baseURL,
	basePath: "/api/auth",
	secret: process.env.SECRET,
	database: new Database(dbPath),
	trustedOrigins: [new URL(baseURL).origin],
	telemetry: { enabled: false },
	rateLimit: rl === "off" ? { enabled: false } : rl === "on" ? { enabled: true } : undefined,
	logger: { level: "error" },
	emailAndPassword: {
		enabled: true,
		sendResetPassword: async ({ user, url, token }) => out({ kind: "reset-password", to: user.email, url, token }),
	},
	emailVerification: {
		sendOnSignUp: true,
		sendVerificationEmail: async ({ user, url, token }) => out({ kind: "verification-email", to: user.email, url, token }),
	},
	user: {
		changeEmail: {
			enabled: true,
			sendChangeEmailConfirmation: async ({ user, newEmail, url, token }) =>
				out({ kind: "change-email-confirmation", to: user.email, newEmail, url, token }),
		},
		deleteUser: { enabled: true },
	},
	session: cache ? { cookieCache: { enabled: true, strategy: cache } } : undefined,
});

await (await auth.$context).runMigrations();
const handler = toNodeHandler(auth);
http
	.createServer((req, res) => {
		if (req.url.startsWith("/api/auth")) return handler(req, res);
		res.writeHead(404).end();
	})
	.listen(port, "127.0.0.1", () => console.log(`better-auth 1.6.9 bench server on ${baseURL} (cookieCache=${cache || "off"})`));
