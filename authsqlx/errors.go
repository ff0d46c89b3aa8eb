package authsqlx

import (
	"errors"
	"fmt"
	"strings"

	"github.com/go-sql-driver/mysql"
	"github.com/goauth-dev/goauth/authcore/db"
	"github.com/jackc/pgx/v5/pgconn"
)

// ErrTxActive is returned by a write, or a Transaction, called on a SQLite Adapter with
// the context of one of its open transactions: SQLite has one writer, which that
// transaction is, so the call would wait for the transaction while the transaction waits
// for it. Use the adapter the transaction passed to its function.
var ErrTxActive = errors.New("authsqlx: write outside the open SQLite transaction of this context")

// SQLite extended result codes for unique and primary-key violations.
const (
	sqliteConstraintPrimaryKey = 1555
	sqliteConstraintUnique     = 2067
)

// MySQL and MariaDB error numbers for duplicate keys and deadlocks.
const (
	mysqlDupEntry        = 1062
	mysqlDupEntryWithKey = 1586
	mysqlDeadlock        = 1213
)

// isUniqueViolation reports whether err is a unique or primary-key violation: SQLite's
// constraint codes, Postgres's SQLSTATE 23505, MySQL's 1062.
func isUniqueViolation(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code == "23505"
	}
	var my *mysql.MySQLError
	if errors.As(err, &my) {
		return my.Number == mysqlDupEntry || my.Number == mysqlDupEntryWithKey
	}
	var coded interface{ Code() int }
	if errors.As(err, &coded) {
		switch coded.Code() {
		case sqliteConstraintPrimaryKey, sqliteConstraintUnique:
			return true
		}
	}
	// Other SQLite drivers (New with a database this package did not open).
	msg := err.Error()
	return strings.Contains(msg, "UNIQUE constraint failed") || strings.Contains(msg, "PRIMARY KEY constraint failed")
}

// isDeadlock reports whether err is a MySQL deadlock or a Postgres serialisation
// failure, after which the statement may be retried.
func isDeadlock(err error) bool {
	var my *mysql.MySQLError
	if errors.As(err, &my) {
		return my.Number == mysqlDeadlock
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code == "40P01" || pg.Code == "40001"
	}
	return false
}

// wrapErr wraps a driver error from op on model, marking unique violations with
// db.ErrConflict.
func wrapErr(op, model string, err error) error {
	if err == nil {
		return nil
	}
	if isUniqueViolation(err) {
		return fmt.Errorf("authsqlx: %s %s: %w: %w", op, model, db.ErrConflict, err)
	}
	return fmt.Errorf("authsqlx: %s %s: %w", op, model, err)
}

func notFound(op, model string) error {
	return fmt.Errorf("authsqlx: %s %s: %w", op, model, db.ErrNotFound)
}

func unknownModel(op, model string) error {
	return fmt.Errorf("authsqlx: %s %q: %w", op, model, db.ErrUnknownModel)
}
