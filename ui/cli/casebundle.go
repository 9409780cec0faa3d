package cli

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"waybill/tracker"
	"waybill/tracker/evidence"
	"waybill/ui"
)

// `waybill case bundle`: a case's evidence as one ZIP for a dispute page,
// a claims desk or the buyer. The facts come from tracker.Service and the
// ZIP from tracker/evidence, as on the screen.
func (a *app) caseBundleCmd() *cobra.Command {
	var audience, out string
	cmd := leaf("bundle ID", "the case's evidence as one ZIP: a PDF summary, CSV, JSON, photos", func(cmd *cobra.Command, args []string) error {
		if len(args) != 1 {
			return usagef("want one case id, got %d arguments", len(args))
		}
		id, err := parseCaseID(args[0])
		if err != nil {
			return err
		}
		aud, err := tracker.ParseAudience(audience)
		if err != nil {
			return usagef("--for %q: want dispute, claim or buyer", audience)
		}
		s, svc, err := a.openService(cmd.Context())
		if err != nil {
			return err
		}
		defer s.Close()
		font, err := evidence.FindFont(cfgRelative(s.cfgPath, s.cfg.Evidence.Font))
		if err != nil {
			return err
		}
		b, err := svc.CaseBundle(cmd.Context(), id, aud)
		if errors.Is(err, tracker.ErrNotFound) {
			return problemf("no case %d in %s", id, s.store.Path())
		}
		if err != nil {
			return err
		}
		if out == "" {
			out = evidence.DefaultName(b)
		}
		res, err := evidence.WriteFile(out, b, evidence.Options{Font: font})
		if err != nil {
			return err
		}
		abs, _ := filepath.Abs(res.Path)
		// File names, hashes and paths are values; the audience is said
		// as the screen's bundle prompt says it.
		tr := a.tr()
		fmt.Fprintln(a.stdout, tr.Plain("wrote %s: case %d for %s, %s, %s, %s, %d evidence files", ui.Sanitize(abs), id,
			tr.WordOr("audience:"+string(aud), string(aud)), evidence.SummaryName, evidence.TimelineName, evidence.CaseName, len(res.Files)-len(res.Missing())))
		for _, f := range res.Files {
			if f.Missing == "" {
				fmt.Fprintln(a.stdout, tr.Plain("  %s  %s  %s (%d bytes)", f.SHA256, f.Name, ui.Sanitize(f.Path), f.Size))
			}
		}
		if m := res.Missing(); len(m) > 0 {
			for _, f := range m {
				fmt.Fprintln(a.stderr, tr.Plain("missing evidence file %s: %s (named in the PDF and case.json, not in the bundle)", ui.Sanitize(f.Path), f.Missing))
			}
			return errProblems
		}
		return nil
	})
	cmd.Long = `The case's evidence as one ZIP: summary.pdf (for a person at the marketplace or the
carrier), timeline.csv and case.json (the same facts, for machines), and every file
the case names as evidence under evidence/, each with its SHA-256. A missing file
is named, and the exit status is 1. The PDF's font: [evidence] font in the config,
else one found on the system (Debian: apt-get install fonts-droid-fallback).`
	cmd.Flags().StringVar(&audience, "for", "dispute", "who it is for: `dispute`, claim (with the buyer's name and address) or buyer")
	cmd.Flags().StringVarP(&out, "out", "o", "", "the ZIP to write (default: case-ID-order-NO-FOR.zip here); never overwritten")
	return cmd
}
