package tracker

import "testing"

// A store URL is shown in errors, `waybill demo status` and logs: its
// password never is.
func TestRedactStoreURL(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"a path", "/var/lib/waybill.db", "/var/lib/waybill.db"},
		{"no password", "postgres://ana@db.example/waybill", "postgres://ana@db.example/waybill"},
		{"password in the user part", "postgres://ana:s3cret@db.example:5432/waybill", "postgres://ana:xxxxx@db.example:5432/waybill"},
		{"password as a parameter", "postgresql://db.example/waybill?password=s3cret&sslmode=require", "postgresql://db.example/waybill?password=xxxxx&sslmode=require"},
		{"unparsable", "postgres://ana:s3%zzcret@db.example/waybill", "postgres://xxxxx@db.example/waybill"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := RedactStoreURL(tc.in); got != tc.want {
				t.Errorf("RedactStoreURL(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}
