package ui

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	tea "charm.land/bubbletea/v2"

	"waybill/tracker"
	"waybill/tracker/evidence"
)

// The case view's bundle key writes the case's evidence ZIP for a
// marketplace dispute (no buyer name or address) in the current folder,
// as `waybill case bundle ID` does; the result line says where it went,
// any evidence file missing, and how to get the claim's bundle.

// caseBundleMsg is a bundle written, or why not.
type caseBundleMsg struct {
	id      int64
	seq     int
	path    string
	missing []evidence.File
	err     error
}

// bundle writes the case's bundle in a Cmd. Over SSH the file would be
// written on the server, from files read there: only where the server
// lets this session read its files (as `i` does).
func (v *caseView) bundle() tea.Cmd {
	if !v.c.importOn {
		v.say(v.c.tr.T("bundles are written on the server: run waybill case bundle %d there", v.id), true)
		return nil
	}
	v.seq++
	req := v.seq
	v.actReq = req
	v.say(v.c.tr.T("writing the evidence bundle for a dispute…"), false)
	ctx, svc, id, font := v.c.ctx, v.c.svc, v.id, v.c.evidenceFont
	return func() tea.Msg {
		msg := caseBundleMsg{id: id, seq: req}
		f, err := evidence.FindFont(font)
		if err != nil {
			msg.err = err
			return msg
		}
		b, err := svc.CaseBundle(ctx, id, tracker.AudienceDispute)
		if err != nil {
			msg.err = err
			return msg
		}
		// A file of that name is never replaced: the next free name.
		name := evidence.DefaultName(b)
		for n := 2; ; n++ {
			res, err := evidence.WriteFile(name, b, evidence.Options{Font: f})
			if err == nil {
				msg.path, msg.missing = res.Path, res.Missing()
				return msg
			}
			if _, serr := os.Stat(name); n > 99 || !errors.Is(serr, fs.ErrExist) && serr != nil {
				msg.err = err
				return msg
			}
			name = strings.TrimSuffix(evidence.DefaultName(b), ".zip") + fmt.Sprintf("-%d.zip", n)
		}
	}
}

// onBundle shows where the bundle went.
func (v *caseView) onBundle(msg caseBundleMsg) {
	if msg.seq != v.actReq {
		return
	}
	v.actReq = 0
	if msg.err != nil {
		v.say(v.c.tr.T("no bundle: %s", errorText(v.c.tr, msg.err)), true)
		return
	}
	// The path first: at 80 columns the line is cut at the right.
	tr := v.c.tr
	if len(msg.missing) > 0 {
		var names []string
		for _, f := range msg.missing {
			names = append(names, f.Path)
		}
		v.say(tr.T("wrote %s but MISSING evidence: %s", msg.path, strings.Join(names, ", ")), true)
		return
	}
	v.say(tr.T("wrote %s for a dispute (no buyer name or address); for a claims desk: waybill case bundle %d --for claim", msg.path, msg.id), false)
}
