package tracker

// The causes inside a config problem that are ours (a host:port, a URL, an
// agent's name), as refusals: their Error is the English the problem has
// always said, and a reader in another language says them in its words
// (the config problem's reason is "%v" of one). The causes that are a
// library's (the TOML decoder's, the SSH key parser's, net/mail's) stay as
// that library wrote them.
const (
	refuseHostPort   = "want host:port"
	refusePortRange  = "port %q: want %d to 65535"
	refuseNoHostPort = "no host: want host:port"
	refuseNotURL     = "not a URL: want http:// or https:// and a host"
	refuseScheme     = "scheme %q: want an http:// or https:// URL"
	refuseNoHostURL  = "no host: want http://host or https://host"
	refuseURLUser    = "a user or password in the URL ends up in logs: give secrets in the *_env settings"
	refuseURLQuery   = "a base URL takes no query (?) or fragment (#)"
	// An agent's name (CheckAgentName), as typed.
	refuseNameEmpty     = "the name is empty"
	refuseNameSpace     = "name %q has space around it"
	refuseNameLong      = "name %q is longer than %d characters"
	refuseNameControl   = "name %q has a control character"
	refuseNameInvisible = "name %q has an invisible formatting character (U+%04X)"
	refuseNameBlank     = "name %q shows nothing"
)

// configRefusalFormats are the formats above, for the catalog's test.
var configRefusalFormats = []string{refuseHostPort, refusePortRange, refuseNoHostPort, refuseNotURL,
	refuseScheme, refuseNoHostURL, refuseURLUser, refuseURLQuery, refuseNameEmpty, refuseNameSpace,
	refuseNameLong, refuseNameControl, refuseNameInvisible, refuseNameBlank}
