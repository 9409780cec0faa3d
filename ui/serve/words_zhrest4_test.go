package serve

import (
	"errors"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"waybill/tracker"
	"waybill/ui/i18n"
	"waybill/ui/serve/servetest"
)

// Every word a login or a session is refused or closed with is in the
// catalog, in both languages.
func TestServeWordsAreInTheCatalog(t *testing.T) {
	for _, w := range i18n.LackingChinese(words) {
		t.Errorf("the catalog lacks %q in Chinese", w)
	}
}

// A session refused (no terminal) says why in the agent's language; the
// log keeps English.
func TestRefusalInTheSessionsLanguage(t *testing.T) {
	signer, line, _ := servetest.NewKey("ana@test")
	f := start(t, func(o *Options) {
		keys, err := NewKeys([]tracker.AgentConfig{{Name: "ana", Role: "agent", PublicKey: line, Language: "zh"}}, "", tracker.RoleViewer, nil)
		if err != nil {
			t.Fatal(err)
		}
		o.Keys = keys
		o.Session.Language = i18n.En
	})
	client, err := servetest.Dial(f.addr, servetest.Config("ana", gossh.PublicKeys(signer)))
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	sess, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	var out syncBuffer
	sess.Stdout, sess.Stderr = &out, &out
	done := make(chan error, 1)
	go func() { done <- sess.Run("") }()
	select {
	case err := <-done:
		var exit *gossh.ExitError
		if !errors.As(err, &exit) || exit.ExitStatus() != 1 {
			t.Errorf("exit: %v", err)
		}
	case <-time.After(waitEnd):
		t.Fatal("the session did not end")
	}
	if !strings.Contains(out.String(), "waybill: 没有终端：请用 ssh -t 连接") || strings.Contains(out.String(), "no terminal") {
		t.Errorf("output %q", out.String())
	}
	f.log.waitLog(t, "ssh session refused", "agent=ana", "no terminal")
}
