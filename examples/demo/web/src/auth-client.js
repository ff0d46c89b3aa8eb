// The official Better Auth client, unchanged, talking to GoAuth at this page's origin
// (requests go to /api/auth/..., cookies are set by the server).
import { createAuthClient } from "better-auth/client";

export const authClient = createAuthClient({
	baseURL: window.location.origin,
});
