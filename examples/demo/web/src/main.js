// Browser code of the GoAuth demo. Each page's <body data-page="..."> picks its setup
// function; every call to the server goes through the Better Auth client.
import { authClient } from "./auth-client.js";

const $ = (selector) => document.querySelector(selector);

/** show writes a message into an element and marks it as an error or a success. */
function show(selector, text, ok) {
	const el = $(selector);
	el.textContent = text;
	el.dataset.state = ok ? "ok" : "error";
	el.hidden = false;
}

/** errorText turns a Better Auth client error into a sentence. */
function errorText(error) {
	return error.message || error.statusText || `Request failed (${error.status})`;
}

/**
 * afterSignIn is where to go once signed in: the callbackURL the server's guard added to
 * the sign-in link, when it is a path on this site, else the profile.
 */
function afterSignIn() {
	const cb = new URLSearchParams(window.location.search).get("callbackURL");
	if (cb && cb.startsWith("/") && !cb.startsWith("//") && !cb.startsWith("/\\")) {
		return cb;
	}
	return "/profile";
}

/** busy disables a form's button while a request runs. */
async function busy(form, fn) {
	const button = form.querySelector("button[type=submit]");
	button.disabled = true;
	try {
		await fn();
	} finally {
		button.disabled = false;
	}
}

function setupSignUp() {
	const form = $("#sign-up");
	form.addEventListener("submit", (event) => {
		event.preventDefault();
		busy(form, async () => {
			const { error } = await authClient.signUp.email({
				name: form.elements.name.value,
				email: form.elements.email.value,
				password: form.elements.password.value,
			});
			if (error) {
				show("#sign-up-status", errorText(error), false);
				return;
			}
			window.location.assign(afterSignIn());
		});
	});
}

function setupSignIn() {
	const form = $("#sign-in");
	form.addEventListener("submit", (event) => {
		event.preventDefault();
		busy(form, async () => {
			const { error } = await authClient.signIn.email({
				email: form.elements.email.value,
				password: form.elements.password.value,
			});
			if (error) {
				show("#sign-in-status", errorText(error), false);
				return;
			}
			window.location.assign(afterSignIn());
		});
	});
}

/** describe summarises a session for the list: device, IP and creation time. */
function describe(s) {
	const parts = [s.userAgent ? browserName(s.userAgent) : "Unknown device"];
	if (s.ipAddress) parts.push(s.ipAddress);
	parts.push(`signed in ${new Date(s.createdAt).toLocaleString()}`);
	return parts.join(" · ");
}

function browserName(ua) {
	for (const name of ["HeadlessChrome", "Edg", "Chrome", "Firefox", "Safari"]) {
		if (ua.includes(name + "/")) return name === "Edg" ? "Edge" : name;
	}
	return ua.slice(0, 40);
}

async function renderProfile() {
	const { data, error } = await authClient.getSession();
	if (error || !data) {
		window.location.assign("/sign-in?callbackURL=%2Fprofile");
		return;
	}
	const { user, session } = data;
	$("#greeting").textContent = `Signed in as ${user.name}`;
	$("#user-name").textContent = user.name;
	$("#user-email").textContent = user.email;
	$("#user-id").textContent = user.id;
	$("#session-expires").textContent = new Date(session.expiresAt).toLocaleString();
	$("#session-ip").textContent = session.ipAddress || "(not recorded)";
	$("#session-agent").textContent = session.userAgent || "(none)";
	$("#update-name").elements.name.value = user.name;

	const list = await authClient.listSessions();
	const ul = $("#sessions");
	ul.replaceChildren();
	if (list.error) {
		show("#sessions-status", errorText(list.error), false);
		return;
	}
	for (const s of list.data) {
		const li = document.createElement("li");
		li.className = "session";
		const text = document.createElement("span");
		text.textContent = describe(s);
		li.append(text);
		if (s.token === session.token) {
			li.classList.add("current");
			const badge = document.createElement("strong");
			badge.textContent = " (this device)";
			li.append(badge);
		} else {
			const revoke = document.createElement("button");
			revoke.type = "button";
			revoke.className = "revoke";
			revoke.textContent = "Revoke";
			revoke.addEventListener("click", async () => {
				const { error } = await authClient.revokeSession({ token: s.token });
				if (error) {
					show("#sessions-status", errorText(error), false);
					return;
				}
				show("#sessions-status", "Session revoked", true);
				await renderProfile();
			});
			li.append(" ", revoke);
		}
		ul.append(li);
	}
	$("#session-count").textContent = String(list.data.length);
	$("#profile").dataset.ready = "true";
}

function setupProfile() {
	renderProfile();

	$("#revoke-others").addEventListener("click", async () => {
		const { error } = await authClient.revokeOtherSessions();
		if (error) {
			show("#sessions-status", errorText(error), false);
			return;
		}
		show("#sessions-status", "Other sessions signed out", true);
		await renderProfile();
	});

	const nameForm = $("#update-name");
	nameForm.addEventListener("submit", (event) => {
		event.preventDefault();
		busy(nameForm, async () => {
			const { error } = await authClient.updateUser({ name: nameForm.elements.name.value });
			if (error) {
				show("#update-name-status", errorText(error), false);
				return;
			}
			show("#update-name-status", "Name updated", true);
			await renderProfile();
		});
	});

	const pwForm = $("#change-password");
	pwForm.addEventListener("submit", (event) => {
		event.preventDefault();
		busy(pwForm, async () => {
			const { error } = await authClient.changePassword({
				currentPassword: pwForm.elements.currentPassword.value,
				newPassword: pwForm.elements.newPassword.value,
				revokeOtherSessions: pwForm.elements.revokeOtherSessions.checked,
			});
			if (error) {
				show("#change-password-status", errorText(error), false);
				return;
			}
			pwForm.reset();
			show("#change-password-status", "Password changed", true);
			await renderProfile();
		});
	});

	$("#sign-out").addEventListener("click", async () => {
		await authClient.signOut();
		window.location.assign("/sign-in");
	});
}

const pages = { "sign-up": setupSignUp, "sign-in": setupSignIn, profile: setupProfile };
pages[document.body.dataset.page]?.();
