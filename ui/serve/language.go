package serve

import "waybill/ui/i18n"

// sessionLanguage is one session's language: the agent's own setting, else
// the LANG (LC_ALL, LC_MESSAGES) the client sent (OpenSSH sends it with
// `SendEnv LANG LC_*`, which most systems' ssh_config set), else the
// server's. Each session gets its own, so agents in two languages work in
// one server at once.
func sessionLanguage(a Agent, environ []string, server i18n.Lang) i18n.Lang {
	return i18n.ForSSH(a.Language, environ, server)
}
