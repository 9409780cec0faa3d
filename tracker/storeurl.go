package tracker

import (
	"net/url"
	"strings"
)

// IsStoreURL reports whether s names a PostgreSQL store (postgres:// or
// postgresql://) rather than an SQLite file.
func IsStoreURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// RedactStoreURL is s with a URL's password (in its user part or as
// ?password=) replaced by "xxxxx", for anything shown or logged: a store
// URL may carry one. A path, or a URL without a password, is s unchanged.
func RedactStoreURL(s string) string {
	if !IsStoreURL(s) {
		return s
	}
	u, err := url.Parse(s)
	if err != nil {
		// Unparsable: keep only the scheme and what follows the last @.
		if i := strings.LastIndex(s, "@"); i >= 0 {
			return s[:strings.Index(s, "://")+3] + "xxxxx" + s[i:]
		}
		return s[:strings.Index(s, "://")+3] + "xxxxx"
	}
	if u.User != nil {
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
		}
	}
	if q := u.Query(); q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.String()
}
