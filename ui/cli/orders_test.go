package cli

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// add and edit hold their flags to the rules an import holds its cells to
// (tracker.CheckOrder), and name the flag and the value refused.
func TestAddFlagsAreCheckedAsImportCells(t *testing.T) {
	tests := []struct {
		name string
		f    addFlags
		want string // the usage error; "" when taken
	}{
		{"good flags", addFlags{email: "ana@example.com", product: "socks"}, ""},
		{"an email that is not one", addFlags{email: "nobody"}, `--email "nobody": not an email address`},
		{"an email with an OSC 52 in it", addFlags{email: "a@b.c\x1b]52;c;x\x07"}, `--email "a@b.c\x1b]52;c;x\a": not an email address`},
		{"a product of 100 KB", addFlags{product: strings.Repeat("p", 100_000)}, `--product "pppppppppppppppppppppppppppppppppppppppp…": not text of at most 1000 bytes`},
		{"a buyer of 1001 bytes", addFlags{buyer: strings.Repeat("b", 1001)}, `--buyer "bbbb`},
		{"an order number of 2 KB", addFlags{orderNo: "A" + strings.Repeat("1", 2000)}, `--order "A111`},
		{"a tracking number of 2 KB, forced", addFlags{tracking: strings.Repeat("RB123456785GB", 200), force: true}, `--tracking "RB123456785GB`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := tt.f
			if f.orderNo == "" {
				f.orderNo = "A-1"
			}
			if f.tracking == "" {
				f.tracking = "RB123456785GB"
			}
			_, _, _, err := f.parcel(time.Now(), false)
			var ue usageError
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tt.want == "":
			case !errors.As(err, &ue):
				t.Fatalf("%v, want the usage error %s", err, tt.want)
			case !strings.Contains(err.Error(), tt.want):
				t.Fatalf("%v, want %s", err, tt.want)
			}
			if err != nil && len(err.Error()) > 300 {
				t.Errorf("an error of %d bytes", len(err.Error()))
			}
		})
	}
}
