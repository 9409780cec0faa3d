package tracker

import (
	"bufio"
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ConfigError is a problem in a config file, located as precisely as the
// file allows so a person can go straight to it: the file, the line, the
// setting and the value written there.
type ConfigError struct {
	File string
	Line int // 0 when unknown
	// Key is the setting, dotted as in the file: carriers.17track.batch_size,
	// agents[1].name.
	Key string
	// Value is the value as written in the file (or as decoded, when the
	// line cannot be found); "" when there is none to show: the setting is
	// missing, or it holds a secret that must not reach a terminal or a log.
	Value  string
	Reason string

	fixed bool // Value is to be shown as it is, not as written in the file
	// phrase is Reason as the format it was made from and its values, so
	// a reader says it in its language (ReasonPhrase).
	phrase Phrase
}

func (e *ConfigError) Error() string {
	var b strings.Builder
	b.WriteString("config ")
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, " line %d", e.Line)
	}
	b.WriteString(": ")
	if e.Key != "" {
		b.WriteString(e.Key)
		if e.Value != "" {
			b.WriteString(" = ")
			b.WriteString(e.Value)
		}
		b.WriteString(": ")
	}
	b.WriteString(e.Reason)
	return b.String()
}

// ConfigErrors is every problem found in one config file, in the file's
// order, so one run shows them all rather than one per attempt.
type ConfigErrors []*ConfigError

// Error is one problem a line.
func (es ConfigErrors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap lets errors.As find each *ConfigError.
func (es ConfigErrors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// A ConfigCheck finds problems in a decoded config by rules another
// package holds: a tracking service's documented limits, the fields an
// order file has, the environment. Each problem names its Key and Value;
// ParseConfig places it in the file. main hands every check to LoadConfig,
// so every command checks the whole config when it starts.
type ConfigCheck func(Config) []*ConfigError

// ConfigValue writes v as a config file would: strings quoted (control
// characters escaped, long ones cut), inf and nan as TOML spells them.
func ConfigValue(v any) string {
	switch v := v.(type) {
	case string:
		return quoteValue(v)
	case float64:
		switch {
		case math.IsNaN(v):
			return "nan"
		case math.IsInf(v, 1):
			return "inf"
		case math.IsInf(v, -1):
			return "-inf"
		}
		return strconv.FormatFloat(v, 'g', -1, 64)
	case Duration:
		return quoteValue(v.String())
	case fmt.Stringer:
		return quoteValue(v.String())
	}
	return cutValue(fmt.Sprint(v))
}

// ConfigKey joins the parts of a dotted key as a config file writes it:
// parts that are not bare words quoted, so that
// ConfigKey("rules", "promised_days", "AliExpress Standard") is
// rules.promised_days."AliExpress Standard".
func ConfigKey(parts ...string) string {
	out := make([]string, len(parts))
	for i, p := range parts {
		out[i] = p
		if !bareKeyRE.MatchString(p) {
			out[i] = strconv.Quote(p)
		}
	}
	return strings.Join(out, ".")
}

var bareKeyRE = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// maxValue bounds a value shown in an error, in characters.
const maxValue = 80

func quoteValue(s string) string {
	if utf8.RuneCountInString(s) > maxValue {
		s = string([]rune(s)[:maxValue]) + "…"
	}
	return strconv.Quote(s)
}

// cutValue bounds raw text from the file and escapes what a terminal would
// act on: the file is anyone's to write.
func cutValue(s string) string {
	if utf8.RuneCountInString(s) > maxValue {
		s = string([]rune(s)[:maxValue]) + "…"
	}
	var b strings.Builder
	for _, r := range s {
		if unicode.IsPrint(r) {
			b.WriteRune(r)
		} else {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		}
	}
	return b.String()
}

// secretKeys are the settings whose values are never shown.
var secretKeys = []string{"api_key", "webhook_secret", "password", "secret", "auth_token", "app_secret", "access_token"}

func isSecretKey(key string) bool {
	parts := splitKey(key)
	return len(parts) > 0 && slices.Contains(secretKeys, parts[len(parts)-1])
}

// problems gathers what validate finds, all of it.
type problems struct{ list []*ConfigError }

// add notes a problem with key; value is the setting's decoded value, or
// nil when there is none to show.
func (p *problems) add(key string, value any, format string, args ...any) {
	ph := Phrase{Format: format, Args: args}
	e := &ConfigError{Key: key, Reason: ph.String(), phrase: ph}
	if value != nil {
		e.Value = ConfigValue(value)
	}
	p.list = append(p.list, e)
}

// addShown notes a problem with key whose value is shown as given, not as
// written in the file (a URL without its password).
func (p *problems) addShown(key, shown string, format string, args ...any) {
	ph := Phrase{Format: format, Args: args}
	p.list = append(p.list, &ConfigError{Key: key, Value: shown, Reason: ph.String(), fixed: true, phrase: ph})
}

// ConfigCause is a problem with key whose reason is err, an error another
// package's check found (the store's folder): its English is err's text,
// and a reader says err by its phrase where it has one.
func ConfigCause(key, value string, err error) *ConfigError {
	ph := Phrase{Format: "%v", Args: []any{err}}
	return &ConfigError{Key: key, Value: value, Reason: ph.String(), phrase: ph}
}

// ReasonPhrase is the problem's reason as the Phrase it was made from; ok
// false when it was made without one (the TOML decoder's words).
func (e *ConfigError) ReasonPhrase() (Phrase, bool) {
	return e.phrase, e.phrase.Format != "" && e.phrase.String() == e.Reason
}

// spot is where a key is written: its line, and its value's text there.
type spot struct {
	line int
	raw  string // "" for a table header
}

// keySpots maps each key of a TOML file, normalized by normKey, to where it
// is written, for errors the decoder cannot place (unknown keys, values
// out of range). It reads headers and "key =" lines, which is how config
// files are written, and skips the insides of multi-line strings and
// arrays; a key it cannot place is placed at its table by locate.
func keySpots(src []byte) map[string]spot {
	out := map[string]spot{}
	set := func(key string, s spot) {
		if _, ok := out[key]; !ok {
			out[key] = s
		}
	}
	table := ""
	arrays := map[string]int{}     // entries seen of each array of tables
	indexed := map[string]string{} // "agents[2]" → "agents"
	sc := bufio.NewScanner(bytes.NewReader(src))
	sc.Buffer(nil, 1<<20)
	var inString string // the delimiter of a multi-line string being skipped
	depth := 0          // open brackets of a multi-line array being skipped
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case inString != "":
			if strings.Count(line, inString)%2 == 1 {
				inString = ""
			}
		case depth > 0:
			depth += bracketDepth(line)
		case line == "" || line[0] == '#':
		case line[0] == '[':
			array := strings.HasPrefix(line, "[[")
			table = normKey(headerName(line))
			set(table, spot{line: n})
			if array {
				// An array of tables: its entries are "name[i]", so an
				// error in the third [[agents]] points at the third.
				name := table
				table = fmt.Sprintf("%s[%d]", name, arrays[name])
				arrays[name]++
				out[table] = spot{line: n}
				indexed[table] = name
			}
		default:
			eq := keyEnd(line)
			if eq <= 0 {
				continue
			}
			key := normKey(line[:eq])
			value := strings.TrimSpace(line[eq+1:])
			s := spot{line: n, raw: rawValue(value)}
			for _, delim := range []string{`"""`, `'''`} {
				if strings.HasPrefix(value, delim) && strings.Count(value, delim)%2 == 1 {
					inString = delim
				}
			}
			if inString == "" && strings.HasPrefix(value, "[") {
				depth = bracketDepth(value)
			}
			if name, ok := indexed[table]; ok {
				// The decoder names keys of arrays of tables without
				// the index: keep the first line for that form too.
				set(name+"."+key, s)
			}
			if table != "" {
				key = table + "." + key
			}
			set(key, s)
		}
	}
	return out
}

// headerName is the table a header line names: "[[agents]] # x" → "agents".
func headerName(line string) string {
	line = strings.TrimLeft(line, "[")
	if i := strings.IndexByte(line, ']'); i >= 0 {
		line = line[:i]
	}
	return line
}

// keyEnd is the index of the '=' after a line's key, outside quotes; -1
// when the line has none.
func keyEnd(line string) int {
	var quote byte
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '=':
			return i
		}
	}
	return -1
}

// bracketDepth is how many more '[' than ']' s has outside strings and
// comments.
func bracketDepth(s string) int {
	d := 0
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == '\\' && quote == '"' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '#':
			return d
		case c == '[':
			d++
		case c == ']':
			d--
		}
	}
	return d
}

// rawValue is the text of a value as written, without a trailing comment;
// a value that goes on over more lines is marked as cut.
func rawValue(v string) string {
	end := len(v)
	var quote byte
	for i := 0; i < len(v); i++ {
		c := v[i]
		if quote != 0 {
			if c == '\\' && quote == '"' {
				i++
			} else if c == quote {
				quote = 0
			}
			continue
		}
		if c == '"' || c == '\'' {
			quote = c
		} else if c == '#' {
			end = i
			break
		}
	}
	v = strings.TrimSpace(v[:end])
	if bracketDepth(v) > 0 || strings.Count(v, `"""`)%2 == 1 || strings.Count(v, `'''`)%2 == 1 {
		v += " …"
	}
	return cutValue(v)
}

// normKey writes a dotted key one way, whatever the quoting and spacing
// in the file: `carriers . "17track"` → carriers.17track.
func normKey(k string) string {
	return strings.Join(splitKey(k), ".")
}

// splitKey splits a dotted key into its parts, dropping quotes and the
// space around dots. A dot inside quotes stays in its part.
func splitKey(k string) []string {
	var parts []string
	var b strings.Builder
	var quote byte
	for i := 0; i < len(k); i++ {
		c := k[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			} else {
				b.WriteByte(c)
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '.':
			parts = append(parts, strings.TrimSpace(b.String()))
			b.Reset()
		case c == ' ' || c == '\t':
		default:
			b.WriteByte(c)
		}
	}
	return append(parts, strings.TrimSpace(b.String()))
}

// locate fills in e's file, line and value from the file's text: the line
// of the key, else of the nearest table around it (a key left out, or
// written in an inline table); the value as written on that line. Secrets
// are never shown.
func locate(e *ConfigError, file string, spots map[string]spot) {
	e.File = file
	key := normKey(e.Key)
	if s, ok := spots[key]; ok {
		if e.Line == 0 {
			e.Line = s.line
		}
		if e.Value != "" && s.raw != "" && !e.fixed {
			e.Value = s.raw
		}
	} else {
		for parent := key; e.Line == 0; {
			i := strings.LastIndexAny(parent, ".[")
			if i <= 0 {
				break
			}
			parent = parent[:i]
			if s, ok := spots[parent]; ok {
				e.Line = s.line
			}
		}
	}
	if isSecretKey(key) {
		e.Value = ""
	}
}

// collect places every problem in the file, keeps the first of each key
// (a value the decoder refused is not also reported as missing), and sorts
// them by line, those without one last.
func collect(file string, spots map[string]spot, found ...[]*ConfigError) error {
	var out ConfigErrors
	seen := map[string]bool{}
	for _, list := range found {
		for _, e := range list {
			k := normKey(e.Key)
			if e.Key != "" && seen[k] {
				continue
			}
			seen[k] = true
			locate(e, file, spots)
			out = append(out, e)
		}
	}
	if len(out) == 0 {
		return nil
	}
	slices.SortStableFunc(out, func(a, b *ConfigError) int {
		la, lb := a.Line, b.Line
		if la == 0 {
			la = math.MaxInt
		}
		if lb == 0 {
			lb = math.MaxInt
		}
		return cmp.Compare(la, lb)
	})
	return out
}

// IsConfigError reports whether err is about the config file's contents.
func IsConfigError(err error) bool {
	var ce *ConfigError
	return errors.As(err, &ce)
}
