package authsqlx

import "context"

// ServerPoolSize is serverPoolSize.
var ServerPoolSize = serverPoolSize

// DisableReturning makes a use the paths servers without RETURNING take (MySQL, SQLite
// before 3.35): transactions with SELECT ... FOR UPDATE and count-checked writes.
func DisableReturning(ctx context.Context, a *Adapter) error {
	caps, err := a.c.capabilities(ctx, a.q())
	if err != nil {
		return err
	}
	a.c.capsMu.Lock()
	defer a.c.capsMu.Unlock()
	caps.returning = false
	return nil
}
