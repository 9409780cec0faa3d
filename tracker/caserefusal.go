package tracker

import "errors"

// caseRefused is a case action refused (Case.Apply): the action, the
// step the case is at, and why, as a Phrase of its own.
const caseRefused = "%s at step %s: %s"

// caseRefusal is Case.Apply's refusal of action at step: a Refusal, so a
// reader in another language says the action, the step and the reason in
// its words. A reason that is an error nests its Refusal's Phrase, or its
// text as it is.
func caseRefusal(action CaseActionType, step CaseStep, format string, args ...any) error {
	why := Phrase{Format: format, Args: args}
	if format == "%v" && len(args) == 1 {
		if err, ok := args[0].(error); ok {
			why = Text(err.Error())
			var r *Refusal
			if errors.As(err, &r) && r.Error() == err.Error() {
				why = r.Phrase
			}
		}
	}
	return refusal(caseRefused, action, step, why)
}
