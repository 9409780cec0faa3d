package number

import (
	"cmp"
	"slices"
)

// rankSuggestions puts the likeliest intended numbers first, keeping the
// alphabetical order within a rank: the screen offers the first nine on
// Alt-1…9 and the command line names the first ones.
//
// The order follows what people get wrong when they copy a number
// (Verhoeff's counts, 1969: one character substituted in 60–95% of errors,
// two neighbours swapped in 10–20%). A number has a dozen neighbouring
// pairs but a hundred or so possible substitutions, so any one swap that
// passes the check is likelier than any one substitution. Among
// substitutions the commonest are a key next to the right one (on the top
// row, the number pad or the letter rows) and, for numbers read off a
// label or a photo, a digit that looks like the right one.
func rankSuggestions(typed string, sug []string) {
	if len(sug) < 2 {
		return
	}
	slices.SortStableFunc(sug, func(a, b string) int { return cmp.Compare(typoRank(typed, a), typoRank(typed, b)) })
}

const (
	rankSwap = iota
	rankNearMiss
	rankSubstitution
	rankOther
)

// typoRank says which mistake turns s into typed.
func typoRank(typed, s string) int {
	if len(s) != len(typed) {
		return rankOther
	}
	i := 0
	for i < len(s) && s[i] == typed[i] {
		i++
	}
	switch {
	case i == len(s):
		return rankOther
	case i+1 < len(s) && s[i] == typed[i+1] && s[i+1] == typed[i] && s[i+2:] == typed[i+2:]:
		return rankSwap
	case s[i+1:] != typed[i+1:]:
		return rankOther
	case adjacent(keyRows, s[i], typed[i]) || adjacent(lookAlike, s[i], typed[i]):
		return rankNearMiss
	}
	return rankSubstitution
}

// adjacent reports whether a and b stand side by side in one of runs.
func adjacent(runs []string, a, b byte) bool {
	for _, row := range runs {
		for i := 0; i+1 < len(row); i++ {
			if row[i] == a && row[i+1] == b || row[i] == b && row[i+1] == a {
				return true
			}
		}
	}
	return false
}

// keyRows are runs of keys side by side. The number pad's columns count
// too: 1-4-7, 2-5-8, 3-6-9, and 0 under 1 and 2.
var keyRows = []string{
	"1234567890",
	"QWERTYUIOP", "ASDFGHJKL", "ZXCVBNM",
	"147", "258", "369", "01", "02",
}

// lookAlike are digits read for one another off a smudged label or a
// photo: 1 and 7, 3 and 8, 5 and 6, and 0, 6 and 8.
var lookAlike = []string{"17", "38", "56", "068", "086"}
