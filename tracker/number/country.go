package number

import "strings"

// CountryName returns the English short name of an ISO 3166-1 alpha-2 code
// (upper case), or "" when the code is not assigned.
func CountryName(code string) string {
	if len(code) != 2 {
		return ""
	}
	if c := lookupCountry(code[0], code[1]); c != nil {
		return c.name
	}
	return ""
}

// CountryCode returns the alpha-2 code for an English country name as the
// ISO table spells it, case-insensitively, or "".
func CountryCode(name string) string {
	name = strings.TrimSpace(name)
	for _, c := range countries {
		if strings.EqualFold(c.name, name) {
			return c.code
		}
	}
	return ""
}
