package aftership

import (
	"strings"
	"testing"

	"waybill/tracker"
)

// TestCodeTable checks every documented AfterShip tag and subtag against the
// mapping a reader of DESIGN §3–4 expects, one row per code.
func TestCodeTable(t *testing.T) {
	const (
		pending   = tracker.StatusPending
		info      = tracker.StatusInfoReceived
		transit   = tracker.StatusInTransit
		customs   = tracker.StatusCustoms
		ofd       = tracker.StatusOutForDelivery
		pickup    = tracker.StatusAvailableForPickup
		failed    = tracker.StatusDeliveryFailed
		delivered = tracker.StatusDelivered
		exception = tracker.StatusException
		returning = tracker.StatusReturning
		returned  = tracker.StatusReturned
		expired   = tracker.StatusExpired
	)
	want := []struct {
		code   string
		status tracker.Status
		kind   tracker.ExceptionKind
	}{
		// Tags.
		{"Pending", pending, ""},
		{"InfoReceived", info, ""},
		{"InTransit", transit, ""},
		{"OutForDelivery", ofd, ""},
		{"AttemptFail", failed, tracker.ExDeliveryFailed},
		{"Delivered", delivered, ""},
		{"AvailableForPickup", pickup, ""},
		{"Exception", exception, ""},
		{"Expired", expired, ""},
		// Subtags.
		{"Pending_001", pending, ""},
		{"Pending_002", pending, ""},
		{"Pending_003", pending, ""},
		{"Pending_004", pending, ""},
		{"Pending_005", pending, ""},
		{"Pending_006", pending, ""},
		{"InfoReceived_001", info, ""},
		{"InTransit_001", transit, ""},
		{"InTransit_002", transit, ""},
		{"InTransit_003", transit, ""},
		{"InTransit_004", transit, ""},
		{"InTransit_005", transit, ""},
		{"InTransit_006", customs, ""},
		{"InTransit_007", transit, ""},
		{"InTransit_008", transit, ""},
		{"InTransit_009", transit, ""},
		{"OutForDelivery_001", ofd, ""},
		{"OutForDelivery_002", pickup, ""},
		{"OutForDelivery_003", ofd, ""},
		{"OutForDelivery_004", ofd, ""},
		{"AttemptFail_001", failed, tracker.ExDeliveryFailed},
		{"AttemptFail_002", failed, tracker.ExDeliveryFailed},
		{"AttemptFail_003", failed, tracker.ExDeliveryFailed},
		{"Delivered_001", delivered, ""},
		{"Delivered_002", delivered, ""},
		{"Delivered_003", delivered, ""},
		{"Delivered_004", delivered, ""},
		{"Delivered_005", delivered, ""},
		{"AvailableForPickup_001", pickup, ""},
		{"Exception_001", exception, ""},
		{"Exception_002", failed, tracker.ExDeliveryFailed},
		{"Exception_003", failed, tracker.ExDeliveryFailed},
		{"Exception_004", customs, tracker.ExCustoms},
		{"Exception_005", exception, tracker.ExOverdue},
		{"Exception_006", customs, tracker.ExCustoms},
		{"Exception_007", failed, tracker.ExDeliveryFailed},
		{"Exception_008", failed, tracker.ExDeliveryFailed},
		{"Exception_009", exception, ""},
		{"Exception_010", returning, tracker.ExReturning},
		{"Exception_011", returned, ""},
		{"Exception_012", exception, tracker.ExDamaged},
		{"Exception_013", exception, tracker.ExLost},
		{"Exception_016", exception, tracker.ExOverdue},
		{"Exception_017", exception, tracker.ExOverdue},
		{"Exception_018", customs, tracker.ExCustoms},
		{"Exception_019", exception, tracker.ExOverdue},
		{"Exception_020", exception, ""},
		{"Exception_021", exception, tracker.ExLost},
		{"Expired_001", expired, ""},
	}
	rows := map[string]bool{}
	for _, w := range want {
		rows[w.code] = true
		t.Run(w.code, func(t *testing.T) {
			tag, sub := w.code, ""
			if strings.Contains(w.code, "_") {
				tag, sub = "", w.code
				if _, ok := subtags[w.code]; !ok {
					t.Fatalf("%s is not in the subtag table", w.code)
				}
			} else if _, ok := tags[w.code]; !ok {
				t.Fatalf("%s is not in the tag table", w.code)
			}
			st, ex := normalize(tag, sub)
			if st != w.status || ex != w.kind {
				t.Fatalf("normalize(%q, %q) = (%s, %q), want (%s, %q)", tag, sub, st, ex, w.status, w.kind)
			}
			if !st.Valid() {
				t.Fatalf("status %q is not a normalized status", st)
			}
			if got := rawStatus(tag, sub); got != w.code {
				t.Fatalf("raw status %q, want the code itself", got)
			}
		})
	}
	// The table has no row this test does not check, and every subtag
	// belongs to a documented tag.
	for c := range tags {
		if !rows[c] {
			t.Errorf("tag %s has no test row", c)
		}
	}
	for c, v := range subtags {
		if !rows[c] {
			t.Errorf("subtag %s has no test row", c)
		}
		if tag, _, _ := strings.Cut(c, "_"); tags[tag].status == "" {
			t.Errorf("subtag %s has no known tag", c)
		}
		if v.meaning == "" {
			t.Errorf("subtag %s has no meaning", c)
		}
	}
}

// TestUnknownCodes: codes AfterShip may add later keep their raw code and
// fall back to their tag; wholly unknown ones count as movement.
func TestUnknownCodes(t *testing.T) {
	cases := []struct {
		name, tag, sub string
		status         tracker.Status
		kind           tracker.ExceptionKind
		raw            string
	}{
		{"new exception subtag with its tag", "Exception", "Exception_014", tracker.StatusException, "", "Exception_014"},
		{"new transit subtag without a tag", "", "InTransit_042", tracker.StatusInTransit, "", "InTransit_042"},
		{"new attempt-fail subtag keeps the kind", "", "AttemptFail_009", tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed, "AttemptFail_009"},
		{"new delivered subtag", "Delivered", "Delivered_099", tracker.StatusDelivered, "", "Delivered_099"},
		{"tag only", "OutForDelivery", "", tracker.StatusOutForDelivery, "", "OutForDelivery"},
		{"unknown tag", "Teleported", "Teleported_001", tracker.StatusInTransit, "", "Teleported_001"},
		{"nothing at all", "", "", tracker.StatusInTransit, "", ""},
		{"tag field wins over a mismatched subtag prefix", "Exception", "Bogus_001", tracker.StatusException, "", "Bogus_001"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st, ex := normalize(c.tag, c.sub)
			if st != c.status || ex != c.kind {
				t.Fatalf("normalize(%q, %q) = (%s, %q), want (%s, %q)", c.tag, c.sub, st, ex, c.status, c.kind)
			}
			if got := rawStatus(c.tag, c.sub); got != c.raw {
				t.Fatalf("raw %q, want %q", got, c.raw)
			}
		})
	}
}

func TestCourierSlugs(t *testing.T) {
	cases := map[string]string{
		"china-ems":     "china-ems",
		"dhl-express":   "dhl",
		"royal-mail":    "royal-mail",
		"cainiao":       "cainiao",
		"yunexpress":    "yunexpress",
		"4px":           "4px",
		"china-post":    "china-post",
		"usps":          "usps",
		"deutsche-post": "deutsch-post",
		"correios":      "brazil-correios",
		"jt-express":    "", // several J&T companies: let AfterShip detect
		"":              "",
		"no-such-slug":  "",
	}
	for ours, want := range cases {
		t.Run("carrier "+ours, func(t *testing.T) {
			if got := CourierSlug(ours); got != want {
				t.Fatalf("CourierSlug(%q) = %q, want %q", ours, got, want)
			}
		})
	}
}
