package password

// SetDerive replaces the key derivation of h, so tests can observe and
// control how many computations run at once without running scrypt.
func SetDerive(h *Hasher, derive func(password, salt []byte) []byte) {
	h.derive = derive
}
