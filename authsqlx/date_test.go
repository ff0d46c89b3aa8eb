package authsqlx

import (
	"strings"
	"testing"
	"time"
)

// decodeDateBefore is how a SQLite DATE column's text was decoded before select lists
// read dates through unary +: modernc.org/sqlite's parse first, then dateLayouts.
func decodeDateBefore(s string) (any, error) {
	if t, ok := sqliteDriverTime(s); ok {
		return decodeDate(t)
	}
	st := strings.TrimSpace(s)
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, st); err == nil {
			return t.UTC().Truncate(time.Millisecond), nil
		}
	}
	return nil, errDate
}

var errDate = &time.ParseError{}

var dateSeeds = []string{
	"2024-01-02T03:04:05.678Z", "2024-02-29T23:59:59.999Z", "2023-02-29T00:00:00.000Z", "2024-04-31T00:00:00.000Z",
	"2024-13-01T00:00:00.000Z", "2024-01-01T24:00:00.000Z", "2024-01-01T23:60:00.000Z", "2024-01-01T23:59:60.000Z",
	"0000-01-01T00:00:00.000Z", "2024-01-01T00:00:00.00aZ", "2024-01-01T00:00:00Z", "2024-01-01 00:00:00",
	"2024-01-01 00:00", "2024-01-01T00:00", "2024-01-01", "2024-01-01T00:00:00+02:00", " 2024-01-01 ",
	"2024-01-02 03:04:05.678 +0000 UTC m=+0.001", "2024-01-02 03:04:05.678 +0100 CET", "garbage", "",
}

func TestDecodeDateTextMatchesDriverOrder(t *testing.T) {
	for _, s := range dateSeeds {
		checkDate(t, s)
	}
}

func FuzzDecodeDateText(f *testing.F) {
	for _, s := range dateSeeds {
		f.Add(s)
	}
	f.Fuzz(checkDate)
}

func checkDate(t *testing.T, s string) {
	got, err := decodeDate(s)
	want, wantErr := decodeDateBefore(s)
	if (err != nil) != (wantErr != nil) {
		t.Fatalf("decodeDate(%q) error %v, before: %v", s, err, wantErr)
	}
	if err == nil && !got.(time.Time).Equal(want.(time.Time)) {
		t.Fatalf("decodeDate(%q) = %v, before: %v", s, got, want)
	}
}

func BenchmarkDecodeDateText(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decodeDate("2024-01-02T03:04:05.678Z"); err != nil {
			b.Fatal(err)
		}
	}
}
