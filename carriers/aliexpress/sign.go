// Package aliexpress is the AliExpress Open Platform (IOP) adapter: a
// tracker.Marketplace for orders and disputes and a
// tracker.ProtectionExtender, over the api-sg gateway (MARKETPLACES.md A).
package aliexpress

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"sort"
	"strings"
)

// Sign is the IOP signature (MARKETPLACES.md A3): every parameter but sign
// and empty values, sorted by key in byte order, concatenated key+value,
// prefixed by the API path on /rest ("" on /sync, where the method is a
// parameter), HMAC-SHA256 keyed by the app secret, upper-case hex.
func Sign(secret, apiPath string, params url.Values) string {
	keys := make([]string, 0, len(params))
	for k := range params {
		if k != "sign" && params.Get(k) != "" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString(apiPath)
	for _, k := range keys {
		b.WriteString(k)
		b.WriteString(params.Get(k))
	}
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(b.String()))
	return strings.ToUpper(hex.EncodeToString(m.Sum(nil)))
}
