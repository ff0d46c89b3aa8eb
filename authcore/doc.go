// Package authcore is GoAuth's runtime: options, the request pipeline, Better Auth 1.6.9's
// core routes, sessions, cookies, crypto, the schema, the adapter and secondary-storage
// contracts with in-memory implementations, rate limiting, hooks and the plugin contract.
//
// GoAuth speaks Better Auth's HTTP protocol, cookie formats, password-hash format and
// database schema, so the official Better Auth JavaScript client works unchanged against it.
package authcore
